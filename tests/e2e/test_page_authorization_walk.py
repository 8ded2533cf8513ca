"""Every web page that names an object, walked by someone else with A's objects, as the JSON API's
walk (test_authorization_walk.py) does for its routes: B, signed in by the session cookie as a
browser is, gets a 403 or 404 error page, never A's data and never a change to A's objects. The
walk covers every route of the pages' registry that has a path parameter, so a new page cannot
escape it.

Two kinds of page routes are walked for leaks and changes only, not for a refusal:
- B's own choices about another person (a seeker's answer to a sponsor: /sponsors/<id>/<answer>),
  as the API's /api/people/{person_id}/... routes are;
- the pages for strangers (sign-up by role, a sign-in link), whose parameter names no one's object.

Pages answer a refusal with a status, never a redirect: a redirect is kept for the one thing a
visitor can fix, signing in (every page that needs it sends a visitor without a cookie to /sign-in).
"""
import itertools
import uuid
from urllib.parse import urlsplit

import requests

from services.gateway.pages_base import page_routes_of
from services.gateway.service import GatewayService
from walk_setup import a_world, register, state_of

# The parameters that choose an action rather than name an object: each value is walked.
CHOICES = {"decision": ("accept", "decline"), "answer": ("like", "pass"),
           "service": ("profiles",), "role": ("job_seeker",), "link_token": ("not-a-link",),
           "token": ("not-a-link",)}
ABOUT_A_PERSON = {("POST", "/sponsors/<sponsor_id>/<answer>"),
                  # Blocking or reporting someone is B's own choice, as /api/people/{id}/block.
                  ("GET", "/people/<person_id>/block"), ("POST", "/people/<person_id>/block"),
                  ("GET", "/people/<person_id>/report"), ("POST", "/people/<person_id>/report")}
FOR_STRANGERS = {("GET", "/sign-up/<role>"), ("POST", "/sign-up/<role>"),
                 ("GET", "/sign-in/<link_token>"), ("POST", "/sign-in/<link_token>"),
                 # The question three months on, answered by its emailed link (the token is the
                 # proof, as a sign-in link's is).
                 ("GET", "/outcomes/<token>"), ("POST", "/outcomes/<token>")}
# Every page a visitor may open, named here so that a page declared for strangers is a decision.
OPEN_TO_VISITORS = FOR_STRANGERS | {
    ("GET", "/"), ("POST", "/language"), ("GET", "/sign-up"), ("GET", "/sign-in"),
    ("POST", "/sign-in"), ("GET", "/sign-in/sent"), ("GET", "/sign-up/sent"),
    ("POST", "/sign-out"), ("GET", "/privacy"), ("GET", "/legal")}


def as_browser(api, token=None):
    """Plain HTTP as a browser on our own pages sends it: the session cookie, and our origin (a
    cookie-signed change from elsewhere is refused before anything else is looked at)."""
    session = requests.Session()
    session.headers["Origin"] = api.base_url
    if token:
        session.cookies.set("binome_session", token)
    return session


def urls_of(route, ids):
    """The route's URL with A's ids, once for each value of its choice parameters."""
    names = route.path_params
    values = [CHOICES.get(name) or (ids[name],) for name in names]
    for chosen in itertools.product(*values):
        url = route.url
        for name, value in zip(names, chosen):
            url = url.replace(f"<{name}>", str(value))
        yield url


def form_for(meeting):
    """A plausible form for every page that posts, so that a 400 cannot hide a hole."""
    return {"start": meeting["slots"][0]["start"], "next": "/home", "id": str(uuid.uuid4()),
            "body": "walking every page", "comments": "walking every page", "rating": "5",
            "thanks": "walking every page"}


def test_nobody_sees_or_changes_another_persons_objects_through_the_pages(embedded, operator):
    api, _ = embedded
    a, as_a, ids, meeting = a_world(api, operator)
    ids["sponsor_id"] = a["id"]
    b, _ = register(api, "Basile", ["job_seeker", "sponsor"], sponsor={"capacity": 1})
    browser_b = as_browser(api, b["token"])
    before = state_of(as_a)
    secrets = (a["email"], a["last_name"], a["phone"], "BEGIN:VCALENDAR", "Private to C and A.")

    with_params = [route for route in page_routes_of(GatewayService) if route.path_params]
    # B's own choices about A last, as in the API's walk.
    with_params.sort(key=lambda route: (route.method, route.url) in ABOUT_A_PERSON)
    walked, let_through = set(), []
    for route in with_params:
        for url in urls_of(route, ids):
            response = browser_b.request(route.method, api.base_url + url, allow_redirects=False,
                                         data=form_for(meeting) if route.method == "POST" else None,
                                         timeout=15)
            walked.add((route.method, route.url))
            answer = f"{route.method} {url} answered {response.status_code}"
            for secret in secrets:
                if secret in response.text:
                    let_through.append(f"{answer} showing {secret!r}")
            if (route.method, route.url) in ABOUT_A_PERSON | FOR_STRANGERS:
                if response.status_code >= 500:
                    let_through.append(answer)
            elif response.status_code not in (403, 404):
                let_through.append(f"{answer}: {response.headers.get('Location') or ''}"
                                   f"{response.text[:300]}")
            else:
                assert response.headers["Content-Type"].startswith("text/html")

    assert not let_through, "\n".join(let_through)
    assert walked == {(route.method, route.url) for route in with_params}
    assert {(r.method, r.url) for r in with_params if not r.signed_in} == FOR_STRANGERS
    assert len(walked) >= 12  # every object page, not an empty registry
    assert state_of(as_a) == before


def test_operator_pages_refuse_everyone_else(embedded, operator):
    api, _ = embedded
    b, _ = register(api, "Bastien", ["job_seeker"])
    browser_b = as_browser(api, b["token"])
    as_operator = as_browser(api, operator.http.headers["Authorization"].split()[1])
    operator_pages = [route for route in page_routes_of(GatewayService) if route.operator]
    assert {route.url for route in operator_pages} >= {"/operator", "/operator/impact"}

    for route in operator_pages:
        for url in urls_of(route, {}):
            response = browser_b.request(route.method, api.base_url + url, data={"kind": "coffee"},
                                         allow_redirects=False, timeout=15)
            assert response.status_code == 403, (route, response.status_code)
            if route.method == "GET":
                assert as_operator.get(api.base_url + url, timeout=15).status_code == 200


def test_a_visitor_is_sent_to_sign_in_by_every_page_that_needs_it(embedded):
    api, _ = embedded
    visitor = as_browser(api)
    ids = {name: uuid.uuid4() for route in page_routes_of(GatewayService)
           for name in route.path_params}
    needing = [route for route in page_routes_of(GatewayService) if route.signed_in]
    assert len(needing) >= 25
    assert {(route.method, route.url) for route in page_routes_of(GatewayService)
            if not route.signed_in} == OPEN_TO_VISITORS

    for route in needing:
        for url in urls_of(route, ids):
            response = visitor.request(route.method, api.base_url + url, data={"kind": "coffee"},
                                       allow_redirects=False, timeout=15)
            assert response.status_code == 303, (route, response.status_code)
            assert urlsplit(response.headers["Location"]).path == "/sign-in", route
