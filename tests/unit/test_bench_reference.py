"""`binome bench reference`: what it measures holds together (not how fast: no timed assertions)."""
import random
from argparse import Namespace

from binome.bench_reference import TitleScan, run_reference, typed_places, typed_titles
from shared.reference import occupations, places


def test_typed_titles_are_folded_and_seeded():
    first = typed_titles(50, random.Random(3))
    assert first == typed_titles(50, random.Random(3))
    assert all(text == text.lower() and "é" not in text for text in first)


def test_the_title_scan_finds_what_the_index_puts_first():
    scan = TitleScan()
    for text in ("caissiere", "boulan", "coifeuse", "estate agnet"):
        assert occupations.search_titles(text)[0].occupation.code in scan(text)


def test_the_place_scan_answers_as_the_lookup_does():
    # The scan is places.linear_lookup: same answers (a place, or a choice), no index.
    for text in typed_places(30, random.Random(5)) + ["Montreuil", "75015", "saint denis 974"]:
        assert places.linear_lookup(text) == places.lookup(text), text


def test_a_small_run_reports_both_lookups_their_scans_and_the_memory():
    result = run_reference(Namespace(queries=40, scan_queries=10, repeat=1, seed=0))
    for lookup in ("occupation_search", "occupation_scan", "place_lookup", "place_scan"):
        assert result[lookup]["p50_ms"] <= result[lookup]["p99_ms"]
    assert result["occupation_search"]["queries"] == 40 and result["occupation_scan"]["queries"] == 10
    assert result["occupations_memory_mb"] > 0 and result["places_memory_mb"] > 0
    assert result["titles"] == len(occupations.all_titles())
    assert result["occupation_first_answer_in_scan"] == 1.0
    assert result["place_lookup_same_as_scan"] == 1.0
    assert result["places"] == len(places.all_places())
