"""Occupations as France Travail's ROME repertoire names them: codes, labels, job titles, skills,
close jobs.

Where the data comes from: one YAML file per ROME domain in occupations/ next to this file
(A.yaml ... N.yaml, each saying at its top how its titles and neighbours were drawn). Codes and
French labels are ROME fiches (a letter for one of the 14 domains, then four digits: M1607
"Secrétariat"; ROME 4.0 kept v3's codes, so codes stored before stay readable). Job titles (what
people type: "aide-soignante", "cashier", "VTC"), English labels, skill tags and neighbours are
Binôme's own writing. A neighbour is a job people commonly move to from this one, or one close
enough that a mentor from it knows the ground (nursing assistant J1501 and nurse J1506; cashier
D1505 and order picker N1103). Neighbours are made symmetric here: listing one side is enough.
A fiche that no YAML file holds yet is read from occupations.json (the list before titles
existed), which also names the 14 domains.

Codes are what services store and send; labels are for people. Pure code: no framework, no
database, no network.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .title_search import TYPO, TitleIndex, fold, raw_words, words

_HERE = Path(__file__).parent
_DATA = _HERE / "occupations.json"
_FICHES = _HERE / "occupations"
_CODE = re.compile(r"[A-N]\d{4}")
_CODE_IN_TEXT = re.compile(r"\(\s*([A-Na-n]\d{4})\s*\)\s*$")  # "aide-soignante — ... (J1501)"

# How close two occupations are, for one end of a reconversion path (see occupation_closeness).
SAME = 1.0
NEIGHBOUR = 0.6
SAME_DOMAIN = 0.3
UNRELATED = 0.0


@dataclass(frozen=True)
class Domain:
    letter: str
    fr: str
    en: str


@dataclass(frozen=True)
class Occupation:
    code: str
    fr: str
    en: str
    domain: str
    skills: tuple[str, ...]
    neighbours: tuple[str, ...]
    titles_fr: tuple[str, ...] = ()
    titles_en: tuple[str, ...] = ()

    def label(self, locale: str = "fr") -> str:
        return self.en if _language(locale) == "en" else self.fr


@dataclass(frozen=True)
class TitleMatch:
    """An occupation found by one of its names: the name that matched (a job title or the
    fiche's label) and how far the query was from it (0 for the very words)."""
    occupation: Occupation
    title: str
    cost: float = 0.0

    def text(self, locale: str = "fr") -> str:
        """What a person sees and picks: "aide-soignante — Soins d'hygiène, de confort du
        patient (J1501)"; the fiche's label alone when that is what matched. lookup() reads it
        back."""
        label = self.occupation.label(locale)
        if fold(self.title) in (fold(self.occupation.fr), fold(self.occupation.en)):
            return f"{label} ({self.occupation.code})"
        return f"{self.title} — {label} ({self.occupation.code})"


@dataclass(frozen=True)
class _Catalogue:
    domains: tuple[Domain, ...]
    occupations: tuple[Occupation, ...]
    by_code: dict[str, Occupation]
    by_label: dict[str, Occupation]  # folded French and English labels


@dataclass(frozen=True)
class _Titles:
    by_code: dict[str, Occupation]
    names: tuple[tuple[str, str], ...] = field(repr=False)  # (code, name) in index order
    index: TitleIndex = field(repr=False)
    positions: dict[str, tuple[int, ...]] = field(repr=False)  # each code's names in the index


def read_fiches(folder: Path = _FICHES) -> dict[str, dict]:
    """Every fiche of the YAML files, by code; a file holds one domain's fiches only."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 10x
    fiches = {}
    for path in sorted(folder.glob("[A-N].yaml")):
        for code, fiche in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}).items():
            if not (_CODE.fullmatch(code) and code[0] == path.stem):
                raise ValueError(f"{path.name}: {code!r} is not a ROME code of domain {path.stem}")
            fiches[code] = fiche
    return fiches


def _symmetric(neighbours: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    # A neighbour listed on one side only is a neighbour of both; unknown codes are dropped (a
    # neighbour in a domain whose file is not there yet).
    both = {code: set() for code in neighbours}
    for code, listed in neighbours.items():
        for other in listed:
            if other in both and other != code:
                both[code].add(other)
                both[other].add(code)
    return {code: tuple(sorted(others)) for code, others in both.items()}


@functools.lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    # Read on first use, then kept: importing the module costs nothing.
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    domains = tuple(Domain(d["letter"], d["fr"], d["en"]) for d in data["domains"])
    fiches = {o["code"]: o for o in data["occupations"]}  # the fallback, for codes in no file
    fiches.update(read_fiches(_FICHES))
    neighbours = _symmetric({code: list(f.get("neighbours") or ()) for code, f in fiches.items()})
    occupations = tuple(
        Occupation(code, f["fr"], f["en"], code[0], tuple(f.get("skills") or ()), neighbours[code],
                   tuple(f.get("titles_fr") or ()), tuple(f.get("titles_en") or ()))
        for code, f in sorted(fiches.items()))
    by_label = {}
    for occupation in occupations:
        by_label[fold(occupation.fr)] = occupation
        by_label[fold(occupation.en)] = occupation
    return _Catalogue(domains, occupations, {o.code: o for o in occupations}, by_label)


@functools.lru_cache(maxsize=1)
def _titles() -> _Titles:
    # The search index, built on the first search: services that only read codes and
    # neighbours (matching, profiles) never pay for it.
    catalogue = _catalogue()
    names = []
    for occupation in catalogue.occupations:
        seen = set()
        for name in (occupation.fr, occupation.en, *occupation.titles_fr, *occupation.titles_en):
            if fold(name) not in seen:
                seen.add(fold(name))
                names.append((occupation.code, name))
    positions: dict[str, list[int]] = {}
    for position, (code, _) in enumerate(names):
        positions.setdefault(code, []).append(position)
    return _Titles(catalogue.by_code, tuple(names), TitleIndex([name for _, name in names]),
                   {code: tuple(p) for code, p in positions.items()})


def domains() -> tuple[Domain, ...]:
    """The 14 ROME domains, A to N."""
    return _catalogue().domains


def all_occupations() -> tuple[Occupation, ...]:
    """Every occupation, by code."""
    return _catalogue().occupations


def by_code(code: str | None) -> Occupation | None:
    """The occupation of a ROME code in any case ("m1607"), or None."""
    if not isinstance(code, str):
        return None
    return _catalogue().by_code.get(code.strip().upper())


def lookup(text_or_code: str | None) -> Occupation | None:
    """The occupation named by a code, an exact label or job title in French or English, or a
    title as search_titles() shows it ("aide-soignante — Soins d'hygiène... (J1501)"), or None.

    Accents, case, hyphens, plurals and the feminine are ignored ("secretariat", "Aides
    soignantes"). A title that several fiches share ("vendeur") names none of them, nor does a
    partial label: use search_titles() or suggest() to offer choices.
    """
    if not isinstance(text_or_code, str):
        return None
    text = text_or_code.strip()
    if _CODE.fullmatch(text.upper()):
        return by_code(text)
    pasted = _CODE_IN_TEXT.search(text)
    if pasted:
        return by_code(pasted.group(1))
    known = _catalogue().by_label.get(fold(text))
    if known is not None or not words(text):
        return known
    titles = _titles()
    codes = {titles.names[position][0] for position in titles.index.exact(text)}
    return titles.by_code[codes.pop()] if len(codes) == 1 else None


def search_titles(text: str | None, limit: int = 10) -> list[TitleMatch]:
    """Occupations named by a person's words, best first, each with the title that matched.

    Every word of the text must be in the title, in any order and form (accents, case, hyphens,
    plurals, feminine), as its start (the word being typed), or within one typo (two from eight
    letters). Cheapest first: the very words, then starts, then typos; then the title with the
    fewest words left over; then by code, so results are stable. One entry per occupation (its
    best title). A code, or a title shown with its code, finds that occupation first.
    """
    if not isinstance(text, str) or limit <= 0:
        return []
    catalogue = _titles()
    found: dict[str, TitleMatch] = {}
    exact = lookup(text) if (_CODE.fullmatch(text.strip().upper())
                             or _CODE_IN_TEXT.search(text)) else None
    if exact is not None:
        found[exact.code] = TitleMatch(exact, exact.label("fr"))
    # Names are indexed in code order, so the index's (cost, position) order is also by code.
    for hit in catalogue.index.search(text):
        code, name = catalogue.names[hit.position]
        if code not in found:
            if hit.cost >= TYPO:  # mistyped: show the fiche's title nearest to what was typed
                name = catalogue.names[catalogue.index.nearest(text, catalogue.positions[code])][1]
            found[code] = TitleMatch(catalogue.by_code[code], name, hit.cost)
            if len(found) >= limit:
                break
    return list(found.values())[:limit]


def search(text: str | None, limit: int = 10) -> list[Occupation]:
    """Occupations named by a person's words, best first (search_titles() without the titles)."""
    return [match.occupation for match in search_titles(text, limit)]


def suggest(text: str | None, limit: int = 3) -> list[TitleMatch]:
    """The occupations closest to a refused entry, for "did you mean": search_titles() when it
    finds any; otherwise the occupations matching most of the words on their own ("coifeuze de
    quartier": "coiffeuse"); otherwise the titles most like the text as a whole ("hotessedecaisse").
    """
    found = search_titles(text, limit)
    if found or not isinstance(text, str):
        return found
    typed = raw_words(text)
    best: dict[str, tuple[int, float, TitleMatch]] = {}
    if len(typed) > 1:
        for word in typed:
            for match in search_titles(word, limit * 3):
                code = match.occupation.code
                count, cost, first = best.get(code, (0, 0.0, match))
                best[code] = (count + 1, cost + match.cost, first)
    if best:
        # Most typed words matched first; then the title that leaves fewest of its own words
        # untyped ("coifeuze de quartier": "coiffeuse" says all it says, "médiateur de quartier"
        # adds a job the person did not name), as search_titles() prefers; then the cheapest.
        def rank(item):
            count, cost, first = item
            return (-count, max(0, len(set(raw_words(first.title))) - count), cost,
                    first.occupation.code)

        return [match for _, _, match in sorted(best.values(), key=rank)[:limit]]
    catalogue = _titles()
    close: dict[str, TitleMatch] = {}
    for hit in catalogue.index.closest(text, limit=limit * 10):
        code, name = catalogue.names[hit.position]
        close.setdefault(code, TitleMatch(catalogue.by_code[code], name, hit.cost))
    return list(close.values())[:limit]


def all_titles() -> tuple[tuple[str, str], ...]:
    """Every name search looks through, as (code, name): each fiche's French and English labels
    and its job titles in both languages."""
    return _titles().names


def label(code: str | None, locale: str = "fr") -> str | None:
    """The label of a code in a locale ("fr", "en", "en-GB"; French otherwise), or None."""
    occupation = by_code(code)
    return occupation.label(locale) if occupation else None


def occupation_closeness(a: str | None, b: str | None) -> float:
    """How close two occupations (codes) are, from 0 to 1.

    SAME (1.0) for the same code, NEIGHBOUR (0.6) when one lists the other as a neighbour,
    SAME_DOMAIN (0.3) when they share a ROME domain (the code's letter), UNRELATED (0.0) otherwise
    or when either is missing or not a ROME code.
    """
    a, b = _normalise(a), _normalise(b)
    if a is None or b is None:
        return UNRELATED
    if a == b:
        return SAME
    known = by_code(a)
    if known is not None and b in known.neighbours:
        return NEIGHBOUR
    if a[0] == b[0]:
        return SAME_DOMAIN
    return UNRELATED


def path_closeness(from_a: str | None, to_b: str | None,
                   mentor_from: str | None, mentor_to: str | None) -> float:
    """How close a mentor's reconversion (mentor_from -> mentor_to) is to a seeker's (from_a -> to_b).

    The mean of the two ends' occupation_closeness, so from 0 to 1: 1.0 for exactly the same move,
    0.8 when one end is the same and the other a neighbour, 0.5 when only one end matches and the
    other is unrelated. Both ends weigh the same: a mentor who left the seeker's job knows the
    leaving, one who reached the seeker's goal knows the arriving.
    """
    return (occupation_closeness(from_a, mentor_from) + occupation_closeness(to_b, mentor_to)) / 2


def _normalise(code: str | None) -> str | None:
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    return code if _CODE.fullmatch(code) else None


def _language(locale: str | None) -> str:
    # "en", "en-GB", "en_US" -> "en"; anything else falls back to French, ROME's own language.
    return "en" if isinstance(locale, str) and locale.strip().lower()[:2] == "en" else "fr"
