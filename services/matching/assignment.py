"""Exact maximum-weight assignment on a sparse bipartite graph: an auction with epsilon scaling,
or shortest augmenting paths from the smaller side (augmenting.py), in the same two parts.

Pure numpy and numba, no service code. `solve(rows, edge_row, edge_offer, edge_whole,
offer_units, numerators, most_matched, method)` assigns rows (requests) to the units of offers,
unit k of an offer valuing an edge at its whole weight times numerators[k] (the round's discount), and
returns the positions of the chosen edges: each row and each unit at most once, the most pairs
then the highest total value ("most matched"), or the highest total value.

Why an auction. OR-Tools' min-cost flow needs about 19 s on the benchmark's 100,000 requests
(10.4 million arcs), and Jonker-Volgenant's shortest augmenting paths are slower still there
(docs/benchmarks.md). Bertsekas' forward auction with epsilon scaling solves it in a few
seconds: a free person bids for its best object, raising that object's price by the gap to its
second best plus epsilon; each phase divides epsilon by THETA and keeps the prices.

Why it is exact. Values are whole numbers, multiplied by the number of objects plus one; the
last phase has epsilon = 1. An assignment of every person (dummies included, see below) where
each is within epsilon of its best (epsilon-complementary slackness) is within (persons ×
epsilon) of the optimum, that is within less than one unit of the original values: optimal.

Why square. That bound needs every object assigned at the end, or else free objects priced no
higher than assigned ones, which phases that keep prices do not ensure. So the problem is made
square: k = objects - persons dummy persons, who value every object at 0, hold the objects that
stay free; a free dummy bids for the cheapest object (a heap over prices).

Which problem is square. "Most matched" first takes a maximum matching (Hopcroft-Karp) and its
Dulmage-Mendelsohn split: the rows reachable from an unmatched row by alternating paths, and
their columns, form part A, where every column is matched in every maximum matching but some
rows are not; the other rows and columns form part B, where every row is matched. Arcs between
the two parts are in no maximum matching. So part A is an auction of its columns (persons) for
its rows (objects), part B of its rows for its columns; no large bonus is needed for the
cardinality, which would slow the auction. "Total affinity" is part B of the graph where each
row also has a private column of value 0 (staying unmatched); when the values leave room (rounds
up to a few thousand requests), equal totals are broken towards the most pairs.

Which method. The auction bids from one side of each part; when the other side is much larger
(part A of a market where requests far outnumber units, or part B where units outnumber
requests), bidders keep competing for objects they can never all get, and dummies must hold
the surplus: shortest augmenting paths from the smaller side ("paths") end at one of the many
free objects after a few steps instead. On a balanced market the paths grow long and the
auction wins; solver.py's "auto" chooses by the market's shape (docs/benchmarks.md).

Speed. Each person keeps its TOP best arcs and the value of the next one from its last full
scan; prices only rise, so while the second best of the kept arcs is at least that value, the
kept arcs hold the best two and a bid reads TOP arcs instead of all of them (about 100 here).
A full scan reads a person's arcs heaviest first and stops when even a free object could not
enter the kept ones: a donor with hundreds of units has thousands of arcs, and its units, all
wanting the same requests, would otherwise rescan them all at every bid. An arc packs its
object and value in one int64. In part A the units of an offer share one list of arcs, each unit
multiplying the values by its own numerator.
"""
import numpy as np
from numba import njit

from . import augmenting

# Every compiled function is nogil: a round runs in an eventlet tpool thread, and compiled code that
# kept the GIL would stop the service's event loop (RPC, heartbeats) for the auction's seconds.

THETA = 4          # epsilon is divided by this between phases
FIRST_EPS = 8      # the first phase's epsilon is the largest value divided by this
TOP = 7            # arcs each person keeps between full scans (with one more value: 64 bytes)
WIDTH = TOP + 1
NEG = -(1 << 62)   # "no value"
DUMMY = -2         # the owner of an object held by a dummy person
FREE = -1
LIMIT = 1 << 60    # scaled values and prices must stay below this
LOW = (1 << 32) - 1
METHODS = ("auction", "paths")


