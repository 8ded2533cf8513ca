"""`binome bench matching`: the round's solver on a synthetic Paris-area market or on a graph file.

The market is seeded and built like a real round of in-person help (a coffee): people live where
the Paris area's population lives, donors work in the occupations seekers aim for, everyone speaks
French and some speak more, and an edge exists only where the hard rules allow it (a shared
language, within one of the two people's travel radius). Each request keeps 20 to 50 candidate
edges, found through a spatial index (the donors nearest to the seeker) and an occupation bucket
(donors working in the seeker's target job or a neighbouring one), so that building 100,000
requests takes seconds, not the hours that scoring every pair would.

Scoring is the affinity of services/matching/domain.py computed on arrays, with the same weights;
tests/unit/test_solver.py checks it against `domain.affinity` pair by pair.
"""
import json
import math
import resource
import time
from dataclasses import dataclass

import numpy as np

from services.matching import baselines, domain, solver
from shared.reference import occupations, places

AREA_KM = 30                   # people live within this distance of Paris' centre
JITTER_KM = 1.0                # spread around a place's centre, so that people are not stacked
EDGES_PER_REQUEST = (20, 50)   # candidate edges kept per request, after the hard rules
NEAREST = 60                   # spatial candidates looked at per request
FROM_OCCUPATION = 24           # candidates drawn from the target occupation and its neighbours
SEEKER_RADIUS_KM = (3, 15)
DONOR_RADIUS_KM = (5, 30)
# Share of people who speak each language besides French (everyone is given at least one).
LANGUAGES = {"fr": 0.95, "en": 0.45, "ar": 0.08, "es": 0.07, "pt": 0.05, "zh": 0.03}
CHUNK = 4096     # requests whose candidates are built at once
SKILL_WORDS = 3  # 64-bit words of a skill bitmask: the taxonomy has fewer than 192 skill tags


@dataclass
class People:
    """One side of the market as arrays (one entry per person)."""
    x: np.ndarray          # km east of Paris' centre
    y: np.ndarray          # km north of Paris' centre
    radius: np.ndarray     # how far this person goes for a meeting, km
    languages: np.ndarray  # bitmask over LANGUAGES
    skills: np.ndarray     # (people, SKILL_WORDS) bitmask over the taxonomy's skill tags
    occupation: np.ndarray  # index into occupations.all_occupations()


@dataclass
class Market:
    seekers: People
    donors: People
    target: np.ndarray        # each seeker's target occupation (index)
    days_waiting: np.ndarray  # each seeker's waiting time, days
    capacity: np.ndarray      # each donor's units


# --- the synthetic market ----------------------------------------------------------------------

