"""The foundation journey, through the gateway's JSON API, step by step.

A donor pledges 2 coffees; a job seeker asks for a coffee; a matching round pairs them; the seeker
accepts; scheduling proposes times both can make; the seeker confirms one; both people are told by
email (with an invite) and in their in-app inbox.
"""
import uuid
from dataclasses import dataclass

from shared.contracts.kinds import AVAILABILITY_PRESETS

from .api_client import wait_for


@dataclass
class JourneyResult:
    donor: dict
    seeker: dict
    match: dict
    meeting: dict


def run_journey(api, say=print, timeout=30.0):
    # A skill only these two share makes them each other's best pair even in a busy market.
    tag = f"journey-{uuid.uuid4().hex[:8]}"
    say("1. A time donor registers and pledges 2 coffees.")
    donor = api.post("/api/people", {
        "name": "Claire Martin", "email": f"claire.martin+{tag}@example.org", "locale": "fr",
        "roles": ["time_donor"], "languages": ["fr", "en"], "occupation": "Web developer",
        "skills": ["javascript", "career change", tag],
        "availability": AVAILABILITY_PRESETS["coffee"]})
    pledge = api.post(f"/api/people/{donor['id']}/pledges", {"kind": "coffee", "quantity": 2})
    say(f"   {donor['name']} pledged {pledge['quantity']} coffees (valid until {pledge['valid_until']}).")

    say("2. A job seeker registers and asks for a coffee.")
    seeker = api.post("/api/people", {
        "name": "Karim Benali", "email": f"karim.benali+{tag}@example.org", "locale": "en",
        "roles": ["job_seeker", "reconverting_worker"], "languages": ["fr"],
        "occupation": "Retail manager", "target_occupation": "Web developer",
        "skills": ["team lead", "career change", tag],
        "availability": AVAILABILITY_PRESETS["coffee"]})
    api.post(f"/api/people/{seeker['id']}/requests",
             {"kind": "coffee", "note": "I am moving from retail to web development."})
    say(f"   {seeker['name']} asked for a coffee.")

    say("3. A matching round pairs them (scipy's linear_sum_assignment on affinity).")

    def proposed_match():
        # Profile events reach matching asynchronously: rounds are idempotent, so run until it has.
        report = api.post("/api/rounds", {"kind": "coffee"})
        found = [m for m in api.get(f"/api/people/{seeker['id']}/matches") if m["status"] == "proposed"]
        return found and (found[0], report)

    match, report = wait_for("a proposed match for the seeker", proposed_match, timeout)
    if match["donor_id"] != donor["id"]:
        raise AssertionError(f"the seeker was paired with {match['donor_id']}, not the journey's donor")
    say(f"   Round {report['id'][:8]}: {report['matched']} matched out of {report['requests']} "
        f"requests; affinity {match['affinity']:.2f} because: " + "; ".join(match["reasons"]) + ".")

    say("4. The seeker accepts.")
    api.post(f"/api/matches/{match['match_id']}/accept", {"person_id": seeker["id"]})

    say("5. Scheduling proposes times both can make.")
    meeting = wait_for("a meeting proposal", lambda: [
        m for m in api.get(f"/api/people/{seeker['id']}/meetings") if m["match_id"] == match["match_id"]
    ], timeout)[0]
    for slot in meeting["slots"]:
        say(f"   - {slot['start']} to {slot['end']}")

    say("6. The seeker confirms the first one.")
    meeting = api.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                       {"person_id": seeker["id"], "start": meeting["slots"][0]["start"]})
    say(f"   Booked: {meeting['start']} — {meeting['location']}")

    say("7. Both people are told, in their inbox and by email with the invite.")
    for person in (donor, seeker):
        note = wait_for(f"{person['name']}'s confirmation", lambda p=person: [
            n for n in api.get(f"/api/people/{p['id']}/inbox") if n["event"] == "meeting_confirmed"
        ], timeout)[0]
        say(f"   {person['name']}'s inbox: “{note['subject']}”")
    return JourneyResult(donor, seeker, match, meeting)
