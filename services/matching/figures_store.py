"""Read-only queries behind the operators' pages and a donor's outcomes: rounds, match counts."""
from sqlalchemy import func, select, true

from .store import ACCEPTED, PROPOSED, Match, Offer, Request, Round


def rounds_page(session, page, page_size, kind=None):
    """(rounds, total): page `page` (from 1) of the rounds, the last started first."""
    condition = Round.kind == kind if kind else true()
    rounds = session.scalars(select(Round).where(condition)
                             .order_by(Round.started_at.desc(), Round.id)
                             .offset((page - 1) * page_size).limit(page_size)).all()
    total = session.scalar(select(func.count()).select_from(Round).where(condition))
    return rounds, total


def _count_by_kind(session, model, *conditions):
    return dict(session.execute(select(model.kind, func.count()).where(*conditions)
                                .group_by(model.kind)).all())


def requests_by_kind(session):
    return _count_by_kind(session, Request)


def proposals_by_kind(session):
    """Every proposal ever made, whatever its answer."""
    return _count_by_kind(session, Match)


def held_by_kind(session):
    return _count_by_kind(session, Match, Match.held_at.is_not(None))


def accepted_waits(session):
    """(kind, requested_at, decided_at) of every match accepted and still standing."""
    return session.execute(select(Match.kind, Request.requested_at, Match.decided_at)
                           .join(Request, Request.request_id == Match.request_id)
                           .where(Match.status == ACCEPTED)).all()


def first_proposals(session):
    """(kind, requested_at, first proposed_at) of every request proposed at least once."""
    return session.execute(select(Match.kind, Request.requested_at, func.min(Match.proposed_at))
                           .join(Request, Request.request_id == Match.request_id)
                           .group_by(Match.request_id, Match.kind, Request.requested_at)).all()


def offers_of(session, person_id):
    """(pledge_id, kind) of a person's offers, pledges and standing offers alike."""
    return session.execute(select(Offer.pledge_id, Offer.kind)
                           .where(Offer.person_id == person_id)
                           .order_by(Offer.kind, Offer.pledge_id)).all()


def matches_on_offers_of(session, person_id):
    """(pledge_id, kind, seeker_id, accepted, waiting, held) of the matches on a person's offers."""
    return session.execute(select(
        Match.pledge_id, Match.kind, Match.seeker_id, (Match.status == ACCEPTED).label("accepted"),
        (Match.status == PROPOSED).label("waiting"), Match.held_at.is_not(None).label("held"))
        .where(Match.donor_id == person_id)).all()
