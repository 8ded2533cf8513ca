"""Bad input to the API: a 400 whose `fields` name what is wrong, and nothing written anywhere."""
import uuid

import pytest
import requests

from services.profiles import store as profiles_store
from shared.database import make_engine
from shared.messaging.tables import OUTBOX
from support import count

GOOD = {"name": "Léa Caron", "email": "lea.caron@example.org", "roles": ["job_seeker"]}


def writes(data):
    engine = make_engine(f"sqlite:///{data}/profiles.sqlite")
    try:
        return (count(engine, profiles_store.Person.__table__),
                count(engine, profiles_store.Pledge.__table__), count(engine, OUTBOX))
    finally:
        engine.dispose()


@pytest.mark.parametrize("body, field", [
    ({**GOOD, "id": str(uuid.uuid4())}, "id"),
    ({**GOOD, "approved": True}, "approved"),
    ({**GOOD, "email": "lea at example"}, "email"),
    ({**GOOD, "name": "x" * 101}, "name"),
    ({**GOOD, "roles": ["admin"]}, "roles"),
    ({**GOOD, "timezone": "Mars/Olympus"}, "timezone"),
    ({**GOOD, "availability": {"mon": [{"start": "14:00", "end": "12:00"}]}}, "availability"),
    ({k: v for k, v in GOOD.items() if k != "email"}, "email"),
])
def test_a_bad_registration_names_the_field_and_writes_nothing(embedded, body, field):
    api, data = embedded
    before = writes(data)
    response = requests.post(f"{api.base_url}/api/people", json=body, timeout=10)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and field in error["fields"]
    assert writes(data) == before


@pytest.mark.parametrize("body, field", [
    ({"kind": "massage", "quantity": 1}, "kind"),
    ({"kind": "coffee", "quantity": 0}, "quantity"),
    ({"kind": "coffee", "quantity": "2"}, "quantity"),
    ({"kind": "coffee", "quantity": 1, "valid_until": "2001-01-01"}, "valid_until"),
    ({"kind": "coffee", "quantity": 1, "person_id": str(uuid.uuid4())}, "person_id"),
    ({"kind": "coffee", "quantity": 1, "remaining": 99}, "remaining"),
])
def test_a_bad_pledge_names_the_field_and_writes_nothing(embedded, body, field):
    api, data = embedded
    donor = api.post("/api/people", {**GOOD, "email": f"donor-{uuid.uuid4().hex[:6]}@example.org",
                                     "roles": ["time_donor"]})
    before = writes(data)
    response = requests.post(f"{api.base_url}/api/people/{donor['id']}/pledges", json=body, timeout=10)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert writes(data) == before


def test_a_body_that_is_not_a_json_object_is_refused(embedded):
    api, _ = embedded
    response = requests.post(f"{api.base_url}/api/people", data="[1, 2", timeout=10,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "_body" in response.json()["error"]["fields"]


def test_an_unknown_person_is_a_404_and_a_malformed_id_a_400(embedded):
    api, _ = embedded
    unknown = requests.post(f"{api.base_url}/api/people/{uuid.uuid4()}/pledges",
                            json={"kind": "coffee", "quantity": 1}, timeout=10)
    assert unknown.status_code == 404
    malformed = requests.get(f"{api.base_url}/api/people/not-a-uuid", timeout=10)
    assert malformed.status_code == 400 and "person_id" in malformed.json()["error"]["fields"]


def test_every_write_endpoint_names_the_bad_field(embedded):
    api, _ = embedded
    someone = api.post("/api/people", {**GOOD, "email": f"x-{uuid.uuid4().hex[:6]}@example.org"})
    a_match, a_meeting = uuid.uuid4(), uuid.uuid4()
    cases = [
        ("/api/rounds", {"kind": "hugs"}, "kind"),
        ("/api/rounds", {}, "kind"),
        (f"/api/people/{someone['id']}/requests", {"kind": "coffee", "note": "x" * 501}, "note"),
        (f"/api/matches/{a_match}/accept", {}, "person_id"),
        (f"/api/matches/{a_match}/decline", {"person_id": "me"}, "person_id"),
        (f"/api/meetings/{a_meeting}/confirm", {"person_id": someone["id"], "start": "tomorrow"}, "start"),
        (f"/api/meetings/{a_meeting}/confirm", {"person_id": someone["id"],
                                                "start": "2030-01-01T12:00:00"}, "start"),
    ]
    for path, body, field in cases:
        response = requests.post(api.base_url + path, json=body, timeout=10)
        assert response.status_code == 400, (path, response.text)
        assert field in response.json()["error"]["fields"], (path, response.text)
