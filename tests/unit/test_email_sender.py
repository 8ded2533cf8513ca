"""The email sender's bookkeeping, on SQLite and a transport that keeps what it is given: an email
that cannot even be built counts as a failed attempt of its own, is retried after a backoff, then
parked with its error where operators list and replay it, while the rest of its batch goes out."""
import logging
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from services.notifications import deliveries, mailer, store
from shared.clock import utcnow
from shared.database import transaction

MIGRATIONS = Path(store.__file__).parent / "migrations"
SENDER = "Binôme <bonjour@binome.example>"


class KeptTransport:
    def __init__(self):
        self.sent = []

    def send(self, key, message):
        self.sent.append(message)


@pytest.fixture
def engine(sqlite_session_factory):
    return sqlite_session_factory(MIGRATIONS, "notifications")


def queue(engine, to, subject="Bonjour", created_at=None):
    delivery_id = uuid.uuid4()
    now = created_at or utcnow()
    with transaction(engine) as session:
        session.add(store.EmailDelivery(
            id=delivery_id, person_id=uuid.uuid4(), dedupe_key=str(delivery_id), category="match",
            to_address=to, subject=subject, body="Bonjour,\n", status=store.PENDING, attempts=0,
            created_at=now, next_attempt_at=now))
    return delivery_id


def row(engine, delivery_id):
    with transaction(engine) as session:
        return session.get(store.EmailDelivery, delivery_id)


def test_an_email_that_cannot_be_built_is_one_failed_attempt_and_its_batch_still_goes_out(engine):
    transport = KeptTransport()
    sender = mailer.EmailSender(engine, transport, SENDER, max_attempts=3, retry_seconds=60)
    start = utcnow() - timedelta(minutes=1)
    first = queue(engine, "Ada <ada@example.org>", created_at=start)
    # Two mailboxes where one person's should be: what no header may carry.
    poisoned = queue(engine, "Eve <eve@example.org>, Bcc <x@example.org>",
                     created_at=start + timedelta(seconds=1))
    last = queue(engine, "Bruno <bruno@example.org>", created_at=start + timedelta(seconds=2))

    assert sender.send_due() == 2

    assert [str(m["To"]) for m in transport.sent] == ["Ada <ada@example.org>",
                                                     "Bruno <bruno@example.org>"]
    assert row(engine, first).status == row(engine, last).status == store.SENT
    failed = row(engine, poisoned)
    assert failed.status == store.PENDING and failed.attempts == 1
    assert failed.last_error.startswith("NotOneMailbox: ")
    assert failed.next_attempt_at >= utcnow() + timedelta(seconds=50)  # backed off


def test_an_email_that_never_builds_is_parked_with_its_error_then_replayed(engine):
    sender = mailer.EmailSender(engine, KeptTransport(), SENDER, max_attempts=3, retry_seconds=1)
    poisoned = queue(engine, "not an address")
    later = utcnow()
    for attempt in range(3):
        later += timedelta(minutes=30)  # past every backoff and lease
        sender.send_due(now=later)
    parked = row(engine, poisoned)
    assert parked.status == store.PARKED and parked.attempts == 3
    assert parked.last_error.startswith("NotOneMailbox: ")
    assert [r.id for r in deliveries.parked(engine, store.EmailDelivery)] == [poisoned]

    assert deliveries.replay(engine, store.EmailDelivery, [str(poisoned)]) == 1
    back = row(engine, poisoned)
    assert back.status == store.PENDING and back.attempts == 0


def test_any_exception_while_building_counts_for_that_email_only(engine, monkeypatch):
    transport = KeptTransport()
    sender = mailer.EmailSender(engine, transport, SENDER, max_attempts=5, retry_seconds=60)
    good = queue(engine, "Ada <ada@example.org>")
    broken = queue(engine, "Eve <eve@example.org>", subject="broken")
    real = mailer.domain.email_message

    def email_message(delivery_id, *args, **kwargs):
        if delivery_id == broken:
            raise ValueError("Header values may not contain linefeed or carriage return characters")
        return real(delivery_id, *args, **kwargs)
    monkeypatch.setattr(mailer.domain, "email_message", email_message)

    assert sender.send_due() == 1
    assert row(engine, good).status == store.SENT
    failed = row(engine, broken)
    assert (failed.status, failed.attempts) == (store.PENDING, 1)
    assert failed.last_error == ("ValueError: Header values may not contain linefeed or carriage "
                                 "return characters")


class FakeContainer:
    def __init__(self):
        self.spawned = []

    def spawn_managed_thread(self, fn, identifier=None):
        self.spawned.append(fn)


def test_a_send_that_fails_after_a_worker_is_logged_and_does_not_end_the_service(caplog):
    """nameko kills the whole container when a managed thread raises: the send a worker asks for
    must report its failure and leave the timer to try again."""
    class Failing:
        def send_due(self):
            raise RuntimeError("database unreachable")

    provider = mailer.Mailer()
    provider.container, provider.sender = FakeContainer(), Failing()
    worker = object()
    provider.get_dependency(worker).queued()
    provider.worker_teardown(worker)
    (send,) = provider.container.spawned
    with caplog.at_level(logging.ERROR):
        send()  # does not raise
    assert "database unreachable" in caplog.text
