"""Adopt a job seeker: which cards a sponsor sees, in which order, and when a yes is mutual.

Pure code over plain values: the service loads candidates from its read model and hands them here.
`fit` defines a card's score; `Deck` ranks a whole feed over arrays with the same score, and calls
`fit` only for the cards on the page (and the rare ones too close to a boundary to call on floats).
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from shared.explanations import reason
from shared.reference import occupations, places

# Weights of the terms that rank a sponsor's feed.
BASE = 1.0
WANTED_OCCUPATION = 3.0   # the seeker aims for an occupation the sponsor said they can help with
PER_SHARED_SKILL, MAX_SHARED_SKILLS = 0.3, 3
PER_DAY_WAITING, MAX_DAYS_WAITING = 0.05, 20
NEARBY = 1.0              # full at the sponsor's door, nothing at the edge of their radius


@dataclass(frozen=True)
class Sponsor:
    person_id: object
    languages: tuple
    skills: tuple
    occupations: tuple    # ROME codes the sponsor can help towards (empty: any)
    radius_km: float
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Seeker:
    person_id: object
    languages: tuple
    skills: tuple
    target_occupation: str | None
    latitude: float | None
    longitude: float | None
    days_waiting: float


@dataclass(frozen=True)
class Fit:
    score: float
    # Why, as data ({"code", "params"}: shared/explanations.py words them for each reader).
    reasons: tuple
    # (term, weight) pairs that add up to the score, for a sponsorship round's explanation.
    terms: tuple = ()


def fit(sponsor, seeker):
    """How well a seeker's card fits a sponsor, or None where a hard rule hides it."""
    languages = set(sponsor.languages) & set(seeker.languages)
    if not languages or sponsor.person_id == seeker.person_id:
        return None
    terms, reasons = [("base", BASE)], []
    located = None not in (sponsor.latitude, sponsor.longitude, seeker.latitude, seeker.longitude)
    if located:
        km = places.distance_km((sponsor.latitude, sponsor.longitude),
                                (seeker.latitude, seeker.longitude))
        if km > sponsor.radius_km:
            return None
        terms.append(("nearby", NEARBY * (1 - km / sponsor.radius_km)))
        reasons.append(reason("nearby", km=round(km, 1)))
    if sponsor.occupations and seeker.target_occupation:
        closeness = max(occupations.occupation_closeness(code, seeker.target_occupation)
                        for code in sponsor.occupations)
        if closeness >= occupations.NEIGHBOUR:
            terms.append(("wanted_occupation", WANTED_OCCUPATION * closeness))
            reasons.append(reason("wanted_occupation" if closeness == occupations.SAME
                                  else "close_to_wanted", occupation=seeker.target_occupation))
    shared = sorted({s.casefold() for s in sponsor.skills} & {s.casefold() for s in seeker.skills})
    if shared:
        terms.append(("shared_skills", PER_SHARED_SKILL * min(len(shared), MAX_SHARED_SKILLS)))
        reasons.append(reason("shared_skills", count=len(shared), skills=shared))
    if seeker.days_waiting >= 1:
        terms.append(("waiting", PER_DAY_WAITING * min(seeker.days_waiting, MAX_DAYS_WAITING)))
        reasons.append(reason("looking", days=int(seeker.days_waiting)))
    reasons.append(reason("languages", languages=sorted(languages)))
    score = sum(weight for _, weight in terms)
    return Fit(round(score, 4), tuple(reasons),
               tuple((name, round(weight, 4)) for name, weight in terms))


def ranked(sponsor, seekers):
    """(seeker, fit) for every visible seeker, best fit first; ties by id so pages are stable."""
    fits = [(seeker, fit(sponsor, seeker)) for seeker in seekers]
    visible = [(seeker, found) for seeker, found in fits if found is not None]
    return sorted(visible, key=lambda pair: (-pair[1].score, str(pair[0].person_id)))


# --- the whole feed at once ---------------------------------------------------------------------

