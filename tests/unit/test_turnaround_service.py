"""Matching's turnaround through nameko's worker_factory on a migrated SQLite database, with the
clock moved by hand: a deadline on acceptance, each reminder once, a given match left alone, the
request moved on past the deadline and the grace (the donor's unit not offered again here), and
the seeker's one click past the deadline."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

import services.matching as matching_package
import services.notifications as notifications_package
from services.matching import store as matching_store
from services.matching.service import MatchingService
from services.notifications import store as notifications_store
from services.notifications.service import NotificationsService
from shared.config import service_config
from shared.contracts import events
from shared.errors import Conflict, Forbidden, NotFound
from test_services_with_worker_factory import (ask, available, candidate, contact, deliver,
                                               emails, events_told, fetch, make_service, payloads,
                                               pledge, proposals, request_status)

START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


@pytest.fixture
def matching(sqlite_session_factory):
    return make_service(MatchingService, matching_package, sqlite_session_factory,
                        config=service_config({}))


@pytest.fixture
def clock(monkeypatch):
    """Sets what matching takes for now, in the service and in its turnaround alike."""
    def at(moment):
        for where in ("services.matching.service.utcnow", "services.matching.turnaround.utcnow"):
            monkeypatch.setattr(where, lambda: moment)
    at(START)
    return at


@pytest.fixture
def review(matching, clock):
    """A CV review accepted at START with the donor the round prefers; a second donor waits."""
    seeker = candidate(matching, target_occupation="M1805")
    first, second = candidate(matching, occupation="M1805"), candidate(matching)
    pledges = [pledge(matching, donor, kind="cv_review") for donor in (first, second)]
    request = ask(matching, seeker, kind="cv_review")
    matching.run_round(kind="cv_review")
    (proposal,) = proposals(matching)
    assert proposal["donor_id"] == str(first)
    accepted = matching.accept(match_id=proposal["match_id"], person_id=seeker)
    return {"seeker": seeker, "first": first, "second": second, "pledges": pledges,
            "request": request, "match_id": uuid.UUID(proposal["match_id"]), "accepted": accepted}


def match(matching, match_id):
    return fetch(matching, matching_store.Match, match_id)


def test_acceptance_sets_the_deadline_of_the_kind(matching, review):
    assert match(matching, review["match_id"]).deadline_at == START + 7 * DAY
    assert review["accepted"]["deadline_at"] == (START + 7 * DAY).isoformat()
    assert (review["accepted"]["overdue"], review["accepted"]["may_ask_another"]) == (False,
                                                                                       False)


def test_the_donor_is_reminded_halfway_and_on_the_last_day_once_each(matching, review, clock):
    for moment in (3 * DAY, 3.5 * DAY, 3.6 * DAY, 5 * DAY, 6.1 * DAY, 6.5 * DAY):
        clock(START + moment)
        matching.watch_deliveries()
    sent = payloads(matching, "delivery_reminder_due")
    assert [r["reminder"] for r in sent] == ["halfway", "last_day"]
    assert {(r["donor_id"], r["seeker_id"]) for r in sent} == {
        (str(review["first"]), str(review["seeker"]))}
    assert match(matching, review["match_id"]).reminded == ["halfway", "last_day"]


def test_past_the_deadline_and_grace_the_request_goes_to_the_next_donor_and_the_unit_stays_out(
        matching, review, clock):
    clock(START + 10 * DAY)
    matching.watch_deliveries()
    assert match(matching, review["match_id"]).status == "accepted"   # the grace is not over
    clock(START + 10 * DAY + timedelta(minutes=1))
    matching.watch_deliveries()
    moved = match(matching, review["match_id"])
    assert (moved.status, moved.reassign_reason) == ("reassigned", "silent_past_grace")
    (event,) = payloads(matching, "match_reassigned")
    assert event["reason"] == "silent_past_grace" and event["deadline"].startswith("2026-12-08")
    assert available(matching, review["pledges"][0]) == 0    # paused by profiles, not offered
    # A round ran at once: the next donor is proposed, never the silent one again.
    latest = proposals(matching)[-1]
    assert (latest["donor_id"], latest["request_id"]) == (str(review["second"]),
                                                          str(review["request"]))
    assert request_status(matching, review["request"]) == "proposed"
    matching.watch_deliveries()
    assert len(payloads(matching, "match_reassigned")) == 1


def test_a_match_whose_help_was_given_is_neither_reminded_nor_moved(matching, review, clock):
    with Session(matching.db.get_bind()) as session, session.begin():
        session.execute(update(matching_store.Match).where(
            matching_store.Match.match_id == review["match_id"]).values(
            given_at=START + DAY, given_how="review_returned", given_on_time=True))
    for moment in (3.5 * DAY, 6.5 * DAY, 30 * DAY):
        clock(START + moment)
        matching.watch_deliveries()
    assert payloads(matching, "delivery_reminder_due") == []
    assert payloads(matching, "match_reassigned") == []
    assert match(matching, review["match_id"]).status == "accepted"


def test_only_the_seeker_asks_for_another_donor_and_only_past_the_deadline(matching, review,
                                                                           clock):
    ask_for = matching.ask_another_donor
    with pytest.raises(Conflict, match="deadline has not passed"):
        ask_for(match_id=review["match_id"], person_id=review["seeker"])
    clock(START + 7 * DAY + timedelta(seconds=1))
    with pytest.raises(Forbidden):
        ask_for(match_id=review["match_id"], person_id=review["first"])
    with pytest.raises(NotFound):
        ask_for(match_id=review["match_id"], person_id=review["second"])
    moved = ask_for(match_id=review["match_id"], person_id=review["seeker"])
    assert (moved["status"], moved["reassign_reason"]) == ("reassigned", "asked_by_seeker")
    assert ask_for(match_id=review["match_id"], person_id=review["seeker"])["status"] == \
        "reassigned"
    assert len(payloads(matching, "match_reassigned")) == 1
    assert proposals(matching)[-1]["donor_id"] == str(review["second"])


def test_a_donor_once_silent_carries_it_in_the_next_rounds_explained(matching, review, clock):
    clock(START + 11 * DAY)
    matching.watch_deliveries()
    # A new seeker, and the silent donor with a new unit: their record now weighs, and says so.
    newcomer = candidate(matching, target_occupation="M1805")
    pledge(matching, review["first"], kind="cv_review")
    ask(matching, newcomer, kind="cv_review")
    matching.run_round(kind="cv_review")
    (theirs,) = [p for p in proposals(matching) if p["seeker_id"] == str(newcomer)]
    assert theirs["donor_id"] == str(review["first"])   # still the best fit, a little less
    assert {"code": "often_late", "params": {"missed": 1, "count": 1}} in theirs["reasons"]
    explained = matching.explain(match_id=theirs["match_id"], person_id=newcomer)
    terms = {t["term"]: t["weight"] for t in explained["terms"]}
    assert terms["track_record"] == pytest.approx(-1 / 3, abs=1e-3)
    assert "en retard ou sans nouvelles : 1 sur 1" in explained["reasons"]   # a French reader


# --- notifications: who is told, as their preferences say ---------------------------------------

@pytest.fixture
def notifications(sqlite_session_factory):
    return make_service(NotificationsService, notifications_package, sqlite_session_factory,
                        config=service_config({}))


def moved_on(seeker, donor, reason="silent_past_grace"):
    return {"match_id": uuid.uuid4(), "kind": "cv_review", "request_id": uuid.uuid4(),
            "pledge_id": uuid.uuid4(), "seeker_id": seeker, "donor_id": donor, "remote": True,
            "reason": reason, "deadline": START}


def test_a_request_moved_on_no_longer_counts_the_silent_donor_as_having_helped(notifications):
    ada, bruno = contact(notifications, "Ada", "Lovelace"), contact(notifications, "Bruno", "E")
    moved = moved_on(ada, bruno)
    deliver(notifications, events.MATCH_ACCEPTED, {
        key: moved[key] for key in ("match_id", "kind", "request_id", "pledge_id", "seeker_id",
                                    "donor_id", "remote")})
    helped = lambda: fetch_count(notifications, moved["pledge_id"])  # noqa: E731
    assert helped() == 1
    deliver(notifications, events.MATCH_REASSIGNED, moved)
    assert helped() == 0
    assert "match_reassigned" in events_told(notifications, ada)
    assert "match_reassigned" in events_told(notifications, bruno)


def test_a_reminder_is_always_in_the_inbox_and_emailed_as_the_donors_preferences_say(
        notifications):
    ada, bruno = contact(notifications, "Ada", "Lovelace"), contact(notifications, "Bruno", "E")
    notifications.notification_preferences(person_id=bruno, modes={"reminders": "off"})
    deliver(notifications, events.DELIVERY_REMINDER_DUE, {
        "match_id": uuid.uuid4(), "kind": "cv_review", "donor_id": bruno, "seeker_id": ada,
        "deadline": START, "reminder": "halfway"})
    assert events_told(notifications, bruno)[-1] == "delivery_reminder_due"   # in the inbox
    assert [e for e in emails(notifications) if e.category == "reminders"] == []  # no email
    assert "delivery_reminder_due" not in events_told(notifications, ada)


def fetch_count(notifications, pledge_id):
    with Session(notifications.db.get_bind()) as session:
        return notifications_store.people_helped(session, pledge_id)
