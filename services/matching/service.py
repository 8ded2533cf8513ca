"""Matching's entrypoints: keep the read model, run rounds off the event loop, record decisions."""
import base64
import threading
import uuid
import weakref
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from eventlet import tpool
from nameko.dependency_providers import Config
from nameko.timer import timer
from sqlalchemy import delete, or_, select, update

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.availability import Weekly
from shared.contracts.kinds import LUNCH_MENTORING, MEETING_MINUTES, REQUEST_KINDS, SPONSORSHIP
from shared.database import Database
from shared.errors import Conflict, Forbidden, InvalidInput, LimitReached, NotFound
from shared.explanations import words
from shared.export import row_dict
from shared.messaging.blocks import blocked_by, blocked_either_way, blocked_pairs, remember_block
from shared.messaging.erasure import is_erased, messages_naming, remember_erased, scrub_messages
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.parking import parking
from shared.messaging.reliable import ReliableMessaging
from shared.names import display_name
from shared.reference import occupations
from shared.rpc import serves

from . import conversation, document_access, domain, reach, reveals, sponsorship, store
from .delivery import DEFAULT_GRACE
from .help_given import HelpGiven
from .impact_reports import ImpactReports
from .meeting_news import MeetingNews
from .turnaround import Turnarounds, delivery_shown
from .outcome_questions import OutcomeQuestions
from .outlook import Outlooks
from .rounds_on_arrival import RoundsOnArrival


def _move_made(candidate):
    """The reconversion a mentor made, (from, to) as ROME codes."""
    mentor = candidate.mentor
    return (mentor["from_occupation"], mentor["to_occupation"]) if mentor else None


def _weekly(candidate):
    # An empty week is "not said yet": no meeting kind is matched until the person says when
    # they are free (domain._free_together); their profile page asks them for it.
    return Weekly(candidate.timezone, candidate.availability) if candidate.availability else None


def _seeker_of(request, candidate, now):
    c = candidate
    return domain.Seeker(
        request_id=request.request_id, person_id=request.person_id, languages=tuple(c.languages),
        skills=tuple(c.skills), occupation=c.occupation, target_occupation=c.target_occupation,
        days_waiting=(now - request.requested_at).total_seconds() / 86400,
        latitude=c.latitude, longitude=c.longitude, weekly=_weekly(c))


def _offer_of(offer, candidate, kind):
    o, c = offer, candidate
    return domain.Offer(
        pledge_id=o.pledge_id, person_id=o.person_id, languages=tuple(c.languages),
        skills=tuple(c.skills), occupation=c.occupation, units=o.available,
        remote=o.remote, radius_km=o.radius_km, latitude=c.latitude,
        longitude=c.longitude, weekly=_weekly(c),
        path=_move_made(c) if kind == LUNCH_MENTORING else None,
        wanted=tuple((c.sponsor or {}).get("occupations", ())) if kind == SPONSORSHIP else ())


def _keep_mentor_seats(session, person):
    """A mentor offers lunch seats as one standing offer, keyed by their own id: as many seats as
    they take mentees at once, less those already proposed or taken."""
    mentor = person["mentor"] if "mentor" in person["roles"] else None
    seats = session.get(store.Offer, person["person_id"])
    if mentor is None:
        if seats is not None:
            seats.available, seats.closed = 0, True
        return
    taken = store.live_matches_on(session, person["person_id"])
    session.merge(store.Offer(
        pledge_id=person["person_id"], person_id=person["person_id"], kind=LUNCH_MENTORING,
        available=max(mentor["max_mentees"] - taken, 0), closed=False,
        valid_until=date(9999, 12, 31), remote=False, radius_km=None))


def _places_id(person_id):
    """A sponsor's places are one standing offer, keyed from their id but apart from their
    lunch seats, since one person may be both a mentor and a sponsor."""
    return uuid.uuid5(uuid.UUID(str(person_id)), SPONSORSHIP)


def _keep_sponsor_places(session, person):
    sponsor = person["sponsor"] if "sponsor" in person["roles"] else None
    places = session.get(store.Offer, _places_id(person["person_id"]))
    if sponsor is None:
        if places is not None:
            places.available, places.closed = 0, True
        return
    session.merge(store.Offer(
        pledge_id=_places_id(person["person_id"]), person_id=person["person_id"], kind=SPONSORSHIP,
        available=_free_places(session, person["person_id"], sponsor), closed=False,
        valid_until=date(9999, 12, 31), remote=False, radius_km=sponsor["radius_km"]))


def _free_places(session, sponsor_id, sponsor):
    """A sponsor's capacity, less the people they sponsor now (however it started) and the
    proposals waiting on their places."""
    taken = store.sponsoring(session, sponsor_id) + store.proposals_on(session,
                                                                       _places_id(sponsor_id))
    return max(sponsor["capacity"] - taken, 0)


def _refresh_sponsor_places(session):
    """Sponsorships also start and end outside rounds (a mutual swipe, a block, an erasure):
    count each sponsor's free places again before a sponsorship round."""
    for places in store.standing_offers(session, SPONSORSHIP):
        sponsor = session.get(store.Candidate, places.person_id)
        if not places.closed and sponsor is not None and sponsor.sponsor:
            places.available = _free_places(session, places.person_id, sponsor.sponsor)


def _shown(match, locale, grace=DEFAULT_GRACE):
    """A match as its RPCs answer it: the reasons in the asking person's words, and as data.
    `grace`: the configured DELIVERY_GRACE_DAYS, for when Binôme moves a late match on."""
    return {**{key: getattr(match, key) for key in (
        "match_id", "round_id", "kind", "request_id", "pledge_id", "seeker_id", "donor_id",
        "affinity", "status", "proposed_at",
        "given_at", "given_how", "given_on_time")},   # the help given (help_given.py)
        "reasons": words(match.reasons, locale),
        # Matches proposed before reasons were data hold sentences: they have no data to show.
        "reason_data": [r for r in match.reasons if isinstance(r, dict)],
        **delivery_shown(match, grace, utcnow())}


