"""One journey per role, in a real browser (headless Chromium), from sign-up to the last step, on
one embedded system: each role's pages are checked on a 360-px phone and a desktop as it goes
(screenshots in test-artifacts/screenshots), and each person also signs in by emailed link.

Each test's body runs in the browser process (browser_support.py): the `journey_*` functions.
They use kinds of help no other test here uses, so one test's round pairs none of another's people.
"""
import json
import re
import uuid
from pathlib import Path

from binome.api_client import Api
from browser_support import (check_page, new_page, reload_until, sign_in_by_email, sign_up,
                             wait_for)


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _items(answer):
    """A list route's items (lists answer in pages)."""
    return answer["items"] if isinstance(answer, dict) else answer


def _run_round(operator_url, token, kind):
    return Api(operator_url, token=token).post("/api/rounds", {"kind": kind})


# --- a time donor and a job seeker ---------------------------------------------------------------

def journey_donor_and_seeker(browser, base_url, maildir, operator_token):
    donor_email, seeker_email = _email("donor"), _email("seeker")
    donor = new_page(browser, base_url)
    donor.goto("/")
    check_page(donor, "landing")
    donor.locator("header").get_by_role("link", name="Sign up").click()
    check_page(donor, "sign-up-roles")
    donor.get_by_role("link", name="Time donor").click()
    check_page(donor, "sign-up-time-donor")
    # Occupations are suggested as one types (GET /api/occupations), places named by postal code.
    donor.get_by_label("Your occupation").press_sequentially("Software")
    wait_for("occupations suggested", lambda: donor.locator("#f-occupation-suggestions [role=option]").count())
    donor.get_by_label("Postal code or city").fill("75011")
    donor.get_by_label("Postal code or city").press("Tab")
    wait_for("the place named", lambda: donor.locator("#place-found").inner_text())
    sign_up(donor, "time_donor", {"first_name": "Claire", "last_name": "Martin",
                                  "email": donor_email, "location": "75011",
                                  "occupation": "M1805", "skills": "javascript, interviews",
                                  "availability_preset": "coffee"}, maildir)
    assert donor.url.endswith("/donor?done=welcome")
    donor.get_by_label("Kind of help").select_option("coffee")
    donor.get_by_label("How many units").fill("2")
    donor.get_by_label("Remotely").check()
    check_page(donor, "donor-pledge-form")
    donor.get_by_role("button", name="Pledge", exact=True).click()
    pledge = donor.locator("li.pledge").first
    assert "Coffee" in pledge.inner_text() and "Units given: 0 of 2" in pledge.inner_text()

    seeker = new_page(browser, base_url)
    sign_up(seeker, "job_seeker", {"first_name": "Karim", "last_name": "Benali",
                                   "email": seeker_email, "location": "93100",
                                   "occupation": "D1301", "target_occupation": "M1805",
                                   "skills": "javascript", "availability_preset": "coffee"}, maildir)
    seeker.get_by_label("What do you need?").select_option("coffee")
    seeker.get_by_label(re.compile("A word for the other person")).fill("I am changing careers.")
    seeker.get_by_role("button", name="Send my request").click()
    assert "Coffee · open" in seeker.locator("li.request").first.inner_text()
    check_page(seeker, "seeker-request")

    # Profile events reach matching on their own time: rounds are idempotent, so run until done.
    def proposed(page):
        _run_round(base_url, operator_token, "coffee")
        page.reload()
        return page.locator("li.match[data-status=proposed]").count() == 1
    wait_for("a proposal on the seeker's page", lambda: proposed(seeker), interval=0.3)
    match = seeker.locator("li.match").first
    assert "Claire M." in match.inner_text()
    # Why: in the reader's language (the page's), from the match's reasons.
    assert "works in Software development, the job you are aiming for" in match.inner_text()
    check_page(seeker, "seeker-match-proposed")
    match.get_by_role("link", name="How it was scored").click()
    assert seeker.locator("table.terms tbody tr").count() >= 2
    check_page(seeker, "match-explanation")
    seeker.go_back()
    seeker.locator("li.match").first.get_by_role("button", name="Accept").click()
    assert seeker.url.endswith("/seeker?done=accepted")

    reload_until(seeker, "times to pick", lambda p: p.locator(
        "[data-meeting][data-status=proposed] input[type=radio]").count() > 0)
    check_page(seeker, "seeker-pick-slot")
    # Each time with its weekday and its zone, on the reader's clock: "Tuesday 8 December,
    # 17:30–18:00 (Paris Time)", never an ISO date.
    label = seeker.locator("[data-meeting] label").first.inner_text()
    assert re.fullmatch(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+( \d{4})?, "
                        r"\d\d:\d\d\s*–\s*\d\d:\d\d \(Paris Time\)", label), label
    slots = seeker.locator("[data-meeting] input[type=radio]")
    slots.nth(slots.count() - 1).check()
    seeker.get_by_role("button", name="Book this time").click()
    assert seeker.url.endswith("/seeker?done=booked")
    reload_until(seeker, "the booking", lambda p: p.locator(
        "[data-meeting][data-status=confirmed]").count() == 1)
    with seeker.expect_download() as download:
        seeker.get_by_role("link", name="Download the invite (.ics)").click()
    invite = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in invite and "METHOD:REQUEST" in invite

    # The donor sees the unit in progress (given once they have met) and what it achieved.
    reload_until(donor, "the unit in progress", lambda p: p.locator(
        "li.pledge").first.locator("[data-unit-state=in_progress]").count() == 1)
    assert "Units given: 0 of 2" in donor.locator("li.pledge").first.inner_text()
    assert "1 person helped" in donor.locator("li.pledge").first.inner_text()
    check_page(donor, "donor-pledges")

    # Signing in again, on another device, by the emailed link.
    again = new_page(browser, base_url)
    sign_in_by_email(again, maildir, donor_email)
    assert again.url.endswith("/donor")
    badge = again.locator("#unread-count")
    assert int(badge.inner_text()) >= 1
    again.get_by_role("link", name=re.compile("^Inbox")).click()
    check_page(again, "inbox")
    unread = again.locator("li.unread").count()
    again.locator("li.unread summary").first.click()   # opening one marks it read
    wait_for("the count to drop", lambda: int(badge.inner_text()) == unread - 1)
    again.goto("/preferences")
    check_page(again, "preferences")
    again.get_by_label("Reminders").select_option("off")
    again.get_by_role("button", name="Save").first.click()
    assert again.get_by_label("Reminders").input_value() == "off"
    again.get_by_label("Remote only").check()
    again.get_by_role("button", name="Save").nth(1).click()
    assert again.get_by_label("Remote only").is_checked()
    again.goto("/account")
    check_page(again, "account")
    with again.expect_download() as download:
        again.get_by_role("link", name="Download (JSON)").click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert set(exported["services"]) == {"profiles", "matching", "scheduling", "notifications"}
    session = next(c["value"] for c in again.context.cookies() if c["name"] == "binome_session")
    again.locator("header summary").click()   # on a phone, the header's menu holds it
    again.get_by_role("button", name="Sign out").click()
    assert again.locator(".notice").inner_text() == "You are signed out."
    again.goto("/donor")
    assert again.url.endswith("/sign-in?next=%2Fdonor")   # and back there once signed in
    assert Api(base_url, token=session).http.get(f"{base_url}/api/me").status_code == 401

    # The seeker too, on another device: the booked meeting is there.
    elsewhere = new_page(browser, base_url)
    sign_in_by_email(elsewhere, maildir, seeker_email)
    assert elsewhere.url.endswith("/seeker")
    assert elsewhere.locator("[data-meeting][data-status=confirmed]").count() == 1


