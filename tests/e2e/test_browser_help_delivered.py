"""A CV review carried to its end in a real browser (headless Chromium, on a phone's screen), the
journey issue 14 asks for, each step on the page its person uses:

1. the seeker asks for a CV review with a PDF that holds a phone number, is warned, and sends a
   clean version;
2. a round matches them with a donor; the seeker accepts on their page;
3. the donor's page shows the unit in progress, not given; the donor writes in the conversation and
   reads the CV; the seeker, emailed a link to the match page, answers there;
4. the donor returns the review with comments; only now does the donor's page show the unit given
   and the pledge fulfilled; the seeker, emailed again, reads the comments and rates the review.

The setup (people, the pledge, the round) goes through the API in the test process; the journeys
run in the browser process.
"""
import json
import re
import uuid

from browser_support import (check_page, links_emailed, new_page, reload_until, sign_in_by_email,
                             wait_for)
from document_samples import CLEAN_CV, CV_WITH_PHONE, pdf_with
from support import wait_until

# Each person signs in afresh in each journey, as on another day: more emailed links from this one
# test client than a person's allowance (tests/e2e/test_api_rate_limits.py checks the limits).
EMBEDDED_CONFIG = {"RATE_LIMITS": json.dumps({"proposal": [10_000, 3600],
                                              "registration": [10_000, 900],
                                              "sign_in_link": [10_000, 900]})}
COMMENTS = "A clear CV.\nPut your training dates first, and a line about what you look for."

# Every email links to the page where its reader acts: which email, by its subject.
WROTE = "wrote to you|vous a écrit"
RETURNED = "returned your|vous a rendu"



def journey_seeker_asks_with_a_cv(browser, base_url, maildir, seeker_email):
    page = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(page, maildir, seeker_email)
    page.goto("/seeker")
    assert "only the volunteer who reviews it" in page.locator("#f-document-who").inner_text()
    page.select_option("#f-kind", "cv_review")
    page.set_input_files("#f-document", {"name": "My CV.pdf", "mimeType": "application/pdf",
                                         "buffer": pdf_with(*CV_WITH_PHONE)})
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(re.compile(r".*\?done=requested#request-.*"))
    card = page.locator("li.request").first
    assert "a phone number" in card.locator(".warning[role=alert]").inner_text()
    request_id = card.get_attribute("data-request")
    page.set_input_files(f"#f-document-{request_id}",
                         {"name": "My CV.pdf", "mimeType": "application/pdf",
                          "buffer": pdf_with(*CLEAN_CV)})
    card.get_by_role("button", name="Send a new version").click()
    page.wait_for_url(re.compile(r".*\?done=document_sent#request-.*"))
    assert page.locator(f"li.request[data-request='{request_id}'] .warning").count() == 0
    return request_id


def journey_seeker_accepts(browser, base_url, maildir, seeker_email, match_id):
    page = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(page, maildir, seeker_email)
    page.goto("/seeker")
    accept = f"form[action='/matches/{match_id}/accept']"
    page.locator(f"{accept} button").click()
    page.wait_for_load_state()
    assert page.locator(accept).count() == 0


def _unit_states(page):
    page.goto("/donor")
    return page.locator("ol.unit-states li").evaluate_all(
        "items => items.map(li => li.dataset.unitState)")


def _write(page, text, button):
    page.get_by_label(re.compile("^(Your message|Votre message)$")).fill(text)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r".*\?done=sent(#conversation)?$"))


def journey_donor_writes_and_reads_the_cv(browser, base_url, maildir, donor_email, match_id):
    donor = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(donor, maildir, donor_email)
    assert _unit_states(donor) == ["in_progress"]       # accepted is not given
    donor.goto(f"/matches/{match_id}")
    _write(donor, "Bonjour, je lis votre CV ce soir.", "Envoyer")
    with donor.expect_download() as download:
        donor.get_by_role("link", name="Lire le CV").click()
    with open(download.value.path(), "rb") as file:
        assert file.read() == pdf_with(*CLEAN_CV)
    check_page(donor, "help-delivered-donor-match")


