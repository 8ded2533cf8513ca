"""A coffee through the HTTP API: slots proposed, one confirmed, the meeting moved by the donor
and chosen again by the seeker, then cancelled; the invite downloaded at each step says so."""
import uuid

import pytest
import vobject

from binome.api_client import ApiError
from support import wait_until


def invite(api, meeting_id):
    content_type, text = api.download(f"/api/meetings/{meeting_id}/invite.ics")
    assert content_type.startswith("text/calendar")
    return vobject.readOne(text)


def test_propose_confirm_reschedule_cancel_through_the_api(embedded, operator):
    api, _ = embedded
    language = "xc"  # only these two speak it: no other test's people in this round

    def register(first, **more):
        person = api.register({
            "first_name": first, "last_name": "Test", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
            "availability_preset": "coffee", "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Anatole", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Bérénice", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1, "remote": False,
                                      "radius_km": 10})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")

    meeting = wait_until("slots", lambda: [
        m for m in as_seeker.items("/api/me/meetings") if m["status"] == "proposed"])[0]
    assert meeting["location"]  # in person: a place near both
    with pytest.raises(ApiError) as caught:  # no invite before a time is booked
        invite(as_seeker, meeting["meeting_id"])
    assert caught.value.status == 404

    first = meeting["slots"][0]["start"]
    as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm", {"start": first})
    booked = invite(as_donor, meeting["meeting_id"])
    assert booked.method.value == "REQUEST" and int(booked.vevent.sequence.value) == 0
    uid = booked.vevent.uid.value
    assert booked.vevent.dtstart.value.isoformat() == first

    moving = as_donor.post(f"/api/meetings/{meeting['meeting_id']}/reschedule")
    assert moving["rescheduling"] and moving["chooser_id"] == seeker["id"]
    # Until the seeker picks a new time, the booking and its invite stand.
    assert int(invite(as_seeker, meeting["meeting_id"]).vevent.sequence.value) == 0
    new_start = moving["slots"][0]["start"]
    as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm", {"start": new_start})
    moved = invite(as_seeker, meeting["meeting_id"])
    assert (moved.vevent.uid.value, int(moved.vevent.sequence.value)) == (uid, 1)
    assert moved.vevent.dtstart.value.isoformat() == new_start

    as_donor.post(f"/api/meetings/{meeting['meeting_id']}/cancel")
    cancelled = invite(as_seeker, meeting["meeting_id"])
    assert cancelled.method.value == "CANCEL" and cancelled.vevent.status.value == "CANCELLED"
    assert (cancelled.vevent.uid.value, int(cancelled.vevent.sequence.value)) == (uid, 2)
    wait_until("the match to be cancelled with its meeting", lambda: [
        m for m in as_seeker.items("/api/me/matches")
        if m["match_id"] == match["match_id"] and m["status"] == "cancelled"])

    # Someone else's meeting is not theirs to see or change.
    _, as_stranger = register("Casimir", roles=["job_seeker"])
    for attempt in (lambda: invite(as_stranger, meeting["meeting_id"]),
                    lambda: as_stranger.post(f"/api/meetings/{meeting['meeting_id']}/reschedule")):
        with pytest.raises(ApiError) as caught:
            attempt()
        assert caught.value.status == 404


def test_meeting_preferences_and_a_clear_error_on_an_unknown_field(embedded):
    api, _ = embedded
    person = api.register({
        "first_name": "Delphine", "last_name": "Test", "roles": ["job_seeker"],
        "email": f"delphine.{uuid.uuid4().hex[:6]}@example.org"})
    me = api.as_person(person)
    preferences = wait_until("scheduling to know her",
                             lambda: _or_none(lambda: me.get("/api/me/meeting-preferences")))
    assert preferences == {"remote_only": False, "longer_meetings": False, "paused": False,
                           "no_shows": 0}
    assert me.patch("/api/me/meeting-preferences", {"remote_only": True})["remote_only"] is True
    with pytest.raises(ApiError) as caught:
        me.patch("/api/me/meeting-preferences", {"remote_only": "sometimes"})
    assert caught.value.status == 400 and "remote_only" in caught.value.payload["error"]["fields"]


def _or_none(call):
    try:
        return call()
    except ApiError as error:
        if error.status == 404:
            return None
        raise
