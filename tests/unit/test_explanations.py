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
     "2 compétences en commun : excel et sql", "2 shared skills: excel and sql"),
    (reason("waiting", days=1), "vous attendez depuis 1 jour", "you have been waiting 1 day"),
    (reason("waiting", days=4), "vous attendez depuis 4 jours", "you have been waiting 4 days"),
    (reason("languages", languages=["en", "fr", "xm"]),
     "vous parlez tous deux anglais, français et xm", "you both speak English, French and xm"),
    (reason("languages", languages=["es"]), "vous parlez tous deux espagnol",
     "you both speak Spanish"),
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


@pytest.mark.parametrize("one, fr, en", [
    # CLDR: French says 0 in the singular, English in the plural.
    (reason("shared_skills", count=0, skills=[]), "0 compétence en commun : ",
     "0 shared skills: "),
    (reason("waiting", days=0), "vous attendez depuis 0 jour", "you have been waiting 0 days"),
    (reason("looking", days=1), "cherche depuis 1 jour", "has been looking for 1 day"),
    (reason("looking", days=1500), "cherche depuis 1\u202f500 jours",
     "has been looking for 1,500 days"),
])
def test_each_language_takes_its_own_plural_rule(one, fr, en):
    assert (word(one, "fr"), word(one, "en")) == (fr, en)


def test_the_kinds_of_help_are_named_once_as_a_label_and_inside_a_sentence():
    from shared.contracts.kinds import REQUEST_KINDS
    from shared.wording import kind_name
    assert kind_name("cv_review", "fr") == "Relecture de CV"
    assert kind_name("cv_review", "en", in_sentence=True) == "CV review"
    assert kind_name("lunch_mentoring", "fr", in_sentence=True) == "déjeuner avec un mentor"
    for kind in REQUEST_KINDS:
        for locale in ("fr", "en"):
            assert not kind_name(kind, locale).startswith("kind.")
            assert not kind_name(kind, locale, in_sentence=True).startswith("kind.")
    assert kind_name("juggling", "fr") == "juggling"
