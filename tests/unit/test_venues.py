"""Meeting venues: the shipped list is sound, and suggest() picks a fair place near both people."""
import csv
from collections import Counter

import pytest

from services.scheduling import venues
from services.scheduling.venues import DEFAULT_PATH, KINDS, SUITED_FOR, Venue, neighbourhood_of_midpoint, suggest
from shared.reference import places

HEADER = ["name", "kind", "address", "postal_code", "city", "latitude", "longitude", "suited_for"]
ROWS = list(csv.DictReader(DEFAULT_PATH.open(encoding="utf-8", newline="")))
# Metropolitan France and Corsica, generously.
FRANCE_LAT, FRANCE_LON = (41.3, 51.1), (-5.2, 9.6)


def where(code):
    place = places.by_postal_code(code)
    return place.latitude, place.longitude


# --- the list ------------------------------------------------------------------------------------


def test_csv_parses_with_the_expected_header():
    with DEFAULT_PATH.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == HEADER
    assert 120 <= len(ROWS) <= 200
    assert all(len(row) == len(HEADER) and None not in row.values() for row in ROWS)
    loaded = venues.load()
    assert len(loaded) == len(ROWS) and all(isinstance(v, Venue) for v in loaded)
    assert venues.load() is loaded  # cached


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["name"])
def test_every_row_is_well_formed_and_in_france(row):
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["address"].strip() and row["city"].strip()
    assert row["kind"] in KINDS
    assert row["suited_for"] in SUITED_FOR
    assert len(row["postal_code"]) == 5 and row["postal_code"].isdigit()
    lat, lon = float(row["latitude"]), float(row["longitude"])
    assert FRANCE_LAT[0] < lat < FRANCE_LAT[1] and FRANCE_LON[0] < lon < FRANCE_LON[1]
    assert len(row["latitude"].split(".")[1]) == 5 and len(row["longitude"].split(".")[1]) == 5


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["name"])
def test_every_row_lies_near_its_postal_code_or_city(row):
    """Catches a swapped or mistyped coordinate: the venue is near the place its address names."""
    place = places.by_postal_code(row["postal_code"]) or places.by_city(row["city"])
    assert place is not None, row["city"]
    assert places.distance_km(place, (float(row["latitude"]), float(row["longitude"]))) < 6


def test_no_duplicate_names_in_one_city():
    counts = Counter((row["city"], row["name"]) for row in ROWS)
    assert [key for key, n in counts.items() if n > 1] == []


def test_every_paris_arrondissement_has_a_venue():
    codes = {"75016" if row["postal_code"] == "75116" else row["postal_code"] for row in ROWS}
    assert {f"750{n:02d}" for n in range(1, 21)} <= codes


def test_every_big_city_has_a_station_and_a_place_for_lunch():
    for city in ("Lyon", "Marseille", "Lille", "Toulouse", "Bordeaux", "Nantes", "Strasbourg", "Nice",
                 "Montpellier", "Rennes"):
        rows = [row for row in ROWS if row["city"] == city]
        assert any(row["kind"] == "station" for row in rows), city
        assert any(row["suited_for"] in ("lunch", "both") for row in rows), city


# --- suggest -------------------------------------------------------------------------------------


def test_two_people_in_the_east_of_paris_meet_in_the_east():
    a, b = where("75011"), where("75020")
    venue = suggest(a, b, "coffee")
    assert venue is not None
    assert venue.postal_code in {"75011", "75020", "75019", "75012", "75010", "75003"}
    assert venue.longitude > 2.37  # east of the Bastille, nowhere near the 15e
    far = places.distance_km(a, venue.point), places.distance_km(b, venue.point)
    assert max(far) < places.distance_km(a, b)


def test_the_longer_trip_is_minimised_not_the_distance_to_the_midpoint():
    a, b = (48.85, 2.30), (48.85, 2.40)  # about 7.3 km apart on an east-west line
    middle = places.midpoint(a, b)
    lopsided = Venue("Towards A", "library", "x", "75000", "Paris", middle[0], middle[1] - 0.012, "coffee")
    fair = Venue("Beside", "library", "x", "75000", "Paris", middle[0] + 0.012, middle[1], "coffee")
    assert places.distance_km(middle, lopsided.point) < places.distance_km(middle, fair.point)
    assert suggest(a, b, "coffee", [lopsided, fair]) == fair


def test_suggest_respects_what_a_venue_suits():
    a, b = where("75011"), where("75020")
    middle = places.midpoint(a, b)
    coffee_only = Venue("Coffee", "library", "x", "75011", "Paris", *middle, "coffee")
    lunch_only = Venue("Lunch", "cafe", "x", "75011", "Paris", middle[0] + 0.005, middle[1], "lunch")
    both = Venue("Both", "station", "x", "75011", "Paris", middle[0] - 0.008, middle[1], "both")
    assert suggest(a, b, "lunch_mentoring", [coffee_only, lunch_only, both]) == lunch_only
    assert suggest(a, b, "lunch_mentoring", [coffee_only, both]) == both
    assert suggest(a, b, "lunch_mentoring", [coffee_only]) is None
    assert suggest(a, b, "coffee", [coffee_only, lunch_only, both]) == coffee_only
    assert suggest(a, b, "mock_interview", [lunch_only]) is None
    for kind, accepted in (("lunch_mentoring", {"lunch", "both"}), ("coffee", {"coffee", "both"}),
                           ("mock_interview", {"coffee", "both"})):
        venue = suggest(a, b, kind)
        assert venue is not None and venue.suited_for in accepted


def test_unknown_meeting_kind_is_refused():
    with pytest.raises(ValueError):
        suggest(where("75011"), where("75020"), "cv_review")


def test_no_venue_far_from_every_venue_and_the_neighbourhood_is_named_instead():
    # Two people in the Cantal countryside, near Salers: no venue within 3 km of their midpoint.
    a, b = (45.140, 2.495), (45.150, 2.510)
    assert suggest(a, b, "coffee") is None
    assert suggest(a, b, "lunch_mentoring") is None
    assert isinstance(neighbourhood_of_midpoint(a, b), str) and neighbourhood_of_midpoint(a, b)


def test_a_venue_just_beyond_three_km_of_the_midpoint_is_not_suggested():
    a, b = (45.0, 3.0), (45.0, 3.01)
    middle = places.midpoint(a, b)
    far = Venue("Far", "park", "x", "43000", "Le Puy", middle[0] + 0.03, middle[1], "both")  # ~3.3 km
    near = Venue("Near", "park", "x", "43000", "Le Puy", middle[0] + 0.025, middle[1], "both")  # ~2.8 km
    assert suggest(a, b, "coffee", [far]) is None
    assert suggest(a, b, "coffee", [far, near]) == near


def test_neighbourhood_of_midpoint_names_an_arrondissement_in_paris():
    assert neighbourhood_of_midpoint(where("75011"), where("75020")) in {"Paris 11e", "Paris 20e"}


def test_lyon_and_marseille_people_get_a_venue_in_their_city():
    assert suggest(where("69003"), where("69006"), "lunch_mentoring").city == "Lyon"
    assert suggest(where("13001"), where("13006"), "coffee").city == "Marseille"
