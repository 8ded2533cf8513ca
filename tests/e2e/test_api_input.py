"""Bad input to the API: a 400 whose `fields` name what is wrong, and nothing written anywhere."""
import uuid

import pytest
import requests

from services.profiles import store as profiles_store
from shared.database import make_engine
from shared.messaging.tables import OUTBOX
from support import count

GOOD = {"first_name": "Léa", "last_name": "Caron", "email": "lea.caron@example.org",
        "roles": ["job_seeker"]}


def writes(data):
    engine = make_engine(f"sqlite:///{data}/profiles.sqlite")
    try:
        return (count(engine, profiles_store.Person.__table__),
                count(engine, profiles_store.Pledge.__table__), count(engine, OUTBOX))
    finally:
        engine.dispose()


def someone(api, **changes):
    person = api.register({**GOOD, "email": f"p-{uuid.uuid4().hex[:8]}@example.org",
                                      **changes})
    return person, api.as_person(person)


def refused(response, field):
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and field in error["fields"], response.text


@pytest.mark.parametrize("body, field", [
    ({**GOOD, "id": str(uuid.uuid4())}, "id"),
    ({**GOOD, "approved": True}, "approved"),
    ({**GOOD, "token_hash": "x" * 64}, "token_hash"),
    ({**GOOD, "email": "lea at example"}, "email"),
    ({**GOOD, "first_name": "x" * 51}, "first_name"),
    ({**GOOD, "last_name": "   "}, "last_name"),
    ({**GOOD, "phone": "call me maybe"}, "phone"),
    ({**GOOD, "roles": ["admin"]}, "roles"),
    ({**GOOD, "timezone": "Mars/Olympus"}, "timezone"),
    ({**GOOD, "location": "Atlantis"}, "location"),
    ({**GOOD, "occupation": "Dragon tamer"}, "occupation"),
    ({**GOOD, "roles": ["mentor"]}, "mentor"),
    ({**GOOD, "availability": {"mon": [{"start": "14:00", "end": "12:00"}]}}, "availability"),
    ({**GOOD, "availability_preset": "siesta"}, "availability_preset"),
    ({k: v for k, v in GOOD.items() if k != "email"}, "email"),
    # A line end in a name once stopped every email (the name goes into a subject line).
    ({**GOOD, "first_name": "Eve\rX"}, "first_name"),
    ({**GOOD, "first_name": "Eve\u2028X"}, "first_name"),
    ({**GOOD, "last_name": "Caron\nBcc: all@example.org"}, "last_name"),
    ({**GOOD, "last_name": "\u202eCaron"}, "last_name"),
    ({**GOOD, "skills": ["Python\r\n"]}, "skills"),
    ({**GOOD, "own_words": "Hello\x00"}, "own_words"),
    ({**GOOD, "timezone": "Europe"}, "timezone"),
    ({**GOOD, "timezone": "A" * 300}, "timezone"),
])
def test_a_bad_registration_names_the_field_and_writes_nothing(embedded, body, field):
    api, data = embedded
    before = writes(data)
    refused(requests.post(f"{api.base_url}/api/people", json=body, timeout=10), field)
    assert writes(data) == before


@pytest.mark.parametrize("body, field", [
    ({"kind": "massage", "quantity": 1}, "kind"),
    ({"kind": "coffee", "quantity": 0}, "quantity"),
    ({"kind": "coffee", "quantity": "2"}, "quantity"),
    ({"kind": "coffee", "quantity": 1, "valid_until": "2001-01-01"}, "valid_until"),
    ({"kind": "coffee", "quantity": 1, "remote": False}, "remote"),  # in person needs a location
    ({"kind": "coffee", "quantity": 1, "person_id": str(uuid.uuid4())}, "person_id"),
    ({"kind": "coffee", "quantity": 1, "remaining": 99}, "remaining"),
])
def test_a_bad_pledge_names_the_field_and_writes_nothing(embedded, body, field):
    api, data = embedded
    _, donor = someone(api, roles=["time_donor"])
    before = writes(data)
    refused(donor.http.post(f"{api.base_url}/api/me/pledges", json=body, timeout=10), field)
    assert writes(data) == before


def test_a_body_that_is_not_a_json_object_is_refused(embedded):
    api, _ = embedded
    response = requests.post(f"{api.base_url}/api/people", data="[1, 2", timeout=10,
                             headers={"Content-Type": "application/json"})
    refused(response, "_body")


def test_without_a_valid_token_only_public_routes_answer(embedded):
    api, _ = embedded
    for headers in ({}, {"Authorization": "Bearer not-a-token-anyone-holds-00000"}):
        response = requests.get(f"{api.base_url}/api/me", headers=headers, timeout=10)
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"
    assert requests.get(f"{api.base_url}/api/occupations?q=infirm", timeout=10).status_code == 200


@pytest.mark.parametrize("route", ["/api/occupations", "/api/places", "/api/places/suggestions"])
def test_a_lookup_longer_than_anyone_types_is_refused_naming_q(embedded, route):
    api, _ = embedded
    response = requests.get(f"{api.base_url}{route}", params={"q": "a" * 201}, timeout=10)
    refused(response, "q")


