"""When things happen and why a list is empty (services/matching/reach.py), on small hand-built
markets: the next round from the real schedule, and the reach of a request, a pledge or a sponsor's
deck counted with the round's and the feed's own rules."""
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from services.matching import domain, reach, sponsorship
from services.matching.domain import Context, Offer, Seeker
from shared.availability import Weekly

NOW = datetime(2026, 12, 8, 16, 35, tzinfo=timezone.utc)   # a Tuesday
PARIS = (48.8566, 2.3522)
LYON = (45.764, 4.8357)
VERSAILLES = (48.8049, 2.1204)   # about 17 km from Paris
EVENINGS = Weekly("Europe/Paris", {d: [{"start": "20:00", "end": "22:00"}]
                                   for d in ("mon", "tue", "wed", "thu", "fri")})
LUNCH = Weekly("Europe/Paris", {d: [{"start": "12:00", "end": "14:00"}]
                                for d in ("mon", "tue", "wed", "thu", "fri")})


def seeker(languages=("fr",), place=PARIS, weekly=None, person_id=None):
    return Seeker(request_id=uuid.uuid4(), person_id=person_id or uuid.uuid4(),
                  languages=tuple(languages), skills=(), occupation=None, target_occupation=None,
                  days_waiting=0.0, latitude=place[0] if place else None,
                  longitude=place[1] if place else None, weekly=weekly)


def offer(languages=("fr",), remote=True, radius_km=None, place=PARIS, weekly=None,
          person_id=None, units=1):
    return Offer(pledge_id=uuid.uuid4(), person_id=person_id or uuid.uuid4(),
                 languages=tuple(languages), skills=(), occupation=None, units=units,
                 remote=remote, radius_km=radius_km, latitude=place[0] if place else None,
                 longitude=place[1] if place else None, weekly=weekly)


def widening(found, change, value=None):
    return next((w.more for w in found.widenings if (w.change, w.value) == (change, value)), None)


# --- the next round ---------------------------------------------------------------------------

def test_the_next_round_comes_an_interval_after_the_last_one_of_that_kind():
    last = NOW - timedelta(minutes=35)
    assert reach.next_round_at(last, 60, NOW) == last + timedelta(minutes=60)


def test_a_round_already_due_runs_at_the_timers_next_tick():
    assert reach.next_round_at(NOW - timedelta(minutes=61), 60, NOW) == NOW + reach.TIMER_TICK


def test_a_kind_that_never_had_a_round_gets_one_at_the_next_tick():
    assert reach.next_round_at(None, 60, NOW) == NOW + reach.TIMER_TICK


@pytest.mark.parametrize("every", [0, None])
def test_no_next_round_when_rounds_only_run_on_demand(every):
    assert reach.next_round_at(NOW - timedelta(minutes=5), every, NOW) is None


def test_a_round_due_on_arrivals_comes_before_the_schedules():
    last = NOW - timedelta(minutes=5)
    soon = NOW + timedelta(seconds=20)
    assert reach.next_round_at(last, 60, NOW, due_at=soon) == soon
    # Rounds only on arrivals (the schedule off) still have a next round when one is due.
    assert reach.next_round_at(last, 0, NOW, due_at=soon) == soon
    # The schedule's comes first: the due one waits its turn.
    assert reach.next_round_at(NOW - timedelta(minutes=59, seconds=50), 60, NOW,
                               due_at=NOW + timedelta(seconds=30)) == NOW + timedelta(seconds=10)


def test_a_round_due_on_arrivals_but_late_runs_at_its_timers_next_tick():
    assert reach.next_round_at(NOW - timedelta(minutes=5), 60, NOW,
                               due_at=NOW - timedelta(seconds=1)) == NOW + reach.DUE_TICK


def test_a_proposal_must_be_answered_within_the_expiry_hours():
    assert reach.answer_by(NOW, 72) == NOW + timedelta(hours=72)


# --- the rules, as the round applies them -----------------------------------------------------

