"""The Content-Security-Policy in force in a real browser (headless Chromium): no inline script
runs, even one injected into the page, and every role's pages work under it (the deck, the inbox,
the sign-up lookups) without a single violation. And a seeker's own words cannot break the deck
of the sponsors who see their card: `<!--<script>` once swallowed the rest of the page.

The journeys run in the browser process (browser_support.py).
"""
import uuid

from binome.api_client import Api
from browser_support import new_page, reload_until, sign_up, wait_for

HOSTILE_WORDS = "<!--<script>"
# Recorded in every page before its own scripts run (Playwright's init scripts are not subject to
# the page's policy): each violation the browser reports, and each script error.
_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""
# What a script smuggled into the page would try: under the policy it must not run.
_INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.appendChild(script);
  const img = document.createElement("img");
  img.setAttribute("onerror", "window.injected = true");
  img.src = "/no-such-image";
  document.body.appendChild(img);
  return new Promise(resolve => setTimeout(() => resolve(window.injected === true), 300));
}"""


_HOSTILE_IN_FIRST_CARDS = """words => {
  const data = JSON.parse(document.getElementById("deck-first").textContent);
  return (data.cards || []).some(card => card.own_words === words);
}"""


def _email(name):
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def _watched(browser, base_url, token=None):
    """A page that records CSP violations and script errors; signed in by `token` if given."""
    page = new_page(browser, base_url)
    page.add_init_script(_WATCH)
    if token:
        page.context.add_cookies([{"name": "binome_session", "value": token, "url": base_url}])
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return page


def _clean(page, where):
    violations = page.evaluate("window.__violations")
    assert not violations and not page.errors, f"{where}: {violations} {page.errors}"


def journey_a_hostile_card_in_the_deck(browser, base_url, maildir):
    api = Api(base_url, maildir=maildir)
    hostile = api.register({
        "first_name": "Mallory", "last_name": "Test", "email": _email("mallory"),
        "roles": ["job_seeker"], "location": "93100", "languages": ["en"],
        "target_occupation": "M1805", "accepts_sponsors": True, "own_words": HOSTILE_WORDS})
    api.register({"first_name": "Zélie", "last_name": "Test", "email": _email("zelie"),
                  "roles": ["job_seeker"], "location": "75020", "languages": ["en"],
                  "own_words": "</script><b>bold</b> & more"})

    sponsor = _watched(browser, base_url)
    # The sign-up page's lookups (a script file) suggest occupations as one types.
    sponsor.goto("/sign-up/sponsor")
    sponsor.locator("[name='occupation']").fill("dévelop")
    wait_for("occupations suggested", lambda: sponsor.locator("#f-occupation-suggestions [role=option]").count())
    sign_up(sponsor, "sponsor", {"first_name": "Bérénice", "last_name": "Aldebert",
                                 "email": _email("sponsor"), "location": "75011",
                                 "occupation": "M1805", "sponsor.capacity": "2",
                                 "sponsor.radius_km": "30"}, maildir)
    reload_until(sponsor, "Mallory's card in the page's first cards",
                 lambda p: p.evaluate(_HOSTILE_IN_FIRST_CARDS, HOSTILE_WORDS))
    # The deck's script ran and shows a card: the hostile words did not end its data early.
    assert sponsor.evaluate("typeof window.binomeDeck") == "object"
    card = sponsor.locator("#card")
    sponsor.locator("body").focus()
    for _ in range(10):
        if card.locator(".card-name").inner_text() == "Mallory T.":
            break
        sponsor.keyboard.press("ArrowLeft")
    assert card.locator(".card-name").inner_text() == "Mallory T."
    assert HOSTILE_WORDS in card.inner_text()       # shown as the words she typed
    assert sponsor.locator("#card script").count() == 0
    sponsor.keyboard.press("ArrowRight")           # a like: Mallory accepts sponsors
    wait_for("the like to be sent", lambda: sponsor.evaluate("window.binomeDeck.sent") >= 1)
    assert sponsor.locator("#like").is_visible()   # the rest of the page is still the page
    _clean(sponsor, "the sponsor's deck")
    return hostile["token"]


def test_a_seekers_own_words_cannot_break_a_sponsors_deck(embedded, browser):
    api, data = embedded
    browser.run(journey_a_hostile_card_in_the_deck, api.base_url, data / "maildir")


def journey_every_role_under_the_policy(browser, base_url, maildir, operator_token):
    api = Api(base_url, maildir=maildir)
    people = {
        "seeker": api.register({
            "first_name": "Ninon", "last_name": "Test", "email": _email("ninon"),
            "roles": ["job_seeker"], "location": "93100", "languages": ["en"]}),
        "donor": api.register({
            "first_name": "Didier", "last_name": "Test", "email": _email("didier"),
            "roles": ["time_donor"], "location": "75011", "occupation": "M1805"}),
        "mentor": api.register({
            "first_name": "Maud", "last_name": "Test", "email": _email("maud"),
            "roles": ["mentor"], "location": "75011", "occupation": "M1805",
            "mentor": {"from_occupation": "D1301", "to_occupation": "M1805", "moved_in": 2019}}),
        "sponsor": api.register({
            "first_name": "Sacha", "last_name": "Test", "email": _email("sacha"),
            "roles": ["sponsor"], "location": "75011", "sponsor": {"capacity": 1}}),
    }
    tokens = {role: person["token"] for role, person in people.items()}
    tokens["operator"] = operator_token
    pages = {
        None: ["/", "/sign-up", "/sign-up/job_seeker", "/sign-in", "/api/docs"],
        "seeker": ["/seeker", "/sponsors", "/inbox", "/account", "/preferences"],
        "donor": ["/donor", "/inbox"],
        "mentor": ["/mentor"],
        "sponsor": ["/sponsor", "/sponsor/sponsored"],
        "operator": ["/operator", "/operator/impact", "/operator/parked"],
    }
    visited = []
    for role, paths in pages.items():
        page = _watched(browser, base_url, tokens.get(role))
        for path in paths:
            answer = page.goto(path)
            assert answer.status == 200 and page.url == base_url + path, (role, path, page.url)
            assert "default-src 'self'" in answer.headers["content-security-policy"]
            assert page.evaluate(_INJECT) is False, f"an injected script ran on {path}"
            violations = page.evaluate("window.__violations")
            assert violations and all(v.startswith("script-src") for v in violations), \
                (path, violations)   # the browser refused it for the policy, and nothing else
            page.errors = [e for e in page.errors if "inline" not in e]
            page.evaluate("window.__violations = []")
            visited.append(path)
        _clean(page, role or "a visitor")

    # The inbox's script marks a notification read when it is opened (a fetch to the API).
    inbox = _watched(browser, base_url, tokens["seeker"])
    reload_until(inbox, "the welcome in the inbox",
                 lambda p: p.goto("/inbox") and p.locator("li.unread details").count())
    unread = inbox.locator("li.unread").count()
    inbox.locator("li.unread details summary").first.click()
    wait_for("the notification to be marked read",
             lambda: inbox.locator("li.unread").count() == unread - 1)
    _clean(inbox, "the inbox")
    return visited


def test_no_inline_script_runs_and_every_roles_pages_work_under_the_policy(
        embedded, operator, browser):
    api, data = embedded
    token = operator.http.headers["Authorization"].split()[1]
    visited = browser.run(journey_every_role_under_the_policy, api.base_url, data / "maildir",
                          token)
    assert len(visited) >= 18
