"""Matching's pure domain: affinity terms, hard rules, and the optimal assignment of a round."""
import uuid
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from services.matching import domain
from services.matching.domain import Offer, Seeker, affinity, plan_round
from shared.availability import Weekly
from shared.explanations import words
from shared.reference import occupations


def seeker(languages=("fr",), skills=(), occupation=None, target_occupation=None,
           days_waiting=0.0, person_id=None, request_id=None):
    return Seeker(request_id=request_id or uuid.uuid4(), person_id=person_id or uuid.uuid4(),
                  languages=tuple(languages), skills=tuple(skills), occupation=occupation,
                  target_occupation=target_occupation, days_waiting=days_waiting)


def offer(languages=("fr",), skills=(), occupation=None, units=1, person_id=None, pledge_id=None):
    return Offer(pledge_id=pledge_id or uuid.uuid4(), person_id=person_id or uuid.uuid4(),
                 languages=tuple(languages), skills=tuple(skills), occupation=occupation,
                 units=units)


def said(found, locale="en"):
    """The pair's reasons as an English (or French) reader gets them."""
    return words(found.reasons, locale)


# --- hard rules -------------------------------------------------------------------------------

def test_nobody_is_matched_with_themselves():
    me = uuid.uuid4()
    assert affinity(seeker(person_id=me), offer(person_id=me)) is None


def test_a_pair_without_a_shared_language_has_no_edge():
    assert affinity(seeker(languages=("fr",)), offer(languages=("en", "de"))) is None


def test_a_declined_pair_is_never_proposed_again():
    s, o = seeker(), offer()
    assert affinity(s, o) is not None
    assert affinity(s, o, excluded_pairs=frozenset({(s.request_id, o.pledge_id)})) is None


def test_excluding_one_pair_leaves_the_same_request_free_for_another_offer():
    s, declined, other = seeker(), offer(), offer()
    excluded = frozenset({(s.request_id, declined.pledge_id)})
    assert affinity(s, other, excluded) is not None


@pytest.mark.parametrize("order", ["seeker_blocked_donor", "donor_blocked_seeker"])
def test_two_people_one_of_whom_blocked_the_other_are_never_paired(order):
    s, o = seeker(), offer()
    pair = (s.person_id, o.person_id)
    if order == "donor_blocked_seeker":
        pair = pair[::-1]
    assert affinity(s, o, blocked=frozenset({frozenset(pair)})) is None


def test_a_block_between_others_leaves_the_pair_alone():
    s, o = seeker(), offer()
    blocked = frozenset({frozenset((s.person_id, uuid.uuid4())),
                         frozenset((uuid.uuid4(), o.person_id))})
    assert affinity(s, o, blocked=blocked) is not None


# --- affinity terms ---------------------------------------------------------------------------

def test_a_bare_allowed_pair_scores_the_base_and_names_the_shared_languages():
    found = affinity(seeker(languages=("fr", "en")), offer(languages=("en", "fr", "de")))
    assert found.score == domain.BASE
    assert said(found) == ["you both speak English and French"]


# ROME codes (shared/reference/occupations.py): software development, a neighbour of it
# (M1806), general nursing and nursing assistance (neighbours), secondary school teaching.
SOFTWARE, NEXT_TO_SOFTWARE, NURSE, NURSING_ASSISTANT, TEACHER = (
    "M1805", "M1806", "J1506", "J1501", "K2107")


def test_a_donor_working_in_the_target_occupation_adds_its_weight_and_says_why():
    found = affinity(seeker(target_occupation=SOFTWARE), offer(occupation=SOFTWARE))
    assert found.score == domain.BASE + domain.WORKS_IN_TARGET
    assert "works in Software development, the job you are aiming for" in said(found)


def test_a_donor_in_a_neighbouring_occupation_adds_part_of_the_weight_and_says_so():
    assert NEXT_TO_SOFTWARE in occupations.by_code(SOFTWARE).neighbours
    found = affinity(seeker(target_occupation=SOFTWARE), offer(occupation=NEXT_TO_SOFTWARE))
    assert found.score == pytest.approx(
        domain.BASE + domain.WORKS_IN_TARGET * occupations.NEIGHBOUR)
    assert found.score == pytest.approx(domain.BASE + 1.8)
    label = occupations.label(NEXT_TO_SOFTWARE, "en")
    assert f"works in {label}, next to the job you are aiming for" in said(found)


