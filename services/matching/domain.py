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
from shared.explanations import reason
from shared.reference import occupations, places

from . import baselines, solver, sponsorship

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
LIKED = 1.5               # per side that said yes to the other in a swipe
# A donor's record of help given by its deadline (track_record.py): from -1 to +1 times this.
TRACK_RECORD = 1.0
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
    # A sponsor's places: the occupations they said they can help towards (empty: any).
    wanted: tuple = ()


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
    liked: float = LIKED
    track_record: float = TRACK_RECORD

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
    from when their weeks count, which pairs were already made, who swiped whom, and the weights
    of the terms."""
    meeting_minutes: int | None = None
    week_start: object = None
    met_before: frozenset = frozenset()
    weights: Weights = Weights()
    # (liker, liked) person ids; frozensets of two people one of whom passed on the other.
    likes: frozenset = frozenset()
    passes: frozenset = frozenset()
    # Issue 14, turnaround: each donor's track_record.TrackRecord by person id (kinds with a
    # delivery deadline only), and the pairs of people whose match went to another donor: the
    # silent donor is never proposed to that seeker again (frozensets of two person ids).
    records: dict = field(default_factory=dict)
    parted: frozenset = frozenset()


@dataclass(frozen=True)
class Affinity:
    score: float
    # Why, as data ({"code", "params"}: shared/explanations.py words them for each reader).
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


def _same(a, b):
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def affinity(seeker, offer, excluded_pairs=frozenset(), blocked=frozenset(), context=Context()):
    """The pair's affinity, or None where a hard rule forbids it.

    `excluded_pairs` holds (request, pledge) pairs declined before; `blocked` holds
    frozensets of two person ids, one of whom blocked the other.
    """
    if not _allowed(seeker, offer, excluded_pairs, blocked, context):
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
        reasons.append(reason("nearby", km=round(km, 1)))
    if offer.path:
        closeness = occupations.path_closeness(seeker.occupation, seeker.target_occupation,
                                               *offer.path)
        if closeness >= 0.5:
            terms.append(("same_path", w.same_path * closeness))
            reasons.append(reason("same_path" if closeness == 1.0 else "close_path",
                                  from_occupation=offer.path[0], to_occupation=offer.path[1]))
    target = occupations.occupation_closeness(offer.occupation, seeker.target_occupation)
    if target == occupations.SAME:
        terms.append(("works_in_target", w.works_in_target))
        reasons.append(reason("works_in_target", occupation=offer.occupation))
    elif target == occupations.NEIGHBOUR:
        terms.append(("works_next_to_target", w.works_in_target * occupations.NEIGHBOUR))
        reasons.append(reason("works_next_to_target", occupation=offer.occupation))
    if _same(offer.occupation, seeker.occupation):
        terms.append(("same_starting_point", w.same_starting_point))
        reasons.append(reason("same_starting_point", occupation=seeker.occupation))
    shared = sorted({s.casefold() for s in seeker.skills} & {s.casefold() for s in offer.skills})
    if shared:
        terms.append(("shared_skills", w.per_shared_skill * min(len(shared), MAX_SHARED_SKILLS)))
        reasons.append(reason("shared_skills", count=len(shared), skills=shared))
    if seeker.days_waiting >= 1:
        terms.append(("waiting", w.per_day_waiting * min(seeker.days_waiting, MAX_DAYS_WAITING)))
        reasons.append(reason("waiting", days=int(seeker.days_waiting)))
    if context.meeting_minutes:   # both weeks are known and share a stretch (_free_together)
        terms.append(("free_together", w.free_together))
        reasons.append(reason("free_together"))
    _add_likes(seeker, offer, context, terms, reasons)
    _add_track_record(offer, context, terms, reasons)
    if frozenset((seeker.person_id, offer.person_id)) in context.met_before:
        # Someone new brings more; never below the floor, so the pair stays possible.
        total = sum(weight for _, weight in terms)
        terms.append(("paired_before", -min(w.paired_before, total - FLOOR)))
        reasons.append(reason("paired_before"))
    reasons.append(reason("languages", languages=sorted(languages)))
    return _affinity(terms, reasons)


def sponsorship_affinity(seeker, offer, excluded_pairs=frozenset(), blocked=frozenset(),
                         context=Context()):
    """A job seeker who asked for a sponsor and a sponsor's places: the feed's fit (its hard rules
    of language and radius, and its terms), the round's hard rules, and the swipe likes."""
    if not _allowed(seeker, offer, excluded_pairs, blocked, context):
        return None
    found = sponsorship.fit(
        sponsorship.Sponsor(person_id=offer.person_id, languages=offer.languages,
                            skills=offer.skills, occupations=offer.wanted,
                            radius_km=_radius(offer), latitude=offer.latitude,
                            longitude=offer.longitude),
        sponsorship.Seeker(person_id=seeker.person_id, languages=seeker.languages,
                           skills=seeker.skills, target_occupation=seeker.target_occupation,
                           latitude=seeker.latitude, longitude=seeker.longitude,
                           days_waiting=seeker.days_waiting))
    if found is None:
        return None
    terms, reasons = list(found.terms), list(found.reasons)
    # The like goes before the languages, which every pair shares and so always comes last.
    _add_likes(seeker, offer, context, terms, reasons, before=len(reasons) - 1)
    return _affinity(terms, reasons)


