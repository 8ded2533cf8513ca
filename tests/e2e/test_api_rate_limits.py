"""Swipes, decisions on proposals, reveals of contact details and messages are limited per
person: over the limit, 429 in the API's one error shape with Retry-After, for that person only."""
import json
import uuid

import requests

EMBEDDED_CONFIG = {"RATE_LIMITS": json.dumps({"swipe": [3, 3600], "proposal": [2, 3600],
                                              "reveal": [1, 3600], "message": [2, 3600]})}


def someone(api, first):
    person = api.register({"first_name": first, "last_name": "Test", "roles": ["sponsor"],
                                      "sponsor": {"capacity": 1},
                                      "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org"})
    return api.as_person(person)


def limited(response):
    assert response.status_code == 429, response.text
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 3600


def test_over_the_limit_a_person_waits_and_others_do_not(embedded):
    api, _ = embedded
    me, other = someone(api, "Ines"), someone(api, "Jules")

    def post(who, path, body=None):
        return who.http.post(api.base_url + path, json=body or {}, timeout=10)

    # Attempts count whatever their answer (here: no such card, match or person).
    swipes = [post(me, f"/api/people/{uuid.uuid4()}/swipe", {"decision": "like"}) for _ in range(4)]
    assert [r.status_code for r in swipes[:3]] == [404] * 3
    limited(swipes[3])

    # Deciding on matches and moving meetings share one budget.
    decisions = [post(me, f"/api/matches/{uuid.uuid4()}/accept"),
                 post(me, f"/api/matches/{uuid.uuid4()}/decline")]
    assert [r.status_code for r in decisions] == [404, 404]
    limited(post(me, f"/api/meetings/{uuid.uuid4()}/reschedule"))

    assert post(me, f"/api/people/{uuid.uuid4()}/consent").status_code == 404
    limited(post(me, f"/api/people/{uuid.uuid4()}/consent"))

    # Messages in conversations have their own budget.
    writes = [post(me, f"/api/matches/{uuid.uuid4()}/messages", {"body": "Bonjour"})
              for _ in range(3)]
    assert [r.status_code for r in writes[:2]] == [404, 404]
    limited(writes[2])

    # The limits are the person's own: someone else is not held back.
    assert post(other, f"/api/people/{uuid.uuid4()}/swipe", {"decision": "pass"}).status_code == 404
    assert post(other, f"/api/matches/{uuid.uuid4()}/accept").status_code == 404
    assert post(other, f"/api/matches/{uuid.uuid4()}/messages", {"body": "Hi"}).status_code == 404


def test_the_page_form_that_books_a_slot_counts_against_the_same_budget_as_the_api(embedded):
    api, _ = embedded
    me, other = someone(api, "Lucie"), someone(api, "Marius")

    def book_by_page(who):
        # As a browser on our own pages posts the form: the session cookie and our origin.
        session = requests.Session()
        session.headers["Origin"] = api.base_url
        session.cookies.set("binome_session", who.http.headers["Authorization"].split()[1])
        return session.post(f"{api.base_url}/meetings/{uuid.uuid4()}/confirm",
                            data={"start": "2030-01-07T12:00:00+00:00", "next": "/home"},
                            allow_redirects=False, timeout=10)

    assert book_by_page(me).status_code == 404
    assert me.http.post(f"{api.base_url}/api/matches/{uuid.uuid4()}/accept", json={},
                        timeout=10).status_code == 404
    refused = book_by_page(me)   # the budget of 2 is spent, by a page and the API alike
    assert refused.status_code == 429, refused.text[:300]
    assert refused.headers["Content-Type"].startswith("text/html")
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    limited(me.http.post(f"{api.base_url}/api/meetings/{uuid.uuid4()}/confirm",
                         json={"start": "2030-01-07T12:00:00+00:00"}, timeout=10))
    assert book_by_page(other).status_code == 404


def test_a_registration_refused_for_its_content_uses_up_no_allowance(embedded):
    # A person who mistypes their town three times must still be able to register: only
    # registrations that go through (and so email a link) count towards the address's limit.
    api, _ = embedded
    email = f"claire.{uuid.uuid4().hex[:6]}@example.org"
    body = {"first_name": "Claire", "last_name": "Test", "roles": ["job_seeker"], "email": email}
    for typo in ("Zzyzx", "Qwertyville", "Xyzzy-sur-Mer", "Plughburg", "Frobozz"):
        refused = requests.post(f"{api.base_url}/api/people", json={**body, "location": typo},
                                timeout=10)
        assert refused.status_code == 400, refused.text
        assert "location" in refused.json()["error"]["fields"]
    accepted = requests.post(f"{api.base_url}/api/people", json={**body, "location": "75011"},
                             timeout=10)
    assert accepted.status_code == 202, accepted.text
