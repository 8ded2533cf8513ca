"""An email's link leads to the page where the person acts, through sign-in when they are signed
out, in a real browser (headless Chromium): a round proposes a CV review; the seeker (French, on a
phone) and the donor (English, on a desktop), each signed out, follow the link of the email that
told them, are asked to sign in, ask for a link, and the emailed sign-in link brings them back to
the proposal's page. Screenshots in test-artifacts/screenshots (email-sign-in-*, email-match-*).
"""
import re
from pathlib import Path

import pytest

from binome.maildir_check import emails
from browser_support import DESKTOP, PHONE, check_page, links_emailed, new_page, wait_for
from turnaround_setup import a_market, proposal

# The sign-in link and the page it leads back to.
SIGN_IN_LINK = re.compile(r"https?://[^\s\"'<>]+/sign-in/[A-Za-z0-9_\-]+\?next=[^\s\"'<>]+")
WORDS = {"fr": {"email": "Adresse e-mail", "send": "Recevoir le lien", "sign_in": "Me connecter",
                "browser": "fr-FR"},
         "en": {"email": "Email address", "send": "Email me a link", "sign_in": "Sign in",
                "browser": "en-GB"}}


def sign_in_links_back(maildir, address):
    found = set()
    for message in emails(maildir) if Path(maildir).exists() else []:
        if address in (message["To"] or ""):
            found.update(SIGN_IN_LINK.findall(message.get_body(("plain",)).get_content()))
    return found


def journey_from_the_email_to_the_match(browser, base_url, maildir, address, match_path, locale,
                                        on_phone):
    words = WORDS[locale]
    (link,) = wait_for("the email telling of the proposal",
                       lambda: links_emailed(maildir, address, match_path))
    page = new_page(browser, base_url, locale=words["browser"],
                    viewport=PHONE if on_phone else DESKTOP)
    page.goto(link)
    # Signed out: the sign-in page, which knows where to come back to.
    assert "/sign-in?next=" in page.url, page.url
    check_page(page, f"email-sign-in-{locale}")
    before = sign_in_links_back(maildir, address)
    page.get_by_label(words["email"]).fill(address)
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url("**/sign-in/sent")
    (back,) = wait_for("a sign-in link that leads back",
                       lambda: sign_in_links_back(maildir, address) - before)
    assert back.endswith("?next=" + match_path.replace("/", "%2F"))
    page.goto(back)
    page.get_by_role("button", name=re.compile(f"^{words['sign_in']}$")).click()
    page.wait_for_url(f"**{match_path}")
    assert page.locator("h1").count() == 1
    check_page(page, f"email-match-{locale}")
    return page.url


@pytest.mark.parametrize("locale, language, who, on_phone", [
    ("fr", "xq", "seeker", True), ("en", "xr", "donor", False)])
def test_the_emailed_link_brings_a_signed_out_person_through_sign_in_to_the_proposal(
        embedded, operator, browser, locale, language, who, on_phone):
    api, data = embedded
    (donor, _), _, (seeker, as_seeker) = a_market(api, language, "cv_review", locale=locale)
    match = proposal(operator, as_seeker, "cv_review", donor)
    person = {"seeker": seeker, "donor": donor}[who]
    match_path = f"/matches/{match['match_id']}"
    landed = browser.run(journey_from_the_email_to_the_match, api.base_url, data / "maildir",
                         person["email"], match_path, locale, on_phone)
    assert landed.endswith(match_path)
