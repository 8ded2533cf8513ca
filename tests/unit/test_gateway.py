"""The gateway's own logic: bounded RPC calls, one error shape, and what a route declares: its
body, its pages, its rate limit, who may call it."""
import json
import uuid

import eventlet
import pytest
from nameko.exceptions import deserialize, serialize
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.errors import error_response
from services.gateway.rate_limits import RateLimiter
from services.gateway.routing import (Gateway, Paging, api, page_query, read_body as _body,
                                      read_query, routes_of)
from shared.contracts import rpc
from shared.errors import Conflict, Forbidden, InvalidInput, LimitReached, NotFound
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
    (LimitReached("You have revealed 20 contacts in the last 24 hours", 3600), 429,
     "rate_limited"),
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
    if isinstance(error, LimitReached):
        assert response.headers["Retry-After"] == "3600"


def test_a_limit_reached_or_a_timeout_in_a_service_crosses_rpc_as_itself():
    # A service's own call can time out (profiles asking matching): the gateway must see why.
    for error in (LimitReached("too many", 3600), RpcTimeout("matching.take_reveal")):
        again = deserialize(serialize(error))
        assert type(again) is type(error) and str(again) == str(error)
    assert deserialize(serialize(LimitReached("too many", 3600))).retry_after == 3600


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


HOSTILE_BODIES = {
    "nested a thousand deep": "[" * 1000 + "]" * 1000,
    "objects nested a thousand deep": '{"a": ' * 1000 + "1" + "}" * 1000,
    "nested a hundred thousand deep": "[" * 100_000,
    "invalid UTF-8": b'{"first_name": "\xff\xfeEve"}',
    "UTF-8 cut in the middle of a character": b'{"first_name": "\xc3"}',
    "a number of 5,000 digits": '{"quantity": 1' + "0" * 5000 + "}",
    "NaN, which JSON has not": '{"quantity": NaN}',
    "Infinity, which JSON has not": '{"quantity": -Infinity}',
    "a NUL character": '{"first_name": "Eve\\u0000"}',
    "a lone surrogate": '{"first_name": "\\ud800Eve"}',
    "a NUL in a key": '{"first\\u0000name": "Eve"}',
    "a NUL deep inside": '{"sponsor": {"tags": ["ok", "a\\u0000b"]}}',
}


