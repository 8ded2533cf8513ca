"""Matching's table of outcome surveys and the queries behind asking, answering and the figures
(services/matching/outcomes.py holds the rules)."""
import uuid

from sqlalchemy import JSON, Boolean, Integer, String, Uuid, func, select
from sqlalchemy.orm import Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import ERASED_PEOPLE

from . import outcomes
from .store import Base, Match


class OutcomeSurvey(Base):
    """One seeker's question three months on: asked once (person_id is unique), the link's token
    kept only as its hash, and their answer once given."""
    __tablename__ = "outcome_surveys"
    survey_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    asked_at = mapped_column(UtcDateTime, nullable=False)
    # The kinds of help they had been given when asked, for the figures by kind.
    kinds: Mapped[list] = mapped_column(JSON)
    answered_at = mapped_column(UtcDateTime, nullable=True)
    situation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    helped: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)

    def rules(self):
        return outcomes.Survey(asked_at=self.asked_at, answered_at=self.answered_at)

    def answer(self):
        if self.answered_at is None:
            return None
        return outcomes.Answer(self.situation, self.helped, self.satisfaction)


def first_help_not_asked(session, given_before):
    """{seeker id: first given_at} of seekers given help before `given_before` and not asked."""
    asked = select(OutcomeSurvey.person_id)
    return dict(session.execute(
        select(Match.seeker_id, func.min(Match.given_at))
        .where(Match.given_at.is_not(None), Match.seeker_id.not_in(asked))
        .group_by(Match.seeker_id)
        .having(func.min(Match.given_at) <= given_before)).all())


def erased_among(session, person_ids):
    """Those of these people who erased their account (never asked: they left)."""
    wanted = [str(p) for p in person_ids]
    if not wanted:
        return set()
    erased = set(session.scalars(select(ERASED_PEOPLE.c.person_id).where(
        ERASED_PEOPLE.c.person_id.in_(wanted))))
    return {p for p in person_ids if str(p) in erased}


def kinds_given_to(session, person_id):
    return sorted(set(session.scalars(select(Match.kind).where(
        Match.seeker_id == person_id, Match.given_at.is_not(None)))))


def by_token(session, token, lock=False):
    """The survey a link's token opens, or None; only the token's hash is looked up."""
    query = select(OutcomeSurvey).where(OutcomeSurvey.token_hash == outcomes.token_hash(token))
    return session.scalar(query.with_for_update() if lock else query)


def all_asked(session):
    """Every survey as the figures read it."""
    return [outcomes.Asked(tuple(s.kinds or ()), s.answer())
            for s in session.scalars(select(OutcomeSurvey))]


def helped_by(session, donor_id):
    """The seekers a donor gave help to, and the answers of those of them who answered."""
    helped = set(session.scalars(select(Match.seeker_id).where(
        Match.donor_id == donor_id, Match.given_at.is_not(None))))
    answers = {s.person_id: s.answer() for s in session.scalars(select(OutcomeSurvey).where(
        OutcomeSurvey.person_id.in_(helped), OutcomeSurvey.answered_at.is_not(None)))}
    return helped, answers


def select_survey_of(person_id):
    return select(OutcomeSurvey).where(OutcomeSurvey.person_id == person_id)
