"""Every answer of the gateway carries the security headers, whatever answers it: a JSON route, a
page, a static file, an error of ours, an error of the web server (no such URL, wrong method),
/health and /openapi.json. The walk covers every route of both registries, so a new route cannot
escape it."""
import uuid

import requests

from services.gateway.pages_base import page_routes_of
from services.gateway.routing import _PATH_PARAM, SECURITY_HEADERS, routes_of
from services.gateway.service import GatewayService
from walk_setup import register

FILLERS = {"decision": "accept", "answer": "like", "service": "profiles", "role": "job_seeker",
           "link_token": "not-a-link", "name": "site.css", "unknown": "no/such/route"}


def url_of(route):
    return _PATH_PARAM.sub(lambda found: FILLERS.get(found[1], str(uuid.uuid4())), route.url)


def missing_headers(response):
    return {name: response.headers.get(name) for name, value in SECURITY_HEADERS.items()
            if response.headers.get(name) != value}


def test_the_policy_lets_no_inline_script_run_and_no_one_frame_us():
    policy = dict(part.strip().split(" ", 1)
                  for part in SECURITY_HEADERS["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in SECURITY_HEADERS["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert SECURITY_HEADERS["X-Frame-Options"] == "DENY"
    # Sign-in link pages carry their token in the URL: no other site may see it as a referrer.
    assert SECURITY_HEADERS["Referrer-Policy"] in ("no-referrer", "same-origin")


def test_every_answer_carries_the_security_headers(embedded):
    api, _ = embedded
    person, _ = register(api, "Hedi", ["job_seeker", "sponsor"], sponsor={"capacity": 1})
    anonymous = requests.Session()
    signed_in = requests.Session()
    signed_in.headers["Origin"] = api.base_url
    signed_in.cookies.set("binome_session", person["token"])
    by_token = requests.Session()
    by_token.headers["Authorization"] = f"Bearer {person['token']}"

    routes = [(method, url_of(route)) for route in routes_of(GatewayService)
              for method in route.method.split(",")]
    pages = [(route.method, url_of(route)) for route in page_routes_of(GatewayService)]
    assert len(routes) >= 40 and len(pages) >= 30, "the registries are empty: nothing is walked"
    extra = [("GET", "/static/deck.js"), ("GET", "/static/site.css"), ("GET", "/static/nothing"),
             ("GET", "/no/such/page"), ("DELETE", "/health"), ("GET", "/api/people/not-an-id")]
    lacking, statuses = [], set()
    for session, walk in ((anonymous, routes + pages + extra), (by_token, routes + extra),
                          (signed_in, [(m, u) for m, u in pages if m == "GET"])):
        for method, url in walk:
            response = session.request(method, api.base_url + url, allow_redirects=False,
                                       timeout=15)
            statuses.add(response.status_code)
            if missing_headers(response):
                lacking.append(f"{method} {url} ({response.status_code}): "
                               f"{missing_headers(response)}")
    assert not lacking, "\n".join(lacking)
    # The walk met answers of every kind: successes, redirects, refusals and the server's own.
    assert {200, 303, 401, 403, 404, 405} <= statuses, statuses


def test_a_body_that_breaks_the_reader_still_gets_the_headers(embedded):
    api, _ = embedded
    response = requests.post(api.base_url + "/api/people", data=b"[" * 5000,
                             headers={"Content-Type": "application/json"}, timeout=15)
    assert response.status_code == 400 and not missing_headers(response)
