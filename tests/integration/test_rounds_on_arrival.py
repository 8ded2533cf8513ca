"""Rounds on arrivals, on RabbitMQ and PostgreSQL: a request or a unit arriving makes a round of its
kind run soon (ROUND_DEBOUNCE_SECONDS), once per burst, once per message however often it is
delivered, after a restart too, and rounds racing never propose a request or a unit twice."""
import uuid
from datetime import date, timedelta

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import func, insert, select

from services.matching import store
from services.matching.service import MatchingService
from services.profiles.service import ProfilesService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.outbox import broker_publisher, envelope
from support import COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, count, register_confirmed, \
    wait_until

WINDOW = 3            # ROUND_DEBOUNCE_SECONDS in these tests
CHECK = 0.2           # ROUND_DUE_CHECK_SECONDS
# Past this long after a round, a second one caused by the same arrivals would have run.
QUIET = WINDOW + 10 * CHECK + 2


def stays(what, check, seconds):
    """Poll `check` for `seconds`, failing as soon as it is false: waiting past the point where a
    second round would have come, to assert there is none."""
    deadline = utcnow() + timedelta(seconds=seconds)
    while utcnow() < deadline:
        assert check(), what
        eventlet.sleep(0.1)   # the services' green threads go on meanwhile
    assert check(), what


@pytest.fixture
def start(runner_factory, config):
    proxies, runners = [], []

    def start_services(*services, **overrides):
        settings = {**config, "ROUND_EVERY_MINUTES": 0, "ROUND_DEBOUNCE_SECONDS": WINDOW,
                    "ROUND_DUE_CHECK_SECONDS": CHECK, **overrides}
        runner = runner_factory(settings, *services)
        runner.start()
        runners.append(runner)
        proxy = ClusterRpcProxy(settings, timeout=30)
        proxies.append(proxy)
        return proxy.start(), runner

    yield start_services
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def engine(config):
    engine = make_engine(database_url(config, "matching"))
    yield engine
    engine.dispose()


def rounds(engine, kind=None):
    return count(engine, store.Round.__table__,
                 *([store.Round.kind == kind] if kind else []))


def person(base, n):
    return {**base, "email": f"{n}.{base['email']}", "first_name": f"{base['first_name']}{n}"}


def test_a_help_request_gets_a_proposal_without_anybody_running_a_round(start, config, engine):
    cluster, _ = start(ProfilesService, MatchingService)
    donor = register_confirmed(cluster, config, DONOR)
    seeker = register_confirmed(cluster, config, SEEKER)
    cluster.profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=1)
    cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

    proposals = wait_until("a proposal made by a round nobody asked for",
                           lambda: cluster.matching.matches_of(person_id=seeker["id"]))
    assert [(m["kind"], m["status"], m["donor_id"]) for m in proposals] == [
        ("cv_review", "proposed", donor["id"])]


def test_a_burst_of_requests_within_the_window_gives_exactly_one_round(start, config, engine):
    cluster, _ = start(ProfilesService, MatchingService)
    donor = register_confirmed(cluster, config, DONOR)
    seekers = [register_confirmed(cluster, config, person(SEEKER, n)) for n in range(5)]
    assert rounds(engine) == 0   # people registering are no requests nor units

    cluster.profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=5)
    for seeker in seekers:
        cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

    wait_until("a round", lambda: rounds(engine) == 1)
    stays("one round for the whole burst", lambda: rounds(engine) == 1, QUIET)
    with engine.connect() as connection:
        assert connection.execute(select(store.Round.matched)).scalar_one() == 5
    assert count(engine, store.RoundDue.__table__) == 0   # nothing left due


def help_requested(message_id, person_id):
    return envelope(message_id, events.HELP_REQUESTED.name, utcnow(),
                    events.HELP_REQUESTED.to_wire({
                        "request_id": uuid.uuid4(), "person_id": person_id, "kind": "coffee",
                        "note": "", "requested_at": utcnow()}))