def test_a_donor_pledges_and_a_seeker_is_matched_books_a_slot_and_gets_the_invite(
        embedded, operator, browser):
    api, data = embedded
    token = operator.http.headers["Authorization"].split()[1]
    browser.run(journey_donor_and_seeker, api.base_url, data / "maildir", token)


# --- a mentor ------------------------------------------------------------------------------------

def journey_mentor(browser, base_url, maildir, operator_token):
    mentor_email = _email("mentor")
    mentor = new_page(browser, base_url)
    sign_up(mentor, "mentor", {"first_name": "Séverine", "last_name": "Roux",
                               "email": mentor_email, "location": "75011", "occupation": "M1805",
                               "mentor.from_occupation": "D1301",
                               "mentor.to_occupation": "M1805", "mentor.moved_in": "2019",
                               "availability_preset": "lunch"}, maildir)
    assert mentor.url.endswith("/mentor?done=welcome")
    # The lunch preset ticks 12:00-14:00 on weekdays; she gives up Monday and adds 11:30 on Friday.
    for cell in ("Monday 12:00–12:30", "Monday 12:30–13:00", "Monday 13:00–13:30",
                 "Monday 13:30–14:00"):
        assert mentor.get_by_label(cell).is_checked()
        mentor.get_by_label(cell).uncheck()
    mentor.get_by_label("Friday 11:30–12:00").focus()
    mentor.keyboard.press("Space")
    check_page(mentor, "mentor-grid")
    mentor.get_by_role("button", name="Save my availability").click()
    assert mentor.url.endswith("/mentor?done=saved")
    assert not mentor.get_by_label("Monday 12:00–12:30").is_checked()
    assert mentor.get_by_label("Friday 11:30–12:00").is_checked()
    assert mentor.get_by_label("Tuesday 13:30–14:00").is_checked()

    # A reconverting worker who makes the same move asks for a lunch, and accepts.
    api = Api(base_url, maildir=maildir)
    worker = api.register({
        "first_name": "Hippolyte", "last_name": "Test", "email": _email("worker"),
        "roles": ["reconverting_worker"], "location": "93100", "languages": ["en"],
        "occupation": "D1301", "target_occupation": "M1805", "availability_preset": "lunch"})
    as_worker = api.as_person(worker)
    as_worker.post("/api/me/requests", {"kind": "lunch_mentoring"})

    def proposal():
        _run_round(base_url, operator_token, "lunch_mentoring")
        return [m for m in _items(as_worker.get("/api/me/matches")) if m["status"] == "proposed"]
    match = wait_for("a mentor proposal", proposal, interval=0.3)[0]
    as_worker.post(f"/api/matches/{match['match_id']}/accept")

    again = new_page(browser, base_url)
    sign_in_by_email(again, maildir, mentor_email)
    assert again.url.endswith("/mentor")
    reload_until(again, "the mentee", lambda p: "Hippolyte T." in p.locator("ul.mentees").inner_text())
    assert "accepted" in again.locator("li.mentee").first.inner_text()
    check_page(again, "mentor-mentees")


