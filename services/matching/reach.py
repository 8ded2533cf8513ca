"""When a person's next round comes, and why their list or deck is empty: the market, counted.

Pure code over the same values a round (domain.Seeker, domain.Offer, domain.Context) and the
sponsors' feed (sponsorship.Deck) work on. Every rule is the round's or the feed's own predicate,
called here, never rewritten: a pair counted as reachable is exactly a pair the round gives an
edge (tests/unit/test_reach.py checks it pair by pair), so the numbers a page shows ("add English
to reach 12 more donors") are the ones the next round will act on.

A pair may fail several rules. A change ("add English", "help remotely") is counted for the pairs
it alone would let in: those failing only the rules it lifts, and passing them once changed.
"""
from dataclasses import dataclass, replace
from datetime import timedelta

from shared.availability import Weekly
from shared.contracts.kinds import AVAILABILITY_PRESETS

from . import domain

# services/matching/service.py's run_due_rounds is a nameko timer of this interval: a round is due
# ROUND_EVERY_MINUTES after the last one of its kind, and runs at the first tick after that.
TIMER_TICK = timedelta(seconds=60)
# rounds_on_arrival.py's run_rounds_due looks for rounds due on arrivals this often (its default
# ROUND_DUE_CHECK_SECONDS).
DUE_TICK = timedelta(seconds=5)

# The rules a pair can fail, in the order pages name them.
ANSWERED = "answered"   # declined, left unanswered, blocked, passed on or left without news before
LANGUAGE = "language"
DISTANCE = "distance"
TIME = "time"           # a meeting kind, and no common stretch long enough in the coming week
RULES = (ANSWERED, LANGUAGE, DISTANCE, TIME)

# How far a donor may say they go (rpc.MakePledge allows 200 km), and a sponsor (1,000 km).
DONOR_RADII = (20, 50, 100, 200)
SPONSOR_RADII = (20, 50, 100, 200, 500, 1000)
# The free time suggested to someone with no slot in common with others: weekday coffees and
# lunches, the presets everyone is offered at sign-up.
SUGGESTED_TIME = AVAILABILITY_PRESETS["lunch_and_coffee"]


def next_round_at(last_round_at, every_minutes, now, due_at=None):
    """When the timer will next run a round of a kind whose last round started `last_round_at`
    (None: never), or sooner, the round due on arrivals at `due_at` (round_schedule.py); None
    when rounds only run on demand (ROUND_EVERY_MINUTES 0) and none is due."""
    scheduled = None
    if every_minutes:
        due = last_round_at + timedelta(minutes=every_minutes) if last_round_at else None
        scheduled = due if due is not None and due > now else now + TIMER_TICK
    soon = None if due_at is None else max(due_at, now + DUE_TICK) if due_at <= now else due_at
    return min((at for at in (scheduled, soon) if at is not None), default=None)


def answer_by(proposed_at, expiry_hours):
    """Until when a proposal can be answered: matching's expire_proposals lapses it after that."""
    return proposed_at + timedelta(hours=expiry_hours)


@dataclass(frozen=True)
class Widening:
    """One change the person could make, and how many more people it would reach."""
    change: str        # "language", "location", "remote", "radius", "availability"
    value: object      # the language code, the radius in km; None for the others
    more: int


@dataclass(frozen=True)
class Reach:
    total: int         # the people on the other side of this kind, oneself left out
    reachable: int     # those the next round (or the feed) may pair with them
    excluded: dict     # rule -> how many it leaves out (a person left out twice counts twice)
    widenings: tuple   # the changes that reach more, the one reaching the most first


class FreeTogether:
    """domain._free_together, remembered per pair of weeks: most people pick one of a few presets,
    so a donor's page over thousands of requests computes a handful of weeks, not thousands."""

    def __init__(self):
        self.known, self.keys = {}, {}

    def __call__(self, seeker, offer, context):
        key = (self._key(seeker.weekly), self._key(offer.weekly), context.meeting_minutes,
               context.week_start)
        if key not in self.known:
            self.known[key] = domain._free_together(seeker, offer, context)
        return self.known[key]

    def _key(self, weekly):
        if weekly is None:
            return None
        found = self.keys.get(id(weekly))
        if found is None or found[0] is not weekly:   # the object is kept, so its id stays its own
            found = self.keys[id(weekly)] = (weekly, _week_key(weekly))
        return found[1]


