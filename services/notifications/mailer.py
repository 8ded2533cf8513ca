"""Sending the queued emails: to a Maildir when embedded, over SMTP when distributed.

EMAIL_URL is `maildir:PATH` or `smtp://[user:password@]host:port[?starttls=1]`; SMTP_STARTTLS,
SMTP_USERNAME and SMTP_PASSWORD, when set, say the same without putting a password in a URL.
A failed send is retried after EMAIL_RETRY_SECONDS, doubling each time, and parked after
EMAIL_MAX_ATTEMPTS with its reason, where `binome parked notifications` lists and replays it.
"""
import os
import smtplib
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from shared.clock import utcnow
from shared.database import transaction

from . import deliveries, domain, store

MAX_ATTEMPTS = 5
RETRY_SECONDS = 2.0


def _yes(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


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
        # Built inside the try: an email that cannot be built (a header no value may hold, an
        # older row) is one failed attempt of its own, backed off then parked with its error,
        # and never keeps the rest of the batch from going out.
        try:
            message = domain.email_message(
                delivery.id, self.sender, delivery.to_address, delivery.subject, delivery.body,
                delivery.attachment, now=delivery.created_at, html=delivery.html,
                attachment_method=delivery.attachment_method or "REQUEST")
            self.transport.send(delivery.id, message)
        except Exception as exc:
            deliveries.record_failure(self.engine, store.EmailDelivery, delivery.id, exc,
                                      self.max_attempts, self.retry_seconds)
            return 0
        deliveries.mark_sent(self.engine, store.EmailDelivery, delivery.id)
        return 1


class Mailer(deliveries.QueuedSending):
    """Queues nothing itself: sends the emails workers queued."""

    identifier = "email sender"

    def make_sender(self, engine, config):
        return EmailSender(
            engine, transport_for(config["EMAIL_URL"], config), config["EMAIL_FROM"],
            max_attempts=int(config.get("EMAIL_MAX_ATTEMPTS", MAX_ATTEMPTS)),
            retry_seconds=float(config.get("EMAIL_RETRY_SECONDS", RETRY_SECONDS)))
