"""The solver is exact on every shape a market takes: balanced, scarce, very scarce, abundant.

Markets where requests far outnumber units (the usual case), where units outnumber requests,
with donors pledging hundreds of units and many near-equal weights: every exact backend reaches
OR-Tools' optimum, and on tiny markets the brute-force one.
"""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.solver import objective_value, solve

# Requests per unit pledged, by shape.
SHAPES = {"balanced": 1.0, "scarce": 2.0, "very-scarce": 10.0, "abundant": 0.5}
OURS = ("auction", "paths", "auto")


def shaped(rng, requests, shape, big_donor, levels, density):
    """(request, offer, weight, capacity) of a random market of that shape; `big_donor`: the
    units of one donor who pledges many (0: none)."""
    units_wanted = max(1, round(requests / SHAPES[shape]))
    capacity = [big_donor] if big_donor else []
    while sum(capacity) < units_wanted:
        capacity.append(int(rng.integers(1, 4)))
    capacity = np.array(capacity)
    mask = rng.random((requests, len(capacity))) < density
    if big_donor:  # the big donor is wanted by many, so that its units are used
        mask[:, 0] |= rng.random(requests) < 0.8
    request, offer = np.nonzero(mask)
    # Near-equal weights: a few levels a hair apart, as realistic affinities are.
    weight = 3.0 + rng.integers(0, levels, len(request)) / 10_000
    return request, offer, weight, capacity


@st.composite
def markets(draw, most_requests=80):
    shape = draw(st.sampled_from(sorted(SHAPES)))
    requests = draw(st.integers(1, most_requests))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    return (shape,) + shaped(rng, requests, shape, big_donor=draw(st.sampled_from([0, 0, 5, 40])),
                             levels=draw(st.sampled_from([1, 3, 50])),
                             density=draw(st.sampled_from([0.03, 0.1, 0.3])))


def found_by(backend, market, objective):
    request, offer, weight, capacity = market
    chosen = solve(request, offer, weight, capacity, objective, backend)
    assert len(set(request[chosen].tolist())) == len(chosen), "a request is matched twice"
    used = np.bincount(offer[chosen], minlength=len(capacity))
    assert (used <= capacity).all(), "an offer goes over its capacity"
    return objective_value(request, offer, weight, capacity, chosen)


@settings(max_examples=150, deadline=None)
@given(market=markets(), objective=st.sampled_from(["most_matched", "total_affinity"]))
def test_every_backend_of_ours_reaches_ortools_optimum_on_every_shape(market, objective):
    shape, *graph = market
    matched, total = found_by("ortools", graph, objective)
    for backend in OURS:
        ours_matched, ours_total = found_by(backend, graph, objective)
        assert ours_total == pytest.approx(total, abs=1e-9), (shape, backend)
        if objective == "most_matched":
            assert ours_matched == matched, (shape, backend)
        else:  # the same total: OR-Tools may match fewer, ours take the most pairs
            assert ours_matched >= matched, (shape, backend)


def best_by_brute_force(request, offer, weight, capacity, objective):
    best = None
    for size in range(len(request) + 1):
        for chosen in itertools.combinations(range(len(request)), size):
            chosen = list(chosen)
            if len(set(request[chosen].tolist())) < size:
                continue
            if (np.bincount(offer[chosen], minlength=len(capacity)) > capacity).any():
                continue
            matched, total = objective_value(request, offer, weight, capacity, chosen)
            key = ((matched, round(total, 9)) if objective == "most_matched"
                   else (round(total, 9), matched))
            best = key if best is None or key > best else best
    return best


@settings(max_examples=120, deadline=None)
@given(market=markets(most_requests=6), objective=st.sampled_from(["most_matched",
                                                                   "total_affinity"]))
def test_shortest_paths_and_the_auction_are_optimal_like_brute_force_on_tiny_shapes(market,
                                                                                    objective):
    shape, request, offer, weight, capacity = market
    keep = np.arange(len(request)) < 10  # brute force tries every subset of the edges
    graph = request[keep], offer[keep], weight[keep], np.minimum(capacity, 4)
    best = best_by_brute_force(*graph, objective)
    for backend in ("paths", "auction"):
        matched, total = found_by(backend, graph, objective)
        key = ((matched, round(total, 9)) if objective == "most_matched"
               else (round(total, 9), matched))
        assert key == best, (shape, backend)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("objective", ["most_matched", "total_affinity"])
def test_donors_pledging_hundreds_of_units_are_solved_exactly(shape, objective):
    rng = np.random.default_rng(17)
    graph = shaped(rng, 900, shape, big_donor=300, levels=5, density=0.01)
    matched, total = found_by("ortools", graph, objective)
    for backend in OURS:
        ours = found_by(backend, graph, objective)
        assert ours[1] == pytest.approx(total, abs=1e-9), backend
        assert ours[0] == matched if objective == "most_matched" else ours[0] >= matched


@pytest.mark.parametrize("backend", ["paths", "auction"])
def test_weights_too_large_to_pack_are_still_solved_exactly(backend):
    # 6 decimals on weights in the thousands: whole values past 2**31, which an arc cannot pack.
    request, offer = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 1, 1])
    weight = np.array([5000.123456, 4000.654321, 4999.5, 1.000001, 3000.25])
    capacity = np.array([1, 1])
    best = found_by("ortools", (request, offer, weight, capacity), "most_matched")
    assert found_by(backend, (request, offer, weight, capacity), "most_matched") == best
