"""Adopt a job seeker, through the API: a sponsor swipes anonymised cards; a mutual yes starts a
sponsorship, and only then do the two see each other's contact details."""
import json
import uuid

from support import wait_until


def person(api, first, last, roles, language, **more):
    registered = api.register({
        "first_name": first, "last_name": last, "roles": roles, "languages": [language],
        "email": f"{last.lower()}.{uuid.uuid4().hex[:6]}@example.org", "phone": "+33 6 10 20 30 40",
        **more})
    return registered, api.as_person(registered)


def test_a_mutual_yes_starts_a_sponsorship_and_only_then_reveals_contacts(embedded):
    api, _ = embedded
    language = "xy"  # only these three speak it: no other test's people in this feed
    sponsor, as_sponsor = person(api, "Bérénice", "Aldebert", ["sponsor"], language,
                                 location="75011", sponsor={"capacity": 2, "occupations": ["M1805"],
                                                            "radius_km": 15})
    keen, as_keen = person(api, "Octave", "Bellegarde", ["job_seeker"], language, location="93100",
                           target_occupation="M1805", accepts_sponsors=True)
    shy, as_shy = person(api, "Mahaut", "Cassagne", ["job_seeker"], language, location="75020",
                         target_occupation="J1506")

    feed = wait_until("both seekers in the sponsor's feed", lambda: (
        lambda f: len(f["items"]) == 2 and f)(as_sponsor.get("/api/me/feed")))
    assert [card["id"] for card in feed["items"]] == [keen["id"], shy["id"]]  # the closer fit first
    assert feed["items"][0]["display_name"] == "Octave B."
    # The sponsor reads French (the default locale): so do the reasons.
    assert any("Études et développement informatique" in reason
               for reason in feed["items"][0]["reasons"])
    shown = json.dumps(feed)
    for secret in (keen["email"], keen["last_name"], shy["email"], shy["last_name"], "+33 6"):
        assert secret not in shown

    # The keen seeker accepts sponsors: one like is enough.
    answer = as_sponsor.post(f"/api/people/{keen['id']}/swipe", {"decision": "like"})
    assert answer["sponsorship"]["seeker_id"] == keen["id"]
    contact = wait_until("the contact to be revealed", lambda: as_sponsor.get(
        f"/api/people/{keen['id']}")["contact"])
    assert contact["email"] == keen["email"]
    assert as_keen.get(f"/api/people/{sponsor['id']}")["contact"]["email"] == sponsor["email"]
    wait_until("both to be told", lambda: all(
        any(n["event"] == "sponsorship_started" for n in who.items("/api/me/inbox"))
        for who in (as_sponsor, as_keen)))

    # The shy one waits to like the sponsor back; until then, nothing is revealed.
    assert as_sponsor.post(f"/api/people/{shy['id']}/swipe", {"decision": "like"})["sponsorship"] is None
    assert as_sponsor.get(f"/api/people/{shy['id']}")["contact"] is None
    assert as_shy.post(f"/api/people/{sponsor['id']}/swipe", {"decision": "like"})["sponsorship"]
    wait_until("the second contact to be revealed",
               lambda: as_sponsor.get(f"/api/people/{shy['id']}")["contact"])

    assert as_sponsor.get("/api/me/feed")["items"] == []  # swiped and sponsored: nobody left
    assert {s["seeker_id"] for s in as_sponsor.items("/api/me/sponsorships")} == {keen["id"], shy["id"]}
