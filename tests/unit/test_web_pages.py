"""The web pages' pure parts: the lunch grid, the charts, and the small rules of the page routes
(safe redirects, field errors, the reader's language). The sentences: test_catalogues.py."""

import pytest
from werkzeug.test import EnvironBuilder

from services.gateway import charts, lunch_grid, web_i18n
from services.gateway.pages_base import flatten, locale_of, safe_next


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
