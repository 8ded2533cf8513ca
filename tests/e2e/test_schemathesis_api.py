"""schemathesis against /openapi.json of a running system: whatever it sends within the document,
every answer is in the document (its status, content type, headers and body schema) and none is a
5xx; whatever it sends outside the document is refused, never a 5xx. It acts as a registered
person who has pledged, asked for help and been told so.
"""
import uuid

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                                response_headers_conformance,
                                                response_schema_conformance,
                                                status_code_conformance)

from support import wait_until

# Examples per operation and mode: about 50 operations, so the run takes a minute or so.
EXAMPLES = 30
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]
# Whoever runs the test would be erased or signed out, and every later call answered 401.
LEAVES = (("DELETE", "/api/me"), ("DELETE", "/api/sessions/current"))


@pytest.fixture(scope="module")
def person(embedded):
    """A donor, sponsor and job seeker with a pledge, a request and a welcome in the inbox."""
    api, _ = embedded
    registered = api.register({
        "first_name": "Sacha", "last_name": "Test", "email": f"sacha.{uuid.uuid4().hex[:6]}@example.org",
        "roles": ["time_donor", "sponsor", "job_seeker"], "sponsor": {"capacity": 2},
        "location": "75011", "availability_preset": "coffee", "occupation": "M1805"})
    me = api.as_person(registered)
    pledge = me.post("/api/me/pledges", {"kind": "cv_review", "quantity": 2})
    request = me.post("/api/me/requests", {"kind": "coffee"})
    welcome = wait_until("the welcome in the inbox", lambda: me.items("/api/me/notifications"))[0]
    # The ids of the person's own objects, for the routes that name one (any other id is a 404).
    owned = {"pledge_id": pledge["id"], "request_id": request["id"],
             "notification_id": welcome["id"], "person_id": registered["id"]}
    return {**registered, "owned": owned}


@pytest.fixture(scope="module")
def api_schema(embedded, person):
    api, _ = embedded
    schema = schemathesis.openapi.from_url(f"{api.base_url}/openapi.json")
    schema.config.update(base_url=api.base_url)
    for method, path in LEAVES:
        schema = schema.exclude(method=method, path=path)
    return schema


def cases(operation, owned, mode):
    """Cases with any id, and cases naming the person's own objects (where the route names one)."""
    names = {parameter.name for parameter in operation.path_parameters}
    mine = {name: value for name, value in owned.items() if name in names}
    anything = operation.as_strategy(mode)
    return anything | operation.as_strategy(mode, path_parameters=mine) if mine else anything


def failures(schema, person, mode, checks):
    """{operation: what failed} over every operation, each in turn (schemathesis' own pytest
    loader for a schema from a fixture reads pytest's private `_nodeid`, gone in pytest 9)."""
    failed = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=cases(operation, person["owned"], mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {person['token']}"},
                                   checks=checks)
        try:
            answers()
        except Unsatisfiable:
            pass  # an operation that takes nothing has nothing to send outside the document
        except (Exception, FailureGroup) as failure:
            failed[operation.label] = failure
    return failed


def report(failed):
    return "\n\n".join(f"{label}: {failure}" for label, failure in failed.items())


def test_every_answer_to_a_request_within_the_document_is_in_the_document(api_schema, person):
    failed = failures(api_schema, person, GenerationMode.POSITIVE, CONFORMANCE)
    assert not failed, report(failed)


def test_no_request_outside_the_document_gets_a_server_error(api_schema, person):
    # Wrong types, missing fields, malformed ids: refused (4xx), never a 5xx.
    failed = failures(api_schema, person, GenerationMode.NEGATIVE, [not_a_server_error])
    assert not failed, report(failed)


def test_the_document_and_its_page_are_served(embedded):
    api, _ = embedded
    assert api.get("/openapi.json")["openapi"] == "3.1.0"
    content_type, html = api.download("/api/docs")
    assert content_type.startswith("text/html")
    assert "<code>/api/me/pledges</code>" in html and "/openapi.json" in html


# --- what schemathesis does not send: bodies that break a reader rather than a schema -------------

def hostile_bodies(field):
    """(what, content type, bytes) for a body whose `field` (or whole) no reader should accept."""
    def as_json(text):
        return text.replace("FIELD", field).encode()
    return [
        ("arrays nested 1,000 deep", "application/json", b"[" * 1000 + b"]" * 1000),
        ("objects nested 1,000 deep", "application/json",
         as_json('{"FIELD": ' * 1000 + "1" + "}" * 1000)),
        ("invalid UTF-8", "application/json", as_json('{"FIELD": "') + b"\xff\xfe" + b'"}'),
        ("a number of 5,000 digits", "application/json", as_json('{"FIELD": 1' + "0" * 5000 + "}")),
        ("a number too large for a float", "application/json", as_json('{"FIELD": 1e400}')),
        ("NaN", "application/json", as_json('{"FIELD": NaN}')),
        ("a string of 60,000 characters", "application/json",
         as_json('{"FIELD": "' + "x" * 60_000 + '"}')),
        ("a body of 2 MB", "application/json", as_json('{"FIELD": "' + "x" * 2_000_000 + '"}')),
        ("a NUL character", "application/json", as_json('{"FIELD": "a\\u0000b"}')),
        ("a lone surrogate", "application/json", as_json('{"FIELD": "\\ud800"}')),
        ("a form instead of JSON", "application/x-www-form-urlencoded", as_json("FIELD=x")),
        ("plain text", "text/plain", b"FIELD"),
        ("XML", "application/xml", as_json("<FIELD>x</FIELD>")),
    ]


