"""Every route that names an object, walked by someone else with A's objects: B gets 403 or 404,
never A's data and never a change to them. The walk covers every route of the gateway's registry
that has a path parameter, so a new route cannot escape it.

Routes about another person (/api/people/{person_id}/...) are B's own choices about A (see A's
anonymised card, swipe, consent, block, report): for those the walk checks that B never sees A's
contact details and that nothing of A's changes.
"""
import json
import uuid

from services.gateway.routing import routes_of
from services.gateway.service import GatewayService
from support import wait_until

LANGUAGE = "xw"  # only this module's people speak it: no other test's people in its round
# A plausible body for each field a route's body may require, so that a 400 cannot hide a route
# that would have let B through.
BODY_VALUES = {"decision": "like", "reason": "walking every route", "outcome": "met",
               "rating": 5, "comment": "", "ids": []}


def register(api, first, roles, **more):
    person = api.post("/api/people", {
        "first_name": first, "last_name": f"Walk{uuid.uuid4().hex[:6]}", "roles": roles,
        "languages": [LANGUAGE], "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "phone": "+33 6 11 22 33 44", "availability_preset": "coffee", "location": "75011",
        **more})
    return person, api.as_person(person)


def a_world(api, operator):
    """A, with one object of every kind: a pledge, a request, a match, a meeting, a notification
    and a sponsorship (C is the donor A is matched with, D the sponsor who adopts A)."""
    a, as_a = register(api, "Albane", ["job_seeker", "time_donor"], occupation="D1301",
                       target_occupation="M1805", accepts_sponsors=True)
    _, as_c = register(api, "Cyprien", ["time_donor"], occupation="M1805")
    _, as_d = register(api, "Dorothee", ["sponsor"], sponsor={"capacity": 1})
    pledge = as_a.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    as_c.post("/api/me/pledges", {"kind": "coffee", "quantity": 1, "remote": False,
                                  "radius_km": 10})
    request = as_a.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_a.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a proposal for A", proposed)[0]
    as_a.post(f"/api/matches/{match['match_id']}/accept")
    meeting = wait_until("slots for A", lambda: [
        m for m in as_a.items("/api/me/meetings") if m["status"] == "proposed"])[0]
    wait_until("D's feed to show A", lambda: any(
        card["id"] == a["id"] for card in as_d.items("/api/me/feed")))
    sponsorship = as_d.post(f"/api/people/{a['id']}/swipe", {"decision": "like"})["sponsorship"]
    assert sponsorship and sponsorship["seeker_id"] == a["id"]
    notification = wait_until("A's notifications", lambda: as_a.items("/api/me/inbox"))[0]
    ids = {"pledge_id": pledge["id"], "request_id": request["id"], "match_id": match["match_id"],
           "meeting_id": meeting["meeting_id"], "notification_id": notification["id"],
           "person_id": a["id"], "sponsorship_id": sponsorship["sponsorship_id"]}
    return a, as_a, ids, meeting


def state_of(as_a):
    """What the walk must leave as it was."""
    return {"pledges": as_a.items("/api/me/pledges"), "requests": as_a.items("/api/me/requests"),
            "matches": [(m["match_id"], m["status"]) for m in as_a.items("/api/me/matches")],
            "meetings": [(m["meeting_id"], m["status"], m["start"])
                         for m in as_a.items("/api/me/meetings")],
            "unread": as_a.get("/api/me/notifications/unread"),
            "sponsorships": as_a.items("/api/me/sponsorships")}


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
    secrets = (a["email"], a["last_name"], a["phone"])

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
