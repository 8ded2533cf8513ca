"""Scheduling's own database: who is free when (from profile events), and meetings."""
import uuid
from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, Uuid, or_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_block_replica, define_messaging_tables

PROPOSED, CONFIRMED, NO_COMMON_TIME, CANCELLED = "proposed", "confirmed", "no_common_time", "cancelled"


class Base(DeclarativeBase):
    pass


define_messaging_tables(Base.metadata)
define_block_replica(Base.metadata)


class Attendee(Base):
    """What scheduling needs of a person: when they are free, and how others may call them.

    No email or phone: invites name the other person as others see them (first name and
    initial), and reach each person through notifications, which holds the address.
    """
    __tablename__ = "attendees"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(60))
    timezone: Mapped[str] = mapped_column(String(64))
    availability: Mapped[dict] = mapped_column(JSON)



class Meeting(Base):
    __tablename__ = "meetings"
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    chooser_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    remote: Mapped[bool] = mapped_column()
    slots: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    start = mapped_column(UtcDateTime, nullable=True)
    end = mapped_column(UtcDateTime, nullable=True)
    location: Mapped[str | None] = mapped_column(Text)
    # RFC 5545 SEQUENCE of the last invite sent for this meeting.
    sequence: Mapped[int] = mapped_column(Integer, default=0)


def meetings_of(session, person_id):
    return session.scalars(select(Meeting).where(or_(Meeting.chooser_id == person_id,
                                                     Meeting.other_id == person_id))).all()


def busy_times(session, person_ids):
    """Intervals already taken by these people: booked meetings and slots still on offer."""
    busy = []
    for meeting in session.scalars(select(Meeting).where(or_(Meeting.chooser_id.in_(person_ids),
                                                             Meeting.other_id.in_(person_ids)))):
        if meeting.status == CONFIRMED:
            busy.append((meeting.start, meeting.end))
        elif meeting.status == PROPOSED:
            busy.extend(slot_bounds(slot) for slot in meeting.slots)
    return busy


def slot_bounds(slot):
    return datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])


def meetings_between(session, a, b):
    return session.scalars(select(Meeting).where(or_(
        (Meeting.chooser_id == a) & (Meeting.other_id == b),
        (Meeting.chooser_id == b) & (Meeting.other_id == a)))).all()
