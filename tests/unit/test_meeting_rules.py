"""The rules of a meeting's life: length, place, reminders due and sent, and what answers to
"did you meet?" mean."""
from datetime import datetime, timedelta, timezone

from services.scheduling import meetings
from services.scheduling.slots import LUNCH_WINDOW

START = datetime(2026, 6, 2, 10, tzinfo=timezone.utc)
END = START + timedelta(hours=1)


def test_a_lunch_lasts_an_hour_or_an_hour_and_a_half_when_both_ask():
    assert meetings.minutes_for("lunch_mentoring") == 60
    assert meetings.minutes_for("lunch_mentoring", both_want_longer=True) == 90
    assert meetings.minutes_for("coffee") == 30
    assert meetings.minutes_for("coffee", both_want_longer=True) == 45
    assert meetings.minutes_for("mock_interview", both_want_longer=True) == 45


def test_only_lunch_has_a_daily_window_of_its_own():
    assert meetings.daily_window("lunch_mentoring") == LUNCH_WINDOW
    assert meetings.daily_window("coffee") is None


def test_a_meeting_is_remote_when_pledged_so_or_when_either_person_meets_only_remotely():
    assert meetings.is_remote(True, False, False)
    assert meetings.is_remote(False, False, True)
    assert not meetings.is_remote(False, False, False)


def test_a_booking_plans_two_reminders_and_the_question_afterwards():
    assert meetings.steps_after_booking(START, END) == [
        ("reminder_24h", START - timedelta(hours=24)), ("reminder_1h", START - timedelta(hours=1)),
        ("feedback", END)]


def due(*steps):
    planned = dict(meetings.steps_after_booking(START, END))
    return [(step, planned[step]) for step in steps]


def test_a_reminder_due_is_sent():
    now = START - timedelta(hours=20)
    assert meetings.steps_to_send(due("reminder_24h"), START, now) == ["reminder_24h"]


def test_after_an_outage_only_the_latest_reminder_is_sent():
    now = START - timedelta(minutes=30)
    assert meetings.steps_to_send(due("reminder_24h", "reminder_1h"), START, now) == ["reminder_1h"]


def test_no_reminder_once_the_meeting_has_started_but_the_question_still_goes():
    now = END + timedelta(hours=2)
    assert meetings.steps_to_send(due("reminder_24h", "reminder_1h", "feedback"), START, now) == [
        "feedback"]


def test_who_was_absent_follows_the_answer():
    assert meetings.absent_person("me", "you", "other_absent") == "you"
    assert meetings.absent_person("me", "you", "i_was_absent") == "me"
    assert meetings.absent_person("me", "you", "met") is None


def test_a_meeting_is_held_when_someone_met_and_nobody_reported_an_absence():
    assert meetings.was_held(["met"])
    assert meetings.was_held(["met", "met"])
    assert not meetings.was_held(["met", "other_absent"])
    assert not meetings.was_held([])


def test_the_second_no_show_pauses_matching():
    assert not meetings.pauses(1)
    assert meetings.pauses(2)
