"""Dates, numbers and lists as each reader writes them (shared/formatting.py)."""
from datetime import date, datetime, timezone

import pytest

from shared import formatting

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 7)


def plain(text):
    """CLDR separates with thin and no-break spaces; the words are what these tests read."""
    return text.replace("\u2009", " ").replace("\u202f", " ").replace("\u00a0", " ")


def test_an_instant_is_on_the_readers_clock_with_its_weekday_and_zone():
    instant = "2026-12-08T16:30:00+00:00"
    assert plain(formatting.when(instant, "fr", "Europe/Paris", today=TODAY)) == \
        "mardi 8 décembre, 17:30 (heure : Paris)"
    assert formatting.when(instant, "en", "Europe/Paris", today=TODAY) == \
        "Tuesday 8 December, 17:30 (Paris Time)"
    assert formatting.when(instant, "fr", "America/Guadeloupe", today=TODAY).startswith(
        "mardi 8 décembre, 12:30")


def test_a_span_names_its_day_once_and_the_year_only_when_it_is_not_this_one():
    start, end = "2026-12-08T16:30:00+00:00", "2026-12-08T17:00:00+00:00"
    assert plain(formatting.span(start, end, "fr", "Europe/Paris", today=TODAY)) == \
        "mardi 8 décembre, 17:30 – 18:00 (heure : Paris)"
    assert "2027" in formatting.span("2027-01-08T11:00:00Z", "2027-01-08T12:00:00Z", "en",
                                     today=TODAY)


def test_an_unknown_or_missing_zone_reads_as_paris_rather_than_failing():
    assert formatting.when("2026-12-08T16:30:00Z", "fr", "Mars/Olympus", today=TODAY) == \
        formatting.when("2026-12-08T16:30:00Z", "fr", None, today=TODAY)


def test_naive_instants_are_utc_as_they_are_stored():
    assert formatting.when(datetime(2026, 12, 8, 16, 30), "fr", today=TODAY) == \
        formatting.when(datetime(2026, 12, 8, 16, 30, tzinfo=timezone.utc), "fr", today=TODAY)


def test_numbers_lists_and_language_names_follow_the_reader():
    assert formatting.number(4.5, "fr") == "4,5" and plain(formatting.number(1234, "fr", 0)) == "1 234"
    assert formatting.number(4.5, "fr") == "4,5" and formatting.number(4.5, "en") == "4.5"
    assert formatting.listing(["Anne", "Bruno", "Chloé"], "fr") == "Anne, Bruno et Chloé"
    assert formatting.listing(["Anne", "Bruno", "Chloé"], "en") == "Anne, Bruno and Chloé"
    assert formatting.language_name("ar", "fr") == "arabe"
    assert formatting.language_name("ar", "en") == "Arabic"


def test_relative_times_are_worded_in_the_readers_language():
    now = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
    assert formatting.relative("2026-12-07T17:00:00Z", "fr", now=now) == "dans 5 heures"
    assert formatting.relative("2026-12-07T17:00:00Z", "en", now=now) == "in 5 hours"
