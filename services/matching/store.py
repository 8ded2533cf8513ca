"""Matching's own database: a read model of matchable attributes, rounds, and matches."""
import uuid
from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, Float, Integer, LargeBinary, String, Text, Uuid, func,
                        delete, or_, select, update)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.blocks import blocked_with
from shared.messaging.tables import ERASED_PEOPLE, define_block_replica, define_messaging_tables

from . import round_schedule

# Request states in this read model; match states.
OPEN, PROPOSED, CLOSED = "open", "proposed", "closed"
ACCEPTED, DECLINED, CANCELLED, EXPIRED = "accepted", "declined", "cancelled", "expired"
# A proposal between two people who blocked each other is withdrawn, never decided.
BLOCKED = "blocked"
# An accepted match whose donor gave nothing by the deadline, moved to another donor (delivery.py).
REASSIGNED = "reassigned"


class Base(DeclarativeBase):
    pass


define_messaging_tables(Base.metadata)
define_block_replica(Base.metadata)


class Candidate(Base):
    """What matching needs to know of a person, copied from profile events: what makes a pair,
    and the anonymised card a sponsor swipes (never a way to reach the person)."""
    __tablename__ = "candidates"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    languages: Mapped[list] = mapped_column(JSON)
    skills: Mapped[list] = mapped_column(JSON)
    occupation: Mapped[str | None] = mapped_column(String(100))
    target_occupation: Mapped[str | None] = mapped_column(String(100))
    roles: Mapped[list] = mapped_column(JSON, default=list)
    display_name: Mapped[str] = mapped_column(String(60), default="")
    own_words: Mapped[str] = mapped_column(Text, default="")
    neighbourhood: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    sponsor: Mapped[dict | None] = mapped_column(JSON)
    mentor: Mapped[dict | None] = mapped_column(JSON)
    accepts_sponsors: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at = mapped_column(UtcDateTime, nullable=True)
    # Weekly free time, for the hard rule that two people who must meet share a slot.
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    availability: Mapped[dict] = mapped_column(JSON, default=dict)
    # The language matching answers them in (explanations of their matches, their feed).
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    # When this row was last written (any change), so that the feed's in-memory deck reads only
    # what changed since it last looked: stamped on every insert and update, whoever writes.
    changed_at = mapped_column(UtcDateTime, nullable=True, index=True,
                               default=lambda: datetime.now(timezone.utc),
                               onupdate=lambda: datetime.now(timezone.utc))


class Offer(Base):
    __tablename__ = "offers"
    pledge_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # Units neither proposed nor accepted yet: a proposal takes one, a decline gives it back.
    available: Mapped[int] = mapped_column(Integer)
    # Withdrawn or expired in profiles: a unit freed later is not offered again.
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_until = mapped_column(Date, nullable=False)
    remote: Mapped[bool] = mapped_column(Boolean)
    # How far an in-person donor goes from home.
    radius_km: Mapped[int | None] = mapped_column(Integer)


class Request(Base):
    __tablename__ = "requests"
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    requested_at = mapped_column(UtcDateTime, nullable=False)



class Swipe(Base):
    """One person's like or pass on another's card; the latest decision counts."""
    __tablename__ = "swipes"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    decision: Mapped[str] = mapped_column(String(8))
    swiped_at = mapped_column(UtcDateTime, nullable=False)


class InterestTold(Base):
    """A seeker was told that this sponsor liked their card: told once per pair, however many
    times the sponsor likes the card again."""
    __tablename__ = "interests_told"
    sponsor_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    told_at = mapped_column(UtcDateTime, nullable=False)


class Sponsorship(Base):
    __tablename__ = "sponsorships"
    sponsorship_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    sponsor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    started_at = mapped_column(UtcDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(16))
    # Who ended it (a block, a cancelled match) and when: a sponsor who keeps ending them is
    # slowed (reveals.py). None for an end nobody chose (an erasure).
    ended_at = mapped_column(UtcDateTime, nullable=True)
    ended_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

    def end(self, by, at):
        self.status, self.ended_by, self.ended_at = ENDED, by, at


