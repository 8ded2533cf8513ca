"""`binome bench matching`: the round's solver on a synthetic Paris-area market or on a graph file.

The market is seeded and built like a real round of in-person help (a coffee): people live where
the Paris area's population lives, donors work in the occupations seekers aim for, everyone speaks
French and some speak more, and an edge exists only where the hard rules allow it (a shared
language, within one of the two people's travel radius). Its shape is how many units are pledged
per request (SHAPES): scarce by default, as real markets are (people asking for help far
outnumber the units pledged). Donors pledge 1 to 3 units, and a few of them hundreds.

Each request keeps 20 to 50 candidate edges, found through a spatial index (the donors nearest to
the seeker, and the nearest of the donors of hundreds of units) and an occupation bucket (donors
working in the seeker's target job or a neighbouring one), so that building a million requests
takes seconds, not the days that scoring every pair would.

Scoring is the affinity of services/matching/domain.py computed on arrays, with the same weights;
tests/unit/test_solver.py checks it against `domain.affinity` pair by pair.
"""
import json
import math
import resource
import time
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

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
SKILL_WORDS = 3  # 64-bit words of a skill bitmask: the taxonomy has fewer than 192 skill tags

# The market's shape: units pledged per request. Real markets are scarce (a service's 140,000
# users against 2,342 pledges is scarcer still).
SHAPES = {"balanced": 1.0, "scarce": 0.5, "very-scarce": 0.1, "abundant": 2.0}
DEFAULT_SHAPE = "scarce"
UNITS = (1, 3)                # what most donors pledge, at random
# A few donors (an employer, an association, a retired recruiter) pledge hundreds of units:
# 5 % of all units, i.e. about one donor in 2,000 (17 at a million requests very scarce, 333
# abundant), at least one where the market has room for one.
BIG_DONOR_UNIT_SHARE = 0.05
BIG_DONOR_UNITS = (100, 500)  # at random
BIG_DONOR_EDGES_PER_UNIT = 3  # seekers see them in proportion: enough edges to use every unit
BIG_DONOR_RADIUS_KM = 2 * AREA_KM  # anywhere in the area (synthetic_market says why)
BIG_DONORS_AT_MOST = 0.5      # of the units, so that a small market is not one big donor


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
        # The same as a table: each occupation's neighbours, padded by repeating its first.
        self.neighbour_count = np.array([len(nb) for nb in self.neighbours])
        width = self.neighbour_count.max()
        self.neighbour_table = np.array([nb + nb[:1] * (width - len(nb)) for nb in self.neighbours])
        # What a donor working in occupation a adds for a seeker aiming at b (domain.affinity).
        n = len(self.all)
        self.target_term = np.zeros((n, n))
        for a in range(n):
            self.target_term[a, a] = domain.WORKS_IN_TARGET * occupations.SAME
            for b in self.neighbours[a]:
                if b != a:
                    self.target_term[a, b] = domain.WORKS_IN_TARGET * occupations.NEIGHBOUR

    def a_neighbour(self, occupation_indices, rng):
        """One of each occupation's neighbours, at random."""
        pick = (rng.random(len(occupation_indices))
                * self.neighbour_count[occupation_indices]).astype(np.intp)
        return self.neighbour_table[occupation_indices, pick]

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
            if p != paris and places.distance_km(p, paris) <= AREA_KM]
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


