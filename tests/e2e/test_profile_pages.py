"""The profile page through HTTP, as a browser posts it (issue 16): every field given at sign-up,
for every role, edited afterwards; every refusal of a form in one answer, each naming its field,
and nothing written; availability for everyone, and a person without it neither matched for a
meeting nor left without being told why."""
import re
import uuid

import requests

from binome.maildir_check import link_tokens
from support import wait_until

ERRORS = re.compile(r'class="field-error" id="([^"]+)-error"')


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _person(api, role, **more):
    blocks = {"mentor": {"mentor": {"from_occupation": "J1506", "to_occupation": "M1805",
                                    "moved_in": 2019}},
              "sponsor": {"sponsor": {"capacity": 2, "radius_km": 30}}}.get(role, {})
    person = api.register({"first_name": "Camille", "last_name": "Test", "email": _email(role),
                           "roles": [role], "location": "75011", **blocks, **more})
    return person, api.as_person(person)


def _browser(api, person, locale="fr"):
    """A session as the browser holds it: the cookie, and our own pages as the origin."""
    session = requests.Session()
    session.cookies.set("binome_session", person["token"])
    session.cookies.set("binome_lang", locale)
    session.headers["Origin"] = api.base_url
    return session


def _form(page_html):
    """The profile form's fields as the page fills them in (inputs, ticked boxes, textareas)."""
    form = page_html.split('id="profile-form"', 1)[1].split("</form>", 1)[0]
    fields = []
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name:
            continue
        if kind and kind.group(1) in ("checkbox", "radio") and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields.append((name.group(1), _unescape(value.group(1) if value else "")))
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields.append((name, _unescape(text)))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        fields.append((name, chosen.group(1) if chosen else ""))
    return fields


