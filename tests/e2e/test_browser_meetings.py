"""A meeting's life and the decisions on a match, in a real browser (headless Chromium): a seeker
declines a proposal, accepts another, books a time and moves it; the donor picks the new time and
cancels; after another meeting a seeker says "we met" with a rating and a word, then blocks and
reports; a donor withdraws a pledge after its confirmation; a sponsor blocks a card of the deck.

Each action is taken once, across both languages and both sizes: a phone (390x844, where what
waits for the reader must come first, above the request form) and a desktop. The people are
registered through the API and signed in by their session cookie: signing up and in is another
journey's (test_browser_journeys.py). The bodies run in the browser process (browser_support.py).
"""
import json

from browser_support import DESKTOP, check_page, new_page, reload_until
from meeting_setup import let_time_pass, meeting_of, pair, proposal
from support import wait_until

PHONE_390 = {"width": 390, "height": 844}
EMBEDDED_CONFIG = {"RATE_LIMITS": json.dumps({"proposal": [10_000, 3600],
                                              "registration": [10_000, 900]})}


def _signed_in(browser, base_url, token, locale, viewport):
    page = new_page(browser, base_url, locale=locale, viewport=viewport)
    page.context.add_cookies([{"name": "binome_session", "value": token, "url": base_url},
                              {"name": "binome_lang", "value": locale[:2], "url": base_url}])
    return page


def _top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


# --- in the browser process -------------------------------------------------------------------

def seeker_declines_on_a_phone(browser, base_url, token):
    seeker = _signed_in(browser, base_url, token, "en-GB", PHONE_390)
    seeker.goto("/seeker")
    # The proposal comes first, within the phone's first screen, above the request form.
    assert _top(seeker, "#next-actions") < _top(seeker, "form[action='/seeker/requests']")
    decline = seeker.locator("#next-actions").get_by_role("button", name="Decline")
    assert decline.bounding_box()["y"] + 40 < PHONE_390["height"], "Decline is below the fold"
    check_page(seeker, "meetings-proposal-first-phone")
    decline.click()
    seeker.wait_for_url("**/seeker?done=declined")
    assert seeker.locator(".notice").inner_text() == "You declined."


def seeker_books_and_moves_on_a_phone(browser, base_url, token):
    seeker = _signed_in(browser, base_url, token, "en-GB", PHONE_390)
    seeker.goto("/seeker")
    seeker.locator("#next-actions").get_by_role("button", name="Accept").click()
    seeker.wait_for_url("**/seeker?done=accepted")
    reload_until(seeker, "times to pick", lambda p: p.locator(
        "#next-actions [data-meeting] input[type=radio]").count() > 0)
    # The slot picker: first on the phone, its times in words on her clock.
    picker = seeker.locator("#next-actions [data-meeting] fieldset")
    assert picker.bounding_box()["y"] < PHONE_390["height"], "the slot picker is below the fold"
    assert _top(seeker, "#next-actions") < _top(seeker, "form[action='/seeker/requests']")
    label = picker.locator("label").first.inner_text()
    assert "(Paris Time)" in label and "-12-" not in label, label
    check_page(seeker, "meetings-slot-picker-phone")
    seeker.get_by_role("button", name="Book this time").click()
    seeker.wait_for_url("**/seeker?done=booked")

    # Move it: the page says the other person picks and the booking stands meanwhile.
    seeker.get_by_role("link", name="Move to another time").click()
    assert "new times when you are both free" in seeker.locator("main").inner_text()
    check_page(seeker, "meetings-move-confirm-phone")
    seeker.get_by_role("button", name="Yes, offer other times").click()
    seeker.wait_for_url("**/seeker?done=reschedule_asked")
    assert "the current booking stands" in seeker.locator(".notice").inner_text()
    assert "picks one of the new times" in seeker.locator("[data-meeting]").first.inner_text()


def donor_picks_the_new_time_then_cancels_on_a_desktop(browser, base_url, token):
    donor = _signed_in(browser, base_url, token, "fr-FR", DESKTOP)
    donor.goto("/donor")
    todo = donor.locator("#next-actions")
    assert "Choisissez un nouveau créneau" in todo.inner_text()
    assert "(heure : Paris)" in todo.locator("label").first.inner_text()
    check_page(donor, "meetings-donor-new-time")
    todo.get_by_role("button", name="Réserver ce créneau").click()
    donor.wait_for_url("**/donor?done=booked")

    donor.get_by_role("link", name="Annuler le rendez-vous").click()
    text = donor.locator("main").inner_text()
    assert "Nous prévenons" in text and "changez plutôt l'horaire" in text
    check_page(donor, "meetings-cancel-confirm")
    donor.get_by_role("button", name="Oui, annuler le rendez-vous").click()
    donor.wait_for_url("**/donor?done=meeting_cancelled")
    assert "Le rendez-vous est annulé" in donor.locator(".notice").inner_text()


