"""The foundation journey, through the gateway's JSON API, step by step.

A donor pledges 2 coffees; a job seeker asks for a coffee; a matching round pairs them; the seeker
accepts; scheduling proposes times both can make; the seeker confirms one; both people are told by
email (with an invite) and in their in-app inbox.
"""
import uuid
from dataclasses import dataclass

from .api_client import wait_for


@dataclass
class JourneyResult:
    donor: dict
    seeker: dict
    match: dict
    meeting: dict


def run_journey(api, operator, say=print, timeout=30.0):
    """The journey; `operator` is the API as someone who operates Binôme (they run the round)."""
    # A skill only these two share makes them each other's best pair even in a busy market.
    tag = f"journey-{uuid.uuid4().hex[:8]}"
    say("1. A time donor registers and pledges 2 coffees.")
    donor = api.register({
        "first_name": "Claire", "last_name": "Martin", "email": f"claire.martin+{tag}@example.org",
        "locale": "fr", "roles": ["time_donor"], "languages": ["fr", "en"], "location": "75011",
        "occupation": "M1805", "skills": ["javascript", "career change", tag],
        "own_words": "Developer for ten years, happy to share how I got in.",
        "availability_preset": "coffee"})
    as_donor = api.as_person(donor)
    pledge = as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 2})
    say(f"   {donor['first_name']} pledged {pledge['quantity']} coffees "
        f"(valid until {pledge['valid_until']}).")

    say("2. A job seeker registers and asks for a coffee.")
    seeker = api.register({
        "first_name": "Karim", "last_name": "Benali", "email": f"karim.benali+{tag}@example.org",
        "locale": "en", "roles": ["job_seeker", "reconverting_worker"], "languages": ["fr"],
        "location": "Montreuil 93", "occupation": "D1301", "target_occupation": "M1805",
        "skills": ["team lead", "career change", tag], "availability_preset": "coffee"})
    as_seeker = api.as_person(seeker)
    as_seeker.post("/api/me/requests",
                   {"kind": "coffee", "note": "I am moving from retail to web development."})
    say(f"   {seeker['first_name']} asked for a coffee.")

    say("3. A matching round pairs them (scipy's linear_sum_assignment on affinity).")

    def proposed_match():
        # Profile events reach matching asynchronously: rounds are idempotent, so run until it has.
        report = operator.post("/api/rounds", {"kind": "coffee"})
        found = [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
        return found and (found[0], report)

    match, report = wait_for("a proposed match for the seeker", proposed_match, timeout)
    if match["donor_id"] != donor["id"]:
        raise AssertionError(f"the seeker was paired with {match['donor_id']}, not the journey's donor")
    card = as_seeker.get(f"/api/people/{donor['id']}")["card"]
    say(f"   Round {report['id'][:8]}: {report['matched']} matched out of {report['requests']} "
        f"requests. {card['display_name']} ({card['neighbourhood']}), affinity "
        f"{match['affinity']:.2f} because: " + "; ".join(match["reasons"]) + ".")

    say("4. The seeker accepts.")
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")

    say("5. Scheduling proposes times both can make.")
    meeting = wait_for("a meeting proposal", lambda: [
        m for m in as_seeker.items("/api/me/meetings")
        if m["match_id"] == match["match_id"] and m["status"] == "proposed"
    ], timeout)[0]
    for slot in meeting["slots"]:
        say(f"   - {slot['start']} to {slot['end']}")

    say("6. The seeker confirms the first one.")
    meeting = as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                             {"start": meeting["slots"][0]["start"]})
    say(f"   Booked: {meeting['start']} — {meeting['location']}")

    say("7. Both people are told, in their inbox and by email with the invite.")
    for person, as_person in ((donor, as_donor), (seeker, as_seeker)):
        note = wait_for(f"{person['first_name']}'s confirmation", lambda p=as_person: [
            n for n in p.items("/api/me/inbox") if n["event"] == "meeting_confirmed"
        ], timeout)[0]
        say(f"   {person['first_name']}'s inbox: “{note['subject']}”")
    return JourneyResult(donor, seeker, match, meeting)