def _status_seen_by(status, other_id, blocked_by_them):
    """A proposal withdrawn because of a block is "blocked" to the one who blocked; the other one
    sees it called off, as any cancelled match, and learns nothing of who blocked whom."""
    if status == store.BLOCKED and str(other_id) not in blocked_by_them:
        return store.CANCELLED
    return status


def _own_end_only(sponsorship, person_id):
    """Who ended a sponsorship is theirs to know: the other one (maybe blocked by them) sees only
    that it ended, and when."""
    if sponsorship["ended_by"] != str(person_id):
        sponsorship["ended_by"] = None
    return sponsorship


# Why nobody may post any more, said to either of the two alike (a block does not say who).
CLOSED_MESSAGES = {
    conversation.BLOCKED: "This conversation is closed: one of you blocked the other. "
                          "It stays readable, but nobody can write in it any more.",
    conversation.ENDED: "This conversation is closed: the match was called off. "
                        "It stays readable, but nobody can write in it any more.",
    conversation.REASSIGNED: "This conversation is closed: the help did not come by its deadline "
                             "and the request went to another donor. It stays readable, but "
                             "nobody can write in it any more.",
}


def _message_seen_by(message, person_id):
    return {"message_id": message.message_id, "match_id": message.match_id,
            "author_id": message.author_id, "mine": message.author_id == person_id,
            "body": message.body, "posted_at": message.posted_at}


def _without_outcome_tokens(messages):
    """An export is a document people save and share: the link of a question still open stays
    out (as profiles does for sign-in links)."""
    for message in messages["sent"]:
        if message["event"] == events.OUTCOME_QUESTION_DUE.name:
            message["payload"] = {**message["payload"], "token": "(not exported)"}
    return messages


def _review_exported(stored):
    exported = row_dict(stored)
    content = exported.pop("file_content")
    exported["file_base64"] = base64.b64encode(content).decode("ascii") if content else None
    return exported


def _give_unit_back(session, pledge_id):
    session.execute(update(store.Offer).where(store.Offer.pledge_id == pledge_id,
                                              store.Offer.closed.is_(False))
                    .values(available=store.Offer.available + 1))


class _FeedDeck:
    """The seekers of one database as a `sponsorship.Deck`, kept in this process's memory.

    Ranking 100,000 seekers from the database at every page would read them all each time; the
    deck reads them once, then at each call only the rows stamped since it last looked (with a
    margin for transactions that commit late and for clocks apart), and who was erased since.
    Each replica keeps its own; the database stays the truth, and the cards shown are read from it.
    """
    MARGIN = timedelta(seconds=60)

    def __init__(self):
        self.deck = sponsorship.Deck()
        self.stamps = {}      # person_id -> changed_at, of every candidate read (seekers or not)
        self.looked_at = None
        self.lock = threading.Lock()

    def synced(self, session):
        with self.lock:
            started = datetime.now(timezone.utc)
            since = self.looked_at - self.MARGIN if self.looked_at else None
            for row in store.feed_rows(session, since):
                self._keep(row)
            if since is not None:
                for person_id in store.erased_since(session, since):
                    self.forget(person_id)
            self.looked_at = started
        return self.deck

    def _keep(self, row):
        if row.person_id in self.stamps and self.stamps[row.person_id] == row.changed_at \
                and row.changed_at is not None:
            return  # read again within the margin, unchanged
        self.stamps[row.person_id] = row.changed_at
        if set(row.roles or ()) & set(store.SEEKER_ROLES):
            self.deck.put(sponsorship.Listed(
                person_id=row.person_id, languages=tuple(row.languages), skills=tuple(row.skills),
                target_occupation=row.target_occupation, latitude=row.latitude,
                longitude=row.longitude, first_seen_at=row.first_seen_at))
        else:
            self.deck.remove(row.person_id)

    def forget(self, person_id):
        self.stamps.pop(person_id, None)
        self.deck.remove(person_id)


_FEED_DECKS = weakref.WeakKeyDictionary()   # engine -> _FeedDeck
_FEED_DECKS_LOCK = threading.Lock()


def _feed_deck(session):
    engine = session.get_bind()
    with _FEED_DECKS_LOCK:
        if engine not in _FEED_DECKS:
            _FEED_DECKS[engine] = _FeedDeck()
        return _FEED_DECKS[engine]