def seeker_says_we_met_then_blocks_and_reports_on_a_phone(browser, base_url, token, donor_name):
    seeker = _signed_in(browser, base_url, token, "fr-FR", PHONE_390)
    seeker.goto("/seeker")
    question = seeker.locator("#next-actions form.meeting-outcome")
    assert question.bounding_box()["y"] < PHONE_390["height"], "did we meet? is below the fold"
    check_page(seeker, "meetings-did-we-meet-phone")
    # Sent with nothing chosen: the page says what is missing, beside it, in French.
    question.get_by_role("button", name="Envoyer ma réponse").click()
    assert seeker.locator("#outcome-error").inner_text() == "Dites-nous si vous vous êtes vus."
    check_page(seeker, "meetings-did-we-meet-refused")
    seeker.get_by_label("Oui, nous nous sommes vus").check()
    seeker.get_by_label("5", exact=True).check()
    seeker.get_by_label("Un mot sur ce rendez-vous").fill("Des conseils précieux, merci !")
    seeker.get_by_role("button", name="Envoyer ma réponse").click()
    seeker.wait_for_url("**/seeker?done=outcome_met")
    assert "C'est noté : vous vous êtes vus" in seeker.locator(".notice").inner_text()

    # Block or report, from the match: what blocking does, then the report's form.
    seeker.get_by_role("link", name="Bloquer ou signaler").first.click()
    assert "Un blocage est définitif." in seeker.locator("main").inner_text()
    check_page(seeker, "meetings-block-phone")
    seeker.get_by_role("link", name=f"Signaler {donor_name} à l'équipe").click()
    seeker.get_by_role("button", name="Signaler et bloquer").click()
    assert seeker.locator("#reason-error").inner_text() == \
        "Dites en quelques mots ce qui s'est passé."
    seeker.get_by_label("Que s'est-il passé ?").fill("Des remarques déplacées pendant le café.")
    check_page(seeker, "meetings-report-phone")
    seeker.get_by_role("button", name="Signaler et bloquer").click()
    seeker.wait_for_url("**/seeker?done=reported")
    assert "La personne est bloquée" in seeker.locator(".notice").inner_text()


def donor_withdraws_a_pledge_on_a_desktop(browser, base_url, token):
    donor = _signed_in(browser, base_url, token, "en-GB", DESKTOP)
    donor.goto("/donor")
    pledge = donor.locator("li.pledge[data-pledge]").first
    confirm = pledge.get_by_role("button", name="Yes, withdraw")
    assert not confirm.is_visible()      # asked first: nothing happens on the first click
    pledge.locator("summary", has_text="Withdraw").click()
    assert "no longer offered" in pledge.inner_text()
    check_page(donor, "meetings-withdraw-confirm")
    confirm.click()
    donor.wait_for_url("**/donor?done=withdrawn")
    assert "withdrawn" in donor.locator("li.pledge").first.inner_text()


def sponsor_blocks_a_card_on_a_phone(browser, base_url, token, seeker_name):
    sponsor = _signed_in(browser, base_url, token, "en-GB", PHONE_390)
    sponsor.goto("/sponsor")
    assert sponsor.locator("#card .card-name").inner_text() == seeker_name
    sponsor.get_by_role("link", name="Block or report").click()
    assert f"Block {seeker_name}?" in sponsor.locator("h1").inner_text()
    check_page(sponsor, "meetings-block-card-phone")
    sponsor.get_by_role("button", name=f"Block {seeker_name}").click()
    sponsor.wait_for_url("**/sponsor?done=blocked")
    assert "you will not be proposed to each other again" in sponsor.locator(
        ".notice").inner_text()


def mentor_answers_the_mentee_did_not_come_on_a_desktop(browser, base_url, token):
    mentor = _signed_in(browser, base_url, token, "en-GB", DESKTOP)
    mentor.goto("/mentor")
    todo = mentor.locator("#next-actions")
    assert _top(mentor, "#next-actions") < _top(mentor, "form[action='/mentor/availability']")
    todo.get_by_label("No, the other person did not come").check()
    todo.get_by_label("4", exact=True).check()   # a rating for a meeting that did not happen
    todo.get_by_role("button", name="Send my answer").click()
    # Refused beside its field, on the answer's own page, with what was chosen kept.
    assert mentor.locator("#rating-error").inner_text() == "A rating only if you met."
    assert mentor.get_by_label("No, the other person did not come").is_checked()
    check_page(mentor, "meetings-outcome-refused-desktop")
    mentor.get_by_label("No rating").check()
    mentor.get_by_role("button", name="Send my answer").click()
    mentor.wait_for_url("**/mentor?done=outcome_other_absent")
    assert mentor.locator(".notice").inner_text() == "Noted: the other person did not come."
    assert "You answered: the other person did not come." in mentor.locator("main").inner_text()


