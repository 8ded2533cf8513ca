"""A CV review's deadline in a real browser (headless Chromium, on a phone's screen): the donor
follows the reminder emailed to them to the match page, which says the deadline passed and when
Binôme moves on; the seeker, on the same page in French, asks for another donor in one click; the
donor then reads that their unit is paused and follows the link to their pledges. Screenshots in
test-artifacts/screenshots (match-overdue-*, match-another-donor-*, match-paused-*).

CV reviews are due here in three seconds, and the grace lasts a month: it is the seeker who
moves the request. The setup goes through the API; the journey runs in the browser process.
"""
import re

from browser_support import check_page, links_emailed, new_page, reload_until, sign_in_by_email, \
    wait_for
from support import wait_until
from turnaround_setup import a_market, match_of, proposal

DAY = 86400
EMBEDDED_CONFIG = {"DELIVERY_DAYS": {"cv_review": 3 / DAY}, "DELIVERY_GRACE_DAYS": 30,
                   "DELIVERY_CHECK_SECONDS": 0.5}


def journey_another_donor(browser, base_url, maildir, donor_email, seeker_email, match_id):
    match_page = f"/matches/{match_id}"
    (reminder,) = wait_for("the donor's reminder", lambda: links_emailed(
        maildir, donor_email, match_page, "Halfway|Due within a day|mi-parcours|Dernier jour"))
    donor = new_page(browser, base_url)
    sign_in_by_email(donor, maildir, donor_email)
    donor.goto(reminder)
    delivery = donor.locator("#delivery")
    assert "The deadline has passed." in delivery.inner_text()
    assert "Without news, Binôme gives the request to another donor on" in delivery.inner_text()
    assert donor.get_by_role("button", name="Ask for another donor").count() == 0
    check_page(donor, "match-overdue")

    seeker = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(seeker, maildir, seeker_email)
    seeker.goto(match_page)
    assert "Le délai est passé." in seeker.locator("#delivery").inner_text()
    seeker.get_by_role("button", name="Demander quelqu'un d'autre").click()
    seeker.wait_for_url(re.compile(r".*\?done=another_donor$"))
    assert "nous vous cherchons quelqu'un d'autre" in seeker.locator(".notice").inner_text()
    assert "confiée à quelqu'un d'autre" in seeker.locator("#delivery").inner_text()
    assert seeker.get_by_role("button", name="Demander quelqu'un d'autre").count() == 0
    check_page(seeker, "match-another-donor")

    reload_until(donor, "the donor's page to say it moved", lambda p: "paused" in
                 p.locator("#delivery").inner_text())
    check_page(donor, "match-paused")
    donor.get_by_role("link", name="Answer on your pledges page").click()
    donor.wait_for_url(re.compile(r".*/donor$"))
    pledges = wait_for("the donor's email", lambda: links_emailed(maildir, donor_email,
                                                                   "/donor", "paused|en pause"))
    assert f"{base_url}/donor" in pledges


def test_the_seeker_asks_for_another_donor_on_the_match_page_once_the_deadline_passed(
        embedded, operator, browser):
    api, data = embedded
    (donor, _), _, (seeker, as_seeker) = a_market(api, "xg", "cv_review")
    match = proposal(operator, as_seeker, "cv_review", donor)
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    wait_until("the deadline to pass", lambda: match_of(
        as_seeker, match["match_id"])["may_ask_another"], 30)
    browser.run(journey_another_donor, api.base_url, data / "maildir", donor["email"],
                seeker["email"], match["match_id"])
    assert match_of(as_seeker, match["match_id"])["reassign_reason"] == "asked_by_seeker"
