"""The benchmark's market at every shape, and bench/matching.py's report (no timed assertions)."""
import importlib.util
import json
import types
from pathlib import Path

import numpy as np
import pytest

from binome import bench, cli

REQUESTS = 3_000
BANDS = {"balanced": (0.9, 1.1), "scarce": (0.45, 0.55), "very-scarce": (0.09, 0.11),
         "abundant": (1.8, 2.2)}


@pytest.fixture(scope="module")
def markets():
    built = {}
    for shape in BANDS:
        market, taxonomy = bench.synthetic_market(REQUESTS, seed=5, shape=shape)
        request, offer = bench.candidate_edges(market, taxonomy, seed=5)
        built[shape] = market, taxonomy, request, offer
    return built


@pytest.mark.parametrize("shape", BANDS)
def test_each_shape_pledges_its_share_of_units_per_request(markets, shape):
    market = markets[shape][0]
    low, high = BANDS[shape]
    assert low <= market.capacity.sum() / REQUESTS <= high
    small = market.capacity[market.capacity < bench.BIG_DONOR_UNITS[0]]
    assert set(small.tolist()) <= {1, 2, 3} and len(small) > 0.99 * len(market.capacity)


@pytest.mark.parametrize("shape", ["balanced", "abundant"])
def test_a_few_donors_pledge_hundreds_of_units_and_get_the_edges_to_use_them(markets, shape):
    market, _, request, offer = markets[shape]
    big = np.flatnonzero(market.capacity >= bench.BIG_DONOR_UNITS[0])
    assert len(big) >= 1 and (market.capacity[big] <= bench.BIG_DONOR_UNITS[1]).all()
    edges = np.bincount(offer, minlength=len(market.capacity))
    assert (edges[big] >= market.capacity[big]).all()


@pytest.mark.parametrize("shape", BANDS)
def test_every_shape_keeps_20_to_50_edges_per_request_under_the_hard_rules(markets, shape):
    market, taxonomy, request, offer = markets[shape]
    per_request = np.bincount(request, minlength=REQUESTS)
    assert per_request.max() <= 50 and np.median(per_request) >= 20
    assert (np.diff(request.astype(np.int64) * len(market.capacity) + offer) > 0).all(), \
        "edges sorted by request, then offer, each pair once"
    s, d = market.seekers, market.donors
    assert ((s.languages[request] & d.languages[offer]) != 0).all()
    distance = np.hypot(s.x[request] - d.x[offer], s.y[request] - d.y[offer])
    assert (distance <= np.maximum(s.radius[request], d.radius[offer]) + 1e-9).all()
    weight = bench.score_edges(market, taxonomy, request, offer)
    assert len(weight) == len(request) and (weight >= 1).all()


def test_explicit_offers_and_capacity_override_the_shape():
    market, _ = bench.synthetic_market(600, offers=90, seed=2, capacity=2, shape="very-scarce")
    assert len(market.capacity) == 90 and set(market.capacity.tolist()) == {2}
    market, _ = bench.synthetic_market(600, seed=2, capacity=3, shape="balanced")
    assert market.capacity.tolist() == [3] * 200


def test_bench_matching_prints_the_shape_and_its_units(capsys, tmp_path):
    saved = tmp_path / "graph.npz"
    cli.main(["bench", "matching", "--requests", "300", "--shape", "very-scarce", "--seed", "4",
              "--save", str(saved)])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["shape"] == "very-scarce" and 27 <= figures["units"] <= 33
    cli.main(["bench", "matching", "--graph", str(saved), "--no-baselines"])
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (again["shape"], again["units"], again["matched"]) == (
        "very-scarce", figures["units"], figures["matched"])
    assert "greedy_matched" not in again
    args = types.SimpleNamespace(requests=300, offers=None, seed=4, capacity=None, graph=None,
                                 save=None, objective="most_matched", backend="auto",
                                 shape="scarce", baselines=True)
    assert bench.run_matching(args)["shape"] == "scarce"


# --- bench/matching.py's report, on canned figures ---------------------------------------------

def _report():
    path = Path(__file__).parents[2] / "bench" / "matching.py"
    spec = importlib.util.spec_from_file_location("bench_matching_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(**changes):
    figures = {"shape": "scarce", "requests": 10_000, "offers": 1_930, "units": 5_000,
               "edges": 346_000, "seconds_to_score": 1.5, "seconds_to_solve": 2.0,
               "peak_memory_mb": 400.0, "matched": 4_990, "total_weight": 30_000.0,
               "objective_value": 29_000.0, "greedy_matched": 4_800, "greedy_total": 25_000.0,
               "stable_matched": 4_900, "stable_total": 27_000.0, "backend": "paths"}
    return {**figures, **changes}


def test_the_report_compares_ortools_with_auto_on_the_same_graph():
    report = _report()
    row = report.compare(_figures(), {"ortools": _figures(seconds_to_solve=9.0, backend="ortools"),
                                      "auction": _figures(seconds_to_solve=3.0, matched=4_989,
                                                          backend="auction")})
    assert row["ortools_ratio"] == 4.5 and row["ortools_same_optimum"] is True
    assert row["auction_ratio"] == 1.5 and row["auction_same_optimum"] is False
    assert row["score_plus_solve"] == 3.5 and row["backend"] == "paths"
    assert row["matched_vs_greedy"] == round(4_990 / 4_800, 3)
    assert row["total_vs_stable"] == round(30_000 / 27_000, 3)
    line = [x for x in report.table([row]).splitlines() if x.startswith("| scarce")][0]
    assert "| 10,000 |" in line and "4.5×" in line and "paths" in line


def test_a_backend_that_ran_out_of_memory_is_said_so_in_the_table():
    report = _report()
    row = report.compare(_figures(), {"ortools": {"failed": "out of memory (limit 16 GiB)"}})
    assert row["ortools_ratio"] is None
    assert "out of memory (limit 16 GiB)" in report.table([row])


def test_the_same_optimum_needs_the_same_matched_and_objective_value():
    report = _report()
    assert report.same_optimum(_figures(), _figures(objective_value=29_000.00000001))
    assert not report.same_optimum(_figures(), _figures(objective_value=29_000.01))
    assert not report.same_optimum(_figures(), _figures(matched=4_991))
