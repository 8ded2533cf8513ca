"""What operators ask the services over RabbitMQ, on PostgreSQL: the parked messages of matching
and notifications (a handler failing past INBOX_MAX_ATTEMPTS, an email SMTP keeps refusing),
listed by id only and replayed by id; the round reports; the pledge, match and outcome figures."""
import json
import uuid

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

import services.matching.service as matching_service
import services.notifications.service as notifications_service
from services.matching import store as matching_store
from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.erasure import is_erased
from shared.messaging.outbox import broker_publisher, envelope
from support import (COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, count, register_confirmed,
                     wait_until)


class Breakable:
    """`is_erased` as a service module calls it, failing while `broken`: a real handler that
    raises, as a database error or a bug would make it."""

    def __init__(self):
        self.broken = True

    def __call__(self, session, *person_ids):
        if self.broken:
            raise RuntimeError("the handler is broken")
        return is_erased(session, *person_ids)


@pytest.fixture
def cluster_of(runner_factory, config):
    proxies = []

    def start(*services, **overrides):
        settings = {**config, "ROUND_EVERY_MINUTES": 0, **overrides}
        runner_factory(settings, *services).start()
        proxy = ClusterRpcProxy(settings, timeout=15)
        proxies.append(proxy)
        return proxy.start()

    yield start
    for proxy in proxies:
        proxy.stop()


def parked_list(cluster, service, **page):
    return getattr(cluster, service).parked_messages(**page)


def parked_when(cluster, service, total):
    """The first page of the service's parked list once it counts and shows `total` items (the
    count and the page are read one after the other: an item parked in between is in one only)."""
    return wait_until(f"{total} item(s) parked in {service}",
                      lambda: (page := parked_list(cluster, service))["total"] == total
                      and len(page["items"]) == min(total, page["page_size"]) and page)


def test_matching_lists_a_handlers_parked_messages_by_id_and_replays_the_ones_named(
        cluster_of, config, monkeypatch):
    handler = Breakable()
    monkeypatch.setattr(matching_service, "is_erased", handler)
    cluster = cluster_of(ProfilesService, MatchingService)
    person = register_confirmed(cluster, config, DONOR)
    pledge = cluster.profiles.make_pledge(person_id=person["id"], kind="coffee", quantity=2)

    listed = parked_when(cluster, "matching", 2)
    assert listed["service"] == "matching" and (listed["page"], listed["page_size"]) == (1, 20)
    by_event = {item["event"]: item for item in listed["items"]}
    assert set(by_event) == {"person_registered", "pledge_made"}
    for item in listed["items"]:
        assert item["channel"] == "inbox" and item["attempts"] == config["INBOX_MAX_ATTEMPTS"]
        assert item["reason"] == "RuntimeError: the handler is broken"
        assert item["received_at"] <= item["parked_at"]
        assert item["ids"]["person_id"] == person["id"]
    assert by_event["pledge_made"]["ids"]["pledge_id"] == pledge["id"]
    # Ids only: nothing that says who the person is.
    shown = json.dumps(listed)
    assert "Philibert" not in shown and "philibert@example.org" not in shown
    # Pages of one, the last parked first.
    first, second = (parked_list(cluster, "matching", page=n, page_size=1) for n in (1, 2))
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [
        item["id"] for item in listed["items"]]
    assert first["items"][0]["parked_at"] >= second["items"][0]["parked_at"]

    handler.broken = False
    replayed = cluster.matching.replay_parked(ids=[by_event["pledge_made"]["id"],
                                                   str(uuid.uuid4())])
    assert replayed == {"replayed": 1}
    engine = make_engine(database_url(config, "matching"))
    wait_until("the replayed pledge to be offered",
               lambda: count(engine, matching_store.Offer.__table__) == 1)
    left = parked_list(cluster, "matching")
    assert [item["event"] for item in left["items"]] == ["person_registered"]
    assert count(engine, matching_store.Candidate.__table__) == 0  # not named, not replayed

    assert cluster.matching.replay_parked(ids=[left["items"][0]["id"]]) == {"replayed": 1}
    wait_until("the replayed registration to be applied",
               lambda: count(engine, matching_store.Candidate.__table__) == 1)
    assert parked_list(cluster, "matching")["total"] == 0


