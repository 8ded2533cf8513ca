"""Weekly availability turned into real time, for every service that asks "when are both free?".

Availability is weekly windows in a person's own time zone ({"tue": [{"start": "12:00",
"end": "14:00"}]}). Windows become UTC intervals day by day, in each zone separately, so that
daylight-saving changes and people in different zones come out right.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Weekly:
    timezone: str
    windows: dict


def intervals(weekly, start, end):
    """The person's free windows as UTC (start, end) pairs within [start, end), in order."""
    zone = ZoneInfo(weekly.timezone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    found = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        for window in weekly.windows.get(WEEKDAYS[day.weekday()], ()):
            a = datetime.combine(day, time.fromisoformat(window["start"]), zone).astimezone(timezone.utc)
            b = datetime.combine(day, time.fromisoformat(window["end"]), zone).astimezone(timezone.utc)
            a, b = max(a, start), min(b, end)
            if a < b:
                found.append((a, b))
    return sorted(found)


def intersect(xs, ys):
    """The stretches two ordered lists of intervals have in common."""
    found, i, j = [], 0, 0
    while i < len(xs) and j < len(ys):
        a, b = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if a < b:
            found.append((a, b))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return found


def longest_common_stretch(people, start, days=7):
    """The longest time all of `people` (Weekly) are free together in the `days` from `start`."""
    end = start + timedelta(days=days)
    common = [(start, end)]
    for weekly in people:
        common = intersect(common, intervals(weekly, start, end))
    return max((b - a for a, b in common), default=timedelta(0))
