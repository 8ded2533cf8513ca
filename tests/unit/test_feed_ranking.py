"""The fast feed (`Deck.page`) gives exactly what `ranked` over `fit` gives: same cards, same scores,
same order, same page boundaries, on random seekers with ties and people without a place."""
import random
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.matching import sponsorship
from services.matching.sponsorship import Deck, Listed, Sponsor, fit, ranked
from shared.reference import places

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
PARIS = places.resolve("75011")
CODES = ("M1805", "M1806", "M1810", "J1506", "K2111", "D1106", None, "")
SKILLS = ("Python", "python", "SQL", "Excel", "accueil", "Gestion", "GESTION", "ß-test")


@pytest.fixture(autouse=True)
def no_safety_net(monkeypatch):
    """The deck falls back to `ranked` if a page's score ever differs from `fit`'s: it must not."""
    def fallback(*_):
        raise AssertionError("Deck.page fell back to ranking every seeker one by one")
    monkeypatch.setattr(sponsorship, "ranked", fallback)


def _listed(rng):
    located = rng.random() < 0.8
    # Some seekers share everything that scores, so that ties (and the tie-break by id) happen.
    plain = rng.random() < 0.3
    return Listed(
        person_id=uuid.UUID(int=rng.getrandbits(128)),
        languages=tuple(rng.sample(("fr", "en", "ar", "es"), rng.randint(1, 2))),
        skills=() if plain else tuple(rng.sample(SKILLS, rng.randint(0, 4))),
        target_occupation=None if plain else rng.choice(CODES),
        latitude=(PARIS.latitude + rng.uniform(-0.3, 0.3)) if located and not plain else None,
        longitude=(PARIS.longitude + rng.uniform(-0.4, 0.4)) if located and not plain else None,
        first_seen_at=None if plain or rng.random() < 0.1 else NOW - timedelta(
            seconds=rng.choice((rng.uniform(0, 40 * 86400), 86400, 86400 - 1e-6, 20 * 86400))))


def _sponsor(rng, **changes):
    values = dict(person_id=uuid.UUID(int=rng.getrandbits(128)),
                  languages=tuple(rng.sample(("fr", "en", "ar"), rng.randint(1, 2))),
                  skills=tuple(rng.sample(SKILLS, rng.randint(0, 3))),
                  occupations=tuple(rng.sample(CODES[:6], rng.randint(0, 2))),
                  radius_km=rng.choice((5, 12.5, 20, 40)), latitude=PARIS.latitude,
                  longitude=PARIS.longitude)
    return Sponsor(**{**values, **changes})


def _expected(sponsor, listed, hidden):
    return ranked(sponsor, [s.at(NOW) for s in listed if s.person_id not in hidden])


@pytest.mark.parametrize("seed", range(12))
def test_every_page_is_the_slice_that_ranked_gives(seed):
    rng = random.Random(seed)
    listed = [_listed(rng) for _ in range(rng.choice((5, 300, 1500)))]
    deck = Deck()
    for seeker in listed:
        deck.put(seeker)
    unlocated = rng.random() < 0.25
    sponsor = _sponsor(rng, **(dict(latitude=None, longitude=None) if unlocated else {}))
    hidden = {s.person_id for s in rng.sample(listed, len(listed) // 10)}
    expected = _expected(sponsor, listed, hidden)
    for size in (1, 7, 20):
        for page in (0, 1, 3, len(expected) // size, len(expected) // size + 1):
            shown, more = deck.page(sponsor, NOW, hidden, page * size, (page + 1) * size)
            want = expected[page * size:(page + 1) * size]
            assert [(s.person_id, f) for s, f in shown] == [(s.person_id, f) for s, f in want]
            assert shown == want  # the same Seeker values, reasons and all
            assert more is (len(expected) > (page + 1) * size)


def test_ties_are_broken_by_id_like_ranked_does():
    rng = random.Random(7)
    same = [Listed(person_id=uuid.uuid4(), languages=("fr",), skills=(), target_occupation=None,
                   latitude=None, longitude=None, first_seen_at=None) for _ in range(200)]
    deck = Deck()
    for seeker in same:
        deck.put(seeker)
    sponsor = _sponsor(rng, languages=("fr",))
    shown, more = deck.page(sponsor, NOW, set(), 20, 40)
    assert shown == _expected(sponsor, same, set())[20:40] and more


def test_a_seeker_changed_or_removed_is_ranked_as_they_are_now():
    rng = random.Random(3)
    listed = [_listed(rng) for _ in range(400)]
    deck = Deck()
    for seeker in listed:
        deck.put(seeker)
    sponsor = _sponsor(rng, languages=("fr", "en"), occupations=("M1805",))
    for seeker in listed[:100]:
        deck.remove(seeker.person_id)
    moved = [Listed(**{**vars(s), "target_occupation": "M1805", "languages": ("fr",)})
             for s in listed[100:150]]
    for seeker in moved:
        deck.put(seeker)
    deck.remove(uuid.uuid4())  # unknown: nothing happens
    now = moved + listed[150:]
    assert len(deck) == len(now)
    shown, more = deck.page(sponsor, NOW, set(), 0, 50)
    assert shown == _expected(sponsor, now, set())[:50]
    assert all(fit(sponsor, s) == f for s, f in shown)


def test_a_sponsor_never_sees_their_own_card_and_nobody_is_shown_twice():
    rng = random.Random(5)
    listed = [_listed(rng) for _ in range(50)]
    deck = Deck()
    for seeker in listed + listed[:10]:
        deck.put(seeker)
    me = listed[0]
    sponsor = _sponsor(rng, person_id=me.person_id, languages=me.languages)
    shown, _ = deck.page(sponsor, NOW, set(), 0, 50)
    ids = [s.person_id for s, _ in shown]
    assert me.person_id not in ids and len(ids) == len(set(ids))
    assert shown == _expected(sponsor, listed, set())[:50]


def test_a_sponsor_who_goes_round_the_world_sees_far_seekers_in_the_same_order():
    rng = random.Random(11)
    listed = [Listed(**{**vars(_listed(rng)), "languages": ("fr",),
                        "latitude": rng.uniform(-89, 89), "longitude": rng.uniform(-180, 180)})
              for _ in range(500)]
    listed.append(Listed(**{**vars(listed[0]), "person_id": uuid.uuid4(),
                            "latitude": -PARIS.latitude, "longitude": PARIS.longitude - 180}))
    deck = Deck()
    for seeker in listed:
        deck.put(seeker)
    for radius in (20_015, 19_000, 5_000):
        sponsor = _sponsor(rng, languages=("fr",), radius_km=radius)
        shown, more = deck.page(sponsor, NOW, set(), 0, 400)
        expected = _expected(sponsor, listed, set())
        assert shown == expected[:400] and more is (len(expected) > 400)
