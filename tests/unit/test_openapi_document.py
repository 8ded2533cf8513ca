"""The OpenAPI document is a valid OpenAPI 3.1 document, read from the routes' declarations and the
contracts' marshmallow schemas: every route, its parameters, body, answers and errors."""
import re

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31

from services.gateway.openapi import document, operations, page
from services.gateway.routing import Gateway, api, routes_of
from services.gateway.service import GatewayService
from shared.contracts import rpc


@pytest.fixture(scope="module")
def spec():
    return document(GatewayService)


def operation(spec, method, path):
    return spec["paths"][path][method.lower()]


def schema(spec, ref_or_schema):
    while "$ref" in ref_or_schema:
        ref_or_schema = spec["components"]["schemas"][ref_or_schema["$ref"].rsplit("/", 1)[-1]]
    return ref_or_schema


def test_it_is_a_valid_openapi_3_1_document(spec):
    assert spec["openapi"] == "3.1.0"
    errors = [str(error) for error in jsonschema_rs.validator_for(OPENAPI_31).iter_errors(spec)]
    assert errors == []
    for name, component in spec["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(component), name  # JSON Schema 2020-12, as 3.1 says


def test_every_route_is_documented_but_the_hidden_ones(spec):
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    routes = routes_of(GatewayService)
    assert documented == {(route.method, route.path) for route in routes if not route.hidden}
    assert ("GET", "/openapi.json") not in documented and ("GET", "/api/docs") not in documented
    assert len({operation["operationId"] for item in spec["paths"].values()
                for operation in item.values()}) == len(documented)


def test_nullable_fields_are_written_the_3_1_way(spec):
    profile = schema(spec, {"$ref": "#/components/schemas/Profile"})["properties"]
    assert profile["phone"]["type"] == ["string", "null"]
    body = schema(spec, operation(spec, "POST", "/api/people")["requestBody"]["content"][
        "application/json"]["schema"])["properties"]
    assert {"$ref": "#/components/schemas/MentorAnswers"} in body["mentor"]["anyOf"]
    assert {"type": "null"} in body["mentor"]["anyOf"]
    assert None in body["availability_preset"]["enum"]
    assert "nullable" not in str(spec)  # 3.0's keyword has no meaning in 3.1


def test_a_body_is_the_contract_less_what_the_url_and_the_session_fix(spec):
    body = operation(spec, "POST", "/api/me/pledges")["requestBody"]
    pledge = schema(spec, body["content"]["application/json"]["schema"])
    assert body["required"] is True
    assert set(pledge["properties"]) == set(rpc.MakePledge._declared_fields) - {"person_id"}
    assert set(pledge["required"]) == {"kind", "quantity"}
    assert pledge["additionalProperties"] is False  # unknown fields are refused by name
    assert pledge["properties"]["quantity"] == {"type": "integer", "minimum": 1, "maximum": 50}
    # An update sends only what changes: nothing is required.
    update = operation(spec, "PATCH", "/api/me")["requestBody"]
    assert update["required"] is False
    assert "required" not in schema(spec, update["content"]["application/json"]["schema"])
    # Everything a decision needs is in the URL and the session: no body at all.
    assert "requestBody" not in operation(spec, "POST", "/api/matches/{match_id}/accept")


def test_path_parameters_answers_and_errors(spec):
    confirm = operation(spec, "POST", "/api/meetings/{meeting_id}/confirm")
    assert confirm["parameters"] == [{"name": "meeting_id", "in": "path", "required": True,
                                      "schema": {"type": "string", "format": "uuid"}}]
    assert set(confirm["responses"]) == {"200", "400", "401", "403", "404", "409", "429", "504"}
    assert confirm["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Meeting"}
    assert "Retry-After" in confirm["responses"]["429"]["headers"]
    error = schema(spec, confirm["responses"]["404"]["content"]["application/json"]["schema"])
    assert error["properties"]["error"]["required"] == ["code", "message", "fields"]
    invite = operation(spec, "GET", "/api/meetings/{meeting_id}/invite.ics")
    assert list(invite["responses"]["200"]["content"]) == ["text/calendar"]
    assert "201" in operation(spec, "POST", "/api/me/requests")["responses"]


def test_who_may_call_what(spec):
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer",
        "description": "The token answered at registration or at sign-in."}
    assert spec["components"]["securitySchemes"]["session"]["in"] == "cookie"
    register = operation(spec, "POST", "/api/people")
    assert register["security"] == [] and "401" not in register["responses"]
    me = operation(spec, "GET", "/api/me")
    assert me["security"] == [{"bearer": []}, {"session": []}] and "401" in me["responses"]
    assert operation(spec, "POST", "/api/rounds")["description"] == "Operators only."


def test_every_list_is_paged_in_one_envelope(spec):
    lists = {path: item["get"] for path, item in spec["paths"].items()
             if "get" in item and any(p["name"] == "page" for p in item["get"].get("parameters", ()))}
    assert {"/api/me/pledges", "/api/me/requests", "/api/me/matches", "/api/me/meetings",
            "/api/me/sponsorships", "/api/me/inbox", "/api/me/notifications", "/api/me/feed",
            "/api/occupations"} <= set(lists)
    for path, get in lists.items():
        answer = schema(spec, get["responses"]["200"]["content"]["application/json"]["schema"])
        assert {"items", "page", "page_size", "total"} <= set(answer["properties"]), path
        assert "400" in get["responses"], path
    feed_size = next(p for p in lists["/api/me/feed"]["parameters"] if p["name"] == "page_size")
    assert feed_size["schema"]["maximum"] == 50


class _Legacy(Gateway):
    @api("POST", "/api/legacy/<thing_id>")
    def legacy(self, request, me, thing_id):
        return 200, {}


def test_a_route_declared_without_metadata_is_documented_with_a_generic_body():
    spec = document(_Legacy)
    legacy = operation(spec, "POST", "/api/legacy/{thing_id}")
    assert legacy["requestBody"]["content"]["application/json"]["schema"] == {"type": "object"}
    assert legacy["responses"]["200"]["content"]["application/json"]["schema"] == {}
    assert {"400", "401", "403", "404", "409", "504"} <= set(legacy["responses"])


def test_the_page_lists_every_operation_with_its_fields(spec):
    html = page(GatewayService)
    grouped = dict(operations(spec))
    assert sum(len(group) for group in grouped.values()) == sum(len(item) for item in
                                                                spec["paths"].values())
    assert "<code>/api/me/pledges</code>" in html and "<code>quantity</code>" in html
    assert "integer 1..50" in html
    assert not re.search(r"<(script|link)[^>]*(src|href)=\"https?://", html)  # nothing fetched