def _unescape(text):
    return (text.replace("&#39;", "'").replace("&quot;", '"').replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


def _changed(fields, **changes):
    kept = [(n, v) for n, v in fields if n.replace(".", "__") not in changes]
    for name, value in changes.items():
        values = value if isinstance(value, list) else [value]
        kept += [(name.replace("__", "."), v) for v in values]
    return kept


def test_each_role_sees_its_fields_filled_in_and_saves_them_unchanged(embedded):
    api, _ = embedded
    for role in ("job_seeker", "reconverting_worker", "mentor", "time_donor", "sponsor"):
        person, as_person = _person(api, role, occupation="M1805", languages=["fr"],
                                    own_words="Dix ans d'infirmerie.")
        browser = _browser(api, person)
        page = browser.get(f"{api.base_url}/profile")
        assert page.status_code == 200, role
        fields = dict(_form(page.text))
        assert fields["first_name"] == "Camille" and fields["location"] == "75011", role
        assert fields["occupation"] == "Études et développement informatique", role  # its label
        assert fields["own_words"] == "Dix ans d'infirmerie.", role
        assert ("mentor.from_occupation" in fields) is (role == "mentor")
        assert ("sponsor.capacity" in fields) is (role == "sponsor")
        assert ("target_occupation" in fields) is (role in ("job_seeker", "reconverting_worker"))
        before = as_person.get("/api/me")
        saved = browser.post(f"{api.base_url}/profile", data=_form(page.text),
                             allow_redirects=False)
        assert saved.status_code == 303, (role, ERRORS.findall(saved.text))
        after = as_person.get("/api/me")
        assert {k: v for k, v in after.items() if k != "registered_at"} == \
            {k: v for k, v in before.items() if k != "registered_at"}, role


def test_every_error_of_the_form_comes_at_once_beside_its_field_and_nothing_is_written(embedded):
    api, _ = embedded
    person, as_person = _person(api, "mentor", languages=["fr"])
    before = as_person.get("/api/me")
    for locale, words in (("fr", "Métier inconnu"), ("en", "Unknown occupation")):
        browser = _browser(api, person, locale)
        fields = _form(browser.get(f"{api.base_url}/profile").text)
        refused = browser.post(f"{api.base_url}/profile", data=_changed(
            fields, first_name=" ", phone="appelez-moi", location="Atlantide", languages=[],
            occupation="xq zzv wq", own_words="x" * 501, mentor__to_occupation="zzqx vw",
            mentor__moved_in="bientôt"))
        assert refused.status_code == 400
        assert set(ERRORS.findall(refused.text)) == {
            "first_name", "phone", "location", "languages", "occupation", "own_words",
            "mentor-to_occupation", "mentor-moved_in"}
        assert words in refused.text
        assert 'value="Atlantide"' in refused.text   # what was typed stays
        assert as_person.get("/api/me") == before    # nothing written


def test_a_place_name_several_communes_share_is_a_choice_and_an_untouched_place_stays(embedded):
    api, _ = embedded
    person, as_person = _person(api, "time_donor", location="Saint-Denis 974")
    browser = _browser(api, person, "en")
    fields = _form(browser.get(f"{api.base_url}/profile").text)
    assert dict(fields)["location"] == "97400"
    # Saved without touching the place: still La Réunion, never moved to Seine-Saint-Denis.
    assert browser.post(f"{api.base_url}/profile", data=_changed(fields, first_name="Maëva"),
                        allow_redirects=False).status_code == 303
    me = as_person.get("/api/me")
    assert (me["first_name"], me["postal_code"]) == ("Maëva", "97400")
    refused = browser.post(f"{api.base_url}/profile", data=_changed(fields, location="Sainte-Marie"))
    assert refused.status_code == 400 and "Several communes are named" in refused.text
    assert "Sainte-Marie — 97230, Martinique (972)" in refused.text
    chosen = browser.post(f"{api.base_url}/profile", allow_redirects=False, data=_changed(
        fields, location="Sainte-Marie", location_choice="97230 Sainte-Marie"))
    assert chosen.status_code == 303
    assert as_person.get("/api/me")["postal_code"] == "97230"


def test_a_sponsors_occupations_and_a_mentors_move_change_and_stay_as_codes(embedded):
    api, _ = embedded
    sponsor, as_sponsor = _person(api, "sponsor")
    browser = _browser(api, sponsor)
    fields = _form(browser.get(f"{api.base_url}/profile").text)
    assert browser.post(f"{api.base_url}/profile", allow_redirects=False, data=_changed(
        fields, sponsor__occupations="infirmier\ndéveloppeur", sponsor__capacity="4")
        ).status_code == 303
    assert as_sponsor.get("/api/me")["sponsor"] == {"capacity": 4, "radius_km": 30,
                                                    "occupations": ["J1506", "M1805"]}
    mentor, as_mentor = _person(api, "mentor", languages=["en"])
    browser = _browser(api, mentor, "en")
    page = browser.get(f"{api.base_url}/profile").text
    assert 'id="gap-few_speak_it"' in page       # only English: few people to match with
    fields = _form(page)
    assert browser.post(f"{api.base_url}/profile", allow_redirects=False, data=_changed(
        fields, languages=["en", "fr"], mentor__from_occupation="comptable",
        mentor__max_mentees="3")).status_code == 303
    me = as_mentor.get("/api/me")
    assert me["languages"] == ["en", "fr"]
    assert (me["mentor"]["from_occupation"], me["mentor"]["to_occupation"],
            me["mentor"]["max_mentees"]) == ("M1203", "M1805", 3)
    assert 'id="gap-few_speak_it"' not in browser.get(f"{api.base_url}/mentor").text


def test_the_sign_up_form_names_every_error_in_one_answer(embedded):
    api, _ = embedded
    session = requests.Session()
    session.headers["Origin"] = api.base_url
    for role in ("mentor", "sponsor"):
        answer = session.post(f"{api.base_url}/sign-up/{role}", data={
            "first_name": " ", "last_name": "Test", "email": _email("x"), "phone": "call me",
            "location": "Saint-Denis", "occupation": "Astronaute",
            "mentor.from_occupation": "zzqx vw", "mentor.to_occupation": "développeur",
            "mentor.moved_in": "deux mille", "sponsor.capacity": "beaucoup"})
        assert answer.status_code == 400
        expected = {"first_name", "phone", "location", "occupation"} | (
            {"mentor-from_occupation", "mentor-moved_in"} if role == "mentor"
            else {"sponsor-capacity"})
        assert set(ERRORS.findall(answer.text)) == expected, role
    page = session.get(f"{api.base_url}/sign-up/job_seeker").text
    location = re.search(r'<input id="f-location"[^>]*>', page).group(0)
    assert 'inputmode="text"' in location and 'maxlength="100"' in location
    assert re.search(r'<input id="f-first_name"[^>]*maxlength="50"', page)


def test_nobody_without_availability_is_matched_for_a_coffee_until_they_say_when(embedded,
                                                                                 operator):
    api, _ = embedded
    language = "xp"   # only these two speak it: no other test's people in their rounds
    donor, as_donor = _person(api, "time_donor", occupation="M1805", languages=[language],
                              availability_preset="coffee")
    seeker, as_seeker = _person(api, "job_seeker", occupation="D1301", languages=[language],
                                target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})
    # Profiles' news reaches matching by events: once a round counts the request and the pledge
    # (no other test of this module asks for a coffee), it leaves the seeker out.
    report = wait_until("the request and the pledge to reach matching", lambda: (
        found := operator.post("/api/rounds", {"kind": "coffee"}))["requests"] >= 1
        and found["offers"] >= 1 and found)
    assert (report["edges"], report["matched"]) == (0, 0)
    assert as_seeker.items("/api/me/matches") == []
    browser = _browser(api, seeker)
    home = browser.get(f"{api.base_url}/seeker").text
    assert 'id="gap-no_availability"' in home and 'href="/profile#availability"' in home
    assert browser.post(f"{api.base_url}/profile/availability", allow_redirects=False, data=[
        ("period", "mon-morning"), ("period", "tue-evening")]).status_code == 303
    assert as_seeker.get("/api/me")["availability"] == {
        "mon": [{"start": "08:00", "end": "09:30"}], "tue": [{"start": "17:30", "end": "19:00"}]}
    assert 'id="gap-no_availability"' not in browser.get(f"{api.base_url}/profile").text

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    assert wait_until("a coffee proposed once the seeker said when", proposed)