def solve(rows, edge_row, edge_offer, edge_whole, offer_units, numerators, most_matched=True,
          method="auction"):
    """Positions of the chosen edges (sorted), optimal for the objective.

    Edge e joins row `edge_row[e]` and offer `edge_offer[e]`; offer o has `offer_units[o]`
    units (columns), and its unit k values edge e at `edge_whole[e] * numerators[k]` (whole
    numbers, below 2**31). Each row gets at most one unit, each unit at most one row.

    `method`: "auction" bids as described above; "paths" assigns each part's smaller side by
    shortest augmenting paths (augmenting.py), which wins when one side far outnumbers the
    other."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    edge_row, edge_offer, edge_whole, offer_units, numerators = (
        np.asarray(a, np.int64) for a in (edge_row, edge_offer, edge_whole, offer_units,
                                          numerators))
    first_unit = np.concatenate(([0], np.cumsum(offer_units)[:-1]))
    cols = int(offer_units.sum())
    graph = (edge_row, edge_offer, edge_whole, first_unit, offer_units, numerators)
    every_row, every_col = np.arange(rows), np.arange(cols)
    if not len(edge_row) or not cols:
        return np.zeros(0, np.int64)
    top = int(edge_whole.max()) * int(numerators.max())
    if not most_matched:
        if method == "paths":
            # The smaller side looks for paths, each with a private object of value 0 (to stay
            # unmatched); ties go to the most pairs (int64 leaves room for it at any size).
            if cols < rows:
                return np.sort(_unit_part(graph, every_col, every_row, method, private=True))
            return np.sort(_row_part(graph, every_row, every_col, 1, False, method,
                                     private=True))
        # Every row bids, with a private object of value 0 to stay unmatched. When values leave
        # room, each pair also adds 1 to values multiplied by more than the number of pairs:
        # among equal totals, the most pairs.
        ties = rows + 1 if fits((top + 1) * (rows + 1), rows + cols) else 1
        return np.sort(_row_part(graph, every_row, every_col, ties, True, method))
    ptr, arcs, _ = _row_arcs(*graph, every_row, every_col, 1, False)
    mate_col = _maximum_matching(cols, ptr, arcs)
    row_a, col_a = _surplus_part(cols, ptr, arcs, mate_col)
    del ptr, arcs
    found = np.concatenate([
        # part A: its units bid for its rows (or look for paths: they are the smaller side)
        _unit_part(graph, _local(col_a), _local(row_a), method),
        # part B: the reverse
        _row_part(graph, _local(~row_a), _local(~col_a), 1, False, method),
    ])
    return np.sort(found)


def fits(top, n_objects):
    """Whether values up to `top` stay exact, with room for prices, once scaled."""
    scale = n_objects + 1
    return top < (1 << 31) and (top + 1) * scale * scale < LIMIT


def _local(mask):
    """Each item's index among those in the mask, -1 for the others."""
    return np.where(mask, np.cumsum(mask) - 1, -1)


def _row_part(graph, row_index, unit_index, ties, outside, method, private=False):
    """Chosen edges of the rows in `row_index` (>= 0) bidding for the units in `unit_index`.
    `outside`: each row has an arc to a private object of value 0 (the auction's way to stay
    unmatched); `private`: the same, for shortest paths, which add that object themselves."""
    n_persons, n_objects = int(row_index.max()) + 1, int(unit_index.max()) + 1
    if n_persons <= 0:
        return np.zeros(0, np.int64)
    if method == "paths":
        return _row_paths(graph, row_index, unit_index, private)
    ptr, arcs, position = _row_arcs(*graph, row_index, unit_index, ties, outside)
    augmenting.heaviest_first(ptr, arcs, position)
    if outside:
        n_objects += n_persons
    multiplier = np.ones(n_persons, np.int64)
    return _auction_part(ptr[:-1], ptr[1:], arcs, position, multiplier, n_objects)


