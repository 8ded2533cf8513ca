"""Profiles counts a pledge's units from matching's news of each match (accepted, cancelled, help
given, reassigned), once each whatever the order, and the donor resumes or releases the units
paused after a silent match; matching offers resumed units again. Through nameko's worker_factory
on a real migrated SQLite database, as test_services_with_worker_factory.py does."""
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy.orm import Session

import services.matching as matching_package
import services.profiles as profiles_package
from services.matching.service import MatchingService
from services.profiles import store as profiles_store
from services.profiles.service import ProfilesService
from shared.config import service_config
from shared.contracts import events
from shared.errors import NotFound
from test_services_with_worker_factory import (
    accepted_match, available, candidate, deliver, fetch, make_service, payloads, pledge, read,
    refused_fields, register, someone, stored_request_status)

GIVEN_AT = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def profiles(sqlite_session_factory):
    return make_service(ProfilesService, profiles_package, sqlite_session_factory)


@pytest.fixture
def matching(sqlite_session_factory):
    return make_service(MatchingService, matching_package, sqlite_session_factory,
                        config=service_config({}))


@pytest.fixture
def one_unit(profiles):
    """A donor's pledge of one CV review, a seeker's request for one, and their accepted match."""
    donor, seeker = register(profiles), someone(profiles, "Grace")
    pledged = profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=1)
    request = profiles.request_help(person_id=seeker["id"], kind="cv_review")
    return {"donor": donor["id"], "seeker": seeker["id"], "pledge": pledged,
            "request": request, "match": accepted_match(pledged, request)}


def given(match, **changes):
    return {**{key: match[key] for key in ("match_id", "kind", "request_id", "pledge_id",
                                           "seeker_id", "donor_id")},
            "how": "review_returned", "given_at": GIVEN_AT, "on_time": True, **changes}


def reassigned(match):
    return {**match, "reason": "silent_past_grace", "deadline": GIVEN_AT}


def units_of(profiles, one_unit):
    (shown,) = [p for p in read(profiles, "pledges_of", person_id=one_unit["donor"])
                if p["id"] == one_unit["pledge"]["id"]]
    return shown["status"], shown["units"], shown["unit_states"]


