"""A pledge's units, from offered to given: pure rules, no database."""
import pytest

from services.profiles.pledge_units import (
    CANCELLED, GIVEN, IN_PROGRESS, OFFERED, PAUSED, RELEASED, PledgeUnits, UnitRefused,
    on_match_news)


def refused(step):
    with pytest.raises(UnitRefused) as caught:
        step()
    return caught.value.field


def test_an_accepted_match_puts_a_unit_in_progress_and_does_not_fulfil_the_pledge():
    units = PledgeUnits(quantity=1, remaining=1)
    units.accept()
    assert (units.remaining, units.in_progress, units.given, units.status) == (0, 1, 0, "matched")
    assert units.states() == [IN_PROGRESS]


@pytest.mark.parametrize("remaining, after", [(3, (2, "open")), (2, (1, "open")),
                                              (1, (0, "matched"))])
def test_accepting_takes_one_offered_unit_and_the_last_one_leaves_nothing_offered(remaining,
                                                                                  after):
    units = PledgeUnits(quantity=3, remaining=remaining, given=3 - remaining)
    units.accept()
    assert (units.remaining, units.status) == after


@pytest.mark.parametrize("status, after", [("matched", "open"), ("open", "open"),
                                           ("withdrawn", "withdrawn"), ("expired", "expired")])
def test_a_cancelled_match_reopens_only_a_pledge_that_had_nothing_offered(status, after):
    units = PledgeUnits(quantity=2, remaining=0 if status == "matched" else 1, status=status)
    units.cancel()
    assert units.status == after
    assert units.in_progress == (1 if status == "matched" else 0)


def test_the_pledge_is_fulfilled_when_its_last_unit_is_given_not_before():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.accept()
    assert units.give() is None
    assert units.status == "matched"
    assert units.give() == "fulfilled"
    assert (units.given, units.in_progress, units.status) == (2, 0, "fulfilled")
    assert units.states() == [GIVEN, GIVEN]


def test_a_unit_given_while_others_are_still_offered_leaves_the_pledge_open():
    units = PledgeUnits(quantity=3, remaining=3)
    units.accept()
    assert units.give() is None
    assert units.status == "open"
    assert units.states() == [GIVEN, OFFERED, OFFERED]


def test_a_pledge_with_a_paused_unit_is_not_fulfilled_by_its_other_units():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.accept()
    units.pause()
    assert units.give() is None
    assert units.status == "matched"
    assert units.states() == [GIVEN, PAUSED]


def test_nothing_is_given_cancelled_or_paused_without_a_unit_in_progress():
    units = PledgeUnits(quantity=1, remaining=1)
    assert refused(units.give) == refused(units.cancel) == refused(units.pause) == "in_progress"
    assert units == PledgeUnits(quantity=1, remaining=1)


def test_a_pledge_with_no_unit_left_refuses_another_match():
    units = PledgeUnits(quantity=1, remaining=0, given=1, status="fulfilled")
    assert refused(units.accept) == "remaining"


def test_a_cancelled_match_offers_its_unit_again():
    units = PledgeUnits(quantity=1, remaining=1)
    units.accept()
    units.cancel()
    assert (units.remaining, units.in_progress, units.status) == (1, 0, "open")


def test_a_cancelled_match_on_a_withdrawn_pledge_leaves_the_unit_unused_and_the_pledge_closed():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.status = "withdrawn"
    units.cancel()
    assert (units.remaining, units.status) == (2, "withdrawn")
    assert units.states() == ["withdrawn", "withdrawn"]


def test_resuming_offers_the_paused_units_again_and_reopens_the_pledge():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.accept()
    units.pause()
    units.pause()
    assert units.status == "matched"
    assert units.resume() == 2
    assert (units.remaining, units.paused, units.status) == (2, 0, "open")
    assert refused(units.resume) == "paused"


def test_a_withdrawn_pledge_cannot_be_resumed():
    units = PledgeUnits(quantity=2, remaining=1, paused=1, status="withdrawn")
    assert refused(units.resume) == "status"
    assert units.paused == 1