def state_of(api, token):
    me = api.as_person({"token": token})
    return {"me": me.get("/api/me"), "pledges": me.items("/api/me/pledges"),
            "requests": me.items("/api/me/requests"), "meetings": me.items("/api/me/meetings"),
            "sponsorships": me.items("/api/me/sponsorships"),
            "meeting_preferences": me.get("/api/me/meeting-preferences"),
            "notification_preferences": me.get("/api/me/notification-preferences")}


def test_a_body_that_breaks_a_reader_is_refused_with_400_and_nothing_is_written(embedded, person,
                                                                                operator):
    import requests
    from services.gateway.routing import BODY_METHODS, routes_of
    from services.gateway.service import GatewayService
    api, _ = embedded
    before = state_of(api, person["token"])
    routes = [route for route in routes_of(GatewayService)
              if route.method in BODY_METHODS and route.body_fields]
    assert len(routes) >= 10
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {person['token']}"
    wrong = []
    for route in routes:
        known = {**person["owned"], "service": "profiles"}
        path = route.path.format(**{name: known.get(name, str(uuid.uuid4()))
                                    for name in route.path_params})
        for what, content_type, body in hostile_bodies(route.body_fields[0]):
            sender = operator.http if route.operator else session
            response = sender.request(route.method, api.base_url + path, data=body,
                                       headers={"Content-Type": content_type}, timeout=30)
            if response.status_code == 429:
                continue   # a limit already spent (sign-in, by the cases above) refuses first
            error = response.json().get("error") if response.status_code == 400 else None
            if not error or not error["fields"]:
                wrong.append(f"{route.method} {path} with {what}: {response.status_code} "
                             f"{response.text[:200]}")
    assert not wrong, "\n".join(wrong)
    assert state_of(api, person["token"]) == before


@pytest.mark.parametrize("zone", ["Europe", "America", "Europe/", "../../etc/passwd",
                                  "A" * 300, "Europe/Paris\n"])
def test_an_unknown_time_zone_is_refused_by_name(embedded, person, zone):
    api, _ = embedded
    me = api.as_person({"token": person["token"]})
    response = me.http.patch(f"{api.base_url}/api/me", json={"timezone": zone}, timeout=15)
    assert response.status_code == 400, response.text
    assert list(response.json()["error"]["fields"]) == ["timezone"]
    response = me.http.post(f"{api.base_url}/api/people", json={
        "first_name": "Tz", "last_name": "Test", "email": f"tz.{uuid.uuid4().hex[:6]}@example.org",
        "roles": ["job_seeker"], "timezone": zone}, timeout=15)
    assert response.status_code == 400 and "timezone" in response.json()["error"]["fields"]


@pytest.mark.parametrize("first_name", ["Eve\rX", "Eve\nBcc: x@example.org", "Eve\u2028X",
                                        "Eve\u202eX", "Eve\x00"])
def test_a_name_that_would_break_a_line_is_refused_by_name(embedded, first_name):
    api, _ = embedded
    response = api.http.post(f"{api.base_url}/api/people", json={
        "first_name": first_name, "last_name": "Test", "roles": ["job_seeker"],
        "email": f"eve.{uuid.uuid4().hex[:6]}@example.org"}, timeout=15)
    assert response.status_code == 400, response.text
    assert list(response.json()["error"]["fields"]) == ["first_name"]


HOSTILE_VALUES = ["%00", "%ff%fe", "x" * 5000, "1" + "0" * 5000, "%E2%80%A8", "..%2F..%2Fetc",
                  "-1", "NaN", "%0d%0aSet-Cookie:%20a=b"]


def test_no_hostile_path_or_query_value_gets_a_server_error(embedded, person, operator):
    import requests
    from services.gateway.routing import routes_of
    from services.gateway.service import GatewayService
    api, _ = embedded
    before = state_of(api, person["token"])
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {person['token']}"
    wrong, sent = [], 0
    for route in routes_of(GatewayService):
        if ("DELETE", route.url) in {("DELETE", "/api/me"), ("DELETE", "/api/sessions/current")} \
                or route.method != "GET" and not route.path_params:
            continue
        sender = operator.http if route.operator else session
        queries = list(route.query_schema._declared_fields) if route.query_schema else []
        for value in HOSTILE_VALUES:
            urls = [route.path.format(**{name: value for name in route.path_params})] \
                if route.path_params else []
            base = route.path.format(**{name: person["owned"].get(name, "profiles")
                                        for name in route.path_params})
            urls += [f"{base}?{name}={value}" for name in queries]
            for url in urls:
                response = sender.request(route.method.split(",")[0], api.base_url + url,
                                          timeout=30)
                sent += 1
                if response.status_code >= 500 or "Set-Cookie" in response.headers:
                    wrong.append(f"{route.method} {url[:80]}: {response.status_code} "
                                 f"{response.text[:200]}")
    assert sent >= 200 and not wrong, "\n".join(wrong)
    assert state_of(api, person["token"]) == before