@dataclass(frozen=True)
class Listed:
    """A seeker as the deck keeps them: since when they wait, not for how long (that depends on now).
    person_id is a uuid.UUID: its number orders like its text, the feed's tie-break."""
    person_id: object
    languages: tuple
    skills: tuple
    target_occupation: str | None
    latitude: float | None
    longitude: float | None
    first_seen_at: datetime | None

    def at(self, now):
        """The Seeker that `fit` scores, waiting as long as the read model says at `now`."""
        return Seeker(person_id=self.person_id, languages=self.languages, skills=self.skills,
                      target_occupation=self.target_occupation, latitude=self.latitude,
                      longitude=self.longitude,
                      days_waiting=((now - self.first_seen_at).total_seconds() / 86400
                                    if self.first_seen_at else 0))


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_ONE_DAY_US = 86_400_000_000
# A score whose ten-thousandths are this close to a half could round either way on floats, and
# a seeker this close to the edge of the radius could fall either side: `fit` decides those.
# numpy's and math's sines differ in the last bits: a score is off by less than 1e-12 here, so
# these margins are wide. Beyond FAR_KM (half-way round the Earth is 20,000 km) the arc sine is
# steep enough to magnify those bits: such seekers, visible to a sponsor who goes that far, are
# left to `fit` too.
_ROUNDING_MARGIN = 1e-6   # in units of the fourth decimal
_EDGE_MARGIN = 1e-9       # relative to the radius
_FAR_KM = 1000


def _microseconds(moment):
    return (moment - _EPOCH) // _MICROSECOND