def test_the_rules_a_pair_fails_are_exactly_those_that_keep_it_out_of_the_round():
    """Whatever the pair, it has an edge in the round exactly when it fails no rule."""
    context = Context(meeting_minutes=30, week_start=NOW)
    people = [seeker(), seeker(("en",)), seeker(place=None), seeker(place=LYON),
              seeker(weekly=EVENINGS), seeker(weekly=LUNCH), seeker(("fr", "en"), VERSAILLES)]
    offers = [offer(), offer(("en",)), offer(remote=False), offer(remote=False, radius_km=30),
              offer(weekly=LUNCH), offer(("en",), remote=False, weekly=LUNCH), offer(place=None)]
    free = reach.FreeTogether()
    for s in people:
        for o in offers:
            failed = reach.failed_rules(s, o, frozenset(), frozenset(), context, free=free)
            assert (not failed) == (domain.affinity(s, o, context=context) is not None), (s, o)


def test_each_rule_is_named():
    context = Context(meeting_minutes=30, week_start=NOW)
    s = seeker(("fr",), LYON, EVENINGS)
    o = offer(("en",), remote=False, weekly=LUNCH)
    failed = reach.failed_rules(s, o, frozenset({(s.request_id, o.pledge_id)}), frozenset(),
                                context)
    assert failed == {"answered", "language", "distance", "time"}


# --- a seeker's request -----------------------------------------------------------------------

def test_a_seeker_learns_how_many_donors_each_rule_leaves_out_and_what_would_reach_more():
    me = seeker(("fr",), PARIS)
    english = [offer(("en",)) for _ in range(3)]
    german = [offer(("de",))]
    far = [offer(remote=False, place=LYON) for _ in range(2)]
    near = [offer(remote=False, radius_km=5)]
    found = reach.of_request(me, english + german + far + near, context=Context())
    assert found.total == 7
    assert found.reachable == 1
    assert found.excluded == {"language": 4, "distance": 2}
    assert widening(found, "language", "en") == 3
    assert widening(found, "language", "de") == 1
    assert found.widenings[0].value == "en"   # the change that reaches the most comes first


def test_a_seeker_without_a_place_is_told_how_many_in_person_donors_a_place_could_bring():
    me = seeker(place=None)
    found = reach.of_request(me, [offer(remote=False) for _ in range(2)] + [offer()],
                             context=Context())
    assert (found.reachable, found.excluded) == (1, {"distance": 2})
    assert widening(found, "location") == 2


def test_a_seeker_with_a_place_is_never_told_to_move():
    found = reach.of_request(seeker(place=LYON), [offer(remote=False)], context=Context())
    assert found.excluded == {"distance": 1}
    assert widening(found, "location") is None


def test_more_free_time_reaches_donors_with_no_common_slot():
    context = Context(meeting_minutes=30, week_start=NOW)
    me = seeker(weekly=EVENINGS)
    found = reach.of_request(me, [offer(weekly=LUNCH), offer(weekly=LUNCH), offer(("en",),
                                                                                 weekly=LUNCH)],
                             context=context)
    assert found.excluded == {"time": 3, "language": 1}
    # Adding weekday lunch and coffee times reaches the two who speak French; not the third.
    assert widening(found, "availability") == 2


def test_pairs_answered_before_are_counted_apart_and_not_widened():
    me = seeker()
    declined = offer()
    found = reach.of_request(me, [declined, offer()], excluded=frozenset(
        {(me.request_id, declined.pledge_id)}), context=Context())
    assert (found.reachable, found.excluded, found.widenings) == (1, {"answered": 1}, ())


def test_a_change_is_only_suggested_when_it_alone_lets_a_donor_in():
    # English would not be enough: this donor also helps in person in Lyon.
    found = reach.of_request(seeker(), [offer(("en",), remote=False, place=LYON)],
                             context=Context())
    assert found.excluded == {"language": 1, "distance": 1}
    assert found.widenings == ()


