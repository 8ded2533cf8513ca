"""A job seeker asks for a sponsor; a round proposes one with free places, explained in the
seeker's language; accepting starts the sponsorship and reveals both contacts, with no meeting."""
import uuid

from support import wait_until


def test_a_round_proposes_a_sponsor_and_accepting_starts_the_sponsorship(embedded, operator):
    api, _ = embedded
    language = "xs"  # only these people speak it: no other test's people in this round

    def register(first, **more):
        person = api.register({
            "first_name": first, "last_name": "Test", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", **more})
        return person, api.as_person(person)

    sponsor, as_sponsor = register("Apolline", roles=["sponsor"], locale="en", location="75011",
                                   sponsor={"capacity": 1, "occupations": ["M1805"],
                                            "radius_km": 15})
    seeker, as_seeker = register("Baptiste", roles=["job_seeker"], locale="fr", location="93100",
                                 target_occupation="M1805", skills=["python"])
    request = as_seeker.post("/api/me/requests", {"kind": "sponsorship",
                                                  "note": "Quelqu'un pour m'épauler ?"})

    def proposed():
        operator.post("/api/rounds", {"kind": "sponsorship"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a sponsor proposal", proposed)[0]
    assert (match["kind"], match["donor_id"]) == ("sponsorship", sponsor["id"])
    # The seeker reads French, the sponsor English: each gets the same reasons in their words.
    assert ("vise « Études et développement informatique », un domaine où vous avez dit pouvoir "
            "aider") in match["reasons"]
    why = as_sponsor.get(f"/api/matches/{match['match_id']}/explanation")
    assert "aims for Software development, which you said you can help with" in why["reasons"]
    assert {"wanted_occupation", "nearby"} <= {term["term"] for term in why["terms"]}
    assert as_seeker.get(f"/api/people/{sponsor['id']}")["contact"] is None

    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    contact = wait_until("the contact to be revealed",
                         lambda: as_seeker.get(f"/api/people/{sponsor['id']}")["contact"])
    assert contact["email"] == sponsor["email"]
    assert [s["seeker_id"] for s in as_sponsor.items("/api/me/sponsorships")] == [seeker["id"]]
    assert wait_until("the request to be matched", lambda: [
        r for r in as_seeker.items("/api/me/requests")
        if r["id"] == request["id"] and r["status"] == "matched"])
    assert wait_until("the seeker to be told", lambda: [
        n for n in as_seeker.items("/api/me/inbox") if n["event"] == "sponsorship_started"])
    assert as_seeker.items("/api/me/meetings") == []  # a sponsorship needs no meeting slot

    # One conversation for the pair, whether named by the match or by the sponsorship it started.
    (started,) = as_sponsor.items("/api/me/sponsorships")
    as_sponsor.post(f"/api/matches/{started['sponsorship_id']}/messages", {"body": "Bienvenue !"})
    as_seeker.post(f"/api/matches/{match['match_id']}/messages", {"body": "Merci !"})
    for conversation in (match["match_id"], started["sponsorship_id"]):
        assert [m["body"] for m in as_seeker.items(f"/api/matches/{conversation}/messages")] == [
            "Bienvenue !", "Merci !"]