class Deck:
    """Every seeker a sponsor may be shown, as columns, kept up to date one seeker at a time.

    `page` gives exactly what `ranked` would give for the same seekers (same scores, same order,
    ties by id), scoring every seeker at once with numpy instead of one `fit` call each.
    """

    def __init__(self):
        self._row = {}        # person_id -> row
        self._listed = []     # row -> Listed, or None for a free row
        self._free = []
        self._speakers = {}   # language -> rows
        self._skilled = {}    # casefolded skill -> rows
        self._arrays = {}     # (index name, key) -> rows as an array, until the rows change
        self._code = {}       # target occupation -> its number in _codes
        self._codes = []
        self._alive = np.zeros(0, dtype=bool)
        self._latitude = np.zeros(0)    # radians, NaN: unknown
        self._longitude = np.zeros(0)   # radians
        self._cos_latitude = np.zeros(0)
        self._terms = {}                # sponsor's occupations -> each target's term, by number
        self._first_seen = np.zeros(0, dtype=np.int64)   # microseconds since 1970
        self._waits = np.zeros(0, dtype=bool)            # first_seen_at is known
        self._target = np.zeros(0, dtype=np.int64)       # -1: none
        self._id_high = np.zeros(0, dtype=np.uint64)     # the id's number, for ties
        self._id_low = np.zeros(0, dtype=np.uint64)

    def __len__(self):
        return len(self._row)

    def __contains__(self, person_id):
        return person_id in self._row

    def languages(self):
        """Every language some seeker in the deck speaks (reach.of_deck's "add a language")."""
        return sorted(self._speakers)

    def get(self, person_id):
        row = self._row.get(person_id)
        return None if row is None else self._listed[row]

    def put(self, listed):
        """Add a seeker, or replace what the deck knew of them."""
        row = self._row.get(listed.person_id)
        if row is None:
            row = self._free.pop() if self._free else self._grow()
            self._row[listed.person_id] = row
        else:
            self._unindex(row)
        self._listed[row] = listed
        self._alive[row] = True
        located = None not in (listed.latitude, listed.longitude)
        self._latitude[row] = math.radians(listed.latitude) if located else np.nan
        self._longitude[row] = math.radians(listed.longitude) if located else np.nan
        self._cos_latitude[row] = math.cos(self._latitude[row]) if located else np.nan
        self._waits[row] = listed.first_seen_at is not None
        self._first_seen[row] = _microseconds(listed.first_seen_at) if listed.first_seen_at else 0
        code = listed.target_occupation
        if code and code not in self._code:
            self._code[code] = len(self._codes)
            self._codes.append(code)
        self._target[row] = self._code[code] if code else -1
        number = listed.person_id.int
        self._id_high[row], self._id_low[row] = number >> 64, number & (2 ** 64 - 1)
        for language in set(listed.languages):
            self._index("speakers", self._speakers, language, row, add=True)
        for skill in {s.casefold() for s in listed.skills}:
            self._index("skilled", self._skilled, skill, row, add=True)

    def remove(self, person_id):
        row = self._row.pop(person_id, None)
        if row is not None:
            self._unindex(row)
            self._listed[row] = None
            self._alive[row] = False
            self._free.append(row)

    def _grow(self):
        row = len(self._listed)
        self._listed.append(None)
        if row >= len(self._alive):
            size = max(1024, 2 * len(self._alive))
            for name in ("_alive", "_latitude", "_longitude", "_cos_latitude", "_first_seen",
                         "_waits", "_target",
                         "_id_high", "_id_low"):
                old = getattr(self, name)
                new = np.zeros(size, dtype=old.dtype)
                new[:len(old)] = old
                setattr(self, name, new)
        return row

    def _unindex(self, row):
        listed = self._listed[row]
        for language in set(listed.languages):
            self._index("speakers", self._speakers, language, row, add=False)
        for skill in {s.casefold() for s in listed.skills}:
            self._index("skilled", self._skilled, skill, row, add=False)

    def _index(self, name, index, key, row, add):
        rows = index.setdefault(key, set())
        rows.add(row) if add else rows.discard(row)
        if not rows:
            del index[key]
        self._arrays.pop((name, key), None)

    def _rows(self, name, index, key):
        rows = self._arrays.get((name, key))
        if rows is None:
            rows = self._arrays[(name, key)] = np.fromiter(index.get(key, ()), dtype=np.int64)
        return rows

    def _occupation_terms(self, wanted):
        """What aiming for each target occupation adds for a sponsor who can help towards
        `wanted`, by the target's number; the last entry (index -1) for no target."""
        term = self._terms.get(wanted)
        if term is None or len(term) <= len(self._codes):
            if len(self._terms) > 10_000:
                self._terms.clear()
            term = np.zeros(len(self._codes) + 1)
            for number, code in enumerate(self._codes):
                closeness = max(occupations.occupation_closeness(mine, code) for mine in wanted)
                if closeness >= occupations.NEIGHBOUR:
                    term[number] = WANTED_OCCUPATION * closeness
            self._terms[wanted] = term
        return term

    def page(self, sponsor, now, hidden, start, stop):
        """The (seeker, fit) pairs ranked start to stop in the sponsor's feed, as `ranked` over
        every seeker in the deck but those in `hidden`; and whether more come after `stop`."""
        shown, total = self.counted_page(sponsor, now, hidden, start, stop)
        return shown, total > stop

    def counted_page(self, sponsor, now, hidden, start, stop):
        """The same page, and how many cards the whole feed holds."""
        n = len(self._listed)
        visible = self._alive[:n].copy()
        for person_id in set(hidden) | {sponsor.person_id}:
            row = self._row.get(person_id)
            if row is not None:
                visible[row] = False
        speaks = np.zeros(n, dtype=bool)
        for language in set(sponsor.languages):
            speaks[self._rows("speakers", self._speakers, language)] = True
        visible &= speaks
        unsure = np.zeros(n, dtype=bool)   # left to `fit`
        score = np.full(n, BASE)
        if None not in (sponsor.latitude, sponsor.longitude):
            km = _distances_km(sponsor.latitude, sponsor.longitude,
                               self._latitude[:n], self._longitude[:n], self._cos_latitude[:n])
            located = ~np.isnan(km)
            radius = sponsor.radius_km
            unsure |= visible & located & ((np.abs(km - radius) <= _EDGE_MARGIN * max(1.0, radius))
                                           | (km > _FAR_KM))
            visible &= ~located | (km <= radius)
            with np.errstate(invalid="ignore", divide="ignore"):
                score = np.where(located, score + NEARBY * (1 - km / radius), score)
        if sponsor.occupations and self._codes:
            score = score + self._occupation_terms(tuple(sponsor.occupations))[self._target[:n]]
        shared = np.zeros(n, dtype=np.int64)
        for skill in {s.casefold() for s in sponsor.skills}:
            shared[self._rows("skilled", self._skilled, skill)] += 1
        score = np.where(shared > 0,
                         score + PER_SHARED_SKILL * np.minimum(shared, MAX_SHARED_SKILLS), score)
        waited = _microseconds(now) - self._first_seen[:n]
        days = (waited / 1e6) / 86400
        score = np.where(self._waits[:n] & (waited >= _ONE_DAY_US),
                         score + PER_DAY_WAITING * np.minimum(days, MAX_DAYS_WAITING), score)
        tenths = score * 1e4
        unsure |= visible & (np.abs(tenths - np.floor(tenths) - 0.5) < _ROUNDING_MARGIN)
        score = np.round(score, 4)
        fits = {}
        for row in np.flatnonzero(unsure):
            found = fit(sponsor, self._listed[row].at(now))
            visible[row] = found is not None
            if found is not None:
                score[row], fits[row] = found.score, found
        candidates = np.flatnonzero(visible)
        chosen = _best(candidates, score, self._id_high, self._id_low, stop)
        shown = []
        for row in chosen[start:stop]:
            seeker = self._listed[row].at(now)
            found = fits.get(row) or fit(sponsor, seeker)
            if found is None or found.score != score[row]:   # never seen: the safe answer anyway
                every = ranked(sponsor, [self._listed[r].at(now) for r in candidates])
                return every[start:stop], len(every)
            shown.append((seeker, found))
        return shown, len(candidates)


