"""Read-only queries behind the operators' impact figures."""
from sqlalchemy import case, func, select

from shared.contracts.kinds import FULFILLED

from .store import Person, Pledge


def pledge_totals(session):
    """(kind, pledges, units_pledged, units_used, pledges_fulfilled) per kind pledged."""
    return session.execute(select(
        Pledge.kind, func.count(), func.sum(Pledge.quantity),
        func.sum(Pledge.quantity - Pledge.remaining),
        # Fulfilled: every unit given (pledge_units.py), not merely matched.
        func.sum(case((Pledge.status == FULFILLED, 1), else_=0)))
        .group_by(Pledge.kind)).all()


def role_lists(session):
    """Each person's roles (a JSON list, so counted in Python the same on SQLite and PostgreSQL)."""
    return session.scalars(select(Person.roles)).all()
