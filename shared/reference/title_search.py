"""Finding a name among many as a person types it: job titles here, but nothing is ROME-specific.

A name is cut into words; each word is folded (no accents, no case), its French and English
plural and feminine endings are brought back to one form ("vendeuses", "vendeur" -> "vendeur";
"aide-soignante" -> "aide soignant"), and small linking words ("de", "la", "of") are dropped, so
that "agent de sécurité" and "sécurité agent" are the same words. A query matches a name when each
of its words is one of the name's words, the start of one (the word being typed), or one or two
letters away from one (typos; rapidfuzz's optimal-string-alignment distance, where a swap of two letters is one typo, over the vocabulary, not every name).

Everything is indexed once, when the index is built: each word of the vocabulary points to the
names holding it, so a keystroke looks at the few names sharing its words, never at all of them.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# Words that link others and say nothing of the job ("agent DE sécurité", "head OF sales").
STOPWORDS = frozenset(
    "a au aux d de des du en et l la le les par pour sur un une ou "
    "and at for in of on or the to".split())

# Feminine (and some plural) endings brought back to the masculine, longest first. Both the
# names and the queries go through this, so an ending that is wrong for a word ("police" ->
# "poleur") only has to be wrong the same way on both sides.
_ENDINGS = (("euse", "eur"), ("rice", "eur"), ("iere", "ier"), ("ienne", "ien"),
            ("enne", "en"), ("onne", "on"), ("ere", "er"), ("ive", "if"), ("ette", "et"),
            ("elle", "el"), ("effe", "ef"), ("esse", "e"), ("aux", "al"))
_NOT_A_WORD = re.compile(r"[^0-9a-z]+")

EXACT, PREFIX, TYPO = 0.0, 0.35, 1.0  # the cost of one query word matched each way
EXTRA_WORD = 0.1                       # the cost of each of the name's words the query left out
OTHER_FORM = 0.01  # a word matched in another form ("vendeuse" for "vendeur"): that form's title
#                    is the one shown, among the fiche's titles


def _without_accents(code: int) -> str:
    decomposed = unicodedata.normalize("NFKD", chr(code))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Accented Latin letters to their bare letter, built once: str.translate is 10x faster than
# decomposing every name character by character, and the index folds thousands at load.
_BARE = {code: _without_accents(code) for code in range(0xC0, 0x250)
         if _without_accents(code) != chr(code)}


def fold(text: str) -> str:
    """Text as compared: no accents, no case, single spaces ("Secrétariat " -> "secretariat")."""
    bare = text.translate(_BARE)
    if not bare.isascii():  # other scripts' accents, rare: the long way
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def raw_words(text: str) -> list[str]:
    """The folded words of a text, hyphens and apostrophes as spaces, linking words dropped."""
    return [w for w in _NOT_A_WORD.split(fold(text).replace("œ", "oe").replace("æ", "ae"))
            if w and w not in STOPWORDS]


@functools.lru_cache(maxsize=65536)  # the same words recur across titles and keystrokes
def stem(word: str) -> str:
    """One form for a word's plural, feminine and masculine ("caissieres" -> "caissier")."""
    if len(word) <= 3:
        return word
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word = word[: -len(ending)] + replacement
            break
    for _ in range(2):  # "employee" -> "employe" -> "employ", as "employe" -> "employ"
        if word.endswith("e") and len(word) > 3:
            word = word[:-1]
    # "-eur" and "-er" as one: "manageuse" -> "manageur" is "manager", "reportrice" "reporter".
    if word.endswith("eur"):
        word = word[:-3] + "er"
    return word


def words(text: str) -> tuple[str, ...]:
    """The words of a text as the index compares them."""
    return tuple(stem(w) for w in raw_words(text))


def typos_allowed(word: str) -> int:
    # One typo in a word of 4 letters or more, two from 8: fewer would miss "infirmeire", more
    # would turn "maçon" into "maison".
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _by_length(vocabulary: list[str]) -> dict[int, list[str]]:
    lengths: dict[int, list[str]] = {}
    for word in vocabulary:
        lengths.setdefault(len(word), []).append(word)
    return lengths


@dataclass(frozen=True)
class Hit:
    """A name found for a query: its position in the list given to the index, and how far."""
    position: int
    cost: float


