"""axe-core (Deque's accessibility rules, shipped by axe-playwright-python) over every page of the
site, with no violation of any impact: each GET page route of the gateway's registry, with real
ids from a small journey (people of every role register, pledge, ask, are matched, accept, book a
coffee, sponsor, get help and are asked three months on), as a visitor and as each role, in French
and English, on a phone and on a desktop. The site's error page is checked too.

The routes come from page_routes_of(GatewayService), so a new page is walked without a word here,
and a page whose URL names something this walk has no example of fails, saying which: add an
example to the examples a_small_market returns (one list of values per path parameter).
"""
import itertools
import re
import time
import uuid

from browser_support import DESKTOP, sign_in_links
from services.gateway.pages_base import page_routes_of
from services.gateway.service import GatewayService
from shared.contracts.kinds import ROLES
from support import wait_until

# The three-month question is asked at once once the help is given (its link is a page).
EMBEDDED_CONFIG = {"OUTCOME_AFTER_DAYS": 0}
PHONE = {"width": 390, "height": 844}
LANGUAGE = "xa"   # only this test's people speak it: no other test's people in its rounds
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


def _register(api, first, roles, **more):
    person = api.register({
        "first_name": first, "last_name": "Axe", "roles": roles, "languages": [LANGUAGE],
        "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org", "phone": "+33 6 12 34 56 78",
        "availability_preset": "coffee", "location": "75011", **more})
    return person, api.as_person(person)


def _matched(operator, kind, asker, donor_id):
    def proposed():
        operator.post("/api/rounds", {"kind": kind})
        return [m for m in asker.items("/api/me/matches")
                if m["donor_id"] == donor_id and m["kind"] == kind]
    return wait_until(f"a {kind} proposal", proposed)[0]["match_id"]


def a_small_market(api, data, operator):
    """People of every role, each with something on their pages; answers (visitors, examples)."""
    donor, as_donor = _register(api, "Dana", ["time_donor"], occupation="M1805")
    seeker, as_seeker = _register(api, "Samir", ["job_seeker"], occupation="D1301",
                                  target_occupation="M1805", accepts_sponsors=True,
                                  skills=["python", "sql"])
    mentor, _ = _register(api, "Mona", ["mentor"], occupation="M1805",
                          availability_preset="lunch",
                          mentor={"from_occupation": "D1301", "to_occupation": "M1805",
                                  "moved_in": 2019, "max_mentees": 2})
    worker, as_worker = _register(api, "Remi", ["reconverting_worker"], occupation="D1301",
                                  target_occupation="M1805", availability_preset="lunch")
    sponsor, as_sponsor = _register(api, "Sophie", ["sponsor"], sponsor={"capacity": 2})

    for kind in ("coffee", "cv_review", "network_intro"):
        as_donor.post("/api/me/pledges", {"kind": kind, "quantity": 2})
        as_seeker.post("/api/me/requests", {"kind": kind})
    as_worker.post("/api/me/requests", {"kind": "lunch_mentoring"})
    matches = [_matched(operator, kind, as_seeker, donor["id"])
               for kind in ("coffee", "cv_review", "network_intro")]
    matches.append(_matched(operator, "lunch_mentoring", as_worker, mentor["id"]))
    for match_id in matches[:3]:
        as_seeker.post(f"/api/matches/{match_id}/accept")
    as_worker.post(f"/api/matches/{matches[3]}/accept")
    # The coffee booked: the seeker picks the first time proposed.
    meeting = wait_until("coffee slots", lambda: [
        m for m in as_seeker.items("/api/me/meetings") if m["status"] == "proposed"])[0]
    as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                   {"start": meeting["slots"][0]["start"]})
    as_seeker.post(f"/api/matches/{matches[0]}/messages", {"body": "Merci, à jeudi !"})
    # The introduction made: three months on (at once here), the seeker is asked by email.
    as_seeker.post(f"/api/matches/{matches[2]}/help-given")
    outcome_link = wait_until("the question three months on", lambda: [
        found for found in _links(data / "maildir", seeker["email"], r"/outcomes/[A-Za-z0-9_-]+")],
        timeout=60)[0]
    # The sponsor adopts the seeker, who said yes in advance.
    wait_until("the seeker in the sponsor's deck", lambda: any(
        card["id"] == seeker["id"] for card in as_sponsor.items("/api/me/feed")))
    as_sponsor.post(f"/api/people/{seeker['id']}/swipe", {"decision": "like"})
    # A sign-in link not yet used (its page has a button; opening it uses nothing).
    before = sign_in_links(data / "maildir", donor["email"])
    api.post("/api/sign-in", {"email": donor["email"]})
    link = wait_until("a sign-in link", lambda: sign_in_links(
        data / "maildir", donor["email"]) - before).pop()

    visitors = {"visitor": None, "time_donor": donor["token"], "job_seeker": seeker["token"],
                "reconverting_worker": worker["token"], "mentor": mentor["token"],
                "sponsor": sponsor["token"],
                "operator": operator.http.headers["Authorization"].split()[1]}
    examples = {
        "role": list(ROLES),
        "match_id": matches,
        "meeting_id": [meeting["meeting_id"]],
        "person_id": [donor["id"]],
        "link_token": [link.rsplit("/", 1)[1], "no-such-link"],
        "token": [outcome_link.rsplit("/", 1)[1], "no-such-question"],
    }
    return visitors, examples


