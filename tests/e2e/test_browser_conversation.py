"""The conversation of an accepted coffee, in a real browser (headless Chromium, on a phone's
screen): the donor writes on the match page, the seeker follows the link emailed to them to that
page, reads it and answers; the donor, told by email in turn, sees the answer. The pages are
checked on a phone and a desktop (screenshots in test-artifacts/screenshots).

The setup goes through the API in the test process; the journey runs in the browser process.
"""
import re
import uuid

from browser_support import (check_page, links_emailed, new_page, reload_until, sign_in_by_email,
                             wait_for)
from support import wait_until

# Every email links to the page where its reader acts: which email, by its subject.
WROTE = "wrote to you|vous a écrit"



def _write(page, text, button):
    page.get_by_label(re.compile("^(Your message|Votre message)$")).fill(text)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r".*\?done=sent(#conversation)?$"))


def journey_conversation(browser, base_url, maildir, donor_email, seeker_email, match_id):
    match_page = f"/matches/{match_id}"
    donor = new_page(browser, base_url, locale="fr-FR")
    sign_in_by_email(donor, maildir, donor_email)
    donor.goto(match_page)
    assert "Aucun message pour l'instant" in donor.locator("#conversation").inner_text()
    check_page(donor, "conversation-empty")
    _write(donor, "Bonjour Capucine,\nmardi midi, ça vous va ?", "Envoyer")
    assert "Message envoyé." in donor.locator(".notice").inner_text()
    assert "mardi midi" in donor.locator("ol.messages li.mine").inner_text()

    # The seeker is emailed a link to the match page, and answers there.
    (link,) = wait_for("the seeker's email", lambda: links_emailed(maildir, seeker_email,
                                                                    match_page, WROTE))
    assert link == f"{base_url}{match_page}"
    seeker = new_page(browser, base_url)
    sign_in_by_email(seeker, maildir, seeker_email)
    seeker.goto(link)
    theirs = seeker.locator("ol.messages li:not(.mine)")
    assert "Bonjour Capucine,\nmardi midi" in theirs.locator(".body").inner_text()
    assert "Donatien" in theirs.inner_text()
    _write(seeker, "Tuesday is perfect, thank you!", "Send")
    check_page(seeker, "conversation")

    # An empty message is refused on the page, naming the field; nothing is sent.
    seeker.get_by_role("button", name="Send").click()
    seeker.wait_for_load_state()
    assert seeker.locator(".field-error").count() == 1
    assert seeker.locator("ol.messages li").count() == 2

    wait_for("the donor's email", lambda: links_emailed(maildir, donor_email, match_page, WROTE))
    reload_until(donor, "the seeker's answer", lambda p: "Tuesday is perfect" in
                 p.locator("ol.messages").inner_text())


def test_both_write_on_the_match_page_and_the_emailed_link_leads_there(embedded, operator,
                                                                       browser):
    api, data = embedded
    language = "xw"   # only these two speak it: no other test's people in this round

    def register(first, locale, **more):
        person = api.register({
            "first_name": first, "last_name": "Conversa", "languages": [language],
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "locale": locale,
            "availability_preset": "coffee", "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Donatien", "fr", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Capucine", "en", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1, "remote": False,
                                      "radius_km": 10})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    browser.run(journey_conversation, api.base_url, data / "maildir", donor["email"],
                seeker["email"], match["match_id"])
