"""Affinity and the assignment that pairs requests with offers; plain Python and numpy arrays.

A round is a bipartite graph: open requests on one side, offers with capacities on the other. An
edge exists only where the hard rules allow it; its weight is an affinity made of named terms, so
that every pair can be explained. The round picks the set of pairs that first matches the most
people and then has the highest total affinity (solver.solve, exact), and measures it against
first come first served and a stable matching on the same edges (baselines).
"""
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from shared.availability import Weekly, longest_common_stretch
from shared.reference import occupations, places

from . import baselines, solver

# Weights of the affinity terms (a pair that passes the hard rules starts at BASE).
BASE = 1.0
SAME_PATH = 4.0            # the mentor made the very move the seeker is attempting
WORKS_IN_TARGET = 3.0      # the donor works in the occupation the seeker is aiming for
SAME_STARTING_POINT = 1.0  # the donor once held the seeker's current occupation
PER_SHARED_SKILL, MAX_SHARED_SKILLS = 0.5, 4
PER_DAY_WAITING, MAX_DAYS_WAITING = 0.1, 10
NEARBY = 1.0              # in person: full at the same place, nothing at the edge of the radius
DEFAULT_RADIUS_KM = 10
FREE_TOGETHER = 0.5       # a meeting kind, and both have time in common every week
PAIRED_BEFORE, FLOOR = 1.0, 0.1
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
    # Where and when, for help given in person or over a meeting (None: not known).
    latitude: float | None = None
    longitude: float | None = None
    weekly: Weekly | None = None


@dataclass(frozen=True)
class Offer:
    pledge_id: object
    person_id: object
    languages: tuple
    skills: tuple
    occupation: str | None
    units: int
    remote: bool = True
    radius_km: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    weekly: Weekly | None = None
    # A mentor's own reconversion, (from, to) as ROME codes.
    path: tuple | None = None


@dataclass(frozen=True)
class Weights:
    """The weight of each affinity term; the defaults above, or AFFINITY_WEIGHTS overrides."""
    base: float = BASE
    same_path: float = SAME_PATH
    works_in_target: float = WORKS_IN_TARGET
    same_starting_point: float = SAME_STARTING_POINT
    per_shared_skill: float = PER_SHARED_SKILL
    per_day_waiting: float = PER_DAY_WAITING
    nearby: float = NEARBY
    free_together: float = FREE_TOGETHER
    paired_before: float = PAIRED_BEFORE

    @classmethod
    def from_overrides(cls, overrides):
        """Weights with some changed, e.g. {"works_in_target": 4}; an unknown name is an error."""
        unknown = set(overrides) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown affinity terms: {', '.join(sorted(unknown))}")
        return cls(**{name: float(value) for name, value in overrides.items()})


@dataclass(frozen=True)
class Context:
    """What a round knows beyond the two people: how long they must meet (None: no meeting),
    from when their weeks count, which pairs were already made, and the weights of the terms."""
    meeting_minutes: int | None = None
    week_start: object = None
    met_before: frozenset = frozenset()
    weights: Weights = Weights()


@dataclass(frozen=True)
class Affinity:
    score: float
    reasons: tuple = field(default=())
    # (term, weight) pairs that add up to the score: what `explain` shows.
    terms: tuple = field(default=())


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
    # The same round's baselines, on the same edges: how many pairs, and their total affinity.
    greedy_matched: int = 0
    greedy_total: float = 0.0
    stable_matched: int = 0
    stable_total: float = 0.0

    @property
    def total_affinity(self):
        return sum(p.affinity.score for p in self.pairings)

    @property
    def mean_affinity(self):
        if not self.pairings:
            return None
        return self.total_affinity / len(self.pairings)


def _label(code):
    # Codes are ROME codes; a label reads better, and an unknown code is shown as it is.
    return occupations.label(code, "en") or code


