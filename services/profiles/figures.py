"""Pledge and people figures for the operators' dashboard, from rows the store reads."""
from collections import Counter


def pledge_figures(kinds, totals):
    """Per kind of help, in `kinds`' order (zeros where nobody pledged), from `totals`: (kind,
    pledges, units_pledged, units_used, pledges_fulfilled) rows."""
    by_kind = {row[0]: row for row in totals}
    return [{"kind": kind, **dict(zip(
        ("pledges", "units_pledged", "units_used", "pledges_fulfilled"),
        (int(value or 0) for value in by_kind.get(kind, (kind, 0, 0, 0, 0))[1:])))}
        for kind in kinds]


def people_by_role(roles, role_lists):
    """({role: people}, people): everyone with a role counts once in total and once under each
    of their roles; an erased person has none left, so counts nowhere."""
    counts = Counter()
    people = 0
    for person_roles in role_lists:
        if person_roles:
            people += 1
            counts.update(set(person_roles))
    return {role: counts[role] for role in roles}, people
