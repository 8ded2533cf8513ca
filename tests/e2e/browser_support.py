"""Browser tests' helpers: one headless Chromium (Debian's, /usr/bin/chromium) for the whole test
session, driven by Playwright, and checks every page gets (screenshots at 360 px and on a desktop,
no horizontal scroll on a phone, an accessible name for every control).

Playwright's sync API does not run in a process that eventlet has monkey-patched, and the test
process must be patched for the embedded system. So the browser lives in a child process started
once per session (`python browser_support.py`): the test sends it "run this function of this
module with these arguments" as a JSON line, the child runs it with the browser and answers the
function's JSON-able result (or the traceback) as a line. The functions (the journeys) live beside
their tests and are written in plain Playwright.
"""
import importlib
import json
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

from binome.api_client import wait_for
from binome.maildir_check import emails

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


# --- in the test process ------------------------------------------------------------------------

class BrowserProcess:
    """The child process that holds the browser; `run(function, *args)` runs a journey there."""

    def __init__(self):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "tests" / "e2e"), str(ROOT / "tests"), str(ROOT)])}
        self.child = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=env, cwd=str(ROOT), text=True)
        ready = self.child.stdout.readline()
        if json.loads(ready or "{}").get("ready") is not True:
            raise RuntimeError(f"the browser did not start: {ready!r}")

    def run(self, function, *args):
        self.child.stdin.write(json.dumps({"module": function.__module__,
                                           "function": function.__name__,
                                           "args": [str(a) if isinstance(a, Path) else a
                                                    for a in args]}) + "\n")
        self.child.stdin.flush()
        line = self.child.stdout.readline()
        if not line:
            raise RuntimeError("the browser process ended")
        answer = json.loads(line)
        if not answer["ok"]:
            raise AssertionError("in the browser:\n" + answer["error"])
        return answer["value"]

    def close(self):
        self.child.stdin.close()
        try:
            self.child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()


# --- in the browser process: helpers for journeys -----------------------------------------------

def open_menu(page):
    """Open the header's menu where it is folded (a phone), as a person taps "Menu"."""
    summary = page.locator("header details.menu > summary")
    if summary.count() and summary.is_visible() and not page.locator(
            "header details.menu").evaluate("d => d.open"):
        summary.click()