def _same(a, b):
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def affinity(seeker, offer, excluded_pairs=frozenset(), blocked=frozenset(), context=Context()):
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
    km = _distance_if_in_person(seeker, offer)
    if km is False or not _free_together(seeker, offer, context):
        return None

    w = context.weights
    terms, reasons = [("base", w.base)], []
    if km is not None:
        terms.append(("nearby", w.nearby * (1 - km / _radius(offer))))
        reasons.append(f"{km:.1f} km apart")
    if offer.path:
        closeness = occupations.path_closeness(seeker.occupation, seeker.target_occupation,
                                               *offer.path)
        if closeness >= 0.5:
            terms.append(("same_path", w.same_path * closeness))
            move = f"from {_label(offer.path[0])} to {_label(offer.path[1])}"
            reasons.append(f"you both moved {move}" if closeness == 1.0
                           else f"moved {move}, close to the move you are making")
    target = occupations.occupation_closeness(offer.occupation, seeker.target_occupation)
    if target == occupations.SAME:
        terms.append(("works_in_target", w.works_in_target))
        reasons.append(f"works in {_label(offer.occupation)}, the job you are aiming for")
    elif target == occupations.NEIGHBOUR:
        terms.append(("works_next_to_target", w.works_in_target * occupations.NEIGHBOUR))
        reasons.append(f"works in {_label(offer.occupation)}, next to the job you are aiming for")
    if _same(offer.occupation, seeker.occupation):
        terms.append(("same_starting_point", w.same_starting_point))
        reasons.append(f"also worked in {_label(seeker.occupation)}")
    shared = sorted({s.casefold() for s in seeker.skills} & {s.casefold() for s in offer.skills})
    if shared:
        terms.append(("shared_skills", w.per_shared_skill * min(len(shared), MAX_SHARED_SKILLS)))
        reasons.append(f"{len(shared)} shared skill{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    if seeker.days_waiting >= 1:
        terms.append(("waiting", w.per_day_waiting * min(seeker.days_waiting, MAX_DAYS_WAITING)))
        reasons.append(f"you have been waiting {int(seeker.days_waiting)} day"
                       f"{'s' if seeker.days_waiting >= 2 else ''}")
    if context.meeting_minutes and seeker.weekly is not None and offer.weekly is not None:
        terms.append(("free_together", w.free_together))
        reasons.append("you are free at the same times each week")
    if frozenset((seeker.person_id, offer.person_id)) in context.met_before:
        # Someone new brings more; never below the floor, so the pair stays possible.
        total = sum(weight for _, weight in terms)
        terms.append(("paired_before", -min(w.paired_before, total - FLOOR)))
        reasons.append("you were paired before")
    reasons.append("you both speak " + ", ".join(sorted(languages)))
    terms = tuple((name, round(weight, 4)) for name, weight in terms)
    return Affinity(round(sum(weight for _, weight in terms), 4), tuple(reasons), terms)


def _radius(offer):
    return offer.radius_km or DEFAULT_RADIUS_KM


def _distance_if_in_person(seeker, offer):
    """km between them for in-person help, None for remote help, False when out of reach."""
    if offer.remote:
        return None
    if None in (seeker.latitude, seeker.longitude, offer.latitude, offer.longitude):
        return False  # in person needs both places
    km = places.distance_km((seeker.latitude, seeker.longitude), (offer.latitude, offer.longitude))
    return km if km <= _radius(offer) else False


def _free_together(seeker, offer, context):
    """For a meeting, a stretch both can make in the coming week; unknown weeks do not forbid."""
    if not context.meeting_minutes or seeker.weekly is None or offer.weekly is None:
        return True
    stretch = longest_common_stretch([seeker.weekly, offer.weekly], context.week_start)
    return stretch >= timedelta(minutes=context.meeting_minutes)


def plan_round(seekers, offers, excluded_pairs=frozenset(), blocked=frozenset(), context=Context()):
    """Choose which request goes to which offer; each offer takes at most `units` requests."""
    found = [(i, j, a) for i, seeker in enumerate(seekers) for j, offer in enumerate(offers)
             if (a := affinity(seeker, offer, excluded_pairs, blocked, context)) is not None]
    request = np.array([i for i, _, _ in found], dtype=np.int64)
    offer = np.array([j for _, j, _ in found], dtype=np.int64)
    weight = np.array([a.score for _, _, a in found], dtype=float)
    capacity = np.array([max(o.units, 0) for o in offers], dtype=np.int64)
    chosen = solver.solve(request, offer, weight, capacity, discount=NEXT_UNIT_DISCOUNT)
    # First come, first served: whoever has waited longest chooses first.
    waited = np.array([-s.days_waiting for s in seekers], dtype=float)
    greedy = baselines.greedy(request, offer, weight, capacity, requested_at=waited)
    stable = baselines.stable(request, offer, weight, capacity)
    pairings = [Pairing(seekers[request[e]], offers[offer[e]], found[e][2]) for e in chosen]
    return RoundPlan(pairings, requests=len(seekers), offers=len(offers), edges=len(found),
                     greedy_matched=len(greedy), greedy_total=float(weight[greedy].sum()),
                     stable_matched=len(stable), stable_total=float(weight[stable].sum()))
