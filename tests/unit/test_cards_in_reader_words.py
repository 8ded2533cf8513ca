"""A card's occupations and languages are named in the language of the page that shows it, whatever
language the service labelled them in (the sponsor's deck in French showed English labels)."""
import pytest

from services.gateway.cards import in_reader_words
from services.matching.service import MatchingService
from services.profiles import domain
from shared.reference import occupations

pytestmark = pytest.mark.unit

CARD = {"id": "p1", "display_name": "Anne M.", "occupation": "Software development",
        "target_occupation": "Software development", "occupation_code": "M1805",
        "target_occupation_code": "M1805", "languages": ["fr", "en"], "skills": ["sql"]}


def test_a_card_reads_in_the_pages_language():
    french = in_reader_words(CARD, "fr")
    assert french["target_occupation"] == occupations.label("M1805", "fr") == \
        "Études et développement informatique"
    assert french["language_names"] == ["français", "anglais"]
    english = in_reader_words(CARD, "en")
    assert english["target_occupation"] == "Software development"
    assert english["language_names"] == ["French", "English"]
    assert CARD["target_occupation"] == "Software development"   # the service's card is left as is


def test_a_card_without_codes_keeps_its_labels_and_no_card_stays_none():
    old = {k: v for k, v in CARD.items() if not k.endswith("_code")}
    assert in_reader_words(old, "fr")["occupation"] == "Software development"
    assert in_reader_words(None, "fr") is None


class _Candidate:
    person_id, display_name, roles = "p1", "Anne M.", ["job_seeker"]
    occupation, target_occupation = "D1301", "M1805"
    skills, neighbourhood, own_words, languages = ["sql"], "Lyon 3e", "", ["fr"]


def test_matching_and_profiles_cards_carry_the_codes_and_label_in_the_readers_locale():
    card = MatchingService._card(_Candidate, "fr")
    assert (card["occupation_code"], card["target_occupation_code"]) == ("D1301", "M1805")
    assert card["target_occupation"] == "Études et développement informatique"
    person = {"id": "p1", "first_name": "Anne", "last_name": "Martin", "roles": ["job_seeker"],
              "occupation": "D1301", "target_occupation": "M1805", "skills": [],
              "neighbourhood": None, "own_words": "", "languages": ["fr"]}
    profile_card = domain.card(person, occupations.label)
    assert profile_card["target_occupation_code"] == "M1805"
    assert in_reader_words(profile_card, "en")["target_occupation"] == "Software development"
