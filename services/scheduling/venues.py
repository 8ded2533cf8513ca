"""Where to meet in person: a public place near both people, from venues.csv next to this file.

Plain Python (no framework, no database): the list ships with the project and is read once.
A venue is a well-known public place (library, main station, park, big public building) that is
unlikely to move or close; the caller shows it with the time, or, when there is none near
enough, the midpoint's neighbourhood ("Paris 11e") so that the two people pick a café there.

The list was written by hand, not geocoded: each row lies within 6 km of its postal code's
GeoNames point (tests/unit/test_venues.py checks it), but positions are only as good as that, and
an operator should check them against a map before relying on them to the street.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from shared.reference import places

DEFAULT_PATH = Path(__file__).with_name("venues.csv")
MAX_KM_FROM_MIDPOINT = 3.0  # farther than this, a venue is not "near both people"

KINDS = frozenset({"library", "station", "cafe", "park", "public_building"})
SUITED_FOR = frozenset({"coffee", "lunch", "both"})
# Which venues suit which meeting: a lunch needs somewhere to eat, a coffee or a mock interview
# only somewhere to sit and talk.
_ACCEPTED = {
    "lunch_mentoring": frozenset({"lunch", "both"}),
    "coffee": frozenset({"coffee", "both"}),
    "mock_interview": frozenset({"coffee", "both"}),
}

Point = tuple[float, float]  # (latitude, longitude), WGS84


@dataclass(frozen=True)
class Venue:
    name: str
    kind: str
    address: str
    postal_code: str
    city: str
    latitude: float
    longitude: float
    suited_for: str

    @property
    def point(self) -> Point:
        return self.latitude, self.longitude


@functools.cache
def load(path: Path | str = DEFAULT_PATH) -> tuple[Venue, ...]:
    """Every venue of the CSV, in file order (read once per path)."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        return tuple(
            Venue(row["name"], row["kind"], row["address"], row["postal_code"], row["city"],
                  float(row["latitude"]), float(row["longitude"]), row["suited_for"])
            for row in csv.DictReader(f)
        )


def suggest(a: Point, b: Point, kind: str, venues: tuple[Venue, ...] | list[Venue] | None = None) -> Venue | None:
    """The venue for a meeting of `kind` between people at a and b, or None if none is near both.

    Only venues within MAX_KM_FROM_MIDPOINT of the midpoint count. Among them we take the one that
    minimises the longer of the two trips (minimax), not the one nearest the midpoint: being close
    to the midpoint says nothing about fairness. A venue 1 km from the midpoint *towards* one person
    gives them a short trip and the other a long one, while a venue 1.2 km off to the side of the
    line between them is as far for both; minimax prefers the latter, and of two equally fair venues
    the one with the shorter total trip. A linear scan is enough for a few hundred venues.
    """
    accepted = _ACCEPTED.get(kind)
    if accepted is None:
        raise ValueError(f"unknown meeting kind: {kind!r}")
    middle = places.midpoint(a, b)
    best, best_key = None, None
    for venue in load() if venues is None else venues:
        if venue.suited_for not in accepted:
            continue
        if places.distance_km(middle, venue.point) > MAX_KM_FROM_MIDPOINT:
            continue
        to_a, to_b = places.distance_km(a, venue.point), places.distance_km(b, venue.point)
        key = (max(to_a, to_b), to_a + to_b, venue.name)
        if best_key is None or key < best_key:
            best, best_key = venue, key
    return best


def neighbourhood_of_midpoint(a: Point, b: Point) -> str:
    """ "Paris 11e", "Lyon 3e" or a city's name: where to meet when suggest() found no venue."""
    return places.nearest(*places.midpoint(a, b)).neighbourhood
