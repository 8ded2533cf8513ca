"""Webhooks for organisations: subscribers, and the POSTing of their queued deliveries.

Each delivery's body was fixed when it was queued (webhook_payloads.py); it is POSTed as is,
signed with HMAC-SHA256 under the subscriber's secret (signing.py). A refusal or a network error
is retried after WEBHOOK_RETRY_SECONDS, doubling, and parked after WEBHOOK_MAX_ATTEMPTS with its
reason; `binome parked notifications` lists and replays parked deliveries with the emails.
"""
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import select, update

from shared.clock import utcnow
from shared.database import transaction
from shared.errors import InvalidInput, NotFound

from . import deliveries, signing, store

MAX_ATTEMPTS = 8
RETRY_SECONDS = 2.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_url(url):
    """HTTPS only; plain HTTP is accepted on the loopback interface alone (local tools, tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url
    raise InvalidInput({"url": ["Must be an https:// URL."]})


def add_subscriber(session, name, url, events=("*",)):
    """Register an organisation; the answer holds the secret, shown this once."""
    subscriber = store.WebhookSubscriber(
        id=uuid.uuid4(), name=name, url=check_url(url), secret=signing.new_secret(),
        events=",".join(events or ("*",)), active=True, created_at=utcnow())
    session.add(subscriber)
    session.flush()
    return {**describe(subscriber), "secret": subscriber.secret}


def remove_subscriber(session, subscriber_id):
    subscriber = session.get(store.WebhookSubscriber, subscriber_id)
    if subscriber is None or not subscriber.active:
        raise NotFound(f"no webhook subscriber {subscriber_id}")
    subscriber.active = False
    session.execute(update(store.WebhookDelivery).where(
        store.WebhookDelivery.subscriber_id == subscriber_id,
        store.WebhookDelivery.status == store.PENDING).values(
        status=store.PARKED, last_error="subscriber removed"))
    return describe(subscriber)


def subscribers(session):
    return [describe(s) for s in session.scalars(
        select(store.WebhookSubscriber).where(store.WebhookSubscriber.active.is_(True))
        .order_by(store.WebhookSubscriber.created_at))]


def describe(subscriber):
    return {"id": subscriber.id, "name": subscriber.name, "url": subscriber.url,
            "events": subscriber.events.split(","), "created_at": subscriber.created_at}


class WebhookSender:
    """Like the EmailSender: lease due deliveries, POST them outside any transaction, record."""
    LEASE = timedelta(minutes=5)

    def __init__(self, engine, max_attempts=MAX_ATTEMPTS, retry_seconds=RETRY_SECONDS,
                 timeout=10, session=None):
        self.engine = engine
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.timeout = timeout
        self.http = session or requests.Session()
        self._running = threading.Lock()

    def send_due(self, now=None):
        if not self._running.acquire(blocking=False):
            return 0
        try:
            return sum(self._post(*due) for due in self._lease(now or utcnow()))
        finally:
            self._running.release()

    def _lease(self, now):
        with transaction(self.engine) as session:
            due = session.execute(
                select(store.WebhookDelivery, store.WebhookSubscriber)
                .join(store.WebhookSubscriber,
                      store.WebhookSubscriber.id == store.WebhookDelivery.subscriber_id)
                .where(store.WebhookDelivery.status == store.PENDING,
                       store.WebhookDelivery.next_attempt_at <= now)
                .order_by(store.WebhookDelivery.created_at).limit(50)
                .with_for_update(skip_locked=True, of=store.WebhookDelivery)).all()
            for delivery, _ in due:
                delivery.next_attempt_at = now + self.LEASE
            return [(d.id, d.event, d.body, s.url, s.secret) for d, s in due]

    def _post(self, delivery_id, event, body, url, secret):
        try:  # signing included: whatever fails is this delivery's attempt, not the batch's
            payload = body.encode("utf-8")
            headers = {"Content-Type": "application/json",
                       signing.HEADER: signing.sign(secret, payload),
                       "X-Binome-Event": event, "X-Binome-Delivery": str(delivery_id)}
            response = self.http.post(url, data=payload, headers=headers, timeout=self.timeout)
            if not 200 <= response.status_code < 300:
                raise RuntimeError(f"HTTP {response.status_code}")
        except Exception as exc:  # network errors and refusals alike are retried
            deliveries.record_failure(self.engine, store.WebhookDelivery, delivery_id, exc,
                                      self.max_attempts, self.retry_seconds)
            return 0
        deliveries.mark_sent(self.engine, store.WebhookDelivery, delivery_id)
        return 1


class Webhooks(deliveries.QueuedSending):
    """POSTs the webhook deliveries workers queued (and on the service's timer)."""

    identifier = "webhook sender"

    def make_sender(self, engine, config):
        return WebhookSender(
            engine, max_attempts=int(config.get("WEBHOOK_MAX_ATTEMPTS", MAX_ATTEMPTS)),
            retry_seconds=float(config.get("WEBHOOK_RETRY_SECONDS", RETRY_SECONDS)))
