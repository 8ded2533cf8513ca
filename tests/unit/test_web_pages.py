"""The web pages' pure parts: every sentence in both languages, the lunch grid, the charts, and
the small rules of the page routes (safe redirects, field errors, the reader's language)."""
import re
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder

from services.gateway import charts, lunch_grid, web_i18n
from services.gateway.pages_base import flatten, locale_of, safe_next
from services.gateway.pages_sponsor import DECK_WORDS
from shared.contracts.kinds import REQUEST_KINDS, ROLES
from shared.contracts.rpc import NOTIFICATION_CATEGORIES, NOTIFICATION_MODES

GATEWAY = Path(web_i18n.__file__).parent
# A key written out in a template or a page module: t("nav.inbox"), ctx.t('error.title'), …
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*)["']""")


def test_every_sentence_is_in_french_and_in_english():
    missing = {key: [locale for locale in web_i18n.LOCALES if not entry.get(locale)]
               for key, entry in web_i18n.MESSAGES.items()}
    assert {key: gone for key, gone in missing.items() if gone} == {}
    # And in nothing else: a typo'd locale would never be shown.
    assert {key for key, entry in web_i18n.MESSAGES.items()
            if set(entry) != set(web_i18n.LOCALES)} == set()


def test_both_languages_of_a_sentence_take_the_same_values():
    for key, entry in web_i18n.MESSAGES.items():
        names = {locale: set(re.findall(r"{(\w+)}", text)) for locale, text in entry.items()}
        assert names["fr"] == names["en"], key


def test_every_key_the_pages_use_exists():
    used = set()
    for path in list((GATEWAY / "templates").glob("*.html")) + list(GATEWAY.glob("pages*.py")):
        # "kind." ~ kind builds a key from a prefix: those are listed below.
        used.update(key for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
                    if not key.endswith("."))
    for path in GATEWAY.glob("pages*.py"):
        text = path.read_text(encoding="utf-8")
        # The error pages' messages (not the template's own name).
        used.update(k for k in re.findall(r'"(error\.[a-z_]+)"', text) if k != "error.html")
        used.update("done." + what for what in re.findall(r"done=([a-z_]+)", text))
    used.update(("done.accepted", "done.declined"))                     # done={decision}ed
    # Keys built from the contracts' vocabularies, and the deck script's words.
    used.update(web_i18n.keys_for_kinds_and_roles())
    used.update(f"status.{s}" for s in ("open", "matched", "fulfilled", "withdrawn", "expired",
                                        "proposed", "accepted", "declined", "cancelled"))
    used.update(f"category.{c}" for c in NOTIFICATION_CATEGORIES[1:])
    used.update(f"mode.{m}" for m in NOTIFICATION_MODES)
    used.update(f"day.{d}" for d in lunch_grid.DAYS)
    used.update(DECK_WORDS)
    assert sorted(key for key in used if not web_i18n.known(key)) == []


def test_a_sentence_takes_its_values_and_an_unknown_key_shows_as_itself():
    assert web_i18n.translate("fr", "donor.units", used=1, quantity=2) == \
        "1 unité(s) utilisée(s) sur 2"
    assert web_i18n.translate("en", "donor.units", used=1, quantity=2) == "1 of 2 unit(s) used"
    assert web_i18n.translate("en", "no.such.key") == "no.such.key"
    assert all(web_i18n.known(f"kind.{kind}") for kind in REQUEST_KINDS)
    assert all(web_i18n.known(f"role.{role}") for role in ROLES)


def _request(**headers):
    return EnvironBuilder(headers=headers).get_request()


@pytest.mark.parametrize("headers, expected", [
    ({}, "fr"),
    ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
    ({"Accept-Language": "de-DE,fr;q=0.5"}, "fr"),
    ({"Accept-Language": "en", "Cookie": "binome_lang=fr"}, "fr"),
    ({"Accept-Language": "fr", "Cookie": "binome_lang=xx"}, "fr"),
])
def test_the_language_is_the_chosen_one_else_the_browsers(headers, expected):
    assert locale_of(_request(**headers)) == expected


@pytest.mark.parametrize("target, expected", [
    ("/donor", "/donor"), ("/seeker?x=1", "/seeker?x=1"), (None, "/home"), ("", "/home"),
    ("https://evil.example/", "/home"), ("//evil.example/x", "/home"), ("donor", "/home"),
])
def test_redirects_stay_on_the_site(target, expected):
    assert safe_next(target) == expected


