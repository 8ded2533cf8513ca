"""Matching's timer for the question three months on, with nameko's worker_factory on SQLite: a
seeker is asked once, OUTCOME_AFTER_DAYS after their first help, with the token in the event
and only its hash in the table; the answer is taken once; an erasure deletes the survey and the
person is never asked again."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from services.matching import outcomes, outcomes_store, store as matching_store
from shared.contracts import events
from shared.errors import Conflict, NotFound
import services.matching as matching_package
from services.matching.service import MatchingService
from shared.config import service_config
from test_services_with_worker_factory import (ask, candidate_with, deliver, make_service,
                                               payloads, pledge, proposed_match, read)

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def at(monkeypatch, moment):
    monkeypatch.setattr("services.matching.outcome_questions.utcnow", lambda: moment)


def give(matching, match_id, when):
    with matching.db.begin():
        matching.db.execute(update(matching_store.Match).where(
            matching_store.Match.match_id == uuid.UUID(str(match_id))).values(given_at=when,
                                                              given_how="meeting_held"))


def surveys(matching):
    """The survey rows, as plain rows (read, then the transaction ended)."""
    table = outcomes_store.OutcomeSurvey.__table__
    try:
        return matching.db.execute(select(table)).all()
    finally:
        matching.db.rollback()


@pytest.fixture
def matching(sqlite_session_factory):
    return make_service(MatchingService, matching_package, sqlite_session_factory,
                        config=service_config({}))


@pytest.fixture
def market(matching):
    """One seeker asking for a coffee, one donor pledging one, as test_services_with_worker_factory
    sets them up."""
    seeker = candidate_with(matching, latitude=48.8574, longitude=2.3795)
    donor = candidate_with(matching, occupation="M1805", latitude=48.8642, longitude=2.4432)
    return {"seeker": seeker, "donor": donor, "pledge": pledge(matching, donor, remote=False),
            "request": ask(matching, seeker)}


@pytest.fixture
def helped(matching, market, monkeypatch):
    match_id = proposed_match(matching, market)
    matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    give(matching, match_id, START)
    matching.config = {**matching.config, "OUTCOME_AFTER_DAYS": 91}
    return market


def test_a_seeker_is_asked_once_three_months_after_their_first_help(matching, helped,
                                                                     monkeypatch):
    at(monkeypatch, START + timedelta(days=90))
    matching.ask_outcome_questions()
    assert surveys(matching) == [] and payloads(matching, "outcome_question_due") == []

    at(monkeypatch, START + timedelta(days=91))
    matching.ask_outcome_questions()
    (survey,) = surveys(matching)
    (asked,) = payloads(matching, "outcome_question_due")
    assert asked["person_id"] == str(helped["seeker"]) and asked["survey_id"] == str(
        survey.survey_id)
    assert survey.token_hash == outcomes.token_hash(asked["token"]) != asked["token"]
    assert survey.kinds == ["coffee"]

    at(monkeypatch, START + timedelta(days=120))
    matching.ask_outcome_questions()
    assert len(surveys(matching)) == 1 and len(payloads(matching, "outcome_question_due")) == 1
    # The donor was given nothing: never asked.
    assert {s.person_id for s in surveys(matching)} == {helped["seeker"]}


def test_the_answer_is_taken_once_and_an_old_link_is_closed(matching, helped, monkeypatch):
    at(monkeypatch, START + timedelta(days=91))
    matching.ask_outcome_questions()
    (asked,) = payloads(matching, "outcome_question_due")
    token = asked["token"]
    with pytest.raises(NotFound):
        read(matching, "outcome_survey", token="x" * 43)
    assert read(matching, "outcome_survey", token=token)["open"] is True
    state = matching.answer_outcome(token=token, situation="found_job", helped=True,
                                    satisfaction=4)
    assert (state["open"], state["closed_because"]) == (False, "answered")
    with pytest.raises(Conflict):
        matching.answer_outcome(token=token, situation="still_looking", helped=False,
                                satisfaction=1)
    assert read(matching, "outcome_figures")["found_job_share"] == 1.0
    assert read(matching, "helped_outcomes", person_id=helped["donor"]) == {
        "helped": 1, "found_work": 1, "in_training": 0}


def test_a_link_closes_after_its_days(matching, helped, monkeypatch):
    at(monkeypatch, START + timedelta(days=91))
    matching.ask_outcome_questions()
    (asked,) = payloads(matching, "outcome_question_due")
    at(monkeypatch, START + timedelta(days=91 + outcomes.ANSWER_DAYS))
    assert read(matching, "outcome_survey", token=asked["token"])["closed_because"] == "expired"
    with pytest.raises(Conflict):
        matching.answer_outcome(token=asked["token"], situation="found_job", helped=True,
                                satisfaction=5)


def test_an_erasure_deletes_the_survey_and_the_person_is_never_asked_again(matching, helped,
                                                                           monkeypatch):
    at(monkeypatch, START + timedelta(days=91))
    matching.ask_outcome_questions()
    deliver(matching, events.PERSON_ERASED, {"person_id": helped["seeker"]})
    assert surveys(matching) == []
    at(monkeypatch, START + timedelta(days=200))
    matching.ask_outcome_questions()
    assert surveys(matching) == []
    assert read(matching, "outcome_figures")["asked"] == 0
