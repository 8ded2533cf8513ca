"""Harvesting contacts through sponsorships, through the API: every reveal (a consent, a like that
starts a sponsorship) counts against one daily limit per person, kept by matching; a sponsor who
ends sponsorships over and over waits before the next one, and operators see them."""
import uuid

import pytest
import requests

from binome.api_client import ApiError
from support import wait_until

# Low enough to reach in a test, above what the slowing of a sponsor who blocks lets through
# (services/matching/reveals.py: FREE_ENDINGS + 1 sponsorships before the wait).
LIMIT = 4
EMBEDDED_CONFIG = {"REVEALS_PER_DAY": LIMIT}


def person(api, first, roles, language, **more):
    registered = api.register({
        "first_name": first, "last_name": "Harvest", "roles": roles, "languages": [language],
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "phone": "+33 6 10 20 30 40", **more})
    return registered, api.as_person(registered)


def sponsor_and_seekers(api, language, count):
    sponsor = person(api, "Sponsor", ["sponsor"], language, location="75011",
                     sponsor={"capacity": 1, "radius_km": 30})
    seekers = [person(api, f"Seeker{n}", ["job_seeker"], language, location="75020",
                      accepts_sponsors=True) for n in range(count)]
    wait_until("every seeker in the sponsor's feed", lambda: len(
        sponsor[1].get("/api/me/feed?page_size=50")["items"]) == count)
    return sponsor, seekers


def sponsor_then_part(as_sponsor, seeker, as_seeker, sponsor, who_blocks):
    """The sponsor likes a seeker who accepts sponsors: sponsored at once, contact shown; then one
    of them blocks the other, which ends the sponsorship and frees the sponsor's place."""
    answer = as_sponsor.post(f"/api/people/{seeker['id']}/swipe", {"decision": "like"})
    assert answer["sponsorship"]["seeker_id"] == seeker["id"]
    wait_until("the seeker's contact shown", lambda: as_sponsor.get(
        f"/api/people/{seeker['id']}")["contact"])
    if who_blocks == "sponsor":
        as_sponsor.post(f"/api/people/{seeker['id']}/block")
    else:
        as_seeker.post(f"/api/people/{sponsor['id']}/block")
    wait_until("the place freed", lambda: as_sponsor.get("/api/me/sponsorships")["items"] == [])


def refused(call):
    with pytest.raises(ApiError) as raised:
        call()
    return raised.value


def test_every_reveal_counts_against_one_daily_limit_however_it_happens(embedded):
    api, _ = embedded
    (sponsor, as_sponsor), seekers = sponsor_and_seekers(api, "xr", LIMIT)
    friend, _ = person(api, "Friend", ["time_donor"], "xr")
    stranger, _ = person(api, "Stranger", ["time_donor"], "xr")

    # One reveal by consent, then sponsorships until the limit; the seekers end them (blocking
    # the sponsor), so the sponsor is not slowed for ending them: only the limit refuses.
    as_sponsor.post(f"/api/people/{friend['id']}/consent")
    for seeker, as_seeker in seekers[:LIMIT - 1]:
        sponsor_then_part(as_sponsor, seeker, as_seeker, sponsor, who_blocks="seeker")

    last, _ = seekers[LIMIT - 1]
    error = refused(lambda: as_sponsor.post(f"/api/people/{last['id']}/swipe",
                                            {"decision": "like"}))
    assert error.status == 429, error.payload
    assert "contact" in error.payload["error"]["message"]
    assert as_sponsor.get("/api/me/sponsorships")["items"] == []
    assert as_sponsor.get(f"/api/people/{last['id']}")["contact"] is None
    # Nothing was written: the like was not kept either, and the seeker is still in the feed.
    assert last["id"] in [c["id"] for c in as_sponsor.get("/api/me/feed?page_size=50")["items"]]

    # The same limit holds for consenting: this one is refused and not recorded.
    error = refused(lambda: as_sponsor.post(f"/api/people/{stranger['id']}/consent"))
    assert error.status == 429, error.payload
    assert as_sponsor.get(f"/api/people/{stranger['id']}")["consent"]["mine"] is False


def test_a_sponsor_who_keeps_ending_sponsorships_is_slowed_and_shown_to_operators(embedded,
                                                                                   operator):
    api, _ = embedded
    (sponsor, as_sponsor), seekers = sponsor_and_seekers(api, "xs", 4)
    # Like, block, like, block... a capacity of 1 would otherwise reveal one seeker after another.
    for seeker, as_seeker in seekers[:3]:
        sponsor_then_part(as_sponsor, seeker, as_seeker, sponsor, who_blocks="sponsor")

    last, _ = seekers[3]
    error = refused(lambda: as_sponsor.post(f"/api/people/{last['id']}/swipe",
                                            {"decision": "like"}))
    assert error.status == 429, error.payload
    assert as_sponsor.get("/api/me/sponsorships")["items"] == []
    assert as_sponsor.get(f"/api/people/{last['id']}")["contact"] is None

    shown = {s["sponsor_id"]: s for s in operator.items("/api/operator/sponsors-ending-often")}
    assert sponsor["id"] in shown
    assert shown[sponsor["id"]]["endings"] == 3
    assert shown[sponsor["id"]]["display_name"] == "Sponsor H."
    assert shown[sponsor["id"]]["next_sponsorship_at"] is not None
    # And on the operator's page, in their words (French by default).
    token = operator.http.headers["Authorization"].split()[1]
    page = requests.get(f"{api.base_url}/operator", cookies={"binome_session": token}, timeout=15)
    assert page.status_code == 200
    assert "Parrains qui arrêtent souvent" in page.text
    assert f'data-sponsor-id="{sponsor["id"]}"' in page.text and "Sponsor H." in page.text
    # Someone who is no operator sees none of it.
    assert refused(lambda: as_sponsor.get("/api/operator/sponsors-ending-often")).status == 403


def test_accepting_a_sponsor_a_round_proposed_counts_too(embedded, operator):
    api, _ = embedded
    sponsor, as_sponsor = person(api, "Rounder", ["sponsor"], "xt", location="75011",
                                 sponsor={"capacity": 1, "radius_km": 30})
    seeker, as_seeker = person(api, "Asker", ["job_seeker"], "xt", location="75020")
    # The seeker already revealed as many contacts as a day allows, by consenting.
    for n in range(LIMIT):
        friend, _ = person(api, f"Friend{n}", ["time_donor"], "xt")
        as_seeker.post(f"/api/people/{friend['id']}/consent")
    as_seeker.post("/api/me/requests", {"kind": "sponsorship"})

    def proposed():
        operator.post("/api/rounds", {"kind": "sponsorship"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a sponsor proposal", proposed)[0]
    assert match["donor_id"] == sponsor["id"]

    error = refused(lambda: as_seeker.post(f"/api/matches/{match['match_id']}/accept"))
    assert error.status == 429, error.payload
    assert as_sponsor.get("/api/me/sponsorships")["items"] == []
    assert as_seeker.get(f"/api/people/{sponsor['id']}")["contact"] is None
    assert [m["status"] for m in as_seeker.items("/api/me/matches")] == ["proposed"]
