"""Notifications' own database: contacts, the in-app inbox, and the email queue."""
import uuid

from sqlalchemy import Boolean, Integer, String, Text, Uuid, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_block_replica, define_messaging_tables

PENDING, SENT, PARKED = "pending", "sent", "parked"


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
    created_at = mapped_column(UtcDateTime, nullable=False)
    read: Mapped[bool] = mapped_column(Boolean, default=False)


class EmailDelivery(Base):
    """An email to send; its id names the Maildir file and the Message-ID, so a resend is one mail."""
    __tablename__ = "email_deliveries"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    notification_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    to_address: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UtcDateTime, nullable=False)
    next_attempt_at = mapped_column(UtcDateTime, nullable=False)
    sent_at = mapped_column(UtcDateTime, nullable=True)


def inbox(session, person_id):
    return session.scalars(select(Notification).where(Notification.person_id == person_id)
                           .order_by(Notification.created_at.desc())).all()


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
    about_them = select(Notification.id).where(mentions)
    for delivery in session.scalars(select(EmailDelivery).where(
            EmailDelivery.notification_id.in_(about_them))):
        delivery.subject = replaced(delivery.subject, delivery.person_id)
        delivery.body = replaced(delivery.body, delivery.person_id)
        # The invite names them too; their meetings are called off, so it has no use left.
        delivery.attachment = None
