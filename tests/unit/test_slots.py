"""Slot search with fixed clocks: notice, windows, time zones, daylight saving, working days and
public holidays, busy calendars, and several meetings of one person allocated together."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from services.scheduling.slots import (LUNCH_WINDOW, NOTICE, Person, Waiting, allocate, free_slots,
                                      horizon, is_working_day)
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


def test_days_after_the_horizon_of_working_days_are_not_offered():
    person = weekly(PARIS, "12:00", "14:00", days=WEEKDAYS)
    slots = free_slots([person], [], MONDAY_MORNING, 30, days=3, limit=50)
    # From Tuesday (a day's notice): Tuesday, Wednesday and Thursday.
    assert {local(s, PARIS).strftime("%a") for s, _ in slots} == {"Tue", "Wed", "Thu"}


def test_weekends_are_not_working_days_even_for_people_free_then():
    person = weekly(PARIS, "10:00", "18:00", days=WEEKDAYS)
    friday = datetime(2026, 6, 4, 9, tzinfo=UTC)  # Thursday; notice runs to Friday
    slots = free_slots([person], [], friday, 60, days=2, limit=50)
    assert {local(s, PARIS).strftime("%a %d") for s, _ in slots} == {"Fri 05", "Mon 08"}


# --- public holidays --------------------------------------------------------------------------

def test_a_public_holiday_of_the_persons_country_is_skipped():
    # Thursday 14 May 2026 is Ascension Day in France.
    person = weekly(PARIS, "12:00", "14:00")
    now = datetime(2026, 5, 12, 9, tzinfo=UTC)
    slots = free_slots([person], [], now, 30, days=3, limit=50)
    assert {local(s, PARIS).strftime("%a %d") for s, _ in slots} == {"Wed 13", "Fri 15", "Mon 18"}


def test_each_person_keeps_their_own_countrys_holidays():
    # 14 July is a holiday in France, not in the United Kingdom; 25 August 2025 (summer bank
    # holiday) is one in England, not in France.
    parisian, londoner = weekly(PARIS, "10:00", "18:00"), weekly("Europe/London", "09:00", "17:00")
    july = free_slots([londoner], [], datetime(2026, 7, 12, 9, tzinfo=UTC), 30, days=2, limit=50)
    assert "Tue 14" in {local(s, "Europe/London").strftime("%a %d") for s, _ in july}
    together = free_slots([londoner, parisian], [], datetime(2026, 7, 12, 9, tzinfo=UTC), 30,
                          days=3, limit=50)
    assert "Tue 14" not in {local(s, PARIS).strftime("%a %d") for s, _ in together}
    august = free_slots([parisian], [], datetime(2025, 8, 23, 9, tzinfo=UTC), 30, days=1, limit=50)
    assert {local(s, PARIS).strftime("%a %d") for s, _ in august} == {"Mon 25"}


def test_a_country_can_be_given_instead_of_the_time_zones_own():
    # Someone in Paris's time zone who works in Belgium: 21 July is Belgium's national day.
    belgian = Person(PARIS, {day: [{"start": "12:00", "end": "14:00"}] for day in WEEKDAYS[:5]},
                     country="BE")
    now = datetime(2026, 7, 19, 9, tzinfo=UTC)
    assert not is_working_day(datetime(2026, 7, 21).date(), "BE")
    assert is_working_day(datetime(2026, 7, 21).date(), "FR")
    slots = free_slots([belgian], [], now, 30, days=2, limit=50)
    assert {local(s, PARIS).strftime("%a %d") for s, _ in slots} == {"Mon 20", "Wed 22"}


def test_the_horizon_counts_the_choosers_working_days():
    person = weekly(PARIS, "12:00", "14:00")
    start = datetime(2026, 5, 12, 9, tzinfo=UTC)  # Tuesday 12 May; Ascension on Thursday 14
    assert local(horizon(person, start, 3), PARIS) == datetime(2026, 5, 16, tzinfo=ZoneInfo(PARIS))


# --- lunch --------------------------------------------------------------------------------------

def test_lunch_stays_between_noon_and_two_on_both_peoples_clocks():
    all_day = weekly(PARIS, "08:00", "20:00")
    london = weekly("Europe/London", "08:00", "20:00")
    slots = free_slots([all_day, london], [], MONDAY_MORNING, 60, limit=20, window=LUNCH_WINDOW)
    assert slots
    for start, end in slots:
        for zone in (PARIS, "Europe/London"):
            assert time(12) <= local(start, zone).time() and local(end, zone).time() <= time(14)
    # Paris is an hour ahead of London: only 13:00-14:00 in Paris is lunch for both.
    assert {local(s, PARIS).time() for s, _ in slots} == {time(13, 0)}


# --- daylight-saving changes ------------------------------------------------------------------

@pytest.mark.parametrize("now, change, utc_before, utc_after", [
    # Summer time ends on Sunday 25 October 2026: Paris noon moves from 10:00 to 11:00 UTC.
    (datetime(2026, 10, 21, 12, tzinfo=UTC), datetime(2026, 10, 25).date(), 10, 11),
    # Summer time starts on Sunday 29 March 2026: Paris noon moves from 11:00 to 10:00 UTC.
    (datetime(2026, 3, 25, 12, tzinfo=UTC), datetime(2026, 3, 29).date(), 11, 10),
])
def test_a_daylight_saving_change_keeps_the_local_wall_clock_time(now, change, utc_before, utc_after):
    person = weekly(PARIS, "12:00", "13:00", days=WEEKDAYS)
    slots = free_slots([person], [], now, 60, days=7, limit=10)
    assert_sound(slots, [person], now, 60)
    assert {local(s, PARIS).time() for s, _ in slots} == {time(12, 0)}
    days = [local(s, PARIS).date() for s, _ in slots]
    # The Friday before the change and the Monday after (weekends are not working days).
    assert change - timedelta(days=2) in days and change + timedelta(days=1) in days
    for start, _ in slots:
        expected = utc_after if local(start, PARIS).date() >= change else utc_before
        assert start.hour == expected, start


def test_between_europes_and_americas_changes_paris_and_new_york_are_five_hours_apart():
    # Europe leaves summer time on 25 October 2026, the United States on 1 November.
    parisian, new_yorker = weekly(PARIS, "14:00", "18:00"), weekly(NEW_YORK, "09:00", "12:00")
    before = free_slots([parisian, new_yorker], [], datetime(2026, 10, 16, 9, tzinfo=UTC), 60,
                        days=5, limit=50)
    between = free_slots([parisian, new_yorker], [], datetime(2026, 10, 23, 9, tzinfo=UTC), 60,
                         days=5, limit=50)
    # Summer time on both sides: Paris 15:00-18:00 is New York 09:00-12:00.
    assert min(local(s, PARIS).time() for s, _ in before) == time(15)
    assert max(local(s, PARIS).time() for s, _ in before) == time(17)
    in_the_gap = [s for s, _ in between if local(s, PARIS).date() >= datetime(2026, 10, 26).date()]
    # Paris on winter time, New York not yet: New York 09:00-12:00 is Paris 14:00-17:00.
    assert in_the_gap and min(local(s, PARIS).time() for s in in_the_gap) == time(14)
    assert max(local(s, PARIS).time() for s in in_the_gap) == time(16)


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




# --- several meetings of one person -------------------------------------------------------------

def lunches(meeting_slots):
    return sorted(s for slots in meeting_slots.values() for s in slots)


def waiting(meeting_id, chooser_id, other_id, chooser, other, minutes=60):
    return Waiting(meeting_id, chooser_id, other_id, chooser, other, minutes, LUNCH_WINDOW)


def test_a_mentor_with_three_mentees_in_one_week_gets_proposals_that_never_compete():
    # The mentor lunches on Tuesdays and Thursdays only: four one-hour lunches in the week ahead.
    mentor = weekly(PARIS, "12:00", "14:00", days=("tue", "thu"))
    mentees = [weekly(PARIS, "12:00", "14:00") for _ in range(3)]
    found = allocate([waiting(f"m{i}", f"mentee{i}", "mentor", mentee, mentor)
                      for i, mentee in enumerate(mentees)], {}, MONDAY_MORNING, days=5)
    given = lunches(found)
    # No two proposals share an hour of the mentor...
    assert all(a[1] <= b[0] for a, b in zip(given, given[1:])), given
    # ...and every mentee has a choice before anyone has a third option.
    assert all(found[f"m{i}"] for i in range(3))
    assert sorted(len(found[f"m{i}"]) for i in range(3)) == [1, 1, 2]
    assert len(given) == 4  # Tue 2nd and Thu 4th, 12:00 and 13:00


def test_served_one_after_the_other_the_first_mentee_would_take_the_whole_week():
    # What allocating together avoids: the first mentee's three slots leave one for the others.
    mentor = weekly(PARIS, "12:00", "14:00", days=("tue", "thu"))
    mentee = weekly(PARIS, "12:00", "14:00")
    first = free_slots([mentee, mentor], [], MONDAY_MORNING, 60, days=5, window=LUNCH_WINDOW)
    assert len(first) == 3
    second = free_slots([mentee, mentor], first, MONDAY_MORNING, 60, days=5, window=LUNCH_WINDOW)
    third = free_slots([mentee, mentor], first + second, MONDAY_MORNING, 60, days=5,
                       window=LUNCH_WINDOW)
    assert (len(second), len(third)) == (1, 0)


def test_allocated_slots_fit_each_mentees_own_week():
    mentor = weekly(PARIS, "12:00", "14:00")
    only_wednesday = weekly(PARIS, "12:00", "14:00", days=("wed",))
    only_friday = weekly(PARIS, "12:00", "13:00", days=("fri",))
    found = allocate([waiting("a", "wed-mentee", "mentor", only_wednesday, mentor),
                      waiting("b", "fri-mentee", "mentor", only_friday, mentor)],
                     {}, MONDAY_MORNING, days=5)
    assert {local(s, PARIS).strftime("%a") for s, _ in found["a"]} == {"Wed"}
    assert [local(s, PARIS).strftime("%a %H:%M") for s, _ in found["b"]] == ["Fri 12:00"]


def test_allocation_respects_what_is_already_taken_and_spreads_over_days():
    mentor = weekly(PARIS, "12:00", "14:00")
    mentees = [weekly(PARIS, "12:00", "14:00") for _ in range(2)]
    tuesday = datetime(2026, 6, 2, 12, tzinfo=ZoneInfo(PARIS))
    taken = {"mentor": [(tuesday, tuesday + timedelta(hours=2))]}
    found = allocate([waiting(f"m{i}", f"mentee{i}", "mentor", m, mentor)
                      for i, m in enumerate(mentees)], taken, MONDAY_MORNING, days=5)
    for slots in found.values():
        assert len(slots) == 3
        assert not any(overlaps(slot, taken["mentor"][0]) for slot in slots)
        assert len({local(s, PARIS).date() for s, _ in slots}) == 3  # three different days
    given = lunches(found)
    assert all(a[1] <= b[0] for a, b in zip(given, given[1:]))


def test_meetings_sharing_nobody_are_each_searched_on_their_own():
    a, b = weekly(PARIS, "12:00", "14:00"), weekly(PARIS, "12:00", "14:00")
    found = allocate([waiting("x", "p1", "p2", a, b), waiting("y", "p3", "p4", a, b)],
                     {}, MONDAY_MORNING, days=5)
    assert found["x"] == found["y"] and len(found["x"]) == 3


def test_a_meeting_that_cannot_fit_the_hubs_tiles_falls_back_to_its_own_search():
    # The mentor's hour-long tiles start at 12:00 and 13:00; this mentee is free 12:30-13:30 only.
    mentor = weekly(PARIS, "12:00", "14:00")
    half_past = weekly(PARIS, "12:30", "13:30")
    other = weekly(PARIS, "12:00", "14:00")
    found = allocate([waiting("a", "half", "mentor", half_past, mentor),
                      waiting("b", "other", "mentor", other, mentor)], {}, MONDAY_MORNING, days=5)
    assert found["a"] and all(local(s, PARIS).time() == time(12, 30) for s, _ in found["a"])
    given = lunches(found)
    assert all(x[1] <= y[0] for x, y in zip(given, given[1:]))
