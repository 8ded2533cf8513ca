"""RFC 5545 invites with the icalendar package.

One meeting keeps one UID for its whole life. Each change sends a higher SEQUENCE, so that a
calendar replaces the event instead of adding a second one: METHOD:REQUEST for a booking or a new
time, METHOD:CANCEL (STATUS:CANCELLED) when it will not happen.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

REQUEST, CANCEL = "REQUEST", "CANCEL"
# How an invite names someone who erased their account (invites are written in English).
FORMER_MEMBER = "a member who left Binôme"
REMINDER_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


def uid(meeting_id):
    return f"{meeting_id}@binome"


def invite(meeting_id, summary, start, end, location, organiser, attendees, sequence=0,
           stamp=None, method=REQUEST):
    """The calendar text of one meeting; `method` CANCEL withdraws an earlier invite."""
    calendar = Calendar()
    calendar.add("prodid", "-//Binôme//binome//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid(meeting_id))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp or datetime.now(timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{organiser.email}")
    organizer.params["cn"] = vText(organiser.name)
    event["organizer"] = organizer
    for person in attendees:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("DECLINED" if method == CANCEL else "ACCEPTED")
        event.add("attendee", address, encode=0)
    if method == REQUEST:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical().decode()
