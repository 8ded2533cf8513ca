"""What the authorization walks share (the JSON API's and the pages'): A with one object of every
kind, B signed in beside A, and A's state as A sees it through the API, which a walk must leave as
it was."""
import uuid

from support import wait_until

LANGUAGE = "xw"  # only the walks' people speak it: no other test's people in their rounds


def register(api, first, roles, **more):
    person = api.register({
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
    # A word in their conversation, so that a walk that read it would show it.
    as_a.post(f"/api/matches/{match['match_id']}/messages", {"body": "Private to C and A."})
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
    """What a walk must leave as it was."""
    matches = [(m["match_id"], m["status"]) for m in as_a.items("/api/me/matches")]
    return {"pledges": as_a.items("/api/me/pledges"), "requests": as_a.items("/api/me/requests"),
            "matches": matches,
            "meetings": [(m["meeting_id"], m["status"], m["start"])
                         for m in as_a.items("/api/me/meetings")],
            "unread": as_a.get("/api/me/notifications/unread"),
            "sponsorships": as_a.items("/api/me/sponsorships"),
            "conversations": {match_id: as_a.items(f"/api/matches/{match_id}/messages")
                              for match_id, status in matches if status == "accepted"}}
