"""Events enter a service through its inbox table: recorded once, applied once, never lost.

1. `record`: the message is stored by its id (a redelivered id is recognised and not stored twice).
   A message that breaks its contract is parked at once: retrying cannot fix it.
2. `attempt`: the handler's effect and the "done" mark commit in one transaction, so a redelivery
   or a crash can never apply an effect twice or mark undone work done.
3. A failed attempt is retried later with a doubling delay, up to `max_attempts`; then the message
   is parked with its last error, where `binome parked` lists it and replays it.

nameko acks a message when its worker ends. The consumer entrypoint requeues only when recording
itself failed (the database is down), so an unrecorded message is never acked away.
"""
import functools
import inspect
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from marshmallow import ValidationError
from nameko.messaging import Consumer
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..database import transaction
from .tables import DONE, INBOX, PARKED, PENDING
from .topology import consumer_queue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    first_delay_seconds: float = 2.0
    max_delay_seconds: float = 600.0
    # A message the consumer is still working on is not the retry timer's business yet.
    grace_seconds: float = 30.0

    def delay_after(self, attempts):
        return timedelta(seconds=min(self.first_delay_seconds * 2 ** (attempts - 1),
                                     self.max_delay_seconds))

    @classmethod
    def from_config(cls, config):
        return cls(max_attempts=int(config.get("INBOX_MAX_ATTEMPTS", cls.max_attempts)),
                   first_delay_seconds=float(config.get("INBOX_RETRY_SECONDS", cls.first_delay_seconds)))


