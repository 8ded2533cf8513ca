"""The reconverting worker's journey, in a real browser (headless Chromium), from sign-up to the
last step: a lunchtime mentor who made the same move, a lunch slot picked, the invite downloaded,
and a sign-in by emailed link. Each page is checked on a 360-px phone and a desktop as it goes
(screenshots in test-artifacts/screenshots); one step is taken with the keyboard alone.

The body runs in the browser process (browser_support.py): `journey_reconverting_worker`. The
module has its own embedded system, so its round pairs none of test_browser_journeys.py's people.
"""
import re
import uuid

from binome.api_client import Api
from browser_support import (check_page, new_page, reload_until, sign_in_by_email, sign_up,
                             wait_for)

# The move both made: cooking to software development (ROME codes), named in English on the page.
FROM, TO = "G1602", "M1805"
SHARED_MOVE = "you both moved from Cooking to Software development"
# A slot's label on the page: "Wednesday 25 November, 12:00–13:00 (Paris Time)", on the reader's
# clock (shared/formatting.span).
SLOT = re.compile(r"^\w+ \d{1,2} \w+(?: \d{4})?, (?P<start>\d{2}:\d{2})\s*–\s*(?P<end>\d{2}:\d{2}) "
                  r"\(.+\)$")


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _items(answer):
    """A list route's items (lists answer in pages)."""
    return answer["items"] if isinstance(answer, dict) else answer


def journey_reconverting_worker(browser, base_url, maildir, operator_token):
    api, rounds = Api(base_url, maildir=maildir), Api(base_url, token=operator_token)
    mentor = api.register({
        "first_name": "Anatole", "last_name": "Test", "email": _email("mover"),
        "roles": ["mentor"], "location": "75011", "languages": ["en"], "occupation": TO,
        "mentor": {"from_occupation": FROM, "to_occupation": TO, "moved_in": 2018,
                   "max_mentees": 2},
        "availability_preset": "lunch"})

    worker_email = _email("worker")
    worker = new_page(browser, base_url)
    worker.goto("/sign-up")
    worker.get_by_role("link", name="Reconverting worker").click()
    check_page(worker, "sign-up-reconverting-worker")
    sign_up(worker, "reconverting_worker", {
        "first_name": "Bastien", "last_name": "Lefort", "email": worker_email,
        "location": "75010", "occupation": FROM, "target_occupation": TO,
        "skills": "python", "availability_preset": "lunch"}, maildir)
    assert worker.url.endswith("/seeker?done=welcome"), worker.url

    # Asking, with the keyboard alone from the note: Tab reaches the button, Enter sends.
    worker.get_by_label("What do you need?").select_option("lunch_mentoring")
    note = worker.get_by_label(re.compile("A word for the other person"))
    note.fill("From the kitchen to code: how did you do it?")
    check_page(worker, "reconversion-request-form")
    note.press("Tab")
    assert worker.evaluate("document.activeElement.textContent.trim()") == "Send my request"
    worker.keyboard.press("Enter")
    worker.wait_for_url("**/seeker?done=requested")
    assert "Mentoring lunch · open" in worker.locator("li.request").first.inner_text()
    check_page(worker, "reconversion-request")

    # Profile events reach matching on their own time: rounds are idempotent, so run until done.
    def proposed(page):
        rounds.post("/api/rounds", {"kind": "lunch_mentoring"})
        page.reload()
        return page.locator("li.match[data-status=proposed]").count() == 1
    wait_for("a mentor proposed on the worker's page", lambda: proposed(worker), interval=0.3)
    match = worker.locator("li.match").first
    assert "Mentoring lunch · Anatole T." in match.inner_text()
    # Why: the move they share, in the reader's language.
    assert SHARED_MOVE in match.locator(".reasons").inner_text()
    check_page(worker, "reconversion-match-proposed")
    match.get_by_role("link", name="How it was scored").click()
    assert worker.locator("table.terms tbody tr").count() >= 2
    assert SHARED_MOVE in worker.locator("main").inner_text()
    check_page(worker, "reconversion-match-explanation")
    worker.go_back()
    worker.locator("li.match").first.get_by_role("button", name="Accept").click()
    assert worker.url.endswith("/seeker?done=accepted")

    # Lunch slots, on the worker's clock: each one inside 12:00-14:00.
    reload_until(worker, "lunch slots to pick", lambda p: p.locator(
        "[data-meeting][data-status=proposed] input[type=radio]").count() > 0)
    check_page(worker, "reconversion-pick-slot")
    meeting = worker.locator("[data-meeting][data-status=proposed]")
    labels = meeting.locator("input[type=radio] + label").all_inner_texts()
    for label in labels:
        slot = SLOT.match(label.strip())
        assert slot and "12:00" <= slot["start"] < slot["end"] <= "14:00", \
            f"not a lunch slot: {label}"
    chosen = meeting.locator("input[type=radio]").nth(len(labels) - 1)
    chosen.check()
    picked = labels[-1].strip()
    worker.get_by_role("button", name="Book this time").click()
    assert worker.url.endswith("/seeker?done=booked")
    reload_until(worker, "the booking", lambda p: p.locator(
        "[data-meeting][data-status=confirmed]").count() == 1)
    booked = worker.locator("[data-meeting][data-status=confirmed] time").inner_text()
    assert booked == picked, (booked, picked)   # the same words, now as the booking
    check_page(worker, "reconversion-booked")
    with worker.expect_download() as download:
        worker.get_by_role("link", name="Download the invite (.ics)").click()
    invite = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in invite and "METHOD:REQUEST" in invite
    assert re.search(r"^DTSTART[;:]\S+", invite, re.MULTILINE), invite

    # The mentor sees the mentee (checked through the API: the mentor's page is another journey).
    as_mentor = api.as_person(mentor)
    assert wait_for("the mentor's confirmed lunch", lambda: [
        m for m in _items(as_mentor.get("/api/me/meetings")) if m["status"] == "confirmed"])

    # Signing in again, on another device, by the emailed link: the booked lunch is there.
    again = new_page(browser, base_url)
    sign_in_by_email(again, maildir, worker_email)
    assert again.url.endswith("/seeker"), again.url
    assert again.locator("[data-meeting][data-status=confirmed]").count() == 1
    check_page(again, "reconversion-signed-in-again")


def test_a_reconverting_worker_finds_a_lunch_mentor_who_made_the_move_and_books_a_lunch(
        embedded, operator, browser):
    api, data = embedded
    token = operator.http.headers["Authorization"].split()[1]
    browser.run(journey_reconverting_worker, api.base_url, data / "maildir", token)
