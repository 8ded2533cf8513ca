"""Rounds on arrivals through the HTTP API, on an embedded Binôme: nobody runs a round, yet a
help request gets a proposal within moments; declined, the request is back in line and the next
proposal (another donor's) comes the same way. The operator's impact document counts the minutes
from each request to its first proposal."""
import uuid

from support import wait_until

EMBEDDED_CONFIG = {"ROUND_DEBOUNCE_SECONDS": 0.5, "ROUND_DUE_CHECK_SECONDS": 0.2,
                   "ROUND_EVERY_MINUTES": 0}


def register(api, first, roles, **more):
    person = api.register({
        "first_name": first, "last_name": "Soon", "roles": roles,
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": "en",
        "languages": ["fr"], "location": "75011", **more})
    return person, api.as_person(person)


def test_a_request_is_proposed_without_a_round_asked_for_and_again_once_declined(embedded,
                                                                              operator):
    api, _ = embedded
    donors = [register(api, name, ["time_donor"], occupation="M1805") for name in ("Aube", "Brune")]
    for _, as_donor in donors:
        as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    seeker, as_seeker = register(api, "Capucine", ["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_seeker.post("/api/me/requests", {"kind": "cv_review"})

    def proposals():
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    (first,) = wait_until("a first proposal, no round asked for", proposals)
    as_seeker.post(f"/api/matches/{first['match_id']}/decline")

    (second,) = wait_until("the next proposal, once the first was declined", proposals)
    assert {first["donor_id"], second["donor_id"]} == {donor["id"] for donor, _ in donors}

    impact = operator.get("/api/operator/impact")
    (reviews,) = [k for k in impact["matches"] if k["kind"] == "cv_review"]
    assert 0 <= reviews["median_minutes_to_proposal"] <= reviews["p90_minutes_to_proposal"]
