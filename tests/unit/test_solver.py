"""The round's solver on edge arrays: optimal by brute force, backends agree, baselines behave."""
import itertools
import math
import random
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binome import bench
from services.matching import assignment, baselines, domain, solver
from services.matching.solver import objective_value, solve

BACKENDS = ("scipy", "scipy-sparse", "ortools", "networkx", "auction", "paths")
OBJECTIVES = solver.OBJECTIVES


def run(backend, request, offer, weight, capacity, objective="most_matched", monkeypatch=None):
    """solve() with one backend; "scipy-sparse" forces scipy's sparse path on small graphs."""
    if backend == "scipy-sparse":
        monkeypatch.setattr(solver, "DENSE_CELLS", 0)
        backend = "scipy"
    return solve(request, offer, weight, capacity, objective, backend)


def assert_valid(request, offer, capacity, chosen):
    request, offer = np.asarray(request), np.asarray(offer)
    assert len(set(request[chosen].tolist())) == len(chosen), "a request is matched twice"
    used = np.bincount(offer[chosen], minlength=len(capacity))
    assert (used <= np.asarray(capacity)).all(), "an offer goes over its capacity"


def best_by_brute_force(request, offer, weight, capacity, objective):
    """The best (matched, discounted total) over every valid set of edges."""
    best = (0, 0.0)
    edges = range(len(request))
    for size in range(1, len(request) + 1):
        for chosen in itertools.combinations(edges, size):
            chosen = list(chosen)
            if len({request[e] for e in chosen}) < size:
                continue
            if (np.bincount([offer[e] for e in chosen], minlength=len(capacity)) > capacity).any():
                continue
            found = objective_value(request, offer, weight, capacity, chosen)
            key = found if objective == "most_matched" else (found[1], found[0])
            current = best if objective == "most_matched" else (best[1], best[0])
            if key[0] > current[0] + 1e-9 or (abs(key[0] - current[0]) <= 1e-9
                                               and key[1] > current[1] + 1e-9):
                best = found
    return best


def random_edges(rng, max_edges=8):
    requests, offers = rng.randint(1, 5), rng.randint(1, 4)
    # Few distinct values, so that ties are common too.
    values = rng.choice(((1.0, 2.0), (1.0, 1.5, 4.0, 4.5), (0.5, 10.0), None))
    pairs = rng.sample([(r, o) for r in range(requests) for o in range(offers)],
                       rng.randint(1, min(max_edges, requests * offers)))
    request = np.array([r for r, _ in pairs])
    offer = np.array([o for _, o in pairs])
    weight = np.array([rng.choice(values) if values else round(rng.uniform(0.5, 6.0), 3)
                       for _ in pairs])
    capacity = np.array([rng.randint(0, 3) for _ in range(offers)])
    return request, offer, weight, capacity


# --- optimal, by brute force ----------------------------------------------------------------

@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", range(40))
def test_solve_is_optimal_like_brute_force(seed, backend, objective, monkeypatch):
    request, offer, weight, capacity = random_edges(random.Random(seed))
    chosen = run(backend, request, offer, weight, capacity, objective, monkeypatch)
    assert_valid(request, offer, capacity, chosen)
    matched, total = objective_value(request, offer, weight, capacity, chosen)
    best_matched, best_total = best_by_brute_force(request, offer, weight, capacity, objective)
    assert matched == best_matched
    assert total == pytest.approx(best_total)


def dense_market(rng):
    """A requests x offers matrix with nan where no edge exists (one unit per offer)."""
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    density = rng.choice((0.2, 0.5, 0.8, 1.0))
    values = rng.choice(((1.0, 2.0), (1.0, 1.5, 4.0, 4.5), (0.5, 10.0), None))
    weights = np.full((rows, cols), np.nan)
    for r in range(rows):
        for c in range(cols):
            if rng.random() < density:
                weights[r, c] = rng.choice(values) if values else round(rng.uniform(0.5, 6.0), 3)
    return weights


def as_edges(weights):
    request, offer = np.nonzero(~np.isnan(weights))
    return request, offer, weights[request, offer], np.ones(weights.shape[1], dtype=int)


def pairs_by_brute_force(weights):
    """(pairs, total weight) of the best one-to-one matching: most pairs first, then weight."""
    rows, cols = weights.shape
    best = (0, 0.0)

    def extend(row, used, pairs, total):
        nonlocal best
        if row == rows:
            if pairs > best[0] or (pairs == best[0] and total > best[1]):
                best = (pairs, total)
            return
        extend(row + 1, used, pairs, total)  # this row stays unmatched
        for col in range(cols):
            if col not in used and not math.isnan(weights[row, col]):
                extend(row + 1, used | {col}, pairs + 1, total + weights[row, col])

    extend(0, frozenset(), 0, 0.0)
    return best