def test_the_same_help_requested_delivered_twice_schedules_one_round(start, config, engine):
    start(MatchingService)
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    message = help_requested(str(uuid.uuid4()), uuid.uuid4())
    publish(message)
    wait_until("the round the request made due", lambda: rounds(engine, "coffee") == 1)

    publish(message)   # delivered again after its round ran: already applied, nothing is due
    stays("still one round", lambda: rounds(engine, "coffee") == 1, QUIET)
    assert count(engine, store.RoundDue.__table__) == 0


def test_a_due_round_survives_a_restart(start, config, engine):
    # The first matching never looks for due rounds (its timer would first tick in an hour).
    _, first = start(MatchingService, ROUND_DUE_CHECK_SECONDS=3600)
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    publish(help_requested(str(uuid.uuid4()), uuid.uuid4()))
    wait_until("the round due, written", lambda: count(engine, store.RoundDue.__table__) == 1)
    first.kill()   # as a crash: nothing is flushed on the way out
    assert rounds(engine) == 0

    start(MatchingService)
    wait_until("the due round, run after the restart", lambda: rounds(engine, "coffee") == 1)
    wait_until("nothing left due", lambda: count(engine, store.RoundDue.__table__) == 0)


def contested_market(engine, seekers=400, donors=150):
    """More requests than units, one unit a donor, written straight into the read model, so that
    rounds running at once all want the same units."""
    now = utcnow()
    card = dict(languages=["fr"], skills=["python", "sql"], occupation="D1301",
                target_occupation="M1805", display_name="Someone E.", own_words="",
                accepts_sponsors=False, first_seen_at=now)
    seeker_ids = [uuid.uuid4() for _ in range(seekers)]
    donor_ids = [uuid.uuid4() for _ in range(donors)]
    with engine.begin() as connection:
        connection.execute(insert(store.Candidate), [
            {**card, "person_id": p, "roles": ["job_seeker"]} for p in seeker_ids] + [
            {**card, "person_id": p, "occupation": "M1805", "roles": ["time_donor"]}
            for p in donor_ids])
        connection.execute(insert(store.Request), [
            {"request_id": uuid.uuid4(), "person_id": p, "kind": "cv_review", "status": "open",
             "requested_at": now - timedelta(hours=i % 48)} for i, p in enumerate(seeker_ids)])
        connection.execute(insert(store.Offer), [
            {"pledge_id": uuid.uuid4(), "person_id": p, "kind": "cv_review", "available": 1,
             "valid_until": date.today() + timedelta(days=30), "remote": True, "closed": False,
             "radius_km": None} for p in donor_ids])
        # And a round due on arrivals right now, for the timer to run alongside.
        connection.execute(insert(store.RoundDue).values(kind="cv_review", due_at=now))
    return donors


def test_rounds_racing_never_propose_a_request_or_a_unit_twice(start, engine):
    cluster, _ = start(MatchingService)
    units = contested_market(engine)

    replies = [cluster.matching.run_round.call_async(kind="cv_review") for _ in range(3)]
    reports = [reply.result() for reply in replies]
    wait_until("the due round, run", lambda: count(engine, store.RoundDue.__table__) == 0)

    with engine.connect() as connection:
        per_request = connection.execute(select(store.Match.request_id, func.count())
                                         .group_by(store.Match.request_id)).all()
        per_unit = connection.execute(select(store.Match.pledge_id, func.count())
                                      .group_by(store.Match.pledge_id)).all()
        made = connection.execute(select(func.sum(store.Round.matched))).scalar_one()
        left = connection.execute(select(func.min(store.Offer.available))).scalar_one()
    assert per_request and all(n == 1 for _, n in per_request)
    assert all(n == 1 for _, n in per_unit)
    assert len(per_request) == units == made   # every unit proposed once, and only once
    assert left == 0
    assert sum(r["matched"] for r in reports) <= units
