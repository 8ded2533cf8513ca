"""Outcomes three months on (services/matching/outcomes.py): who is asked when, an answer given
once within its window, and the figures operators and donors see."""
from datetime import datetime, timedelta, timezone

import pytest

from services.matching import outcomes
from services.matching.outcomes import Answer, Asked, Survey, SurveyClosed

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def test_three_months_unless_configured_and_fractions_of_days_for_tests():
    assert outcomes.asked_after() == timedelta(days=91)
    assert outcomes.asked_after(0.5) == timedelta(hours=12)
    assert outcomes.asked_after("2") == timedelta(days=2)


def test_a_seeker_is_due_once_their_first_help_is_old_enough_and_never_twice():
    after = timedelta(days=91)
    first_help = {"old": NOW - timedelta(days=92), "exact": NOW - after,
                  "recent": NOW - timedelta(days=10), "asked": NOW - timedelta(days=200)}
    assert outcomes.due_to_ask(first_help, {"asked"}, NOW, after) == ["exact", "old"]
    assert outcomes.due_to_ask({}, set(), NOW, after) == []


def test_a_token_is_long_random_and_only_its_hash_is_kept():
    token = outcomes.new_token()
    assert 32 <= len(token) <= 128 and token != outcomes.new_token()
    assert outcomes.token_hash(token) == outcomes.token_hash(token)
    assert token not in outcomes.token_hash(token) and len(outcomes.token_hash(token)) == 64


def test_an_answer_is_given_once():
    survey = Survey(asked_at=NOW)
    assert survey.closed_because(NOW) is None
    answer = survey.answer(NOW + timedelta(days=1), "found_job", True, 5)
    assert answer == Answer("found_job", True, 5)
    assert survey.answered_at == NOW + timedelta(days=1)
    with pytest.raises(SurveyClosed) as refused:
        survey.answer(NOW + timedelta(days=2), "still_looking", False, 1)
    assert refused.value.reason == outcomes.ANSWERED


def test_an_old_link_no_longer_answers():
    survey = Survey(asked_at=NOW)
    late = NOW + timedelta(days=outcomes.ANSWER_DAYS)
    assert survey.closed_because(late - timedelta(seconds=1)) is None
    with pytest.raises(SurveyClosed) as refused:
        survey.answer(late, "found_job", True, 4)
    assert refused.value.reason == outcomes.EXPIRED and survey.answered_at is None


def test_figures_over_everyone_and_per_kind_received():
    surveys = [
        Asked(("cv_review",), Answer("found_job", True, 5)),
        Asked(("cv_review", "coffee"), Answer("found_job", False, 4)),
        Asked(("coffee",), Answer("in_training", True, 3)),
        Asked(("coffee",), Answer("still_looking", True, 2)),   # not counted in helped_share
        Asked(("cv_review",), None),                             # asked, not answered
    ]
    shown = outcomes.figures(surveys, ("cv_review", "coffee", "network_intro"))
    assert (shown["asked"], shown["answered"]) == (5, 4)
    assert shown["satisfied_share"] == 0.5          # 5 and 4 out of four answers
    assert shown["found_job_share"] == 0.5
    assert shown["in_training_share"] == 0.25
    assert shown["helped_share"] == 0.667           # 2 of the 3 who found a job or a training
    by_kind = {k["kind"]: k for k in shown["by_kind"]}
    assert [k["kind"] for k in shown["by_kind"]] == ["cv_review", "coffee", "network_intro"]
    assert (by_kind["cv_review"]["asked"], by_kind["cv_review"]["answered"]) == (3, 2)
    assert by_kind["cv_review"]["found_job_share"] == 1.0
    assert by_kind["cv_review"]["helped_share"] == 0.5
    assert by_kind["coffee"]["asked"] == 3 and by_kind["coffee"]["satisfied_share"] == 0.333
    assert by_kind["network_intro"] == {
        "kind": "network_intro", "asked": 0, "answered": 0, "satisfied_share": None,
        "found_job_share": None, "in_training_share": None, "helped_share": None}


def test_nobody_asked_yet_gives_zeros_and_no_shares():
    shown = outcomes.figures([], ("coffee",))
    assert (shown["asked"], shown["answered"], shown["satisfied_share"]) == (0, 0, None)


def test_a_donor_sees_counts_of_the_people_they_helped_never_who():
    answers = {"a": Answer("found_job", True, 5), "b": Answer("in_training", False, 4),
               "c": Answer("still_looking", True, 3), "x": Answer("found_job", True, 5)}
    line = outcomes.helped_outcomes(["a", "b", "c", "d", "a"], answers)
    assert line == {"helped": 4, "found_work": 1, "in_training": 1}   # "x" was not theirs
    assert outcomes.helped_outcomes([], answers) == {"helped": 0, "found_work": 0,
                                                     "in_training": 0}
