"""Free slots and calendar invites; plain Python, icalendar and zoneinfo, no framework.

Weekly availability becomes real time in shared/availability.py (time zones, daylight saving).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from shared.availability import intersect, intervals

NOTICE = timedelta(hours=24)   # nobody is asked to meet at less than a day's notice
GRID = timedelta(minutes=15)   # slots start on the quarter hour


def _subtract(intervals, busy):
    for b_start, b_end in sorted(busy):
        remaining = []
        for a, b in intervals:
            if b <= b_start or a >= b_end:
                remaining.append((a, b))
                continue
            if a < b_start:
                remaining.append((a, b_start))
            if b > b_end:
                remaining.append((b_end, b))
        intervals = remaining
    return intervals


def _on_grid(moment):
    base = moment.replace(minute=0, second=0, microsecond=0)
    steps = -(-(moment - base) // GRID)  # round up to the next quarter hour
    return base + steps * GRID


def free_slots(people, busy, now, minutes, days=10, limit=3):
    """Up to `limit` slots of `minutes` that every one of `people` (Weekly) can make.

    Slots start on the quarter hour at least NOTICE from `now`, within `days` after that, never
    overlap `busy` intervals nor each other, and come from different days (in the first person's
    time zone: they choose) first, so that people get a real choice.
    """
    length = timedelta(minutes=minutes)
    start = now.astimezone(timezone.utc) + NOTICE
    end = start + timedelta(days=days)
    common = [(start, end)]
    for weekly in people:
        common = intersect(common, intervals(weekly, start, end))
    common = _subtract(common, busy)

    candidates = []
    for a, b in common:
        slot = _on_grid(a)
        while slot + length <= b:
            candidates.append((slot, slot + length))
            slot += GRID
    # "Different days" as the person choosing sees them: an evening in New York spans two UTC dates.
    chooser = ZoneInfo(people[0].timezone)
    chosen, days_used = [], set()
    for slot in candidates:  # the earliest slot of each day first...
        day = slot[0].astimezone(chooser).date()
        if len(chosen) < limit and day not in days_used:
            chosen.append(slot)
            days_used.add(day)
    for slot in candidates:  # ...then fill up with the next earliest that overlaps none chosen
        if len(chosen) < limit and not any(slot[0] < b and a < slot[1] for a, b in chosen):
            chosen.append(slot)
    return sorted(chosen)


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


def invite(meeting_id, summary, start, end, location, organiser, attendees, sequence=0,
           stamp=None):
    """An RFC 5545 METHOD:REQUEST invite; the UID is stable so that later changes update it."""
    calendar = Calendar()
    calendar.add("prodid", "-//Binôme//binome//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"{meeting_id}@binome")
    event.add("sequence", sequence)
    event.add("dtstamp", stamp or datetime.now(timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    organizer = vCalAddress(f"mailto:{organiser.email}")
    organizer.params["cn"] = vText(organiser.name)
    event["organizer"] = organizer
    for person in attendees:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", address, encode=0)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical().decode()

