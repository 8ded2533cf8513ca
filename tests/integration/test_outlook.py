"""The outlook on RabbitMQ and PostgreSQL (issue 16, "each person sees when"): on a real market
built through profiles' events, matching says when the next round comes, whom each rule leaves
out of a seeker's request and a donor's pledge, what change would reach more, and until when a
proposal can be answered."""
from datetime import datetime, timedelta

from shared.clock import utcnow
from support import COFFEE_SEEKER as SEEKER, register_confirmed, wait_until


def donor(n, **fields):
    return {"first_name": "Donatien", "last_name": f"Prêteur{n}", "email": f"don{n}@example.org",
            "roles": ["time_donor"], "location": "75011", "occupation": "M1805", **fields}


def at(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def test_a_request_nobody_can_take_says_why_then_shows_its_proposal_and_deadline(cluster, config):
    seeker = register_confirmed(cluster, config, SEEKER)   # speaks French, lives in Paris 20e
    english = [register_confirmed(cluster, config, donor(i, languages=["en"])) for i in (1, 2)]
    lyon = register_confirmed(cluster, config, donor(3, location="69001"))
    for each in english:
        cluster.profiles.make_pledge(person_id=each["id"], kind="cv_review", quantity=1)
    cluster.profiles.make_pledge(person_id=lyon["id"], kind="cv_review", quantity=1,
                                 remote=False, radius_km=10)
    request = cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

    def counted():
        outlook = cluster.matching.outlook(person_id=seeker["id"])
        mine = [r for r in outlook["requests"] if r["reach"] and r["reach"]["total"] == 3]
        return mine and outlook
    outlook = wait_until("matching to know the three pledges and the request", counted)
    before = utcnow()
    cluster.matching.run_round(kind="cv_review")
    outlook = cluster.matching.outlook(person_id=seeker["id"])
    (shown,) = outlook["requests"]
    assert (str(shown["request_id"]), shown["state"]) == (str(request["id"]), "open")
    assert shown["reach"]["reachable"] == 0
    assert shown["reach"]["excluded"] == {"language": 2, "distance": 1}
    assert shown["reach"]["widenings"][0] == {"change": "language", "value": "en", "more": 2}
    # The round just ran: the next one comes an hour (ROUND_EVERY_MINUTES) after it.
    next_round = at(shown["next_round_at"])
    assert before + timedelta(minutes=59) < next_round <= utcnow() + timedelta(minutes=60)
    assert outlook["round_every_minutes"] == 60

    # The English donor's pledge: one open request, left out by language; French would reach it.
    (pledge,) = cluster.matching.outlook(person_id=english[0]["id"])["offers"]
    assert pledge["reach"]["excluded"] == {"language": 1}
    assert {"change": "language", "value": "fr", "more": 1} in pledge["reach"]["widenings"]
    assert pledge["reach"]["open_requests"] == 1

    # A French donor comes; the next round proposes them, and the request says a proposal waits.
    french = register_confirmed(cluster, config, donor(4))
    cluster.profiles.make_pledge(person_id=french["id"], kind="cv_review", quantity=1)

    def proposed():
        cluster.matching.run_round(kind="cv_review")
        return cluster.matching.matches_of(person_id=seeker["id"])
    (match,) = wait_until("a proposal", proposed)
    (shown,) = cluster.matching.outlook(person_id=seeker["id"])["requests"]
    assert shown["state"] == "proposed" and shown["reach"] is None
    answer_by = at(match["proposed_at"]) + timedelta(hours=72)
    assert at(shown["answer_by"]) == at(match["answer_by"]) == answer_by
