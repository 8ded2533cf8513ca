"""A pledge's units through the HTTP API, on an embedded Binôme: a unit accepted is in progress,
not fulfilled; given, it fulfils the pledge and the donor is emailed "pledge fulfilled"; after a
silent match it comes back paused, and "I still want to help" offers it again, and it is matched
again; "release it" closes a pledge that gave nothing.

Help given and reassignment are matching's to publish (the review returned, the introduction
confirmed, the deadline passed: issue 14's other parts). Until they are merged here, this test
writes matching's event into matching's own outbox, exactly as matching's code does, and the
outbox relay publishes it: everything from there (transport, profiles, notifications, the email,
the API) is the real thing. Once merged, the lead drives them through matching's routes instead.
"""
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy.orm import Session

from binome.api_client import ApiError
from binome.maildir_check import emails_to
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.outbox import append
from support import wait_until

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)


def register(api, first, roles, **more):
    person = api.register({
        "first_name": first, "last_name": "Units" + uuid.uuid4().hex[:4], "roles": roles,
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": "en",
        "languages": ["fr"], "location": "75011", **more})
    return person, api.as_person(person)


def matched(api, operator, as_donor, donor):
    """A new seeker asking for a CV review, proposed the donor's unit by a round; accepted."""
    seeker, as_seeker = register(api, "Seraphine", ["job_seeker"])
    as_seeker.post("/api/me/requests", {"kind": "cv_review"})

    def proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    return seeker, as_seeker, match


def matching_publishes(data, contract, payload):
    """The event as matching's code writes it: into matching's outbox, in a transaction."""
    engine = make_engine(f"sqlite:///{data}/matching.sqlite")
    try:
        with Session(engine) as session, session.begin():
            append(session, contract, payload)
    finally:
        engine.dispose()


def about(match):
    return {key: match[key] for key in ("match_id", "kind", "request_id", "pledge_id",
                                        "seeker_id", "donor_id")}


def pledge_of(as_donor, pledge_id):
    (pledge,) = [p for p in as_donor.items("/api/me/pledges") if p["id"] == pledge_id]
    return pledge


def fulfilled_emails(data, donor):
    return [m for m in emails_to(data / "maildir", donor["email"])
            if "pledge is fulfilled" in m["Subject"]]


def test_a_unit_is_in_progress_once_accepted_and_fulfils_the_pledge_only_once_given(embedded,
                                                                                 operator):
    api, data = embedded
    donor, as_donor = register(api, "Donatien", ["time_donor"])
    pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    assert pledge["units"] == {"remaining": 1, "in_progress": 0, "given": 0, "paused": 0,
                               "released": 0}
    _, as_seeker, match = matched(api, operator, as_donor, donor)

    in_progress = wait_until("the unit in progress", lambda: [
        p for p in [pledge_of(as_donor, pledge["id"])] if p["units"]["in_progress"] == 1])[0]
    assert (in_progress["status"], in_progress["unit_states"]) == ("matched", ["in_progress"])
    assert fulfilled_emails(data, donor) == []

    matching_publishes(data, events.HELP_GIVEN, {
        **about(match), "how": "review_returned", "given_at": NOW, "on_time": True})
    done = wait_until("the pledge fulfilled", lambda: [
        p for p in [pledge_of(as_donor, pledge["id"])] if p["status"] == "fulfilled"])[0]
    assert (done["units"]["given"], done["unit_states"]) == (1, ["given"])
    (request,) = as_seeker.items("/api/me/requests")
    assert request["status"] == "fulfilled"
    (email,) = wait_until("the donor's 'pledge fulfilled' email",
                          lambda: fulfilled_emails(data, donor))
    assert "1 person helped" in email["Subject"]


def test_a_silent_donors_unit_comes_back_paused_and_resumed_it_is_matched_again(embedded,
                                                                               operator):
    api, data = embedded
    donor, as_donor = register(api, "Dorothee", ["time_donor"])
    pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    _, as_seeker, match = matched(api, operator, as_donor, donor)
    wait_until("the unit in progress",
               lambda: pledge_of(as_donor, pledge["id"])["units"]["in_progress"] == 1)

    # Nothing to resume before a unit is paused: refused, naming what is missing.
    with pytest.raises(ApiError) as caught:
        as_donor.post(f"/api/pledges/{pledge['id']}/resume")
    assert (caught.value.status, list(caught.value.payload["error"]["fields"])) == (400, ["paused"])

    matching_publishes(data, events.MATCH_REASSIGNED, {
        **about(match), "remote": True, "reason": "silent_past_grace", "deadline": NOW})
    paused = wait_until("the unit paused", lambda: [
        p for p in [pledge_of(as_donor, pledge["id"])] if p["units"]["paused"] == 1])[0]
    assert (paused["status"], paused["unit_states"]) == ("matched", ["paused"])
    wait_until("the request open again",
               lambda: as_seeker.items("/api/me/requests")[0]["status"] == "open")

    # Someone else cannot answer for the donor.
    with pytest.raises(ApiError) as caught:
        as_seeker.post(f"/api/pledges/{pledge['id']}/resume")
    assert caught.value.status == 404

    resumed = as_donor.post(f"/api/pledges/{pledge['id']}/resume")
    assert (resumed["status"], resumed["unit_states"]) == ("open", ["offered"])
    # Matching offers it again: the next seeker asking is proposed this donor.
    matched(api, operator, as_donor, donor)


def test_released_the_paused_unit_of_a_pledge_that_gave_nothing_withdraws_it(embedded,
                                                                            operator):
    api, data = embedded
    donor, as_donor = register(api, "Desire", ["time_donor"])
    pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    _, _, match = matched(api, operator, as_donor, donor)
    wait_until("the unit in progress",
               lambda: pledge_of(as_donor, pledge["id"])["units"]["in_progress"] == 1)
    matching_publishes(data, events.MATCH_REASSIGNED, {
        **about(match), "remote": True, "reason": "asked_by_seeker", "deadline": NOW})
    wait_until("the unit paused", lambda: pledge_of(as_donor, pledge["id"])["units"]["paused"])

    released = as_donor.post(f"/api/pledges/{pledge['id']}/release")
    assert (released["status"], released["unit_states"]) == ("withdrawn", ["released"])
    assert fulfilled_emails(data, donor) == []


def test_the_seeker_confirms_an_introduction_and_the_pledge_of_one_is_fulfilled(embedded,
                                                                               operator):
    # The whole way through matching, once merged: nothing written by hand.
    api, data = embedded
    donor, as_donor = register(api, "Domitille", ["time_donor"])
    pledge = as_donor.post("/api/me/pledges", {"kind": "network_intro", "quantity": 1})
    seeker, as_seeker = register(api, "Sidonie", ["job_seeker"])
    as_seeker.post("/api/me/requests", {"kind": "network_intro"})

    def proposed():
        operator.post("/api/rounds", {"kind": "network_intro"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    wait_until("the unit in progress",
               lambda: pledge_of(as_donor, pledge["id"])["units"]["in_progress"] == 1)
    assert pledge_of(as_donor, pledge["id"])["status"] == "matched"

    as_seeker.post(f"/api/matches/{match['match_id']}/help-given")
    wait_until("the pledge fulfilled",
               lambda: pledge_of(as_donor, pledge["id"])["status"] == "fulfilled")
    (email,) = wait_until("the donor's 'pledge fulfilled' email",
                          lambda: fulfilled_emails(data, donor))
    assert "1 person helped" in email["Subject"]
