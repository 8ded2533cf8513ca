"""What a round is measured against: first come first served, and a stable matching.

Same inputs as `solver.solve` (one entry per edge: request, offer, weight; one capacity per offer),
same output (indices of the chosen edges, sorted). Ties are broken the same way every time: by
edge order for a request's choice, by request index for an offer's.
"""
import heapq

import numpy as np


def _arrays(request, offer, weight, capacity):
    return (np.asarray(request, np.int64), np.asarray(offer, np.int64),
            np.asarray(weight, float), np.asarray(capacity, np.int64))


def _by_request_then_preference(request, offer, weight):
    """Edge indices grouped by request, each request's best first, and where each group starts."""
    order = np.lexsort((np.arange(len(request)), -weight, request))
    starts = np.searchsorted(request[order], np.arange(request.max() + 2 if len(request) else 1))
    return order.tolist(), starts.tolist()


def greedy(request, offer, weight, capacity, requested_at=None):
    """First come, first served: in order of `requested_at` (one per request; index order when
    None), each request takes its best offer that still has a unit left."""
    request, offer, weight, capacity = _arrays(request, offer, weight, capacity)
    if not len(request):
        return np.zeros(0, np.int64)
    order, starts = _by_request_then_preference(request, offer, weight)
    requests = len(starts) - 1
    arrival = np.arange(requests) if requested_at is None else np.asarray(requested_at)
    left, offers, chosen = capacity.tolist(), offer.tolist(), []
    for r in np.argsort(arrival[:requests], kind="stable").tolist():
        for e in order[starts[r]:starts[r + 1]]:
            if left[offers[e]] > 0:
                left[offers[e]] -= 1
                chosen.append(e)
                break
    return np.sort(np.array(chosen, np.int64))


def stable(request, offer, weight, capacity):
    """Deferred acceptance (Gale-Shapley): requests propose, best weight first; an offer holds
    its `capacity` best proposals by weight and lets the others go, who propose further down.

    The result has no blocking pair: no request and offer who both prefer each other to what
    they hold. It is the stable matching every request likes best.
    """
    request, offer, weight, capacity = _arrays(request, offer, weight, capacity)
    if not len(request):
        return np.zeros(0, np.int64)
    order, starts = _by_request_then_preference(request, offer, weight)
    offers, weights, room = offer.tolist(), weight.tolist(), capacity.tolist()
    held = [[] for _ in room]  # per offer, a min-heap of (weight, -request, edge): worst on top
    next_choice = starts[:-1]
    free = list(range(len(starts) - 1))[::-1]
    while free:
        r = free.pop()
        if next_choice[r] == starts[r + 1]:
            continue  # turned down everywhere: stays unmatched
        e = order[next_choice[r]]
        next_choice[r] += 1
        o, proposal = offers[e], (weights[e], -r, e)
        if len(held[o]) < room[o]:
            heapq.heappush(held[o], proposal)
        elif room[o] and proposal > held[o][0]:
            let_go = heapq.heapreplace(held[o], proposal)
            free.append(-let_go[1])
        else:
            free.append(r)
    return np.sort(np.array([e for h in held for _, _, e in h], np.int64))
