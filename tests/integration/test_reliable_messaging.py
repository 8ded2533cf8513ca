"""The messaging guarantees on RabbitMQ and PostgreSQL: retried then parked, not lost; one effect
per message; nothing lost when a service dies between its commit and its publish."""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from kombu import Exchange
from nameko.amqp.publish import Publisher
from nameko.dependency_providers import Config
from nameko.standalone.rpc import ClusterRpcProxy
from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from nameko.testing.utils import get_container
from sqlalchemy import insert, select

import services.matching.store as matching_store
import services.notifications.store as notifications_store
import services.profiles.store as profiles_store
from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import Database, make_engine, migrate, transaction
from shared.errors import InvalidInput
from shared.messaging.inbox import handles, parked
from shared.messaging.outbox import Outbox, OutboxRelay, append, broker_publisher, envelope
from shared.messaging.reliable import ReliableMessaging
from shared.messaging.tables import DONE, INBOX, OUTBOX, PARKED
from support import confirmation_link, count, wait_until

MATCHING_MIGRATIONS = Path(matching_store.__file__).parent / "migrations"

PERSON = {"first_name": "Inès", "last_name": "Roche", "email": "ines.roche@example.org",
          "roles": ["time_donor"]}


def registration(name, email, person_id=None):
    first_name, last_name = name.split(" ", 1)
    return {"person_id": person_id or uuid.uuid4(), "first_name": first_name,
            "last_name": last_name, "email": email, "phone": None, "locale": "fr",
            "timezone": "Europe/Paris", "roles": ["job_seeker"], "languages": ["fr"], "skills": [],
            "occupation": None, "target_occupation": None, "own_words": "", "neighbourhood": None,
            "latitude": None, "longitude": None, "availability": {}, "mentor": None,
            "sponsor": None, "accepts_sponsors": False, "changed_at": utcnow()}


def operator_command(config, *args):
    """Run `binome ARGS` as an operator would, against this test's databases."""
    binome = Path(sys.executable).parent / "binome"
    done = subprocess.run([str(binome), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, "DATABASE_URL": config["DATABASE_URL"]})
    return done.stdout


def engine_of(config, service):
    return make_engine(database_url(config, service))


class Switch:
    broken = True


class FlakyMatching(ReliableMessaging):
    """Matching's consumer of pledge_made, broken until the switch is turned off."""
    name = "matching"
    config = Config()
    db = Database(MATCHING_MIGRATIONS)
    outbox = Outbox(events.EVENTS)

    @handles(events.PLEDGE_MADE)
    def on_pledge_made(self, session, pledge):
        if Switch.broken:
            raise RuntimeError("the pledge handler is broken")
        session.execute(insert(matching_store.Offer).values(
            pledge_id=pledge["pledge_id"], person_id=pledge["person_id"], kind=pledge["kind"],
            available=pledge["quantity"], valid_until=pledge["valid_until"], remote=pledge["remote"]))


def registered(profiles, config):
    """PERSON, registered and confirmed by the link through the profiles container's own
    entrypoints: {"id"} of the person."""
    with entrypoint_hook(profiles, "register_person") as register:
        register(**PERSON)
    with entrypoint_hook(profiles, "redeem_sign_in") as redeem:
        signed = redeem(link_token=confirmation_link(config, PERSON["email"]))
    return {"id": signed["person_id"]}

def test_a_handler_that_raises_is_retried_then_parked_then_replayed(container_factory, config):
    Switch.broken = True
    profiles = container_factory(ProfilesService, config)
    matching = container_factory(FlakyMatching, config)
    profiles.start()
    matching.start()
    person = registered(profiles, config)
    with entrypoint_hook(profiles, "make_pledge") as pledge:
        pledge(person_id=person["id"], kind="coffee", quantity=2)
    engine = engine_of(config, "matching")

    stuck = wait_until("the message to be parked", lambda: parked(engine))
    assert [(row.event, row.attempts, row.status) for row in stuck] == [("pledge_made", 3, PARKED)]
    assert "the pledge handler is broken" in stuck[0].last_error
    assert count(engine, matching_store.Offer.__table__) == 0

    Switch.broken = False
    listed = operator_command(config, "parked", "matching")
    assert stuck[0].message_id in listed and "the pledge handler is broken" in listed
    assert "1 parked item(s) put back in line" in operator_command(config, "parked", "matching", "--replay")
    wait_until("the replayed message to be applied",
               lambda: count(engine, INBOX, INBOX.c.status == DONE) == 1)
    assert count(engine, matching_store.Offer.__table__) == 1
    assert parked(engine) == []


