"""Matching's outlook RPC (issue 16) through nameko's worker_factory on a migrated SQLite database:
the market it counts is the round's own (the same requests, offers and rules), the next round
follows the last one of the kind, a request with a proposal waiting is "proposed" with its
answer-by, and a sponsor's deck is counted over the feed's deck."""
from datetime import datetime, timedelta, timezone

import pytest

import services.matching as matching_package
from services.matching.service import MatchingService
from shared.config import service_config
from test_services_with_worker_factory import (ask, candidate, candidate_with, make_service,
                                               pledge, proposals, read)

NOW = datetime(2026, 12, 8, 16, 35, tzinfo=timezone.utc)


@pytest.fixture
def matching(sqlite_session_factory, monkeypatch):
    for where in ("services.matching.service.utcnow", "services.matching.outlook.utcnow",
                  "services.matching.rounds_on_arrival.utcnow"):
        monkeypatch.setattr(where, lambda: NOW)
    # The schedule's rounds alone; test_a_request_waits_for_the_round_its_arrival_made_due
    # switches rounds on arrivals on.
    return make_service(MatchingService, matching_package, sqlite_session_factory,
                        config={**service_config({}), "ROUND_DEBOUNCE_SECONDS": 0})


def outlook(matching, person_id):
    return read(matching, "outlook", person_id=str(person_id))


def test_an_open_request_shows_the_next_round_and_who_the_rules_leave_out(matching):
    seeker = candidate(matching, languages=("fr",))
    english = [candidate(matching, languages=("en",)) for _ in range(2)]
    for donor in english:
        pledge(matching, donor, kind="cv_review")
    request = ask(matching, seeker, kind="cv_review")

    before = outlook(matching, seeker)
    (shown,) = before["requests"]
    assert (shown["request_id"], shown["state"]) == (str(request), "open")
    # No round of the kind yet: the timer runs one at its next tick.
    assert shown["next_round_at"] == (NOW + timedelta(seconds=60)).isoformat()
    assert shown["reach"]["total"] == 2 and shown["reach"]["reachable"] == 0
    assert shown["reach"]["excluded"] == {"language": 2}
    assert shown["reach"]["widenings"] == [{"change": "language", "value": "en", "more": 2}]
    assert (shown["reach"]["open_requests"], shown["reach"]["free_units"]) == (1, 2)

    matching.run_round(kind="cv_review")
    assert proposals(matching) == []   # the round agrees: nobody it could propose
    (shown,) = outlook(matching, seeker)["requests"]
    assert shown["next_round_at"] == (NOW + timedelta(minutes=60)).isoformat()

    # The donor's side: one open request, in a language they do not speak.
    (offer,) = outlook(matching, english[0])["offers"]
    assert offer["reach"]["excluded"] == {"language": 1}
    assert {"change": "language", "value": "fr", "more": 1} in offer["reach"]["widenings"]


def test_a_request_waits_for_the_round_its_arrival_made_due(matching):
    matching.config = {**matching.config, "ROUND_DEBOUNCE_SECONDS": 30}
    seeker = candidate(matching)
    ask(matching, seeker, kind="coffee")
    (shown,) = outlook(matching, seeker)["requests"]
    assert shown["next_round_at"] == (NOW + timedelta(seconds=30)).isoformat()


def test_a_request_with_a_proposal_waiting_is_proposed_until_its_answer_by(matching):
    seeker, donor = candidate(matching), candidate(matching)
    pledge(matching, donor, kind="cv_review")
    ask(matching, seeker, kind="cv_review")
    matching.run_round(kind="cv_review")
    (proposal,) = proposals(matching)
    (shown,) = outlook(matching, seeker)["requests"]
    assert shown["state"] == "proposed" and shown["reach"] is None
    assert shown["answer_by"] == (NOW + timedelta(hours=72)).isoformat()
    (match,) = read(matching, "matches_of", person_id=str(seeker))
    assert match["answer_by"] == shown["answer_by"]
    # The donor's only unit went to that proposal: nothing left to count for it.
    (offer,) = outlook(matching, donor)["offers"]
    assert offer["available"] == 0 and offer["reach"] is None


def test_rounds_on_demand_only_have_no_next_round(matching):
    matching.config = {**matching.config, "ROUND_EVERY_MINUTES": 0}
    seeker = candidate(matching)
    ask(matching, seeker, kind="coffee")
    found = outlook(matching, seeker)
    assert found["round_every_minutes"] is None
    assert found["requests"][0]["next_round_at"] is None


def test_a_sponsors_deck_is_counted_over_the_feed(matching):
    sponsor = candidate_with(matching, roles=["sponsor"], languages=["de"], latitude=48.8574,
                             longitude=2.3795,
                             sponsor={"capacity": 1, "occupations": [], "radius_km": 15})
    candidate_with(matching, roles=["job_seeker"], languages=["fr"], latitude=48.8642,
                   longitude=2.4432)
    deck = outlook(matching, sponsor)["deck"]
    assert (deck["total"], deck["reachable"], deck["excluded"]) == (1, 0, {"language": 1})
    assert deck["widenings"] == [{"change": "language", "value": "fr", "more": 1}]
    assert read(matching, "feed", sponsor_id=str(sponsor))["total"] == 0
    assert outlook(matching, candidate(matching))["deck"] is None   # not a sponsor
