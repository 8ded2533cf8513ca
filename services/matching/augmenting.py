"""Exact assignment of the smaller side by shortest augmenting paths, compiled with numba.

Pure numpy and numba, no service code. `shortest_paths(start, end, arcs, multiplier, group_first,
group_size, numerators, private, ties, person_class)` assigns persons to objects, maximising the
total value, each person at most once and each object at most once; every person is assigned when
it can be (or, with `private`, may keep a private object of value 0: stay unmatched).

Why from the smaller side. A market where requests far outnumber units (or units outnumber
requests) is an asymmetric assignment problem. Bidding from the larger side (the auction of
assignment.py) keeps most bidders competing for objects they can never get; here each person of
the smaller side looks for its shortest augmenting path (Dijkstra on reduced costs, as in the
Hungarian method and Jonker-Volgenant), and free objects are many, so the path usually ends after
a step or two. On a balanced market the paths grow long: the auction wins there
(docs/benchmarks.md says where each is chosen).

Why it is exact. It keeps dual prices on the objects: every arc's reduced cost stays non-negative
and an assigned pair's is zero. A search labels objects by their distance from the free person,
stops at the nearest free object, lowers (in cost terms) the prices of the objects it scanned by
how much closer than that object they were, and swaps the assignments along the path. Only objects
a search scanned change price, and those stay assigned from then on, so a free object's price is
always zero: the conditions of the asymmetric problem (free objects no dearer than assigned ones)
hold at the end, and the assignment is optimal. Values are whole numbers in int64: no rounding.

Arcs pack a group of objects (an offer's units, or one request) in the high 32 bits and a whole
value in the low 32 bits, which the person multiplies by its own multiplier and the object's
numerator (a unit's share of the weight): an edge is stored once, whatever its offer's units.
"""
import numpy as np
from numba import njit

# Every compiled function is nogil: a round runs in an eventlet tpool thread (see assignment.py).

LOW = (1 << 32) - 1
UNSEEN, LABELLED, SCANNED = 0, 1, 2


@njit(cache=True, nogil=True)
def shortest_paths(start, end, arcs, multiplier, group_first, group_size, numerators, private,
                   ties, person_class):
    """Each person's object in an optimal assignment (-1: none; n_objects + i: person i's private
    object, i.e. unmatched).

    Person i's arcs are arcs[start[i]:end[i]], heaviest first, each packing a group (high 32
    bits) and a whole value (low 32 bits). Group g holds objects group_first[g] onwards,
    group_size[g] of them (an offer's units, or a single request), and its k-th object is worth value × multiplier[i] ×
    numerators[k] to person i, numerators never increasing: so of a group's free objects only
    the first can be on a shortest path, and the others are not looked at.

    `ties` > 1 multiplies every value by it and adds 1 per pair, so that among equal totals the
    most pairs win (it must exceed the number of persons).

    Persons of one `person_class` value everything alike (a donor's units past the twentieth all
    weigh one discount's worth). Going through such a person labels every object at its own
    offset (distance of its object minus its dual) plus the same arc costs, so a search reads
    the arcs of a class's person only when its offset beats every earlier one of that class's,
    the root's included: a donor's hundreds of units no longer each read all the others."""
    persons = len(start)
    n_objects = 0
    for g in range(len(group_first)):
        n_objects = max(n_objects, group_first[g] + group_size[g])
    total = n_objects + (persons if private else 0)
    group_of = np.full(total, -1, np.int64)
    for g in range(len(group_first)):
        for k in range(group_size[g]):
            group_of[group_first[g] + k] = g
    owned_up_to = np.zeros(len(group_first), np.int64)  # past it, every object is free
    price = np.zeros(total, np.int64)        # the objects' duals, in cost terms (never above 0)
    owner = np.full(total, -1, np.int64)
    assigned = np.full(persons, -1, np.int64)
    assigned_cost = np.zeros(persons, np.int64)
    dist = np.zeros(total, np.int64)
    pred = np.empty(total, np.int64)
    pred_cost = np.empty(total, np.int64)
    state = np.zeros(total, np.int8)
    heap = np.empty(total, np.int64)
    heap_key = np.empty(total, np.int64)
    slot = np.full(total, -1, np.int64)
    touched = np.empty(total, np.int64)
    scanned = np.empty(total, np.int64)
    classes = 0
    for i in range(persons):
        classes = max(classes, person_class[i] + 1)
    class_offset = np.full(classes, np.int64(1) << 62, np.int64)
    classes_seen = np.empty(persons + 1, np.int64)
    bonus = 1 if ties > 1 else 0
    top = numerators[0]  # the largest: numerators never increase
    far = np.int64(1) << 62
    for s in range(persons):
        if end[s] == start[s] and not private:
            continue
        # The root's own dual: its cheapest arc's reduced cost is zero.
        u = far
        for a in range(start[s], end[s]):
            g = arcs[a] >> 32
            value = (arcs[a] & LOW) * multiplier[s] * ties
            for k in range(min(group_size[g], owned_up_to[g] + 1)):
                u = min(u, -(value * numerators[k] + bonus) - price[group_first[g] + k])
        if private:
            u = min(u, -price[n_objects + s])
        # Free objects never enter the heap: the nearest one seen so far is enough, and any
        # assigned object at least as far can be left unlabelled (the path cannot use it).
        target, reach = -1, far
        n_touched, n_scanned, size = 0, 0, 0
        i, base, u_i = s, np.int64(0), u
        class_offset[person_class[s]] = -u
        classes_seen[0] = person_class[s]
        n_classes_seen = 1
        relax = True
        while True:
            a, last = start[i], (end[i] if relax else start[i] - 1)
            while a <= last:
                if a < last:
                    g = arcs[a] >> 32
                    value = (arcs[a] & LOW) * multiplier[i] * ties
                    # Arcs come heaviest first and prices only make objects dearer: once even
                    # the best unit at no price is no nearer than the free object found, so are
                    # all the arcs left. Only the private arc remains to look at.
                    if base - value * top - bonus - u_i >= reach:
                        a = last
                        continue
                    first, size_g = group_first[g], min(group_size[g], owned_up_to[g] + 1)
                elif private:
                    value, first, size_g = -1, n_objects + i, 1
                else:
                    break
                a += 1
                for k in range(size_g):
                    j = first + k
                    if state[j] == SCANNED:
                        continue
                    c = 0 if value < 0 else -(value * numerators[k] + bonus)
                    d = base + c - price[j] - u_i
                    if d >= reach:
                        continue
                    if owner[j] < 0:
                        target, reach = j, d
                        pred[j], pred_cost[j] = i, c
                    elif state[j] == UNSEEN:
                        state[j] = LABELLED
                        touched[n_touched] = j
                        n_touched += 1
                        dist[j], pred[j], pred_cost[j] = d, i, c
                        size = _push(heap, heap_key, slot, size, j, d)
                    elif d < dist[j]:
                        dist[j], pred[j], pred_cost[j] = d, i, c
                        _decrease(heap, heap_key, slot, j, d)
            if size == 0 or heap_key[0] >= reach:
                break  # the nearest free object is no farther than anything left: the path
            j = heap[0]
            size = _pop(heap, heap_key, slot, size)
            state[j] = SCANNED
            scanned[n_scanned] = j
            n_scanned += 1
            i = owner[j]
            base = dist[j]
            u_i = assigned_cost[i] - price[j]
            relax = private or base - u_i < class_offset[person_class[i]]
            if relax and not private:
                if class_offset[person_class[i]] == far:
                    classes_seen[n_classes_seen] = person_class[i]
                    n_classes_seen += 1
                class_offset[person_class[i]] = base - u_i
        for t in range(n_classes_seen):
            class_offset[classes_seen[t]] = far
        if target >= 0:
            for t in range(n_scanned):
                j = scanned[t]
                price[j] += dist[j] - reach
            j = target
            g = group_of[j]
            if g >= 0:
                owned_up_to[g] = max(owned_up_to[g], j - group_first[g] + 1)
            while True:
                i = pred[j]
                previous = assigned[i]
                owner[j], assigned[i], assigned_cost[i] = i, j, pred_cost[j]
                if i == s:
                    break
                j = previous
        for t in range(n_touched):
            j = touched[t]
            state[j] = UNSEEN
            slot[j] = -1
    return assigned