class MatchingService(ReliableMessaging, MeetingNews, ImpactReports, Turnarounds, OutcomeQuestions,
                      HelpGiven, Outlooks, RoundsOnArrival,
                      parking(rpc.matching)):
    name = "matching"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)

    # --- read model ---------------------------------------------------------------------------

    @handles(events.PERSON_REGISTERED)
    def on_person_registered(self, session, person):
        self._keep_candidate(session, person)

    @handles(events.PROFILE_UPDATED)
    def on_profile_updated(self, session, person):
        self._keep_candidate(session, person)

    def _keep_candidate(self, session, person):
        if is_erased(session, person["person_id"]):
            return  # arrived after the erasure: must not bring the person back
        known = session.get(store.Candidate, person["person_id"])
        session.merge(store.Candidate(
            person_id=person["person_id"], languages=person["languages"], skills=person["skills"],
            occupation=person["occupation"], target_occupation=person["target_occupation"],
            roles=person["roles"], display_name=display_name(person["first_name"],
                                                             person["last_name"]),
            own_words=person["own_words"], neighbourhood=person["neighbourhood"],
            latitude=person["latitude"], longitude=person["longitude"],
            sponsor=person["sponsor"], mentor=person["mentor"],
            accepts_sponsors=person["accepts_sponsors"], timezone=person["timezone"], availability=person["availability"],
            locale=person["locale"],
            first_seen_at=known.first_seen_at if known and known.first_seen_at
            else person["changed_at"]))
        _keep_mentor_seats(session, person)
        _keep_sponsor_places(session, person)
        # A mentor's seats or a sponsor's places may have come (back) on offer.
        for role, kind in (("mentor", LUNCH_MENTORING), ("sponsor", SPONSORSHIP)):
            if role in person["roles"] and person[role]:
                self.round_due_on_arrival(session, kind)

    @handles(events.PLEDGE_MADE)
    def on_pledge_made(self, session, pledge):
        if is_erased(session, pledge["person_id"]):
            return
        session.merge(store.Offer(
            pledge_id=pledge["pledge_id"], person_id=pledge["person_id"], kind=pledge["kind"],
            available=pledge["quantity"], valid_until=pledge["valid_until"], remote=pledge["remote"],
            radius_km=pledge["radius_km"]))
        self.round_due_on_arrival(session, pledge["kind"])

    @handles(events.PLEDGE_CLOSED)
    def on_pledge_closed(self, session, closed):
        offer = session.get(store.Offer, closed["id"])
        if offer is not None:
            # Proposals already made stay; nothing new is proposed, not even a unit freed later.
            offer.available, offer.closed = 0, True

    @handles(events.PLEDGE_RESUMED)
    def on_pledge_resumed(self, session, resumed):
        """A donor whose units were paused after a silent match still wants to help: they are
        offered again (a reassignment never gave them back). The inbox applies each message once;
        a closed offer stays closed."""
        offer = session.get(store.Offer, resumed["pledge_id"])
        if offer is None or offer.closed:
            return
        offer.available = store.Offer.available + resumed["units"]
        self.round_due_on_arrival(session, offer.kind)

    @handles(events.HELP_REQUESTED)
    def on_help_requested(self, session, request):
        if is_erased(session, request["person_id"]):
            return
        session.merge(store.Request(
            request_id=request["request_id"], person_id=request["person_id"], kind=request["kind"],
            status=store.OPEN, requested_at=request["requested_at"]))
        self.round_due_on_arrival(session, request["kind"])

    @handles(events.REQUEST_CLOSED)
    def on_request_closed(self, session, closed):
        request = session.get(store.Request, closed["id"])
        if request is None or request.status == store.ACCEPTED:
            return
        # Withdrawn while a proposal was waiting: the proposal goes, the donor's unit comes back.
        for match in store.proposals_for_request(session, request.request_id):
            self._release(session, match, store.CANCELLED)
        request.status = store.CLOSED

    @handles(events.PERSON_BLOCKED)
    def on_person_blocked(self, session, pair):
        remember_block(session, pair["person_id"], pair["other_id"])
        # Proposals still waiting between them are withdrawn and their units freed; accepted
        # matches are cancelled, so that the donor gets the unit back.
        for match in store.live_matches_between(session, pair["person_id"], pair["other_id"]):
            if match.status == store.PROPOSED:
                self._release(session, match, store.BLOCKED)
            else:
                self._cancel(session, match, by=pair["person_id"])
        # The blocker ended it: a sponsor who blocks one seeker after another is slowed.
        for ended in store.active_sponsorships(session, pair["person_id"]):
            if pair["other_id"] in (ended.sponsor_id, ended.seeker_id):
                ended.end(by=pair["person_id"], at=utcnow())

    # --- adopt a job seeker ----------------------------------------------------------------------

    @serves(rpc.matching.feed)
    def feed(self, sponsor_id, page, page_size):
        """Anonymised cards of job seekers, best fit first, for a sponsor to swipe.

        Every seeker is ranked at each call (`sponsorship.ranked`'s order), over the columns of a
        deck kept in memory and brought up to date first; only the page's cards are read."""
        sponsor = self._sponsor(sponsor_id)
        now = utcnow()
        feed = _feed_deck(self.db)
        deck = feed.synced(self.db)
        hidden = store.hidden_from_feed(self.db, sponsor.person_id)
        start, stop = page * page_size, (page + 1) * page_size
        while True:
            shown, total = deck.counted_page(sponsor, now, hidden, start, stop)
            seekers = store.candidates_by_id(self.db, [seeker.person_id for seeker, _ in shown])
            gone = [seeker.person_id for seeker, _ in shown if seeker.person_id not in seekers]
            if not gone:
                break
            for person_id in gone:  # erased since the deck last looked: rank again without them
                feed.forget(person_id)
        locale = self._locale(sponsor_id)
        cards = [{**self._card(seekers[seeker.person_id], locale), "affinity": found.score,
                  "reasons": words(found.reasons, locale)} for seeker, found in shown]
        return {"cards": cards, "page": page, "next_page": page + 1 if total > stop else None,
                "total": total}

    def _synced_deck(self):
        """The feed's deck of seekers, brought up to date (outlook.py counts an empty deck on it)."""
        return _feed_deck(self.db).synced(self.db)

    @serves(rpc.matching.swipe)
    def swipe(self, person_id, other_id, decision):
        """A like or a pass, by a sponsor on a seeker's card or by a seeker on a sponsor who liked
        them; a mutual yes starts the sponsorship at once."""
        with self.db.begin():
            me, other = (self.db.get(store.Candidate, p) for p in (person_id, other_id))
            if me is None or other is None or person_id == other_id or \
                    blocked_either_way(self.db, person_id, other_id):
                raise NotFound(f"no card {other_id}")
            if "sponsor" in me.roles and set(other.roles) & set(store.SEEKER_ROLES):
                sponsor, seeker = me, other
            elif "sponsor" in other.roles and set(me.roles) & set(store.SEEKER_ROLES):
                sponsor, seeker = other, me
            else:
                raise InvalidInput({"other_id": ["Swipes are between a sponsor and a job seeker."]})
            now = utcnow()
            self.db.merge(store.Swipe(person_id=person_id, other_id=other_id, decision=decision,
                                      swiped_at=now))
            self.db.flush()
            started = self._sponsorship_if_mutual(sponsor, seeker, actor=person_id)
            if started is None and me is sponsor and decision == "like" \
                    and not seeker.accepts_sponsors:
                self._tell_seeker_of_interest(sponsor, seeker, now)
        return {"decision": decision, "sponsorship": started}

    def _tell_seeker_of_interest(self, sponsor, seeker, liked_at):
        """A seeker who answers sponsors one by one hears that this one liked them: once per
        pair, and only while a like back could still start the sponsorship."""
        pair = (sponsor.person_id, seeker.person_id)
        if self.db.get(store.InterestTold, pair) is not None:
            return
        waiting, _ = self._awaiting_answer(seeker.person_id)
        if sponsor.person_id not in {interest.sponsor_id for interest in waiting}:
            return
        self.db.add(store.InterestTold(sponsor_id=pair[0], seeker_id=pair[1], told_at=liked_at))
        self.outbox.add(self.db, events.SPONSOR_INTERESTED, {
            "sponsor_id": pair[0], "seeker_id": pair[1], "liked_at": liked_at})

    def _awaiting_answer(self, seeker_id):
        """The sponsors who liked a seeker and wait for their answer
        (`sponsorship.awaiting_answer`), and those sponsors' rows by id."""
        likes = store.likes_on(self.db, seeker_id)
        now = utcnow()
        interests = [sponsorship.Interest(
            sponsor_id=sponsor.person_id, liked_at=swipe.swiped_at,
            # As a mutual swipe counts them: a like back past capacity would be refused, and so
            # would one while the sponsor waits after ending many sponsorships.
            full=store.sponsoring(self.db, sponsor.person_id) >= sponsor.sponsor.get("capacity", 1)
            or self._waiting_until(sponsor.person_id, now) is not None)
            for swipe, sponsor in likes]
        sponsored = any(s.seeker_id == seeker_id
                        for s in store.active_sponsorships(self.db, seeker_id))
        waiting = sponsorship.awaiting_answer(
            interests, answered=store.answered_by(self.db, seeker_id),
            blocked=store.blocked_ids(self.db, seeker_id), sponsored=sponsored)
        return waiting, {sponsor.person_id: sponsor for _, sponsor in likes}

    @serves(rpc.matching.interested_sponsors)
    def interested_sponsors(self, person_id, page, page_size):
        """For a job seeker: the sponsors who liked their card and wait for their answer, newest
        like first, as anonymised cards of what each offers. The seeker answers with `swipe`."""
        seeker = self.db.get(store.Candidate, person_id)
        if seeker is None or not set(seeker.roles or ()) & set(store.SEEKER_ROLES):
            waiting, sponsors = [], {}   # nobody likes a card that is not shown
        else:
            waiting, sponsors = self._awaiting_answer(person_id)
        start = page * page_size
        locale = seeker.locale if seeker is not None else "fr"
        return {"items": [self._sponsor_card(sponsors[interest.sponsor_id], interest.liked_at,
                                             locale)
                          for interest in waiting[start:start + page_size]],
                "page": page, "page_size": page_size, "total": len(waiting)}

    @staticmethod
    def _sponsor_card(candidate, liked_at, locale):
        offer = candidate.sponsor or {}
        return {"id": candidate.person_id, "display_name": candidate.display_name,
                "occupations": [{"code": code, "label": occupations.label(code, locale)}
                                for code in offer.get("occupations", ())],
                "radius_km": offer.get("radius_km", 20), "own_words": candidate.own_words or "",
                "liked_at": liked_at}

    def _sponsorship_if_mutual(self, sponsor, seeker, actor):
        likes = store.decision(self.db, sponsor.person_id, seeker.person_id) == "like"
        liked_back = store.decision(self.db, seeker.person_id, sponsor.person_id) == "like"
        if not sponsorship.is_mutual(likes, seeker.accepts_sponsors, liked_back):
            return None
        if store.active_sponsorships(self.db, seeker.person_id):
            return None  # someone adopted them first
        capacity = (sponsor.sponsor or {}).get("capacity", 1)
        if len([s for s in store.active_sponsorships(self.db, sponsor.person_id)
                if s.sponsor_id == sponsor.person_id]) >= capacity:
            raise Conflict("you already sponsor as many people as you said you could")
        return self._start_sponsorship(sponsor.person_id, seeker.person_id, by=actor)

    def _start_sponsorship(self, sponsor_id, seeker_id, by):
        """From now on each may see the other's contact: profiles reveals it on this event.
        `by` (the sponsor or the seeker) made the last yes: the reveal counts against them."""
        now = utcnow()
        self._refuse_if_slowed(sponsor_id, by, now)
        other_id = seeker_id if by == sponsor_id else sponsor_id
        self._count_reveal(by, other_id, store.BY_SPONSORSHIP, now)
        started = store.Sponsorship(sponsor_id=sponsor_id, seeker_id=seeker_id,
                                    started_at=now, status=store.ACTIVE)
        self.db.add(started)
        self.db.flush()
        self.outbox.add(self.db, events.SPONSORSHIP_STARTED, {
            "sponsorship_id": started.sponsorship_id, "sponsor_id": started.sponsor_id,
            "seeker_id": started.seeker_id, "started_at": started.started_at})
        return started

    def _sponsorship_from_proposal(self, match):
        """The seeker accepted a sponsor the round proposed: the sponsor already said yes by
        offering places, so this starts the sponsorship as a mutual swipe does."""
        if store.active_sponsorship(self.db, match.donor_id, match.seeker_id):
            return
        if any(s.seeker_id == match.seeker_id
               for s in store.active_sponsorships(self.db, match.seeker_id)):
            raise Conflict("someone already sponsors you")
        sponsor = self.db.get(store.Candidate, match.donor_id)
        capacity = (sponsor.sponsor or {}).get("capacity", 0) if sponsor else 0
        if store.sponsoring(self.db, match.donor_id) >= capacity:
            raise Conflict("this sponsor has no place left")  # a swipe took it meanwhile
        self._start_sponsorship(match.donor_id, match.seeker_id, by=match.seeker_id)

    # --- limits on revealing contacts -------------------------------------------------------------

    def _count_reveal(self, person_id, other_id, how, now):
        """Record a contact revealed by the person's own act, or refuse it (LimitReached, nothing
        written) once their daily limit is reached (reveals.py), however the reveal happens."""
        # One person's reveals are counted one after the other (their row is the lock).
        self.db.get(store.Candidate, person_id, with_for_update=True)
        made = store.reveals_since(self.db, person_id, now - reveals.REVEAL_WINDOW)
        limit = self.config.get("REVEALS_PER_DAY", reveals.REVEALS_PER_DAY)
        allowed_at = reveals.next_reveal_at(made, now, limit)
        if allowed_at is not None:
            raise LimitReached(
                f"You have revealed {limit} contacts in the last 24 hours, as many as allowed: "
                f"the next one is possible from {allowed_at:%Y-%m-%d %H:%M} UTC.",
                (allowed_at - now).total_seconds())
        self.db.add(store.ContactReveal(person_id=person_id, other_id=other_id, how=how,
                                        revealed_at=now))

    def _refuse_if_slowed(self, sponsor_id, by, now):
        """A sponsor who ended many sponsorships lately waits before the next (reveals.py)."""
        allowed_at = self._waiting_until(sponsor_id, now)
        if allowed_at is None:
            return
        ended = store.endings_by_sponsor_since(self.db, sponsor_id, now - reveals.ENDINGS_WINDOW)
        if by != sponsor_id:   # a seeker liking them back is not told why, only that it waits
            raise Conflict("this sponsor cannot start a sponsorship at the moment")
        raise LimitReached(
            f"You ended {len(ended)} sponsorships in the last {reveals.ENDINGS_WINDOW.days} days: "
            f"you may start another from {allowed_at:%Y-%m-%d %H:%M} UTC.",
            (allowed_at - now).total_seconds())

    def _waiting_until(self, sponsor_id, now):
        ended = store.endings_by_sponsor_since(self.db, sponsor_id, now - reveals.ENDINGS_WINDOW)
        return reveals.next_sponsorship_at(ended, now)

    @serves(rpc.matching.take_reveal)
    def take_reveal(self, person_id, other_id):
        """Profiles counts a consent given by the person against the same daily limit, before it
        writes anything: LimitReached refuses it."""
        with self.db.begin():
            self._count_reveal(person_id, other_id, store.BY_CONSENT, utcnow())
        return {"done": True}

    @serves(rpc.matching.sponsors_ending_often)
    def sponsors_ending_often(self, page, page_size):
        """For operators: sponsors who ended more sponsorships lately than the few that cost
        nothing, the most endings first, with when they may sponsor again."""
        now = utcnow()
        endings = store.sponsor_endings_since(self.db, now - reveals.ENDINGS_WINDOW)
        shown = sorted(((sponsor_id, ended) for sponsor_id, ended in endings.items()
                        if reveals.ends_often(ended, now)),
                       key=lambda pair: (-len(pair[1]), -max(pair[1]).timestamp()))
        start = (page - 1) * page_size
        names = store.candidates_by_id(self.db, [s for s, _ in shown[start:start + page_size]])
        return {"items": [{
            "sponsor_id": sponsor_id,
            "display_name": names[sponsor_id].display_name if sponsor_id in names else None,
            "endings": len(ended), "last_ended_at": max(ended),
            "next_sponsorship_at": reveals.next_sponsorship_at(ended, now)}
            for sponsor_id, ended in shown[start:start + page_size]],
            "page": page, "page_size": page_size, "total": len(shown)}

    def _locale(self, person_id):
        candidate = self.db.get(store.Candidate, person_id)
        return candidate.locale if candidate is not None else "fr"

    @serves(rpc.matching.sponsorships_of)
    def sponsorships_of(self, person_id):
        return store.active_sponsorships(self.db, person_id)

    def _sponsor(self, sponsor_id):
        candidate = self.db.get(store.Candidate, sponsor_id)
        if candidate is None or "sponsor" not in (candidate.roles or ()) or not candidate.sponsor:
            raise Forbidden("only sponsors have a feed of job seekers")
        return sponsorship.Sponsor(
            person_id=candidate.person_id, languages=tuple(candidate.languages),
            skills=tuple(candidate.skills), occupations=tuple(candidate.sponsor.get("occupations", ())),
            radius_km=candidate.sponsor.get("radius_km", 20), latitude=candidate.latitude,
            longitude=candidate.longitude)

    @staticmethod
    def _card(candidate, locale):
        # Labelled in the sponsor's profile language; the codes let a page name them in its own.
        return {"id": candidate.person_id, "display_name": candidate.display_name,
                "roles": candidate.roles,
                "occupation": occupations.label(candidate.occupation, locale),
                "target_occupation": occupations.label(candidate.target_occupation, locale),
                "occupation_code": candidate.occupation,
                "target_occupation_code": candidate.target_occupation,
                "skills": candidate.skills, "neighbourhood": candidate.neighbourhood,
                "own_words": candidate.own_words, "languages": candidate.languages}

    @handles(events.PERSON_ERASED)
    def on_person_erased(self, session, erased):
        person_id = erased["person_id"]
        remember_erased(session, person_id)
        # Scrub first: the match_cancelled events written below name the person, and must go out.
        scrub_messages(session, person_id)
        # Whoever they were paired with goes back in line (and a donor's unit back on offer).
        for match in store.matches_of(session, person_id):
            if match.status == store.PROPOSED:
                self._release(session, match, store.CANCELLED)
            elif match.status == store.ACCEPTED:
                self._cancel(session, match, by=None, left=True)
        # Their messages leave every conversation (the other's stay theirs to read).
        session.execute(delete(store.MatchMessage).where(store.MatchMessage.author_id == person_id))
        # The question three months on, and their answer: the figures no longer count them.
        self._erase_outcome_survey(session, person_id)
        # Reviews they returned or received go whole: comments, file, rating and thanks are
        # about both people.
        session.execute(delete(store.Review).where(or_(store.Review.donor_id == person_id,
                                                       store.Review.seeker_id == person_id)))
        for model in (store.Candidate, store.Offer, store.Request):
            session.execute(delete(model).where(model.person_id == person_id))
        session.execute(delete(store.Swipe).where(or_(store.Swipe.person_id == person_id,
                                                      store.Swipe.other_id == person_id)))
        session.execute(delete(store.InterestTold).where(or_(
            store.InterestTold.sponsor_id == person_id, store.InterestTold.seeker_id == person_id)))
        for ended in store.active_sponsorships(session, person_id):
            ended.end(by=None, at=utcnow())   # nobody chose it: it counts for no one
        session.execute(delete(store.ContactReveal).where(store.ContactReveal.person_id == person_id))
        session.execute(update(store.ContactReveal).where(store.ContactReveal.other_id == person_id)
                        .values(other_id=None))

    def _release(self, session, match, status):
        match.status, match.decided_at = status, utcnow()
        session.execute(update(store.Request).where(store.Request.request_id == match.request_id,
                                                    store.Request.status == store.PROPOSED)
                        .values(status=store.OPEN))
        _give_unit_back(session, match.pledge_id)
        # The request and the unit are back in line: a round pairs them again soon.
        self.round_due_on_arrival(session, match.kind)

    # --- rounds -------------------------------------------------------------------------------

    @serves(rpc.matching.run_round)
    def run_round(self, kind):
        return self._run_round(kind)

    @timer(interval=60)
    def run_due_rounds(self):
        """Each kind of help gets a round every ROUND_EVERY_MINUTES without anyone asking."""
        every = self.config.get("ROUND_EVERY_MINUTES", 60)
        if not every:
            return
        for kind in REQUEST_KINDS:
            last = store.last_round_at(self.db, kind)
            self.db.rollback()  # end the read: the round takes its own transactions
            if last is None or utcnow() - last >= timedelta(minutes=every):
                self._run_round(kind)

    @timer(interval=60)
    def expire_proposals(self):
        """A proposal left unanswered lapses: the unit is freed, the pair is not proposed again."""
        cutoff = utcnow() - timedelta(hours=self.config.get("PROPOSAL_EXPIRY_HOURS", 72))
        with self.db.begin():
            for match in store.proposals_older_than(self.db, cutoff):
                self._release(self.db, match, store.EXPIRED)

    def _market(self, kind, now, records=True, seeker_id=None):
        """What a round of this kind pairs: open requests, offers with units, the pairs never
        proposed again, blocks, and the context. The outlook (reach.py) counts the same market.
        `records`: the donors' track records, which only weigh a pair (no rule depends on them).
        `seeker_id`: only that person's requests (a seeker's outlook needs no one else's)."""
        sponsoring = kind == SPONSORSHIP
        # Somebody already sponsored (a mutual swipe, say) needs no sponsor from a round.
        sponsored = store.sponsored_seekers(self.db) if sponsoring else frozenset()
        seekers = [_seeker_of(r, c, now) for r, c in store.open_requests(self.db, kind, seeker_id)
                   if r.person_id not in sponsored]
        offers = [_offer_of(o, c, kind) for o, c in store.open_offers(self.db, kind, now.date())]
        if sponsoring:
            # A sponsor waiting after ending many sponsorships is not proposed either: the
            # seeker's yes would only be refused.
            endings = store.sponsor_endings_since(self.db, now - reveals.ENDINGS_WINDOW)
            offers = [o for o in offers if reveals.next_sponsorship_at(
                endings.get(o.person_id, ()), now) is None]
        likes, passes = store.swipes(self.db)
        context = domain.Context(
            meeting_minutes=MEETING_MINUTES.get(kind), week_start=now,
            met_before=store.pairs_made_before(self.db),
            weights=domain.Weights.from_overrides(self.config.get("AFFINITY_WEIGHTS", {})),
            likes=likes, passes=passes,
            records=self.track_records(kind) if records else {},
            parted=store.parted_pairs(self.db, kind))
        return (seekers, offers, store.declined_pairs(self.db, kind), blocked_pairs(self.db),
                context)

    def _run_round(self, kind):
        now = utcnow()
        with self.db.begin():
            sponsoring = kind == SPONSORSHIP
            if sponsoring:
                _refresh_sponsor_places(self.db)
            seekers, offers, excluded, blocked, context = self._market(kind, now)
        score = domain.sponsorship_affinity if sponsoring else domain.affinity
        # The assignment is CPU-bound: run it in a thread so heartbeats and other calls go on.
        plan = tpool.execute(domain.plan_round, seekers, offers, excluded, blocked, context, score)
        with self.db.begin():
            report = store.Round(kind=kind, started_at=now, requests=plan.requests,
                                 offers=plan.offers, edges=plan.edges, matched=0,
                                 greedy_matched=plan.greedy_matched, greedy_total=plan.greedy_total,
                                 stable_matched=plan.stable_matched, stable_total=plan.stable_total)
            self.db.add(report)
            self.db.flush()
            proposed = [p for p in plan.pairings if self._propose(report, p, now)]
            report.matched = len(proposed)
            report.total_affinity = sum(p.affinity.score for p in proposed)
            report.mean_affinity = report.total_affinity / len(proposed) if proposed else None
        return report

    def _propose(self, report, pairing, now):
        """Record one proposal unless a concurrent round already took the request or the unit."""
        took_request = self.db.execute(
            update(store.Request).where(store.Request.request_id == pairing.seeker.request_id,
                                        store.Request.status == store.OPEN)
            .values(status=store.PROPOSED)).rowcount
        took_unit = took_request and self.db.execute(
            update(store.Offer).where(store.Offer.pledge_id == pairing.offer.pledge_id,
                                      store.Offer.available > 0)
            .values(available=store.Offer.available - 1)).rowcount
        if not took_unit:
            if took_request:
                self.db.execute(update(store.Request)
                                .where(store.Request.request_id == pairing.seeker.request_id)
                                .values(status=store.OPEN))
            return False
        match = store.Match(
            round_id=report.id, kind=report.kind, request_id=pairing.seeker.request_id,
            pledge_id=pairing.offer.pledge_id, seeker_id=pairing.seeker.person_id,
            donor_id=pairing.offer.person_id, affinity=pairing.affinity.score,
            reasons=list(pairing.affinity.reasons),
            terms=[list(term) for term in pairing.affinity.terms],
            status=store.PROPOSED, proposed_at=now)
        self.db.add(match)
        self.db.flush()
        self.outbox.add(self.db, events.MATCH_PROPOSED, {
            "match_id": match.match_id, "round_id": report.id, "kind": match.kind,
            "request_id": match.request_id, "pledge_id": match.pledge_id,
            "seeker_id": match.seeker_id, "donor_id": match.donor_id,
            "affinity": match.affinity, "reasons": match.reasons,
            "expires_at": reach.answer_by(now, self.config.get("PROPOSAL_EXPIRY_HOURS", 72))})
        return True

    # --- decisions ----------------------------------------------------------------------------

    @serves(rpc.matching.matches_of)
    def matches_of(self, person_id):
        locale, grace = self._locale(person_id), self.turnaround().grace
        return [self._seen_by(person_id, _shown(match, locale, grace), match)
                for match in store.matches_of(self.db, person_id)]

    def _shown_to(self, match, person_id):
        return _shown(match, self._locale(person_id), self.turnaround().grace)

    def _seen_by(self, person_id, shown, match):
        other_id = match.donor_id if match.seeker_id == person_id else match.seeker_id
        return {**shown, "status": _status_seen_by(shown["status"], other_id,
                                                   blocked_by(self.db, person_id)),
                "review_state": self._review_state(match),
                "answer_by": reach.answer_by(match.proposed_at, self.config.get(
                    "PROPOSAL_EXPIRY_HOURS", 72)) if match.status == store.PROPOSED else None}

    def _match_seen_by(self, person_id, match):
        return self._seen_by(person_id, _shown(match, self._locale(person_id)), match)

    @serves(rpc.matching.explain)
    def explain(self, match_id, person_id):
        """Why this pair was made: each term and its weight, and the same in words."""
        match = self.db.get(store.Match, match_id)
        if match is None or person_id not in (match.seeker_id, match.donor_id):
            raise NotFound(f"no match {match_id} of this person")
        shown = _shown(match, self._locale(person_id))
        return {"match_id": match.match_id, "affinity": match.affinity,
                "reasons": shown["reasons"], "reason_data": shown["reason_data"],
                "terms": [{"term": name, "weight": weight} for name, weight in match.terms]}

    @serves(rpc.matching.accept)
    def accept(self, match_id, person_id):
        with self.db.begin():
            match = self._decidable(match_id, person_id)
            if match.status == store.ACCEPTED:
                return self._shown_to(match, person_id)  # accepting twice is one acceptance
            if match.status != store.PROPOSED:
                raise Conflict(f"this match was already {match.status}")
            if match.kind == SPONSORSHIP:
                self._sponsorship_from_proposal(match)
            match.status, match.decided_at = store.ACCEPTED, utcnow()
            match.accepted_at = match.decided_at   # the conversation opens
            self.deadline_for(match)               # and the time to give the help runs
            self.db.execute(update(store.Request).where(store.Request.request_id == match.request_id)
                            .values(status=store.ACCEPTED))
            offer = self.db.get(store.Offer, match.pledge_id)
            self.outbox.add(self.db, events.MATCH_ACCEPTED, self._accepted_payload(match, offer))
            return self._shown_to(match, person_id)

    @staticmethod
    def _accepted_payload(match, offer):
        return {"match_id": match.match_id, "kind": match.kind, "request_id": match.request_id,
                "pledge_id": match.pledge_id, "seeker_id": match.seeker_id,
                "donor_id": match.donor_id, "remote": offer.remote}

    @serves(rpc.matching.decline)
    def decline(self, match_id, person_id):
        with self.db.begin():
            match = self._decidable(match_id, person_id)
            if match.status != store.DECLINED:
                if match.status != store.PROPOSED:
                    raise Conflict(f"this match was already {match.status}")
                # The request goes back in line and the unit is free again; the pair is never
                # re-proposed.
                self._release(self.db, match, store.DECLINED)
            return self._shown_to(match, person_id)

    @serves(rpc.matching.cancel)
    def cancel(self, match_id, person_id):
        """Either person calls off an accepted match: the unit goes back to the donor."""
        with self.db.begin():
            match = self.db.get(store.Match, match_id, with_for_update=True)
            if match is None or person_id not in (match.seeker_id, match.donor_id):
                raise NotFound(f"no match {match_id} of this person")
            if match.status != store.CANCELLED:
                if match.status != store.ACCEPTED:
                    raise Conflict(
                        f"this match is {match.status}: only an accepted match is cancelled")
                self._cancel(self.db, match, by=person_id)
            return self._shown_to(match, person_id)

    def _cancel(self, session, match, by, left=False):
        """`by`: who called the match off, or None when nobody chose to (an erasure).
        `left`: one of the two erased their account (scheduling tells the partner itself)."""
        match.status, match.decided_at = store.CANCELLED, utcnow()
        if match.kind == SPONSORSHIP:
            # The sponsorship this match started ends with it, and the sponsor's place comes back.
            ended = store.active_sponsorship(session, match.donor_id, match.seeker_id)
            if ended is not None:
                ended.end(by=by, at=match.decided_at)
        session.execute(update(store.Request).where(store.Request.request_id == match.request_id)
                        .values(status=store.OPEN))
        _give_unit_back(session, match.pledge_id)
        self.round_due_on_arrival(session, match.kind)
        offer = session.get(store.Offer, match.pledge_id)
        self.outbox.add(session, events.MATCH_CANCELLED,
                        {**self._accepted_payload(match, offer), "left": left})

    # --- conversations ------------------------------------------------------------------------

    def _conversation(self, match_id, person_id, lock=False):
        """(its id, the kind of help, its Conversation), if the person takes part in it; else
        NotFound, exactly as for a match that does not exist.

        A conversation belongs to an accepted match, or to a sponsorship a mutual yes started
        (no match is proposed then: the sponsorship's id names it). A sponsorship a round proposed
        talks on its match, whichever of the two ids names it, so the pair never has two."""
        match = self.db.get(store.Match, match_id, with_for_update=lock)
        started = None if match else self.db.get(store.Sponsorship, match_id,
                                                 with_for_update=lock)
        if started is not None:
            match = store.sponsorship_match(self.db, started)
        if match is not None:
            match_id = match.match_id
            talk = conversation.Conversation(
                seeker_id=match.seeker_id, donor_id=match.donor_id, status=match.status,
                accepted=match.accepted_at is not None,
                blocked=blocked_either_way(self.db, match.seeker_id, match.donor_id))
            kind = match.kind
        else:
            if started is None:
                raise NotFound(f"no conversation for match {match_id}")
            talk = conversation.Conversation(
                seeker_id=started.seeker_id, donor_id=started.sponsor_id,
                status=conversation.ACCEPTED if started.status == store.ACTIVE
                else conversation.CANCELLED, accepted=True,
                blocked=blocked_either_way(self.db, started.seeker_id, started.sponsor_id))
            kind = SPONSORSHIP
        if not talk.readable_by(person_id):
            raise NotFound(f"no conversation for match {match_id}")
        return match_id, kind, talk

    @serves(rpc.matching.messages)
    def messages(self, match_id, person_id, page, page_size):
        """A page of the conversation, oldest first; where the newest are; whether it is open."""
        talk_id, _, talk = self._conversation(match_id, person_id)
        offset, limit = conversation.page_slice(page, page_size)
        rows, total = store.messages_page(self.db, talk_id, offset, limit)
        return {"items": [_message_seen_by(row, person_id) for row in rows], "page": page,
                "page_size": page_size, "total": total,
                "last_page": conversation.last_page(total, page_size),
                "open": talk.closed_because is None, "closed_because": talk.closed_because}

    @serves(rpc.matching.post_message)
    def post_message(self, match_id, person_id, body):
        """Write to the other person of an accepted match; they are told (notifications)."""
        try:
            body = conversation.checked_body(body)
        except conversation.BadBody as refused:
            raise InvalidInput({"body": refused.messages}) from None
        with self.db.begin():
            talk_id, kind, talk = self._conversation(match_id, person_id, lock=True)
            try:
                talk.check_post(person_id)
            except conversation.Closed as closed:
                raise Conflict(CLOSED_MESSAGES[closed.reason]) from None
            message = store.MatchMessage(match_id=talk_id, author_id=person_id, body=body,
                                         posted_at=utcnow())
            self.db.add(message)
            self.db.flush()
            self.outbox.add(self.db, events.MESSAGE_POSTED, {
                "message_id": message.message_id, "match_id": talk_id, "kind": kind,
                "author_id": person_id, "recipient_id": talk.other(person_id),
                "posted_at": message.posted_at})
            return _message_seen_by(message, person_id)

    # --- a review's document --------------------------------------------------------------------

    @serves(rpc.matching.document_request)
    def document_request(self, match_id, person_id):
        """Which request an accepted review match is about, for its donor or seeker (profiles
        holds the document); NotFound for anyone else, before acceptance, once it ended."""
        match = self.db.get(store.Match, match_id)
        if match is None or not document_access.document_readable_by(
                person_id, kind=match.kind, status=match.status, seeker_id=match.seeker_id,
                donor_id=match.donor_id,
                blocked=blocked_either_way(self.db, match.seeker_id, match.donor_id)):
            raise NotFound(f"no document for match {match_id}")
        return {"match_id": match.match_id, "request_id": match.request_id, "kind": match.kind}

    @serves(rpc.matching.export_person)
    def export_person(self, person_id):
        candidate = self.db.get(store.Candidate, person_id)
        data = {
            "candidate": row_dict(candidate) if candidate else None,
            "offers": [row_dict(o) for o in self.db.scalars(
                select(store.Offer).where(store.Offer.person_id == person_id))],
            "requests": [row_dict(r) for r in self.db.scalars(
                select(store.Request).where(store.Request.person_id == person_id))],
            "matches": [self._seen_by(person_id, row_dict(m), m)
                        for m in store.matches_of(self.db, person_id)],
            "sponsorships": [_own_end_only(row_dict(s), person_id) for s in self.db.scalars(
                select(store.Sponsorship).where(or_(store.Sponsorship.sponsor_id == person_id,
                                                    store.Sponsorship.seeker_id == person_id)))],
            # The person's own likes and passes; others' decisions about them stay theirs.
            "swipes": [row_dict(s) for s in self.db.scalars(
                select(store.Swipe).where(store.Swipe.person_id == person_id))],
            # Contacts the person revealed by their own acts (the daily limit counts them).
            "contact_reveals": [row_dict(r) for r in self.db.scalars(
                select(store.ContactReveal).where(store.ContactReveal.person_id == person_id))],
            "interests_told": [row_dict(i) for i in self.db.scalars(select(store.InterestTold).where(
                or_(store.InterestTold.sponsor_id == person_id,
                    store.InterestTold.seeker_id == person_id)))],
            "messages": _without_outcome_tokens(messages_naming(self.db, person_id)),
            # Their answer three months on (outcome_questions.py), if they were asked.
            "outcome_survey": self._outcome_survey_export(person_id),
            # Every message of the person's conversations, theirs and the other's: what they were
            # told is part of what Binôme holds about their help, and they read it already.
            "conversations": [{**row_dict(m), "mine": m.author_id == person_id}
                              for m in store.messages_in_conversations_of(self.db,
                                                                                  person_id)],
            # The reviews the person returned or received, the annotated file included (base64:
            # it is theirs to have, and a review holds one file of at most 5 MB).
            "reviews": [_review_exported(r) for r in store.reviews_of(self.db, person_id)],
        }
        return {"service": self.name, "data": data}

    def _decidable(self, match_id, person_id):
        match = self.db.get(store.Match, match_id, with_for_update=True)
        # Someone outside the match learns nothing, not even that it exists; the donor in it is
        # told why they cannot decide.
        if match is None or person_id not in (match.seeker_id, match.donor_id):
            raise NotFound(f"no match {match_id}")
        if match.seeker_id != person_id:
            raise Forbidden("only the person who asked for help decides on this match")
        return match