def test_a_stranger_is_sent_to_sign_in_and_a_foreign_page_cannot_post(embedded):
    api, _ = embedded
    answer = requests.get(f"{api.base_url}/profile", allow_redirects=False, timeout=10)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(
        "/sign-in?next=%2Fprofile")   # and back to the profile once signed in
    person, as_person = _person(api, "time_donor")
    browser = _browser(api, person)
    browser.headers["Origin"] = "https://elsewhere.example"
    refused = browser.post(f"{api.base_url}/profile/availability", data={"period": "mon-lunch"})
    assert refused.status_code == 403
    assert as_person.get("/api/me")["availability"] == {}


def test_a_new_address_changes_once_the_link_emailed_to_it_is_followed(embedded):
    api, _ = embedded
    person, as_person = _person(api, "time_donor")
    browser = _browser(api, person, "en")
    fields = _form(browser.get(f"{api.base_url}/profile").text)
    assert dict(fields)["email"] == person["email"]
    refused = browser.post(f"{api.base_url}/profile", data=_changed(fields, email="not an address"))
    assert refused.status_code == 400 and ERRORS.findall(refused.text) == ["email"]
    new = _email("moved")
    saved = browser.post(f"{api.base_url}/profile", data=_changed(fields, email=new,
                                                                   first_name="Camélia"))
    assert saved.status_code == 200 and "/profile?done=email_link_sent" in saved.url
    assert "We emailed a link to your new address" in saved.text
    me = as_person.get("/api/me")
    assert (me["first_name"], me["email"]) == ("Camélia", person["email"])  # not yet
    (token, *_) = wait_until("the link emailed to the new address",
                             lambda: link_tokens(api.maildir, new))
    # The link opens a session at the new address; every earlier one ends (profiles' rule).
    assert api.confirm(token)["email"] == new