def test_releasing_the_only_paused_unit_withdraws_a_pledge_that_gave_nothing():
    units = PledgeUnits(quantity=1, remaining=1)
    units.accept()
    units.pause()
    assert units.release() == "withdrawn"
    assert (units.paused, units.released, units.status) == (0, 1, "withdrawn")
    assert units.states() == [RELEASED]
    assert refused(units.release) == "paused"


def test_releasing_the_last_paused_unit_of_a_pledge_that_gave_some_fulfils_it():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.accept()
    units.give()
    units.pause()
    assert units.release() == "fulfilled"
    assert units.states() == [GIVEN, RELEASED]


def test_releasing_while_units_are_still_offered_keeps_the_pledge_open():
    units = PledgeUnits(quantity=2, remaining=2)
    units.accept()
    units.pause()
    assert units.release() is None
    assert (units.remaining, units.released, units.status) == (1, 1, "open")


# --- one match's unit, whatever order matching's events arrive in ---------------------------

def test_each_news_of_a_match_counts_once():
    units = PledgeUnits(quantity=1, remaining=1)
    assert on_match_news(units, None, "accepted") == (IN_PROGRESS, None)
    assert on_match_news(units, IN_PROGRESS, "accepted") == (IN_PROGRESS, None)
    assert on_match_news(units, IN_PROGRESS, "given") == (GIVEN, "fulfilled")
    assert on_match_news(units, GIVEN, "given") == (GIVEN, None)
    assert (units.remaining, units.given, units.status) == (0, 1, "fulfilled")


def test_help_given_before_the_acceptance_arrives_takes_the_unit_then_and_not_again():
    units = PledgeUnits(quantity=2, remaining=2)
    state, closing = on_match_news(units, None, "given")
    assert (state, closing) == (GIVEN, None)
    assert on_match_news(units, state, "accepted") == (GIVEN, None)
    assert (units.remaining, units.in_progress, units.given) == (1, 0, 1)


def test_help_given_on_a_unit_matched_before_units_were_counted_by_match_uses_that_unit():
    units = PledgeUnits(quantity=2, remaining=1)          # one unit in progress, not counted
    assert on_match_news(units, None, "given", untracked_in_progress=1) == (GIVEN, None)
    assert (units.remaining, units.in_progress, units.given) == (1, 0, 1)


def test_a_cancelled_match_accepted_before_units_were_counted_by_match_gives_its_unit_back():
    units = PledgeUnits(quantity=1, remaining=0, status="matched")   # in progress, not counted
    assert on_match_news(units, None, "cancelled", untracked_in_progress=1) == (CANCELLED, None)
    assert (units.remaining, units.status) == (1, "open")


def test_a_cancellation_arriving_before_its_acceptance_takes_no_unit():
    units = PledgeUnits(quantity=1, remaining=1)
    assert on_match_news(units, None, "cancelled") == (CANCELLED, None)
    assert on_match_news(units, CANCELLED, "accepted") == (CANCELLED, None)
    assert (units.remaining, units.status) == (1, "open")


def test_a_reassigned_match_pauses_its_unit_once_and_a_late_cancellation_changes_nothing():
    units = PledgeUnits(quantity=1, remaining=1)
    state, _ = on_match_news(units, None, "accepted")
    state, _ = on_match_news(units, state, "reassigned")
    assert state == PAUSED
    assert on_match_news(units, state, "reassigned") == (PAUSED, None)
    assert on_match_news(units, state, "cancelled") == (PAUSED, None)
    assert on_match_news(units, state, "given") == (PAUSED, None)
    assert (units.paused, units.remaining, units.given) == (1, 0, 0)


def test_a_cancellation_after_the_help_was_given_does_not_take_the_unit_back():
    units = PledgeUnits(quantity=2, remaining=2)
    state, _ = on_match_news(units, None, "accepted")
    state, _ = on_match_news(units, state, "given")
    assert on_match_news(units, state, "cancelled") == (GIVEN, None)
    assert (units.remaining, units.given) == (1, 1)
