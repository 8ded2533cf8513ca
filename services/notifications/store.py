"""Notifications' own database: contacts, the in-app inbox, the email and webhook delivery logs,
preferences, digest due times, and what it knows of pledges for their impact."""
import uuid

from sqlalchemy import Boolean, Integer, String, Text, Uuid, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_block_replica, define_messaging_tables

PENDING, SENT, PARKED = "pending", "sent", "parked"
# A notification's place in the daily digest: waiting for the next one, or included in one.
WAITING, INCLUDED = "waiting", "included"


class Base(DeclarativeBase):
    pass


define_messaging_tables(Base.metadata)
define_block_replica(Base.metadata)


class Contact(Base):
    __tablename__ = "contacts"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(50))
    last_name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))
    # Sponsors get a daily digest of new cards that fit them.
    sponsor: Mapped[bool] = mapped_column(Boolean, default=False)


class Notification(Base):
    """One line of a person's in-app inbox."""
    __tablename__ = "notifications"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    event: Mapped[str] = mapped_column(String(64))
    # The two people an event was about, so that a later block can stop what is still unsent.
    pair_key: Mapped[str | None] = mapped_column(String(73), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    # One per event, recipient and channel ("…:inbox"): a redelivered event finds it and stops.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # WAITING while it waits for the person's next daily digest, INCLUDED once in one.
    digest: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at = mapped_column(UtcDateTime, nullable=False)
    read: Mapped[bool] = mapped_column(Boolean, default=False)


class EmailDelivery(Base):
    """An email to send; its id names the Maildir file and the Message-ID, so a resend is one mail."""
    __tablename__ = "email_deliveries"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    notification_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    # One per event, recipient and channel ("…:email"), or per digest and period: written in the
    # same transaction as this row, so that no redelivery or restart sends an email twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    category: Mapped[str | None] = mapped_column(String(32))
    # Text: "Name" <address> is up to 50 + 50 name characters, each possibly escaped (\"), and a
    # 254-character address; a column too short would park the event for both people it names.
    to_address: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(Text)
    attachment_method: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UtcDateTime, nullable=False)
    next_attempt_at = mapped_column(UtcDateTime, nullable=False)
    sent_at = mapped_column(UtcDateTime, nullable=True)


class Preference(Base):
    """A person's choice for one category: instant, daily or off (preferences.py)."""
    __tablename__ = "preferences"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))


class QuietHours(Base):
    """When nothing is sent to the person, as local HH:MM times (end may be the next morning)."""
    __tablename__ = "quiet_hours"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))


class DigestDue(Base):
    """When a person's next digest of a kind (digests.KINDS) is due. Moved forward in the same
    transaction as the digest's email is queued."""
    __tablename__ = "digest_due"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_at = mapped_column(UtcDateTime, nullable=False, index=True)


class Pledge(Base):
    """What a pledge was, for the donor's "fulfilled" message."""
    __tablename__ = "pledges"
    pledge_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)


class PledgeMatch(Base):
    """An accepted match that used a unit of a pledge: its impact, counted by seeker."""
    __tablename__ = "pledge_matches"
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    pledge_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    donor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)


class CardShown(Base):
    """A card already in one of a sponsor's digests: the next digests show only new ones."""
    __tablename__ = "cards_shown"
    sponsor_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    card_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class WebhookSubscriber(Base):
    """An organisation that receives events in its own tools, signed with its own secret."""
    __tablename__ = "webhook_subscribers"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(128))
    # Comma-separated event names, or "*" for every event notifications tells people about.
    events: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at = mapped_column(UtcDateTime, nullable=False)


class WebhookDelivery(Base):
    """One event POSTed to one subscriber: the exact body signed, retried, then parked."""
    __tablename__ = "webhook_deliveries"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subscriber_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    # The people the event is about (ids only), so that a block or an erasure stops it.
    about: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UtcDateTime, nullable=False)
    next_attempt_at = mapped_column(UtcDateTime, nullable=False)
    sent_at = mapped_column(UtcDateTime, nullable=True)


PERSONAL_TABLES = (Contact, Notification, EmailDelivery, Preference, QuietHours, DigestDue, Pledge)


def inbox(session, person_id):
    return session.scalars(select(Notification).where(Notification.person_id == person_id)
                           .order_by(Notification.created_at.desc())).all()


def inbox_page(session, person_id, page, page_size):
    """(notifications of the page, newest first; total; unread)."""
    mine = Notification.person_id == person_id
    rows = session.scalars(select(Notification).where(mine)
                           .order_by(Notification.created_at.desc(), Notification.id)
                           .offset((page - 1) * page_size).limit(page_size)).all()
    total = session.scalar(select(func.count()).select_from(Notification).where(mine))
    return rows, total, unread_count(session, person_id)


def unread_count(session, person_id):
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.person_id == person_id, Notification.read.is_(False)))


def emails_since(session, person_id, since):
    """Emails queued for the person since `since`, digests and parked ones included."""
    return session.scalar(select(func.count()).select_from(EmailDelivery).where(
        EmailDelivery.person_id == person_id, EmailDelivery.created_at >= since))


def people_helped(session, pledge_id):
    return session.scalar(select(func.count(func.distinct(PledgeMatch.seeker_id))).where(
        PledgeMatch.pledge_id == pledge_id))


def due_emails(session, now, limit=50):
    return session.scalars(select(EmailDelivery).where(EmailDelivery.status == PENDING,
                                                       EmailDelivery.next_attempt_at <= now)
                           .order_by(EmailDelivery.created_at).limit(limit)
                           .with_for_update(skip_locked=True)).all()


def forget_name_in_others_messages(session, person_id, name, replacements):
    """Replace `name` in every inbox line and email about a pair that included the person, with
    `replacements[locale]` in the reader's language."""
    def replaced(text, reader_id):
        reader = session.get(Contact, reader_id)
        return text.replace(name, replacements[reader.locale if reader else "en"])

    mentions = Notification.pair_key.contains(str(person_id))
    for notification in session.scalars(select(Notification).where(mentions)):
        notification.subject = replaced(notification.subject, notification.person_id)
        notification.body = replaced(notification.body, notification.person_id)
        if notification.html:
            notification.html = replaced(notification.html, notification.person_id)
    about_them = select(Notification.id).where(mentions)
    for delivery in session.scalars(select(EmailDelivery).where(
            EmailDelivery.notification_id.in_(about_them))):
        delivery.subject = replaced(delivery.subject, delivery.person_id)
        delivery.body = replaced(delivery.body, delivery.person_id)
        if delivery.html:
            delivery.html = replaced(delivery.html, delivery.person_id)
        # The invite names them too; their meetings are called off, so it has no use left.
        delivery.attachment = None