@pytest.mark.parametrize("seed", range(200))
def test_one_unit_offers_get_the_most_pairs_then_the_most_weight_like_brute_force(seed):
    weights = dense_market(random.Random(seed))
    request, offer, weight, capacity = as_edges(weights)
    chosen = solve(request, offer, weight, capacity)
    assert_valid(request, offer, capacity, chosen)
    best_pairs, best_total = pairs_by_brute_force(weights)
    assert len(chosen) == best_pairs
    assert weight[chosen].sum() == pytest.approx(best_total)


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_more_pair_beats_a_heavier_single_pair(backend, monkeypatch):
    request, offer, weight, capacity = as_edges(np.array([[10.0, 1.0], [1.0, np.nan]]))
    chosen = run(backend, request, offer, weight, capacity, monkeypatch=monkeypatch)
    assert sorted(zip(request[chosen], offer[chosen])) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_highest_total_affinity_may_match_fewer(backend, monkeypatch):
    request, offer, weight, capacity = as_edges(np.array([[10.0, 1.0], [1.0, np.nan]]))
    chosen = run(backend, request, offer, weight, capacity, "total_affinity", monkeypatch)
    assert list(zip(request[chosen], offer[chosen])) == [(0, 0)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_edges_no_pairs(backend, monkeypatch):
    empty = np.zeros(0, dtype=int)
    assert len(run(backend, empty, empty, np.zeros(0), np.array([2]), monkeypatch=monkeypatch)) == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_requests_left_unmatched_never_bring_forbidden_pairs(backend, monkeypatch):
    request, offer, weight, capacity = as_edges(
        np.array([[2.0, np.nan], [np.nan, np.nan], [3.0, np.nan]]))
    chosen = run(backend, request, offer, weight, capacity, monkeypatch=monkeypatch)
    assert list(zip(request[chosen], offer[chosen])) == [(2, 0)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_offer_without_capacity_takes_nobody(backend, monkeypatch):
    chosen = run(backend, [0, 1], [0, 1], [5.0, 1.0], [0, 1], monkeypatch=monkeypatch)
    assert chosen.tolist() == [1]


def test_the_same_pair_given_twice_counts_once_at_its_heavier_weight():
    chosen = solve([0, 0, 1], [0, 0, 0], [1.0, 3.0, 2.0], [2])
    assert chosen.tolist() == [1, 2]


# --- load spreading: the discount of an offer's next unit -----------------------------------

@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_requests_go_one_to_each_of_two_equal_offers(backend, objective, monkeypatch):
    chosen = run(backend, [0, 0, 1, 1], [0, 1, 0, 1], [2.0] * 4, [2, 2], objective, monkeypatch)
    assert sorted(np.array([0, 1, 0, 1])[chosen]) == [0, 1]


def test_a_second_unit_weighs_its_weight_times_one_minus_the_discount():
    # One offer, two units: the heavier edge takes the first unit, whatever the order given.
    matched, total = objective_value([0, 1], [0, 0], [2.0, 4.0], [2], [0, 1], discount=0.05)
    assert (matched, total) == (2, pytest.approx(4.0 + 2.0 * 0.95))


def test_the_discount_can_make_a_slightly_weaker_lone_offer_win():
    # Request 1 likes offer 0 (10.0) a little more than offer 1 (9.8), but offer 0's second
    # unit would weigh 9.5: spreading is worth more.
    chosen = solve([0, 1, 1], [0, 0, 1], [10.0, 10.0, 9.8], [2, 1], "total_affinity")
    assert chosen.tolist() == [0, 2]


def test_weights_are_scaled_exactly():
    assert solver._scale(np.array([1.5, 2.25])) == 100
    assert solver._scale(np.array([0.1 + 0.2])) == 10
    assert solver._scale(np.array([1 / 3])) == 10 ** 6


def test_the_discount_is_the_domains():
    assert solver.NEXT_UNIT_DISCOUNT == domain.NEXT_UNIT_DISCOUNT
    numerators, den = solver.unit_multipliers(domain.NEXT_UNIT_DISCOUNT, 25)
    assert numerators[:3].tolist() == [den, den * 0.95, den * 0.9]
    assert numerators.min() > 0  # a far unit still weighs something


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        solve([0], [0], [0.0], [1])
    with pytest.raises(ValueError):
        solve([0], [0], [1.0], [1], objective="fastest")
    with pytest.raises(ValueError):
        solve([0], [1], [1.0], [1])


def test_auto_picks_scipy_then_ortools_then_ours_as_graphs_grow():
    assert solver.pick_backend([0, 1], [0, 1], [3, 3, 3, 3]) == "scipy"
    offer = np.arange(solver.AUTO_SCIPY_ARCS) % 50
    request = np.arange(len(offer)) // 50  # each request has 50 edges, one to every offer
    assert solver.pick_backend(request, offer, np.full(50, 3)) == "ortools"
    assert solver.pick_backend(request, offer, np.full(50, 3), "networkx") == "networkx"


def test_auto_picks_the_auction_on_balanced_markets_and_paths_where_one_side_outnumbers():
    offer = np.arange(solver.AUTO_AUCTION_ARCS) % 5000   # 5,000 offers, 100 edges each
    request = np.arange(len(offer)) // 100                # 5,000 requests, 100 edges each
    assert solver.pick_backend(request, offer, np.full(5000, 1)) == "auction"
    assert solver.pick_backend(request, offer, np.full(5000, 3)) == "paths"    # 3 units each
    few = request % 1000                                  # 1,000 requests for 5,000 units
    assert solver.pick_backend(few, offer, np.full(5000, 1)) == "paths"


def test_the_auction_falls_back_to_min_cost_flow_when_values_are_too_fine_to_scale(monkeypatch):
    monkeypatch.setattr(assignment, "LIMIT", 1)
    request, offer, weight, capacity = as_edges(np.array([[10.0, 1.0], [1.0, np.nan]]))
    chosen = solve(request, offer, weight, capacity, backend="auction")
    assert sorted(zip(request[chosen], offer[chosen])) == [(0, 1), (1, 0)]


# --- backends agree on random markets (hypothesis) ------------------------------------------

@st.composite
def markets(draw):
    requests = draw(st.integers(1, 7))
    offers = draw(st.integers(1, 5))
    pairs = draw(st.lists(st.tuples(st.integers(0, requests - 1), st.integers(0, offers - 1)),
                          min_size=1, max_size=18, unique=True))
    weight = draw(st.lists(st.sampled_from([0.5, 1.0, 1.0, 2.0, 2.5, 3.1, 4.25, 7.0]),
                           min_size=len(pairs), max_size=len(pairs)))
    capacity = draw(st.lists(st.integers(0, 3), min_size=offers, max_size=offers))
    return (np.array([r for r, _ in pairs]), np.array([o for _, o in pairs]), np.array(weight),
            np.array(capacity))


@settings(max_examples=60, deadline=None)
@given(market=markets(), objective=st.sampled_from(OBJECTIVES))
def test_scipy_networkx_ortools_and_the_auction_agree_on_the_totals(market, objective):
    request, offer, weight, capacity = market
    found = {}
    for backend in ("scipy", "ortools", "networkx", "auction", "paths"):
        chosen = solve(request, offer, weight, capacity, objective, backend)
        assert_valid(request, offer, capacity, chosen)
        found[backend] = objective_value(request, offer, weight, capacity, chosen)
    dense_cells, solver.DENSE_CELLS = solver.DENSE_CELLS, 0  # scipy's sparse path too
    try:
        chosen = solve(request, offer, weight, capacity, objective, "scipy")
    finally:
        solver.DENSE_CELLS = dense_cells
    found["scipy-sparse"] = objective_value(request, offer, weight, capacity, chosen)
    totals = [t for _, t in found.values()]
    assert max(totals) - min(totals) < 1e-9, found
    matched = {m for m, _ in found.values()}
    if objective == "most_matched":
        assert len(matched) == 1, found
    else:  # equal totals may match different numbers; the auction breaks such ties upwards
        assert found["auction"][0] == found["paths"][0] == max(matched), found


@st.composite
def larger_markets(draw):
    """Up to 40 requests and 15 offers, with many ties: enough for the auction's phases, price
    wars, dummies and both parts of the maximum-matching split to matter."""
    requests, offers = draw(st.integers(1, 40)), draw(st.integers(1, 15))
    seed = draw(st.integers(0, 2 ** 32 - 1))
    rng = np.random.default_rng(seed)
    density = draw(st.sampled_from([0.05, 0.15, 0.4]))
    mask = rng.random((requests, offers)) < density
    request, offer = np.nonzero(mask)
    levels = draw(st.sampled_from([2, 5, 1000]))
    weight = rng.integers(1, levels + 1, len(request)) / 4
    capacity = rng.integers(0, 4, offers)
    return request, offer, weight, capacity


@settings(max_examples=80, deadline=None)
@given(market=larger_markets(), objective=st.sampled_from(OBJECTIVES))
def test_the_auction_agrees_with_ortools_on_larger_markets(market, objective):
    request, offer, weight, capacity = market
    found = {}
    for backend in ("ortools", "auction"):
        chosen = solve(request, offer, weight, capacity, objective, backend)
        assert_valid(request, offer, capacity, chosen)
        found[backend] = objective_value(request, offer, weight, capacity, chosen)
    assert found["auction"][1] == pytest.approx(found["ortools"][1], abs=1e-9), found
    if objective == "most_matched":
        assert found["auction"][0] == found["ortools"][0], found
    else:  # the same total: OR-Tools may match fewer, the auction takes the most pairs
        assert found["auction"][0] >= found["ortools"][0], found


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_the_auction_agrees_with_ortools_on_the_benchmarks_market(small_market, objective):
    market, taxonomy, request, offer = small_market
    weight = bench.score_edges(market, taxonomy, request, offer)
    found = {}
    for backend in ("ortools", "auction"):
        chosen = solve(request, offer, weight, market.capacity, objective, backend)
        assert_valid(request, offer, market.capacity, chosen)
        found[backend] = objective_value(request, offer, weight, market.capacity, chosen)
    assert found["auction"][0] == found["ortools"][0]
    assert found["auction"][1] == pytest.approx(found["ortools"][1], abs=1e-9)


# --- baselines ------------------------------------------------------------------------------

def test_greedy_serves_requests_in_arrival_order_each_taking_its_best_offer_left():
    # Both want offer 0 most; request 1 came first, so request 0 gets offer 1.
    request, offer, weight, capacity = [0, 0, 1, 1], [0, 1, 0, 1], [5.0, 1.0, 4.0, 2.0], [1, 1]
    assert baselines.greedy(request, offer, weight, capacity, requested_at=[2.0, 1.0]).tolist() \
        == [1, 2]
    assert baselines.greedy(request, offer, weight, capacity).tolist() == [0, 3]


def test_greedy_leaves_a_late_request_without_an_offer_the_solver_would_have_found():
    # Request 0 takes offer 0, the only one request 1 could have had.
    request, offer, weight, capacity = [0, 0, 1], [0, 1, 0], [3.0, 2.0, 1.0], [1, 1]
    assert baselines.greedy(request, offer, weight, capacity).tolist() == [0]
    assert solve(request, offer, weight, capacity).tolist() == [1, 2]


def blocking_pairs(request, offer, weight, capacity, chosen):
    """Edges whose request and offer both strictly prefer each other to what they hold."""
    held_by_request = {request[e]: weight[e] for e in chosen}
    held_by_offer = {}
    for e in chosen:
        held_by_offer.setdefault(offer[e], []).append(weight[e])
    blocking = []
    for e in range(len(request)):
        r, o, w = request[e], offer[e], weight[e]
        if e in set(chosen) or capacity[o] == 0:
            continue
        request_wants = r not in held_by_request or w > held_by_request[r]
        held = held_by_offer.get(o, [])
        offer_wants = len(held) < capacity[o] or w > min(held)
        if request_wants and offer_wants:
            blocking.append(e)
    return blocking


@settings(max_examples=80, deadline=None)
@given(market=markets())
def test_stable_matching_has_no_blocking_pair(market):
    request, offer, weight, capacity = market
    chosen = baselines.stable(request, offer, weight, capacity).tolist()
    assert_valid(request, offer, capacity, chosen)
    assert blocking_pairs(request, offer, weight, capacity, chosen) == []


@settings(max_examples=60, deadline=None)
@given(market=markets(), order=st.randoms(use_true_random=False))
def test_the_solver_matches_at_least_as_many_and_as_much_as_the_baselines(market, order):
    request, offer, weight, capacity = market
    arrival = list(range(int(request.max()) + 1))
    order.shuffle(arrival)
    greedy = baselines.greedy(request, offer, weight, capacity, requested_at=arrival)
    stable = baselines.stable(request, offer, weight, capacity)
    assert_valid(request, offer, capacity, greedy)
    most = solve(request, offer, weight, capacity, "most_matched")
    best = solve(request, offer, weight, capacity, "total_affinity")
    for baseline in (greedy, stable):
        matched, total = objective_value(request, offer, weight, capacity, baseline)
        assert len(most) >= matched
        assert objective_value(request, offer, weight, capacity, best)[1] >= total - 1e-9


def test_baselines_of_no_edges_are_empty():
    empty = np.zeros(0, dtype=int)
    assert len(baselines.greedy(empty, empty, np.zeros(0), [1])) == 0
    assert len(baselines.stable(empty, empty, np.zeros(0), [1])) == 0


# --- the benchmark's market -----------------------------------------------------------------

@pytest.fixture(scope="module")
def small_market():
    market, taxonomy = bench.synthetic_market(300, 100, seed=7)
    request, offer = bench.candidate_edges(market, taxonomy, seed=7)
    return market, taxonomy, request, offer


def test_the_market_keeps_at_most_50_edges_per_request_that_pass_the_hard_rules(small_market):
    market, _, request, offer = small_market
    per_request = np.bincount(request, minlength=300)
    assert per_request.max() <= 50 and np.median(per_request) >= 20
    assert len(set(zip(request.tolist(), offer.tolist()))) == len(request)  # no pair twice
    s, d = market.seekers, market.donors
    assert ((s.languages[request] & d.languages[offer]) != 0).all()
    distance = np.hypot(s.x[request] - d.x[offer], s.y[request] - d.y[offer])
    assert (distance <= np.maximum(s.radius[request], d.radius[offer]) + 1e-9).all()
    assert set(market.capacity.tolist()) <= {1, 2, 3}


def test_the_markets_scores_are_domain_affinity(small_market):
    market, taxonomy, request, offer = small_market
    scores = bench.score_edges(market, taxonomy, request, offer)
    skills = taxonomy.skill_names
    seekers, donors = market.seekers, market.donors

    def named(mask):
        return tuple(skills[b] for b in range(len(skills)) if int(mask[b // 64]) >> (b % 64) & 1)

    for e in range(0, len(request), 37):
        r, o = request[e], offer[e]
        seeker = domain.Seeker(
            request_id=r, person_id=("seeker", r), languages=("fr",),
            skills=named(seekers.skills[r]),
            occupation=taxonomy.all[seekers.occupation[r]].code,
            target_occupation=taxonomy.all[market.target[r]].code,
            days_waiting=float(market.days_waiting[r]))
        donor = domain.Offer(
            pledge_id=o, person_id=("donor", o), languages=("fr",), skills=named(donors.skills[o]),
            occupation=taxonomy.all[donors.occupation[o]].code, units=1)
        assert scores[e] == pytest.approx(domain.affinity(seeker, donor).score, abs=1e-9)


def test_bench_matching_prints_the_figures_and_reads_back_a_saved_graph(tmp_path, capsys):
    saved = tmp_path / "graph.npz"
    args = types.SimpleNamespace(requests=200, offers=None, seed=3, capacity=3, graph=None,
                                 save=str(saved), objective="most_matched", backend="auto",
                                 shape="balanced")
    built = bench.run_matching(args)
    assert built["offers"] == 66 and built["matched"] >= built["greedy_matched"]
    assert built["backend"] == "scipy"  # auto, on a small round
    args.graph, args.save, args.backend = str(saved), None, "ortools"
    again = bench.run_matching(args)
    assert (again["edges"], again["matched"]) == (built["edges"], built["matched"])
    assert again["objective_value"] == pytest.approx(built["objective_value"])
    assert again["greedy_matched"] == built["greedy_matched"]  # the arrival order was saved too
    assert {"seconds_to_score", "seconds_to_solve", "peak_memory_mb", "total_weight",
            "greedy_total", "stable_matched", "stable_total"} <= set(again)


# --- plan_round reports the baselines of its own round --------------------------------------

def test_a_round_reports_greedy_and_stable_on_the_same_edges():
    software = "M1805"
    early = domain.Seeker(request_id="early", person_id="p1", languages=("fr", "en"), skills=(),
                          occupation=None, target_occupation=software, days_waiting=5.0)
    late = domain.Seeker(request_id="late", person_id="p2", languages=("en",), skills=(),
                         occupation=None, target_occupation=None, days_waiting=1.0)
    bilingual = domain.Offer(pledge_id="x", person_id="d1", languages=("fr", "en"), skills=(),
                             occupation=software, units=1)
    french = domain.Offer(pledge_id="y", person_id="d2", languages=("fr",), skills=(),
                          occupation=None, units=1)
    plan = domain.plan_round([early, late], [bilingual, french])
    # The early seeker would take the only offer the late one can have: greedy and stable pair
    # one person, the round pairs both.
    assert sorted((p.seeker.request_id, p.offer.pledge_id) for p in plan.pairings) == [
        ("early", "y"), ("late", "x")]
    assert (plan.greedy_matched, plan.stable_matched) == (1, 1)
    early_with_bilingual = domain.affinity(early, bilingual).score
    assert plan.greedy_total == plan.stable_total == pytest.approx(early_with_bilingual)
    assert plan.total_affinity == pytest.approx(sum(p.affinity.score for p in plan.pairings))