def _distances_km(latitude, longitude, latitudes, longitudes, cos_latitudes):
    """places.distance_km from one point to many (in radians, their cosines known), on arrays;
    NaN where a place is unknown."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    h = np.sin((latitudes - lat1) / 2) ** 2
    h += math.cos(lat1) * cos_latitudes * np.sin((longitudes - lon1) / 2) ** 2
    return 2 * places.EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h, out=h), out=h), out=h)


def _best(rows, score, id_high, id_low, count):
    """The `count` best of these rows, best score first and ties by id, without sorting them all."""
    if len(rows) > count:
        mine = score[rows]
        cut = -np.partition(-mine, count - 1)[count - 1]   # the count-th best score
        above, tied = rows[mine > cut], rows[mine == cut]
        tied = tied[np.lexsort((id_low[tied], id_high[tied]))][:count - len(above)]
        rows = np.concatenate([above, tied])
    return rows[np.lexsort((id_low[rows], id_high[rows], -score[rows]))]


def is_mutual(sponsor_likes, seeker_accepts_sponsors, seeker_likes):
    """A sponsorship starts when the sponsor likes the seeker and the seeker is willing: they
    accept sponsors in general, or they liked this sponsor back."""
    return sponsor_likes and (seeker_accepts_sponsors or seeker_likes)


# --- sponsors waiting for a seeker's answer ---------------------------------------------------

@dataclass(frozen=True)
class Interest:
    """A sponsor's like on a seeker's card, as the seeker's list of interested sponsors needs it."""
    sponsor_id: object
    liked_at: datetime
    full: bool = False   # the sponsor follows as many people as they said they could


def awaiting_answer(interests, answered, blocked, sponsored):
    """The sponsors who liked a seeker and wait for their answer, newest like first (ties by id,
    so that pages are stable): not those the seeker liked or passed on, nor anyone blocked either
    way, nor a sponsor with no place left. Nobody once someone sponsors the seeker: a like back
    could start nothing."""
    if sponsored:
        return []
    waiting = [interest for interest in interests if not interest.full
               and interest.sponsor_id not in answered and interest.sponsor_id not in blocked]
    return sorted(waiting, key=lambda interest: (-interest.liked_at.timestamp(),
                                                 str(interest.sponsor_id)))