# How a contact was revealed.
BY_CONSENT, BY_SPONSORSHIP = "consent", "sponsorship"


class ContactReveal(Base):
    """A person's act that revealed a contact (a consent given, a sponsorship started), counted
    against their daily limit (reveals.py)."""
    __tablename__ = "contact_reveals"
    reveal_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    # Whose contact; None once that person is erased (the act still counts for the day).
    other_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    how: Mapped[str] = mapped_column(String(16))
    revealed_at = mapped_column(UtcDateTime, nullable=False)


class RoundDue(Base):
    """A round of one kind made due by a request or a unit arriving (round_schedule.py), written in
    the same transaction as the event that made it due, so that a restart does not lose it."""
    __tablename__ = "rounds_due"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    due_at = mapped_column(UtcDateTime, nullable=False)
    claimed_until = mapped_column(UtcDateTime, nullable=True)
    claim_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    next_due_at = mapped_column(UtcDateTime, nullable=True)


class Round(Base):
    __tablename__ = "rounds"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(32))
    started_at = mapped_column(UtcDateTime, nullable=False)
    requests: Mapped[int] = mapped_column(Integer)
    offers: Mapped[int] = mapped_column(Integer)
    edges: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    mean_affinity: Mapped[float | None] = mapped_column(Float)
    total_affinity: Mapped[float] = mapped_column(Float, default=0.0)
    # The same round's baselines on the same edges: what first-come-first-served and a stable
    # matching would have done, so that every round shows what optimising gained.
    greedy_matched: Mapped[int] = mapped_column(Integer, default=0)
    greedy_total: Mapped[float] = mapped_column(Float, default=0.0)
    stable_matched: Mapped[int] = mapped_column(Integer, default=0)
    stable_total: Mapped[float] = mapped_column(Float, default=0.0)


class Match(Base):
    __tablename__ = "matches"
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    round_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    pledge_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    donor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    affinity: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON)
    terms: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16))
    proposed_at = mapped_column(UtcDateTime, nullable=False)
    decided_at = mapped_column(UtcDateTime, nullable=True)
    # When the two met, as scheduling reports it (meeting_held).
    held_at = mapped_column(UtcDateTime, nullable=True)
    # When the seeker accepted it: a match called off after that keeps its conversation readable.
    accepted_at = mapped_column(UtcDateTime, nullable=True)
    # The help given (delivery.py): when, how (kinds.HOW_GIVEN), and whether by the deadline.
    given_at = mapped_column(UtcDateTime, nullable=True)
    given_how: Mapped[str | None] = mapped_column(String(32), nullable=True)
    given_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # When the help is due (None: the kind has none); the reminders sent (kinds.DELIVERY_REMINDERS).
    deadline_at = mapped_column(UtcDateTime, nullable=True)
    reminded: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # When a silent donor's match went to another donor, and why (kinds.REASSIGN_REASONS).
    reassigned_at = mapped_column(UtcDateTime, nullable=True)
    reassign_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class MatchMessage(Base):
    """One message of a match's private conversation (conversation.py holds the rules)."""
    __tablename__ = "match_messages"
    message_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    body: Mapped[str] = mapped_column(Text)
    posted_at = mapped_column(UtcDateTime, nullable=False)


class Review(Base):
    """The review a donor returned on a CV or cover-letter review match (review.py holds the
    rules): their comments, an annotated file if any, and the seeker's rating and thanks. Kept
    here, as the conversation is; deleted when either of the two is erased."""
    __tablename__ = "reviews"
    match_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    donor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    comments: Mapped[str] = mapped_column(Text)
    # The annotated file, checked as the seeker's document is (shared/documents.py), or None.
    file_content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    file_media_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    file_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    returned_at = mapped_column(UtcDateTime, nullable=False)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rated_at = mapped_column(UtcDateTime, nullable=True)
    thanks: Mapped[str | None] = mapped_column(Text, nullable=True)