def test_the_same_rome_domain_alone_is_not_a_target_match():
    assert occupations.occupation_closeness(SOFTWARE, "M1607") == occupations.SAME_DOMAIN
    found = affinity(seeker(target_occupation=SOFTWARE), offer(occupation="M1607"))
    assert found.score == domain.BASE
    assert not any("aiming for" in reason for reason in said(found))


def test_a_donor_who_held_the_seekers_current_job_adds_the_starting_point_term():
    found = affinity(seeker(occupation=NURSE), offer(occupation=NURSE))
    assert found.score == domain.BASE + domain.SAME_STARTING_POINT
    assert "also worked in General nursing" in said(found)


def test_reasons_use_english_labels_never_bare_codes_of_known_occupations():
    found = affinity(seeker(occupation=NURSE, target_occupation=SOFTWARE),
                     offer(occupation=SOFTWARE))
    assert not any(code in " ".join(said(found)) for code in (NURSE, SOFTWARE))


def test_an_unknown_code_is_shown_as_it_is():
    found = affinity(seeker(occupation="Z9999"), offer(occupation="Z9999"))
    assert "also worked in Z9999" in said(found)


def test_occupations_compare_case_and_surrounding_space_insensitively():
    found = affinity(seeker(target_occupation="  m1805 "), offer(occupation="M1805"))
    assert found.score == domain.BASE + domain.WORKS_IN_TARGET


def test_missing_occupations_never_count_as_the_same_occupation():
    found = affinity(seeker(occupation=None, target_occupation=None), offer(occupation=None))
    assert found.score == domain.BASE
    found = affinity(seeker(target_occupation=""), offer(occupation=""))
    assert found.score == domain.BASE


def test_shared_skills_count_case_insensitively():
    found = affinity(seeker(skills=("Python", "SQL", "excel")), offer(skills=("python", "Excel")))
    assert found.score == domain.BASE + 2 * domain.PER_SHARED_SKILL
    assert "2 shared skills: excel and python" in said(found)


def test_one_shared_skill_is_singular_in_the_reason():
    found = affinity(seeker(skills=("SQL",)), offer(skills=("sql",)))
    assert "1 shared skill: sql" in said(found)


def test_shared_skills_are_capped():
    skills = [f"skill{i}" for i in range(domain.MAX_SHARED_SKILLS + 3)]
    found = affinity(seeker(skills=skills), offer(skills=skills))
    assert found.score == domain.BASE + domain.PER_SHARED_SKILL * domain.MAX_SHARED_SKILLS
    assert f"{len(skills)} shared skills" in " ".join(said(found))


@pytest.mark.parametrize("days, bonus", [
    (0.0, 0.0),
    (0.9, 0.0),                                              # under a day does not count
    (1.0, domain.PER_DAY_WAITING * 1),
    (3.5, domain.PER_DAY_WAITING * 3.5),
    (domain.MAX_DAYS_WAITING + 20, domain.PER_DAY_WAITING * domain.MAX_DAYS_WAITING),  # capped
])
def test_waiting_time_adds_a_capped_term(days, bonus):
    found = affinity(seeker(days_waiting=days), offer())
    assert found.score == pytest.approx(domain.BASE + bonus)


def test_waiting_reason_gives_whole_days():
    assert "you have been waiting 1 day" in said(affinity(seeker(days_waiting=1.2), offer()))
    assert "you have been waiting 3 days" in said(affinity(seeker(days_waiting=3.7), offer()))


def test_all_terms_add_up():
    found = affinity(
        seeker(occupation=TEACHER, target_occupation=SOFTWARE, skills=("git", "SQL"),
               days_waiting=2),
        offer(occupation=SOFTWARE.lower(), skills=("Git", "sql")))
    expected = (domain.BASE + domain.WORKS_IN_TARGET + 2 * domain.PER_SHARED_SKILL
                + 2 * domain.PER_DAY_WAITING)
    assert found.score == pytest.approx(expected)
    assert len(said(found)) == 4  # target, skills, waiting, languages (not the starting point)


# --- plan_round: capacities, report -----------------------------------------------------------

