"""Scheduling's pure domain: free slots across time zones and DST, and the iCalendar invite."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from services.scheduling.domain import NOTICE, Attendee, free_slots, invite
from shared.availability import WEEKDAYS, Weekly

UTC = timezone.utc
PARIS, NEW_YORK, TOKYO = "Europe/Paris", "America/New_York", "Asia/Tokyo"
# Monday 1 June 2026, 09:00 UTC (11:00 in Paris, summer time).
MONDAY_MORNING = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def weekly(zone, start, end, days=WEEKDAYS[:5]):
    """Someone free from `start` to `end` (their own wall clock) on each of `days`."""
    return Weekly(zone, {day: [{"start": start, "end": end}] for day in days})


def local(moment, zone):
    return moment.astimezone(ZoneInfo(zone))


def within_windows(slot, person):
    """Whether the slot lies inside one of the person's windows, on their own wall clock."""
    start, end = (local(moment, person.timezone) for moment in slot)
    windows = person.windows.get(WEEKDAYS[start.weekday()], ())
    return start.date() == end.date() and any(
        time.fromisoformat(w["start"]) <= start.time() and end.time() <= time.fromisoformat(w["end"])
        for w in windows)


def overlaps(slot, interval):
    return slot[0] < interval[1] and interval[0] < slot[1]


def assert_sound(slots, people, now, minutes, busy=()):
    """What every answer of free_slots must satisfy, whatever the inputs."""
    assert slots == sorted(slots)
    for slot in slots:
        assert slot[1] - slot[0] == timedelta(minutes=minutes)
        assert slot[0] >= now + NOTICE
        assert slot[0].tzinfo is not None
        assert all(within_windows(slot, person) for person in people), slot
        assert not any(overlaps(slot, interval) for interval in busy), slot


# --- notice, windows, zones -------------------------------------------------------------------

def test_nobody_is_asked_to_meet_at_less_than_a_days_notice():
    person = weekly(PARIS, "12:00", "14:00")
    now = datetime(2026, 6, 1, 10, 30, tzinfo=UTC)  # Monday 12:30 in Paris
    slots = free_slots([person], [], now, 30, limit=10)
    assert_sound(slots, [person], now, 30)
    # Monday's lunch is too soon, and so is Tuesday's before 12:30.
    assert local(slots[0][0], PARIS) == datetime(2026, 6, 2, 12, 30, tzinfo=ZoneInfo(PARIS))


def test_slots_fall_inside_both_peoples_windows():
    early, late = weekly(PARIS, "12:00", "14:00"), weekly(PARIS, "13:00", "15:00")
    slots = free_slots([early, late], [], MONDAY_MORNING, 30, limit=10)
    assert slots
    assert_sound(slots, [early, late], MONDAY_MORNING, 30)
    assert {local(s, PARIS).time() for s, _ in slots} <= {time(13, 0), time(13, 30)}


@pytest.mark.parametrize("paris_window, other", [
    # Paris 17:00-20:00 is 15:00-18:00 UTC in June; New York 09:00-12:00 is 13:00-16:00 UTC.
    (("17:00", "20:00"), weekly(NEW_YORK, "09:00", "12:00")),
    # Paris 08:00-10:00 is 06:00-08:00 UTC; Tokyo 14:00-17:00 is 05:00-08:00 UTC.
    (("08:00", "10:00"), weekly(TOKYO, "14:00", "17:00")),
])
def test_people_in_different_time_zones_get_only_times_both_can_make(paris_window, other):
    parisian = weekly(PARIS, *paris_window)
    slots = free_slots([parisian, other], [], MONDAY_MORNING, 30, limit=20)
    assert slots
    assert_sound(slots, [parisian, other], MONDAY_MORNING, 30)


