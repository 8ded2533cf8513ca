"""Affinity and the assignment that pairs requests with offers; plain Python and numpy arrays.

A round is a bipartite graph: open requests on one side, offer units on the other. An edge exists
only where the hard rules allow it; its weight is an affinity made of named terms, so that every
pair can be explained. The round picks the set of pairs that first matches the most people and then
has the highest total affinity: a maximum-weight assignment, solved exactly by scipy's
`linear_sum_assignment`.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from shared.reference import occupations

# Weights of the affinity terms (a pair that passes the hard rules starts at BASE).
BASE = 1.0
WORKS_IN_TARGET = 3.0      # the donor works in the occupation the seeker is aiming for
SAME_STARTING_POINT = 1.0  # the donor once held the seeker's current occupation
PER_SHARED_SKILL, MAX_SHARED_SKILLS = 0.5, 4
PER_DAY_WAITING, MAX_DAYS_WAITING = 0.1, 10
# A donor's second unit weighs a little less than the first, so that load spreads across donors.
NEXT_UNIT_DISCOUNT = 0.05


@dataclass(frozen=True)
class Seeker:
    request_id: object
    person_id: object
    languages: tuple
    skills: tuple
    occupation: str | None
    target_occupation: str | None
    days_waiting: float


@dataclass(frozen=True)
class Offer:
    pledge_id: object
    person_id: object
    languages: tuple
    skills: tuple
    occupation: str | None
    units: int


@dataclass(frozen=True)
class Affinity:
    score: float
    reasons: tuple = field(default=())


@dataclass(frozen=True)
class Pairing:
    seeker: Seeker
    offer: Offer
    affinity: Affinity


@dataclass(frozen=True)
class RoundPlan:
    pairings: list
    requests: int
    offers: int
    edges: int

    @property
    def mean_affinity(self):
        if not self.pairings:
            return None
        return sum(p.affinity.score for p in self.pairings) / len(self.pairings)


def _label(code):
    # Codes are ROME codes; a label reads better, and an unknown code is shown as it is.
    return occupations.label(code, "en") or code


def _same(a, b):
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def affinity(seeker, offer, excluded_pairs=frozenset(), blocked=frozenset()):
    """The pair's affinity, or None where a hard rule forbids it.

    `excluded_pairs` holds (request, pledge) pairs declined before; `blocked` holds
    frozensets of two person ids, one of whom blocked the other.
    """
    if seeker.person_id == offer.person_id:
        return None
    if (seeker.request_id, offer.pledge_id) in excluded_pairs:
        return None  # declined before: never proposed again
    if frozenset((seeker.person_id, offer.person_id)) in blocked:
        return None
    languages = set(seeker.languages) & set(offer.languages)
    if not languages:
        return None

    score, reasons = BASE, []
    target = occupations.occupation_closeness(offer.occupation, seeker.target_occupation)
    if target == occupations.SAME:
        score += WORKS_IN_TARGET
        reasons.append(f"works in {_label(offer.occupation)}, the job you are aiming for")
    elif target == occupations.NEIGHBOUR:
        score += WORKS_IN_TARGET * occupations.NEIGHBOUR
        reasons.append(f"works in {_label(offer.occupation)}, next to the job you are aiming for")
    if _same(offer.occupation, seeker.occupation):
        score += SAME_STARTING_POINT
        reasons.append(f"also worked in {_label(seeker.occupation)}")
    shared = sorted({s.casefold() for s in seeker.skills} & {s.casefold() for s in offer.skills})
    if shared:
        score += PER_SHARED_SKILL * min(len(shared), MAX_SHARED_SKILLS)
        reasons.append(f"{len(shared)} shared skill{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    if seeker.days_waiting >= 1:
        days = min(seeker.days_waiting, MAX_DAYS_WAITING)
        score += PER_DAY_WAITING * days
        reasons.append(f"you have been waiting {int(seeker.days_waiting)} day"
                       f"{'s' if seeker.days_waiting >= 2 else ''}")
    reasons.append("you both speak " + ", ".join(sorted(languages)))
    return Affinity(round(score, 4), tuple(reasons))


def assign(weights):
    """Rows and columns of a maximum-weight assignment that first maximises the number of pairs.

    `weights` is a dense (requests × offer units) array with np.nan where no edge exists. Each
    allowed edge gets a bonus larger than any total of affinities, so one more pair always beats
    any gain in affinity; forbidden cells weigh 0 and are dropped from the answer. This is exact:
    a maximum-weight full assignment restricted to its positive cells is a maximum-weight matching
    of the allowed edges.
    """
    allowed = ~np.isnan(weights)
    if not allowed.any():
        return []
    bonus = np.nansum(np.abs(weights)) + 1.0
    profit = np.where(allowed, weights + bonus, 0.0)
    rows, cols = linear_sum_assignment(profit, maximize=True)
    return [(r, c) for r, c in zip(rows, cols) if allowed[r, c]]


def plan_round(seekers, offers, excluded_pairs=frozenset(), blocked=frozenset()):
    """Choose which request goes to which offer; each offer takes at most `units` requests."""
    # One column per unit of each offer, so that capacities become a plain assignment.
    units = [(j, k) for j, offer in enumerate(offers) for k in range(offer.units)]
    weights = np.full((len(seekers), len(units)), np.nan)
    affinities = {}
    for i, seeker in enumerate(seekers):
        for j, offer in enumerate(offers):
            found = affinity(seeker, offer, excluded_pairs, blocked)
            if found is not None:
                affinities[i, j] = found
    for column, (j, k) in enumerate(units):
        for i in range(len(seekers)):
            if (i, j) in affinities:
                weights[i, column] = affinities[i, j].score * (1 - NEXT_UNIT_DISCOUNT * k)
    pairings = [Pairing(seekers[i], offers[units[column][0]], affinities[i, units[column][0]])
                for i, column in assign(weights)]
    return RoundPlan(pairings, requests=len(seekers), offers=len(offers), edges=len(affinities))
