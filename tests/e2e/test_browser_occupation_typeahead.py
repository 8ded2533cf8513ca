"""Occupations on the sign-up form, in a real browser (headless Chromium), as a person types them:
the list under the field shows job titles with their fiche ("caissière — Personnel de caisse
(D1505)") whatever the accents, and picking one with the keyboard fills the field; a refused entry
is answered with the closest occupations, one click away. French and English, on a phone.

Each journey runs in the browser process (browser_support.py).
"""
import re
import uuid

import requests
from browser_support import check_page, new_page, wait_for


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def journey_typeahead_and_did_you_mean(browser, base_url, locale):
    page = new_page(browser, base_url, locale=locale)
    french = locale.startswith("fr")
    page.goto("/sign-up/job_seeker")
    field = page.locator("#f-occupation")
    field.press_sequentially("caissiere" if french else "cashier")
    options = page.locator("#f-occupation-suggestions [role=option]")
    wait_for("titles suggested", lambda: options.count())
    expected = ("caissière — Personnel de caisse (D1505)" if french
                else "cashier — Checkout cashier (D1505)")
    assert options.first.inner_text() == expected
    assert field.get_attribute("aria-expanded") == "true"
    check_page(page, f"sign-up-occupation-typeahead-{locale[:2]}")
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == expected
    assert page.locator("#f-occupation-suggestions").is_hidden()

    page.locator("[name='first_name']").fill("Inès")
    page.locator("[name='last_name']").fill("Test")
    page.locator("[name='email']").fill(_email("ines"))
    page.locator("[name='location']").fill("75011")
    page.locator("[name='target_occupation']").fill("coifeuze de quartier")
    page.get_by_role("button", name=re.compile("Create my account|Créer mon compte")).click()
    page.wait_for_load_state()
    error = page.locator("#target_occupation-error").inner_text()
    assert ("Métier inconnu" if french else "Unknown occupation") in error
    close = page.locator("#target_occupation-did-you-mean button")
    assert close.first.inner_text() == ("coiffeuse — Coiffure (D1202)" if french
                                        else "coiffeuse — Hairdressing (D1202)")
    check_page(page, f"sign-up-occupation-did-you-mean-{locale[:2]}")
    close.first.click()
    assert page.locator("#f-target_occupation").input_value() == close.first.inner_text()
    assert page.locator("#f-occupation").input_value() == expected  # what was typed is kept
    page.get_by_role("button", name=re.compile("Create my account|Créer mon compte")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/sign-up/sent"), page.locator(".field-error").all_inner_texts()


def test_the_sign_up_form_suggests_titles_and_the_closest_ones_in_french(embedded, browser):
    api, _ = embedded
    browser.run(journey_typeahead_and_did_you_mean, api.base_url, "fr-FR")


def test_the_sign_up_form_suggests_titles_and_the_closest_ones_in_english(embedded, browser):
    api, _ = embedded
    browser.run(journey_typeahead_and_did_you_mean, api.base_url, "en-GB")


def test_the_occupations_route_answers_titles_with_their_fiche(embedded):
    api, _ = embedded
    answer = requests.get(f"{api.base_url}/api/occupations",
                          params={"q": "Agente immobiliere", "locale": "en"}, timeout=10).json()
    first = answer["items"][0]
    assert first == {"code": "C1504", "domain": "C", "label": "Real estate sales",
                     "title": "agente immobilière",
                     "text": "agente immobilière — Real estate sales (C1504)"}
    typo = requests.get(f"{api.base_url}/api/occupations", params={"q": "boulangerr"},
                        timeout=10).json()
    assert typo["items"][0]["code"] == "D1102"


def test_an_occupation_picked_from_the_list_is_stored_as_its_code(embedded):
    api, _ = embedded
    person = api.register({
        "first_name": "Noé", "last_name": "Test", "email": _email("noe"), "roles": ["job_seeker"],
        "location": "75011", "languages": ["fr"],
        "occupation": "caissière — Personnel de caisse (D1505)", "target_occupation": "Fleuriste"})
    me = api.as_person(person).get("/api/me")
    assert (me["occupation"], me["target_occupation"]) == ("D1505", "D1209")
