"""What the turnaround tests share (test_silent_donor.py, test_another_donor.py): people who speak a
language of their own, so that no other test's people enter their rounds, and a proposal."""
import uuid

import requests

from binome.maildir_check import emails_to
from support import wait_until


def register(api, first, language, **more):
    person = api.register({
        "first_name": first, "last_name": "Delai" + uuid.uuid4().hex[:4],
        "languages": [language], "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "phone": "+33 6 12 34 56 78", "location": "75011", **more})
    return person, api.as_person(person)


def a_market(api, language, kind, locale="en", timezone="Europe/Paris"):
    """A seeker asking for `kind`, the donor a round prefers (works in the job the seeker aims
    for) and a second donor, each with one unit of it."""
    best, as_best = register(api, "Sidonie", language, roles=["time_donor"], occupation="M1805",
                             locale=locale)
    second, as_second = register(api, "Norbert", language, roles=["time_donor"],
                                 occupation="K2111", locale=locale)
    seeker, as_seeker = register(api, "Eulalie", language, roles=["job_seeker"],
                                 occupation="D1301", target_occupation="M1805", locale=locale,
                                 timezone=timezone)
    for as_donor in (as_best, as_second):
        as_donor.post("/api/me/pledges", {"kind": kind, "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": kind})
    return (best, as_best), (second, as_second), (seeker, as_seeker)


def proposal(operator, as_seeker, kind, donor):
    """The match the rounds propose to the seeker with this donor (rounds run until it comes)."""
    def proposed():
        operator.post("/api/rounds", {"kind": kind})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    return wait_until(f"a {kind} proposed with {donor['first_name']}", proposed, 60)[0]


def match_of(as_person, match_id):
    return next(m for m in as_person.items("/api/me/matches") if m["match_id"] == match_id)


def told(as_person, event):
    return [n for n in as_person.items("/api/me/inbox") if n["event"] == event]


def letters(maildir, address, subject, link):
    return [m for m in emails_to(maildir, address)
            if subject in m["Subject"] and link in m.get_body(("plain",)).get_content()]


def page(api, person, path, language="en"):
    """A page as the person's browser gets it (their session cookie, their language)."""
    browser = requests.Session()
    browser.cookies.set("binome_session", person["token"])
    browser.cookies.set("binome_lang", language)
    shown = browser.get(f"{api.base_url}{path}", timeout=15)
    assert shown.status_code == 200, shown.text[:500]
    return shown.text