def test_a_mentor_sets_lunch_availability_on_the_grid_and_sees_a_mentee(embedded, operator, browser):
    api, data = embedded
    token = operator.http.headers["Authorization"].split()[1]
    browser.run(journey_mentor, api.base_url, data / "maildir", token)


# --- a sponsor -----------------------------------------------------------------------------------

def _drag_left(page, card):
    """Drag the card well to the left, as a finger or a mouse would: a pass."""
    swipes = page.evaluate("window.binomeDeck.swipes")
    box = card.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] - 150, box["y"] + 20, steps=5)
    page.mouse.up()
    assert page.evaluate("window.binomeDeck.swipes") == swipes + 1
    return True


def journey_sponsor(browser, base_url, maildir):
    api = Api(base_url, maildir=maildir)
    for decoy in ("Zélie", "Yvon"):
        api.register({"first_name": decoy, "last_name": "Test", "email": _email("decoy"),
                                 "roles": ["job_seeker"], "location": "75020",
                                 "languages": ["en"]})
    keen_email = _email("keen")
    keen = api.register({
        "first_name": "Octave", "last_name": "Bellegarde", "email": keen_email,
        "phone": "+33 6 10 20 30 40", "roles": ["job_seeker"], "location": "93100",
        "languages": ["en"], "target_occupation": "M1805", "accepts_sponsors": True,
        "own_words": "Self-taught developer, looking for a first job."})
    sponsor_email = _email("sponsor")
    sponsor = new_page(browser, base_url)
    sign_up(sponsor, "sponsor", {"first_name": "Bérénice", "last_name": "Aldebert",
                                 "email": sponsor_email, "location": "75011",
                                 "occupation": "M1805", "sponsor.capacity": "2",
                                 "sponsor.radius_km": "30"}, maildir)
    assert sponsor.url.endswith("/sponsor?done=welcome")
    reload_until(sponsor, "cards in the deck", lambda p: p.locator("#card .card-name").count())
    check_page(sponsor, "sponsor-deck")
    card = sponsor.locator("#card")
    card.locator("summary").click()     # why this card
    assert card.locator(".reasons li").count() >= 1
    # Pass with the keyboard (left arrow), or by dragging the card to the left once, until
    # Octave's card: other seekers (the decoys, other tests') may come first.
    sponsor.locator("body").focus()
    dragged = False
    for _ in range(30):
        if card.locator(".card-name").inner_text() == "Octave B.":
            break
        if dragged:
            sponsor.keyboard.press("ArrowLeft")
        else:
            dragged = _drag_left(sponsor, card)
    assert card.locator(".card-name").inner_text() == "Octave B."
    assert keen_email not in sponsor.content()       # no contact before the yes is mutual
    sponsor.keyboard.press("ArrowRight")
    if not dragged:   # Octave came first: drag a decoy's card away instead
        wait_for("the next card", lambda: card.locator(".card-name").inner_text() != "Octave B.")
        dragged = _drag_left(sponsor, card)
    # Octave accepts sponsors: one yes is mutual.
    sponsor.locator("#mutual-link").click()
    assert sponsor.url.endswith("/sponsor/sponsored")
    reload_until(sponsor, "the contact revealed", lambda p: keen_email in p.locator(
        "ul.sponsored").inner_text())
    assert "+33 6 10 20 30 40" in sponsor.locator("ul.sponsored").inner_text()
    check_page(sponsor, "sponsor-sponsored")

    again = new_page(browser, base_url)
    sign_in_by_email(again, maildir, sponsor_email)
    assert again.url.endswith("/sponsor")
    return keen["id"]


