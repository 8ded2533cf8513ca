"""Invites: RFC 5545 fields read back with icalendar, and imported again with vobject, a parser
that shares no code with the library that wrote them."""
from datetime import datetime, timedelta, timezone

import vobject
from icalendar import Calendar

from services.scheduling.invites import CANCEL, Attendee, invite

UTC = timezone.utc
ORGANISER = Attendee("Binôme", "bonjour@binome.example")
ADA, BRUNO = Attendee("Ada Lovelace", "ada@example.org"), Attendee("Bruno Émile", "bruno@example.fr")
START = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
STAMP = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def make_invite(meeting_id="0b7e5d1c-2f0e-4f7b-9a55-1d2e3f405060", start=START, sequence=0,
                location="Video call: https://visio.binome.example/42", method="REQUEST"):
    return invite(meeting_id, "Coffee with Binôme: Ada & Bruno", start, start + timedelta(minutes=30),
                  location, organiser=ORGANISER, attendees=[ADA, BRUNO], sequence=sequence,
                  stamp=STAMP, method=method)


def parsed_event(text):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_invite_is_a_request_with_the_meeting_time_and_place():
    calendar, event = parsed_event(make_invite())
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(minutes=30)
    assert str(event["location"]) == "Video call: https://visio.binome.example/42"
    assert str(event["summary"]) == "Coffee with Binôme: Ada & Bruno"
    assert event.decoded("dtstamp") == STAMP
    assert str(event["organizer"]) == "mailto:bonjour@binome.example"


def test_the_invite_names_both_attendees_with_their_names():
    _, event = parsed_event(make_invite())
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:ada@example.org", "mailto:bruno@example.fr"]
    assert [a.params["CN"] for a in attendees] == ["Ada Lovelace", "Bruno Émile"]
    assert all(a.params["ROLE"] == "REQ-PARTICIPANT" for a in attendees)


def test_the_uid_is_stable_for_a_meeting_so_a_later_invite_updates_it():
    _, first = parsed_event(make_invite(sequence=0))
    _, moved = parsed_event(make_invite(start=START + timedelta(days=1), sequence=1))
    _, other_meeting = parsed_event(make_invite(meeting_id="another-meeting"))
    assert str(first["uid"]) == str(moved["uid"]) == "0b7e5d1c-2f0e-4f7b-9a55-1d2e3f405060@binome"
    assert str(other_meeting["uid"]) != str(first["uid"])
    assert (first["sequence"], moved["sequence"]) == (0, 1)


def test_the_invite_reminds_an_hour_before():
    calendar = Calendar.from_ical(make_invite())
    (alarm,) = calendar.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(hours=-1)


def test_the_invite_writes_utc_times_so_it_needs_no_time_zone_definition():
    text = make_invite()
    assert "DTSTART:20260602T100000Z\r\n" in text
    assert "DTEND:20260602T103000Z\r\n" in text
    assert "VTIMEZONE" not in text


def test_a_cancellation_keeps_the_uid_raises_the_sequence_and_says_cancelled():
    _, booked = parsed_event(make_invite(sequence=1))
    calendar, cancelled = parsed_event(make_invite(sequence=2, method=CANCEL))
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(booked["uid"])
    assert cancelled["sequence"] > booked["sequence"]
    assert not calendar.walk("VALARM")  # nothing to be reminded of


def test_a_booking_says_confirmed():
    _, event = parsed_event(make_invite())
    assert str(event["status"]) == "CONFIRMED"


def test_an_independent_parser_reads_the_same_meeting():
    text = make_invite(sequence=3)
    calendar = vobject.readOne(text)
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == "0b7e5d1c-2f0e-4f7b-9a55-1d2e3f405060@binome"
    assert int(event.sequence.value) == 3
    assert event.dtstart.value == START
    assert event.dtend.value == START + timedelta(minutes=30)
    assert event.location.value == "Video call: https://visio.binome.example/42"
    assert sorted(a.value for a in event.attendee_list) == ["mailto:ada@example.org",
                                                            "mailto:bruno@example.fr"]
    assert event.valarm.trigger.value == timedelta(hours=-1)


def test_an_independent_parser_reads_the_cancellation():
    calendar = vobject.readOne(make_invite(sequence=4, method=CANCEL))
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert int(calendar.vevent.sequence.value) == 4