def _read_envelope(contract, body):
    """(message_id, data) from a message body, or raise ValueError saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("the body is not an object")
    try:
        message_id = str(uuid.UUID(str(body.get("id"))))
    except ValueError:
        raise ValueError("id: not a UUID")
    if body.get("event") != contract.name:
        raise ValueError(f"event: expected {contract.name}, got {body.get('event')!r}")
    try:
        contract.validate(body.get("data"))
    except ValidationError as error:
        raise ValueError(f"data: {error.messages}")
    return message_id, body["data"]


def record(engine, contract, body, policy, now=None):
    """Store a received message; returns its id if it still needs applying, else None."""
    now = now or utcnow()
    try:
        message_id, data = _read_envelope(contract, body)
        status, error = PENDING, None
    except ValueError as problem:
        log.error("inbox: parking a %s message that breaks its contract: %s", contract.name, problem)
        message_id = str(uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(body, sort_keys=True, default=str)))
        data, status, error = body, PARKED, f"breaks the {contract.name} contract: {problem}"
    # A parked message's next_attempt_at says when it was parked (it has no next attempt).
    due = now + timedelta(seconds=policy.grace_seconds) if status == PENDING else now
    try:
        with transaction(engine) as session:
            session.execute(insert(INBOX).values(
                message_id=message_id, event=contract.name, payload=data, status=status,
                attempts=0, next_attempt_at=due, last_error=error, received_at=now))
    except IntegrityError:
        with transaction(engine) as session:
            known = session.execute(select(INBOX.c.status).where(INBOX.c.message_id == message_id)).scalar()
        log.info("inbox: %s %s delivered again (%s)", contract.name, message_id, known)
        return message_id if known == PENDING else None
    return message_id if status == PENDING else None


def attempt(engine, message_id, contract, effect, policy, now=None):
    """Apply `effect(session, data)` once for this message; on failure schedule a retry or park it."""
    try:
        with transaction(engine) as session:
            row = session.execute(
                select(INBOX).where(INBOX.c.message_id == message_id).with_for_update()
            ).one_or_none()
            if row is None or row.status != PENDING:
                return False
            effect(session, contract.validate(row.payload))
            session.execute(update(INBOX).where(INBOX.c.message_id == message_id).values(
                status=DONE, attempts=row.attempts + 1, processed_at=utcnow(), last_error=None))
        return True
    except Exception as exc:
        _record_failure(engine, message_id, contract, exc, policy, now or utcnow())
        return False


def _record_failure(engine, message_id, contract, exc, policy, now):
    with transaction(engine) as session:
        attempts = session.execute(
            select(INBOX.c.attempts).where(INBOX.c.message_id == message_id)).scalar_one() + 1
        parked = attempts >= policy.max_attempts
        session.execute(update(INBOX).where(INBOX.c.message_id == message_id).values(
            attempts=attempts, last_error=f"{type(exc).__name__}: {exc}",
            status=PARKED if parked else PENDING,
            # Parked: when it was parked, for the operators' list (replay sets it again).
            next_attempt_at=now if parked else now + policy.delay_after(attempts)))
    if parked:
        log.error("inbox: parked %s %s after %d attempts: %r", contract.name, message_id, attempts, exc)
    else:
        log.warning("inbox: %s %s failed (attempt %d), will retry: %r",
                    contract.name, message_id, attempts, exc)


def due_for_retry(engine, now=None, limit=100):
    with transaction(engine) as session:
        return session.execute(
            select(INBOX.c.message_id, INBOX.c.event)
            .where(INBOX.c.status == PENDING, INBOX.c.next_attempt_at <= (now or utcnow()))
            .order_by(INBOX.c.received_at).limit(limit)).all()


def parked(engine, newest_first=False, limit=None):
    """Parked messages, oldest received first, or (for a page) the last parked first."""
    order = INBOX.c.next_attempt_at.desc() if newest_first else INBOX.c.received_at
    with transaction(engine) as session:
        return session.execute(select(INBOX).where(INBOX.c.status == PARKED)
                               .order_by(order, INBOX.c.message_id).limit(limit)).all()


def count_parked(engine):
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(INBOX)
                              .where(INBOX.c.status == PARKED))


def replay(engine, message_ids=None, now=None):
    """Put parked messages back in line (all of them, or those named); returns how many."""
    condition = INBOX.c.status == PARKED
    if message_ids:
        condition = condition & INBOX.c.message_id.in_([str(m) for m in message_ids])
    with transaction(engine) as session:
        return session.execute(update(INBOX).where(condition).values(
            status=PENDING, attempts=0, next_attempt_at=now or utcnow())).rowcount


class EventConsumer(Consumer):
    """A durable queue of one contracted event for this service; see `handles`."""

    def __init__(self, contract, **kwargs):
        self.contract = contract
        super().__init__(queue=None, requeue_on_error=True, **kwargs)

    def setup(self):
        service_name = self.container.service_name
        if service_name not in self.contract.consumers:
            raise ValueError(f"the contract does not let {service_name} consume {self.contract.name}")
        self.queue = consumer_queue(service_name, self.contract)
        super().setup()


def handles(contract):
    """Make `method(self, session, data)` this service's handler of `contract`'s event.

    The service must have a `db` (shared.database.Database) dependency. The method runs inside the
    inbox transaction, with the payload loaded through the contract; it must not commit.
    """
    def decorator(method):
        @functools.wraps(method)
        def receive(self, body):
            engine = self.db.get_bind()
            policy = retry_policy(self)
            message_id = record(engine, contract, body, policy)
            if message_id is not None:
                attempt(engine, message_id, contract, functools.partial(method, self), policy)

        receive.handled_event = contract
        receive.effect = method
        return EventConsumer.decorator(contract)(receive)
    return decorator


def retry_policy(service):
    return RetryPolicy.from_config(service.config) if hasattr(service, "config") else RetryPolicy()


def retry_due_messages(service, now=None):
    """Retry every message of `service` whose next attempt is due; returns how many were applied."""
    handlers = {member.handled_event.name: member
                for _, member in inspect.getmembers(type(service))
                if hasattr(member, "handled_event")}
    engine = service.db.get_bind()
    policy = retry_policy(service)
    applied = 0
    for message_id, event in due_for_retry(engine, now):
        handler = handlers.get(event)
        if handler is None:
            continue
        effect = functools.partial(handler.effect, service)
        applied += attempt(engine, message_id, handler.handled_event, effect, policy, now)
    return applied
