"""Outbox relay and inbox on SQLite with a fake publisher: order, retries, parking, idempotency,
and forgetting an erased person in both."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from shared.clock import utcnow
from shared.contracts import events
from shared.database import make_engine, transaction
from shared.messaging.erasure import SCRUBBED, is_erased, remember_erased, scrub_messages
from shared.messaging.inbox import RetryPolicy, attempt, due_for_retry, parked, record, replay
from shared.messaging.outbox import OutboxRelay, append, envelope
from shared.messaging.tables import (DONE, ERASED_PEOPLE, INBOX, OUTBOX, PARKED, PENDING,
                                     define_messaging_tables)
from support import count

POLICY = RetryPolicy(max_attempts=3, first_delay_seconds=1, grace_seconds=30)


@pytest.fixture
def engine(tmp_path):
    metadata = MetaData()
    define_messaging_tables(metadata)
    engine = make_engine(f"sqlite:///{tmp_path}/service.sqlite")
    metadata.create_all(engine)
    EFFECTS.create(engine)
    yield engine
    engine.dispose()


def pledge(quantity=2):
    return {"pledge_id": uuid.uuid4(), "person_id": uuid.uuid4(), "kind": "coffee",
            "quantity": quantity, "valid_until": utcnow().date(), "remote": True,
            "radius_km": None}


def message(data=None, message_id=None):
    return envelope(message_id or str(uuid.uuid4()), "pledge_made", utcnow(),
                    events.PLEDGE_MADE.to_wire(data or pledge()))


EFFECTS = Table("effects", MetaData(), Column("id", Integer, primary_key=True))


def write_effect(session, data):
    session.execute(insert(EFFECTS).values())


def effects(engine):
    return count(engine, EFFECTS)


# --- outbox -----------------------------------------------------------------------------------

def add_events(engine, n):
    with transaction(engine) as session:
        return [append(session, events.PLEDGE_MADE, pledge(quantity=i + 1),
                       now=utcnow() + timedelta(milliseconds=i)) for i in range(n)]


def test_the_relay_publishes_in_order_and_marks_published(engine):
    ids = add_events(engine, 3)
    sent = []
    assert OutboxRelay(engine, sent.append).relay_pending() == 3
    assert [m["id"] for m in sent] == ids
    assert [m["data"]["quantity"] for m in sent] == [1, 2, 3]
    assert count(engine, OUTBOX, OUTBOX.c.published_at.is_(None)) == 0
    assert OutboxRelay(engine, sent.append).relay_pending() == 0  # nothing twice


def test_a_failed_publish_keeps_the_event_and_its_successors_for_later(engine):
    ids = add_events(engine, 3)
    sent = []

    def broker_down_after_one(msg):
        if sent:
            raise ConnectionError("broker unreachable")
        sent.append(msg)

    assert OutboxRelay(engine, broker_down_after_one).relay_pending() == 1
    with transaction(engine) as session:
        rows = session.execute(select(OUTBOX).order_by(OUTBOX.c.created_at)).all()
    assert [r.published_at is None for r in rows] == [False, True, True]
    assert "broker unreachable" in rows[1].last_error

    later = []
    assert OutboxRelay(engine, later.append).relay_pending() == 2
    assert [m["id"] for m in later] == ids[1:]


def test_an_event_that_breaks_its_contract_is_refused_before_it_is_written(engine):
    with pytest.raises(Exception, match="quantity"):
        with transaction(engine) as session:
            append(session, events.PLEDGE_MADE, {**pledge(), "quantity": 0})
    assert count(engine, OUTBOX) == 0


# --- inbox ------------------------------------------------------------------------------------

def test_a_message_is_applied_once_however_often_it_arrives(engine):
    body = message()
    for _ in range(3):
        message_id = record(engine, events.PLEDGE_MADE, body, POLICY)
        if message_id:
            attempt(engine, message_id, events.PLEDGE_MADE, write_effect, POLICY)
    assert effects(engine) == 1
    assert count(engine, INBOX, INBOX.c.status == DONE) == 1


def test_a_failing_effect_leaves_no_partial_write_and_is_retried_with_growing_delays(engine):
    def fails_after_writing(session, data):
        write_effect(session, data)
        raise RuntimeError("downstream rule broken")

    now = utcnow()
    message_id = record(engine, events.PLEDGE_MADE, message(), POLICY, now=now)
    delays = []
    for _ in range(2):
        attempt(engine, message_id, events.PLEDGE_MADE, fails_after_writing, POLICY, now=now)
        with transaction(engine) as session:
            row = session.execute(select(INBOX)).one()
        delays.append((row.next_attempt_at - now).total_seconds())
        assert row.status == PENDING
    assert delays == [1.0, 2.0]
    assert effects(engine) == 0
    assert due_for_retry(engine, now) == []
    assert [r.message_id for r in due_for_retry(engine, now + timedelta(seconds=2))] == [message_id]

    attempt(engine, message_id, events.PLEDGE_MADE, fails_after_writing, POLICY, now=now)
    stuck = parked(engine)
    assert [(r.message_id, r.attempts, r.status) for r in stuck] == [(message_id, 3, PARKED)]
    assert "downstream rule broken" in stuck[0].last_error


def test_a_parked_message_replays_and_then_applies_once(engine):
    message_id = record(engine, events.PLEDGE_MADE, message(), POLICY)
    for _ in range(POLICY.max_attempts):
        attempt(engine, message_id, events.PLEDGE_MADE, lambda s, d: 1 / 0, POLICY)
    assert len(parked(engine)) == 1

    assert replay(engine, [message_id]) == 1
    assert attempt(engine, message_id, events.PLEDGE_MADE, write_effect, POLICY)
    assert not attempt(engine, message_id, events.PLEDGE_MADE, write_effect, POLICY)
    assert effects(engine) == 1 and parked(engine) == []


@pytest.mark.parametrize("body", [
    "not an object",
    {"id": "not-a-uuid", "event": "pledge_made", "data": {}},
    {"id": str(uuid.uuid4()), "event": "help_requested", "data": {}},
    {"id": str(uuid.uuid4()), "event": "pledge_made", "data": {"kind": "coffee"}},
])
def test_a_message_that_breaks_its_contract_is_parked_at_once(engine, body):
    assert record(engine, events.PLEDGE_MADE, body, POLICY) is None
    stuck = parked(engine)
    assert len(stuck) == 1 and "breaks the pledge_made contract" in stuck[0].last_error
    assert record(engine, events.PLEDGE_MADE, body, POLICY) is None  # and only once
    assert len(parked(engine)) == 1


# --- erasure: forgetting a person in the messaging tables -------------------------------------

def test_scrubbing_blanks_received_messages_and_drops_events_naming_the_person(engine):
    erased, other = uuid.uuid4(), uuid.uuid4()
    about_them = record(engine, events.PLEDGE_MADE, message(pledge() | {"person_id": erased}),
                        POLICY)
    about_someone_else = record(engine, events.PLEDGE_MADE, message(), POLICY)
    with transaction(engine) as session:
        append(session, events.PERSON_BLOCKED, {"person_id": other, "other_id": erased})
        kept = append(session, events.PLEDGE_MADE, pledge())
    with transaction(engine) as session:
        scrub_messages(session, erased)

    with transaction(engine) as session:
        inbox = dict(session.execute(select(INBOX.c.message_id, INBOX.c.payload)).all())
        outbox = session.execute(select(OUTBOX.c.id, OUTBOX.c.payload)).all()
    assert inbox[about_them] == SCRUBBED
    assert inbox[about_someone_else]["person_id"] != str(erased)
    assert [row.id for row in outbox] == [kept]
    assert str(erased) not in repr(inbox) + repr(outbox)


def test_a_scrubbed_message_still_waiting_in_the_inbox_is_dropped_not_retried_into_parking(engine):
    erased = uuid.uuid4()
    message_id = record(engine, events.PLEDGE_MADE, message(pledge() | {"person_id": erased}),
                        POLICY)
    with transaction(engine) as session:
        scrub_messages(session, erased)
    for _ in range(POLICY.max_attempts):
        attempt(engine, message_id, events.PLEDGE_MADE, write_effect, POLICY)
    assert effects(engine) == 0
    assert parked(engine) == []
    assert due_for_retry(engine, utcnow() + timedelta(days=1)) == []


def test_an_erased_person_is_remembered_once_by_id_only(engine):
    erased, other = uuid.uuid4(), uuid.uuid4()
    with transaction(engine) as session:
        assert not is_erased(session, erased)
        remember_erased(session, erased)
    with transaction(engine) as session:
        remember_erased(session, str(erased))  # twice is once
    with transaction(engine) as session:
        assert is_erased(session, erased)
        assert is_erased(session, other, erased)
        assert not is_erased(session, other)
        assert not is_erased(session, None)
        assert not is_erased(session)
        rows = session.execute(select(ERASED_PEOPLE)).all()
    assert [(row.person_id,) for row in rows] == [(str(erased),)]
    assert set(ERASED_PEOPLE.c.keys()) == {"person_id", "erased_at"}
