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
