"""Sending the queued emails: to a Maildir when embedded, over SMTP when distributed.

EMAIL_URL is `maildir:PATH` or `smtp://[user:password@]host:port[?starttls=1]`; SMTP_STARTTLS,
SMTP_USERNAME and SMTP_PASSWORD, when set, say the same without putting a password in a URL.
A failed send is retried after EMAIL_RETRY_SECONDS, doubling each time, and parked after
EMAIL_MAX_ATTEMPTS with its reason, where `binome parked notifications` lists and replays it.
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
RETRY_SECONDS = 2.0


def _yes(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def retry_delay(attempts, first_seconds):
    """Exponential backoff: first_seconds, then twice as long after each failure (10 min at most)."""
    return timedelta(seconds=min(first_seconds * 2 ** (attempts - 1), 600))


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
    def __init__(self, url, starttls=None, username=None, password=None, timeout=30):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 25
        self.user = username or (unquote(parts.username) if parts.username else None)
        self.password = password or (unquote(parts.password) if parts.password else None)
        self.starttls = _yes(parse_qs(parts.query).get("starttls", ["0"])[0]) or bool(starttls)
        self.timeout = timeout

    def send(self, key, message):
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


def transport_for(url, config=None):
    config = config or {}
    if url.startswith("maildir:"):
        return MaildirTransport(url[len("maildir:"):])
    if url.startswith("smtp://"):
        return SmtpTransport(url, starttls=_yes(config.get("SMTP_STARTTLS", "0")),
                             username=config.get("SMTP_USERNAME") or None,
                             password=config.get("SMTP_PASSWORD") or None)
    raise ValueError(f"EMAIL_URL must start with maildir: or smtp://, not {url!r}")


class EmailSender:
    """Sends due emails without holding a database transaction across the network.

    Due deliveries are first leased (their next attempt moved LEASE ahead) in a short transaction,
    then sent, then marked. A process that dies mid-send leaves a lease that expires, and the email
    is sent again (same Message-ID, same Maildir file name).
    """
    LEASE = timedelta(minutes=5)

    def __init__(self, engine, transport, sender, max_attempts=MAX_ATTEMPTS,
                 retry_seconds=RETRY_SECONDS):
        self.engine = engine
        self.transport = transport
        self.sender = sender
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
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
                                       now=delivery.created_at, html=delivery.html,
                                       attachment_method=delivery.attachment_method or "REQUEST")
        try:
            self.transport.send(delivery.id, message)
        except Exception as exc:
            self._failed(delivery.id, exc)
            return 0
        with transaction(self.engine) as session:
            row = session.get(store.EmailDelivery, delivery.id)
            if row is None:
                return 1
            row.attempts += 1
            row.status, row.sent_at, row.last_error = store.SENT, utcnow(), None
        return 1

    def _failed(self, delivery_id, exc):
        with transaction(self.engine) as session:
            row = session.get(store.EmailDelivery, delivery_id)
            if row is None:
                return  # dropped meanwhile (a block, an erasure)
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"
            if row.attempts >= self.max_attempts:
                row.status = store.PARKED
                log.error("email %s parked after %d attempts: %s", row.id, row.attempts, exc)
            else:
                row.next_attempt_at = utcnow() + retry_delay(row.attempts, self.retry_seconds)
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
            self.container.spawn_managed_thread(self.sender.send_due, identifier=self.identifier)


class Mailer(QueuedSending):
    """Queues nothing itself: sends the emails workers queued."""

    identifier = "email sender"

    def make_sender(self, engine, config):
        return EmailSender(
            engine, transport_for(config["EMAIL_URL"], config), config["EMAIL_FROM"],
            max_attempts=int(config.get("EMAIL_MAX_ATTEMPTS", MAX_ATTEMPTS)),
            retry_seconds=float(config.get("EMAIL_RETRY_SECONDS", RETRY_SECONDS)))