class TitleIndex:
    """Names indexed by their words, for search as one types. Built once; read-only afterwards."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        raw = [raw_words(name) for name in self.names]
        self.name_words = [tuple(stem(w) for w in name_raw) for name_raw in raw]
        self.folded = [" ".join(name_raw) for name_raw in raw]
        self.raw_sets = [frozenset(name_raw) for name_raw in raw]
        postings: dict[str, set[int]] = {}
        for position, name_words in enumerate(self.name_words):
            for word in name_words:
                postings.setdefault(word, set()).add(position)
        self.postings = {word: frozenset(ids) for word, ids in postings.items()}
        self.vocabulary = sorted(self.postings)
        # Raw (unstemmed) words too, so that a typo near an ending ("vendeise") is measured
        # against "vendeuse" and not against the stem "vendeur".
        raw_to_stem: dict[str, str] = {}
        for name_raw, name_words in zip(raw, self.name_words):
            raw_to_stem.update(zip(name_raw, name_words))
        self.raw_to_stem = raw_to_stem
        self.raw_vocabulary = sorted(raw_to_stem)
        # Words by length: a word one typo away is at most one letter longer or shorter, so a
        # typo is looked for among a few hundred words, not the whole vocabulary.
        self.by_length = {id(self.vocabulary): _by_length(self.vocabulary),
                          id(self.raw_vocabulary): _by_length(self.raw_vocabulary)}
        self.distinct_words = [len(set(name_words)) for name_words in self.name_words]
        self.by_words: dict[tuple[str, ...], list[int]] = {}
        for position, name_words in enumerate(self.name_words):
            self.by_words.setdefault(tuple(sorted(name_words)), []).append(position)

    # --- one query word -----------------------------------------------------------------------

    def _prefixed(self, vocabulary: list[str], start: str):
        at = bisect.bisect_left(vocabulary, start)
        while at < len(vocabulary) and vocabulary[at].startswith(start):
            yield vocabulary[at]
            at += 1

    def word_candidates(self, raw: str) -> dict[str, float]:
        """The vocabulary's words one query word may stand for, with what each costs."""
        stemmed = stem(raw)
        found: dict[str, float] = {}

        def offer(word, cost):
            if cost < found.get(word, 99):
                found[word] = cost

        if stemmed in self.postings:
            offer(stemmed, EXACT)
        for word in self._prefixed(self.vocabulary, stemmed):
            offer(word, PREFIX)
        for word in self._prefixed(self.raw_vocabulary, raw):
            offer(self.raw_to_stem[word], EXACT if word == raw else PREFIX)
        allowed = typos_allowed(raw)
        if allowed and stemmed not in self.postings:  # a word spelt right is not a typo
            for vocabulary, query, to_stem in ((self.vocabulary, stemmed, None),
                                               (self.raw_vocabulary, raw, self.raw_to_stem)):
                lengths = self.by_length[id(vocabulary)]
                near = [word for size in range(len(query) - allowed, len(query) + allowed + 1)
                        for word in lengths.get(size, ())]
                for word, distance, _ in process.extract(
                        query, near, scorer=OSA.distance, score_cutoff=allowed, limit=None):
                    if distance:
                        offer(to_stem[word] if to_stem else word, TYPO * distance)
        return found

    # --- a whole query -------------------------------------------------------------------------

    def search(self, query: str) -> Iterator[Hit]:
        """Names holding every word of the query (typed, started or mistyped), cheapest first.

        Word order does not count. Among equal costs, a name with fewer words left over comes
        first ("vendeur" before "vendeur en boulangerie"), then the order the names were given.
        """
        query_words = raw_words(query)
        if not query_words:
            return iter(())
        costs: dict[int, float] | None = None
        for raw in query_words:
            per_name: dict[int, float] = {}
            for word, cost in self.word_candidates(raw).items():
                for position in self.postings[word]:
                    if cost < per_name.get(position, 99):
                        per_name[position] = cost
            if costs is None:
                costs = per_name
            else:
                costs = {p: c + per_name[p] for p, c in costs.items() if p in per_name}
            if not costs:
                return iter(())
        raw_sets, distinct_words, wanted = self.raw_sets, self.distinct_words, len(query_words)
        ranked = sorted(
            (round(cost + EXTRA_WORD * max(0, distinct_words[position] - wanted)
                   + OTHER_FORM * sum(raw not in raw_sets[position] for raw in query_words), 6),
             position)
            for position, cost in costs.items())
        return (Hit(position, cost) for cost, position in ranked)  # made as they are read

    def exact(self, query: str) -> list[int]:
        """The names with exactly the query's words, in any order and form ("Vendeuses" ->
        "vendeur", "vendeuse")."""
        return list(self.by_words.get(tuple(sorted(words(query))), ()))

    def nearest(self, query: str, positions) -> int:
        """Of the names at `positions`, the one most like the query as a whole."""
        folded = " ".join(raw_words(query))
        return max(positions, key=lambda position: (fuzz.ratio(folded, self.folded[position]),
                                                    -position))

    def closest(self, query: str, limit: int, score_cutoff: float = 75) -> list[Hit]:
        """The names most like the query as a whole, for a refused entry ("aidesoignante",
        "hotessedecaisse"): rapidfuzz's ratio (an edit distance, 0-100), best first."""
        folded = " ".join(raw_words(query))
        if not folded:
            return []
        found = process.extract(folded, self.folded, scorer=fuzz.ratio,
                                score_cutoff=score_cutoff, limit=limit)
        return [Hit(position, round((100 - score) / 100, 6)) for _, score, position in found]