def test_a_round_prefers_matching_more_people_over_the_best_single_affinity():
    donor = offer(occupation=SOFTWARE, skills=("python",))
    other_donor = offer()
    picky = seeker(target_occupation=SOFTWARE, skills=("python",))  # loves donor, fine with other
    only_donor = seeker(person_id=other_donor.person_id)  # cannot take other_donor: same person
    plan = plan_round([picky, only_donor], [donor, other_donor])
    pairs = {(p.seeker.request_id, p.offer.pledge_id) for p in plan.pairings}
    assert pairs == {(picky.request_id, other_donor.pledge_id),
                     (only_donor.request_id, donor.pledge_id)}


def test_an_offer_takes_at_most_its_units():
    donor = offer(units=2)
    seekers = [seeker() for _ in range(5)]
    plan = plan_round(seekers, [donor])
    assert len(plan.pairings) == 2
    assert len({p.seeker.request_id for p in plan.pairings}) == 2
    assert all(p.offer is donor for p in plan.pairings)


def test_units_of_several_offers_add_up_to_the_capacity_of_the_round():
    seekers = [seeker() for _ in range(6)]
    plan = plan_round(seekers, [offer(units=2), offer(units=3)])
    assert len(plan.pairings) == 5


def test_load_spreads_across_donors_when_affinities_tie():
    first, second = offer(units=2), offer(units=2)
    plan = plan_round([seeker(), seeker()], [first, second])
    assert sorted(p.offer.pledge_id == first.pledge_id for p in plan.pairings) == [False, True]


def test_a_declined_pair_is_left_out_of_the_round_but_the_request_is_matched_elsewhere():
    s = seeker(target_occupation=SOFTWARE)
    declined, other = offer(occupation=SOFTWARE), offer()  # the declined one fits better
    plan = plan_round([s], [declined, other], frozenset({(s.request_id, declined.pledge_id)}))
    assert [p.offer.pledge_id for p in plan.pairings] == [other.pledge_id]
    assert plan.edges == 1


def test_a_blocked_pair_is_left_out_of_the_round_and_the_request_goes_elsewhere():
    s = seeker(target_occupation=SOFTWARE)
    blocked, other = offer(occupation=SOFTWARE), offer()  # the blocked donor fits better
    plan = plan_round([s], [blocked, other], blocked=frozenset({frozenset((blocked.person_id,
                                                                           s.person_id))}))
    assert [p.offer.pledge_id for p in plan.pairings] == [other.pledge_id]
    assert plan.edges == 1


def test_pairings_carry_the_undiscounted_affinity_and_its_reasons():
    s, o = seeker(skills=("sql",)), offer(skills=("SQL",), units=3)
    (pairing,) = plan_round([s], [o]).pairings
    assert pairing.affinity == affinity(s, o)


def test_round_report_counts_requests_offers_and_allowed_pairs():
    fr_donor, en_donor = offer(languages=("fr",), units=3), offer(languages=("en",))
    seekers = [seeker(languages=("fr",)), seeker(languages=("fr", "en")), seeker(languages=("de",))]
    plan = plan_round(seekers, [fr_donor, en_donor])
    assert (plan.requests, plan.offers) == (3, 2)
    assert plan.edges == 3  # pairs, not units: fr-fr, fr/en-fr, fr/en-en; the German speaker none
    assert len(plan.pairings) == 2


def test_mean_affinity_is_the_mean_of_the_chosen_pairs():
    strong = seeker(target_occupation=NURSE)
    weak = seeker()
    plan = plan_round([strong, weak], [offer(occupation=NURSE), offer()])
    scores = sorted(p.affinity.score for p in plan.pairings)
    assert scores == [domain.BASE, domain.BASE + domain.WORKS_IN_TARGET]
    assert plan.mean_affinity == pytest.approx(sum(scores) / 2)


def test_an_empty_round_has_no_mean_affinity():
    plan = plan_round([seeker(languages=("fr",))], [offer(languages=("en",))])
    assert plan.pairings == []
    assert (plan.requests, plan.offers, plan.edges) == (1, 1, 0)
    assert plan.mean_affinity is None
    assert plan_round([], []).mean_affinity is None


# --- in person, meetings, and pairs made before -------------------------------------------------