@pytest.mark.parametrize("data", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_a_hostile_body_is_refused_by_name_without_blowing_the_stack(data):
    with pytest.raises(InvalidInput) as refused:
        _body(request_with(data), ())
    assert set(refused.value.fields) <= {"_body", "first_name", "sponsor"}
    assert refused.value.fields


def test_a_body_nested_as_deep_as_the_limit_is_read():
    from services.gateway.routing import MAX_BODY_DEPTH
    deep = '{"a": ' * (MAX_BODY_DEPTH - 1) + "[]" + "}" * (MAX_BODY_DEPTH - 1)
    assert "a" in _body(request_with(deep), ())
    with pytest.raises(InvalidInput):
        _body(request_with('{"a": ' * MAX_BODY_DEPTH + "[]" + "}" * MAX_BODY_DEPTH), ())


def test_brackets_inside_strings_do_not_count_as_depth():
    text = json.dumps({"own_words": "[[[[{{{{" * 100 + '\\"[[[['})
    assert _body(request_with(text), ())["own_words"].startswith("[[[[{{{{")


def test_a_body_larger_than_any_request_needs_is_refused_before_it_is_read():
    from services.gateway.routing import MAX_BODY_BYTES
    with pytest.raises(InvalidInput) as refused:
        _body(request_with(json.dumps({"own_words": "x" * MAX_BODY_BYTES})), ())
    assert list(refused.value.fields) == ["_body"]


def test_text_in_any_script_and_emoji_reaches_the_handler_as_sent():
    sent = {"first_name": "Zoë 李 محمد 👩\u200d🔬", "own_words": "Deux\nlignes"}
    assert _body(request_with(json.dumps(sent)), ()) == sent
    assert _body(request_with(json.dumps(sent, ensure_ascii=False).encode()), ()) == sent


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


# --- routes: what `api(...)` declares and does ------------------------------------------------


class _Routes(Gateway):
    """A gateway part whose person is always `me` and whose services answer what they are sent."""

    def __init__(self, limits=None):
        self.rate_limits = RateLimiter(limits)
        self.handled = []

    def _identity(self, request):
        return {"person_id": "me", "operator": False}

    @api("POST", "/api/x/<pledge_id>", contract=rpc.profiles.withdraw_pledge,
         fixed=("person_id", "pledge_id"), rate_limit="swipe")
    def limited(self, request, me, pledge_id):
        self.handled.append(pledge_id)
        return 200, {"done": True}

    @api("POST", "/api/pledges", contract=rpc.profiles.make_pledge, fixed=("person_id",))
    def with_body(self, request, me, body):
        return 201, body

    @api("GET", "/api/list", paged=True, max_page_size=5)
    def listed(self, request, me, paging):
        return 200, paging.of(list(range(12)))

    @api("POST", "/api/ops", operator=True)
    def operators_only(self, request, me):
        return 200, {}


def _answer(response):
    return response.status_code, json.loads(response.get_data(as_text=True))


def _get(query=""):
    return Request(EnvironBuilder(method="GET", query_string=query).get_environ())


def test_a_body_reaches_the_handler_less_nothing_and_never_with_a_fixed_field():
    routes = _Routes()
    assert _answer(routes.with_body(request_with('{"kind": "coffee"}'))) == (201, {"kind": "coffee"})
    status, refused = _answer(routes.with_body(request_with('{"person_id": "someone else"}')))
    assert status == 400 and refused["error"]["fields"] == {"person_id": ["Unknown field."]}


def test_a_rate_limited_route_counts_the_person_before_the_handler_runs():
    routes = _Routes({"swipe": (2, 60)})
    answers = [routes.limited(request_with(""), pledge_id=str(n)) for n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["Retry-After"] == "60"
    assert routes.handled == ["0", "1"]


def test_operator_routes_refuse_everyone_else():
    status, refused = _answer(_Routes().operators_only(request_with("")))
    assert status == 403 and refused["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query, page", [
    ("", {"items": [0, 1, 2, 3, 4], "page": 1, "page_size": 5, "total": 12}),
    ("page=3&page_size=5", {"items": [10, 11], "page": 3, "page_size": 5, "total": 12}),
    ("page=9&page_size=2", {"items": [], "page": 9, "page_size": 2, "total": 12}),
])
def test_a_list_answers_one_page_in_one_envelope(query, page):
    assert _answer(_Routes().listed(_get(query))) == (200, page)


@pytest.mark.parametrize("query, field", [("page=0", "page"), ("page=two", "page"),
                                          ("page_size=6", "page_size"), ("page_size=0", "page_size")])
def test_a_bad_page_is_refused_by_name(query, field):
    status, refused = _answer(_Routes().listed(_get(query)))
    assert status == 400 and set(refused["error"]["fields"]) == {field}


def test_paging_reads_its_query_and_pages_a_whole_list():
    asked = read_query(_get("page=2&page_size=3&utm_source=x"), page_query())
    assert asked == {"page": 2, "page_size": 3}  # what browsers and caches add is ignored
    assert Paging(**asked).of(list("abcdefg")) == {"items": ["d", "e", "f"], "page": 2,
                                                    "page_size": 3, "total": 7}


def test_the_registry_holds_every_route_with_what_it_declares():
    routes = {route.name: route for route in routes_of(_Routes)}
    assert set(routes) == {"limited", "with_body", "listed", "operators_only"}
    limited = routes["limited"]
    assert (limited.path, limited.path_params, limited.rate_limit) == (
        "/api/x/{pledge_id}", ("pledge_id",), "swipe")
    assert limited.body_fields == ()  # the URL and the session fix every argument
    assert set(routes["with_body"].body_fields) == {"kind", "quantity", "valid_until", "remote",
                                                    "radius_km"}
    assert routes["operators_only"].operator and routes["listed"].paged