class PausedPerson(Base):
    """Someone who missed two meetings: out of rounds until they say they are available."""
    __tablename__ = "paused_people"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    paused_at = mapped_column(UtcDateTime, nullable=False)


def _not_paused():
    return Candidate.person_id.not_in(select(PausedPerson.person_id))


def open_requests(session, kind, person_id=None):
    """The requests a round of this kind pairs (only one person's: `person_id`)."""
    query = (select(Request, Candidate).join(Candidate, Candidate.person_id == Request.person_id)
             .where(Request.kind == kind, Request.status == OPEN, _not_paused()))
    if person_id is not None:
        query = query.where(Request.person_id == person_id)
    return session.execute(query.order_by(Request.requested_at)).all()


def open_request_count(session, kind):
    return session.scalar(select(func.count()).select_from(Request).join(
        Candidate, Candidate.person_id == Request.person_id)
        .where(Request.kind == kind, Request.status == OPEN, _not_paused()))


def open_offers(session, kind, today):
    return session.execute(
        select(Offer, Candidate).join(Candidate, Candidate.person_id == Offer.person_id)
        .where(Offer.kind == kind, Offer.available > 0, Offer.closed.is_(False),
               Offer.valid_until >= today, _not_paused())).all()


def declined_pairs(session, kind):
    """(request, pledge) pairs never proposed again: declined, left unanswered, cancelled, or
    moved to another donor."""
    rows = session.execute(select(Match.request_id, Match.pledge_id)
                           .where(Match.kind == kind,
                                  Match.status.in_((DECLINED, EXPIRED, CANCELLED, REASSIGNED))))
    return frozenset((r.request_id, r.pledge_id) for r in rows)


def proposals_for_request(session, request_id):
    return session.scalars(select(Match).where(Match.request_id == request_id,
                                               Match.status == PROPOSED)).all()


def live_matches_between(session, a, b):
    return session.scalars(select(Match).where(
        Match.status.in_((PROPOSED, ACCEPTED)),
        or_((Match.seeker_id == a) & (Match.donor_id == b),
            (Match.seeker_id == b) & (Match.donor_id == a)))).all()


def matches_of(session, person_id):
    return session.scalars(select(Match).where(or_(Match.seeker_id == person_id,
                                                   Match.donor_id == person_id))
                           .order_by(Match.proposed_at)).all()


def proposals_older_than(session, cutoff):
    return session.scalars(select(Match).where(Match.status == PROPOSED, Match.proposed_at < cutoff)
                           .with_for_update(skip_locked=True)).all()


def last_round_at(session, kind):
    return session.scalar(select(func.max(Round.started_at)).where(Round.kind == kind))


ACTIVE, ENDED = "active", "ended"
SEEKER_ROLES = ("job_seeker", "reconverting_worker")


def feed_candidates(session, sponsor_id):
    """Seekers a sponsor may still be shown: not swiped by them, not blocked either way, not
    already sponsored by anyone."""
    swiped = select(Swipe.other_id).where(Swipe.person_id == sponsor_id)
    blocked = blocked_with(sponsor_id)
    sponsored = select(Sponsorship.seeker_id).where(Sponsorship.status == ACTIVE)
    rows = session.scalars(select(Candidate).where(
        Candidate.person_id != sponsor_id, Candidate.person_id.not_in(swiped),
        Candidate.person_id.not_in(blocked), Candidate.person_id.not_in(sponsored)))
    return [c for c in rows if set(c.roles or ()) & set(SEEKER_ROLES)]