PARIS_11, MONTREUIL, LYON = (48.8574, 2.3795), (48.8642, 2.4432), (45.7612, 4.8518)
MONDAY = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
MORNINGS = Weekly("Europe/Paris", {"mon": [{"start": "08:00", "end": "09:30"}]})
EVENINGS = Weekly("Europe/Paris", {"mon": [{"start": "18:00", "end": "19:00"}]})
NEW_YORK_EARLY = Weekly("America/New_York", {"mon": [{"start": "02:00", "end": "03:30"}]})


def placed(person, where):
    return replace(person, latitude=where[0], longitude=where[1])


def test_in_person_help_needs_both_places_and_the_donors_radius():
    in_person = replace(placed(offer(), PARIS_11), remote=False, radius_km=10)
    found = affinity(placed(seeker(), MONTREUIL), in_person)
    assert found is not None and any(reason.endswith("km apart") for reason in said(found))
    assert dict(found.terms)["nearby"] > 0
    assert affinity(placed(seeker(), LYON), in_person) is None
    assert affinity(seeker(), in_person) is None  # where the seeker is is not known


def with_week(make, weekly):
    return replace(make(), weekly=weekly)


@pytest.mark.parametrize("theirs, allowed", [
    (MORNINGS, True), (EVENINGS, False),
    (NEW_YORK_EARLY, True),  # 02:00 in New York is 08:00 in Paris
    # A week not said yet has no window in common with anyone: the meeting would be cancelled
    # at once ("no common time"), so the pair is never proposed (issue 16).
    (None, False),
])
def test_a_meeting_needs_time_both_have_in_the_week(theirs, allowed):
    context = domain.Context(meeting_minutes=30, week_start=MONDAY)
    found = affinity(with_week(seeker, MORNINGS), with_week(offer, theirs), context=context)
    assert (found is not None) is allowed
    if found is not None:
        assert "free_together" in dict(found.terms)


@pytest.mark.parametrize("seekers_week, offers_week", [(None, MORNINGS), (None, None)])
def test_a_seeker_without_availability_is_never_matched_for_a_meeting(seekers_week, offers_week):
    context = domain.Context(meeting_minutes=30, week_start=MONDAY)
    assert affinity(with_week(seeker, seekers_week), with_week(offer, offers_week),
                    context=context) is None


def test_availability_is_not_asked_for_help_without_a_meeting():
    # A CV review needs no common window: nobody's week rules it out.
    assert affinity(with_week(seeker, None), with_week(offer, None),
                    context=domain.Context(meeting_minutes=None, week_start=MONDAY)) is not None


def test_a_round_for_a_meeting_kind_leaves_out_whoever_has_no_week():
    context = domain.Context(meeting_minutes=30, week_start=MONDAY)
    free, silent = with_week(seeker, MORNINGS), replace(with_week(seeker, None), request_id="r2",
                                                        person_id="p2")
    plan = domain.plan_round([free, silent], [replace(with_week(offer, MORNINGS), units=2)],
                             context=context)
    assert [p.seeker.person_id for p in plan.pairings] == [free.person_id]
    assert plan.edges == 1


def test_a_pair_made_before_weighs_less_but_stays_possible():
    s, o = seeker(), offer()
    fresh = affinity(s, o)
    again = affinity(s, o, context=domain.Context(
        met_before=frozenset({frozenset((s.person_id, o.person_id))})))
    assert 0 < again.score < fresh.score
    assert "you were paired before" in said(again)
    assert sum(weight for _, weight in again.terms) == pytest.approx(again.score)


def test_the_weights_come_from_configuration_and_unknown_terms_are_refused():
    s, o = seeker(target_occupation="M1805"), offer(occupation="M1805")
    heavier = domain.Context(weights=domain.Weights.from_overrides({"works_in_target": 10}))
    assert dict(affinity(s, o, context=heavier).terms)["works_in_target"] == 10
    assert affinity(s, o, context=heavier).score == affinity(s, o).score + 10 - domain.WORKS_IN_TARGET
    with pytest.raises(ValueError, match="unknown affinity terms: charm"):
        domain.Weights.from_overrides({"charm": 1})