def _links(maildir, address, path_pattern):
    from binome.maildir_check import emails_to
    from pathlib import Path
    if not Path(maildir).exists():
        return []
    return [found for message in emails_to(maildir, address)
            for found in re.findall(r"https?://[^\s\"'<>?]+" + path_pattern,
                                    message.get_body(("plain",)).get_content())]


def urls_of(route, examples):
    """The route's URLs, one per combination of its parameters' examples."""
    missing = [name for name in route.path_params if name not in examples]
    assert not missing, (
        f"the page {route.method} {route.url} takes {missing}, which this walk has no example "
        f"of: add real values to the examples that a_small_market returns in tests/e2e/test_browser_axe.py")
    for chosen in itertools.product(*(examples[name] for name in route.path_params)):
        url = route.url
        for name, value in zip(route.path_params, chosen):
            url = url.replace(f"<{name}>", str(value))
        yield url


def walks(visitors, examples):
    """{visitor: [url, ...]}: pages for strangers by a visitor and by someone signed in (their
    header differs), the signed-in pages by every role, the operators' by an operator."""
    planned = {visitor: [] for visitor in visitors}
    for route in page_routes_of(GatewayService):
        if route.method != "GET":
            continue
        if route.operator:
            who = ["operator"]
        elif not route.signed_in:
            who = ["visitor", "job_seeker"]
        else:
            who = [v for v in visitors if v not in ("visitor", "operator")]
        for url in urls_of(route, examples):
            for visitor in who:
                planned[visitor].append(url)
    planned["visitor"].append("/no/such/page")
    planned["time_donor"].append("/no/such/page")
    return planned


# --- in the browser process ------------------------------------------------------------------

def journey_axe(browser, base_url, token, language, urls):
    """axe-core's violations on each page, on a phone then on a desktop, as
    ["url (viewport): rule (impact) on target, ..."]."""
    from axe_playwright_python.sync_playwright import Axe

    script = Axe().axe_script   # axe-core as the package ships it, injected once per page load
    context = browser.new_context(base_url=base_url, locale=LOCALES[language], viewport=PHONE)
    context.set_default_timeout(15_000)
    cookies = [{"name": "binome_lang", "value": language, "url": base_url}]
    if token:
        cookies.append({"name": "binome_session", "value": token, "url": base_url})
    context.add_cookies(cookies)
    page = context.new_page()
    found, refusals_seen = [], set()
    for url in urls:
        page.set_viewport_size(PHONE)
        answer = page.goto(url)   # waits for the page's load event, its scripts run
        assert page.get_attribute("html", "lang") == language, f"{url} not in {language}"
        if answer.status >= 400:
            # Someone else's match, a closed question: the same error page, checked once.
            if answer.status in refusals_seen:
                continue
            refusals_seen.add(answer.status)
        page.evaluate(script)
        # The header's menu open, as a phone's reader opens it: its links are checked too.
        page.evaluate("document.querySelectorAll('details.menu').forEach(d => d.open = true)")
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            # Every rule axe-core runs by default, every impact (minor included).
            violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                                       ".then(results => results.violations)")
            for violation in violations:
                targets = ", ".join(" ".join(map(str, node["target"]))
                                    for node in violation["nodes"][:3])
                found.append(f"{url} ({name}, {language}): {violation['id']} "
                             f"({violation['impact']}) on {targets}: {violation['help']}")
    context.close()
    return found


# --- the test --------------------------------------------------------------------------------

def test_every_page_has_no_accessibility_violation(embedded, operator, browser):
    api, data = embedded
    started = time.monotonic()
    visitors, examples = a_small_market(api, data, operator)
    print(f"\nthe small market in {time.monotonic() - started:.0f} s")
    planned = walks(visitors, examples)
    walked = {url for urls in planned.values() for url in urls}
    gets = [route for route in page_routes_of(GatewayService) if route.method == "GET"]
    assert len(gets) >= 20 and len(walked) >= len(gets), "the registry was not walked"

    violations = []
    for visitor, urls in planned.items():
        for language in ("fr", "en"):
            started = time.monotonic()
            violations += [f"[{visitor}] {line}" for line in browser.run(
                journey_axe, api.base_url, visitors[visitor], language, sorted(set(urls)))]
            print(f"{visitor} in {language}: {len(set(urls))} pages in "
                  f"{time.monotonic() - started:.0f} s")
    assert violations == [], "\n".join(violations)


def test_a_page_the_walk_has_no_example_for_fails_by_name():
    from services.gateway.pages_base import PageRoute
    route = PageRoute("GET", "/gifts/<gift_id>", "page_gift", True, False)
    try:
        list(urls_of(route, {"match_id": ["m"]}))
    except AssertionError as refused:
        assert "gift_id" in str(refused) and "examples" in str(refused)
    else:
        raise AssertionError("an unmapped parameter was walked")