def journey_seeker_answers(browser, base_url, maildir, seeker_email, match_id):
    match_page = f"/matches/{match_id}"
    (link,) = wait_for("the seeker's email about the message",
                       lambda: links_emailed(maildir, seeker_email, match_page, WROTE))
    seeker = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(seeker, maildir, seeker_email)
    seeker.goto(link)
    assert "je lis votre CV" in seeker.locator("ol.messages li:not(.mine)").inner_text()
    _write(seeker, "Thank you! No rush.", "Send")


def journey_donor_returns_the_review(browser, base_url, maildir, donor_email, match_id):
    match_page = f"/matches/{match_id}"
    wait_for("the donor's email about the answer",
             lambda: links_emailed(maildir, donor_email, match_page, WROTE))
    donor = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(donor, maildir, donor_email)
    donor.goto(match_page)
    assert "Thank you! No rush." in donor.locator("ol.messages").inner_text()
    assert _unit_states(donor) == ["in_progress"]       # read and talked about: still not given
    donor.goto(match_page)
    donor.get_by_label("Vos remarques").fill(COMMENTS)
    donor.get_by_role("button", name="Rendre la relecture").click()
    donor.wait_for_url(re.compile(r".*\?done=review_returned(#review)?$"))
    # The review returned is the help given: the unit is given, the pledge of one fulfilled.
    reload_until(donor, "the unit given", lambda p: _unit_states(p) == ["given"])


def journey_seeker_rates(browser, base_url, maildir, seeker_email, match_id):
    match_page = f"/matches/{match_id}"
    wait_for("the seeker's email about the review",
             lambda: links_emailed(maildir, seeker_email, match_page, RETURNED))
    seeker = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(seeker, maildir, seeker_email)
    seeker.goto(match_page)
    assert seeker.locator("#review .review-comments").inner_text() == COMMENTS
    seeker.get_by_label("5", exact=True).check()
    seeker.get_by_role("button", name="Send my rating").click()
    seeker.wait_for_url(re.compile(r".*\?done=review_rated(#review)?$"))
    assert "Rated 5/5" in seeker.locator("#review").inner_text()
    assert seeker.locator("#delivery").count() == 0     # given: no deadline left to show
    check_page(seeker, "help-delivered-seeker-rated")


def test_a_cv_review_from_the_upload_to_the_rating(embedded, operator, browser):
    api, data = embedded
    maildir = data / "maildir"
    language = "hd"   # only these two speak it: no other test's people in this round

    def register(first, locale, **more):
        # "gwenaëlle.…@example.org": an address with an accent signs in on the page too (the
        # form leaves checking it to Binôme, whose rule accepts it, not to the browser's).
        person = api.register({
            "first_name": first, "last_name": "Delivered", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": locale,
            "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Gwenaëlle", "fr", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Yannick", "en", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    browser.run(journey_seeker_asks_with_a_cv, api.base_url, maildir, seeker["email"])
    pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})

    def proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match_id = wait_until("a proposal", proposed)[0]["match_id"]
    browser.run(journey_seeker_accepts, api.base_url, maildir, seeker["email"], match_id)
    wait_until("the unit in progress", lambda: as_donor.items("/api/me/pledges")[0]["units"]
               ["in_progress"] == 1)

    browser.run(journey_donor_writes_and_reads_the_cv, api.base_url, maildir, donor["email"],
                match_id)
    browser.run(journey_seeker_answers, api.base_url, maildir, seeker["email"], match_id)
    (mine,) = as_donor.items("/api/me/pledges")
    assert (mine["status"], mine["units"]["given"]) != ("fulfilled", 1)

    browser.run(journey_donor_returns_the_review, api.base_url, maildir, donor["email"],
                match_id)
    (mine,) = as_donor.items("/api/me/pledges")
    assert mine["id"] == pledge["id"] and mine["status"] == "fulfilled"
    assert mine["units"]["given"] == 1
    browser.run(journey_seeker_rates, api.base_url, maildir, seeker["email"], match_id)
    assert as_seeker.get(f"/api/matches/{match_id}/review")["rating"] == 5