def _week_key(weekly):
    return weekly.timezone, tuple(sorted((day, tuple((w["start"], w["end"]) for w in windows))
                                         for day, windows in weekly.windows.items()))


def failed_rules(seeker, offer, excluded_pairs=frozenset(), blocked=frozenset(),
                 context=domain.Context(), sponsoring=False, free=None, only=RULES):
    """The hard rules this pair fails in a round (empty: the pair is an edge). `sponsoring`: a
    sponsor's places, whose rules are the feed's (domain.sponsorship_affinity). `only`: the rules
    to look at (a what-if re-checks only those it changes)."""
    free = free or FreeTogether()
    failed = set()
    if ANSWERED in only and not domain._allowed(seeker, offer, excluded_pairs, blocked, context):
        failed.add(ANSWERED)
    if LANGUAGE in only and not set(seeker.languages) & set(offer.languages):
        failed.add(LANGUAGE)
    if DISTANCE in only:
        if sponsoring:
            # The feed's fit leaves a pair out for its languages or its distance: with the
            # languages made common, only the distance can.
            same = tuple(offer.languages) or ("-",)
            if domain.sponsorship_affinity(replace(seeker, languages=same),
                                           replace(offer, languages=same)) is None:
                failed.add(DISTANCE)
        elif domain._distance_if_in_person(seeker, offer) is False:
            failed.add(DISTANCE)
    # (No meeting, no week to compare: _free_together would say yes without looking.)
    if TIME in only and context.meeting_minutes and not sponsoring \
            and not free(seeker, offer, context):
        failed.add(TIME)
    return failed


class _Counter:
    """Counts one person's pairs (`me` against each of `others`), and the what-ifs that would let
    more in: `me` changed once ("speaks English too"), each pair left out only by the rules the
    change lifts checked again on those rules."""

    def __init__(self, me, others, me_seeks, excluded_pairs, blocked, context, sponsoring):
        self.me, self.me_seeks = me, me_seeks
        self.others = [o for o in others if o.person_id != me.person_id]
        self.args = (excluded_pairs, blocked, context, sponsoring)
        self.free = FreeTogether()
        self.failed = [self._failed(me, other) for other in self.others]

    def _failed(self, me, other, only=RULES):
        seeker, offer = (me, other) if self.me_seeks else (other, me)
        excluded_pairs, blocked, context, sponsoring = self.args
        return failed_rules(seeker, offer, excluded_pairs, blocked, context, sponsoring, self.free,
                            only)

    def excluded(self):
        counts = {}
        for failed in self.failed:
            for rule in failed:
                counts[rule] = counts.get(rule, 0) + 1
        return {rule: counts[rule] for rule in RULES if rule in counts}

    def reachable(self):
        return sum(not failed for failed in self.failed)

    def more(self, lifts, changed):
        """How many others, left out only by rules in `lifts`, `changed` (me, changed) lets in."""
        return sum(1 for other, failed in zip(self.others, self.failed)
                   if failed and failed <= lifts and not self._failed(changed, other, lifts))

    def only(self, rule):
        return sum(1 for failed in self.failed if failed == {rule})

    def languages_missing(self):
        """Languages of the others left out by language alone, most common first."""
        seen = {}
        for other, failed in zip(self.others, self.failed):
            if failed == {LANGUAGE}:
                for language in other.languages:
                    seen[language] = seen.get(language, 0) + 1
        return sorted(seen, key=lambda language: (-seen[language], language))


def _reach(counter, widenings):
    found = tuple(sorted((w for w in widenings if w.more > 0),
                         key=lambda w: (-w.more, w.change, str(w.value))))
    return Reach(total=len(counter.others), reachable=counter.reachable(),
                 excluded=counter.excluded(), widenings=found)


def _language_widenings(counter):
    me = counter.me
    return [Widening(LANGUAGE, language, counter.more(
                {LANGUAGE}, replace(me, languages=tuple(me.languages) + (language,))))
            for language in counter.languages_missing()[:3]]


def _with_time(weekly):
    """A week with the suggested coffee and lunch times added to it (in the person's own zone)."""
    zone = weekly.timezone if weekly else "Europe/Paris"
    windows = {day: list(spans) for day, spans in (weekly.windows if weekly else {}).items()}
    for day, spans in SUGGESTED_TIME.items():
        windows[day] = _merged(windows.get(day, []) + list(spans))
    return Weekly(zone, windows)


