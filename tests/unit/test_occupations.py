"""Reference occupations (ROME v3): data integrity, lookups, search order, closeness of paths."""
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from shared.reference import occupations, title_search
from shared.reference.occupations import (
    NEIGHBOUR,
    SAME,
    SAME_DOMAIN,
    UNRELATED,
    Occupation,
    all_occupations,
    by_code,
    domains,
    fold,
    label,
    lookup,
    occupation_closeness,
    path_closeness,
    search,
    search_titles,
)

RAW = json.loads(Path(occupations.__file__).with_name("occupations.json").read_text(encoding="utf-8"))
FICHES = occupations.read_fiches()  # the YAML files, one per domain; the JSON for the rest
ALL = all_occupations()
CODES = {o.code for o in ALL}


# --- data integrity ---------------------------------------------------------------------------

def test_there_are_enough_occupations_and_none_is_lost_on_loading():
    assert len(ALL) >= 300
    assert CODES == {o["code"] for o in RAW["occupations"]} | set(FICHES)


def test_a_fiche_in_a_yaml_file_is_read_from_it_and_the_others_from_the_json():
    assert by_code("D1505").titles_fr and by_code("D1505").fr == FICHES["D1505"]["fr"]
    for o in RAW["occupations"]:
        if o["code"] not in FICHES:
            assert by_code(o["code"]).fr == o["fr"]


def test_the_14_rome_domains_are_there_each_with_at_least_six_occupations():
    assert [d.letter for d in domains()] == list("ABCDEFGHIJKLMN")
    assert all(d.fr and d.en for d in domains())
    per_domain = Counter(o.domain for o in ALL)
    assert set(per_domain) == set("ABCDEFGHIJKLMN")
    assert min(per_domain.values()) >= 6


def test_codes_are_unique_well_formed_and_start_with_their_domain_letter():
    assert len(CODES) == len(ALL)
    for o in ALL:
        assert re.fullmatch(r"[A-N]\d{4}", o.code), o.code
        assert o.code[0] == o.domain, o.code


@pytest.mark.parametrize("language", ["fr", "en"])
def test_labels_are_non_empty_and_unique_per_language(language):
    labels = [fold(getattr(o, language)) for o in ALL]
    assert all(labels)
    assert [text for text, n in Counter(labels).items() if n > 1] == []


def test_no_label_names_two_occupations_across_languages():
    # lookup() takes a label in either language, so a French label must not be another's English.
    owner = {}
    for o in ALL:
        for text in {fold(o.fr), fold(o.en)}:
            assert owner.setdefault(text, o.code) == o.code, text


def test_each_occupation_has_four_to_eight_distinct_lower_case_skill_tags():
    for o in ALL:
        assert 4 <= len(o.skills) <= 8, o.code
        assert len(set(o.skills)) == len(o.skills), o.code
        assert all(s and s == s.strip().lower() for s in o.skills), o.code


def test_skills_come_from_a_shared_vocabulary():
    # Shared skills are what let matching say "you have 3 skills in common": most tags recur.
    uses = Counter(s for o in ALL for s in o.skills)
    recurring = [s for s, n in uses.items() if n > 1]
    assert len(recurring) >= 0.8 * len(uses)


def test_neighbours_exist_are_not_self_at_least_two_and_are_symmetric():
    # Two to six are listed per fiche; the engine adds the other side of each, hence maybe more.
    for o in ALL:
        assert len(o.neighbours) >= 2, o.code
        assert len(set(o.neighbours)) == len(o.neighbours), o.code
        assert o.code not in o.neighbours
        for other in o.neighbours:
            assert other in CODES, (o.code, other)
            assert o.code in by_code(other).neighbours, (o.code, other)


@pytest.mark.parametrize("a, b", [
    ("J1501", "J1506"),  # nursing assistant -> nurse
    ("M1607", "M1501"),  # secretary -> HR assistant
    ("D1505", "N1103"),  # cashier -> order picker
    ("D1106", "D1408"),  # food retail -> call centre
    ("D1214", "D1408"),  # clothing retail -> call centre
])
def test_common_reconversions_are_neighbours(a, b):
    assert b in by_code(a).neighbours


# --- the YAML files: one per ROME domain, written by the team ------------------------------

FILES = sorted(Path(occupations.__file__).with_name("occupations").glob("[A-N].yaml"))


def test_the_domain_files_are_there_and_each_says_how_it_was_drawn():
    assert {path.stem for path in FILES} >= set("ABCDE")
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#") and "neighbours" in text.split("\n\n")[0], path.name