def _unit_part(graph, unit_index, row_index, method, private=False):
    """Chosen edges of the units in `unit_index` (>= 0) bidding for the rows in `row_index`.
    The units of an offer share its list of arcs; unit k multiplies their values by its own
    numerator, so the list is stored once, not once per unit."""
    edge_row, edge_offer, edge_whole, first_unit, offer_units, numerators = graph
    n_persons, n_objects = int(unit_index.max()) + 1, int(row_index.max()) + 1
    if n_persons <= 0:
        return np.zeros(0, np.int64)
    ptr, arcs, position = _offer_arcs(edge_row, edge_offer, edge_whole, len(offer_units),
                                      row_index)
    unit_offer = np.repeat(np.arange(len(offer_units)), offer_units)
    unit_k = np.arange(len(unit_offer)) - first_unit[unit_offer]
    mine = unit_index >= 0
    offer_of = unit_offer[mine]  # persons in the order of unit_index
    augmenting.heaviest_first(ptr, arcs, position)
    if method == "paths":  # each request is a group of one object
        return _paths(ptr[offer_of], ptr[offer_of + 1], arcs, position, numerators[unit_k[mine]],
                      np.arange(n_objects), np.ones(n_objects, np.int64),
                      np.ones(1, np.int64), private)
    return _auction_part(ptr[offer_of], ptr[offer_of + 1], arcs, position,
                         numerators[unit_k[mine]], n_objects)


def _row_paths(graph, row_index, unit_index, private):
    """Shortest paths of the rows in `row_index` (>= 0) to the units in `unit_index`: a row's
    arcs go to offers, each a group of its units (so an edge is stored once, whatever the
    offer's units)."""
    edge_row, edge_offer, edge_whole, first_unit, offer_units, numerators = graph
    n_persons = int(row_index.max()) + 1
    # An offer's units are all in the part or none (they share their edges).
    in_part = offer_units > 0
    in_part[in_part] = unit_index[first_unit[in_part]] >= 0
    group_first = np.where(in_part, unit_index[np.minimum(first_unit, len(unit_index) - 1)], 0)
    group_size = np.where(in_part, offer_units, 0)
    edges = np.flatnonzero((row_index[edge_row] >= 0) & in_part[edge_offer])
    person = row_index[edge_row[edges]]
    if len(person) > 1 and (np.diff(person) < 0).any():
        order = np.argsort(person, kind="stable")
        edges, person = edges[order], person[order]
    ptr = np.zeros(n_persons + 1, np.int64)
    np.cumsum(np.bincount(person, minlength=n_persons), out=ptr[1:])
    arcs = (edge_offer[edges] << 32) | edge_whole[edges]
    augmenting.heaviest_first(ptr, arcs, edges)
    return _paths(ptr[:-1], ptr[1:], arcs, edges, np.ones(n_persons, np.int64), group_first,
                  group_size, numerators, private)


def _paths(start, end, arcs, position, multiplier, group_first, group_size, numerators,
           private):
    """Chosen edges by shortest augmenting paths (augmenting.py), arcs packing a group (an
    offer, or a request) and a whole value."""
    ties = 1
    if private:
        # Among equal totals the most pairs: free in int64, while values times persons fit.
        top = int((arcs & LOW).max(initial=0)) * int(multiplier.max(initial=1)) * int(
            numerators.max())
        if (top + 1) * (len(start) + 1) < (1 << 61):
            ties = len(start) + 1
    # Persons with the same arcs and multiplier value everything alike (augmenting.py).
    _, person_class = np.unique(np.stack([start, end, multiplier]), axis=1, return_inverse=True)
    assigned = augmenting.shortest_paths(start, end, arcs, multiplier, group_first, group_size,
                                         numerators, private, ties,
                                         person_class.reshape(-1).astype(np.int64))
    found = _group_position_of(start, end, arcs, assigned, position, group_first, group_size)
    return found[found >= 0]


