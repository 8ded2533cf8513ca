"""Operators through the HTTP API: every /api/operator route refuses everyone else; after a
journey an operator reads the round reports and an impact document with real numbers, and the
donor what their pledge achieved; on RabbitMQ, a poison message is listed and replayed."""
import uuid

import pytest

from binome.api_client import ApiError
from binome.journey import run_journey
from services.gateway.operator import ImpactDocument
from services.gateway.routing import routes_of
from services.gateway.service import GatewayService
from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.messaging.outbox import broker_publisher, envelope
from support import wait_until


def register(api, name):
    return api.register({
        "first_name": name, "last_name": "Opérations", "roles": ["time_donor"],
        "email": f"{name.lower()}.{uuid.uuid4().hex[:8]}@example.org"})


def operator_calls(api):
    """A call of every /api/operator route of the gateway, as (route, call)."""
    calls = []
    for route in routes_of(GatewayService):
        if not route.url.startswith("/api/operator/"):
            continue
        url = route.url.replace("<service>", "matching")
        if route.method == "GET":
            url += "?service=matching" if url.endswith("/parked") else ""
            calls.append((f"GET {url}", lambda url=url: api.get(url)))
        else:
            calls.append((f"{route.method} {url}",
                          lambda url=url: api.post(url, {"ids": [str(uuid.uuid4())]})))
    return calls


def status_of(call):
    with pytest.raises(ApiError) as refused:
        call()
    return refused.value.status


def test_every_operator_route_refuses_anyone_but_an_operator(embedded, operator):
    api, _ = embedded
    as_someone = api.as_person(register(api, "Sam"))
    routes = {name for name, _ in operator_calls(api)}
    assert routes == {"GET /api/operator/rounds", "GET /api/operator/parked?service=matching",
                      "POST /api/operator/parked/matching/replay", "GET /api/operator/impact",
                      "GET /api/operator/sponsors-ending-often"}

    for name, call in operator_calls(api):
        assert status_of(call) == 401, name
    for name, call in operator_calls(as_someone):
        assert status_of(call) == 403, name
    for name, call in operator_calls(operator):
        assert call() is not None, name


def test_an_operator_sees_the_rounds_and_the_impact_and_a_donor_what_a_pledge_achieved(
        embedded, operator):
    api, _ = embedded
    journey = run_journey(api, operator, say=lambda line: None)
    as_operator = operator

    rounds = as_operator.get("/api/operator/rounds?kind=coffee&page=1&page_size=50")
    assert rpc.RoundsPage().validate(rounds) == {}
    assert rounds["total"] >= 1 and (rounds["page"], rounds["page_size"]) == (1, 50)
    starts = [report["started_at"] for report in rounds["items"]]
    assert starts == sorted(starts, reverse=True)
    matched = [report for report in rounds["items"] if report["matched"]]
    assert matched and matched[0]["kind"] == "coffee"
    assert matched[0]["requests"] >= 1 and matched[0]["offers"] >= 1 and matched[0]["edges"] >= 1
    assert matched[0]["greedy_matched"] >= 1 and matched[0]["stable_matched"] >= 1
    only_one = as_operator.get("/api/operator/rounds?page=1&page_size=1")
    assert len(only_one["items"]) == 1 and only_one["total"] >= rounds["total"]

    def coffee(impact, part):
        return next(kind for kind in impact[part] if kind["kind"] == "coffee")

    # Profiles counts the unit used when it hears the acceptance: wait for it.
    impact = wait_until("the accepted coffee to count as used", lambda: (
        figures := as_operator.get("/api/operator/impact"))
        and coffee(figures, "pledges")["units_used"] >= 1 and figures)
    assert ImpactDocument().validate(impact) == {}
    pledges = coffee(impact, "pledges")
    assert pledges["pledges"] >= 1 and pledges["units_pledged"] >= 2
    matches = coffee(impact, "matches")
    assert matches["requests"] >= 1 and matches["proposed"] >= 1 and matches["accepted"] >= 1
    assert 0 <= matches["median_hours_to_match"] <= matches["p90_hours_to_match"]
    assert "requested_at" in impact["time_to_match"]
    # The same request's first proposal came before (or as) it was accepted.
    assert 0 <= matches["median_minutes_to_proposal"] <= matches["p90_minutes_to_proposal"]
    assert matches["median_minutes_to_proposal"] <= matches["median_hours_to_match"] * 60
    assert "proposed_at" in impact["time_to_proposal"]
    assert impact["people"]["total"] >= 3
    assert impact["people"]["by_role"]["time_donor"] >= 1
    assert impact["people"]["by_role"]["job_seeker"] >= 1
    assert impact["people"]["by_role"]["reconverting_worker"] >= 1
    assert {"held_per_week", "ratings", "mean_rating", "no_shows"} <= set(impact["meetings"])
    assert {kind["kind"] for kind in impact["pledges"]} >= {"cv_review", "cover_letter_review"}

    as_donor = api.as_person(journey.donor)
    (pledge,) = as_donor.items("/api/me/pledges")
    outcomes = as_donor.get("/api/me/pledge-outcomes")
    assert outcomes["total"] == 1
    assert outcomes["items"] == [{
        "pledge_id": pledge["id"], "kind": "coffee", "units_matched": 1, "people_helped": 1,
        "waiting": 0, "meetings_held": 0}]
    assert api.as_person(journey.seeker).get("/api/me/pledge-outcomes")["items"] == []


def test_an_operator_lists_a_poison_message_and_replays_it_on_rabbitmq(
        distributed, distributed_operator, rabbit_config):
    as_operator = distributed_operator
    assert as_operator.get("/api/operator/parked?service=matching")["total"] == 0

    # A meeting_held that breaks its contract: matching parks it at once, retrying cannot help.
    poison = envelope(str(uuid.uuid4()), "meeting_held", utcnow(),
                      {"meeting_id": "not an id", "email": "nora@example.org"})
    broker_publisher(rabbit_config["AMQP_URI"], events.EVENTS)(poison)

    listed = wait_until("the poison message to be parked", lambda: (
        page := as_operator.get("/api/operator/parked?service=matching&page=1&page_size=10"))
        ["total"] == 1 and page)
    assert rpc.ParkedPage().validate(listed) == {}
    (item,) = listed["items"]
    assert (listed["service"], item["channel"], item["event"]) == ("matching", "inbox",
                                                                   "meeting_held")
    assert "breaks the meeting_held contract" in item["reason"]
    assert item["ids"] == {"id": poison["id"]} and "nora@example.org" not in str(listed)
    for service in ("profiles", "scheduling", "notifications"):
        assert as_operator.get(f"/api/operator/parked?service={service}")["total"] == 0

    replayed = as_operator.post("/api/operator/parked/matching/replay", {"ids": [item["id"]]})
    assert replayed == {"replayed": 1}
    # Back in line (retried with a backoff, so parked again only after its attempts).
    assert as_operator.get("/api/operator/parked?service=matching")["total"] == 0
    with pytest.raises(ApiError) as refused:
        as_operator.post("/api/operator/parked/matching/replay", {"ids": ["not an id"]})
    assert refused.value.status == 400 and "ids" in refused.value.payload["error"]["fields"]
    with pytest.raises(ApiError) as refused:
        as_operator.get("/api/operator/parked?service=billing")
    assert refused.value.status == 400 and "service" in refused.value.payload["error"]["fields"]