# --- the tests ----------------------------------------------------------------------------------

def _token(client):
    return client.http.headers["Authorization"].split()[1]


def test_seeker_declines_books_and_moves_and_the_donor_picks_again_and_cancels(
        embedded, operator, browser):
    api, _ = embedded
    donor, as_donor, seeker, as_seeker = pair(api, "xr")
    first = proposal(operator, as_seeker)
    browser.run(seeker_declines_on_a_phone, api.base_url, seeker["token"])
    _, as_second, _, _ = pair(api, "xr")   # another donor for her request
    second = wait_until("another proposal", lambda: [
        m for m in (operator.post("/api/rounds", {"kind": "coffee"}) and
                    as_seeker.items("/api/me/matches"))
        if m["status"] == "proposed" and m["match_id"] != first["match_id"]])[0]
    browser.run(seeker_books_and_moves_on_a_phone, api.base_url, seeker["token"])
    moving = meeting_of(as_seeker, second["match_id"])
    assert moving["rescheduling"] and moving["chooser_id"] == second["donor_id"]
    booked_donor = as_second if second["donor_id"] != donor["id"] else as_donor
    browser.run(donor_picks_the_new_time_then_cancels_on_a_desktop, api.base_url,
                _token(booked_donor))
    assert meeting_of(as_seeker, second["match_id"])["status"] == "cancelled"


def test_seeker_says_we_met_with_a_rating_then_blocks_and_reports(embedded, operator, browser):
    api, data = embedded
    donor, as_donor, seeker, as_seeker = pair(api, "xs", locale="fr")
    match = proposal(operator, as_seeker)
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    meeting = meeting_of(as_seeker, match["match_id"], "proposed")
    as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                   {"start": meeting["slots"][0]["start"]})
    let_time_pass(data, meeting["meeting_id"])
    name = as_seeker.get(f"/api/people/{donor['id']}")["card"]["display_name"]
    browser.run(seeker_says_we_met_then_blocks_and_reports_on_a_phone, api.base_url,
                seeker["token"], name)
    assert meeting_of(as_seeker, match["match_id"])["outcome"] == "met"
    assert as_seeker.http.get(f"{api.base_url}/api/people/{donor['id']}",
                              timeout=15).status_code in (403, 404)


def test_a_mentor_says_the_mentee_did_not_come(embedded, operator, browser):
    api, data = embedded
    mentor, as_mentor, worker, as_worker = pair(
        api, "xu", seeker_roles=("reconverting_worker",), donor_roles=("mentor",),
        kind="lunch_mentoring")
    match = proposal(operator, as_worker, "lunch_mentoring")
    as_worker.post(f"/api/matches/{match['match_id']}/accept")
    meeting = meeting_of(as_worker, match["match_id"], "proposed")
    as_worker.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                   {"start": meeting["slots"][0]["start"]})
    let_time_pass(data, meeting["meeting_id"])
    browser.run(mentor_answers_the_mentee_did_not_come_on_a_desktop, api.base_url,
                mentor["token"])
    assert meeting_of(as_mentor, match["match_id"])["outcome"] == "other_absent"


def test_donor_withdraws_a_pledge_and_a_sponsor_blocks_a_card(embedded, operator, browser):
    api, _ = embedded
    donor, as_donor, seeker, _ = pair(api, "xt", kind="cv_review")
    browser.run(donor_withdraws_a_pledge_on_a_desktop, api.base_url, donor["token"])
    assert [p["status"] for p in as_donor.items("/api/me/pledges")] == ["withdrawn"]

    sponsor = api.register({"first_name": "Solange", "last_name": "Test", "roles": ["sponsor"],
                            "languages": ["xt"], "sponsor": {"capacity": 1},
                            "email": "solange.meetings@example.org", "location": "75011"})
    as_sponsor = api.as_person(sponsor)
    card = wait_until("a card in the deck", lambda: as_sponsor.items("/api/me/feed"))[0]
    browser.run(sponsor_blocks_a_card_on_a_phone, api.base_url, sponsor["token"],
                card["display_name"])
    assert all(c["id"] != card["id"] for c in as_sponsor.items("/api/me/feed"))
