"""The profiles database: people, pledges, help requests, and the messaging tables."""
import uuid

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, Uuid, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_messaging_tables


class Base(DeclarativeBase):
    pass


define_messaging_tables(Base.metadata)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    locale: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list] = mapped_column(JSON)
    languages: Mapped[list] = mapped_column(JSON)
    skills: Mapped[list] = mapped_column(JSON)
    occupation: Mapped[str | None] = mapped_column(String(100))
    target_occupation: Mapped[str | None] = mapped_column(String(100))
    availability: Mapped[dict] = mapped_column(JSON)
    registered_at = mapped_column(UtcDateTime, nullable=False)


class Pledge(Base):
    __tablename__ = "pledges"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)
    valid_until = mapped_column(Date, nullable=False)
    remote: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    created_at = mapped_column(UtcDateTime, nullable=False)


class HelpRequest(Base):
    __tablename__ = "help_requests"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    requested_at = mapped_column(UtcDateTime, nullable=False)


def email_taken(session, email):
    return session.execute(select(Person.id).where(Person.email == email)).first() is not None


def person(session, person_id):
    return session.get(Person, person_id)


def pledges_of(session, person_id):
    return session.scalars(select(Pledge).where(Pledge.person_id == person_id)
                           .order_by(Pledge.created_at)).all()


def requests_of(session, person_id):
    return session.scalars(select(HelpRequest).where(HelpRequest.person_id == person_id)
                           .order_by(HelpRequest.requested_at)).all()