def feed_rows(session, changed_since=None):
    """What the feed ranks on, for every candidate (or those changed since a moment)."""
    query = select(Candidate.person_id, Candidate.roles, Candidate.languages, Candidate.skills,
                   Candidate.target_occupation, Candidate.latitude, Candidate.longitude,
                   Candidate.first_seen_at, Candidate.changed_at)
    if changed_since is not None:
        query = query.where(Candidate.changed_at >= changed_since)
    return session.execute(query).all()


def erased_since(session, moment):
    """The people erased since a moment: their rows are gone, so no stamp says it."""
    return {uuid.UUID(person_id) for person_id in session.scalars(
        select(ERASED_PEOPLE.c.person_id).where(ERASED_PEOPLE.c.erased_at >= moment))}


def hidden_from_feed(session, sponsor_id):
    """People a sponsor's feed leaves out: swiped by them, blocked either way, or already
    sponsored by anyone."""
    swiped = select(Swipe.other_id).where(Swipe.person_id == sponsor_id)
    sponsored = select(Sponsorship.seeker_id).where(Sponsorship.status == ACTIVE)
    return set().union(*(session.scalars(query) for query in (swiped, blocked_with(sponsor_id),
                                                              sponsored)))


def candidates_by_id(session, person_ids):
    return {c.person_id: c for c in session.scalars(
        select(Candidate).where(Candidate.person_id.in_(list(person_ids))))}


def decision(session, person_id, other_id):
    swipe = session.get(Swipe, (person_id, other_id))
    return swipe.decision if swipe else None


def active_sponsorships(session, person_id):
    return session.scalars(select(Sponsorship).where(
        Sponsorship.status == ACTIVE,
        or_(Sponsorship.sponsor_id == person_id, Sponsorship.seeker_id == person_id))).all()


def pairs_made_before(session):
    """Seeker and donor pairs whose match was accepted once, whatever became of it."""
    rows = session.execute(select(Match.seeker_id, Match.donor_id)
                           .where(Match.status.in_((ACCEPTED, CANCELLED, REASSIGNED))))
    return frozenset(frozenset((r.seeker_id, r.donor_id)) for r in rows)


def live_matches_on(session, pledge_id):
    """How many units of an offer are proposed or taken."""
    return session.scalar(select(func.count()).select_from(Match).where(
        Match.pledge_id == pledge_id, Match.status.in_((PROPOSED, ACCEPTED))))


# --- what rounds need beyond requests and offers ---------------------------------------------

def swipes(session):
    """Every swipe's latest decision, for the rounds: (liker, liked) pairs, and the pairs of
    people one of whom passed on the other."""
    rows = session.execute(select(Swipe.person_id, Swipe.other_id, Swipe.decision)).all()
    likes = frozenset((r.person_id, r.other_id) for r in rows if r.decision == "like")
    passes = frozenset(frozenset((r.person_id, r.other_id)) for r in rows if r.decision == "pass")
    return likes, passes


def sponsored_seekers(session):
    """Job seekers someone sponsors now: a sponsorship round leaves them out."""
    return frozenset(session.scalars(select(Sponsorship.seeker_id)
                                     .where(Sponsorship.status == ACTIVE)))


def sponsoring(session, sponsor_id):
    """How many people a sponsor follows now, whether a swipe or a round brought them."""
    return session.scalar(select(func.count()).select_from(Sponsorship).where(
        Sponsorship.sponsor_id == sponsor_id, Sponsorship.status == ACTIVE))


def proposals_on(session, pledge_id):
    """How many proposals wait on an offer (accepted ones are counted elsewhere, if at all)."""
    return session.scalar(select(func.count()).select_from(Match).where(
        Match.pledge_id == pledge_id, Match.status == PROPOSED))


def standing_offers(session, kind):
    return session.scalars(select(Offer).where(Offer.kind == kind)).all()


def reveals_since(session, person_id, moment):
    """When the person revealed contacts since a moment, locking their rows: two reveals at once
    by the same person are counted one after the other."""
    return list(session.scalars(select(ContactReveal.revealed_at).where(
        ContactReveal.person_id == person_id, ContactReveal.revealed_at > moment)
        .with_for_update()))


