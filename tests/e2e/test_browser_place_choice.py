"""A commune's name that several communes share: the sign-up page names the field and offers each
commune (name, postal code, département) to pick, in French and in English, on a phone; the one
picked is the one stored. And the API refuses the name, naming `location`, with each commune."""
import re
import uuid

import requests

from browser_support import check_page, new_page, sign_in_links, wait_for


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _fill(page, first, last, email, location):
    page.locator("[name='first_name']").fill(first)
    page.locator("[name='last_name']").fill(last)
    page.locator("[name='email']").fill(email)
    page.locator("[name='location']").fill(location)


def _confirm(page, maildir, email):
    link = wait_for(f"the confirmation link emailed to {email}", lambda: sign_in_links(maildir, email))
    page.goto(link.pop())
    page.get_by_role("button", name=re.compile("^(Sign in|Me connecter)$")).click()
    page.wait_for_load_state()
    cookie = next(c for c in page.context.cookies() if c["name"] == "binome_session")
    return cookie["value"]


def journey_place_choice(browser, base_url, maildir):
    # In French: Saint-Denis is in Seine-Saint-Denis and in La Réunion (and two villages).
    page = new_page(browser, base_url, locale="fr-FR")
    email = _email("reunion")
    page.goto("/sign-up/job_seeker")
    _fill(page, "Maëva", "Test", email, "saint denis")
    page.get_by_role("button", name="Créer mon compte").click()
    location = page.locator("[name='location']")
    assert location.get_attribute("aria-invalid") == "true"
    assert location.input_value() == "saint denis"  # what was typed stays
    assert page.locator("#location-error").inner_text().startswith(
        "Plusieurs communes s'appellent 'saint denis' ; ajoutez le code postal :")
    assert page.locator(".place-choices legend").inner_text() == \
        "Plusieurs communes portent ce nom : laquelle est la vôtre ?"
    choices = page.locator(".place-choices label").all_inner_texts()
    assert "Saint-Denis — 97400, La Réunion (974)" in choices
    assert "Saint-Denis — 93200, Seine-Saint-Denis (93)" in choices
    check_page(page, "sign-up-place-choice-fr")
    page.get_by_label("Saint-Denis — 97400, La Réunion (974)").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/sign-up/sent")
    token = _confirm(page, maildir, email)
    me = requests.get(f"{base_url}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert (me["postal_code"], me["neighbourhood"]) == ("97400", "Saint-Denis")

    # In English, and a choice made for a name then changed is not taken for the new one.
    page = new_page(browser, base_url, locale="en-GB")
    email = _email("martinique")
    page.goto("/sign-up/job_seeker")
    _fill(page, "Joseph", "Test", email, "Ste-Marie")
    page.get_by_role("button", name="Create my account").click()
    assert page.locator("#location-error").inner_text().startswith(
        "Several communes are named 'Ste-Marie'; add the postal code:")
    assert page.locator(".place-choices legend").inner_text() == \
        "Several communes have this name: which one is yours?"
    check_page(page, "sign-up-place-choice-en")
    page.get_by_label("Sainte-Marie — 97230, Martinique (972)").check()
    page.locator("[name='location']").fill("Saint-Denis")
    page.get_by_role("button", name="Create my account").click()
    assert page.locator("#location-error").inner_text().startswith("Several communes are named 'Saint-Denis'")
    page.get_by_label("Saint-Denis — 93200, Seine-Saint-Denis (93)").check()
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/sign-up/sent")
    token = _confirm(page, maildir, email)
    me = requests.get(f"{base_url}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert (me["postal_code"], me["neighbourhood"]) == ("93200", "Saint-Denis")


def journey_place_typo(browser, base_url, maildir):
    page = new_page(browser, base_url, locale="fr-FR")
    email = _email("creuse")
    page.goto("/sign-up/job_seeker")
    _fill(page, "Jeanne", "Test", email, "Guerret")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.locator("#location-error").inner_text() == \
        "Lieu inconnu 'Guerret' : donnez un code postal ou une ville de France."
    assert page.locator(".place-choices legend").inner_text() == "Vouliez-vous dire :"
    check_page(page, "sign-up-place-typo-fr")
    page.get_by_label("Guéret — 23000, Creuse (23)").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/sign-up/sent")
    token = _confirm(page, maildir, email)
    me = requests.get(f"{base_url}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert (me["postal_code"], me["neighbourhood"]) == ("23000", "Guéret")


def test_a_mistyped_commune_offers_the_nearest_names(embedded, browser):
    api, data = embedded
    browser.run(journey_place_typo, api.base_url, data / "maildir")


def test_a_shared_commune_name_is_a_choice_on_the_sign_up_page(embedded, browser):
    api, data = embedded
    browser.run(journey_place_choice, api.base_url, data / "maildir")


def test_the_api_refuses_a_shared_name_naming_location_and_each_commune(embedded):
    api, _ = embedded
    body = {"first_name": "Léa", "last_name": "Caron", "email": _email("lea"), "roles": ["job_seeker"],
            "location": "Saint-Denis"}
    answer = requests.post(f"{api.base_url}/api/people", json=body, timeout=10)
    assert answer.status_code == 400, answer.text
    message = answer.json()["error"]["fields"]["location"][0]
    assert "Saint-Denis (97400, La Réunion)" in message and "Saint-Denis (93200, Seine-Saint-Denis)" in message
    assert requests.post(f"{api.base_url}/api/people", json={**body, "location": "Saint-Denis 974"},
                         timeout=10).status_code == 202
    lookup = requests.get(f"{api.base_url}/api/places", params={"q": "Sainte-Marie"}, timeout=10)
    assert lookup.status_code == 400 and "Sainte-Marie (97230, Martinique)" in lookup.json()["error"]["fields"]["q"][0]
    found = requests.get(f"{api.base_url}/api/places", params={"q": "st remy de provence"}, timeout=10).json()
    assert found == {"postal_code": "13210", "neighbourhood": "Saint-Rémy-de-Provence"}


def journey_place_typeahead(browser, base_url):
    page = new_page(browser, base_url, locale="fr-FR")
    page.goto("/sign-up/job_seeker")
    page.locator("[name='location']").press_sequentially("st remy de pro")
    options = page.locator("#place-list option")
    wait_for("communes suggested as one types", lambda: options.count() > 0)
    assert options.first.get_attribute("value") == "13210 Saint-Rémy-de-Provence"
    assert options.first.get_attribute("label") == "Saint-Rémy-de-Provence — 13210, Bouches-du-Rhône"


def test_communes_are_suggested_as_one_types_their_name(embedded, browser):
    api, _ = embedded
    browser.run(journey_place_typeahead, api.base_url)
    answer = requests.get(f"{api.base_url}/api/places/suggestions", params={"q": "saint-denis"}, timeout=10).json()
    texts = [item["text"] for item in answer["items"]]
    assert texts[:2] == ["97400 Saint-Denis", "93200 Saint-Denis"]  # the whole name, most populous first
    assert all(item["department_name"] for item in answer["items"])
    coded = requests.get(f"{api.base_url}/api/places/suggestions", params={"q": "4800"}, timeout=10).json()
    assert coded["items"][0]["name"] == "Mende"