def _merged(spans):
    merged = []
    for span in sorted(spans, key=lambda s: s["start"]):
        if merged and span["start"] <= merged[-1]["end"]:
            merged[-1] = {"start": merged[-1]["start"], "end": max(merged[-1]["end"], span["end"])}
        else:
            merged.append(dict(span))
    return merged


def of_request(seeker, offers, excluded=frozenset(), blocked=frozenset(),
               context=domain.Context(), sponsoring=False):
    """A seeker's open request against the offers of its kind (donors' pledges, mentors' seats,
    sponsors' places)."""
    counter = _Counter(seeker, offers, True, excluded, blocked, context, sponsoring)
    widenings = _language_widenings(counter)
    if seeker.latitude is None and not sponsoring:
        # Where they live is not known: in-person donors cannot be counted as near or far yet.
        widenings.append(Widening("location", None, counter.only(DISTANCE)))
    if context.meeting_minutes and not sponsoring:
        widenings.append(Widening("availability", None, counter.more(
            {TIME}, replace(seeker, weekly=_with_time(seeker.weekly)))))
    return _reach(counter, widenings)


def of_offer(offer, seekers, excluded=frozenset(), blocked=frozenset(), context=domain.Context(),
             sponsoring=False, can_go_remote=True, radii=DONOR_RADII):
    """A donor's pledge (or a mentor's seats) against the open requests of its kind.
    `can_go_remote`: the kind may be given remotely (a mentor's lunch may not)."""
    counter = _Counter(offer, seekers, False, excluded, blocked, context, sponsoring)
    widenings = _language_widenings(counter)
    if not offer.remote and can_go_remote and not sponsoring:
        widenings.append(Widening("remote", None, counter.more(
            {DISTANCE}, replace(offer, remote=True))))
    if (not offer.remote or sponsoring) and can_go_remote:
        widenings += _radius_widenings(counter, offer, radii)
    if context.meeting_minutes and not sponsoring:
        widenings.append(Widening("availability", None, counter.more(
            {TIME}, replace(offer, weekly=_with_time(offer.weekly)))))
    return _reach(counter, widenings)


def _radius_widenings(counter, offer, radii):
    """Each longer way that reaches more than the shorter ones: "go up to 20 km: 2 more"."""
    found, best = [], 0
    for km in radii:
        if km <= domain._radius(offer):
            continue
        more = counter.more({DISTANCE}, replace(offer, radius_km=km))
        if more > best:
            found.append(Widening("radius", km, more))
            best = more
    return found


def of_deck(deck, sponsor, hidden, now, radii=SPONSOR_RADII):
    """A sponsor's deck (sponsorship.Deck): the seekers it holds, those the feed leaves out (swiped,
    blocked, sponsored already: `hidden`; no common language; farther than the sponsor goes), and
    the changes that would bring cards. Every count is the feed's own (Deck.counted_page)."""
    def count(changed, hiding=hidden):
        return deck.counted_page(changed, now, hiding, 0, 1)[1]

    everyone = tuple(deck.languages())
    unbound = replace(sponsor, languages=everyone, latitude=None, longitude=None)
    total = count(unbound, set())
    reachable = count(sponsor)
    excluded = {
        ANSWERED: total - count(unbound),
        LANGUAGE: total - count(replace(unbound, languages=sponsor.languages), set()),
        DISTANCE: total - count(replace(sponsor, languages=everyone), set()),
    }
    widenings = [Widening(LANGUAGE, language,
                          count(replace(sponsor, languages=sponsor.languages + (language,)))
                          - reachable)
                 for language in everyone if language not in sponsor.languages]
    if sponsor.latitude is not None:
        best = 0
        for km in radii:
            if km > sponsor.radius_km:
                more = count(replace(sponsor, radius_km=km)) - reachable
                if more > best:
                    widenings.append(Widening("radius", km, more))
                    best = more
    found = tuple(sorted((w for w in widenings if w.more > 0),
                         key=lambda w: (-w.more, w.change, str(w.value))))
    return Reach(total=total, reachable=reachable,
                 excluded={rule: n for rule, n in excluded.items() if n}, widenings=found[:4])
