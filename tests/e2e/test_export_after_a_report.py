"""A person's export, through the API, after someone reported (and so blocked) them: it holds the
person's own acts, never who blocked or reported them, in any service."""
import json
import uuid

from support import wait_until

REASON = "Kept asking for my home address."


def register(api, first, roles, language, **more):
    registered = api.register({
        "first_name": first, "last_name": "Export", "roles": roles, "languages": [language],
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", **more})
    return registered, api.as_person(registered)


def values(document):
    """Every string in a JSON document, keys left out."""
    if isinstance(document, dict):
        return [v for value in document.values() for v in values(value)]
    if isinstance(document, list):
        return [v for value in document for v in values(value)]
    return [document] if isinstance(document, str) else []


def messages(export, service, direction):
    return export["services"][service]["messages"][direction]


def test_a_reported_persons_export_does_not_name_who_reported_them(embedded, operator):
    api, _ = embedded
    skill = f"rare-{uuid.uuid4().hex[:6]}"
    donor, as_donor = register(api, "Donatien", ["time_donor"], "xe", location="75011",
                               occupation="M1805", skills=[skill], availability_preset="coffee")
    seeker, as_seeker = register(api, "Solange", ["job_seeker"], "xe", location="93100",
                                 target_occupation="M1805", skills=[skill],
                                 availability_preset="coffee")
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches") if m["donor_id"] == donor["id"]]
    match = wait_until("the proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    wait_until("the meeting proposal", lambda: as_donor.items("/api/me/meetings"))

    as_seeker.post(f"/api/people/{donor['id']}/report", {"reason": REASON})

    # The reporter's own export holds the act, in profiles and in every service it reached.
    def reached_everywhere():
        export = as_seeker.get("/api/me/export")
        return all(any(m["event"] == "person_blocked" for m in messages(export, service, "received"))
                   for service in ("matching", "scheduling", "notifications")) and export
    mine = wait_until("the block to reach every service", reached_everywhere)
    assert [r["reason"] for r in mine["services"]["profiles"]["reports"]] == [REASON]
    assert [b["other_id"] for b in mine["services"]["profiles"]["blocks"]] == [donor["id"]]
    # What the block set off has happened too: the meeting is cancelled, the match called off.
    wait_until("the meeting cancelled", lambda: all(
        m["status"] == "cancelled" for m in as_donor.items("/api/me/meetings")))

    theirs = as_donor.get("/api/me/export")
    shown = values(theirs)
    assert "person_blocked" not in shown, "a person_blocked message names the reporter"
    assert "blocked" not in shown, "a status or reason says the other one blocked"
    assert REASON not in json.dumps(theirs)
    assert theirs["services"]["profiles"]["blocks"] == []
    assert theirs["services"]["profiles"]["reports"] == []


def test_a_seeker_reported_by_their_sponsor_is_not_told_by_their_export(embedded):
    api, _ = embedded
    sponsor, as_sponsor = register(api, "Sabine", ["sponsor"], "xf", location="75011",
                                   sponsor={"capacity": 1, "radius_km": 30})
    seeker, as_seeker = register(api, "Silvain", ["job_seeker"], "xf", location="75020",
                                 accepts_sponsors=True)
    wait_until("the seeker in the feed", lambda: as_sponsor.get("/api/me/feed")["items"])
    assert as_sponsor.post(f"/api/people/{seeker['id']}/swipe", {"decision": "like"})["sponsorship"]
    wait_until("the contact shown", lambda: as_sponsor.get(f"/api/people/{seeker['id']}")["contact"])

    as_sponsor.post(f"/api/people/{seeker['id']}/report", {"reason": REASON})
    wait_until("the block to reach every service", lambda: all(
        any(m["event"] == "person_blocked" for m in messages(as_sponsor.get("/api/me/export"),
                                                             service, "received"))
        for service in ("matching", "scheduling", "notifications")))
    wait_until("the sponsorship ended", lambda: as_seeker.get("/api/me/sponsorships")["items"] == [])

    theirs = as_seeker.get("/api/me/export")
    shown = values(theirs)
    assert "person_blocked" not in shown and "blocked" not in shown
    assert REASON not in json.dumps(theirs)
    (ended,) = theirs["services"]["matching"]["sponsorships"]
    assert ended["status"] == "ended" and ended["ended_by"] is None
