"""What email and webhook deliveries share: each is sent outside any transaction, then marked
sent, or its failure is recorded and retried with a doubling delay until it is parked; parked ones
are listed and put back in line by an operator (`binome parked notifications`).

`model` is store.EmailDelivery or store.WebhookDelivery: both have id, status, attempts,
last_error, next_attempt_at (for a parked one: when it was parked), sent_at and created_at.
"""
import logging
import uuid
from datetime import timedelta

from nameko.extensions import DependencyProvider
from sqlalchemy import func, select, update

from shared.clock import utcnow
from shared.database import Database, transaction

from . import store
from .preferences import SIGN_IN

log = logging.getLogger(__name__)

SENT_LINK = "(a sign-in link: sent, and not kept)"
# Emails whose links work without signing in, besides sign-in links: the question three months
# on (its one-click answers). Known by their delivery key, which starts with the event's name.
SECRET_LINK_EVENTS = ("outcome_question_due",)
SENT_ANSWER_LINKS = "(links that answer a question: sent, and not kept)"


def holds_secret_link(row):
    """Whether an email delivery (a row, or its exported dict) carries a link that works without
    signing in, which is not kept once sent."""
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key, None)
    return get("category") == SIGN_IN or (get("dedupe_key") or "").split(":", 1)[0] in \
        SECRET_LINK_EVENTS


def retry_delay(attempts, first_seconds):
    """Exponential backoff: first_seconds, then twice as long after each failure (10 min at most)."""
    return timedelta(seconds=min(first_seconds * 2 ** (attempts - 1), 600))


def mark_sent(engine, model, delivery_id):
    with transaction(engine) as session:
        row = session.get(model, delivery_id)
        if row is not None:  # else dropped meanwhile (a block, an erasure)
            row.attempts += 1
            row.status, row.sent_at, row.last_error = store.SENT, utcnow(), None
            if holds_secret_link(row):
                # Once sent, a sign-in link has nothing left to do here: a copy of this table
                # should not let anyone in during the link's 15 minutes (nor answer for someone).
                row.body = SENT_LINK if row.category == SIGN_IN else SENT_ANSWER_LINKS
                row.html = None


def record_failure(engine, model, delivery_id, exc, max_attempts, retry_seconds):
    """One more failed attempt: parked at `max_attempts`, else tried again after a backoff."""
    what = model.__tablename__
    with transaction(engine) as session:
        row = session.get(model, delivery_id)
        if row is None:
            return  # dropped meanwhile (a block, an erasure)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"
        if row.attempts >= max_attempts:
            row.status, row.next_attempt_at = store.PARKED, utcnow()
            log.error("%s %s parked after %d attempts: %s", what, row.id, row.attempts, exc)
        else:
            row.next_attempt_at = utcnow() + retry_delay(row.attempts, retry_seconds)
            log.warning("%s %s failed (attempt %d): %s", what, row.id, row.attempts, exc)


def parked(engine, model, newest_first=False, limit=None):
    """Parked deliveries, oldest first, or (for a page) the last parked first."""
    order = model.next_attempt_at.desc() if newest_first else model.created_at
    with transaction(engine) as session:
        return session.scalars(select(model).where(model.status == store.PARKED)
                               .order_by(order, model.id).limit(limit)).all()


def count_parked(engine, model):
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)
                              .where(model.status == store.PARKED))


def replay(engine, model, delivery_ids=None):
    """Put parked deliveries back in line (all, or those named); returns how many.

    Named ids that are not delivery ids (an inbox message's, given to the same command) are
    skipped rather than refused.
    """
    condition = model.status == store.PARKED
    if delivery_ids:
        condition &= model.id.in_([wanted for wanted in map(_uuid, delivery_ids) if wanted])
    with transaction(engine) as session:
        return session.execute(update(model).where(condition).values(
            status=store.PENDING, attempts=0, next_attempt_at=utcnow())).rowcount


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class QueuedSending(DependencyProvider):
    """Sends what workers queued as soon as such a worker ends, off the worker (the service's
    timer is the safety net). Subclasses say how to build their sender from the configuration."""

    identifier = "sender"

    def __init__(self):
        self.sender = None
        self.queued_by = set()

    def make_sender(self, engine, config):
        raise NotImplementedError

    def start(self):
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        self.sender = self.make_sender(database.engine, self.container.config)

    def get_dependency(self, worker_ctx):
        provider = self

        class _Handle:
            @staticmethod
            def queued():
                provider.queued_by.add(worker_ctx)

            @staticmethod
            def send_due():
                return provider.sender.send_due()
        return _Handle()

    def worker_teardown(self, worker_ctx):
        if worker_ctx in self.queued_by:
            self.queued_by.discard(worker_ctx)
            self.container.spawn_managed_thread(self._send_due_reporting, identifier=self.identifier)

    def _send_due_reporting(self):
        # nameko kills the whole container when a managed thread raises: every handler, the
        # inbox and the sign-in emails with it. A send that fails here (the database gone for a
        # moment) is reported, and the service's timer sends what is due a second later.
        try:
            self.sender.send_due()
        except Exception:
            log.exception("%s: sending after a worker failed; the timer tries again", self.identifier)
