"""A match's delivery (services/matching/delivery.py): its deadline, the donor's two reminders,
when the seeker may ask for another donor, when Binôme moves on by itself, on time or late."""
from datetime import datetime, timedelta, timezone

import pytest

from services.matching.delivery import AlreadyGiven, Delivery, NotOverdue, Turnaround
from shared.contracts.kinds import HALFWAY, LAST_DAY

ACCEPTED = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def review(turnaround=Turnaround(), given_at=None, reminded=(), kind="cv_review"):
    return Delivery.of(turnaround, kind, ACCEPTED, given_at=given_at, reminded=reminded)


# --- the deadline -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind, days", [("cv_review", 7), ("cover_letter_review", 7),
                                        ("network_intro", 14)])
def test_each_kind_with_a_deadline_has_its_days_from_the_acceptance(kind, days):
    assert Turnaround().deadline(kind, ACCEPTED) == ACCEPTED + days * DAY


@pytest.mark.parametrize("kind", ["coffee", "mock_interview", "lunch_mentoring", "sponsorship"])
def test_kinds_that_end_in_a_meeting_or_a_sponsorship_have_no_deadline_and_are_never_late(kind):
    delivery = review(kind=kind)
    assert delivery.deadline is None
    far = ACCEPTED + 365 * DAY
    assert delivery.reminder_due(far) is None and not delivery.overdue(far)
    assert not delivery.reassign_due(far, Turnaround().grace)
    assert delivery.give(far) is True
    with pytest.raises(NotOverdue):
        delivery.check_may_ask_another(far)


def test_configuration_changes_days_switches_a_kind_off_and_sets_the_grace():
    turnaround = Turnaround.from_config({"cv_review": 2, "network_intro": 0}, grace_days=1)
    assert turnaround.deadline("cv_review", ACCEPTED) == ACCEPTED + 2 * DAY
    assert turnaround.deadline("network_intro", ACCEPTED) is None
    assert turnaround.deadline("cover_letter_review", ACCEPTED) == ACCEPTED + 7 * DAY
    assert turnaround.grace == DAY
    assert Turnaround.from_config(None, None).grace == 3 * DAY


def test_a_kind_configuration_does_not_know_is_refused_rather_than_ignored():
    with pytest.raises(ValueError, match="cv_reveiw"):
        Turnaround.from_config({"cv_reveiw": 3})
    with pytest.raises(ValueError, match="coffee"):
        Turnaround.from_config({"coffee": 3})


def test_tiny_fractions_of_a_day_are_allowed_for_tests_and_trials():
    turnaround = Turnaround.from_config({"cv_review": 0.0001}, grace_days=0.0001)
    assert turnaround.deadline("cv_review", ACCEPTED) == ACCEPTED + timedelta(seconds=8.64)


# --- reminders ----------------------------------------------------------------------------------

def test_nothing_is_due_before_halfway():
    assert review().reminder_due(ACCEPTED + 3.4 * DAY) is None


def test_halfway_then_the_last_day_each_once():
    assert review().reminder_due(ACCEPTED + 3.5 * DAY) == HALFWAY
    assert review(reminded={HALFWAY}).reminder_due(ACCEPTED + 5 * DAY) is None
    assert review(reminded={HALFWAY}).reminder_due(ACCEPTED + 6 * DAY) == LAST_DAY
    assert review(reminded={HALFWAY, LAST_DAY}).reminder_due(ACCEPTED + 6.5 * DAY) is None


def test_a_halfway_reminder_missed_while_down_is_not_sent_once_the_last_day_has_come():
    assert review().reminder_due(ACCEPTED + 6.2 * DAY) == LAST_DAY
    assert review(reminded={LAST_DAY}).reminder_due(ACCEPTED + 6.5 * DAY) is None


def test_with_a_short_deadline_the_one_reminder_comes_at_halfway_not_at_the_acceptance():
    short = Turnaround.from_config({"cv_review": 1})
    assert review(short).reminder_due(ACCEPTED + timedelta(hours=1)) is None
    assert review(short).reminder_due(ACCEPTED + timedelta(hours=12)) == LAST_DAY
    assert review(short, reminded={LAST_DAY}).reminder_due(ACCEPTED + timedelta(hours=20)) is None


def test_no_reminder_once_the_help_is_given_or_the_deadline_passed():
    assert review(given_at=ACCEPTED + DAY).reminder_due(ACCEPTED + 6.5 * DAY) is None
    assert review().reminder_due(ACCEPTED + 7 * DAY) is None


# --- past the deadline ------------------------------------------------------------------------

def test_the_seeker_may_ask_for_another_donor_only_once_the_deadline_passed():
    with pytest.raises(NotOverdue):
        review().check_may_ask_another(ACCEPTED + 7 * DAY)
    assert not review().may_ask_another(ACCEPTED + 7 * DAY)
    review().check_may_ask_another(ACCEPTED + 7 * DAY + timedelta(seconds=1))
    assert review().may_ask_another(ACCEPTED + 8 * DAY)


def test_help_given_cannot_be_taken_away_by_asking_for_another_donor():
    given = review(given_at=ACCEPTED + 8 * DAY)
    with pytest.raises(AlreadyGiven):
        given.check_may_ask_another(ACCEPTED + 9 * DAY)
    assert not given.may_ask_another(ACCEPTED + 9 * DAY)
    assert not given.reassign_due(ACCEPTED + 30 * DAY, 3 * DAY)


def test_binome_moves_on_by_itself_only_after_the_deadline_and_the_grace():
    grace = 3 * DAY
    assert review().reassign_at(grace) == ACCEPTED + 10 * DAY
    assert not review().reassign_due(ACCEPTED + 10 * DAY, grace)
    assert review().reassign_due(ACCEPTED + 10 * DAY + timedelta(seconds=1), grace)


# --- on time or late --------------------------------------------------------------------------

def test_help_given_by_the_deadline_is_on_time_and_after_it_late_but_still_counts():
    assert review().give(ACCEPTED + 7 * DAY) is True
    assert review().give(ACCEPTED + 7 * DAY + timedelta(minutes=1)) is False


def test_help_is_given_once():
    with pytest.raises(AlreadyGiven):
        review(given_at=ACCEPTED + DAY).give(ACCEPTED + 2 * DAY)
