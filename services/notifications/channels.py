"""What a message becomes on each channel, written in the handler's transaction:

- an in-app inbox line, always;
- an email queued now (held until the person's quiet hours end), or a place in their next daily
  digest, or nothing, as their preferences and the daily cap decide (preferences.py);
- one webhook delivery per subscriber that wants the event.

Each is keyed by (event, recipient, channel) and written in the same transaction as the message id
is marked done in the inbox: a redelivered or replayed event finds its keys and adds nothing.
"""
import uuid
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import formataddr

from sqlalchemy import delete, select, update

from . import digests, domain, preferences, store, webhook_payloads

INBOX, EMAIL, WEBHOOK = "inbox", "email", "webhook"


@dataclass(frozen=True)
class Settings:
    daily_cap: int = 10
    digest_hour: int = 8

    @classmethod
    def from_config(cls, config):
        return cls(daily_cap=int(config.get("EMAIL_DAILY_CAP", cls.daily_cap)),
                   digest_hour=int(config.get("DIGEST_HOUR", cls.digest_hour)))


def chosen_modes(session, person_id):
    return {row.category: row.mode for row in session.scalars(
        select(store.Preference).where(store.Preference.person_id == person_id))}


def quiet_hours(session, person_id):
    row = session.get(store.QuietHours, person_id)
    return preferences.QuietHours.parse(row.start, row.end) if row else None


def tell(session, message, key, pair_key, now, settings):
    """Record one message on the inbox and email channels; returns whether an email was queued."""
    recipient = message.recipient
    inbox_key = domain.delivery_key(key, recipient.person_id, INBOX)
    if session.scalar(select(store.Notification.id).where(
            store.Notification.dedupe_key == inbox_key)) is not None:
        return False  # this event already reached this person
    notification = store.Notification(
        id=uuid.uuid4(), person_id=recipient.person_id, event=message.event, pair_key=pair_key,
        subject=message.subject, body=message.body, html=message.html,
        category=message.category, dedupe_key=inbox_key, created_at=now, read=False)
    session.add(notification)
    session.flush()
    if not message.email:
        return False
    mode = preferences.mode_for(message.category, chosen_modes(session, recipient.person_id))
    sent_today = store.emails_since(session, recipient.person_id,
                                    preferences.local_day_start(now, recipient.timezone))
    decision = preferences.email_decision(message.category, mode, sent_today, settings.daily_cap)
    if decision == preferences.TO_DIGEST:
        notification.digest = store.WAITING
        schedule_digest(session, recipient, digests.DAILY, now, settings)
        return False
    if decision == preferences.NO_EMAIL:
        return False
    return queue_email(session, message, domain.delivery_key(key, recipient.person_id, EMAIL),
                       now, notification.id)


def queue_email(session, message, dedupe_key, now, notification_id=None):
    """Queue an email unless one with this key exists; returns whether it was queued."""
    if session.scalar(select(store.EmailDelivery.id).where(
            store.EmailDelivery.dedupe_key == dedupe_key)) is not None:
        return False
    recipient = message.recipient
    session.add(store.EmailDelivery(
        id=uuid.uuid4(), notification_id=notification_id, person_id=recipient.person_id,
        dedupe_key=dedupe_key, category=message.category,
        to_address=_address(recipient.full_name, recipient.email), subject=message.subject,
        body=message.email_body or message.body, html=message.email_html or message.html,
        attachment=message.attachment,
        attachment_method=message.attachment_method if message.attachment else None,
        status=store.PENDING, attempts=0, created_at=now,
        next_attempt_at=preferences.release_at(now, recipient.timezone,
                                               quiet_hours(session, recipient.person_id),
                                               message.category)))
    return True


def _address(name, email):
    try:
        return formataddr((name, email))
    except UnicodeEncodeError:
        # An internationalised address (é before the @): sent with SMTPUTF8 where the server
        # offers it; formataddr would refuse it and the event would be parked.
        # Given as its two parts: parsed whole, the non-ASCII local part is refused as a defect.
        local, _, domain = email.rpartition("@")
        return str(Address(display_name=name, username=local, domain=domain))


def schedule_digest(session, contact, kind, now, settings):
    """Make sure a digest of this kind is due for the person (keeps an earlier due time)."""
    if session.get(store.DigestDue, (contact.person_id, kind)) is None:
        session.add(store.DigestDue(person_id=contact.person_id, kind=kind,
                                    due_at=digests.next_due(kind, now, contact.timezone,
                                                            settings.digest_hour)))


def queue_webhooks(session, event, data, key, about, now):
    """One delivery per active subscriber that wants this event; returns how many were queued."""
    queued = 0
    for subscriber in session.scalars(select(store.WebhookSubscriber).where(
            store.WebhookSubscriber.active.is_(True))):
        wanted = subscriber.events.split(",")
        if "*" not in wanted and event not in wanted:
            continue
        dedupe_key = domain.delivery_key(key, subscriber.id, WEBHOOK)
        if session.scalar(select(store.WebhookDelivery.id).where(
                store.WebhookDelivery.dedupe_key == dedupe_key)) is not None:
            continue
        delivery_id = uuid.uuid4()
        session.add(store.WebhookDelivery(
            id=delivery_id, subscriber_id=subscriber.id, dedupe_key=dedupe_key, event=event,
            body=webhook_payloads.body(delivery_id, event, data, now).decode("utf-8"),
            about=",".join(str(p) for p in about if p is not None), status=store.PENDING,
            attempts=0, created_at=now, next_attempt_at=now))
        queued += 1
    return queued


def drop_unsent_about_pair(session, pair_key, a, b):
    """After a block: what is still unsent about the two of them is not sent."""
    about_pair = select(store.Notification.id).where(store.Notification.pair_key == pair_key)
    session.execute(delete(store.EmailDelivery).where(
        store.EmailDelivery.status == store.PENDING,
        store.EmailDelivery.notification_id.in_(about_pair)))
    session.execute(update(store.Notification).where(
        store.Notification.pair_key == pair_key, store.Notification.digest == store.WAITING)
        .values(digest=None))
    for delivery in session.scalars(select(store.WebhookDelivery).where(
            store.WebhookDelivery.status == store.PENDING,
            store.WebhookDelivery.about.contains(str(a)),
            store.WebhookDelivery.about.contains(str(b)))):
        session.delete(delivery)


def drop_unsent_about_person(session, person_id):
    """After an erasure: no webhook about them goes out any more."""
    session.execute(delete(store.WebhookDelivery).where(
        store.WebhookDelivery.status == store.PENDING,
        store.WebhookDelivery.about.contains(str(person_id))))