def test_notifications_lists_parked_emails_and_messages_together_and_replays_both(
        cluster_of, config, smtp, monkeypatch):
    handler = Breakable()
    handler.broken = False
    monkeypatch.setattr(notifications_service, "is_erased", handler)
    cluster = cluster_of(ProfilesService, NotificationsService,
                         EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", EMAIL_RETRY_SECONDS=0.05,
                         EMAIL_MAX_ATTEMPTS=2)
    person = register_confirmed(cluster, config, DONOR)
    wait_until("the confirmation email to be sent", lambda: len(smtp.messages()) == 1)
    smtp.fail_next(1000)
    cluster.profiles.make_pledge(person_id=person["id"], kind="coffee", quantity=2)
    (email,) = parked_when(cluster, "notifications", 1)["items"]
    handler.broken = True
    cluster.profiles.make_pledge(person_id=person["id"], kind="cv_review", quantity=1)

    listed = parked_when(cluster, "notifications", 2)
    message, parked_email = listed["items"]  # the last parked first
    assert parked_email == email
    assert (message["channel"], message["event"]) == ("inbox", "pledge_made")
    assert message["ids"]["person_id"] == person["id"]
    assert (email["channel"], email["event"]) == ("email", "pledges")
    assert email["ids"]["person_id"] == person["id"] and email["attempts"] == 2
    assert "451" in email["reason"]
    shown = json.dumps(listed)
    assert "philibert@example.org" not in shown and "Philibert" not in shown

    handler.broken = False
    smtp.fail_next(0)
    replayed = cluster.notifications.replay_parked(ids=[item["id"] for item in listed["items"]])
    assert replayed == {"replayed": 2}
    # The first pledge's thanks, and the second's, which the replayed message queued.
    wait_until("both emails to arrive", lambda: len(smtp.messages()) == 3)
    assert parked_list(cluster, "notifications")["total"] == 0


def test_the_figures_of_a_pledge_matched_accepted_and_met(cluster_of, config):
    cluster = cluster_of(ProfilesService, MatchingService)
    donor = register_confirmed(cluster, config, DONOR)
    seeker = register_confirmed(cluster, config, SEEKER)
    pledge = cluster.profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=2,
                                          remote=False, radius_km=10)
    cluster.profiles.request_help(person_id=seeker["id"], kind="coffee")
    rounds = []

    def proposed():
        rounds.append(cluster.matching.run_round(kind="coffee"))
        return cluster.matching.matches_of(person_id=seeker["id"])
    (match,) = wait_until("a proposal", proposed)
    assert cluster.matching.pledge_outcomes(person_id=donor["id"]) == [
        {"pledge_id": pledge["id"], "kind": "coffee", "units_matched": 0, "people_helped": 0,
         "waiting": 1, "meetings_held": 0}]
    cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
    wait_until("profiles to count the unit used",
               lambda: cluster.profiles.pledges_of(person_id=donor["id"])[0]["remaining"] == 1)

    # Round reports, the last first, a page at a time.
    cluster.matching.run_round(kind="cv_review")
    latest = cluster.matching.rounds(page=1, page_size=1)
    assert latest["total"] == len(rounds) + 1
    assert latest["items"][0]["kind"] == "cv_review"
    coffee = cluster.matching.rounds(kind="coffee", page=1, page_size=100)
    assert [r["id"] for r in coffee["items"]] == [r["id"] for r in reversed(rounds)]
    assert coffee["items"][0]["matched"] == 1 and coffee["items"][0]["edges"] >= 1
    assert {"greedy_matched", "stable_matched", "mean_affinity"} <= set(coffee["items"][0])

    pledges = cluster.profiles.pledge_figures()
    (coffees,) = [k for k in pledges["kinds"] if k["kind"] == "coffee"]
    assert coffees == {"kind": "coffee", "pledges": 1, "units_pledged": 2, "units_used": 1,
                       "pledges_fulfilled": 0}
    assert len(pledges["kinds"]) == 5
    assert (pledges["people"], pledges["people_by_role"]["time_donor"],
            pledges["people_by_role"]["job_seeker"], pledges["people_by_role"]["mentor"]) == (
        2, 1, 1, 0)

    # Scheduling says the two met; matching counts it for the pledge and the figures.
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    publish(envelope(str(uuid.uuid4()), "meeting_held", utcnow(), events.MEETING_HELD.to_wire({
        "meeting_id": uuid.uuid4(), "match_id": match["match_id"], "kind": "coffee",
        "attendee_ids": [donor["id"], seeker["id"]], "start": utcnow()})))
    (outcome,) = wait_until("the meeting to count", lambda: [
        o for o in cluster.matching.pledge_outcomes(person_id=donor["id"]) if o["meetings_held"]])
    assert outcome == {"pledge_id": pledge["id"], "kind": "coffee", "units_matched": 1,
                       "people_helped": 1, "waiting": 0, "meetings_held": 1}
    assert cluster.matching.pledge_outcomes(person_id=seeker["id"]) == []

    figures = cluster.matching.match_figures()
    (coffee_matches,) = [k for k in figures["kinds"] if k["kind"] == "coffee"]
    assert {key: coffee_matches[key] for key in ("requests", "proposed", "accepted", "held")} == {
        "requests": 1, "proposed": 1, "accepted": 1, "held": 1}
    # Asked and accepted within this test: well under an hour.
    assert 0 <= coffee_matches["median_hours_to_match"] <= coffee_matches["p90_hours_to_match"] < 1
    assert "requested_at" in figures["time_to_match"]
