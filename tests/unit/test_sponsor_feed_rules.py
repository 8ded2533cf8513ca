"""Which cards a sponsor sees, in which order, and when a yes is mutual."""
import uuid

import pytest

from services.matching.sponsorship import Seeker, Sponsor, fit, is_mutual, ranked
from shared.reference import places

PARIS_11, MONTREUIL, LYON = (places.resolve(p) for p in ("75011", "93100", "69003"))


def sponsor(**changes):
    values = dict(person_id=uuid.uuid4(), languages=("fr",), skills=("python",),
                  occupations=("M1805",), radius_km=15, latitude=PARIS_11.latitude,
                  longitude=PARIS_11.longitude)
    return Sponsor(**{**values, **changes})


def seeker(place=MONTREUIL, **changes):
    values = dict(person_id=uuid.uuid4(), languages=("fr",), skills=(), target_occupation=None,
                  latitude=place.latitude if place else None,
                  longitude=place.longitude if place else None, days_waiting=0)
    return Seeker(**{**values, **changes})


def test_without_a_shared_language_the_card_is_hidden():
    assert fit(sponsor(), seeker(languages=("en",))) is None


def test_beyond_the_sponsors_radius_the_card_is_hidden_and_unknown_places_are_not():
    assert fit(sponsor(), seeker(place=LYON)) is None
    assert fit(sponsor(), seeker(place=None)) is not None


def test_a_sponsor_never_sees_their_own_card():
    me = sponsor()
    assert fit(me, seeker(person_id=me.person_id)) is None


@pytest.mark.parametrize("better, worse", [
    (dict(target_occupation="M1805"), dict(target_occupation="J1506")),  # the sponsor's field
    (dict(skills=("python",)), dict(skills=())),                        # a skill in common
    (dict(days_waiting=15), dict(days_waiting=0)),                      # waiting longer
    (dict(place=PARIS_11), dict(place=MONTREUIL)),                      # closer
])
def test_each_term_raises_a_card_and_says_why(better, worse):
    top, bottom = seeker(**better), seeker(**worse)
    order = ranked(sponsor(), [bottom, top])
    assert [s for s, _ in order] == [top, bottom]
    assert order[0][1].score > order[1][1].score
    top_fit, bottom_fit = order[0][1], order[1][1]
    assert len(top_fit.reasons) > len(bottom_fit.reasons) or top_fit.reasons[0]["code"] == "nearby"


def test_ties_come_in_a_stable_order_so_pages_do_not_shuffle():
    same = [seeker(place=None) for _ in range(5)]
    first, again = ranked(sponsor(), same), ranked(sponsor(), list(reversed(same)))
    assert [s.person_id for s, _ in first] == [s.person_id for s, _ in again]


@pytest.mark.parametrize("sponsor_likes, accepts, likes_back, mutual", [
    (True, True, False, True),
    (True, False, True, True),
    (True, False, False, False),
    (False, True, True, False),
])
def test_a_sponsorship_needs_the_sponsors_like_and_the_seekers_yes(sponsor_likes, accepts,
                                                                   likes_back, mutual):
    assert is_mutual(sponsor_likes, accepts, likes_back) is mutual