def test_new_york_morning_and_paris_late_afternoon_overlap_one_hour():
    parisian, new_yorker = weekly(PARIS, "17:00", "20:00"), weekly(NEW_YORK, "09:00", "12:00")
    slots = free_slots([parisian, new_yorker], [], MONDAY_MORNING, 30, limit=20)
    assert {local(s, PARIS).time() for s, _ in slots} == {time(17, 0), time(17, 30)}
    assert {local(s, NEW_YORK).time() for s, _ in slots} == {time(11, 0), time(11, 30)}


def test_no_common_time_gives_no_slot():
    parisian, new_yorker = weekly(PARIS, "08:00", "09:00"), weekly(NEW_YORK, "08:00", "09:00")
    assert free_slots([parisian, new_yorker], [], MONDAY_MORNING, 30) == []


def test_a_window_shorter_than_the_meeting_gives_no_slot():
    assert free_slots([weekly(PARIS, "12:00", "12:20")], [], MONDAY_MORNING, 30) == []


def test_someone_without_any_window_gives_no_slot():
    assert free_slots([weekly(PARIS, "12:00", "14:00"), Weekly(PARIS, {})], [],
                      MONDAY_MORNING, 30) == []


def test_days_after_the_horizon_are_not_offered():
    person = weekly(PARIS, "12:00", "14:00", days=WEEKDAYS)
    slots = free_slots([person], [], MONDAY_MORNING, 30, days=3, limit=50)
    assert slots
    assert max(end for _, end in slots) <= MONDAY_MORNING + NOTICE + timedelta(days=3)


# --- daylight-saving changes ------------------------------------------------------------------

@pytest.mark.parametrize("now, change, utc_before, utc_after", [
    # Summer time ends on Sunday 25 October 2026: Paris noon moves from 10:00 to 11:00 UTC.
    (datetime(2026, 10, 22, 12, tzinfo=UTC), datetime(2026, 10, 25).date(), 10, 11),
    # Summer time starts on Sunday 29 March 2026: Paris noon moves from 11:00 to 10:00 UTC.
    (datetime(2026, 3, 26, 12, tzinfo=UTC), datetime(2026, 3, 29).date(), 11, 10),
])
def test_a_daylight_saving_change_keeps_the_local_wall_clock_time(now, change, utc_before, utc_after):
    person = weekly(PARIS, "12:00", "13:00", days=WEEKDAYS)
    slots = free_slots([person], [], now, 60, days=7, limit=10)
    assert_sound(slots, [person], now, 60)
    assert {local(s, PARIS).time() for s, _ in slots} == {time(12, 0)}
    days = [local(s, PARIS).date() for s, _ in slots]
    assert change in days and change - timedelta(days=1) in days
    for start, _ in slots:
        expected = utc_after if local(start, PARIS).date() >= change else utc_before
        assert start.hour == expected, start


# --- busy times -------------------------------------------------------------------------------

def test_busy_intervals_are_never_overlapped():
    person = weekly(PARIS, "12:00", "14:00")
    paris = ZoneInfo(PARIS)
    busy = [
        (datetime(2026, 6, 2, 12, 15, tzinfo=paris), datetime(2026, 6, 2, 12, 45, tzinfo=paris)),
        (datetime(2026, 6, 3, 11, 0, tzinfo=paris), datetime(2026, 6, 3, 15, 0, tzinfo=paris)),
        (datetime(2026, 6, 4, 13, 50, tzinfo=paris), datetime(2026, 6, 4, 14, 30, tzinfo=paris)),
    ]
    slots = free_slots([person], busy, MONDAY_MORNING, 30, limit=50)
    assert_sound(slots, [person], MONDAY_MORNING, 30, busy)
    days = {local(s, PARIS).date() for s, _ in slots}
    assert datetime(2026, 6, 3).date() not in days  # all of Wednesday's lunch is taken
    assert datetime(2026, 6, 2).date() in days      # Tuesday still has room after 12:45


def test_a_fully_busy_week_gives_no_slot():
    person = weekly(PARIS, "12:00", "14:00")
    busy = [(MONDAY_MORNING, MONDAY_MORNING + timedelta(days=30))]
    assert free_slots([person], busy, MONDAY_MORNING, 30) == []


