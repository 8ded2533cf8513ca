"""The gateway's own logic: bounded RPC calls and one error shape."""
import json
import uuid

import eventlet
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.errors import error_response
from services.gateway.routing import Gateway, read_body as _body
from shared.contracts import rpc
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.rpc import RpcTimeout, _Caller


class _NeverAnswers:
    def call_async(self, **kwargs):
        class Reply:
            def result(self):
                eventlet.sleep(60)  # a service that is down or stuck
        return Reply()


class _Answers:
    def __init__(self):
        self.calls = []

    def call_async(self, **kwargs):
        self.calls.append(kwargs)

        class Reply:
            def result(self):
                return {"ok": True}
        return Reply()


def test_a_call_that_gets_no_answer_times_out():
    proxies = {"profiles": type("P", (), {"get_person": _NeverAnswers()})()}
    with pytest.raises(RpcTimeout, match="profiles.get_person did not answer within 0.05 s"):
        _Caller(proxies, timeout=0.05).call(rpc.profiles.get_person, person_id="x")


def test_a_call_reaches_the_contracted_service_and_method():
    method = _Answers()
    proxies = {"matching": type("P", (), {"run_round": method})()}
    assert _Caller(proxies, timeout=1).call(rpc.matching.run_round, kind="coffee") == {"ok": True}
    assert method.calls == [{"kind": "coffee"}]


@pytest.mark.parametrize("error, status, code", [
    (InvalidInput({"email": ["Not a valid email address."]}), 400, "invalid_input"),
    (Forbidden("not yours"), 403, "forbidden"),
    (NotFound("no person"), 404, "not_found"),
    (Conflict("already accepted"), 409, "conflict"),
    (RpcTimeout("matching.run_round did not answer"), 504, "timeout"),
    (RuntimeError("bug"), 500, "internal"),
])
def test_every_error_has_one_shape(error, status, code):
    response = error_response(error)
    body = json.loads(response.get_data(as_text=True))
    assert response.status_code == status
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    if isinstance(error, InvalidInput):
        assert body["error"]["fields"] == {"email": ["Not a valid email address."]}
    if code == "internal":
        assert "bug" not in body["error"]["message"]  # no internals leak to the caller


def request_with(data):
    return Request(EnvironBuilder(method="POST", data=data,
                                  content_type="application/json").get_environ())


def test_a_body_cannot_set_an_id_that_the_url_fixes():
    with pytest.raises(InvalidInput) as refused:
        _body(request_with(json.dumps({"person_id": str(uuid.uuid4()), "kind": "coffee"})),
              ("person_id",))
    assert refused.value.fields == {"person_id": ["Unknown field."]}


@pytest.mark.parametrize("data", ["[1, 2]", "not json", '"a string"'])
def test_a_body_must_be_a_json_object(data):
    with pytest.raises(InvalidInput) as refused:
        _body(request_with(data), ())
    assert "_body" in refused.value.fields


def _request(method="POST", headers=None, cookie=None):
    """A request to binome.test, maybe with the session cookie."""
    builder = EnvironBuilder(method=method, base_url="http://binome.test", headers=headers or {})
    if cookie:
        builder.headers["Cookie"] = f"binome_session={cookie}"
    return Request(builder.get_environ())


@pytest.mark.parametrize("headers", [{}, {"Origin": "https://elsewhere.example"},
                                     {"Referer": "https://elsewhere.example/page"}])
def test_a_change_signed_by_cookie_from_another_site_is_refused(headers):
    with pytest.raises(Forbidden, match="own pages"):
        Gateway()._token(_request(headers=headers, cookie="t"))


@pytest.mark.parametrize("method, headers, cookie, token", [
    ("POST", {"Origin": "http://binome.test"}, "t", "t"),
    ("POST", {"Referer": "http://binome.test/me"}, "t", "t"),
    ("GET", {}, "t", "t"),  # reading is harmless: the answer goes to the page that asked
    ("POST", {"Authorization": "Bearer b"}, "t", "b"),  # API clients send their token themselves
])
def test_our_pages_and_api_clients_are_let_through(method, headers, cookie, token):
    assert Gateway()._token(_request(method, headers, cookie)) == token
