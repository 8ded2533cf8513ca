"""Events leave a service through its outbox table, never straight to the broker.

`append` writes the event in the caller's transaction, so the event exists if and only if the
state change committed. `OutboxRelay` publishes what is unpublished, in order, with publisher
confirms and `mandatory=True` (an unroutable event is an error and stays in the outbox), and marks
it published. A crash between publish and mark republishes: consumers are idempotent (inbox.py).
"""
import logging
import threading
import uuid

from nameko.amqp.publish import Publisher
from nameko.extensions import DependencyProvider
from sqlalchemy import insert, select, update

from ..clock import utcnow
from ..database import Database, transaction
from .tables import OUTBOX
from .topology import EVENTS_EXCHANGE, all_queues

log = logging.getLogger(__name__)


def envelope(message_id, event, occurred_at, data):
    return {"id": message_id, "event": event, "occurred_at": occurred_at.isoformat(), "data": data}


def append(session, contract, data, now=None):
    """Add an event to the outbox within `session`'s transaction; returns its message id."""
    message_id = str(uuid.uuid4())
    session.execute(insert(OUTBOX).values(
        id=message_id, event=contract.name, payload=contract.to_wire(data),
        created_at=now or utcnow(), attempts=0))
    return message_id


class OutboxRelay:
    def __init__(self, engine, publish, batch_size=100):
        self.engine = engine
        self.publish = publish
        self.batch_size = batch_size
        self._running = threading.Lock()
        self._asked_again = False

    def relay_pending(self):
        """Publish every unpublished event; returns how many were published.

        One relay runs at a time in a process (a call while one runs asks it to go round once
        more); across replicas on PostgreSQL, `SKIP LOCKED` keeps two from taking the same rows.
        """
        self._asked_again = True
        if not self._running.acquire(blocking=False):
            return 0
        try:
            published = 0
            while self._asked_again:
                self._asked_again = False
                more = True
                while more:
                    sent, more = self._relay_batch()
                    published += sent
            return published
        finally:
            self._running.release()

    def _relay_batch(self):
        """Publish up to one batch; returns (published, whether to go on)."""
        with transaction(self.engine) as session:
            rows = session.execute(
                select(OUTBOX).where(OUTBOX.c.published_at.is_(None))
                .order_by(OUTBOX.c.created_at).limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for count, row in enumerate(rows):
                try:
                    self.publish(envelope(row.id, row.event, row.created_at, row.payload))
                except Exception as exc:  # broker down, unroutable: keep it, in order, for later
                    log.error("outbox: could not publish %s %s: %r", row.event, row.id, exc)
                    session.execute(update(OUTBOX).where(OUTBOX.c.id == row.id).values(
                        attempts=row.attempts + 1, last_error=repr(exc)))
                    return count, False
                session.execute(update(OUTBOX).where(OUTBOX.c.id == row.id).values(
                    published_at=utcnow(), attempts=row.attempts + 1, last_error=None))
            return len(rows), len(rows) == self.batch_size


def broker_publisher(amqp_uri, events):
    publisher = Publisher(
        amqp_uri, exchange=EVENTS_EXCHANGE, declare=[EVENTS_EXCHANGE, *all_queues(events)],
        use_confirms=True, mandatory=True, serializer="json", retry=False)

    def publish(message):
        publisher.publish(message, routing_key=message["event"])
    return publish


class _OutboxWriter:
    def __init__(self, provider, worker_ctx):
        self._provider = provider
        self._worker_ctx = worker_ctx

    def add(self, session, contract, data):
        if contract.producer != self._provider.container.service_name:
            raise ValueError(f"{self._provider.container.service_name} may not publish {contract.name}")
        self._provider.written.add(self._worker_ctx)
        return append(session, contract, data)

    def relay_pending(self):
        return self._provider.relay.relay_pending()


class Outbox(DependencyProvider):
    """Gives workers `add(session, contract, data)`; relays as soon as a worker that wrote ends."""

    def __init__(self, events):
        self.events = events
        self.relay = None
        self.written = set()

    def start(self):
        # After every setup(): the Database has made its engine by now.
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        self.relay = OutboxRelay(database.engine,
                                 broker_publisher(self.container.config["AMQP_URI"], self.events))

    def get_dependency(self, worker_ctx):
        return _OutboxWriter(self, worker_ctx)

    def worker_teardown(self, worker_ctx):
        if worker_ctx in self.written:
            self.written.discard(worker_ctx)
            self.container.spawn_managed_thread(self.relay.relay_pending, identifier="outbox relay")