def test_a_code_outside_its_files_domain_is_refused(tmp_path):
    (tmp_path / "A.yaml").write_text("B1101:\n  fr: x\n  en: y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="B1101"):
        occupations.read_fiches(tmp_path)


@pytest.mark.parametrize("code", sorted(FICHES))
def test_a_fiche_has_titles_in_both_languages_each_once_and_two_to_six_neighbours(code):
    fiche = FICHES[code]
    assert fiche["fr"] and fiche["en"]
    assert len(fiche["titles_fr"]) >= 4 and len(fiche["titles_en"]) >= 1
    titles = [fold(t) for t in fiche["titles_fr"] + fiche["titles_en"]]
    assert len(set(titles)) == len(titles)
    assert 2 <= len(fiche["neighbours"]) <= 6
    assert all(re.fullmatch(r"[A-N]\d{4}", c) for c in fiche["neighbours"])


@pytest.mark.parametrize("code", sorted(FICHES))
def test_french_titles_come_in_both_genders(code):
    # At least one title in its masculine and feminine forms ("caissier", "caissière"): the
    # same words once plurals and feminine endings are set aside.
    forms = {}
    for title in FICHES[code]["titles_fr"]:
        forms.setdefault(title_search.words(title), set()).add(fold(title))
    assert any(len(spellings) > 1 for spellings in forms.values()), code


def test_titles_are_written_once_per_domain_file():
    # A title may name fiches of two domains ("peintre": an artist in B1101, a house painter in
    # F1606), which search offers as a choice; within one domain's file, a title has one owner.
    owner = {}
    for code, fiche in FICHES.items():
        for title in fiche["titles_fr"] + fiche["titles_en"]:
            assert owner.setdefault((code[0], fold(title)), code) == code, title


@pytest.fixture
def small_catalogue(tmp_path, monkeypatch):
    """The catalogue read from the YAML files of tmp_path (and occupations.json for the rest)."""
    monkeypatch.setattr(occupations, "_FICHES", tmp_path)
    occupations._catalogue.cache_clear()
    occupations._titles.cache_clear()
    yield tmp_path
    occupations._catalogue.cache_clear()
    occupations._titles.cache_clear()


def _fiche(fr, en, neighbours, titles_fr, titles_en=("x",)):
    return {"fr": fr, "en": en, "skills": ["art", "painting", "creativity", "design"],
            "neighbours": neighbours, "titles_fr": list(titles_fr), "titles_en": list(titles_en)}


def test_a_file_replaces_the_json_for_its_fiches_and_neighbours_become_symmetric(small_catalogue):
    import yaml
    (small_catalogue / "B.yaml").write_text(yaml.safe_dump({
        "B1101": _fiche("Création en arts plastiques", "Visual arts", ["B1201", "Z0000"],
                        ["peintre", "artiste peintre", "plasticienne"], ["painter"]),
        "B1201": _fiche("Céramique", "Ceramics", ["B1101", "F1606"], ["potier", "potière"])}),
        encoding="utf-8")
    assert by_code("B1101").en == "Visual arts" and by_code("B1101").titles_en == ("painter",)
    assert by_code("F1606").neighbours.count("B1201") == 1   # F1606 lists nothing of B: added
    assert "Z0000" not in by_code("B1101").neighbours          # no such fiche: dropped
    assert by_code("M1607").fr == "Secrétariat"                # in no file: from the JSON
    assert lookup("Potières").code == "B1201"


def test_a_title_two_fiches_share_names_neither_and_search_offers_both(small_catalogue):
    import yaml
    (small_catalogue / "B.yaml").write_text(yaml.safe_dump({
        "B1101": _fiche("Création en arts plastiques", "Visual arts", ["B1201", "F1606"],
                        ["peintre", "artiste peintre"])}), encoding="utf-8")
    (small_catalogue / "F.yaml").write_text(yaml.safe_dump({
        "F1606": _fiche("Peinture en bâtiment", "Painting and decorating", ["B1101", "F1604"],
                        ["peintre", "peintre en bâtiment"])}), encoding="utf-8")
    assert lookup("peintre") is None
    assert {m.occupation.code for m in search_titles("peintre", limit=2)} == {"B1101", "F1606"}
    assert lookup("peintre en batiment").code == "F1606"


# --- lookups ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["M1607", "m1607", " M1607 ", "m1607\n"])
def test_by_code_ignores_case_and_spaces(code):
    assert by_code(code).fr == "Secrétariat"


def test_an_occupation_carries_its_data_as_tuples():
    secretary = by_code("M1607")
    assert isinstance(secretary, Occupation)
    assert secretary.domain == "M"
    assert isinstance(secretary.skills, tuple) and isinstance(secretary.neighbours, tuple)


@pytest.mark.parametrize("text, code", [
    ("M1805", "M1805"),
    ("n4105", "N4105"),
    ("Secrétariat", "M1607"),
    ("secretariat", "M1607"),
    ("SECRÉTARIAT", "M1607"),
    ("Soins infirmiers généralistes", "J1506"),
    ("soins infirmiers generalistes", "J1506"),
    ("General nursing", "J1506"),
    ("  software   DEVELOPMENT ", "M1805"),
    ("Études et développement informatique", "M1805"),
    ("etudes et developpement informatique", "M1805"),
])
def test_lookup_takes_a_code_or_an_exact_label_in_either_language(text, code):
    assert lookup(text).code == code


@pytest.mark.parametrize("text", ["", "   ", None, "Z9999", "A0000", "astronaut", "soins", "M16O7"])
def test_lookup_of_anything_else_is_none(text):
    assert lookup(text) is None


@pytest.mark.parametrize("code", ["Z9999", "A0000", "", None, "secretariat"])
def test_by_code_of_an_unknown_code_is_none(code):
    assert by_code(code) is None


def test_search_finds_secretariat_without_its_accent():
    assert search("secretariat")[0].code == "M1607"


def test_search_finds_nursing_in_capitals():
    found = [o.code for o in search("SOINS INFIRMIERS")]
    assert "J1506" in found
    assert all(by_code(code).fr.startswith("Soins infirmiers") for code in found)


def test_search_reads_english_labels_too():
    assert search("software development")[0].code == "M1805"
    assert "D1505" in [o.code for o in search("cashier")]


@pytest.mark.parametrize("text", ["", "   ", None, "astronaute", "zzz"])
def test_search_for_nothing_known_is_empty(text):
    assert search(text) == []


def test_search_puts_the_exact_label_before_labels_starting_with_the_text():
    found = [o.code for o in search("secretariat")]
    assert found == ["M1607", "M1608", "M1609"]  # "Secrétariat", then "Secrétariat comptable", ...


def test_search_puts_the_exact_label_first_whatever_its_code():
    # G1802 "Management du service en restauration" has the smaller code but only contains the text.
    assert [o.code for o in search("Service en restauration")] == ["G1803", "G1802"]


def test_search_puts_the_very_words_before_longer_titles_holding_them():
    # "Vente de voyages" (G1303) is the label with fewest words besides "vente"; "Décoration
    # d'espaces de vente et d'exposition" (B1301) holds it among many.
    found = [o.code for o in search("vente", limit=50)]
    assert found.index("G1303") < found.index("B1301")


def test_search_respects_the_limit():
    assert len(search("e", limit=3)) == 3
    assert search("e", limit=0) == []


def test_search_finds_a_pasted_code():
    assert search("j1506")[0].code == "J1506"


# --- labels -----------------------------------------------------------------------------------

@pytest.mark.parametrize("locale, expected", [
    ("fr", "Secrétariat"), ("fr-FR", "Secrétariat"), ("en", "Secretarial work"),
    ("en-GB", "Secretarial work"), ("en_US", "Secretarial work"), ("de", "Secrétariat"),
])
def test_label_speaks_the_locale_and_falls_back_to_french(locale, expected):
    assert label("M1607", locale) == expected


def test_label_of_an_unknown_code_is_none():
    assert label("Z9999", "fr") is None


# --- closeness --------------------------------------------------------------------------------

def test_the_closeness_scale_is_ordered():
    assert SAME == 1.0 and UNRELATED == 0.0
    assert SAME > NEIGHBOUR > SAME_DOMAIN > UNRELATED


@pytest.mark.parametrize("a, b, expected", [
    ("J1506", "J1506", SAME),
    ("j1506", " J1506 ", SAME),
    ("J1501", "J1506", NEIGHBOUR),   # nursing assistant and nurse
    ("J1506", "J1501", NEIGHBOUR),   # symmetric
    ("J1506", "J1103", SAME_DOMAIN),  # nurse and dentist: both health, not neighbours
    ("J1506", "M1805", UNRELATED),
    ("J1506", None, UNRELATED),
    (None, None, UNRELATED),
    ("J1506", "nurse", UNRELATED),
])
def test_occupation_closeness(a, b, expected):
    assert occupation_closeness(a, b) == expected


@pytest.mark.parametrize("mentor_from, mentor_to, expected", [
    ("D1505", "N1103", 1.0),    # cashier -> order picker, exactly the same move
    ("D1106", "N1103", 0.8),    # from food retail (a neighbour of cashier) to the same target
    ("D1505", "N1101", 0.8),    # same start, target a neighbour (forklift operation)
    ("D1106", "N1101", 0.6),    # both ends neighbours
    ("D1505", "N4101", 0.65),   # same start, target in the same domain (long-distance driving)
    ("M1805", "N1103", 0.5),    # same target only
    ("D1505", "J1506", 0.5),    # same start only
    ("M1607", "N4101", 0.15),   # a transport job, nothing else in common
    ("M1805", "J1506", 0.0),    # unrelated move
    (None, "N1103", 0.5),       # a mentor who gave no starting occupation
])
def test_path_closeness_is_the_mean_of_both_ends(mentor_from, mentor_to, expected):
    assert path_closeness("D1505", "N1103", mentor_from, mentor_to) == pytest.approx(expected)


def test_path_closeness_stays_between_zero_and_one():
    codes = ["D1505", "N1103", "J1506", "M1805", "Z9999", None]
    values = {path_closeness(a, b, c, d) for a in codes for b in codes for c in codes for d in codes}
    assert min(values) >= 0.0 and max(values) <= 1.0
