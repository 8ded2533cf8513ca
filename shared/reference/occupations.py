"""Occupations as France Travail's ROME v3 repertoire names them: codes, labels, skills, close jobs.

Where the data comes from: occupations.json next to this file. Codes and French labels are ROME v3
fiches (a letter for one of the 14 domains, then four digits: M1607 "Secrétariat"). English labels,
skill tags and neighbours are Binôme's own: a neighbour is a job people commonly move to from this
one, or one close enough that a mentor from it knows the ground (nursing assistant J1501 and nurse
J1506; cashier D1505 and order picker N1103). Neighbours are symmetric.

Codes are what services store and send; labels are for people. Pure code: no framework, no
database, no network.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).with_name("occupations.json")
_CODE = re.compile(r"[A-N]\d{4}")

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

    def label(self, locale: str = "fr") -> str:
        return self.en if _language(locale) == "en" else self.fr


@dataclass(frozen=True)
class _Catalogue:
    domains: tuple[Domain, ...]
    occupations: tuple[Occupation, ...]
    by_code: dict[str, Occupation]
    by_label: dict[str, Occupation]  # folded French and English labels


@functools.lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    # Read on first use, then kept: importing the module costs nothing.
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    domains = tuple(Domain(d["letter"], d["fr"], d["en"]) for d in data["domains"])
    occupations = tuple(sorted(
        (Occupation(o["code"], o["fr"], o["en"], o["domain"], tuple(o["skills"]),
                    tuple(o["neighbours"])) for o in data["occupations"]),
        key=lambda o: o.code))
    by_label = {}
    for occupation in occupations:
        by_label[fold(occupation.fr)] = occupation
        by_label[fold(occupation.en)] = occupation
    return _Catalogue(domains, occupations, {o.code: o for o in occupations}, by_label)


def fold(text: str) -> str:
    """Text as compared: no accents, no case, single spaces ("Secrétariat " -> "secretariat")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


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
    """The occupation named by a code or by an exact label in French or English, or None.

    Accents and case are ignored ("secretariat", "GENERAL NURSING"); a partial label is not a
    name: use search() to offer choices.
    """
    if not isinstance(text_or_code, str):
        return None
    if _CODE.fullmatch(text_or_code.strip().upper()):
        return by_code(text_or_code)
    return _catalogue().by_label.get(fold(text_or_code))


def search(text: str | None, limit: int = 10) -> list[Occupation]:
    """Occupations whose French or English label matches `text`, best first.

    Accents and case are ignored. An exact label comes first, then labels that start with the
    text, then labels that contain it; ties go by code, so results are stable. An exact code
    counts as an exact label, so a pasted code is found too.
    """
    if not isinstance(text, str) or limit <= 0:
        return []
    query = fold(text)
    if not query:
        return []
    ranked = []
    for occupation in all_occupations():
        labels = (fold(occupation.fr), fold(occupation.en))
        if query in labels or query == occupation.code.casefold():
            rank = 0
        elif any(label.startswith(query) for label in labels):
            rank = 1
        elif any(query in label for label in labels):
            rank = 2
        else:
            continue
        ranked.append((rank, occupation.code, occupation))
    ranked.sort(key=lambda item: item[:2])
    return [occupation for _, _, occupation in ranked[:limit]]


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
