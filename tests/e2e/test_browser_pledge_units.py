"""The donor's page in a real browser (headless Chromium, on a phone's screen): each unit of a
pledge with its state; a unit paused after a silent match, and the question "do you still want to
help?" answered yes (in French: the unit is offered again) and no (in English: released). Checked
on a phone and a desktop (screenshots in test-artifacts/screenshots).

As in test_pledge_units_api.py, the reassignment is written into matching's outbox as matching's
code does, until the turnaround part of issue 14 is merged (then it comes from matching's timer).
"""
import re
import uuid

from browser_support import check_page, new_page, sign_in_by_email
from shared.contracts import events
from support import wait_until
from test_pledge_units_api import NOW, about, matching_publishes, pledge_of


def journey_answer_about_paused_units(browser, base_url, maildir, email, locale, answer):
    page = new_page(browser, base_url, locale=locale)
    sign_in_by_email(page, maildir, email)
    page.goto("/donor")
    states = page.locator("ol.unit-states li")
    assert [states.nth(i).get_attribute("data-unit-state") for i in range(states.count())] == \
        ["paused", "offered"]
    question = page.locator(".paused-question")
    check_page(page, f"donor-paused-unit-{locale[:2]}")
    if locale.startswith("fr"):
        assert "Voulez-vous toujours aider ?" in question.inner_text()
        assert "en pause" in states.nth(0).inner_text()
    else:
        assert "Do you still want to help?" in question.inner_text()
        assert "paused" in states.nth(0).inner_text()
    page.get_by_role("button", name=answer).click()
    page.wait_for_url(re.compile(r".*/donor\?done=(resumed|released)$"))
    assert page.locator(".paused-question").count() == 0
    after = [states.nth(i).get_attribute("data-unit-state") for i in range(states.count())]
    check_page(page, f"donor-paused-answered-{locale[:2]}")
    return {"notice": page.locator(".notice").inner_text(), "states": after}


def test_a_donor_answers_whether_they_still_want_to_help_on_their_page(embedded, operator,
                                                                      browser):
    api, data = embedded
    def register(first, locale, roles, language):
        person = api.register({
            "first_name": first, "last_name": "Unites", "roles": roles, "locale": locale,
            "languages": [language], "location": "75011",
            "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org"})
        return person, api.as_person(person)

    # Each pair speaks a language of its own: nobody else (the first donor's units offered again
    # included) is in the second pair's round.
    for locale, language, answer, expected in (
            ("fr", "xu", "Oui, je veux toujours aider", ["offered", "offered"]),
            ("en", "xv", "No, release it", ["offered", "released"])):
        donor, as_donor = register(f"Donor{locale}", locale, ["time_donor"], language)
        pledge = as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 2})
        _, as_seeker = register(f"Seeker{locale}", "en", ["job_seeker"], language)
        as_seeker.post("/api/me/requests", {"kind": "cv_review"})

        def proposed():
            operator.post("/api/rounds", {"kind": "cv_review"})
            return [m for m in as_seeker.items("/api/me/matches") if m["status"] == "proposed"]
        match = wait_until("a proposal", proposed)[0]
        as_seeker.post(f"/api/matches/{match['match_id']}/accept")
        wait_until("the unit in progress",
                   lambda: pledge_of(as_donor, pledge["id"])["units"]["in_progress"] == 1)
        matching_publishes(data, events.MATCH_REASSIGNED, {
            **about(match), "remote": True, "reason": "silent_past_grace", "deadline": NOW})
        wait_until("the unit paused",
                   lambda: pledge_of(as_donor, pledge["id"])["units"]["paused"] == 1)

        seen = browser.run(journey_answer_about_paused_units, api.base_url, data / "maildir",
                           donor["email"], f"{locale}-FR" if locale == "fr" else "en-GB", answer)
        assert seen["states"] == expected
        assert seen["notice"] == ("Merci ! Votre unité est de nouveau proposée." if locale == "fr"
                                  else "Noted: this unit is no longer offered.")
