"""Swipes, decisions on proposals and reveals of contact details are limited per person: over the
limit, 429 in the API's one error shape with Retry-After, for that person only."""
import json
import uuid

EMBEDDED_CONFIG = {"RATE_LIMITS": json.dumps({"swipe": [3, 3600], "proposal": [2, 3600],
                                              "reveal": [1, 3600]})}


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

    # The limits are the person's own: someone else is not held back.
    assert post(other, f"/api/people/{uuid.uuid4()}/swipe", {"decision": "pass"}).status_code == 404
    assert post(other, f"/api/matches/{uuid.uuid4()}/accept").status_code == 404
