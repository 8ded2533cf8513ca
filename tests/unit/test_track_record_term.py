"""A donor's track record (help given on time, late, or not at all) as an affinity term, explained
like the others ("help given on time: 3 of 3"), with its weight in Weights."""
import uuid

import pytest

from services.matching import domain
from services.matching.domain import Context, Offer, Seeker, Weights, affinity, plan_round
from services.matching.track_record import LATE, ON_TIME, SILENT, TrackRecord, outcome
from shared.explanations import words


def seeker(**more):
    return Seeker(request_id=uuid.uuid4(), person_id=uuid.uuid4(), languages=("fr",), skills=(),
                  occupation=None, target_occupation=more.pop("target_occupation", None),
                  days_waiting=0.0, **more)


def offer(person_id=None, occupation=None):
    return Offer(pledge_id=uuid.uuid4(), person_id=person_id or uuid.uuid4(), languages=("fr",),
                 skills=(), occupation=occupation, units=1)


def term(found):
    return dict(found.terms).get("track_record")


# --- the record ---------------------------------------------------------------------------------

def test_each_end_of_a_match_with_a_deadline_is_on_time_late_or_silent_and_a_running_one_none():
    assert outcome(given_on_time=True, reassigned=False) == ON_TIME
    assert outcome(given_on_time=False, reassigned=False) == LATE
    assert outcome(given_on_time=None, reassigned=True) == SILENT
    assert outcome(given_on_time=None, reassigned=False) is None


def test_the_score_averages_on_time_late_and_silent_and_needs_three_ends_to_count_fully():
    assert TrackRecord().score == 0
    assert TrackRecord(on_time=3).score == 1
    assert TrackRecord(on_time=1).score == pytest.approx(1 / 3)
    assert TrackRecord(silent=4).score == -1
    assert TrackRecord(late=2).score == pytest.approx(-0.5 * 2 / 3)
    assert TrackRecord(on_time=2, late=1, silent=1).score == pytest.approx((2 - 0.5 - 1) / 4)
    assert TrackRecord.of([ON_TIME, None, LATE, SILENT, ON_TIME]) == TrackRecord(2, 1, 1)


# --- the term -----------------------------------------------------------------------------------

def test_a_donor_who_gave_on_time_rises_and_the_reason_says_so_in_both_languages():
    donor = offer()
    context = Context(records={donor.person_id: TrackRecord(on_time=3)})
    found = affinity(seeker(), donor, context=context)
    assert term(found) == domain.TRACK_RECORD
    assert found.score == domain.BASE + domain.TRACK_RECORD
    assert "help given on time: 3 of 3" in words(found.reasons, "en")
    assert "aide rendue dans les délais : 3 sur 3" in words(found.reasons, "fr")
    assert words(found.reasons, "en")[-1].startswith("you both speak")   # languages stay last


def test_a_donor_often_late_or_silent_weighs_less_and_is_told_so_but_stays_possible():
    donor = offer(occupation="M1805")
    context = Context(records={donor.person_id: TrackRecord(on_time=1, late=1, silent=2)})
    found = affinity(seeker(target_occupation="M1805"), donor, context=context)
    assert term(found) == pytest.approx((1 - 0.5 - 2) / 4)
    assert "late or without news: 3 of 4" in words(found.reasons, "en")
    assert "en retard ou sans nouvelles : 3 sur 4" in words(found.reasons, "fr")
    never = offer()
    alone = affinity(seeker(), never, context=Context(records={never.person_id: TrackRecord(
        silent=5)}))
    assert alone.score == pytest.approx(domain.FLOOR)   # never below the floor


def test_no_record_or_an_even_one_adds_no_term_and_no_reason():
    donor = offer()
    for context in (Context(), Context(records={donor.person_id: TrackRecord(on_time=1, late=2)})):
        found = affinity(seeker(), donor, context=context)
        assert term(found) is None
        assert [r["code"] for r in found.reasons] == ["languages"]


def test_the_weight_is_configurable_and_the_terms_still_add_up():
    weights = Weights.from_overrides({"track_record": 2.5})
    donor = offer()
    found = affinity(seeker(), donor, context=Context(
        weights=weights, records={donor.person_id: TrackRecord(on_time=3)}))
    assert term(found) == 2.5
    assert found.score == pytest.approx(sum(weight for _, weight in found.terms))


def test_between_two_donors_alike_the_round_picks_the_one_who_gives_on_time():
    reliable, silent = offer(), offer()
    context = Context(records={reliable.person_id: TrackRecord(on_time=2),
                               silent.person_id: TrackRecord(silent=1)})
    for order in ([reliable, silent], [silent, reliable]):
        (pairing,) = plan_round([seeker()], order, context=context).pairings
        assert pairing.offer is reliable


def test_a_seeker_is_never_proposed_again_the_donor_whose_match_went_to_another():
    asking, donor = seeker(), offer()
    parted = frozenset({frozenset((asking.person_id, donor.person_id))})
    assert affinity(asking, donor, context=Context(parted=parted)) is None
    assert affinity(seeker(), donor, context=Context(parted=parted)) is not None