def endings_by_sponsor_since(session, sponsor_id, moment):
    """When a sponsor ended sponsorships (their own acts) since a moment."""
    return list(session.scalars(select(Sponsorship.ended_at).where(
        Sponsorship.sponsor_id == sponsor_id, Sponsorship.ended_by == sponsor_id,
        Sponsorship.ended_at > moment)))


def sponsor_endings_since(session, moment):
    """{sponsor_id: [ended_at, ...]} of every sponsor who ended sponsorships since a moment."""
    endings = {}
    for sponsor_id, ended_at in session.execute(select(Sponsorship.sponsor_id, Sponsorship.ended_at)
                                                .where(Sponsorship.ended_by == Sponsorship.sponsor_id,
                                                       Sponsorship.ended_at > moment)):
        endings.setdefault(sponsor_id, []).append(ended_at)
    return endings


def active_sponsorship(session, sponsor_id, seeker_id):
    return session.scalars(select(Sponsorship).where(
        Sponsorship.sponsor_id == sponsor_id, Sponsorship.seeker_id == seeker_id,
        Sponsorship.status == ACTIVE)).first()


# --- sponsors who liked a seeker ----------------------------------------------------------------

def likes_on(session, seeker_id):
    """(swipe, sponsor's candidate) for every sponsor whose latest word on the seeker is a like."""
    rows = session.execute(
        select(Swipe, Candidate).join(Candidate, Candidate.person_id == Swipe.person_id)
        .where(Swipe.other_id == seeker_id, Swipe.decision == "like")).all()
    return [(swipe, sponsor) for swipe, sponsor in rows
            if "sponsor" in (sponsor.roles or ()) and sponsor.sponsor]


def answered_by(session, person_id):
    """Everyone the person liked or passed on."""
    return set(session.scalars(select(Swipe.other_id).where(Swipe.person_id == person_id)))


def blocked_ids(session, person_id):
    return set(session.scalars(blocked_with(person_id)))


# --- conversations ------------------------------------------------------------------------------

def messages_page(session, match_id, offset, limit):
    """A page of a match's messages, oldest first, and how many it holds in all."""
    total = session.scalar(select(func.count()).select_from(MatchMessage)
                           .where(MatchMessage.match_id == match_id))
    rows = session.scalars(select(MatchMessage).where(MatchMessage.match_id == match_id)
                           .order_by(MatchMessage.posted_at, MatchMessage.message_id)
                           .offset(offset).limit(limit)).all()
    return rows, total


def messages_in_conversations_of(session, person_id):
    """Every message of every conversation the person takes part in (their matches' and their
    sponsorships'), oldest first."""
    matches = select(Match.match_id).where(or_(Match.seeker_id == person_id,
                                               Match.donor_id == person_id))
    sponsorships = select(Sponsorship.sponsorship_id).where(or_(
        Sponsorship.sponsor_id == person_id, Sponsorship.seeker_id == person_id))
    return session.scalars(select(MatchMessage).where(or_(
        MatchMessage.match_id.in_(matches), MatchMessage.match_id.in_(sponsorships)))
        .order_by(MatchMessage.posted_at)).all()


def sponsorship_match(session, sponsorship):
    """The accepted match a round proposed for this pair's sponsorship, if one did: the pair
    talks on it. None for a sponsorship a mutual yes started."""
    return session.scalars(select(Match).where(
        Match.kind == "sponsorship", Match.seeker_id == sponsorship.seeker_id,
        Match.donor_id == sponsorship.sponsor_id, Match.accepted_at.is_not(None))
        .order_by(Match.accepted_at.desc())).first()


# --- turnaround: deadlines, reminders, reassignments (delivery.py, turnaround.py) ---------------

