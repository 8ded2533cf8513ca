"""The round's assignment as a pure function over edge arrays, with four interchangeable backends.

A round is a bipartite graph given as one entry per edge: `request[e]`, `offer[e]`, `weight[e]`
(> 0), and one `capacity[o]` per offer. `solve` returns the indices of the chosen edges: each
request at most once, each offer at most `capacity` times, optimal for the objective:

- "most_matched" (the default): the most requests matched, then the highest total weight;
- "total_affinity": the highest total weight, even if fewer requests are matched.

Load spreads across donors: an offer's unit k (0 for its first) weighs `weight * (1 - discount*k)`,
so a donor's second unit weighs a little less than the first. That discount depends on the edge's
own weight, so no single arc from an offer to the sink can carry it: each offer has one node per
unit and each edge one arc per unit (the replicated columns of an assignment problem). The units
of an offer are only as many as its edges, so a donor pledging 800 reviews costs nothing extra.

Backends (all exact; ties may be broken differently, totals agree):
- "auction": our own auction with epsilon scaling, compiled with numba (assignment.py); the
  fastest on balanced markets (about as many units as requests): 1.7 to 3 times faster than
  OR-Tools at 100,000 requests (docs/benchmarks.md). Its first call in a process loads the compiled code
  (about 0.4 s; about 6 s the very first time, then cached on disk);
- "paths": shortest augmenting paths from the smaller side (augmenting.py), the same compiled
  family: the fastest where one side outnumbers the other (requests far more than units, the
  usual market, or units more than requests), where the auction's bidders fight over objects
  they can never get;
- "ortools": min-cost flow (OR-Tools' cost-scaling push-relabel) on integer costs; as fast as
  scipy on small rounds and faster from a few thousand requests;
- "scipy": each connected component separately, `linear_sum_assignment` on a dense block when the
  component is small, `min_weight_full_bipartite_matching` on the sparse graph otherwise;
- "networkx": `max_flow_min_cost` on the same network as OR-Tools; slow, kept as a check.

"auto" picks by size, then by shape (`pick_backend`).

Integer costs stay exact: weights are scaled by the smallest power of ten (up to 10**6) that makes
them whole, and the discount is a fraction num/den, so unit k costs W * (den - k*num) exactly.
"""
from fractions import Fraction
from functools import cached_property

import numpy as np

OBJECTIVES = ("most_matched", "total_affinity")
BACKENDS = ("auto", "auction", "paths", "ortools", "scipy", "networkx")
NEXT_UNIT_DISCOUNT = 0.05  # the same as domain.NEXT_UNIT_DISCOUNT, which plan_round passes in
DENSE_CELLS = 250_000      # scipy: a component with fewer request x unit cells goes dense
AUTO_SCIPY_ARCS = 50_000   # auto: scipy below this many (edge, unit) arcs, where it is as fast
AUTO_AUCTION_ARCS = 500_000  # auto: ours from this many arcs, OR-Tools in between
AUTO_PATHS_RATIO = 1.5     # auto: shortest paths when one side has this many times the other's