def _auction_part(start, end, arcs, position, multiplier, n_objects):
    """Chosen edges: person i's arcs are arcs[start[i]:end[i]], each packing its object (high
    32 bits) and a value (low 32 bits) that the person multiplies by multiplier[i]."""
    n_persons = len(start)
    if n_objects < n_persons:
        raise ValueError("fewer objects than persons")
    top = int(((arcs & LOW).max()) * multiplier.max()) if len(arcs) else 0
    if not fits(top, n_objects):
        raise ValueError("values too large to scale exactly")
    scale = n_objects + 1
    assigned = _run_auction(start, end, arcs, multiplier * scale, n_objects,
                            n_objects - n_persons, (top + 1) * scale)
    found = _position_of(start, end, arcs, assigned, position)
    return found[found >= 0]


# --- sparse structure -----------------------------------------------------------------------

@njit(cache=True, nogil=True)
def _row_arcs(edge_row, edge_offer, edge_whole, first_unit, offer_units, numerators,
              row_index, unit_index, ties, outside):
    """Arcs from rows to units, grouped by row (ptr), packed (unit << 32 | value), with the
    position of their edge (-1 for a private "unmatched" arc, the last of its row's)."""
    n_persons = 0
    for r in row_index:
        n_persons = max(n_persons, r + 1)
    n_objects = 0
    for u in unit_index:
        n_objects = max(n_objects, u + 1)
    ptr = np.zeros(n_persons + 1, np.int64)
    for e in range(len(edge_row)):
        p, o = row_index[edge_row[e]], edge_offer[e]
        if p >= 0 and offer_units[o] > 0 and unit_index[first_unit[o]] >= 0:
            ptr[p + 1] += offer_units[o]
    extra = 1 if outside else 0
    for p in range(n_persons):
        ptr[p + 1] += ptr[p] + extra
    fill = ptr[:-1].copy()
    arcs = np.empty(ptr[-1], np.int64)
    position = np.empty(ptr[-1], np.int64)
    for e in range(len(edge_row)):
        p, o = row_index[edge_row[e]], edge_offer[e]
        if p >= 0 and offer_units[o] > 0 and unit_index[first_unit[o]] >= 0:
            for k in range(offer_units[o]):
                value = edge_whole[e] * numerators[k] * ties + (1 if ties > 1 else 0)
                arcs[fill[p]] = (unit_index[first_unit[o] + k] << 32) | value
                position[fill[p]] = e
                fill[p] += 1
    if outside:
        for p in range(n_persons):
            arcs[fill[p]] = (n_objects + p) << 32
            position[fill[p]] = -1
    return ptr, arcs, position


@njit(cache=True, nogil=True)
def _offer_arcs(edge_row, edge_offer, edge_whole, offers, row_index):
    """Arcs from offers to rows, grouped by offer (ptr), packed (row << 32 | whole), with the
    position of their edge."""
    ptr = np.zeros(offers + 1, np.int64)
    for e in range(len(edge_row)):
        if row_index[edge_row[e]] >= 0:
            ptr[edge_offer[e] + 1] += 1
    for o in range(offers):
        ptr[o + 1] += ptr[o]
    fill = ptr[:-1].copy()
    arcs = np.empty(ptr[-1], np.int64)
    position = np.empty(ptr[-1], np.int64)
    for e in range(len(edge_row)):
        r = row_index[edge_row[e]]
        if r >= 0:
            o = edge_offer[e]
            arcs[fill[o]] = (r << 32) | edge_whole[e]
            position[fill[o]] = e
            fill[o] += 1
    return ptr, arcs, position


@njit(cache=True, nogil=True)
def _position_of(start, end, arcs, assigned, position):
    """For each person, the position of the edge of its arc to its object (-1 if none)."""
    found = np.full(len(start), -1, np.int64)
    for i in range(len(start)):
        for a in range(start[i], end[i]):
            if arcs[a] >> 32 == assigned[i]:
                found[i] = position[a]
                break
    return found


@njit(cache=True, nogil=True)
def _group_position_of(start, end, arcs, assigned, position, group_first, group_size):
    """For each person, the position of the edge of its arc to its object's group (-1 if none,
    or a private object)."""
    found = np.full(len(start), -1, np.int64)
    for i in range(len(start)):
        j = assigned[i]
        for a in range(start[i], end[i]):
            g = arcs[a] >> 32
            if group_first[g] <= j < group_first[g] + group_size[g]:
                found[i] = position[a]
                break
    return found