@pytest.mark.parametrize("mentor_path, reason", [
    (("D1301", "M1805"), "you both moved from Retail store management to Software development"),
    (("D1505", "M1805"), "close to the move you are making"),
])
def test_a_mentor_who_made_the_move_weighs_more_the_closer_the_move(mentor_path, reason):
    worker = seeker(occupation="D1301", target_occupation="M1805")
    mentor = replace(offer(), path=mentor_path)
    found = affinity(worker, mentor)
    assert any(reason in r for r in said(found))
    assert dict(found.terms)["same_path"] == pytest.approx(
        domain.SAME_PATH * occupations.path_closeness("D1301", "M1805", *mentor_path))
    assert affinity(worker, replace(offer(), path=("A1101", "B1101"))).score < found.score


# --- swipes: a like is a term, a pass is a hard rule ---------------------------------------------

@pytest.mark.parametrize("who_liked", ["seeker", "donor"])
def test_a_like_either_way_raises_the_pair_and_says_so(who_liked):
    s, o = seeker(), offer()
    like = (s.person_id, o.person_id) if who_liked == "seeker" else (o.person_id, s.person_id)
    liked = affinity(s, o, context=domain.Context(likes=frozenset({like})))
    assert liked.score == pytest.approx(affinity(s, o).score + domain.LIKED)
    assert dict(liked.terms)["liked"] == domain.LIKED
    assert "one of you already said yes to the other" in said(liked)


def test_a_like_both_ways_counts_twice_and_its_weight_is_configurable():
    s, o = seeker(), offer()
    both = frozenset({(s.person_id, o.person_id), (o.person_id, s.person_id)})
    context = domain.Context(likes=both, weights=domain.Weights.from_overrides({"liked": 2}))
    found = affinity(s, o, context=context)
    assert dict(found.terms)["liked"] == 4
    assert "you both said yes to each other" in said(found)


def test_a_pass_either_way_removes_the_edge_and_a_like_does_not_bring_it_back():
    s, o = seeker(), offer()
    context = domain.Context(passes=frozenset({frozenset((o.person_id, s.person_id))}),
                             likes=frozenset({(s.person_id, o.person_id)}))
    assert affinity(s, o, context=context) is None
    assert plan_round([s], [o], context=context).pairings == []


# --- sponsorship rounds ------------------------------------------------------------------------

def sponsor_places(**changes):
    return replace(offer(skills=("python",)), **{"remote": False, "radius_km": 15,
                                                 "wanted": ("M1805",), **changes})


def test_a_sponsor_is_scored_by_the_feeds_fit_plus_the_likes():
    s = placed(seeker(skills=("python",), target_occupation="M1805", days_waiting=3), MONTREUIL)
    places = placed(sponsor_places(), PARIS_11)
    found = domain.sponsorship_affinity(s, places)
    assert {"base", "nearby", "wanted_occupation", "shared_skills", "waiting"} <= set(
        dict(found.terms))
    assert sum(weight for _, weight in found.terms) == pytest.approx(found.score)
    assert said(found, "fr")[-1] == "vous parlez tous deux français"  # languages come last
    liked = domain.sponsorship_affinity(s, places, context=domain.Context(
        likes=frozenset({(places.person_id, s.person_id)})))
    assert liked.score == pytest.approx(found.score + domain.LIKED)
    assert [r["code"] for r in liked.reasons][-2:] == ["liked", "languages"]


def test_a_sponsors_hard_rules_are_the_feeds_and_the_rounds():
    s, places = placed(seeker(), MONTREUIL), placed(sponsor_places(), PARIS_11)
    assert domain.sponsorship_affinity(s, places) is not None
    assert domain.sponsorship_affinity(placed(seeker(), LYON), places) is None  # beyond the radius
    assert domain.sponsorship_affinity(placed(seeker(languages=("en",)), MONTREUIL), places) is None
    pair = frozenset({frozenset((s.person_id, places.person_id))})
    assert domain.sponsorship_affinity(s, places, blocked=pair) is None
    assert domain.sponsorship_affinity(s, places, context=domain.Context(passes=pair)) is None
    declined = frozenset({(s.request_id, places.pledge_id)})
    assert domain.sponsorship_affinity(s, places, excluded_pairs=declined) is None


def test_a_sponsorship_round_fills_each_sponsors_places_and_no_more():
    seekers = [placed(seeker(target_occupation="M1805"), MONTREUIL) for _ in range(3)]
    places = placed(sponsor_places(units=2), PARIS_11)
    plan = plan_round(seekers, [places], score=domain.sponsorship_affinity)
    assert len(plan.pairings) == 2 and plan.edges == 3
