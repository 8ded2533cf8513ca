"""The seeker's one click past the deadline: `POST /api/matches/{id}/another-donor` (and the match
page's button). Before the deadline it is refused (409, saying until when); only the seeker may
ask (a third person gets 404, the donor 403); past it the request goes to the next donor at once.

CV reviews are due here in seconds and the grace lasts a month, so that it is the seeker who moves
the request, not Binôme; cover-letter reviews keep their seven days.
"""
import html
import uuid

import pytest

from binome.api_client import ApiError
from shared import formatting
from support import wait_until
from turnaround_setup import a_market, match_of, page, proposal, register, told

DAY = 86400
EMBEDDED_CONFIG = {"DELIVERY_DAYS": {"cv_review": 3 / DAY}, "DELIVERY_GRACE_DAYS": 30,
                   "DELIVERY_CHECK_SECONDS": 0.5}
MARTINIQUE = "America/Martinique"


def refused(call):
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def test_before_the_deadline_nobody_can_move_the_request_and_the_page_shows_it_on_my_clock(
        embedded, operator):
    api, _ = embedded
    (donor, as_donor), _, (seeker, as_seeker) = a_market(
        api, "xe", "cover_letter_review", locale="fr", timezone=MARTINIQUE)
    match = proposal(operator, as_seeker, "cover_letter_review", donor)
    ask = f"/api/matches/{match['match_id']}/another-donor"
    # Not even a proposal can be moved: it is declined instead.
    assert refused(lambda: as_seeker.post(ask)).status == 409
    accepted = as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    assert (accepted["overdue"], accepted["may_ask_another"]) == (False, False)

    error = refused(lambda: as_seeker.post(ask))
    assert error.status == 409 and "deadline has not passed" in error.payload["error"]["message"]
    assert refused(lambda: as_donor.post(ask)).status == 403
    _, as_stranger = register(api, "Intrus", "xe", roles=["job_seeker"])
    assert refused(lambda: as_stranger.post(ask)).status == 404
    assert refused(lambda: as_seeker.post(f"/api/matches/{uuid.uuid4()}/another-donor")).status \
        == 404
    assert match_of(as_seeker, match["match_id"])["status"] == "accepted"

    # The page gives the deadline on the seeker's own clock (Martinique), and no button yet.
    # "mardi 8 décembre, 13:30 (heure : Martinique)": weekday, time and zone, as French says it.
    shown = page(api, seeker, f"/matches/{match['match_id']}", "fr")
    assert "Aide attendue" in shown
    assert formatting.when(accepted["deadline_at"], "fr", MARTINIQUE) in html.unescape(shown)
    assert "heure : Martinique" in html.unescape(shown) and "another-donor" not in shown


def test_past_the_deadline_the_seeker_asks_once_and_the_next_donor_is_proposed(embedded,
                                                                              operator):
    api, data = embedded
    (donor, as_donor), (second, _), (seeker, as_seeker) = a_market(api, "xf", "cv_review")
    match = proposal(operator, as_seeker, "cv_review", donor)
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    link = f"/matches/{match['match_id']}"

    overdue = wait_until("the deadline to pass", lambda: (
        lambda shown: shown["may_ask_another"] and shown)(match_of(as_seeker, match["match_id"])),
        30)
    assert overdue["overdue"] and overdue["reassign_at"] > overdue["deadline_at"]
    shown = page(api, seeker, link)
    assert "The deadline has passed." in shown and "Ask for another donor" in shown
    assert f'action="{link}/another-donor"' in shown
    assert "Ask for another donor" not in page(api, donor, link)   # the seeker's choice only

    moved = as_seeker.post(f"/api{link}/another-donor")
    assert (moved["status"], moved["reassign_reason"]) == ("reassigned", "asked_by_seeker")
    assert as_seeker.post(f"/api{link}/another-donor")["reassigned_at"] == moved["reassigned_at"]
    proposal(operator, as_seeker, "cv_review", second)

    (to_seeker,) = wait_until("the seeker told", lambda: told(as_seeker, "match_reassigned"))
    assert "another donor" in to_seeker["subject"] and "As you asked" in to_seeker["body"]
    wait_until("the donor told", lambda: told(as_donor, "match_reassigned"))
    # Once moved, the donor can no longer write in the conversation.
    error = refused(lambda: as_donor.post(f"/api{link}/messages", {"body": "Sorry, here it is"}))
    assert error.status == 409 and "another donor" in error.payload["error"]["message"]