def capacities(rng, requests, shape=DEFAULT_SHAPE, offers=None, capacity=None):
    """Each donor's units: as many in all as the shape's units per request (SHAPES) times
    `requests`, 1 to 3 per donor and hundreds for a few (BIG_DONOR_UNIT_SHARE); `offers` and
    `capacity` override the shape (`capacity`: every donor's units, none pledges hundreds)."""
    units = max(1, round(requests * SHAPES[shape]))
    if capacity:
        return np.full(offers or max(1, units // capacity), capacity, dtype=np.int64)
    if offers:
        chosen = rng.integers(UNITS[0], UNITS[1] + 1, size=offers)
        big = rng.choice(offers, size=round(BIG_DONOR_UNIT_SHARE * offers * sum(UNITS) / 2
                                            / (sum(BIG_DONOR_UNITS) / 2)), replace=False)
        chosen[big] = rng.integers(BIG_DONOR_UNITS[0], BIG_DONOR_UNITS[1] + 1, size=len(big))
        return chosen
    mean_big = sum(BIG_DONOR_UNITS) / 2
    big = rng.integers(BIG_DONOR_UNITS[0], BIG_DONOR_UNITS[1] + 1,
                       size=max(1, round(BIG_DONOR_UNIT_SHARE * units / mean_big)))
    big = big[np.cumsum(big) <= BIG_DONORS_AT_MOST * units]
    # Donors of 1 to 3 units for the rest, the last one's units cut to land on the total.
    rest = units - int(big.sum())
    small = rng.integers(UNITS[0], UNITS[1] + 1, size=rest)
    small = small[:int(np.searchsorted(np.cumsum(small), rest)) + 1]
    small[-1] -= int(small.sum()) - rest
    chosen = np.concatenate([small, big])
    return chosen[rng.permutation(len(chosen))]


def synthetic_market(requests, offers=None, seed=0, capacity=None, shape=DEFAULT_SHAPE):
    """A seeded market of `requests` seekers and as many donors as the shape needs (see
    `capacities`: `offers` and `capacity` override it)."""
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
    target[move_next_door] = taxonomy.a_neighbour(current[move_next_door], rng)
    seekers = _people(rng, requests, area, taxonomy, current, SEEKER_RADIUS_KM, (1, 4))
    units = capacities(rng, requests, shape, offers, capacity)
    offers = len(units)
    donors = _people(rng, offers, area, taxonomy, rng.choice(n, size=offers, p=popularity),
                     DONOR_RADIUS_KM, (2, 5))
    # A donor of hundreds of units stands for many people (an employer's staff, an association's
    # volunteers): they meet anywhere in the area, and in French among other languages.
    big = units >= BIG_DONOR_UNITS[0]
    donors.radius[big] = BIG_DONOR_RADIUS_KM
    donors.languages[big] |= 1
    return Market(seekers, donors, target, rng.exponential(5.0, size=requests), units), taxonomy


def candidate_edges(market, taxonomy, seed=0):
    """(request, offer) int32 arrays of the edges the hard rules allow, 20 to 50 per request,
    sorted by request then offer.

    Candidates come from three buckets: the 60 donors nearest to the seeker, donors of hundreds
    of units drawn by their units (they meet anywhere in the area; about 3 seekers per unit see
    one, and always keep it), and donors drawn from the seeker's target occupation and its
    neighbours (donors sorted by occupation). Everything is one compiled pass over the requests,
    neighbours one after the other (seekers sorted by a 0.5 km grid's cell), so that the donors
    they read are near each other in memory.
    """
    rng = np.random.default_rng(seed + 1)
    seekers, donors = market.seekers, market.donors
    requests, offers = len(seekers.x), len(donors.x)
    big = np.flatnonzero(market.capacity >= BIG_DONOR_UNITS[0])
    big_share = np.cumsum(market.capacity[big]) / max(1, market.capacity[big].sum())
    big_share[-1:] = 1.0  # a draw in [0, 1) always lands on one of them
    # How many of them each request looks at, on average: about 3 seekers per unit in all.
    big_looks = BIG_DONOR_EDGES_PER_UNIT * market.capacity[big].sum() / requests
    by_occupation = np.argsort(donors.occupation, kind="stable")
    jobs = np.arange(len(taxonomy.all))
    start = np.searchsorted(donors.occupation[by_occupation], jobs)
    count = np.searchsorted(donors.occupation[by_occupation], jobs, side="right") - start
    # What the hard rules read of a donor, side by side: one cache line, not four.
    rules = np.c_[donors.x, donors.y, donors.radius, donors.languages.astype(float)]
    neighbourly = np.lexsort((np.floor(seekers.y / 0.5), np.floor(seekers.x / 0.5)))
    # Each request's edges from slot request * 50 (the most it keeps), then packed in place.
    most = EDGES_PER_REQUEST[1]
    offer = np.empty(requests * most, np.int32)
    kept = np.zeros(requests, np.int64)
    _edges(neighbourly, _DonorGrid(donors.x, donors.y), min(NEAREST, offers), big, big_share,
           big_looks, int(rng.integers(2 ** 31)), market.target, seekers.x, seekers.y,
           seekers.radius, seekers.languages, rules, by_occupation, start, count,
           taxonomy.neighbour_table, taxonomy.neighbour_count, FROM_OCCUPATION // 2,
           EDGES_PER_REQUEST[0], most, offer, kept)
    written = _pack(offer, kept, most)
    return np.repeat(np.arange(requests, dtype=np.int32), kept), offer[:written].copy()


class _DonorGrid:
    """Donors bucketed by the cells of a square grid, two per cell on average, for `_nearest`.

    Hand-written rather than scipy's k-d tree: for the 60 nearest, it answers 3 times faster
    (0.3 s against 1.0 s per 100,000 requests), the largest part of building a million."""

    PER_CELL = 2.0

    def __init__(self, x, y):
        self.x0, self.y0 = float(x.min()), float(y.min())
        width, height = max(x.max() - self.x0, 1e-9), max(y.max() - self.y0, 1e-9)
        self.side = max(math.sqrt(width * height * self.PER_CELL / len(x)), 1e-3)
        self.nx, self.ny = int(width / self.side) + 1, int(height / self.side) + 1
        cell = (np.minimum(((y - self.y0) / self.side).astype(np.int64), self.ny - 1) * self.nx
                + np.minimum(((x - self.x0) / self.side).astype(np.int64), self.nx - 1))
        self.donor = np.argsort(cell, kind="stable")
        self.start = np.searchsorted(cell[self.donor], np.arange(self.nx * self.ny + 1))
        self.x, self.y = x[self.donor], y[self.donor]

    def arrays(self):
        return (self.x0, self.y0, self.side, self.nx, self.ny, self.start, self.x, self.y,
                self.donor)


@njit(cache=True, nogil=True)
def _nearest(px, py, k, x0, y0, side, nx, ny, start, gx, gy, donor, best_d, best):
    """The k donors nearest to (px, py), nearest first, into best[:count]; returns count (fewer
    than k if there are fewer). Rings of cells around the point's own, until the k-th nearest
    found is nearer than any cell not scanned yet."""
    cx = min(max(int((px - x0) / side), 0), nx - 1)
    cy = min(max(int((py - y0) / side), 0), ny - 1)
    count = 0
    ring = 0
    while True:
        for row in range(max(cy - ring, 0), min(cy + ring, ny - 1) + 1):
            # The whole row on the ring's top and bottom, its two ends in between.
            step = 1 if row == cy - ring or row == cy + ring else max(2 * ring, 1)
            for column in range(cx - ring, cx + ring + 1, step):
                if column < 0 or column >= nx:
                    continue
                c = row * nx + column
                for j in range(start[c], start[c + 1]):
                    d = (gx[j] - px) ** 2 + (gy[j] - py) ** 2
                    if count < k or d < best_d[count - 1]:
                        at = count if count < k else k - 1
                        while at > 0 and best_d[at - 1] > d:
                            best_d[at] = best_d[at - 1]
                            best[at] = best[at - 1]
                            at -= 1
                        best_d[at], best[at] = d, donor[j]
                        count = min(count + 1, k)
        # Every donor within `reach` of the point has been scanned.
        reach = min(px - (x0 + (cx - ring) * side), x0 + (cx + ring + 1) * side - px,
                    py - (y0 + (cy - ring) * side), y0 + (cy + ring + 1) * side - py)
        if count == k and best_d[k - 1] <= reach * reach:
            return count
        if cx - ring <= 0 and cy - ring <= 0 and cx + ring >= nx - 1 and cy + ring >= ny - 1:
            return count
        ring += 1


@njit(cache=True, nogil=True)
def _pack(offer, kept, most):
    """Each request's `kept[r]` edges moved from slot r * most to right after the previous
    request's; returns how many edges in all."""
    written = 0
    for r in range(len(kept)):
        for k in range(kept[r]):
            offer[written + k] = offer[r * most + k]
        written += kept[r]
    return written


def _edges(order, grid, nearest, big, big_share, big_looks, seed, target, sx, sy, sradius,
           slanguages, rules, by_occupation, start, count, neighbour_table, neighbour_count,
           draws, least, most, offer, kept):
    _request_edges(order, *grid.arrays(), nearest, big, big_share, big_looks, seed, target, sx,
                   sy, sradius, slanguages, rules, by_occupation, start, count, neighbour_table,
                   neighbour_count, draws, least, most, offer, kept)


@njit(cache=True, nogil=True)
def _uniform(state):
    """The next of a request's own random numbers in [0, 1) (splitmix64): each request draws
    from its own sequence, so the market is the same whichever thread builds which request."""
    state[0] += np.uint64(0x9E3779B97F4A7C15)
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


BLOCK = 16_384  # requests a thread builds at a time


@njit(cache=True, nogil=True, parallel=True)
def _request_edges(order, x0, y0, side, nx, ny, cell_start, gx, gy, gdonor, nearest, big,
                   big_share, big_looks, seed, target, sx, sy, sradius, slanguages, rules,
                   by_occupation, start, count, neighbour_table, neighbour_count, draws, least,
                   most, offer, kept):
    """Each request r, in `order`: its candidates, the hard rules, each donor once, then `least`
    to `most` of them at random, sorted, from offer[r * most] on (kept[r] of them). Blocks of
    requests go to the cores in parallel; each request's slots are its own."""
    width = nearest + int(big_looks) + 1 + 2 * draws
    for block in prange((len(order) + BLOCK - 1) // BLOCK):
        candidate = np.empty(width, np.int64)
        allowed = np.empty(width, np.int64)
        best_d = np.empty(nearest)
        seen = np.full(len(rules), -1, np.int64)  # the last request that looked at each donor
        state = np.zeros(1, np.uint64)
        for i in range(block * BLOCK, min((block + 1) * BLOCK, len(order))):
            r = order[i]
            state[0] = np.uint64(seed) ^ (np.uint64(r) * np.uint64(0xD1B54A32D192ED03))
            n = 0
            looks = int(big_looks) + (1 if _uniform(state) < big_looks % 1 else 0)
            for k in range(looks):  # first, so that they are kept
                candidate[n] = big[np.searchsorted(big_share, _uniform(state))]
                n += 1
            n += _nearest(sx[r], sy[r], nearest, x0, y0, side, nx, ny, cell_start, gx, gy,
                          gdonor, best_d, candidate[n:])
            # Half the draws from the target itself, half from one of its neighbours.
            job = target[r]
            for k in range(2 * draws):
                if k >= draws:
                    job = neighbour_table[target[r],
                                          int(_uniform(state) * neighbour_count[target[r]])]
                if count[job] > 0:
                    candidate[n] = by_occupation[start[job] + int(_uniform(state) * count[job])]
                    n += 1
            # Hard rules: a shared language; within the seeker's or the donor's radius.
            m = 0
            big_ones = 0  # allowed donors of hundreds of units: the first `big_ones` of `allowed`
            for k in range(n):
                o = candidate[k]
                if seen[o] == r:
                    continue
                seen[o] = r
                if slanguages[r] & np.int64(rules[o, 3]) == 0:
                    continue
                reach = max(sradius[r], rules[o, 2])
                if (sx[r] - rules[o, 0]) ** 2 + (sy[r] - rules[o, 1]) ** 2 > reach * reach:
                    continue
                allowed[m] = o
                m += 1
                if k < looks:
                    big_ones = m
            # Those, then a random few of the others up to `least` to `most` in all (the first
            # steps of a Fisher-Yates shuffle).
            keep = min(least + int(_uniform(state) * (most - least + 1)), m)
            for k in range(min(big_ones, keep), keep):
                j = k + int(_uniform(state) * (m - k))
                allowed[k], allowed[j] = allowed[j], allowed[k]
            allowed[:keep].sort()
            for k in range(keep):
                offer[r * most + k] = allowed[k]
            kept[r] = keep


def score_edges(market, taxonomy, request, offer):
    """domain.affinity's score of each edge, on arrays (same terms, same weights, same rounding)."""
    seekers, donors = market.seekers, market.donors
    weights = np.array([domain.BASE, domain.SAME_STARTING_POINT, domain.PER_SHARED_SKILL,
                        domain.MAX_SHARED_SKILLS, domain.PER_DAY_WAITING,
                        domain.MAX_DAYS_WAITING], dtype=float)
    score = np.empty(len(request))
    _score(request, offer, market.target, seekers.occupation, donors.occupation, seekers.skills,
           donors.skills, market.days_waiting, taxonomy.target_term, weights, score)
    return score


@njit(cache=True, nogil=True)
def _popcount(word):
    word = word - ((word >> np.uint64(1)) & np.uint64(0x5555555555555555))
    word = (word & np.uint64(0x3333333333333333)) + ((word >> np.uint64(2))
                                                     & np.uint64(0x3333333333333333))
    word = (word + (word >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (word * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True, nogil=True, parallel=True)
def _score(request, offer, target, seeker_occupation, donor_occupation, seeker_skills,
           donor_skills, days_waiting, target_term, weights, score):
    # The weights are passed in, not read as globals: numba would keep stale ones in its cache.
    base, same_start, per_skill, max_skills, per_day, max_days = weights
    for e in prange(len(request)):
        r, o = request[e], offer[e]
        value = base + target_term[donor_occupation[o], target[r]]
        if donor_occupation[o] == seeker_occupation[r]:
            value += same_start
        shared = 0
        for w in range(seeker_skills.shape[1]):
            shared += _popcount(seeker_skills[r, w] & donor_skills[o, w])
        value += per_skill * min(shared, max_skills)
        if days_waiting[r] >= 1:
            value += per_day * min(days_waiting[r], max_days)
        score[e] = np.rint(value * 1e4) / 1e4  # np.round(value, 4), as numpy computes it


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
    """Build or read the graph, solve it, run both baselines; return the figures as a dict.

    peak_memory_mb is the process's peak up to the end of the solve (market, score and solve:
    the round's own cost); the baselines, in pure Python, come after and may take more."""
    shape = getattr(args, "shape", DEFAULT_SHAPE)
    seconds_to_place = None
    if args.graph:
        _say(f"Reading {args.graph}…")
        request, offer, weight, capacity, requested_at = load_graph(args.graph)
        requests, offers, seconds_to_score = int(request.max()) + 1, len(capacity), 0.0
        with np.load(args.graph) as data:
            shape = str(data["shape"]) if "shape" in data.files else None
    else:
        requests = args.requests
        _say(f"Building a {shape} market of {requests} requests (seed {args.seed})…")
        started = time.perf_counter()
        market, taxonomy = synthetic_market(requests, args.offers, args.seed, args.capacity, shape)
        seconds_to_place = time.perf_counter() - started
        capacity, requested_at, offers = market.capacity, -market.days_waiting, len(market.capacity)
        _say(f"  {offers} offers, {int(capacity.sum())} units, people placed in "
             f"{seconds_to_place:.2f} s")
        started = time.perf_counter()
        request, offer = candidate_edges(market, taxonomy, args.seed)
        weight = score_edges(market, taxonomy, request, offer)
        seconds_to_score = time.perf_counter() - started
        per_request = np.bincount(request, minlength=requests)
        _say(f"  {len(request)} edges scored in {seconds_to_score:.2f} s "
             f"({per_request.mean():.1f} per request; {np.mean(per_request < 20):.1%} under 20)")
        del market, per_request
        if args.save:
            np.savez(args.save, request=request, offer=offer, weight=weight, capacity=capacity,
                     requested_at=requested_at, shape=np.array(shape))
            _say(f"  graph saved to {args.save}")
    backend = solver.pick_backend(request, offer, capacity, args.backend)
    _say(f"Solving ({args.objective}, {backend})…")
    started = time.perf_counter()
    chosen = solver.solve(request, offer, weight, capacity, args.objective, backend)
    seconds_to_solve = time.perf_counter() - started
    peak_memory_mb = _peak_memory_mb()
    _say(f"  solved in {seconds_to_solve:.2f} s; peak memory {peak_memory_mb:.0f} MB")
    figures = {
        "shape": shape, "requests": requests, "offers": offers, "units": int(capacity.sum()),
        "edges": len(request),
        "seconds_to_place": None if seconds_to_place is None else round(seconds_to_place, 3),
        "seconds_to_score": round(seconds_to_score, 3),
        "seconds_to_solve": round(seconds_to_solve, 3),
        "peak_memory_mb": peak_memory_mb,
        "matched": len(chosen), "total_weight": round(float(weight[chosen].sum()), 4),
        "objective_value": round(solver.objective_value(
            request, offer, weight, capacity, chosen)[1], 4),
        "backend": backend, "objective": args.objective,
    }
    if getattr(args, "baselines", True):
        started = time.perf_counter()
        greedy = baselines.greedy(request, offer, weight, capacity, requested_at)
        stable = baselines.stable(request, offer, weight, capacity)
        _say(f"  baselines in {time.perf_counter() - started:.2f} s")
        figures.update({
            "greedy_matched": len(greedy), "greedy_total": round(float(weight[greedy].sum()), 4),
            "stable_matched": len(stable), "stable_total": round(float(weight[stable].sum()), 4),
            "peak_memory_mb_with_baselines": _peak_memory_mb()})
    return figures


def add_arguments(commands):
    """The `bench` subcommand and its `matching` benchmark, for binome/cli.py."""
    bench = commands.add_parser("bench", help="benchmarks (bench matching: the round's solver)")
    which = bench.add_subparsers(dest="benchmark", required=True)
    matching = which.add_parser("matching", help="solve a synthetic market or a graph file")
    matching.add_argument("--requests", type=int, default=10_000)
    matching.add_argument("--shape", choices=SHAPES, default=DEFAULT_SHAPE,
                          help="units pledged per request: " + ", ".join(
                              f"{name} {ratio:g}" for name, ratio in SHAPES.items())
                          + f" (default: {DEFAULT_SHAPE}, the usual case)")
    matching.add_argument("--offers", type=int,
                          help="donors (default: as many as the shape's units need)")
    matching.add_argument("--seed", type=int, default=0)
    matching.add_argument("--capacity", type=int,
                          help="every offer's units (default: 1 to 3 at random, hundreds for a "
                               "few donors)")
    matching.add_argument("--objective", choices=solver.OBJECTIVES, default="most_matched")
    matching.add_argument("--backend", choices=solver.BACKENDS, default="auto")
    matching.add_argument("--graph", metavar="FILE.npz",
                          help="arrays request, offer, weight, capacity instead of a market")
    matching.add_argument("--save", metavar="FILE.npz", help="keep the synthetic graph")
    matching.add_argument("--no-baselines", dest="baselines", action="store_false",
                          help="skip the greedy and stable baselines (pure Python: a minute at "
                               "a million requests)")
    matching.set_defaults(func=lambda args: print(json.dumps(run_matching(args)), flush=True))


# --- `binome bench feed`: the sponsor's swipe feed ----------------------------------------------

FEED_PAGE_SIZE = 20
FEED_LATER_PAGE = 5                 # cards 100 to 119: a sponsor who swiped a while
SEEKER_SHARES = {"job_seeker": 0.8, "reconverting_worker": 0.2}
SPONSOR_RADIUS_KM = (5, 30)
SPONSORED_SHARE = 0.01              # seekers someone already sponsors
SWIPES_PER_SPONSOR = (0, 150)
FIRST_NAMES = ("Camille", "Dominique", "Sacha", "Yanis", "Inès", "Léa", "Mehdi", "Chloé", "Hugo",
               "Aïcha", "Thomas", "Manon", "Karim", "Julie", "Nathan", "Fatou")


def _feed_places():
    """The Paris area's places (within AREA_KM), and how likely someone lives in each; Paris
    itself is its districts (the city's row would count its people twice)."""
    paris = places.by_city("Paris")
    near = [p for p in places.all_places()
            if p != paris and places.distance_km(p, paris) <= AREA_KM]
    population = np.array([p.population for p in near], dtype=float)
    return near, population / population.sum()


def _uuids(rng, count):
    import uuid

    return [uuid.UUID(bytes=bytes(b), version=4) for b in rng.integers(0, 256, (count, 16),
                                                                        dtype=np.uint8)]


def feed_market(seekers, sponsors, seed=0, now=None):
    """Rows for matching's tables: `seekers` job seekers and `sponsors` sponsors of the Paris
    area, with their swipes, a few blocks, and the seekers already sponsored."""
    import uuid
    from datetime import timedelta

    from shared.clock import utcnow

    rng = np.random.default_rng(seed)
    now = now or utcnow()
    taxonomy = _Taxonomy()
    codes = [o.code for o in taxonomy.all]
    n = len(codes)
    popularity = 1.0 / np.arange(1, n + 1)
    popularity = popularity[rng.permutation(n)] / popularity.sum()
    near, likely = _feed_places()
    language_codes = list(LANGUAGES)

    def people(count, roles_of, skills_range):
        ids = _uuids(rng, count)
        at = rng.choice(len(near), size=count, p=likely)
        lat_jitter = rng.normal(0, JITTER_KM / 110.57, count)
        lon_jitter = rng.normal(0, JITTER_KM / 73.0, count)
        located = rng.random(count) >= 0.05            # some never said where they live
        occupation = rng.choice(n, size=count, p=popularity)
        target = rng.choice(n, size=count, p=popularity)
        next_door = rng.random(count) < 1 / 3
        target[next_door] = [rng.choice(taxonomy.neighbours[c]) for c in occupation[next_door]]
        speaks = np.stack([rng.random(count) < share for share in LANGUAGES.values()], axis=1)
        speaks[~speaks.any(axis=1), 0] = True
        waited = rng.exponential(12.0, count)           # days since they registered
        rows = []
        for i in range(count):
            place = near[at[i]]
            skills = list(taxonomy.all[occupation[i]].skills)
            keep = rng.integers(skills_range[0], skills_range[1] + 1)
            first_seen = now - timedelta(days=float(waited[i]))
            rows.append(dict(
                person_id=ids[i], roles=roles_of(i),
                languages=[c for c, yes in zip(language_codes, speaks[i]) if yes],
                skills=[skills[k] for k in rng.permutation(len(skills))[:keep]],
                occupation=codes[occupation[i]], target_occupation=codes[target[i]],
                display_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {chr(65 + i % 26)}.",
                own_words="", neighbourhood=place.neighbourhood or place.name,
                latitude=float(place.latitude + lat_jitter[i]) if located[i] else None,
                longitude=float(place.longitude + lon_jitter[i]) if located[i] else None,
                sponsor=None, mentor=None, accepts_sponsors=bool(rng.random() < 0.5),
                first_seen_at=first_seen, changed_at=first_seen, timezone="Europe/Paris",
                availability={}, locale="fr"))
        return rows

    roles = list(SEEKER_SHARES)
    seeker_roles = rng.choice(len(roles), size=seekers, p=list(SEEKER_SHARES.values()))
    seeker_rows = people(seekers, lambda i: [roles[seeker_roles[i]]], (1, 4))
    sponsor_rows = people(sponsors, lambda i: ["sponsor"], (2, 5))
    for row in sponsor_rows:
        if row["latitude"] is None:                     # sponsors measured all live somewhere
            row["latitude"], row["longitude"] = near[0].latitude, near[0].longitude
        row["sponsor"] = {"capacity": int(rng.integers(1, 4)),
                          "occupations": [codes[c] for c in rng.choice(
                              n, size=int(rng.integers(0, 3)), p=popularity, replace=False)],
                          "radius_km": int(rng.integers(*SPONSOR_RADIUS_KM, endpoint=True))}
    seeker_ids = [r["person_id"] for r in seeker_rows]
    swipes = []
    for row in sponsor_rows:
        for k in rng.choice(seekers, size=int(rng.integers(*SWIPES_PER_SPONSOR)), replace=False):
            swipes.append(dict(person_id=row["person_id"], other_id=seeker_ids[k],
                               decision="like" if rng.random() < 0.3 else "pass",
                               swiped_at=now - timedelta(hours=float(rng.uniform(0, 240)))))
    blocks = [dict(person_id=seeker_ids[k], other_id=row["person_id"])
              for row in sponsor_rows for k in rng.choice(seekers, size=2, replace=False)]
    sponsored = rng.choice(seekers, size=int(seekers * SPONSORED_SHARE), replace=False)
    sponsorships = [dict(sponsorship_id=uuid.UUID(int=int(k) + 1), seeker_id=seeker_ids[k],
                         sponsor_id=sponsor_rows[int(k) % sponsors]["person_id"],
                         started_at=now - timedelta(days=3), status="active") for k in sponsored]
    return seeker_rows + sponsor_rows, [r["person_id"] for r in sponsor_rows], swipes, blocks, \
        sponsorships


def _feed_database(url, rows, swipes, blocks, sponsorships):
    """A migrated database of matching's, emptied, then holding this market."""
    from pathlib import Path

    from sqlalchemy import delete, insert, text

    from services.matching import store
    from shared.database import make_engine, migrate
    from shared.messaging.tables import BLOCKS

    engine = make_engine(url)
    migrate(engine, Path(store.__file__).parent / "migrations")
    tables = [store.Candidate.__table__, store.Swipe.__table__, BLOCKS,
              store.Sponsorship.__table__]
    with engine.begin() as connection:
        for table in tables:
            connection.execute(delete(table))
        for table, values in zip(tables, (rows, swipes, blocks, sponsorships)):
            for first in range(0, len(values), 5000):
                connection.execute(insert(table), values[first:first + 5000])
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of such a load: without statistics the planner
        # would scan every row rather than use an index.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    return engine


def _feed_before(service, sponsor_id, page, page_size):
    """The feed as it was before the deck: every seeker read and fitted at each page."""
    from services.matching import sponsorship, store
    from shared.clock import utcnow
    from shared.contracts import rpc
    from shared.explanations import words
    from shared.rpc import dump_result

    sponsor = service._sponsor(sponsor_id)
    now = utcnow()
    seekers = {c.person_id: c for c in store.feed_candidates(service.db, sponsor_id)}
    ranked = sponsorship.ranked(sponsor, [sponsorship.Seeker(
        person_id=c.person_id, languages=tuple(c.languages), skills=tuple(c.skills),
        target_occupation=c.target_occupation, latitude=c.latitude, longitude=c.longitude,
        days_waiting=((now - c.first_seen_at).total_seconds() / 86400 if c.first_seen_at else 0))
        for c in seekers.values()])
    shown = ranked[page * page_size:(page + 1) * page_size]
    locale = service._locale(sponsor_id)
    cards = [{**service._card(seekers[seeker.person_id]), "affinity": found.score,
              "reasons": words(found.reasons, locale)} for seeker, found in shown]
    more = len(ranked) > (page + 1) * page_size
    return dump_result(rpc.matching.feed,
                       {"cards": cards, "page": page, "next_page": page + 1 if more else None})


def _timed(engine, service, call):
    """One call as a worker makes it: its own session, closed at the end; milliseconds."""
    from sqlalchemy.orm import Session

    service.db = Session(engine, expire_on_commit=False)
    try:
        started = time.perf_counter()
        answer = call()
        return (time.perf_counter() - started) * 1000, answer
    finally:
        service.db.close()


def _percentiles(values):
    if not values:
        return None, None
    return round(float(np.percentile(values, 50)), 2), round(float(np.percentile(values, 95)), 2)


def run_feed(args):
    """Build the market in a database, then time the feed (new and before) for many sponsors."""
    import os
    import shutil
    import tempfile

    from nameko.testing.services import worker_factory

    from services.matching.service import MatchingService

    folder = None
    url = args.database_url
    if not url:
        folder = tempfile.mkdtemp(prefix="binome-feed-bench-")
        url = f"sqlite:///{os.path.join(folder, 'matching.sqlite')}"
    try:
        _say(f"Building {args.seekers} job seekers and {args.sponsors} sponsors (seed {args.seed})…")
        started = time.perf_counter()
        rows, sponsors, swipes, blocks, sponsorships = feed_market(args.seekers, args.sponsors,
                                                                   args.seed)
        engine = _feed_database(url, rows, swipes, blocks, sponsorships)
        _say(f"  {len(rows)} candidates, {len(swipes)} swipes, {len(sponsorships)} sponsorships "
             f"in {engine.dialect.name} in {time.perf_counter() - started:.1f} s")
        service = worker_factory(MatchingService)

        def new(sponsor_id, page):
            return lambda: service.feed(sponsor_id=str(sponsor_id), page=page,
                                        page_size=FEED_PAGE_SIZE)

        def before(sponsor_id, page):
            return lambda: _feed_before(service, sponsor_id, page, FEED_PAGE_SIZE)

        load_ms, _ = _timed(engine, service, new(sponsors[0], 0))
        _say(f"  first call, reading every seeker into the deck: {load_ms:.0f} ms")
        pages = {"first": 0, "later": FEED_LATER_PAGE}
        figures = {name: {"new": [], "before": []} for name in pages}
        differ = 0
        for n, sponsor_id in enumerate(sponsors[:args.measure]):
            for name, page in pages.items():
                elapsed, answer = _timed(engine, service, new(sponsor_id, page))
                figures[name]["new"].append(elapsed)
                if n < args.baseline:
                    elapsed, expected = _timed(engine, service, before(sponsor_id, page))
                    figures[name]["before"].append(elapsed)
                    differ += answer != expected
        result = {"seekers": args.seekers, "database": engine.dialect.name,
                  "sponsors_measured": min(args.measure, len(sponsors)),
                  "baseline_sponsors": min(args.baseline, len(sponsors)),
                  "page_size": FEED_PAGE_SIZE, "deck_load_ms": round(load_ms, 1),
                  "same_answers_as_baseline": differ == 0}
        everything = {"new": [], "before": []}
        for name, timing in figures.items():
            for path in everything:
                everything[path] += timing[path]
            new_p50, new_p95 = _percentiles(timing["new"])
            before_p50, before_p95 = _percentiles(timing["before"])
            _say(f"  {name} page: new p50 {new_p50} ms, p95 {new_p95} ms; before p50 "
                 f"{before_p50} ms, p95 {before_p95} ms; before/new {before_p50 / new_p50:.0f}x")
            result.update({f"{name}_new_p50_ms": new_p50, f"{name}_new_p95_ms": new_p95,
                           f"{name}_before_p50_ms": before_p50})
        result["new_p50_ms"], result["new_p95_ms"] = _percentiles(everything["new"])
        result["baseline_p50_ms"], result["baseline_p95_ms"] = _percentiles(everything["before"])
        result["ratio_p50"] = round(result["baseline_p50_ms"] / result["new_p50_ms"], 1)
        engine.dispose()
        return result
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def add_feed_arguments(commands):
    """`binome bench feed`, beside `bench matching` in the `bench` parser add_arguments made."""
    import argparse

    bench = commands.choices["bench"]
    which = next(a for a in bench._actions if isinstance(a, argparse._SubParsersAction))
    feed = which.add_parser("feed", help="time the sponsor feed among many job seekers")
    feed.add_argument("--seekers", type=int, default=100_000)
    feed.add_argument("--sponsors", type=int, default=200, help="sponsors in the market")
    feed.add_argument("--measure", type=int, default=100,
                      help="sponsors whose first and later page are timed")
    feed.add_argument("--baseline", type=int, default=10,
                      help="of those, how many are also timed on the feed as it was (slow)")
    feed.add_argument("--seed", type=int, default=0)
    feed.add_argument("--database-url",
                      help="e.g. postgresql://postgres@127.0.0.1:5432/binome_feed_bench "
                           "(emptied first); default: a temporary SQLite file")
    feed.set_defaults(func=lambda args: print(json.dumps(run_feed(args)), flush=True))
