"""Words as a person reads them, in a real browser, in French and in English, on a phone and a
desktop: a sponsor's deck names occupations and languages in the page's language (it showed
English labels on the French deck); the preferences page says a refused field in the reader's
language, beside the field; counts take their language's plural."""
import re
import uuid

from binome.api_client import Api
from browser_support import DESKTOP, PHONE, check_page, new_page, reload_until, sign_up


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def journey_french_deck(browser, base_url, maildir):
    api = Api(base_url, maildir=maildir)
    api.register({"first_name": "Léandre", "last_name": "Test", "email": _email("seeker"),
                  "roles": ["job_seeker"], "location": "93100", "languages": ["fr", "en"],
                  "target_occupation": "M1805", "accepts_sponsors": True})
    for locale, viewport, target, speaks in (
            ("fr-FR", PHONE, "Études et développement informatique", "français, anglais"),
            ("en-GB", DESKTOP, "Software development", "French, English")):
        sponsor = new_page(browser, base_url, locale=locale, viewport=viewport)
        sign_up(sponsor, "sponsor", {"first_name": "Apolline", "last_name": "Test",
                                     "email": _email("sponsor"), "location": "75011",
                                     "occupation": "M1805", "sponsor.capacity": "2",
                                     "sponsor.radius_km": "30"}, maildir)
        card = sponsor.locator("#card")
        reload_until(sponsor, "Léandre's card", lambda p: p.locator("#card .card-name").count())
        for _ in range(30):   # other tests' seekers may come first: pass them
            if card.locator(".card-name").inner_text() == "Léandre T.":
                break
            sponsor.keyboard.press("ArrowLeft")
        assert card.locator(".card-name").inner_text() == "Léandre T."
        facts = card.locator("dl.facts").inner_text()
        assert target in facts, facts
        assert speaks in facts, facts
        check_page(sponsor, f"deck-words-{locale}")


def test_the_deck_names_occupations_and_languages_in_the_pages_language(embedded, browser):
    api, data = embedded
    browser.run(journey_french_deck, api.base_url, data / "maildir")


def journey_preferences_refused(browser, base_url, maildir):
    for locale, viewport, start, end, save, expected in (
            ("fr-FR", PHONE, "De", "À", "Enregistrer", "Attendu : une heure comme 12:30."),
            ("en-GB", DESKTOP, "From", "To", "Save", "Expected a time such as 12:30.")):
        page = new_page(browser, base_url, locale=locale, viewport=viewport)
        sign_up(page, "time_donor", {"first_name": "Firmin", "last_name": "Test",
                                     "email": _email("donor"), "location": "75011",
                                     "occupation": "M1805"}, maildir)
        page.goto("/preferences")
        page.get_by_label(start, exact=True).fill("22:00")   # quiet hours with no end
        page.get_by_role("button", name=save).first.click()
        page.locator("[aria-invalid='true']").first.wait_for()   # the page the refusal answers
        end_field = page.get_by_label(end, exact=True)
        assert end_field.get_attribute("aria-invalid") == "true"
        described = end_field.get_attribute("aria-describedby") or ""
        said = " ".join(page.locator(f"#{one}").inner_text() for one in described.split()
                        if page.locator(f"#{one}").count())
        assert expected in said, said
        check_page(page, f"preferences-refused-{locale}")
        # Counts take their language's plural, never "(s)".
        page.goto("/inbox")
        summary = page.locator("#inbox-summary").inner_text()
        assert "(s)" not in summary
        assert re.match(r"^\d+ messages?, (dont )?\d+ (non lus?|unread)\.$", summary), summary


def test_the_preferences_page_says_a_refused_time_in_the_readers_language(embedded, browser):
    api, data = embedded
    browser.run(journey_preferences_refused, api.base_url, data / "maildir")
