"""A person of each role edits their profile in a real browser (headless Chromium), on a phone
(390 x 844) and on a desktop, in French and in English (issue 16): the profile is reached from the
header and from the role's home page, a form with several mistakes shows every error at once beside
its field (and nothing is written), the corrected form is saved, and "when I am free" is ticked on
the same page, after which the page stops asking for it.

The journeys run in the browser process (browser_support.py); each registers its person through
the API and opens the page with the session's cookie.
"""
import re
import uuid

import pytest

from binome.api_client import Api
from browser_support import check_page, new_page, open_menu

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HOME = {"job_seeker": "/seeker", "reconverting_worker": "/seeker", "mentor": "/mentor",
        "time_donor": "/donor", "sponsor": "/sponsor"}
WORDS = {
    "fr": {"nav": "Mon profil", "save": "Enregistrer mon profil", "saved": "Votre profil est enregistré.",
           "fix": "Corrigez les champs signalés ci-dessous.", "first_name": "Prénom",
           "location": "Code postal ou ville", "english": "Anglais", "french": "Français",
           "unknown_place": "Lieu inconnu 'Atlantide'", "unknown_job": "Métier inconnu",
           "no_language": "Cochez au moins une langue.",
           "period": "Lundi, À midi 12:00–14:00", "save_free": "Enregistrer mes disponibilités",
           "free_saved": "Vos disponibilités sont enregistrées.",
           "own_words": "En quelques mots"},
    "en": {"nav": "My profile", "save": "Save my profile", "saved": "Your profile is saved.",
           "fix": "Please correct the fields marked below.", "first_name": "First name",
           "location": "Postal code or city", "english": "English", "french": "French",
           "unknown_place": "Unknown place 'Atlantide'", "unknown_job": "Unknown occupation",
           "no_language": "Tick at least one language.",
           "period": "Monday, Lunchtime 12:00–14:00", "save_free": "Save when I am free",
           "free_saved": "When you are free is saved.", "own_words": "In your own words"},
}


def _person(role, locale):
    blocks = {"mentor": {"mentor": {"from_occupation": "J1506", "to_occupation": "M1805",
                                    "moved_in": 2019}},
              "sponsor": {"sponsor": {"capacity": 2, "radius_km": 30}}}.get(role, {})
    return {"first_name": "Camille", "last_name": "Test", "roles": [role], "location": "75011",
            "languages": [locale], "occupation": "M1805",
            "email": f"{role}.{uuid.uuid4().hex[:8]}@example.org", **blocks}