def test_an_accepted_match_puts_the_unit_in_progress_and_the_pledge_is_not_fulfilled(
        profiles, one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    status, units, states = units_of(profiles, one_unit)
    assert status == "matched"
    assert units == {"remaining": 0, "in_progress": 1, "given": 0, "paused": 0, "released": 0}
    assert states == ["in_progress"]
    assert stored_request_status(profiles, one_unit["request"]) == "matched"
    assert payloads(profiles, "pledge_closed") == []


def test_the_last_unit_given_fulfils_the_pledge_and_closes_it_once(profiles, one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    for _ in range(2):    # published twice (under two message ids): counted once
        deliver(profiles, events.HELP_GIVEN, given(one_unit["match"]))
    status, units, states = units_of(profiles, one_unit)
    assert (status, units["given"], units["in_progress"], states) == ("fulfilled", 1, 0, ["given"])
    assert stored_request_status(profiles, one_unit["request"]) == "fulfilled"
    assert payloads(profiles, "pledge_closed") == [
        {"id": one_unit["pledge"]["id"], "person_id": one_unit["donor"], "status": "fulfilled"}]


def test_help_given_arriving_before_the_acceptance_counts_the_unit_once(profiles, one_unit):
    deliver(profiles, events.HELP_GIVEN, given(one_unit["match"]))
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    status, units, _ = units_of(profiles, one_unit)
    assert (status, units["given"], units["remaining"]) == ("fulfilled", 1, 0)
    assert stored_request_status(profiles, one_unit["request"]) == "fulfilled"
    assert len(payloads(profiles, "pledge_closed")) == 1


def test_a_reassigned_match_pauses_the_unit_and_reopens_the_request(profiles, one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    for _ in range(2):
        deliver(profiles, events.MATCH_REASSIGNED, reassigned(one_unit["match"]))
    status, units, states = units_of(profiles, one_unit)
    assert (status, units["paused"], units["in_progress"], states) == ("matched", 1, 0, ["paused"])
    assert stored_request_status(profiles, one_unit["request"]) == "open"
    assert payloads(profiles, "pledge_closed") == []


def test_resuming_offers_the_paused_unit_again_and_tells_matching_once(profiles, one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    deliver(profiles, events.MATCH_REASSIGNED, reassigned(one_unit["match"]))
    shown = profiles.resume_pledge(person_id=one_unit["donor"],
                                   pledge_id=one_unit["pledge"]["id"])
    assert (shown["status"], shown["remaining"], shown["unit_states"]) == ("open", 1, ["offered"])
    assert payloads(profiles, "pledge_resumed") == [
        {"pledge_id": one_unit["pledge"]["id"], "person_id": one_unit["donor"], "units": 1}]
    # Nothing is paused any more: a second "yes" is refused by name, and nothing is sent again.
    assert list(refused_fields(profiles.resume_pledge, person_id=one_unit["donor"],
                               pledge_id=one_unit["pledge"]["id"])) == ["paused"]
    assert len(payloads(profiles, "pledge_resumed")) == 1


def test_releasing_the_paused_unit_of_a_pledge_that_gave_nothing_withdraws_it(profiles, one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    deliver(profiles, events.MATCH_REASSIGNED, reassigned(one_unit["match"]))
    shown = profiles.release_pledge(person_id=one_unit["donor"],
                                    pledge_id=one_unit["pledge"]["id"])
    assert (shown["status"], shown["unit_states"]) == ("withdrawn", ["released"])
    assert payloads(profiles, "pledge_closed") == [
        {"id": one_unit["pledge"]["id"], "person_id": one_unit["donor"], "status": "withdrawn"}]
    assert payloads(profiles, "pledge_resumed") == []


def test_only_the_donor_resumes_or_releases_and_nothing_paused_is_refused_by_name(profiles,
                                                                                  one_unit):
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    for method in ("resume_pledge", "release_pledge"):
        with pytest.raises(NotFound):
            getattr(profiles, method)(person_id=one_unit["seeker"],
                                      pledge_id=one_unit["pledge"]["id"])
        assert list(refused_fields(getattr(profiles, method), person_id=one_unit["donor"],
                                   pledge_id=one_unit["pledge"]["id"])) == ["paused"]
    stored = fetch(profiles, profiles_store.Pledge, uuid.UUID(one_unit["pledge"]["id"]))
    assert (stored.remaining, stored.paused, stored.status) == (0, 0, "matched")


def test_matching_offers_resumed_units_again(matching):
    donor = candidate(matching)
    pledge_id = pledge(matching, donor, quantity=2)
    deliver(matching, events.PLEDGE_RESUMED, {"pledge_id": pledge_id, "person_id": donor,
                                              "units": 1})
    assert available(matching, pledge_id) == 3
    deliver(matching, events.PLEDGE_CLOSED, {"id": pledge_id, "person_id": donor,
                                             "status": "withdrawn"})
    deliver(matching, events.PLEDGE_RESUMED, {"pledge_id": pledge_id, "person_id": donor,
                                              "units": 1})
    assert available(matching, pledge_id) == 0      # a closed offer stays closed


def test_the_operators_count_a_pledge_fulfilled_once_its_units_are_given_not_matched(profiles,
                                                                                   one_unit):
    def fulfilled():
        (reviews,) = [k for k in read(profiles, "pledge_figures")["kinds"]
                      if k["kind"] == "cv_review"]
        return reviews["pledges_fulfilled"]
    deliver(profiles, events.MATCH_ACCEPTED, one_unit["match"])
    assert fulfilled() == 0
    deliver(profiles, events.HELP_GIVEN, given(one_unit["match"]))
    assert fulfilled() == 1


def test_withdrawing_an_open_pledge_releases_its_paused_units_too(profiles):
    donor, seeker = register(profiles), someone(profiles, "Grace")
    pledged = profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=2)
    match = accepted_match(pledged, profiles.request_help(person_id=seeker["id"],
                                                          kind="cv_review"))
    deliver(profiles, events.MATCH_ACCEPTED, match)
    deliver(profiles, events.MATCH_REASSIGNED, reassigned(match))
    shown = profiles.withdraw_pledge(person_id=donor["id"], pledge_id=pledged["id"])
    assert (shown["status"], shown["unit_states"]) == ("withdrawn", ["withdrawn", "released"])
    assert payloads(profiles, "pledge_closed") == [
        {"id": pledged["id"], "person_id": donor["id"], "status": "withdrawn"}]


def test_help_given_on_a_unit_matched_before_units_were_counted_by_match_uses_that_unit(
        profiles):
    # Before match_units, an acceptance only took the unit out of `remaining`: two units of this
    # pledge are in progress that no counted match accounts for.
    donor, seeker = register(profiles), someone(profiles, "Grace")
    pledged = profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=3)
    with Session(profiles.db.get_bind()) as session, session.begin():
        session.get(profiles_store.Pledge, uuid.UUID(pledged["id"])).remaining = 1
    request = profiles.request_help(person_id=seeker["id"], kind="cv_review")
    deliver(profiles, events.HELP_GIVEN, given(accepted_match(pledged, request)))
    (shown,) = read(profiles, "pledges_of", person_id=donor["id"])
    assert shown["units"] == {"remaining": 1, "in_progress": 1, "given": 1, "paused": 0,
                              "released": 0}
