"""When digests are due, and what period each one covers. Pure rules, no storage.

A digest's due time is stored; the digest sent for a due time and the next due time are written in
one transaction, and the digest's delivery is keyed by its period: a restart neither loses a digest
nor sends one twice.
"""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAILY, WEEKLY, CARDS = "daily", "weekly", "cards"
KINDS = (DAILY, WEEKLY, CARDS)
# The weekly digest goes out on this weekday (0 is Monday).
WEEKLY_ON = 0


def next_due(kind, after, timezone, hour):
    """The first due time of a digest strictly after `after`: `hour` o'clock where the person
    lives, every day (daily, cards) or on WEEKLY_ON (weekly)."""
    zone = ZoneInfo(timezone)
    local = after.astimezone(zone)
    day = local.date()
    while True:
        candidate = datetime.combine(day, time(hour), tzinfo=zone)
        if candidate > local and (kind != WEEKLY or candidate.weekday() == WEEKLY_ON):
            return candidate.astimezone(after.tzinfo)
        day += timedelta(days=1)


def period(kind, due_at, timezone):
    """The name of the period a digest covers, unique per person and kind: a date or a week."""
    local = due_at.astimezone(ZoneInfo(timezone))
    if kind == WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def covers_since(kind, due_at):
    """The start of what a digest due at `due_at` looks back on."""
    return due_at - (timedelta(days=7) if kind == WEEKLY else timedelta(days=1))
