"""Figures for operators and donors, computed from rows the store reads: no database here.

Time to match is measured from a help request being made (its `requested_at`, as profiles stamped
it and matching heard it in help_requested) to the seeker accepting the proposal (the match's
`decided_at`), over matches accepted and not cancelled since: a cancelled match's `decided_at`
is when it was cancelled, and its request went back in line.

Time to a proposal is how soon Binôme answers a request at all: from its `requested_at` to the
first proposal ever made for it (the earliest match's `proposed_at`, whatever became of it), in
minutes, since rounds run on arrivals (round_schedule.py) rather than once an hour.
"""
import numpy

TIME_TO_MATCH = ("Hours from a help request being made (requested_at) to the seeker accepting "
                 "the proposal (the match's decided_at), over matches accepted and not "
                 "cancelled since.")


TIME_TO_PROPOSAL = ("Minutes from a help request being made (requested_at) to the first proposal "
                    "made for it (the earliest match's proposed_at), over requests proposed at "
                    "least once.")


def hours_between(start, end):
    # Two services' clocks stamp the ends: a small skew must not make a negative wait.
    return max((end - start).total_seconds() / 3600, 0.0)


def minutes_between(start, end):
    return hours_between(start, end) * 60


def median_and_p90(values):
    """(median, 90th percentile) of the values, interpolated linearly; (None, None) if none."""
    if not values:
        return None, None
    median, p90 = numpy.percentile(values, [50, 90])
    return round(float(median), 2), round(float(p90), 2)


def match_figures(kinds, requests, proposed, held, accepted, first_proposals):
    """Per kind of help, in `kinds`' order: requests heard of, proposals made, matches accepted
    (and still standing), meetings held, the median and p90 hours to match, and the median and
    p90 minutes from a request to its first proposal.

    `requests`, `proposed`, `held`: {kind: count}; `accepted`: (kind, requested_at, decided_at)
    rows of the accepted matches; `first_proposals`: (kind, requested_at, first proposed_at), one
    row per request proposed at least once.
    """
    waits = _by_kind(kinds, accepted, hours_between)
    answers = _by_kind(kinds, first_proposals, minutes_between)
    figures = []
    for kind in kinds:
        median, p90 = median_and_p90(waits[kind])
        median_answer, p90_answer = median_and_p90(answers[kind])
        figures.append({"kind": kind, "requests": requests.get(kind, 0),
                        "proposed": proposed.get(kind, 0), "accepted": len(waits[kind]),
                        "held": held.get(kind, 0), "median_hours_to_match": median,
                        "p90_hours_to_match": p90, "median_minutes_to_proposal": median_answer,
                        "p90_minutes_to_proposal": p90_answer})
    return {"kinds": figures, "time_to_match": TIME_TO_MATCH, "time_to_proposal": TIME_TO_PROPOSAL}


def _by_kind(kinds, rows, between):
    durations = {kind: [] for kind in kinds}
    for kind, start, end in rows:
        durations.setdefault(kind, []).append(between(start, end))
    return durations


def pledge_outcomes(offers, matches):
    """What each of a donor's offers achieved, in the order the offers come.

    `offers`: (pledge_id, kind) rows; `matches`: (pledge_id, kind, seeker_id, accepted, waiting,
    held) rows of the matches on them, where `accepted` means accepted and still standing,
    `waiting` a proposal not answered yet, and `held` a meeting held (whatever became of the
    match since: it happened). A match on an offer this service no longer knows still counts.
    """
    outcomes = {pledge_id: _nothing_yet(pledge_id, kind) for pledge_id, kind in offers}
    helped = {pledge_id: set() for pledge_id in outcomes}
    for pledge_id, kind, seeker_id, accepted, waiting, held in matches:
        outcome = outcomes.setdefault(pledge_id, _nothing_yet(pledge_id, kind))
        if accepted:
            outcome["units_matched"] += 1
            helped.setdefault(pledge_id, set()).add(seeker_id)
        outcome["waiting"] += bool(waiting)
        outcome["meetings_held"] += bool(held)
    for pledge_id, outcome in outcomes.items():
        outcome["people_helped"] = len(helped.get(pledge_id, ()))
    return list(outcomes.values())


def _nothing_yet(pledge_id, kind):
    return {"pledge_id": pledge_id, "kind": kind, "units_matched": 0, "people_helped": 0,
            "waiting": 0, "meetings_held": 0}