def new_page(browser, base_url, locale="en-GB", viewport=PHONE):
    """A fresh browser context (no cookies) on Binôme, in a phone's viewport."""
    context = browser.new_context(base_url=base_url, locale=locale, viewport=viewport,
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


# Every form control needs an accessible name: a label, aria-label(ledby) or a title; a button
# its text. Returns a description of each control that has none.
_UNNAMED_CONTROLS = """() => {
  const named = (el) => {
    if (el.getAttribute('aria-label') || el.getAttribute('title')) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some(id => (document.getElementById(id) || {}).textContent)) return true;
    if (el.labels && Array.from(el.labels).some(l => l.textContent.trim())) return true;
    if (el.tagName === 'BUTTON') return el.textContent.trim().length > 0;
    return false;
  };
  return Array.from(document.querySelectorAll('input, select, textarea, button'))
    .filter(el => el.type !== 'hidden' && !named(el))
    .map(el => el.outerHTML.slice(0, 120));
}"""


def check_page(page, name):
    """Screenshots at 360 px and on a desktop (test-artifacts/screenshots), and the page's checks:
    no horizontal scroll on a phone, every control named, a language and a skip link."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px of horizontal scroll at 360 px"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-360.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(viewport)
    unnamed = page.evaluate(_UNNAMED_CONTROLS)
    assert not unnamed, f"{name}: controls without an accessible name: {unnamed}"
    assert page.get_attribute("html", "lang") in ("fr", "en"), f"{name}: no lang attribute"
    assert page.locator("a.skip-link[href='#main']").count() == 1, f"{name}: no skip link"


def sign_up(page, role, person, maildir):
    """Sign up through the role's form, then follow the link emailed to the address (read from
    the Maildir) as its owner does; `person` maps field names to what is typed."""
    before = sign_in_links(maildir, person["email"])
    page.goto(f"/sign-up/{role}")
    for name, value in person.items():
        field = page.locator(f"[name='{name}']")
        if isinstance(value, bool):
            field.set_checked(value)
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(str(value))
    page.get_by_role("button", name=re.compile("Create my account|Créer mon compte")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/sign-up/sent"), \
        f"sign-up as {role} refused: {page.locator('.field-error').all_inner_texts()}"
    check_page(page, "sign-up-sent")
    link = wait_for(f"the confirmation link emailed to {person['email']}",
                    lambda: sign_in_links(maildir, person["email"]) - before)
    page.goto(link.pop())
    page.get_by_role("button", name=re.compile("^(Sign in|Me connecter)$")).click()
    page.wait_for_load_state()
    assert page.locator(".notice").count() == 1, f"not welcomed at {page.url}"


def sign_in_links(maildir, email):
    """Every sign-in link emailed to `email` so far (embedded mode writes emails to a Maildir)."""
    if not Path(maildir).exists():
        return set()
    links = set()
    for message in emails(maildir):
        if email in (message["To"] or ""):
            part = message.get_body(("plain", "html"))
            links.update(re.findall(r"https?://[^\s\"'<>]+/sign-in/[A-Za-z0-9_\-]+",
                                    part.get_content() if part else ""))
    return links


def sign_in_by_email(page, maildir, email):
    """Ask for a link on the sign-in page, open the new one from the Maildir, press the button."""
    before = sign_in_links(maildir, email)
    page.goto("/sign-in")
    page.get_by_label(re.compile("Email address|Adresse e-mail")).fill(email)
    page.get_by_role("button", name=re.compile("Email me a link|Recevoir le lien")).click()
    page.wait_for_url("**/sign-in/sent")
    link = wait_for(f"a sign-in link emailed to {email}",
                    lambda: sign_in_links(maildir, email) - before)
    page.goto(link.pop())
    check_page(page, "sign-in-link")
    page.get_by_role("button", name=re.compile("^(Sign in|Me connecter)$")).click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"still on {page.url}"


def reload_until(page, what, check, timeout=30.0):
    """Reload the page until `check(page)` holds: services tell each other by events."""
    def again():
        page.reload()
        return check(page)
    return check(page) or wait_for(what, again, timeout, interval=0.3)


# --- the browser process ------------------------------------------------------------------------

def serve():
    from playwright.sync_api import sync_playwright

    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout = sys.stderr   # the journeys' prints must not garble the replies
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        replies.write(json.dumps({"ready": True}) + "\n")
        replies.flush()
        for line in sys.stdin:
            command = json.loads(line)
            try:
                function = getattr(importlib.import_module(command["module"]),
                                   command["function"])
                answer = {"ok": True, "value": function(browser, *command["args"])}
            except BaseException:
                answer = {"ok": False, "error": traceback.format_exc()}
            for context in browser.contexts:   # each journey starts with no cookies
                context.close()
            replies.write(json.dumps(answer, default=str) + "\n")
            replies.flush()
        browser.close()


if __name__ == "__main__":
    serve()


def links_emailed(maildir, address, path, subject=None):
    """The links to `path` (any host) in the plain text of the emails sent to `address`; only
    those of emails whose subject matches `subject` (a pattern) when given, since every email
    links to the page where its reader acts, and several lead to a match's page."""
    if not Path(maildir).exists():
        return []
    found = []
    for message in emails(maildir):
        if subject is not None and not re.search(subject, str(message["Subject"])):
            continue
        if address in (message["To"] or ""):
            text = message.get_body(("plain",)).get_content()
            found += re.findall(r"https?://[^\s\"'<>]+" + re.escape(path) + r"\b", text)
    return found
