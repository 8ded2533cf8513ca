"""Reasons are data; shared/explanations.py says each one in French or in English."""
import pytest

from shared import explanations
from shared.explanations import reason, word, words

# One example of every code, with the parameters matching sends.
EXAMPLES = {
    "nearby": {"km": 2.1},
    "same_path": {"from_occupation": "D1301", "to_occupation": "M1805"},
    "close_path": {"from_occupation": "D1505", "to_occupation": "M1805"},
    "works_in_target": {"occupation": "M1805"},
    "works_next_to_target": {"occupation": "M1805"},
    "same_starting_point": {"occupation": "J1506"},
    "shared_skills": {"count": 2, "skills": ["excel", "python"]},
    "waiting": {"days": 3},
    "looking": {"days": 3},
    "free_together": {},
    "paired_before": {},
    "languages": {"languages": ["en", "fr"]},
    "wanted_occupation": {"occupation": "M1805"},
    "close_to_wanted": {"occupation": "M1805"},
    "liked": {"mutual": False},
    "on_time": {"given": 3, "count": 4},
    "often_late": {"missed": 2, "count": 3},
}


def test_every_code_has_an_example_here():
    assert set(EXAMPLES) == set(explanations.CODES)


@pytest.mark.parametrize("code", explanations.CODES)
def test_every_code_reads_differently_in_french_and_english_and_names_no_bare_code(code):
    said = {locale: word(reason(code, **EXAMPLES[code]), locale) for locale in ("fr", "en")}
    assert all(text and "{" not in text for text in said.values())
    assert said["fr"] != said["en"]
    for text in said.values():
        assert not any(bare in text for bare in ("D1301", "D1505", "M1805", "J1506"))


@pytest.mark.parametrize("one, fr, en", [
    (reason("same_path", from_occupation="D1301", to_occupation="M1805"),
     "vous avez tous deux quitté « Management de magasin de détail » pour "
     "« Études et développement informatique »",
     "you both moved from Retail store management to Software development"),
    (reason("nearby", km=2.1), "à 2,1 km de distance", "2.1 km apart"),
    (reason("shared_skills", count=1, skills=["sql"]), "1 compétence en commun : sql",
     "1 shared skill: sql"),
    (reason("shared_skills", count=2, skills=["excel", "sql"]),
     "2 compétences en commun : excel, sql", "2 shared skills: excel, sql"),
    (reason("waiting", days=1), "vous attendez depuis 1 jour", "you have been waiting 1 day"),
    (reason("waiting", days=4), "vous attendez depuis 4 jours", "you have been waiting 4 days"),
    (reason("languages", languages=["en", "fr", "xm"]), "vous parlez tous deux anglais, français, xm",
     "you both speak English, French, xm"),
    (reason("liked", mutual=True), "vous vous êtes dit oui mutuellement",
     "you both said yes to each other"),
])
def test_french_reads_naturally_with_its_plurals_and_decimal_comma(one, fr, en):
    assert (word(one, "fr"), word(one, "en")) == (fr, en)


def test_an_unknown_occupation_code_is_shown_as_it_is():
    assert word(reason("same_starting_point", occupation="Z9999"), "en") == "also worked in Z9999"


def test_an_unknown_locale_reads_french_the_default():
    assert word(reason("paired_before"), "de") == word(reason("paired_before"), "fr")


def test_a_reason_stored_as_a_sentence_before_reasons_were_data_is_shown_as_it_is():
    assert words(["you both speak fr", reason("paired_before")], "en") == [
        "you both speak fr", "you were paired before"]


def test_an_unknown_code_is_refused_when_made():
    with pytest.raises(ValueError, match="charm"):
        reason("charm")
