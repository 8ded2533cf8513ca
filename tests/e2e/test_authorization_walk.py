"""Every route that names an object, walked by someone else with A's objects: B gets 403 or 404,
never A's data and never a change to them. The walk covers every route of the gateway's registry
that has a path parameter, so a new route cannot escape it.

Routes about another person (/api/people/{person_id}/...) are B's own choices about A (see A's
anonymised card, swipe, consent, block, report): for those the walk checks that B never sees A's
contact details and that nothing of A's changes.
"""
import json

from services.gateway.routing import routes_of
from services.gateway.service import GatewayService
from walk_setup import a_world, register, state_of

# A plausible body for each field a route's body may require, so that a 400 cannot hide a route
# that would have let B through.
BODY_VALUES = {"decision": "like", "reason": "walking every route", "outcome": "met",
               "rating": 5, "comment": "", "ids": [], "body": "walking every route",
               "situation": "found_job", "helped": True, "satisfaction": 5,
               "comments": "walking every route"}


def body_for(route, meeting):
    values = {**BODY_VALUES, "start": meeting["slots"][0]["start"]}
    if route.contract is None:
        return {}
    fields = route.contract.args._declared_fields
    return {name: values[name] for name in route.body_fields
            if fields[name].required and name in values}


def test_nobody_sees_or_changes_another_persons_objects(embedded, operator):
    api, _ = embedded
    a, as_a, ids, meeting = a_world(api, operator)
    _, as_b = register(api, "Basile", ["job_seeker", "sponsor"], sponsor={"capacity": 1})
    before = state_of(as_a)
    secrets = (a["email"], a["last_name"], a["phone"], "Private to C and A.")

    routes = [route for route in routes_of(GatewayService)
              if route.path_params and not route.hidden]
    # B's own choices about A last: a block would hide A from B and make later answers 404s.
    routes.sort(key=lambda route: route.url.startswith("/api/people/"))
    walked, let_through = set(), []
    for route in routes:
        path = route.path.format(**{name: ids.get(name, "profiles") for name in route.path_params})
        response = as_b.http.request(route.method, api.base_url + path,
                                     json=body_for(route, meeting), timeout=15)
        walked.add((route.method, route.url))
        for secret in secrets:
            if secret in response.text:
                let_through.append(f"{route.method} {path} showed {secret}: {response.text}")
        if route.url.startswith("/api/people/<person_id>"):
            if response.status_code < 400 and json.loads(response.text or "{}").get("contact"):
                let_through.append(f"{route.method} {path} revealed A's contact")
        elif response.status_code not in (403, 404):
            let_through.append(f"{route.method} {path} answered {response.status_code}: "
                               f"{response.text[:300]}")
        else:
            assert response.json()["error"]["code"] in ("forbidden", "not_found")

    assert not let_through, "\n".join(let_through)
    assert walked == {(route.method, route.url) for route in routes_of(GatewayService)
                      if route.path_params and not route.hidden}
    assert len(walked) >= 18  # every object route of the API, not an empty registry
    assert state_of(as_a) == before
