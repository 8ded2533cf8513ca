"""The consumers' copy of who blocked whom, so that events already on their way are dropped.

Profiles owns blocks; matching, scheduling and notifications each keep this replica, fed by
`person_blocked`, in their own database (created by `define_block_replica` in their store).
"""
from sqlalchemy import insert, select

from .tables import BLOCKS


def remember_block(session, person_id, other_id):
    if not session.execute(select(BLOCKS.c.person_id).where(
            BLOCKS.c.person_id == person_id, BLOCKS.c.other_id == other_id)).first():
        session.execute(insert(BLOCKS).values(person_id=person_id, other_id=other_id))


def any_blocked(session, person_ids):
    """Whether one of these people blocked another of them."""
    ids = list(person_ids)
    return session.execute(select(BLOCKS.c.person_id).where(
        BLOCKS.c.person_id.in_(ids), BLOCKS.c.other_id.in_(ids))).first() is not None


def blocked_either_way(session, a, b):
    return any_blocked(session, (a, b))


def blocked_pairs(session):
    """Every blocked pair, as frozensets of two person ids."""
    return frozenset(frozenset(row) for row in session.execute(select(BLOCKS)))


def blocked_with(person_id):
    """A subquery of the people the person blocked or was blocked by."""
    return select(BLOCKS.c.other_id).where(BLOCKS.c.person_id == person_id).union(
        select(BLOCKS.c.person_id).where(BLOCKS.c.other_id == person_id))




def blocked_by(session, person_id):
    """The people this person blocked; not those who blocked them, which is theirs to know."""
    return {str(other_id) for other_id in session.scalars(
        select(BLOCKS.c.other_id).where(BLOCKS.c.person_id == person_id))}