def test_ones_own_pledge_is_not_counted():
    me = seeker()
    found = reach.of_request(me, [offer(person_id=me.person_id), offer()], context=Context())
    assert (found.total, found.reachable) == (1, 1)


# --- a donor's pledge -------------------------------------------------------------------------

def test_an_in_person_donor_learns_how_many_more_requests_remote_help_or_a_longer_way_reaches():
    mine = offer(remote=False, radius_km=10)
    nearby = [seeker(place=PARIS)]
    versailles = [seeker(place=VERSAILLES) for _ in range(2)]
    lyon = [seeker(place=LYON) for _ in range(3)]
    found = reach.of_offer(mine, nearby + versailles + lyon, context=Context(), can_go_remote=True)
    assert (found.total, found.reachable, found.excluded) == (6, 1, {"distance": 5})
    assert widening(found, "remote") == 5
    assert widening(found, "radius", 20) == 2    # the first step that reaches anyone more
    assert found.widenings[0].change == "remote"


def test_a_mentor_is_not_told_to_help_remotely():
    mentor = offer(remote=False, radius_km=None)
    found = reach.of_offer(mentor, [seeker(place=LYON)], context=Context(), can_go_remote=False)
    assert widening(found, "remote") is None


def test_a_donor_learns_which_language_would_open_requests():
    found = reach.of_offer(offer(("fr",)), [seeker(("en",)), seeker(("en", "es")), seeker()],
                           context=Context(), can_go_remote=True)
    assert found.excluded == {"language": 2}
    assert widening(found, "language", "en") == 2
    assert widening(found, "language", "es") == 1


# --- the sponsor's deck -----------------------------------------------------------------------

def listed(languages=("fr",), place=PARIS):
    return sponsorship.Listed(person_id=uuid.uuid4(), languages=tuple(languages), skills=(),
                              target_occupation=None, latitude=place[0] if place else None,
                              longitude=place[1] if place else None, first_seen_at=NOW)


def test_an_empty_deck_says_who_is_left_out_by_what_and_what_would_bring_cards_back():
    deck = sponsorship.Deck()
    swiped = listed()
    for each in [swiped, listed(("en",)), listed(("en",)), listed(place=LYON),
                 listed(place=VERSAILLES)]:
        deck.put(each)
    me = sponsorship.Sponsor(person_id=uuid.uuid4(), languages=("fr",), skills=(), occupations=(),
                             radius_km=10, latitude=PARIS[0], longitude=PARIS[1])
    found = reach.of_deck(deck, me, {swiped.person_id}, NOW)
    assert (found.total, found.reachable) == (5, 0)
    assert found.excluded == {"answered": 1, "language": 2, "distance": 2}
    assert widening(found, "language", "en") == 2
    assert widening(found, "radius", 20) == 1
    assert widening(found, "radius", 500) == 2


def test_the_deck_counts_agree_with_the_feed():
    deck = sponsorship.Deck()
    for each in [listed(), listed(("en",)), listed(place=LYON)]:
        deck.put(each)
    me = sponsorship.Sponsor(person_id=uuid.uuid4(), languages=("fr",), skills=(), occupations=(),
                             radius_km=10, latitude=PARIS[0], longitude=PARIS[1])
    assert reach.of_deck(deck, me, set(), NOW).reachable == deck.counted_page(
        me, NOW, set(), 0, 20)[1] == 1


# --- sponsorship requests: the sponsors' places, with the feed's own rules ---------------------

def test_a_sponsorship_request_counts_sponsors_out_of_reach_by_the_feeds_rule():
    me = seeker(place=PARIS)
    places = [replace(offer(remote=False, radius_km=10, place=LYON)),
              offer(remote=False, radius_km=10, place=PARIS), offer(("en",))]
    found = reach.of_request(me, places, context=Context(), sponsoring=True)
    assert (found.reachable, found.excluded) == (1, {"distance": 1, "language": 1})