# --- maximum matching and the Dulmage-Mendelsohn split ---------------------------------------

@njit(cache=True, nogil=True)
def _maximum_matching(cols, ptr, arcs):
    """Hopcroft-Karp: each column's row in a maximum matching (-1 if unmatched)."""
    rows = len(ptr) - 1
    mate_row = np.full(rows, -1, np.int64)
    mate_col = np.full(cols, -1, np.int64)
    for r in range(rows):  # greedy start
        for a in range(ptr[r], ptr[r + 1]):
            if mate_col[arcs[a] >> 32] < 0:
                mate_col[arcs[a] >> 32] = r
                mate_row[r] = arcs[a] >> 32
                break
    far = rows + 1
    dist = np.empty(rows, np.int64)
    queue = np.empty(rows, np.int64)
    cursor = np.empty(rows, np.int64)
    stack = np.empty(rows + 1, np.int64)
    while True:
        head, tail = 0, 0
        for r in range(rows):
            if mate_row[r] < 0:
                dist[r] = 0
                queue[tail] = r
                tail += 1
            else:
                dist[r] = far
        limit = far
        while head < tail:
            r = queue[head]
            head += 1
            if dist[r] >= limit:
                continue
            for a in range(ptr[r], ptr[r + 1]):
                r2 = mate_col[arcs[a] >> 32]
                if r2 < 0:
                    limit = dist[r] + 1  # a free column: the shortest augmenting length
                elif dist[r2] == far:
                    dist[r2] = dist[r] + 1
                    queue[tail] = r2
                    tail += 1
        if limit == far:
            return mate_col
        for r in range(rows):
            cursor[r] = ptr[r]
        for root in range(rows):
            if mate_row[root] >= 0:
                continue
            depth = 0
            stack[0] = root
            while depth >= 0:
                r = stack[depth]
                advanced = False
                while cursor[r] < ptr[r + 1]:
                    c = arcs[cursor[r]] >> 32
                    r2 = mate_col[c]
                    if r2 < 0:
                        if dist[r] + 1 == limit:  # augment along the stack
                            for d in range(depth, -1, -1):
                                rr = stack[d]
                                cc = arcs[cursor[rr]] >> 32
                                mate_row[rr] = cc
                                mate_col[cc] = rr
                                cursor[rr] += 1
                            depth = -1
                            advanced = True
                            break
                        cursor[r] += 1
                    elif dist[r2] == dist[r] + 1 and dist[r2] < limit:
                        depth += 1
                        stack[depth] = r2
                        advanced = True
                        break
                    else:
                        cursor[r] += 1
                if not advanced:
                    dist[r] = far  # dead end
                    depth -= 1
                    if depth >= 0:
                        cursor[stack[depth]] += 1


@njit(cache=True, nogil=True)
def _surplus_part(cols, ptr, arcs, mate_col):
    """(rows, columns) of part A: reachable from an unmatched row by alternating paths."""
    rows = len(ptr) - 1
    matched = np.zeros(rows, np.bool_)
    for c in range(cols):
        if mate_col[c] >= 0:
            matched[mate_col[c]] = True
    row_a = ~matched
    col_a = np.zeros(cols, np.bool_)
    queue = np.flatnonzero(row_a)
    queue = np.concatenate((queue, np.empty(rows - len(queue), np.int64)))
    head, tail = 0, int(row_a.sum())
    while head < tail:
        r = queue[head]
        head += 1
        for a in range(ptr[r], ptr[r + 1]):
            c = arcs[a] >> 32
            if not col_a[c]:
                col_a[c] = True
                r2 = mate_col[c]
                if r2 >= 0 and not row_a[r2]:
                    row_a[r2] = True
                    queue[tail] = r2
                    tail += 1
    return row_a, col_a


# --- the auction ------------------------------------------------------------------------------

