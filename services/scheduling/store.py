"""Scheduling's own database: who is free when (from profile events), meetings, the steps due
after a booking, and what people answered afterwards."""
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, Uuid, func, or_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_block_replica, define_messaging_tables

from .meetings import AWAITING_SLOTS, CONFIRMED, HELD, PROPOSED

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
    # The neighbourhood's centre, never a street address: enough to suggest a place near both.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Preferences the person sets here (RPC `preferences`).
    remote_only: Mapped[bool] = mapped_column(Boolean, default=False)
    longer_meetings: Mapped[bool] = mapped_column(Boolean, default=False)
    no_shows: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)


class Meeting(Base):
    """One meeting between the two people of a match. `chooser_id` picks among the current
    `slots`; on a reschedule the other person becomes the chooser."""
    __tablename__ = "meetings"
    meeting_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    chooser_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    remote: Mapped[bool] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    slots: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    start = mapped_column(UtcDateTime, nullable=True)
    end = mapped_column(UtcDateTime, nullable=True)
    location: Mapped[str | None] = mapped_column(Text)
    # RFC 5545 SEQUENCE of the last invite sent for this meeting.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    proposals_made: Mapped[int] = mapped_column(Integer, default=0)
    proposal_expires_at = mapped_column(UtcDateTime, nullable=True, index=True)
    # True while a booked meeting waits for a new time: the booking stands until one is chosen.
    rescheduling: Mapped[bool] = mapped_column(Boolean, default=False)


class Step(Base):
    """A reminder or the "did you meet?" question, due at a fixed time: written with the
    booking, marked done in the same transaction as its event, so a restart neither loses nor
    repeats one."""
    __tablename__ = "meeting_steps"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.meeting_id"), primary_key=True)
    step: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_at = mapped_column(UtcDateTime, index=True)
    done_at = mapped_column(UtcDateTime, nullable=True)


class Outcome(Base):
    """What one person answered to "did you meet?", with their rating and sentence."""
    __tablename__ = "meeting_outcomes"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.meeting_id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at = mapped_column(UtcDateTime)


class NoShow(Base):
    """One person missed one meeting: counted once, however many times it is reported."""
    __tablename__ = "no_shows"
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.meeting_id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    recorded_at = mapped_column(UtcDateTime)


def meetings_of(session, person_id, lock=False):
    """`lock`: to cancel them, waiting for a booking being made meanwhile and seeing it."""
    return session.scalars(_locked(select(Meeting).where(or_(
        Meeting.chooser_id == person_id, Meeting.other_id == person_id)), lock)).all()


def _locked(query, lock):
    return query.with_for_update().execution_options(populate_existing=True) if lock else query


def busy_times(session, person_ids, but=None):
    """{person: intervals already taken}: booked meetings and slots still on offer (the meeting
    `but` left out: a meeting being rescheduled does not compete with itself)."""
    busy = {person: [] for person in person_ids}
    query = select(Meeting).where(or_(Meeting.chooser_id.in_(person_ids),
                                      Meeting.other_id.in_(person_ids)),
                                  Meeting.status.in_((PROPOSED, CONFIRMED)))
    for meeting in session.scalars(query):
        if meeting.meeting_id == but:
            continue
        taken = [slot_bounds(slot) for slot in meeting.slots] if meeting.status == PROPOSED \
            or meeting.rescheduling else []
        if meeting.start is not None and meeting.status == CONFIRMED:
            taken.append((meeting.start, meeting.end))
        for person in (meeting.chooser_id, meeting.other_id):
            if person in busy:
                busy[person].extend(taken)
    return busy


def awaiting_slots(session):
    # Replicas of scheduling share the work: each takes the rows no other one holds.
    return session.scalars(select(Meeting).where(Meeting.status == AWAITING_SLOTS)
                           .order_by(Meeting.meeting_id).with_for_update(skip_locked=True)).all()


def lapsed_proposals(session, now):
    return session.scalars(select(Meeting).where(
        Meeting.proposal_expires_at <= now,
        or_(Meeting.status == PROPOSED, Meeting.rescheduling.is_(True)))
        .with_for_update(skip_locked=True)).all()


def due_steps(session, now):
    """{meeting: [steps]} of every step due and not done, for meetings still booked."""
    rows = session.execute(select(Meeting, Step).join(Step, Step.meeting_id == Meeting.meeting_id)
                           .where(Step.due_at <= now, Step.done_at.is_(None))
                           .order_by(Step.due_at).with_for_update(skip_locked=True)).all()
    found = {}
    for meeting, step in rows:
        found.setdefault(meeting, []).append(step)
    return found


def outcomes_of(session, meeting_id):
    return session.scalars(select(Outcome).where(Outcome.meeting_id == meeting_id)).all()


def outcomes_by(session, person_id):
    return session.scalars(select(Outcome).where(Outcome.person_id == person_id)).all()


def held_per_week(session):
    held = session.scalars(select(Meeting.start).where(Meeting.status == HELD)).all()
    weeks = {}
    for start in held:
        year, week, _ = start.isocalendar()
        weeks[f"{year}-W{week:02d}"] = weeks.get(f"{year}-W{week:02d}", 0) + 1
    return [{"week": week, "meetings": count} for week, count in sorted(weeks.items())]


def ratings(session):
    rows = session.execute(select(Outcome.rating, func.count()).where(Outcome.rating.is_not(None))
                           .group_by(Outcome.rating)).all()
    return {str(rating): count for rating, count in rows}


def slot_bounds(slot):
    return datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])


def meetings_between(session, a, b, lock=False):
    return session.scalars(_locked(select(Meeting).where(or_(
        (Meeting.chooser_id == a) & (Meeting.other_id == b),
        (Meeting.chooser_id == b) & (Meeting.other_id == a))), lock)).all()