def test_a_sponsor_swipes_with_the_keyboard_and_a_mutual_yes_reveals_the_contact(embedded, browser):
    api, data = embedded
    browser.run(journey_sponsor, api.base_url, data / "maildir")


# --- an operator ---------------------------------------------------------------------------------

def _park_a_message(matching_database):
    """A message matching gave up on, as its inbox keeps it (written from this process, which
    SQLite lets the running services wait for)."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from shared.database import make_engine
    from shared.messaging.tables import INBOX, PARKED

    message_id, now = str(uuid.uuid4()), datetime.now(timezone.utc)
    engine = make_engine(f"sqlite:///{matching_database}")
    with engine.begin() as connection:
        connection.execute(insert(INBOX).values(
            message_id=message_id, event="pledge_closed", status=PARKED, attempts=5,
            payload={"pledge_id": str(uuid.uuid4()), "person_id": str(uuid.uuid4()),
                     "status": "withdrawn"},
            next_attempt_at=now, last_error="RuntimeError: boom for the test", received_at=now))
    engine.dispose()
    return message_id


def journey_operator(browser, base_url, maildir, operator_email):
    api = Api(base_url, maildir=maildir)
    donor = api.as_person(api.register({
        "first_name": "Denise", "last_name": "Test", "email": _email("cvdonor"),
        "roles": ["time_donor"], "languages": ["en"], "occupation": "M1805"}))
    donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 1})
    seeker = api.as_person(api.register({
        "first_name": "Samuel", "last_name": "Test", "email": _email("cvseeker"),
        "roles": ["job_seeker"], "languages": ["en"], "target_occupation": "M1805"}))
    seeker.post("/api/me/requests", {"kind": "cv_review"})

    page = new_page(browser, base_url, viewport={"width": 1280, "height": 900})
    sign_in_by_email(page, maildir, operator_email)
    page.get_by_role("link", name="Operations").click()
    check_page(page, "operator")

    def round_matched():
        page.get_by_label("Kind of help").select_option("cv_review")
        page.get_by_role("button", name="Run", exact=True).click()
        row = page.locator("tr.round[data-kind=cv_review]").first
        return row.count() and int(row.locator("td").nth(4).inner_text()) >= 1
    wait_for("a round that pairs the two", round_matched, interval=0.3)
    assert "The matching round ran." in page.locator(".notice").inner_text()

    parked = _park_a_message(Path(maildir).parent / "matching.sqlite")
    page.get_by_role("link", name="Parked messages").click()
    assert page.locator("h2").count() == 4
    check_page(page, "operator-parked")
    row = page.locator("tr", has=page.locator(f"input[value='{parked}']"))
    assert "boom for the test" in row.inner_text()
    page.get_by_role("button", name="Replay the selection").first.click()
    assert page.locator(".notice").inner_text() == "The chosen messages are back in line."
    assert page.locator(f"input[value='{parked}']").count() == 0
    page.goto("/operator/impact")
    check_page(page, "operator-impact")
    for chart in ("pledges", "time-to-match", "time-to-proposal", "meetings", "ratings"):
        figure = page.locator(f"#chart-{chart}")
        assert figure.locator("svg[role=img]").count() == 1
        assert figure.locator("table tbody tr").count() >= 1     # the chart's text alternative
    cv = page.locator("#chart-pledges-table tr", has_text="CV review")
    assert int(cv.locator("td").first.inner_text()) >= 1


def test_an_operator_runs_a_round_and_sees_the_report_and_the_dashboard(embedded, operator, browser):
    api, data = embedded
    email = operator.get("/api/me")["email"]
    browser.run(journey_operator, api.base_url, data / "maildir", email)


# --- both languages, and errors where they belong --------------------------------------------------

def journey_languages_and_errors(browser, base_url):
    page = new_page(browser, base_url, locale="fr-FR")
    page.goto("/")
    assert page.get_attribute("html", "lang") == "fr"
    # The first Tab reaches the skip link, which takes the focus past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_role("button", name="Switch to English").click()
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/sign-up/job_seeker")                    # remembered from page to page
    assert page.get_attribute("html", "lang") == "en"
    page.get_by_label("First name").fill("Zoé")
    page.get_by_label("Last name").fill("Test")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Create my account").click()
    email = page.get_by_label("Email address")
    assert email.get_attribute("aria-invalid") == "true"
    assert page.locator("#email-error").inner_text() == "Not a valid email address."
    assert email.input_value() == "not an address"       # what was typed stays
    check_page(page, "sign-up-error")
    page.get_by_role("button", name="Passer en français").click()
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Inscription : Personne en recherche d'emploi"
    page.get_by_label("Prénom").fill("Zoé")
    page.get_by_label("Nom", exact=True).fill("Test")
    page.get_by_label("Adresse e-mail").fill("pas une adresse")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.locator("#email-error").inner_text() == "Ce n'est pas une adresse e-mail valide."


def test_pages_follow_the_browser_language_switch_and_show_errors_by_their_field(embedded, browser):
    api, _ = embedded
    browser.run(journey_languages_and_errors, api.base_url)


# --- my data: a change from another site is refused; deleting asks first -------------------------

def journey_account_deletion(browser, base_url, maildir):
    import requests

    page = new_page(browser, base_url)
    sign_up(page, "job_seeker", {"first_name": "Éloi", "last_name": "Test",
                                 "email": _email("leaving"), "location": "75020"}, maildir)
    # The session cookie rides along with any site's form: only our own pages may change data.
    cookie = next(c for c in page.context.cookies() if c["name"] == "binome_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    foreign = requests.post(f"{base_url}/seeker/requests", data={"kind": "coffee"},
                            cookies={"binome_session": cookie["value"]},
                            headers={"Origin": "https://elsewhere.example"},
                            allow_redirects=False, timeout=10)
    assert foreign.status_code == 403
    page.reload()
    assert page.locator("li.request").count() == 0

    page.goto("/account")
    page.get_by_role("button", name="Delete for good").click()
    assert page.locator("#confirm-error").inner_text() == "Tick the box to confirm."
    assert page.get_by_label("I confirm I want to delete my account").get_attribute(
        "aria-invalid") == "true"
    page.get_by_label("I confirm I want to delete my account").check()
    page.get_by_role("button", name="Delete for good").click()
    assert page.locator(".notice").inner_text() == "Your account and your data are erased."
    assert page.locator("header").get_by_role("link", name="Sign in").count() == 1
    assert not [c for c in page.context.cookies() if c["name"] == "binome_session"]
    gone = requests.get(f"{base_url}/api/me", cookies={"binome_session": cookie["value"]},
                        timeout=10)
    assert gone.status_code == 401


def test_a_change_from_another_site_is_refused_and_deleting_the_account_asks_first(
        embedded, browser):
    api, data = embedded
    browser.run(journey_account_deletion, api.base_url, data / "maildir")