def journey_edit_profile(browser, base_url, maildir, role, locale, size):
    words = WORDS[locale]
    api = Api(base_url, maildir=maildir)
    person = api.register(_person(role, locale))
    me = api.as_person(person)
    page = new_page(browser, base_url, locale={"fr": "fr-FR", "en": "en-GB"}[locale],
                    viewport=PHONE if size == "phone" else DESKTOP)
    page.context.add_cookies([{"name": "binome_session", "value": person["token"],
                               "url": base_url}])
    name = f"profile-{role}-{locale}-{size}"

    # The role's home page links to the profile, and says what keeps the person from a match.
    page.goto(HOME[role])
    assert page.locator("#profile-link").count() == 1
    if role != "sponsor":
        assert page.locator("#gap-no_availability").is_visible()
    open_menu(page)
    page.get_by_role("link", name=words["nav"], exact=True).click()
    page.wait_for_url("**/profile")
    check_page(page, name)
    assert page.get_by_label(words["first_name"]).input_value() == "Camille"
    location = page.get_by_label(words["location"])
    assert location.input_value() == "75011"
    assert location.get_attribute("inputmode") == "text"
    assert location.get_attribute("maxlength") == "100"

    # Several mistakes at once: every one named beside its field, in the reader's language.
    page.get_by_label(words["first_name"]).fill("")
    location.fill("Atlantide")
    page.locator("#f-occupation").fill("xq zzv wq")
    page.locator("#f-occupation").press("Escape")
    page.get_by_label(words[{"fr": "french", "en": "english"}[locale]], exact=True).uncheck()
    expected = {"first_name", "location", "occupation", "languages"}
    if role == "mentor":
        page.locator("#f-mentor-moved_in").fill("1900")
        page.locator("#f-mentor-to_occupation").fill("zzqx vw")
        page.locator("#f-mentor-to_occupation").press("Escape")
        expected.update(("mentor-to_occupation", "mentor-moved_in"))
    if role == "sponsor":
        page.locator("#f-sponsor-occupations").fill("Astronaute spatial lunaire")
        expected.add("sponsor-occupations")
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_load_state()
    assert page.locator("#profile-errors").inner_text().startswith(words["fix"])
    shown = {e.get_attribute("id")[:-len("-error")] for e in page.locator(".field-error").all()}
    assert shown == expected, shown
    assert words["unknown_place"] in page.locator("#location-error").inner_text()
    assert words["unknown_job"] in page.locator("#occupation-error").inner_text()
    assert page.locator("#languages-error").inner_text() == words["no_language"]
    assert page.locator("#f-first_name").get_attribute("aria-invalid") == "true"
    assert location.input_value() == "Atlantide"          # what was typed stays
    check_page(page, name + "-errors")
    unchanged = me.get("/api/me")
    assert (unchanged["first_name"], unchanged["postal_code"]) == ("Camille", "75011")

    # Corrected: saved, and shown again as saved.
    page.get_by_label(words["first_name"]).fill("Maëlle")
    location.fill("Lyon")
    page.locator("#f-occupation").fill("infirmier")
    page.locator("#f-occupation").press("Escape")
    page.get_by_label(words["french"], exact=True).check()
    page.get_by_label(words["english"], exact=True).check()
    page.get_by_label(words["own_words"]).fill("Dix ans à l'hôpital, et du code le soir.")
    if role == "mentor":
        page.locator("#f-mentor-moved_in").fill("2018")
        page.locator("#f-mentor-to_occupation").fill("M1805")
    if role == "sponsor":
        page.locator("#f-sponsor-occupations").fill("infirmier\ndéveloppeur")
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url("**/profile?done=profile_saved")
    assert page.locator(".notice[role=status]").inner_text() == words["saved"]
    saved = me.get("/api/me")
    assert (saved["first_name"], saved["neighbourhood"], saved["occupation"]) == \
        ("Maëlle", "Lyon", "J1506")
    assert set(saved["languages"]) == {"fr", "en"}
    assert saved["own_words"] == "Dix ans à l'hôpital, et du code le soir."
    if role == "mentor":
        assert saved["mentor"]["moved_in"] == 2018
    if role == "sponsor":
        assert saved["sponsor"]["occupations"] == ["J1506", "M1805"]

    # When I am free: one period ticked, and the page stops asking.
    page.get_by_label(words["period"]).check()
    page.get_by_role("button", name=words["save_free"]).click()
    page.wait_for_url("**/profile?done=availability_saved")
    assert page.locator(".notice[role=status]").inner_text() == words["free_saved"]
    assert page.get_by_label(words["period"]).is_checked()
    assert page.locator("#gap-no_availability").count() == 0
    check_page(page, name + "-saved")
    assert me.get("/api/me")["availability"]["mon"] == [{"start": "12:00", "end": "14:00"}]
    return True


ROLES = ("job_seeker", "reconverting_worker", "mentor", "time_donor", "sponsor")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("locale, size", [("fr", "phone"), ("en", "desktop")])
def test_a_person_edits_their_profile_with_every_error_at_once(embedded, browser, role, locale,
                                                               size):
    api, data = embedded
    assert browser.run(journey_edit_profile, api.base_url, data / "maildir", role, locale, size)


@pytest.mark.parametrize("role", ("mentor", "time_donor"))
@pytest.mark.parametrize("locale, size", [("en", "phone"), ("fr", "desktop")])
def test_the_other_language_at_the_other_size(embedded, browser, role, locale, size):
    api, data = embedded
    assert browser.run(journey_edit_profile, api.base_url, data / "maildir", role, locale, size)


def journey_sign_up_errors_at_once(browser, base_url, locale, size):
    page = new_page(browser, base_url, locale={"fr": "fr-FR", "en": "en-GB"}[locale],
                    viewport=PHONE if size == "phone" else DESKTOP)
    page.goto("/sign-up/mentor")
    page.locator("[name='last_name']").fill("Test")
    page.locator("[name='email']").fill(f"m.{uuid.uuid4().hex[:8]}@example.org")
    page.locator("[name='location']").fill("Saint-Denis")
    page.locator("[name='occupation']").fill("xq zzv wq")
    page.locator("[name='occupation']").press("Escape")
    page.locator("[name='mentor.from_occupation']").fill("zzqx vw")
    page.locator("[name='mentor.from_occupation']").press("Escape")
    page.locator("[name='mentor.to_occupation']").fill("M1805")
    page.locator("[name='mentor.moved_in']").fill("2019")
    page.get_by_role("button", name=re.compile("Create my account|Créer mon compte")).click()
    page.wait_for_load_state()
    shown = {e.get_attribute("id")[:-len("-error")] for e in page.locator(".field-error").all()}
    assert shown == {"first_name", "location", "occupation", "mentor-from_occupation"}, shown
    assert page.locator(".place-choices input[type=radio]").count() >= 2
    check_page(page, f"sign-up-errors-at-once-{locale}-{size}")
    return True


@pytest.mark.parametrize("locale, size", [("fr", "phone"), ("en", "desktop")])
def test_the_sign_up_form_shows_every_error_in_one_answer(embedded, browser, locale, size):
    api, _ = embedded
    assert browser.run(journey_sign_up_errors_at_once, api.base_url, locale, size)