@njit(cache=True, nogil=True)
def heaviest_first(ptr, arcs, position):
    """Sort each person's arcs (arcs[ptr[i]:ptr[i + 1]]) and their positions by value, heaviest
    first, in place: a search then stops reading a person's arcs at the first too light."""
    for i in range(len(ptr) - 1):
        lo, hi = ptr[i], ptr[i + 1]
        if hi - lo < 2:
            continue
        order = np.argsort(-(arcs[lo:hi] & LOW), kind="mergesort")
        arcs[lo:hi] = arcs[lo:hi][order]
        position[lo:hi] = position[lo:hi][order]


@njit(cache=True, nogil=True)
def _push(heap, key, slot, size, item, k):
    heap[size], key[size], slot[item] = item, k, size
    _sift_up(heap, key, slot, size)
    return size + 1


@njit(cache=True, nogil=True)
def _decrease(heap, key, slot, item, k):
    p = slot[item]
    key[p] = k
    _sift_up(heap, key, slot, p)


@njit(cache=True, nogil=True)
def _pop(heap, key, slot, size):
    slot[heap[0]] = -1
    size -= 1
    if size > 0:
        heap[0], key[0] = heap[size], key[size]
        slot[heap[0]] = 0
        _sift_down(heap, key, slot, size, 0)
    return size


@njit(cache=True, nogil=True)
def _sift_up(heap, key, slot, p):
    item, k = heap[p], key[p]
    while p > 0:
        parent = (p - 1) >> 1
        if key[parent] <= k:
            break
        heap[p], key[p] = heap[parent], key[parent]
        slot[heap[p]] = p
        p = parent
    heap[p], key[p], slot[item] = item, k, p


@njit(cache=True, nogil=True)
def _sift_down(heap, key, slot, size, p):
    item, k = heap[p], key[p]
    while True:
        c = 2 * p + 1
        if c >= size:
            break
        if c + 1 < size and key[c + 1] < key[c]:
            c += 1
        if key[c] >= k:
            break
        heap[p], key[p] = heap[c], key[c]
        slot[heap[p]] = p
        p = c
    heap[p], key[p], slot[item] = item, k, p