def deliveries_waiting(session):
    """Accepted matches with a deadline whose help is not given yet, locked (another replica's
    check skips them rather than reminding or moving them twice)."""
    return session.scalars(select(Match).where(
        Match.status == ACCEPTED, Match.deadline_at.is_not(None), Match.given_at.is_(None))
        .order_by(Match.deadline_at).with_for_update(skip_locked=True)).all()


def delivery_ends(session):
    """(donor, given on time or None, moved to another donor) for every match with a deadline
    whose end is known: the donors' track records (track_record.py)."""
    return session.execute(select(Match.donor_id, Match.given_on_time,
                                  Match.status == REASSIGNED).where(
        Match.deadline_at.is_not(None),
        or_(Match.given_at.is_not(None), Match.status == REASSIGNED))).all()


def parted_pairs(session, kind):
    """Seeker and donor pairs of this kind whose match went to another donor: never again."""
    rows = session.execute(select(Match.seeker_id, Match.donor_id)
                           .where(Match.kind == kind, Match.status == REASSIGNED))
    return frozenset(frozenset((r.seeker_id, r.donor_id)) for r in rows)


def reviews_of(session, person_id):
    """Every review the person returned or received."""
    return session.scalars(select(Review).where(
        or_(Review.donor_id == person_id, Review.seeker_id == person_id))
        .order_by(Review.returned_at)).all()


# --- when things happen (issue 16, outlook.py) ------------------------------------------------

def requests_waiting_of(session, person_id):
    """A person's requests still waiting for help: open, or with a proposal waiting."""
    return session.scalars(select(Request).where(Request.person_id == person_id,
                                                 Request.status.in_((OPEN, PROPOSED)))
                           .order_by(Request.requested_at)).all()


def offers_standing_of(session, person_id, today):
    """A person's offers that may still be proposed: not closed, not past their date."""
    return session.scalars(select(Offer).where(Offer.person_id == person_id,
                                               Offer.closed.is_(False),
                                               Offer.valid_until >= today)).all()


def proposals_waiting_on_requests(session, request_ids):
    """request_id -> its proposal waiting for an answer."""
    if not request_ids:
        return {}
    return {m.request_id: m for m in session.scalars(select(Match).where(
        Match.request_id.in_(list(request_ids)), Match.status == PROPOSED))}


# --- rounds due on arrivals (round_schedule.py) ---------------------------------------------------

def _due_of(row):
    return round_schedule.RoundDue(kind=row.kind, due_at=row.due_at,
                                   claimed_until=row.claimed_until, claim_id=row.claim_id,
                                   next_due_at=row.next_due_at)


def round_due(session, kind, lock=False):
    """The round of `kind` due on arrivals, or None; `lock`: held until the transaction ends, so
    that two replicas claiming it, or an arrival and a claim, take their turns."""
    row = session.get(RoundDue, kind, with_for_update=lock, populate_existing=lock)
    return None if row is None else _due_of(row)


def keep_round_due(session, kind, due):
    """Write what round_schedule decided for `kind` (None: nothing due)."""
    if due is None:
        session.execute(delete(RoundDue).where(RoundDue.kind == kind))
        return
    session.execute(update(RoundDue).where(RoundDue.kind == kind).values(
        due_at=due.due_at, claimed_until=due.claimed_until, claim_id=due.claim_id,
        next_due_at=due.next_due_at))


def add_round_due(session, due):
    """Insert the first due round of its kind; False if another transaction inserted one first
    (it waits for that one to commit, then the caller applies the rule to the row it wrote)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return bool(session.execute(insert(RoundDue).values(
        kind=due.kind, due_at=due.due_at, claimed_until=due.claimed_until,
        claim_id=due.claim_id, next_due_at=due.next_due_at)
        .on_conflict_do_nothing(index_elements=["kind"])).rowcount)


def kinds_due(session, now):
    """Kinds whose round may be due by now (round_schedule decides, row by row, under a lock)."""
    return session.scalars(select(RoundDue.kind).where(RoundDue.due_at <= now)
                           .order_by(RoundDue.due_at)).all()
