"""The three-month question in a real browser (headless Chromium, on a phone's screen): the seeker
clicks "I found a job" in the email, the page opens with that answer chosen, they answer the two
other questions and press Send; the page thanks them, and opening the link again says it was
answered. The operator sees the figures on the impact page. Pages checked on a phone and a
desktop (screenshots in test-artifacts/screenshots), in French and English.

The help is marked given in the embedded matching database (see test_outcomes_three_months_on).
"""
import re
import uuid

from browser_support import check_page, new_page, sign_in_by_email, wait_for
from support import wait_until

EMBEDDED_CONFIG = {"OUTCOME_AFTER_DAYS": 0}


def _one_click_link(maildir, email):
    from binome.maildir_check import emails
    from pathlib import Path
    if not Path(maildir).exists():
        return []
    return [found for message in emails(maildir) if email in (message["To"] or "")
            for found in re.findall(r"https?://[^\s\"'<>]+/outcomes/[A-Za-z0-9_-]+"
                                    r"\?situation=found_job",
                                    message.get_body(("plain",)).get_content())]


def journey_outcome(browser, base_url, maildir, seeker_email, operator_email):
    (link,) = wait_for("the question emailed", lambda: _one_click_link(maildir, seeker_email))
    page = new_page(browser, base_url, locale="fr-FR")
    page.goto(link)
    assert page.locator("#situation-found_job").is_checked()
    check_page(page, "outcome-question-fr")
    # Sent without the other two answers: refused beside each field, nothing recorded.
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() == 2
    page.locator("#helped-yes").check()
    page.locator("#satisfaction-4").check()
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url(re.compile(r".*\?done=answered$"))
    assert "Merci" in page.locator(".notice").inner_text()
    check_page(page, "outcome-answered-fr")

    english = new_page(browser, base_url, locale="en-GB")
    english.goto(link)
    assert "has been answered" in english.locator("main").inner_text()
    check_page(english, "outcome-closed-en")

    operator = new_page(browser, base_url, locale="en-GB")
    sign_in_by_email(operator, maildir, operator_email)
    operator.goto("/operator/impact")
    assert "answered: 1" in operator.locator("#outcomes-counts").inner_text()
    check_page(operator, "impact-outcomes")


def test_the_seeker_answers_the_emailed_question_on_their_phone(embedded, operator, browser):
    from test_outcomes_three_months_on import give_help
    api, data = embedded

    def register(first, **more):
        person = api.register({
            "first_name": first, "last_name": "Devenir", "languages": ["xo"], "locale": "fr",
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
            "availability_preset": "coffee", "location": "75011", **more})
        return person, api.as_person(person)

    donor, as_donor = register("Donatienne", roles=["time_donor"], occupation="M1805")
    seeker, as_seeker = register("Capucine", roles=["job_seeker"], occupation="D1301",
                                 target_occupation="M1805")
    as_donor.post("/api/me/pledges", {"kind": "network_intro", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "network_intro"})

    def proposed():
        operator.post("/api/rounds", {"kind": "network_intro"})
        return [m for m in as_seeker.items("/api/me/matches") if m["donor_id"] == donor["id"]]
    match = wait_until("a proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    give_help(as_seeker, match["match_id"])
    browser.run(journey_outcome, api.base_url, data / "maildir", seeker["email"],
                operator.get("/api/me")["email"])
