"""When people can meet: the free time they share, the slots proposed, and several meetings of one
person allocated together. Pure code over aware datetimes; weekly windows become real time in
shared/availability.py (time zones and daylight saving, day by day in each person's own zone).

A slot is offered only
- inside every person's weekly windows, and inside the kind's daily window on each one's own
  clock (lunch is 12:00-14:00 for both, wherever they are);
- on a working day of every person: not a weekend, not a public holiday of their country;
- at least NOTICE ahead, and within the chooser's next `days` working days;
- never over a meeting or a still-open proposal of either person (`busy`).
"""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import holidays
import numpy as np
from scipy.optimize import linear_sum_assignment

from shared.availability import Weekly, intersect, intervals

NOTICE = timedelta(hours=24)   # nobody is asked to meet at less than a day's notice
GRID = timedelta(minutes=15)   # slots start on the quarter hour
LUNCH_WINDOW = (time(12), time(14))
WORKING_DAYS = 10


@dataclass(frozen=True)
class Person(Weekly):
    """Someone's weekly windows, and the country whose public holidays they do not work on
    (None: the country of their time zone)."""
    country: str | None = None


@dataclass(frozen=True)
class Waiting:
    """A meeting that needs slots: its two people, the one who chooses first."""
    meeting_id: object
    chooser_id: object
    other_id: object
    chooser: Weekly
    other: Weekly
    minutes: int
    window: tuple | None = None


# --- the country's calendar --------------------------------------------------------------------

@lru_cache(maxsize=None)
def _zone_countries():
    # zone.tab gives each zone the country it belongs to (Europe/Paris: FR); tzdata ships it.
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    return {fields[2]: fields[0] for fields in
            (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))}


def country_of(person):
    return getattr(person, "country", None) or _zone_countries().get(person.timezone)


@lru_cache(maxsize=None)
def _public_holidays(country, year):
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a country the package does not know: weekends only
        return frozenset()


def is_working_day(day, country):
    return day.weekday() < 5 and (country is None or day not in _public_holidays(country, day.year))


def _working_days(person, start, end):
    """The person's working days between two instants, as UTC intervals of their own days."""
    zone, country = ZoneInfo(person.timezone), country_of(person)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    found = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if is_working_day(day, country):
            a = datetime.combine(day, time(0), zone).astimezone(timezone.utc)
            b = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
            if max(a, start) < min(b, end):
                found.append((max(a, start), min(b, end)))
    return found


def horizon(chooser, start, days):
    """The end of the chooser's `days`-th working day from `start` (their own calendar)."""
    zone, country = ZoneInfo(chooser.timezone), country_of(chooser)
    day, counted = start.astimezone(zone).date(), 0
    while True:
        if is_working_day(day, country):
            counted += 1
            if counted == days:
                return datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(timezone.utc)
        day += timedelta(days=1)


def _daily(person, start, end, window):
    """The kind's daily window (local times) on each of the person's days, as UTC intervals."""
    return intervals(Weekly(person.timezone, {
        day: [{"start": window[0].isoformat("minutes"), "end": window[1].isoformat("minutes")}]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}), start, end)


# --- free time and slots -----------------------------------------------------------------------

def free_time(people, busy, now, days=WORKING_DAYS, window=None):
    """The stretches every one of `people` can make (the first one chooses), outside `busy`."""
    start = now.astimezone(timezone.utc) + NOTICE
    end = horizon(people[0], start, days)
    common = [(start, end)]
    for person in people:
        common = intersect(common, intervals(person, start, end))
        common = intersect(common, _working_days(person, start, end))
        if window is not None:
            common = intersect(common, _daily(person, start, end, window))
    return subtract(common, busy)


def subtract(stretches, busy):
    for b_start, b_end in sorted(busy):
        remaining = []
        for a, b in stretches:
            if b <= b_start or a >= b_end:
                remaining.append((a, b))
                continue
            if a < b_start:
                remaining.append((a, b_start))
            if b > b_end:
                remaining.append((b_end, b))
        stretches = remaining
    return stretches