def test_a_message_delivered_twice_has_one_effect(container_factory, config):
    notifications = container_factory(NotificationsService, config)
    notifications.start()
    person_id = uuid.uuid4()
    message = envelope(str(uuid.uuid4()), "person_registered", utcnow(), events.PERSON_REGISTERED.to_wire(
        registration("Hugo Blanc", "hugo@example.org", person_id)))
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    for _ in range(2):
        with entrypoint_waiter(notifications, "on_person_registered"):
            publish(message)

    engine = engine_of(config, "notifications")
    table = notifications_store.Notification.__table__
    assert count(engine, table, table.c.person_id == person_id) == 1
    assert count(engine, INBOX) == 1


def test_a_service_killed_between_commit_and_publish_publishes_after_restart(
        container_factory, config, monkeypatch):
    with monkeypatch.context() as crash:
        # The process dies after the commit and before any relay runs.
        crash.setattr(OutboxRelay, "relay_pending", lambda self: 0)
        first = container_factory(ProfilesService, config)
        first.start()
        person = registered(first, config)
        first.kill()
    profiles = engine_of(config, "profiles")
    # The request to email the confirmation link, and the registration once confirmed.
    assert count(profiles, OUTBOX, OUTBOX.c.published_at.is_(None)) == 2

    notifications = container_factory(NotificationsService, config)
    notifications.start()
    container_factory(ProfilesService, config).start()

    contacts = engine_of(config, "notifications")
    contact = notifications_store.Contact.__table__
    wait_until("the registration to reach notifications",
               lambda: count(contacts, contact, contact.c.person_id == uuid.UUID(person["id"])) == 1)
    assert count(profiles, OUTBOX, OUTBOX.c.published_at.is_(None)) == 0


def test_an_unroutable_event_stays_in_the_outbox_as_an_error(config):
    engine = engine_of(config, "profiles")
    migrate(engine, Path(profiles_store.__file__).parent / "migrations")
    nowhere = Exchange("binome.nowhere", type="topic", durable=True)
    publisher = Publisher(config["AMQP_URI"], exchange=nowhere, declare=[nowhere],
                          use_confirms=True, mandatory=True, serializer="json", retry=False)
    with transaction(engine) as session:
        append(session, events.PERSON_REGISTERED, registration("Zoé Faure", "zoe@example.org"))

    relay = OutboxRelay(engine, lambda m: publisher.publish(m, routing_key=m["event"]))
    assert relay.relay_pending() == 0
    with engine.connect() as connection:
        row = connection.execute(select(OUTBOX)).one()
    assert row.published_at is None and "Undeliverable" in row.last_error

    assert OutboxRelay(engine, broker_publisher(config["AMQP_URI"], events.EVENTS)).relay_pending() == 1


@pytest.mark.parametrize("person, field", [
    ({**PERSON, "is_admin": True}, "is_admin"),
    ({**PERSON, "email": "not an address"}, "email"),
    ({k: v for k, v in PERSON.items() if k != "last_name"}, "last_name"),
])
def test_bad_rpc_input_names_the_field_and_writes_nothing(container_factory, config, person, field):
    container_factory(ProfilesService, config).start()
    with ClusterRpcProxy(config, timeout=10) as cluster:
        with pytest.raises(InvalidInput) as refused:
            cluster.profiles.register_person(**person)
    assert field in refused.value.fields
    engine = engine_of(config, "profiles")
    assert count(engine, profiles_store.Person.__table__) == 0
    assert count(engine, OUTBOX) == 0


def test_an_event_published_before_its_consumer_ever_started_waits_for_it(runner_factory, config):
    """Queues come from the contracts and are declared before the first publish (the `config`
    fixture runs `declare_all`, as `binome run` and `binome declare` do): nothing is dropped."""
    profiles = runner_factory(config, ProfilesService)
    profiles.start()
    person = registered(get_container(profiles, ProfilesService), config)
    wait_until("profiles to publish the registration",
               lambda: count(engine_of(config, "profiles"), OUTBOX,
                             OUTBOX.c.published_at.isnot(None)) == 2)

    late = runner_factory(config, NotificationsService)
    with entrypoint_waiter(get_container(late, NotificationsService), "on_person_registered"):
        late.start()
    contacts, contact = engine_of(config, "notifications"), notifications_store.Contact.__table__
    assert count(contacts, contact, contact.c.person_id == uuid.UUID(person["id"])) == 1


def test_an_operator_runs_a_round_from_the_command_line(container_factory, config):
    container_factory(MatchingService, config).start()
    binome = Path(sys.executable).parent / "binome"
    done = subprocess.run([str(binome), "match", "--kind", "coffee"], capture_output=True, text=True,
                          check=True, env={**os.environ, "AMQP_URI": config["AMQP_URI"]})
    report = json.loads(done.stdout)
    assert (report["kind"], report["requests"], report["matched"]) == ("coffee", 0, 0)
