"""When a round is due because a request or a unit arrived (services/matching/round_schedule.py):
the debounce window, its cap, the claim a running round holds, and what it leaves behind."""
from datetime import datetime, timedelta, timezone

from services.matching.round_schedule import (
    CLAIM_LEASE, RoundDue, after_arrival, after_round, claimed, debounce_of, released)

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
WINDOW = timedelta(seconds=30)
S = timedelta(seconds=1)


def test_the_window_comes_from_the_setting_and_zero_switches_it_off():
    assert debounce_of(30) == WINDOW
    assert debounce_of("0.5") == timedelta(seconds=0.5)
    assert debounce_of(0) is None and debounce_of(None) is None


def test_a_first_arrival_makes_a_round_due_one_window_later():
    assert after_arrival(None, "coffee", T0, WINDOW) == RoundDue("coffee", T0 + WINDOW)


def test_arrivals_switched_off_make_nothing_due():
    assert after_arrival(None, "coffee", T0, None) is None


def test_a_burst_within_the_window_gives_one_round_at_the_first_arrivals_window():
    due = None
    for second in range(29):
        due = after_arrival(due, "coffee", T0 + second * S, WINDOW)
    assert due == RoundDue("coffee", T0 + WINDOW)


def test_a_steady_stream_does_not_push_the_round_back():
    # One arrival a second for ten minutes: the round comes at the first window's end, however
    # long the stream lasts (the window is the cap).
    due = None
    for second in range(600):
        due = after_arrival(due, "coffee", T0 + second * S, WINDOW)
    assert due.due_at == T0 + WINDOW


def test_a_round_is_claimed_only_once_due_and_by_one_round_at_a_time():
    due = RoundDue("coffee", T0 + WINDOW)
    assert claimed(due, T0 + 29 * S, "a") is None
    taken = claimed(due, T0 + WINDOW, "a")
    assert taken.claim_id == "a" and taken.claimed_until == T0 + WINDOW + CLAIM_LEASE
    assert claimed(taken, T0 + WINDOW + S, "b") is None
    assert claimed(None, T0, "a") is None


def test_a_claim_whose_round_died_lapses_and_another_round_takes_it():
    taken = claimed(RoundDue("coffee", T0), T0, "a")
    later = T0 + CLAIM_LEASE
    assert claimed(taken, later, "b").claim_id == "b"
    # The dead round's end, if it ever comes, leaves the new claim alone.
    again = claimed(taken, later, "b")
    assert after_round(again, "a") == again


def test_a_finished_round_clears_what_it_covered():
    taken = claimed(RoundDue("coffee", T0), T0, "a")
    assert after_round(taken, "a") is None


def test_what_arrives_while_a_round_runs_gets_the_next_round():
    taken = claimed(RoundDue("coffee", T0), T0, "a")
    arrived = after_arrival(taken, "coffee", T0 + 2 * S, WINDOW)
    arrived = after_arrival(arrived, "coffee", T0 + 3 * S, WINDOW)
    assert arrived.claim_id == "a"       # the running round keeps its claim
    assert after_round(arrived, "a") == RoundDue("coffee", T0 + 2 * S + WINDOW)


def test_an_arrival_joins_a_round_overdue_but_not_claimed_yet():
    due = RoundDue("coffee", T0)
    assert after_arrival(due, "coffee", T0 + 5 * S, WINDOW) == due


def test_a_failed_round_leaves_its_kind_due_for_the_next_tick():
    taken = after_arrival(claimed(RoundDue("coffee", T0), T0, "a"), "coffee", T0 + S, WINDOW)
    again = released(taken, "a")
    assert again == RoundDue("coffee", T0)
    assert claimed(again, T0 + 2 * S, "b") is not None
    assert released(taken, "other") == taken