def test_refused_fields_are_named_as_the_form_names_them():
    assert flatten({"email": ["Not a valid email address."],
                    "mentor": {"moved_in": ["Missing data for required field."]},
                    "skills": {0: ["Too long."], 2: ["Too long."]}}) == {
        "email": "Not a valid email address.",
        "mentor.moved_in": "Missing data for required field.",
        "skills": "Too long.; Too long."}


def test_the_services_messages_about_a_field_read_in_french_where_known():
    assert web_i18n.field_message("fr", "Not a valid email address.") == \
        "Ce n'est pas une adresse e-mail valide."
    assert web_i18n.field_message("fr", "Must be greater than or equal to 1 and less than or "
                                        "equal to 50.") == "Doit être entre 1 et 50."
    assert web_i18n.field_message("en", "Not a valid email address.") == \
        "Not a valid email address."
    assert web_i18n.field_message("fr", "Something new.") == "Something new."
    assert flatten({"quantity": ["Not a valid integer."]},
                   lambda m: web_i18n.field_message("fr", m)) == {
        "quantity": "Attendu : un nombre entier."}


def test_the_lunch_grid_reads_the_windows_it_covers_and_keeps_the_others():
    availability = {"mon": [{"start": "08:00", "end": "09:30"}, {"start": "12:00", "end": "14:00"}],
                    "sat": [{"start": "10:00", "end": "12:00"}]}
    ticked = lunch_grid.ticked(availability)
    assert ticked == {("mon", s) for s in ("12:00", "12:30", "13:00", "13:30")}
    cells = (ticked - {("mon", "13:30")}) | {("fri", "11:30"), ("fri", "13:00")}
    assert lunch_grid.saved(availability, cells) == {
        "mon": [{"start": "08:00", "end": "09:30"}, {"start": "12:00", "end": "13:30"}],
        "fri": [{"start": "11:30", "end": "12:00"}, {"start": "13:00", "end": "13:30"}],
        "sat": [{"start": "10:00", "end": "12:00"}]}
    assert lunch_grid.saved(availability, set()) == {
        "mon": [{"start": "08:00", "end": "09:30"}], "sat": [{"start": "10:00", "end": "12:00"}]}


def test_a_bar_chart_scales_to_round_gridlines_and_keeps_missing_values_apart():
    chart = charts.bar_chart(["coffee", "cv_review"], ["made", "fulfilled"], [[3, 1], [7, None]])
    assert [label for _, label in chart.ticks] == ["0", "2", "4", "6", "8"]
    heights = [bar.height for bar in chart.bars]
    assert heights[2] == pytest.approx(heights[0] * 7 / 3) and heights[3] == 0
    assert [bar.value for bar in chart.bars] == [3, 1, 7, None]
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)


def test_a_refused_control_character_and_time_zone_read_in_french():
    from shared.contracts import fields
    assert web_i18n.field_message("fr", fields.ONE_LINE_ERROR) == \
        "Une seule ligne, sans caractère de contrôle."
    assert web_i18n.field_message("fr", fields.LINES_ERROR) == \
        "Du texte simple, sans caractère de contrôle."
    assert web_i18n.field_message("fr", "Unknown time zone.") == "Fuseau horaire inconnu."


def test_no_template_holds_script_or_style_that_the_content_security_policy_blocks():
    # script-src 'self' and style-src 'self': code and styles are files under /static; a
    # <script> element may only load one, or carry data (type="application/json").
    import re
    from pathlib import Path
    gateway = Path(web_i18n.__file__).parent
    blocked = []
    for template in [*gateway.glob("templates/*.html"), *gateway.glob("*.html")]:
        html = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and 'type="application/json"' not in tag:
                blocked.append(f"{template.name}: {tag}")
        blocked += [f"{template.name}: {found}" for found in
                    re.findall(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", html)]
    assert not blocked, blocked


@pytest.mark.parametrize("own_words", ["<!--<script>", "</script><script>alert(1)</script>",
                                       "a & b > c", "]]> <![CDATA[", "line\u2028para\u2029end",
                                       "<!-- -->", "</SCRIPT", "x\u2028"])
def test_data_for_a_script_cannot_end_or_change_its_script_element(own_words):
    # The HTML tokenizer reads a <script> element's text for "</script" and "<!--" (which
    # changes how it looks for the end); none of <, > or & may stay as they are.
    import json
    from services.gateway.pages_sponsor import _script_json
    text = str(_script_json({"cards": [{"own_words": own_words}]}))
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}, text
    assert json.loads(text) == {"cards": [{"own_words": own_words}]}