class _Taxonomy:
    """Occupations, skills and the target term of affinity as arrays indexed by occupation."""

    def __init__(self):
        self.all = occupations.all_occupations()
        index = {o.code: n for n, o in enumerate(self.all)}
        skills = sorted({s.casefold() for o in self.all for s in o.skills})
        assert len(skills) <= 64 * SKILL_WORDS, "widen SKILL_WORDS"
        self.skill_bit = {s: n for n, s in enumerate(skills)}
        self.skill_names = skills
        self.neighbours = [[index[c] for c in o.neighbours if c in index] or [n]
                           for n, o in enumerate(self.all)]
        # What a donor working in occupation a adds for a seeker aiming at b (domain.affinity).
        n = len(self.all)
        self.target_term = np.zeros((n, n))
        for a in range(n):
            self.target_term[a, a] = domain.WORKS_IN_TARGET * occupations.SAME
            for b in self.neighbours[a]:
                if b != a:
                    self.target_term[a, b] = domain.WORKS_IN_TARGET * occupations.NEIGHBOUR

    def skill_mask(self, occupation_indices, rng, low, high):
        """A bitmask of `low` to `high` skills (at random) of each person's occupation."""
        tags = [[self.skill_bit[t.casefold()] for t in o.skills] for o in self.all]
        width = max(len(t) for t in tags)
        bits = np.array([t + [-1] * (width - len(t)) for t in tags])[occupation_indices]
        wanted = np.minimum(rng.integers(low, high + 1, size=len(bits)), (bits >= 0).sum(axis=1))
        # A random order of each person's tags (missing ones last), then the first `wanted`.
        shuffled = np.take_along_axis(bits, np.argsort(rng.random(bits.shape) + (bits < 0), axis=1),
                                      axis=1)
        keep = np.arange(width)[None, :] < wanted[:, None]
        masks = np.zeros((len(bits), SKILL_WORDS), dtype=np.uint64)
        person, bit = np.nonzero(keep)[0], shuffled[keep]
        np.bitwise_or.at(masks, (person, bit // 64), np.uint64(1) << (bit % 64).astype(np.uint64))
        return masks


def _paris_area():
    """Places within AREA_KM of Paris as (x km, y km, population); Paris itself is its districts."""
    paris = places.by_city("Paris")
    near = [p for p in places.all_places()
            if p.geonameid != paris.geonameid and places.distance_km(p, paris) <= AREA_KM]
    lat0 = math.radians(paris.latitude)
    x = np.array([(p.longitude - paris.longitude) * 111.32 * math.cos(lat0) for p in near])
    y = np.array([(p.latitude - paris.latitude) * 110.57 for p in near])
    return x, y, np.array([p.population for p in near], dtype=float)


def _locate(rng, count, area):
    x, y, population = area
    at = rng.choice(len(x), size=count, p=population / population.sum())
    return x[at] + rng.normal(0, JITTER_KM, count), y[at] + rng.normal(0, JITTER_KM, count)


def _languages(rng, count):
    mask = np.zeros(count, dtype=np.int64)
    for bit, share in enumerate(LANGUAGES.values()):
        mask |= (rng.random(count) < share).astype(np.int64) << bit
    return np.where(mask == 0, 1, mask)  # nobody speaks nothing: French


def _people(rng, count, area, taxonomy, occupation, radius_km, skills):
    x, y = _locate(rng, count, area)
    return People(x=x, y=y, radius=rng.uniform(*radius_km, count), languages=_languages(rng, count),
                  skills=taxonomy.skill_mask(occupation, rng, *skills), occupation=occupation)


def synthetic_market(requests, offers, seed=0, capacity=None):
    """A seeded market: `requests` seekers, `offers` donors with 1 to 3 units (or `capacity`)."""
    rng = np.random.default_rng(seed)
    taxonomy, area = _Taxonomy(), _paris_area()
    n = len(taxonomy.all)
    # Some jobs are common and some rare (Zipf), and donors work where seekers aim to go.
    popularity = 1.0 / np.arange(1, n + 1)
    popularity = popularity[rng.permutation(n)] / popularity.sum()
    current = rng.choice(n, size=requests, p=popularity)
    target = rng.choice(n, size=requests, p=popularity)
    # A third of reconversions go to a neighbouring job: the skills carry over.
    move_next_door = rng.random(requests) < 1 / 3
    target[move_next_door] = [rng.choice(taxonomy.neighbours[c]) for c in current[move_next_door]]
    seekers = _people(rng, requests, area, taxonomy, current, SEEKER_RADIUS_KM, (1, 4))
    donors = _people(rng, offers, area, taxonomy, rng.choice(n, size=offers, p=popularity),
                     DONOR_RADIUS_KM, (2, 5))
    units = np.full(offers, capacity) if capacity else rng.integers(1, 4, size=offers)
    return Market(seekers, donors, target, rng.exponential(5.0, size=requests), units), taxonomy


def candidate_edges(market, taxonomy, seed=0):
    """(request, offer) arrays of the edges the hard rules allow, 20 to 50 per request.

    Candidates come from two buckets: the donors nearest to the seeker (a k-d tree), and donors
    drawn from the seeker's target occupation and its neighbours (donors sorted by occupation).
    Requests go by chunks, so that the working arrays stay small and in cache.
    """
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed + 1)
    seekers, donors = market.seekers, market.donors
    requests, offers = len(seekers.x), len(donors.x)
    tree = cKDTree(np.c_[donors.x, donors.y])
    by_occupation = np.argsort(donors.occupation, kind="stable")
    jobs = np.arange(len(taxonomy.all))
    start = np.searchsorted(donors.occupation[by_occupation], jobs)
    count = np.searchsorted(donors.occupation[by_occupation], jobs, side="right") - start
    widths = np.array([len(nb) for nb in taxonomy.neighbours])
    padded = np.array([nb + nb[:1] * (widths.max() - len(nb)) for nb in taxonomy.neighbours])
    found = []
    for first in range(0, requests, CHUNK):
        s = np.arange(first, min(first + CHUNK, requests))
        _, nearest = tree.query(np.c_[seekers.x[s], seekers.y[s]], k=min(NEAREST, offers),
                                workers=-1)
        # Half the draws from the target itself, half from one of its neighbours.
        half = FROM_OCCUPATION // 2
        target = market.target[s][:, None]
        pick = (rng.random((len(s), half)) * widths[target]).astype(np.intp)
        job = np.concatenate([np.repeat(target, half, axis=1), padded[target, pick]], axis=1)
        drawn = start[job] + (rng.random(job.shape) * count[job]).astype(np.intp)
        drawn = np.where(count[job] > 0, by_occupation[np.minimum(drawn, offers - 1)], -1)
        candidate = np.concatenate([nearest.reshape(len(s), -1), drawn], axis=1)
        donor = np.maximum(candidate, 0)
        # Hard rules: a shared language; within the seeker's or the donor's radius.
        allowed = (candidate >= 0) & ((seekers.languages[s, None] & donors.languages[donor]) != 0)
        distance = np.hypot(seekers.x[s, None] - donors.x[donor],
                            seekers.y[s, None] - donors.y[donor])
        allowed &= distance <= np.maximum(seekers.radius[s, None], donors.radius[donor])
        # Keep each donor once per row, then a random 20 to 50 of what is left.
        candidate = np.where(allowed, candidate, offers)
        candidate.sort(axis=1)
        candidate[:, 1:][candidate[:, 1:] == candidate[:, :-1]] = offers
        keys = rng.random(candidate.shape) + (candidate == offers)
        candidate = np.take_along_axis(candidate, np.argsort(keys, axis=1), axis=1)
        keep = rng.integers(EDGES_PER_REQUEST[0], EDGES_PER_REQUEST[1] + 1, size=len(s))
        row, column = np.nonzero((np.arange(candidate.shape[1]) < keep[:, None])
                                 & (candidate < offers))
        found.append((s[row], candidate[row, column]))
    return (np.concatenate([r for r, _ in found]).astype(np.int64),
            np.concatenate([o for _, o in found]).astype(np.int64))


def score_edges(market, taxonomy, request, offer):
    """domain.affinity's score of each edge, on arrays (same terms, same weights, same rounding)."""
    seekers, donors = market.seekers, market.donors
    score = np.full(len(request), domain.BASE)
    score += taxonomy.target_term[donors.occupation[offer], market.target[request]]
    score += domain.SAME_STARTING_POINT * (donors.occupation[offer] == seekers.occupation[request])
    shared = np.bitwise_count(seekers.skills[request] & donors.skills[offer]).sum(axis=1)
    score += domain.PER_SHARED_SKILL * np.minimum(shared, domain.MAX_SHARED_SKILLS)
    days = market.days_waiting[request]
    score += np.where(days >= 1, domain.PER_DAY_WAITING * np.minimum(days, domain.MAX_DAYS_WAITING),
                      0.0)
    return np.round(score, 4)


# --- the command -------------------------------------------------------------------------------

def _say(message):
    print(message, flush=True)


def _peak_memory_mb():
    # ru_maxrss is in KiB on Linux: the process's peak, C++ solver memory included.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def load_graph(path):
    """Arrays request, offer, weight, capacity (and requested_at, if there) from a .npz file.

    requested_at (one per request, earlier first) orders the greedy baseline; without it,
    requests arrive in index order.
    """
    with np.load(path) as data:
        missing = {"request", "offer", "weight", "capacity"} - set(data.files)
        if missing:
            raise SystemExit(f"{path} lacks the array(s) {', '.join(sorted(missing))}")
        return (data["request"].astype(np.int64), data["offer"].astype(np.int64),
                data["weight"].astype(float), data["capacity"].astype(np.int64),
                data["requested_at"] if "requested_at" in data.files else None)


def run_matching(args):
    """Build or read the graph, solve it, run both baselines; return the figures as a dict."""
    if args.graph:
        _say(f"Reading {args.graph}…")
        request, offer, weight, capacity, requested_at = load_graph(args.graph)
        requests, offers, seconds_to_score = int(request.max()) + 1, len(capacity), 0.0
    else:
        requests, offers = args.requests, args.offers or max(1, args.requests // 3)
        _say(f"Building a market of {requests} requests and {offers} offers (seed {args.seed})…")
        started = time.perf_counter()
        market, taxonomy = synthetic_market(requests, offers, args.seed, args.capacity)
        _say(f"  people placed in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        request, offer = candidate_edges(market, taxonomy, args.seed)
        weight = score_edges(market, taxonomy, request, offer)
        seconds_to_score = time.perf_counter() - started
        capacity, requested_at = market.capacity, -market.days_waiting
        per_request = np.bincount(request, minlength=requests)
        _say(f"  {len(request)} edges scored in {seconds_to_score:.2f} s "
             f"({per_request.mean():.1f} per request; {np.mean(per_request < 20):.1%} under 20)")
        if args.save:
            np.savez(args.save, request=request, offer=offer, weight=weight, capacity=capacity,
                     requested_at=requested_at)
            _say(f"  graph saved to {args.save}")
    backend = solver.pick_backend(offer, capacity, args.backend)
    _say(f"Solving ({args.objective}, {backend})…")
    started = time.perf_counter()
    chosen = solver.solve(request, offer, weight, capacity, args.objective, backend)
    seconds_to_solve = time.perf_counter() - started
    _say(f"  solved in {seconds_to_solve:.2f} s")
    started = time.perf_counter()
    greedy = baselines.greedy(request, offer, weight, capacity, requested_at)
    stable = baselines.stable(request, offer, weight, capacity)
    _say(f"  baselines in {time.perf_counter() - started:.2f} s")
    return {
        "requests": requests, "offers": offers, "edges": len(request),
        "seconds_to_score": round(seconds_to_score, 3),
        "seconds_to_solve": round(seconds_to_solve, 3),
        "peak_memory_mb": _peak_memory_mb(),
        "matched": len(chosen), "total_weight": round(float(weight[chosen].sum()), 4),
        "objective_value": round(solver.objective_value(
            request, offer, weight, capacity, chosen)[1], 4),
        "greedy_matched": len(greedy), "greedy_total": round(float(weight[greedy].sum()), 4),
        "stable_matched": len(stable), "stable_total": round(float(weight[stable].sum()), 4),
        "backend": backend, "objective": args.objective,
    }


def add_arguments(commands):
    """The `bench` subcommand and its `matching` benchmark, for binome/cli.py."""
    bench = commands.add_parser("bench", help="benchmarks (bench matching: the round's solver)")
    which = bench.add_subparsers(dest="benchmark", required=True)
    matching = which.add_parser("matching", help="solve a synthetic market or a graph file")
    matching.add_argument("--requests", type=int, default=10_000)
    matching.add_argument("--offers", type=int, help="default: a third of the requests")
    matching.add_argument("--seed", type=int, default=0)
    matching.add_argument("--capacity", type=int,
                          help="every offer's units (default: 1 to 3 at random)")
    matching.add_argument("--objective", choices=solver.OBJECTIVES, default="most_matched")
    matching.add_argument("--backend", choices=solver.BACKENDS, default="auto")
    matching.add_argument("--graph", metavar="FILE.npz",
                          help="arrays request, offer, weight, capacity instead of a market")
    matching.add_argument("--save", metavar="FILE.npz", help="keep the synthetic graph")
    matching.set_defaults(func=lambda args: print(json.dumps(run_matching(args)), flush=True))