def _allowed(seeker, offer, excluded_pairs, blocked, context):
    """The hard rules every kind shares: not oneself, not a pair declined or left unanswered
    before, no block and no "pass" swipe either way, not a donor who left this seeker without
    news (their match went to another donor)."""
    pair = frozenset((seeker.person_id, offer.person_id))
    return (seeker.person_id != offer.person_id
            and (seeker.request_id, offer.pledge_id) not in excluded_pairs
            and pair not in blocked and pair not in context.passes
            and pair not in context.parted)


def _add_likes(seeker, offer, context, terms, reasons, before=None):
    """One like term per side that said yes to the other."""
    sides = sum((a, b) in context.likes for a, b in ((seeker.person_id, offer.person_id),
                                                     (offer.person_id, seeker.person_id)))
    if sides:
        terms.append(("liked", context.weights.liked * sides))
        said = reason("liked", mutual=sides == 2)
        reasons.insert(len(reasons) if before is None else before, said)


def _add_track_record(offer, context, terms, reasons):
    """The donor's record of help given by its deadline: up when on time, down when late or
    silent, never below the floor, so that a pair stays possible when nobody else can help."""
    record = context.records.get(offer.person_id)
    said = record.reason() if record is not None else None
    if said is None:
        return
    weight = context.weights.track_record * record.score
    if weight < 0:
        weight = -min(-weight, max(sum(w for _, w in terms) - FLOOR, 0.0))
    terms.append(("track_record", weight))
    reasons.append(said)


def _affinity(terms, reasons):
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
    """For a meeting, a stretch both can make in the coming week. A week not said yet (no
    availability) forbids it: scheduling would find no common time and cancel the meeting at once,
    after both had said yes; the person's page asks them for their availability instead."""
    if not context.meeting_minutes:
        return True
    if seeker.weekly is None or offer.weekly is None:
        return False
    stretch = longest_common_stretch([seeker.weekly, offer.weekly], context.week_start)
    return stretch >= timedelta(minutes=context.meeting_minutes)


def plan_round(seekers, offers, excluded_pairs=frozenset(), blocked=frozenset(), context=Context(),
               score=affinity):
    """Choose which request goes to which offer; each offer takes at most `units` requests.
    `score` is the pair's affinity (sponsorship_affinity for sponsors' places)."""
    found = [(i, j, a) for i, seeker in enumerate(seekers) for j, offer in enumerate(offers)
             if (a := score(seeker, offer, excluded_pairs, blocked, context)) is not None]
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
