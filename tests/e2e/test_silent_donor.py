"""Acceptance (issue 14, no silent helper): a donor stays silent past the deadline and the grace
period; the request is re-matched with another donor, the silent donor's unit is back and paused,
and both are told, in the inbox and by email.

Deadlines here are seconds long (DELIVERY_DAYS, DELIVERY_GRACE_DAYS), and matching looks for
what is due every half second: the test waits on each outcome, never on a clock.
"""
import pytest

from support import wait_until
from turnaround_setup import a_market, letters, match_of, page, proposal, told

DAY = 86400
EMBEDDED_CONFIG = {"DELIVERY_DAYS": {"cv_review": 20 / DAY}, "DELIVERY_GRACE_DAYS": 10 / DAY,
                   "DELIVERY_CHECK_SECONDS": 0.5}
LANGUAGE = "xd"


@pytest.fixture(scope="module")
def silence(embedded, operator):
    """A CV review accepted with the preferred donor, who then gives nothing at all."""
    api, data = embedded
    (silent, as_silent), (second, as_second), (seeker, as_seeker) = a_market(
        api, LANGUAGE, "cv_review")
    match = proposal(operator, as_seeker, "cv_review", silent)
    accepted = as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    assert accepted["deadline_at"] is not None and accepted["status"] == "accepted"
    return {"api": api, "data": data, "match": match, "silent": (silent, as_silent),
            "second": (second, as_second), "seeker": (seeker, as_seeker)}


def test_a_silent_donor_is_reminded_then_the_request_is_matched_with_another_and_both_told(
        silence, operator):
    api, data, match = silence["api"], silence["data"], silence["match"]
    (silent, as_silent), (second, _), (seeker, as_seeker) = (
        silence["silent"], silence["second"], silence["seeker"])
    link = f"/matches/{match['match_id']}"

    # Halfway: the donor is reminded, in the inbox and by email, with the match's link.
    (reminder,) = wait_until("the donor's reminder", lambda: told(
        as_silent, "delivery_reminder_due"), 60)
    assert "CV review" in reminder["subject"] and "Eulalie" in reminder["subject"]
    wait_until("the reminder's email", lambda: letters(
        data / "maildir", silent["email"], "CV review", link), 30)

    # Past the deadline and the grace: another donor is proposed to the seeker, on its own.
    again = proposal(operator, as_seeker, "cv_review", second)
    moved = match_of(as_seeker, match["match_id"])
    assert (moved["status"], moved["reassign_reason"]) == ("reassigned", "silent_past_grace")
    assert again["request_id"] == match["request_id"]
    as_seeker.post(f"/api/matches/{again['match_id']}/accept")

    # Both are told: the seeker that another donor is found, the silent donor that their unit
    # is paused and whether they still want to help, with a link to their pledges.
    (to_seeker,) = wait_until("the seeker told", lambda: told(as_seeker, "match_reassigned"))
    (to_donor,) = wait_until("the donor told", lambda: told(as_silent, "match_reassigned"))
    assert "another donor" in to_seeker["subject"]
    assert "paused" in to_donor["subject"] and "still want to help" in to_donor["subject"]
    wait_until("the seeker's email", lambda: letters(
        data / "maildir", seeker["email"], "another donor", "/seeker"))
    wait_until("the donor's email", lambda: letters(
        data / "maildir", silent["email"], "paused", "/donor"))

    # The silent donor is never proposed to this seeker again; their conversation is closed.
    assert [m["donor_id"] for m in as_seeker.items("/api/me/matches")
            if m["status"] in ("proposed", "accepted")] == [second["id"]]
    conversation = as_silent.get(f"/api/matches/{match['match_id']}/messages")
    assert (conversation["open"], conversation["closed_because"]) == (False, "reassigned")

    # The match page says so to each, in their words.
    assert "your request went to another donor" in page(api, seeker, link)
    shown = page(api, silent, link)
    assert "this unit of your pledge is paused" in shown and 'href="/donor"' in shown


def test_the_silent_donors_unit_is_back_and_paused(silence):
    _, as_silent = silence["silent"]
    _, as_seeker = silence["seeker"]
    wait_until("the request moved on", lambda: match_of(
        as_seeker, silence["match"]["match_id"])["status"] == "reassigned", 90)
    (pledge,) = wait_until("the unit paused", lambda: [
        p for p in as_silent.items("/api/me/pledges")
        if (p.get("units") or {}).get("paused") == 1], 30)
    assert pledge["units"]["in_progress"] == 0 and pledge["units"]["given"] == 0
