"""Sending the queued emails: to a Maildir when embedded, over SMTP when distributed.

EMAIL_URL is `maildir:PATH` or `smtp://[user:password@]host:port[?starttls=1]`. A failed send is
retried with a doubling delay and parked after MAX_ATTEMPTS, with its reason, for an operator.
"""
import logging
import os
import smtplib
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from nameko.extensions import DependencyProvider
from sqlalchemy import select, update

from shared.clock import utcnow
from shared.database import Database, transaction

from . import domain, store

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class MaildirTransport:
    def __init__(self, path):
        self.root = Path(path)
        for sub in ("tmp", "new", "cur"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def send(self, key, message):
        # Write then rename, as Maildir requires; naming the file by delivery id makes a resend
        # after a crash replace the same file instead of adding a second email.
        name = f"{key}.binome"
        temporary = self.root / "tmp" / name
        temporary.write_bytes(bytes(message))
        os.replace(temporary, self.root / "new" / name)


class SmtpTransport:
    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 25
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")

    def send(self, key, message):
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


def transport_for(url):
    if url.startswith("maildir:"):
        return MaildirTransport(url[len("maildir:"):])
    if url.startswith("smtp://"):
        return SmtpTransport(url)
    raise ValueError(f"EMAIL_URL must start with maildir: or smtp://, not {url!r}")


class EmailSender:
    """Sends due emails without holding a database transaction across the network.

    Due deliveries are first leased (their next attempt moved LEASE ahead) in a short transaction,
    then sent, then marked. A process that dies mid-send leaves a lease that expires, and the email
    is sent again (same Message-ID, same Maildir file name).
    """
    LEASE = timedelta(minutes=5)

    def __init__(self, engine, transport, sender):
        self.engine = engine
        self.transport = transport
        self.sender = sender
        self._running = threading.Lock()

    def send_due(self, now=None):
        """Send every email that is due; returns how many went out."""
        if not self._running.acquire(blocking=False):
            return 0
        try:
            return sum(self._send_one(delivery) for delivery in self._lease(now or utcnow()))
        finally:
            self._running.release()

    def _lease(self, now):
        with transaction(self.engine) as session:
            due = store.due_emails(session, now)
            for delivery in due:
                delivery.next_attempt_at = now + self.LEASE
            return due

    def _send_one(self, delivery):
        message = domain.email_message(delivery.id, self.sender, delivery.to_address,
                                       delivery.subject, delivery.body, delivery.attachment,
                                       now=delivery.created_at)
        try:
            self.transport.send(delivery.id, message)
        except Exception as exc:
            self._failed(delivery.id, exc)
            return 0
        with transaction(self.engine) as session:
            row = session.get(store.EmailDelivery, delivery.id)
            row.attempts += 1
            row.status, row.sent_at, row.last_error = store.SENT, utcnow(), None
        return 1

    def _failed(self, delivery_id, exc):
        with transaction(self.engine) as session:
            row = session.get(store.EmailDelivery, delivery_id)
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"
            if row.attempts >= MAX_ATTEMPTS:
                row.status = store.PARKED
                log.error("email %s parked after %d attempts: %s", row.id, row.attempts, exc)
            else:
                row.next_attempt_at = utcnow() + timedelta(seconds=2 ** row.attempts)
                log.warning("email %s failed (attempt %d): %s", row.id, row.attempts, exc)


def parked_emails(engine):
    with transaction(engine) as session:
        return session.scalars(select(store.EmailDelivery)
                               .where(store.EmailDelivery.status == store.PARKED)
                               .order_by(store.EmailDelivery.created_at)).all()


def replay_emails(engine, delivery_ids=None):
    """Put parked emails back in line (all, or those named); returns how many."""
    condition = store.EmailDelivery.status == store.PARKED
    if delivery_ids:
        condition &= store.EmailDelivery.id.in_([uuid.UUID(str(i)) for i in delivery_ids])
    with transaction(engine) as session:
        return session.execute(update(store.EmailDelivery).where(condition).values(
            status=store.PENDING, attempts=0, next_attempt_at=utcnow())).rowcount


class Mailer(DependencyProvider):
    """Queues nothing itself: sends what workers queued, as soon as such a worker ends."""

    def __init__(self):
        self.sender = None
        self.queued_by = set()

    def start(self):
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        config = self.container.config
        self.sender = EmailSender(database.engine, transport_for(config["EMAIL_URL"]),
                                  config["EMAIL_FROM"])

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
            self.container.spawn_managed_thread(self.sender.send_due, identifier="email sender")