@njit(cache=True, nogil=True)
def _run_auction(start, end, arcs, mult, n_objects, dummies, span):
    """Each person's object in an optimal full assignment. Person i's arcs are
    arcs[start[i]:end[i]]; an arc packs its object (high 32 bits) and a value (low 32 bits)
    that the person multiplies by mult[i] (its own factor times the scale)."""
    persons = len(start)
    kept = np.empty(persons * WIDTH, np.int64)
    price = np.zeros(n_objects, np.int64)
    owner = np.full(n_objects, FREE, np.int64)
    assigned = np.full(persons, -1, np.int64)
    assigned_val = np.zeros(persons, np.int64)
    queue = np.empty(max(persons, 1), np.int64)
    heap_key = np.empty(n_objects, np.int64)
    heap_obj = np.empty(n_objects, np.int64)
    best = np.empty(TOP + 1, np.int64)
    best_arc = np.empty(TOP + 1, np.int64)
    for i in range(persons):
        _rescan(start, end, arcs, mult, price, i, kept, best, best_arc)
    eps = max(1, span // FIRST_EPS)
    free_dummies = dummies
    while True:
        count = _refresh(start, end, arcs, mult, price, owner, assigned, assigned_val, eps, queue,
                         kept, best, best_arc)
        free_dummies += _refresh_dummies(price, owner, eps)
        if dummies:
            _heapify(price, heap_key, heap_obj)
        head = 0
        while True:
            head, count, free_dummies = _bid(start, end, arcs, mult, price, owner, assigned,
                                             assigned_val, eps, span, queue, head, count,
                                             free_dummies, kept, best, best_arc)
            if free_dummies == 0:
                break
            count = _dummies_bid(price, owner, assigned, eps, free_dummies, queue, head, count,
                                 heap_key, heap_obj)
            free_dummies = 0
            if count == 0:
                break
        if eps == 1:
            return assigned
        eps = max(1, eps // THETA)


@njit(cache=True, nogil=True)
def _rescan(start, end, arcs, mult, price, i, kept, best, best_arc):
    """Scan all of person i's arcs: keep the TOP best and the next value; return the best two
    as (best value, its object, its arc's value, second best value)."""
    n = 0
    factor = mult[i]
    for a in range(start[i], end[i]):
        arc = arcs[a]
        value = (arc & LOW) * factor
        if n == TOP + 1 and value <= best[TOP]:
            break  # arcs come heaviest first and prices are never negative: none left can enter
        x = value - price[arc >> 32]
        if n == TOP + 1:
            if x <= best[TOP]:
                continue
            p = TOP
        else:
            p = n
            n += 1
        while p > 0 and best[p - 1] < x:
            best[p] = best[p - 1]
            best_arc[p] = best_arc[p - 1]
            p -= 1
        best[p] = x
        best_arc[p] = arc
    base = i * WIDTH
    kept[base] = best[TOP] if n == TOP + 1 else NEG
    for t in range(TOP):
        kept[base + 1 + t] = best_arc[t] if t < n else -1
    if n == 0:
        return NEG, -1, 0, NEG
    arc = best_arc[0]
    return best[0], arc >> 32, (arc & LOW) * factor, (best[1] if n > 1 else NEG)


@njit(cache=True, nogil=True)
def _best_two(start, end, arcs, mult, price, i, kept, best, best_arc):
    """Like _rescan, from the kept arcs when they are enough."""
    base = i * WIDTH
    b1, b2, j1, v1 = NEG, NEG, -1, 0
    for t in range(TOP):
        arc = kept[base + 1 + t]
        if arc < 0:
            break
        j = arc >> 32
        v = (arc & LOW) * mult[i]
        x = v - price[j]
        if x > b1:
            b2 = b1
            b1, j1, v1 = x, j, v
        elif x > b2:
            b2 = x
    if b2 >= kept[base]:  # nothing outside the kept arcs can beat the second best
        return b1, j1, v1, b2
    return _rescan(start, end, arcs, mult, price, i, kept, best, best_arc)


@njit(cache=True, nogil=True)
def _bid(start, end, arcs, mult, price, owner, assigned, assigned_val, eps, span, queue, head,
         count, free_dummies, kept, best, best_arc):
    """Free persons bid (first in, first out) until none is free; returns the queue's state."""
    size = len(queue)
    tail = (head + count) % size
    while count > 0:
        i = queue[head]
        head = head + 1 if head + 1 < size else 0
        count -= 1
        b1, j, v, b2 = _best_two(start, end, arcs, mult, price, i, kept, best, best_arc)
        if j < 0:
            continue
        if b2 == NEG:
            b2 = b1 - span
        price[j] += b1 - b2 + eps
        previous = owner[j]
        owner[j] = i
        assigned[i] = j
        assigned_val[i] = v
        if previous >= 0:
            assigned[previous] = -1
            queue[tail] = previous
            tail = tail + 1 if tail + 1 < size else 0
            count += 1
        elif previous == DUMMY:
            free_dummies += 1
    return head, count, free_dummies


@njit(cache=True, nogil=True)
def _refresh(start, end, arcs, mult, price, owner, assigned, assigned_val, eps, queue, kept, best,
             best_arc):
    """Free the persons more than eps from their best; queue them with the free ones."""
    count = 0
    for i in range(len(start)):
        j = assigned[i]
        if j >= 0:
            b1, _, _, _ = _best_two(start, end, arcs, mult, price, i, kept, best, best_arc)
            if assigned_val[i] - price[j] >= b1 - eps:
                continue
            owner[j] = FREE
            assigned[i] = -1
        queue[count] = i
        count += 1
    return count


@njit(cache=True, nogil=True)
def _refresh_dummies(price, owner, eps):
    """Free the dummies whose object is more than eps dearer than the cheapest one."""
    if not len(price):
        return 0
    cheapest = price.min()
    freed = 0
    for j in range(len(price)):
        if owner[j] == DUMMY and price[j] > cheapest + eps:
            owner[j] = FREE
            freed += 1
    return freed


@njit(cache=True, nogil=True)
def _sift_down(key, item, n, p):
    k, x = key[p], item[p]
    while True:
        c = 2 * p + 1
        if c >= n:
            break
        if c + 1 < n and key[c + 1] < key[c]:
            c += 1
        if key[c] >= k:
            break
        key[p], item[p] = key[c], item[c]
        p = c
    key[p], item[p] = k, x


@njit(cache=True, nogil=True)
def _heapify(price, key, item):
    """A heap of every object by price (built once a phase: see _dummies_bid)."""
    n = len(price)
    for j in range(n):
        key[j], item[j] = price[j], j
    for p in range(n // 2 - 1, -1, -1):
        _sift_down(key, item, n, p)


@njit(cache=True, nogil=True)
def _settle(price, key, item, n, p):
    """Bring the entry at p up to date: keys may lag behind prices, which only rise."""
    while p < n and key[p] < price[item[p]]:
        key[p] = price[item[p]]
        _sift_down(key, item, n, p)


@njit(cache=True, nogil=True)
def _dummies_bid(price, owner, assigned, eps, free_dummies, queue, head, count, key, item):
    """Each free dummy takes the cheapest object, priced eps above the next cheapest.

    The heap lives for the whole phase: persons raise prices between calls, so a key may lag
    behind its object's price, never ahead. Settling the top and its children before reading
    them is enough (every key below is at least theirs, and every price at least its key), and
    costs a few sifts instead of rebuilding a heap over every object at each call, which made
    the auction quadratic on large balanced markets."""
    n = len(price)
    size = len(queue)
    tail = (head + count) % size
    while free_dummies > 0:
        _settle(price, key, item, n, 0)
        _settle(price, key, item, n, 1)
        _settle(price, key, item, n, 2)
        # Settling a child may have sifted a lagging entry up to the top: check it again.
        if key[0] < price[item[0]]:
            continue
        j = item[0]
        if n == 1:
            second = key[0]
        elif n == 2:
            second = key[1]
        else:
            second = min(key[1], key[2])
        price[j] = second + eps
        key[0] = price[j]
        _sift_down(key, item, n, 0)
        free_dummies -= 1
        previous = owner[j]
        owner[j] = DUMMY
        if previous >= 0:
            assigned[previous] = -1
            queue[tail] = previous
            tail = tail + 1 if tail + 1 < size else 0
            count += 1
        elif previous == DUMMY:
            free_dummies += 1
    return count