# --- choice, limit, grid ----------------------------------------------------------------------

def test_slots_come_from_different_days_first_each_the_earliest_of_its_day():
    person = weekly(PARIS, "12:00", "14:00")
    slots = free_slots([person], [], MONDAY_MORNING, 30, limit=3)
    starts = [local(s, PARIS) for s, _ in slots]
    assert [s.date().isoformat() for s in starts] == ["2026-06-02", "2026-06-03", "2026-06-04"]
    assert {s.time() for s in starts} == {time(12, 0)}


def test_one_free_day_still_fills_the_limit_with_its_next_earliest_slots():
    person = weekly(PARIS, "12:00", "14:00", days=("wed",))
    slots = free_slots([person], [], MONDAY_MORNING, 30, days=5, limit=3)
    assert [local(s, PARIS).strftime("%a %d %H:%M") for s, _ in slots] == [
        "Wed 03 12:00", "Wed 03 12:30", "Wed 03 13:00"]


def test_earliest_slots_of_other_days_come_before_second_slots_of_a_day():
    person = weekly(PARIS, "12:00", "14:00", days=("wed",))
    slots = free_slots([person], [], MONDAY_MORNING, 30, days=10, limit=3)
    assert [local(s, PARIS).strftime("%a %d %H:%M") for s, _ in slots] == [
        "Wed 03 12:00", "Wed 03 12:30", "Wed 10 12:00"]


@pytest.mark.parametrize("limit", [1, 2, 5, 12])
def test_the_limit_is_respected(limit):
    person = weekly(PARIS, "09:00", "18:00")
    slots = free_slots([person], [], MONDAY_MORNING, 30, limit=limit)
    assert len(slots) == limit
    assert len(set(slots)) == limit


@pytest.mark.parametrize("minutes", [30, 45, 60])
def test_slots_start_on_the_quarter_hour_even_from_odd_windows_and_clocks(minutes):
    person = weekly(PARIS, "12:05", "15:10")
    now = datetime(2026, 6, 1, 9, 7, 31, 123456, tzinfo=UTC)
    slots = free_slots([person], [], now, minutes, limit=20)
    assert slots
    assert_sound(slots, [person], now, minutes)
    for start, _ in slots:
        assert start.minute % 15 == 0 and start.second == 0 and start.microsecond == 0, start
    assert local(slots[0][0], PARIS).time() == time(12, 15)


def test_meetings_not_a_multiple_of_a_quarter_hour_still_start_on_the_grid():
    slots = free_slots([weekly(PARIS, "12:00", "14:00")], [], MONDAY_MORNING, 20, limit=20)
    assert all(start.minute % 15 == 0 for start, _ in slots), slots


def test_different_days_first_means_different_days_on_the_peoples_own_calendar():
    new_yorker = weekly(NEW_YORK, "19:00", "21:00")  # 23:00-01:00 UTC in June
    slots = free_slots([new_yorker], [], MONDAY_MORNING, 30, limit=3)
    days = [local(s, NEW_YORK).date() for s, _ in slots]
    assert len(set(days)) == 3, [local(s, NEW_YORK) for s, _ in slots]


# --- invite -----------------------------------------------------------------------------------

ORGANISER = Attendee("Binôme", "bonjour@binome.example")
ADA, BRUNO = Attendee("Ada Lovelace", "ada@example.org"), Attendee("Bruno Émile", "bruno@example.fr")
START = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
STAMP = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def make_invite(meeting_id="0b7e5d1c-2f0e-4f7b-9a55-1d2e3f405060", start=START, sequence=0,
                location="Video call: https://visio.binome.example/42"):
    return invite(meeting_id, "Coffee with Binôme: Ada & Bruno", start, start + timedelta(minutes=30),
                  location, organiser=ORGANISER, attendees=[ADA, BRUNO], sequence=sequence,
                  stamp=STAMP)


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