def solve(request, offer, weight, capacity, objective="most_matched", backend="auto",
          discount=NEXT_UNIT_DISCOUNT):
    """Indices of the chosen edges (sorted), optimal for `objective`."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, not {objective!r}")
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    net = _Network(request, offer, weight, capacity, discount)
    if not net.arcs:
        return np.zeros(0, dtype=np.int64)
    if backend == "auto":
        backend = _auto(net.arcs, net.requests, net.units)
    chosen_edges = {"auction": _auction, "paths": _paths, "ortools": _ortools, "scipy": _scipy,
                    "networkx": _networkx}[backend](net, objective == "most_matched")
    return np.sort(chosen_edges)


def pick_backend(request, offer, capacity, backend="auto"):
    """The backend `solve` uses: `backend` itself, or for "auto" the fastest at this size and
    shape."""
    if backend != "auto":
        return backend
    offer = np.asarray(offer, np.int64)
    requests = int(np.max(request)) + 1 if len(request) else 0
    units = np.minimum(np.asarray(capacity, np.int64), np.bincount(offer, minlength=len(capacity)))
    return _auto(int(units[offer].sum()), requests, int(units.sum()))


def _auto(arcs, requests, units):
    # By the size of the network, one arc per (edge, unit): scipy ships with Binôme's core and is
    # as fast on small rounds; OR-Tools wins above, until our compiled solvers' one-off loading
    # (0.4 s a process) pays off, at about 5,000 requests. Then by the market's shape: where one
    # side outnumbers the other, shortest augmenting paths from the smaller side; on a balanced
    # market, the auction (docs/benchmarks.md).
    if arcs < AUTO_SCIPY_ARCS:
        return "scipy"
    if arcs < AUTO_AUCTION_ARCS:
        return "ortools"
    larger, smaller = max(requests, units), max(min(requests, units), 1)
    return "paths" if larger >= AUTO_PATHS_RATIO * smaller else "auction"


def unit_multipliers(discount, units):
    """(numerators, denominator) of each unit's share of the weight: 1, 1 - d, 1 - 2d, …

    Never below one discount's worth, so that even a donor's twentieth unit weighs something.
    """
    fraction = Fraction(discount).limit_denominator(10_000)
    num, den = fraction.numerator, fraction.denominator
    return np.maximum(den - num * np.arange(units, dtype=np.int64), max(num, 1)), den


def objective_value(request, offer, weight, capacity, chosen, discount=NEXT_UNIT_DISCOUNT):
    """(matched, discounted total) of the chosen edges, each offer's heaviest on its first units.

    This is what `solve` maximises, so it is how solutions and baselines compare exactly.
    """
    chosen = np.asarray(chosen, dtype=np.int64)
    if not len(chosen):
        return 0, 0.0
    offers, weights = np.asarray(offer)[chosen], np.asarray(weight, dtype=float)[chosen]
    order = np.lexsort((-weights, offers))
    offers, weights = offers[order], weights[order]
    first = np.searchsorted(offers, offers)  # index of each edge's offer's first chosen edge
    numerators, den = unit_multipliers(discount, int(np.bincount(offers).max()))
    return len(chosen), float(np.sum(weights * numerators[np.arange(len(offers)) - first]) / den)


class _Network:
    """Requests, offer units and one arc per (edge, unit), with exact integer values.

    The edges and units are computed at once; the arcs (arc_edge, arc_request, arc_unit,
    arc_value) only when a backend asks, since the auction works from the edges."""

    def __init__(self, request, offer, weight, capacity, discount):
        request, offer = np.asarray(request, np.int64), np.asarray(offer, np.int64)
        weight, capacity = np.asarray(weight, float), np.asarray(capacity, np.int64)
        if not (len(request) == len(offer) == len(weight)):
            raise ValueError("request, offer and weight need one entry per edge")
        if len(weight) and (weight.min() <= 0 or not np.isfinite(weight).all()):
            raise ValueError("weights must be positive")
        if (capacity < 0).any() or (len(offer) and offer.max() >= len(capacity)):
            raise ValueError("capacity needs one non-negative entry per offer")
        self.requests = int(request.max()) + 1 if len(request) else 0
        self.edges = _distinct_pairs(request, offer, weight, len(capacity))
        self.edge_request, self.edge_offer = request[self.edges], offer[self.edges]
        # An offer uses no more units than it has edges.
        self.offer_units = np.minimum(capacity, np.bincount(self.edge_offer,
                                                            minlength=len(capacity)))
        self.units = int(self.offer_units.sum())
        self.numerators, self.den = unit_multipliers(
            discount, int(self.offer_units.max()) if len(capacity) else 0)
        self.scale = _scale(weight)
        self.edge_whole = np.round(weight[self.edges] * self.scale).astype(np.int64)
        self.arcs = int(self.offer_units[self.edge_offer].sum())  # one per (edge, unit)
        if self.arcs and self.edge_whole.max() * self.den * max(self.requests, 1) > 2 ** 62:
            raise ValueError("weights too large or too finely grained to stay exact")

    @cached_property
    def _arcs(self):
        # Arcs unit by unit: first every edge's arc to its offer's unit 0, then to unit 1, …
        units = self.offer_units
        first_unit = np.concatenate([[0], np.cumsum(units)[:-1]])
        per_edge = units[self.edge_offer]
        layers = [np.flatnonzero(per_edge > k) for k in range(int(per_edge.max()) if self.arcs
                                                               else 0)]
        position = np.concatenate(layers) if layers else np.zeros(0, np.int64)
        unit = first_unit[self.edge_offer[position]]
        value = np.empty(len(position), np.int64)  # den * scale * weight of the unit
        start = 0
        for k, layer in enumerate(layers):
            unit[start:start + len(layer)] += k
            value[start:start + len(layer)] = self.edge_whole[layer] * self.numerators[k]
            start += len(layer)
        return self.edges[position], self.edge_request[position], unit, value

    arc_edge = property(lambda self: self._arcs[0])
    arc_request = property(lambda self: self._arcs[1])
    arc_unit = property(lambda self: self._arcs[2])
    arc_value = property(lambda self: self._arcs[3])


def _distinct_pairs(request, offer, weight, offers):
    """Indices of the edges to keep: the same pair given twice is one edge, the heavier one."""
    key = request * offers + offer
    # The usual case, checked without a full lexsort; a stable sort is quick on keys sorted by
    # request already.
    if len(key) < 2 or (np.diff(key) > 0).all() or (np.diff(np.sort(key, kind="stable")) > 0).all():
        return np.arange(len(key))
    order = np.lexsort((-weight, key))
    first = np.concatenate([[True], np.diff(key[order]) > 0])
    return np.sort(order[first])


def _scale(weight):
    """The smallest power of ten up to 10**6 that makes every weight whole (10**6 otherwise)."""
    # The first weights need no more decimals than all of them: start the full checks there.
    return 10 ** _digits(weight, start=_digits(weight[:4096]))


def _digits(weight, start=0):
    """The fewest decimals from `start` (up to 6) that make every weight whole."""
    for digits in range(start, 6):
        scaled = weight * 10 ** digits
        if np.abs(scaled - np.round(scaled)).max(initial=0) <= 1e-6:
            return digits
    return 6


# --- auction: our own exact solver, compiled with numba (services/matching/assignment.py) -----

def _auction(net, most_matched):
    from services.matching import assignment

    top = int(net.edge_whole.max()) * net.den
    if not assignment.fits(top, net.requests + net.units):
        return _ortools(net, most_matched)  # values too fine-grained to scale: min-cost flow
    chosen = assignment.solve(net.requests, net.edge_request, net.edge_offer, net.edge_whole,
                              net.offer_units, net.numerators, most_matched)
    return net.edges[chosen]


def _paths(net, most_matched):
    from services.matching import assignment

    if int(net.edge_whole.max()) >= 1 << 31:
        return _ortools(net, most_matched)  # too large to pack beside its offer: min-cost flow
    chosen = assignment.solve(net.requests, net.edge_request, net.edge_offer, net.edge_whole,
                              net.offer_units, net.numerators, most_matched, method="paths")
    return net.edges[chosen]


# --- min-cost flow: OR-Tools and networkx on the same network ----------------------------------
#
# source -> request (capacity 1) -> offer unit (capacity 1, cost -value) -> sink (capacity 1).
# "most_matched" is a maximum flow of minimum cost. "total_affinity" sends exactly one unit of
# flow per request and adds a free arc from source to sink, so that a request may stay unmatched
# and only the cost decides.

def _flow_arcs(net, most_matched):
    """(source, sink, tails, heads, capacities, costs, first): the request -> unit arcs are
    arcs first, first + 1, …, in the order of net.arc_edge."""
    r, a, u = net.requests, len(net.arc_edge), net.units
    source, sink = r + u, r + u + 1
    size = r + a + u + (0 if most_matched else 1)
    tails, heads = np.empty(size, np.int64), np.empty(size, np.int64)
    costs, capacities = np.zeros(size, np.int64), np.ones(size, np.int64)
    tails[:r], heads[:r] = source, np.arange(r)
    tails[r:r + a], heads[r:r + a] = net.arc_request, r + net.arc_unit
    costs[r:r + a] = -net.arc_value
    tails[r + a:r + a + u], heads[r + a:r + a + u] = r + np.arange(u), sink
    if not most_matched:
        tails[-1], heads[-1], capacities[-1] = source, sink, r
    return source, sink, tails, heads, capacities, costs, r


def _ortools(net, most_matched):
    from ortools.graph.python import min_cost_flow

    source, sink, tails, heads, capacities, costs, first = _flow_arcs(net, most_matched)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, net.requests)
    flow.set_node_supply(sink, -net.requests)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow ended with {status}")
    arcs = np.arange(first, first + len(net.arc_edge))
    return net.arc_edge[flow.flows(arcs) > 0]


def _networkx(net, most_matched):
    import networkx as nx

    source, sink, tails, heads, capacities, costs, first = _flow_arcs(net, most_matched)
    graph = nx.DiGraph()
    graph.add_edges_from((int(t), int(h), {"capacity": int(c), "weight": int(w)})
                         for t, h, c, w in zip(tails, heads, capacities, costs))
    if most_matched:
        flow = nx.max_flow_min_cost(graph, source, sink)
    else:  # exactly every request leaves the source: through a unit or through the free arc
        graph.nodes[source]["demand"], graph.nodes[sink]["demand"] = -net.requests, net.requests
        flow = nx.min_cost_flow(graph)
    arc_tails, arc_heads = tails[first:first + len(net.arc_edge)], heads[first:]
    chosen = np.array([arc for arc, (t, h) in enumerate(zip(arc_tails.tolist(), arc_heads.tolist()))
                       if flow[t][h] > 0], dtype=np.int64)
    return net.arc_edge[chosen]


# --- scipy: one assignment problem per connected component -------------------------------------

def _scipy(net, most_matched):
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Components of the request-unit graph; requests are nodes 0.., units follow.
    nodes = net.requests + net.units
    links = coo_matrix((np.ones(len(net.arc_edge)), (net.arc_request, net.requests + net.arc_unit)),
                       shape=(nodes, nodes))
    _, label = connected_components(links, directed=False)
    arc_label = label[net.arc_request]
    order = np.argsort(arc_label, kind="stable")
    bounds = np.flatnonzero(np.diff(arc_label[order])) + 1
    chosen = [arcs[_solve_component(net, arcs, most_matched)]
              for arcs in np.split(order, bounds)]
    return net.arc_edge[np.concatenate(chosen)] if chosen else np.zeros(0, np.int64)


def _solve_component(net, arcs, most_matched):
    """Positions in `arcs` of an optimal assignment of this component's requests to its units."""
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    rows, row = np.unique(net.arc_request[arcs], return_inverse=True)
    cols, col = np.unique(net.arc_unit[arcs], return_inverse=True)
    value = net.arc_value[arcs].astype(float)  # whole numbers: float64 holds them exactly
    # One more pair must beat any gain in weight: a bonus above the component's best total.
    best_per_row = np.zeros(len(rows))
    np.maximum.at(best_per_row, row, value)
    bonus = best_per_row.sum() + 1.0 if most_matched else 0.0
    if len(rows) * len(cols) <= DENSE_CELLS:
        # Forbidden cells weigh 0 and allowed ones more, so a maximum-weight full assignment,
        # kept to its allowed cells, is a maximum-weight matching of the allowed edges.
        profit = np.zeros((len(rows), len(cols)))
        position = np.full((len(rows), len(cols)), -1)
        profit[row, col], position[row, col] = value + bonus, np.arange(len(arcs))
        picked_rows, picked_cols = linear_sum_assignment(profit, maximize=True)
        found = position[picked_rows, picked_cols]
        return found[found >= 0]
    # Sparse: every request also gets a private "unmatched" column, so a full matching of the
    # requests always exists; costs are positive (scipy reads an absent entry as no edge).
    top = value.max() + 1.0
    n = len(rows)
    data = np.concatenate([top - value, np.full(n, top + bonus)])
    graph = csr_matrix((data, (np.concatenate([row, np.arange(n)]),
                               np.concatenate([col, len(cols) + np.arange(n)]))),
                       shape=(n, len(cols) + n))
    matched_row, matched_col = min_weight_full_bipartite_matching(graph)
    real = matched_col < len(cols)
    # Back from (row, column) to the arc: pairs are unique, so their keys are.
    keys = row * len(cols) + col
    by_key = np.argsort(keys)
    wanted = matched_row[real] * len(cols) + matched_col[real]
    return by_key[np.searchsorted(keys, wanted, sorter=by_key)]
