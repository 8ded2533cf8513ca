"""A job seeker who does not accept sponsors by default, in a real browser (headless Chromium):
a sponsor likes their card, they are emailed a link to their page of sponsors, sign in, reach
that page with the keyboard, like the sponsor back, and see the sponsor's contact once the
sponsorship starts. Pages are checked on a phone and a desktop (screenshots in
test-artifacts/screenshots).

The journey runs in the browser process (browser_support.py).
"""
import uuid

from binome.api_client import Api, ApiError
from browser_support import (check_page, links_emailed, new_page, reload_until, sign_in_by_email,
                             wait_for)

SPONSOR_PHONE = "+33 6 98 76 54 32"


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _tab_to(page, selector, most=60):
    """Press Tab until the focus is on `selector`, as someone without a mouse would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def journey_like_back(browser, base_url, maildir):
    api = Api(base_url, maildir=maildir)
    seeker_email, sponsor_email = _email("shy"), _email("sponsor")
    seeker = api.register({
        "first_name": "Maëlys", "last_name": "Kerbrat", "email": seeker_email,
        "roles": ["job_seeker"], "location": "93100", "languages": ["en"], "locale": "en",
        "target_occupation": "M1805", "own_words": "Former nurse, learning to code."})
    sponsor = api.register({
        "first_name": "Bérénice", "last_name": "Aldebert", "email": sponsor_email,
        "phone": SPONSOR_PHONE, "roles": ["sponsor"], "location": "75011", "languages": ["en"],
        "own_words": "Twenty years in software; I open my network to people who start out.",
        "sponsor": {"capacity": 2, "occupations": ["M1805"], "radius_km": 30}})

    as_sponsor = api.as_person(sponsor)

    def liked():
        try:
            return as_sponsor.post(f"/api/people/{seeker['id']}/swipe", {"decision": "like"})
        except ApiError as error:
            if error.status == 404:
                return None   # matching has not heard of both of them yet
            raise
    assert wait_for("the sponsor's like", liked)["sponsorship"] is None   # not mutual yet

    as_seeker = api.as_person(seeker)
    waiting = as_seeker.get("/api/me/interested-sponsors?page_size=5")
    assert (waiting["page"], waiting["page_size"], waiting["total"]) == (1, 5, 1)
    assert [(s["id"], s["display_name"]) for s in waiting["items"]] == [
        (sponsor["id"], "Bérénice A.")]
    assert sponsor_email not in repr(waiting) and "Aldebert" not in repr(waiting)

    (link,) = wait_for("the email telling the seeker",
                       lambda: links_emailed(maildir, seeker_email, "/sponsors",
                                             "would like to sponsor you|aimerait vous parrainer"))
    assert link == f"{base_url}/sponsors"

    page = new_page(browser, base_url)
    sign_in_by_email(page, maildir, seeker_email)
    # From the top of the page to the navigation's link, with the keyboard only.
    page.locator("body").focus()
    _tab_to(page, "header details.menu > summary")   # on a phone the header's menu holds it
    page.keyboard.press("Enter")
    _tab_to(page, "a#sponsors-link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sponsors")
    card = page.locator(f"li[data-sponsor='{sponsor['id']}']")
    assert card.locator("h3").inner_text() == "Bérénice A."
    shown = card.inner_text()
    assert "Software development" in shown and "up to 30 km from home" in shown
    assert "I open my network" in shown
    assert sponsor_email not in page.content() and SPONSOR_PHONE not in page.content()
    check_page(page, "seeker-sponsors")

    _tab_to(page, f"li[data-sponsor='{sponsor['id']}'] form[action$='/like'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sponsors?done=sponsorship_started")
    assert "It's mutual!" in page.locator(".notice").inner_text()
    assert page.locator(f"ul.interested-sponsors li[data-sponsor='{sponsor['id']}']").count() == 0
    reload_until(page, "the sponsor's contact, revealed",
                 lambda p: sponsor_email in p.locator("ul.my-sponsors").inner_text())
    assert SPONSOR_PHONE in page.locator("ul.my-sponsors").inner_text()
    check_page(page, "seeker-sponsors-mutual")
    assert as_seeker.get("/api/me/interested-sponsors")["total"] == 0
    # The sponsor sees it from their side too.
    (started,) = as_sponsor.items("/api/me/sponsorships")
    assert started["seeker_id"] == seeker["id"]


def test_a_shy_seeker_likes_a_sponsor_back_with_the_keyboard_and_sees_their_contact(embedded,
                                                                                    browser):
    api, data = embedded
    browser.run(journey_like_back, api.base_url, data / "maildir")