def _on_grid(moment):
    base = moment.replace(minute=0, second=0, microsecond=0)
    steps = -(-(moment - base) // GRID)  # round up to the next quarter hour
    return base + steps * GRID


def candidates(stretches, minutes):
    """Every slot of `minutes` starting on the quarter hour inside the stretches, in order."""
    length, found = timedelta(minutes=minutes), []
    for a, b in stretches:
        slot = _on_grid(a)
        while slot + length <= b:
            found.append((slot, slot + length))
            slot += GRID
    return found


def spread(slots, chooser_zone, limit=3):
    """Up to `limit` slots that overlap none other, from different days first.

    "Different days" as the person choosing sees them: an evening in New York spans two UTC dates.
    """
    zone = ZoneInfo(chooser_zone)
    chosen, days_used = [], set()
    for slot in slots:  # the earliest slot of each day first...
        day = slot[0].astimezone(zone).date()
        if len(chosen) < limit and day not in days_used:
            chosen.append(slot)
            days_used.add(day)
    for slot in slots:  # ...then fill up with the next earliest that overlaps none chosen
        if len(chosen) < limit and not any(slot[0] < b and a < slot[1] for a, b in chosen):
            chosen.append(slot)
    return sorted(chosen)


def free_slots(people, busy, now, minutes, days=WORKING_DAYS, limit=3, window=None):
    """Up to `limit` slots of `minutes` that every one of `people` can make; the first chooses."""
    stretches = free_time(people, busy, now, days, window)
    return spread(candidates(stretches, minutes), people[0].timezone, limit)


# --- several meetings of one person, allocated together ------------------------------------------

def allocate(waiting, busy, now, days=WORKING_DAYS, limit=3):
    """{meeting_id: slots} for meetings waiting for slots, none competing for anyone's hour.

    `busy` maps a person's id to their taken intervals. The person in the most waiting meetings
    (a mentor with new mentees) is allocated first, all their meetings together; what is given
    becomes busy for everyone in it, so that the next allocations never overlap it.
    """
    busy = {person: list(taken) for person, taken in busy.items()}
    remaining, found = list(waiting), {}
    while remaining:
        counts = Counter(p for w in remaining for p in (w.chooser_id, w.other_id))
        hub, shared = counts.most_common(1)[0]
        group = [w for w in remaining if hub in (w.chooser_id, w.other_id)] if shared > 1 \
            else remaining[:1]
        given = _around(hub, group, busy, now, days, limit) if shared > 1 else {}
        # What the hub's tiles gave is taken first; a meeting they could not serve then searches
        # on its own around it.
        for meeting in sorted(group, key=lambda w: not given.get(w.meeting_id)):
            slots = given.get(meeting.meeting_id) or _alone(meeting, busy, now, days, limit)
            found[meeting.meeting_id] = slots
            for person in (meeting.chooser_id, meeting.other_id):
                busy.setdefault(person, []).extend(slots)
        remaining = [w for w in remaining if w not in group]
    return found


def _alone(meeting, busy, now, days, limit):
    taken = busy.get(meeting.chooser_id, []) + busy.get(meeting.other_id, [])
    return free_slots([meeting.chooser, meeting.other], taken, now, meeting.minutes, days, limit,
                      meeting.window)


def _hub_tiles(hub_weekly, group, now, days):
    """The hub's time cut into consecutive tiles as long as the group's longest meeting.

    Tiles never overlap, so handing each to at most one proposal is exactly "no two proposals
    compete for the same hour". A meeting may use a tile when both its people are free from the
    tile's start for the meeting's length.
    """
    longest = timedelta(minutes=max(w.minutes for w in group))
    window = group[0].window if all(w.window == group[0].window for w in group) else None
    tiles = []
    for a, b in free_time([hub_weekly], [], now, days, window):
        start = _on_grid(a)
        while start + longest <= b:
            tiles.append(start)
            start += longest
    return tiles


# A tile on a day this meeting already has a slot on costs this much more: different days first.
_SAME_DAY = 10_000.0
_FORBIDDEN = 1e9


def _around(hub, group, busy, now, days, limit):
    """Slots for every meeting of `hub`, by rounds of assignment over meetings x hub's tiles.

    Round k gives each meeting its k-th slot with a minimum-cost assignment (scipy's
    linear_sum_assignment): the most meetings get a slot in each round, then the earliest
    tiles, then different days. Rounds make it fair: every meeting gets a first slot before any
    gets a second, which greedily serving one meeting after the other would not guarantee.
    """
    first = group[0]
    hub_weekly = first.chooser if first.chooser_id == hub else first.other
    tiles = _hub_tiles(hub_weekly, group, now, days)
    if not tiles:
        return {}
    # Which tile each meeting can use, with its people's other commitments taken into account.
    usable = np.zeros((len(group), len(tiles)), dtype=bool)
    for i, meeting in enumerate(group):
        taken = busy.get(meeting.chooser_id, []) + busy.get(meeting.other_id, [])
        stretches = free_time([meeting.chooser, meeting.other], taken, now, days, meeting.window)
        length = timedelta(minutes=meeting.minutes)
        usable[i] = [any(a <= t and t + length <= b for a, b in stretches) for t in tiles]
    hours_ahead = np.array([(t - now).total_seconds() / 3600 for t in tiles])
    # Days as each chooser sees them.
    tile_days = [[t.astimezone(ZoneInfo(w.chooser.timezone)).date() for t in tiles] for w in group]
    given = [[] for _ in group]  # the tiles (column numbers) each meeting has, round by round
    free = np.ones(len(tiles), dtype=bool)
    for _ in range(limit):
        cost = np.where(usable & free, hours_ahead, _FORBIDDEN)
        for i in range(len(group)):
            days_used = {tile_days[i][j] for j in given[i]}
            cost[i] += [_SAME_DAY if day in days_used else 0.0 for day in tile_days[i]]
        rows, cols = linear_sum_assignment(cost)
        placed = [(i, j) for i, j in zip(rows, cols) if cost[i, j] < _FORBIDDEN]
        if not placed:
            break
        for i, j in placed:
            given[i].append(j)
            free[j] = False
    return {meeting.meeting_id: [(tiles[j], tiles[j] + timedelta(minutes=meeting.minutes))
                                 for j in sorted(given[i])]
            for i, meeting in enumerate(group)}