def test_only_operators_run_rounds(embedded, operator):
    api, _ = embedded
    _, me = someone(api)
    refused = me.http.post(f"{api.base_url}/api/rounds", json={"kind": "coffee"}, timeout=10)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert operator.post("/api/rounds", {"kind": "coffee"})["kind"] == "coffee"


def test_an_unknown_person_is_a_404_and_a_malformed_id_a_400(embedded):
    api, _ = embedded
    _, me = someone(api)
    assert me.http.get(f"{api.base_url}/api/people/{uuid.uuid4()}", timeout=10).status_code == 404
    refused(me.http.get(f"{api.base_url}/api/people/not-a-uuid", timeout=10), "person_id")


def test_every_write_endpoint_names_the_bad_field(embedded, operator):
    api, _ = embedded
    person, me = someone(api)
    a_match, a_meeting = uuid.uuid4(), uuid.uuid4()
    cases = [
        ("POST", "/api/me/requests", {"kind": "coffee", "note": "x" * 501}, "note"),
        ("PATCH", "/api/me", {"email": "nope"}, "email"),
        ("PATCH", "/api/me", {"roles": ["sponsor"]}, "sponsor"),
        ("PATCH", "/api/me", {"token": "mine"}, "token"),
        ("POST", f"/api/matches/{a_match}/accept", {"person_id": person["id"]}, "person_id"),
        ("POST", f"/api/meetings/{a_meeting}/confirm", {"start": "tomorrow"}, "start"),
        ("POST", f"/api/meetings/{a_meeting}/confirm", {"start": "2030-01-01T12:00:00"}, "start"),
        ("POST", f"/api/people/{person['id']}/consent", {}, "other_id"),
        ("POST", f"/api/people/{uuid.uuid4()}/report", {"reason": " "}, "reason"),
    ]
    for method, path, body, field in cases:
        refused(me.http.request(method, api.base_url + path, json=body, timeout=10), field)
    for body in ({"kind": "hugs"}, {}):
        refused(operator.http.post(f"{api.base_url}/api/rounds", json=body, timeout=10), "kind")
    # A decision, or any path, that the API does not know answers its own 404.
    unknown = me.http.post(f"{api.base_url}/api/matches/{a_match}/maybe", json={}, timeout=10)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_every_list_answers_pages_and_refuses_a_bad_page_by_name(embedded):
    api, _ = embedded
    _, me = someone(api, roles=["time_donor"])
    for quantity in (1, 2, 3):
        me.post("/api/me/pledges", {"kind": "cv_review", "quantity": quantity})
    second = me.get("/api/me/pledges?page=2&page_size=2")
    assert (second["page"], second["page_size"], second["total"]) == (2, 2, 3)
    assert len(second["items"]) == 1
    for path in ("/api/me/requests", "/api/me/matches", "/api/me/meetings",
                 "/api/me/sponsorships", "/api/me/inbox", "/api/occupations?q=infirm"):
        assert {"items", "page", "page_size", "total"} <= set(me.get(path)), path
    for path, field in (("/api/me/pledges?page=0", "page"), ("/api/me/matches?page=two", "page"),
                        ("/api/me/meetings?page_size=101", "page_size"),
                        ("/api/me/inbox?page_size=0", "page_size"),
                        ("/api/me/feed?page_size=51", "page_size")):
        refused(me.http.get(api.base_url + path, timeout=10), field)


@pytest.mark.parametrize("language, message", [
    ("fr", "Une seule ligne, sans caractère de contrôle."),
    ("en", "Must be one line, without control characters.")])
def test_the_sign_up_page_names_a_name_with_a_line_end_in_the_readers_language(
        embedded, language, message):
    api, data = embedded
    before = writes(data)
    page = requests.post(f"{api.base_url}/sign-up/job_seeker", timeout=10, data={
        "first_name": "Eve\u2028X", "last_name": "Caron", "languages": language,
        "email": f"eve-{uuid.uuid4().hex[:8]}@example.org"},
        headers={"Origin": api.base_url, "Cookie": f"binome_lang={language}"})
    assert page.status_code == 400
    assert f'<p class="field-error" id="first_name-error">{message}</p>' in page.text
    assert writes(data) == before


@pytest.mark.parametrize("what, body, content_type", [
    ("a form of 2 MB", b"first_name=" + b"x" * 2_000_000, "application/x-www-form-urlencoded"),
    ("a form that is not UTF-8", b"first_name=\xff\xfe&last_name=Caron",
     "application/x-www-form-urlencoded"),
    ("a NUL in a name", b"first_name=Eve%00&last_name=Caron", "application/x-www-form-urlencoded"),
    ("JSON nested 1,000 deep", b"[" * 1000 + b"]" * 1000, "application/json"),
    ("a broken multipart form", b"--x\r\nContent-Disposition: form-data", "multipart/form-data"),
])
def test_a_page_form_that_breaks_a_reader_is_refused_without_a_server_error(
        embedded, what, body, content_type):
    api, data = embedded
    before = writes(data)
    page = requests.post(f"{api.base_url}/sign-up/job_seeker", data=body, timeout=20,
                         headers={"Origin": api.base_url, "Content-Type": content_type})
    assert 400 <= page.status_code < 500, (what, page.status_code, page.text[-500:])
    assert writes(data) == before
