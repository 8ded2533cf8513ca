"""Privacy through the API: nothing reaches another person before both consent; export gathers
everything every service holds; erasure leaves no trace in any service's database."""
import json
import textwrap
import uuid

import requests
from icalendar import Calendar

from binome.api_client import ApiError
from binome.maildir_check import invites_for
from document_samples import pdf_with
from services.gateway.pages_base import page_routes_of
from services.gateway.routing import _PATH_PARAM, routes_of
from services.gateway.service import GatewayService
from shared.config import DATABASE_SERVICES
from support import traces, wait_until


def register(api, first, last, **more):
    tag = uuid.uuid4().hex[:6]
    person = api.register({
        "first_name": first, "last_name": last, "email": f"{last.lower()}.{tag}@example.org",
        # A number nobody else in the test run has, so that a scan for it finds only this person.
        "phone": "+33 6 " + " ".join(textwrap.wrap(str(uuid.uuid4().int)[:8], 2)),
        "locale": "fr", "availability_preset": "coffee", **more})
    return person, api.as_person(person)


def unique(word):
    # Names no other test's person has, so that a scan for them finds only this person.
    return word + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:5])


# A language only this pair speaks: the hard rule on languages keeps every other test's people
# out of their round, so they are matched with each other whatever else the market holds.
_private_languages = (f"x{letter}" for letter in "abcdefghijklmnopqrstuvwxyz")


def matched_pair(api, operator):
    """A donor and a seeker, matched for a coffee, accepted and booked."""
    skill, language = f"rare-{uuid.uuid4().hex[:6]}", next(_private_languages)
    donor, as_donor = register(api, unique("Zéphyrine"), unique("Quatremare"), languages=[language],
                               roles=["time_donor"], location="75011", occupation="M1805",
                               skills=[skill], own_words="Ask me anything about code.")
    seeker, as_seeker = register(api, unique("Anatole"), unique("Vermandois"), languages=[language],
                                 roles=["job_seeker"], location="93100", occupation="D1301",
                                 target_occupation="M1805", skills=[skill])
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    match = wait_until("the proposal", proposed)[0]
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    meeting = wait_until("the meeting proposal", lambda: [
        m for m in as_seeker.items("/api/me/meetings") if m["status"] == "proposed"])[0]
    as_seeker.post(f"/api/meetings/{meeting['meeting_id']}/confirm",
                   {"start": meeting["slots"][0]["start"]})
    wait_until("the donor's confirmation", lambda: [
        n for n in as_donor.items("/api/me/inbox") if n["event"] == "meeting_confirmed"])
    return (donor, as_donor), (seeker, as_seeker), match, meeting


def contact_fields(person):
    return [person["email"], person["phone"], person["last_name"]]


def get_routes():
    """Every GET route of the gateway, the JSON API's and the pages', read from the registries the
    routes are declared in, so that a new one cannot escape the walk below."""
    api_routes = [route for route in routes_of(GatewayService) if "GET" in route.method.split(",")]
    pages = [route for route in page_routes_of(GatewayService) if route.method == "GET"]
    # An empty registry would make the walk pass having looked at nothing (as it once did).
    assert len(api_routes) >= 25 and len(pages) >= 18, (len(api_routes), len(pages))
    return api_routes, pages


# What fills the parameters that name no one (a choice, a file, an unknown API path).
FILLERS = {"role": "job_seeker", "link_token": "not-a-link", "unknown": "no/such/route",
           "token": "not-a-link"}
QUERIES = {"/api/occupations": "q=75011", "/api/places": "q=75011",
           "/api/places/suggestions": "q=750"}


def _url(route, other, match, meeting):
    ids = {"person_id": other["id"], "match_id": match["match_id"],
           "meeting_id": meeting["meeting_id"], "request_id": match["request_id"], **FILLERS}

    def fill(found):
        if found[1] not in ids:
            raise AssertionError(f"the walk does not know how to fill {route.url}")
        return ids[found[1]]
    url = _PATH_PARAM.sub(fill, route.url)
    query = [QUERIES[route.url]] if route.url in QUERIES else []
    if getattr(route, "paged", False):
        query.append(f"page_size={route.max_page_size}")   # the longest page
    return url + ("?" + "&".join(query) if query else "")


def walk(api, other, match, meeting):
    """GET every route as `api`'s person (every JSON route by bearer token, every page by the
    session cookie, as a browser), about `other` (and their match and meeting) where a route
    names one: {"GET url": what it answered}."""
    api_routes, pages = get_routes()
    browser = requests.Session()
    browser.cookies.set("binome_session", api.http.headers["Authorization"].split()[1])
    answers = {}
    for routes, session in ((api_routes, api.http), (pages, browser)):
        for route in routes:
            url = _url(route, other, match, meeting)
            response = session.get(api.base_url + url, timeout=15)
            # A refusal is an answer too, and must not leak either; none may be a server error.
            assert response.status_code in (200, 403, 404), (url, response.status_code,
                                                             response.text[:300])
            answers[f"GET {url}"] = response.text
    assert len(answers) == len(api_routes) + len(pages)
    return answers


def test_no_endpoint_shows_a_contact_detail_before_both_consent(embedded, operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), match, meeting = matched_pair(api, operator)

    for viewer, other in ((as_seeker, donor), (as_donor, seeker)):
        for route, answer in walk(viewer, other, match, meeting).items():
            for secret in contact_fields(other):
                assert secret not in answer, f"{route} shows {secret} before consent"
    assert as_seeker.get(f"/api/people/{donor['id']}")["card"]["display_name"] == \
        f"{donor['first_name']} {donor['last_name'][0]}."

    state = as_seeker.post(f"/api/people/{donor['id']}/consent")
    assert state == {"mine": True, "theirs": False, "mutual": False}
    assert as_seeker.get(f"/api/people/{donor['id']}")["contact"] is None

    state = as_donor.post(f"/api/people/{seeker['id']}/consent")
    assert state["mutual"] is True
    contact = as_seeker.get(f"/api/people/{donor['id']}")["contact"]
    assert (contact["email"], contact["phone"]) == (donor["email"], donor["phone"])
    wait_until("both to be told they can reach each other", lambda: [
        n for n in as_seeker.items("/api/me/inbox") if n["event"] == "contact_revealed"])

    as_donor.delete(f"/api/people/{seeker['id']}/consent")
    assert as_seeker.get(f"/api/people/{donor['id']}")["contact"] is None


def test_a_block_hides_each_from_the_other_and_stops_what_is_in_flight(embedded, operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), _, _ = matched_pair(api, operator)
    as_seeker.post(f"/api/people/{donor['id']}/report", {"reason": "Did not behave."})
    for viewer, other in ((as_seeker, donor), (as_donor, seeker)):
        try:
            viewer.get(f"/api/people/{other['id']}")
            raise AssertionError("a blocked person is still visible")
        except ApiError as error:
            assert error.status == 404
    wait_until("the meeting to be called off", lambda: all(
        m["status"] == "cancelled" for m in as_seeker.items("/api/me/meetings")))


def scan(data_dir, needles):
    return traces([f"sqlite:///{data_dir}/{service}.sqlite" for service in DATABASE_SERVICES], needles)


def test_register_pledge_export_erase_leaves_no_trace(embedded, operator):
    api, data = embedded
    (donor, as_donor), (seeker, as_seeker), match, meeting = matched_pair(api, operator)
    as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 2})
    as_donor.post(f"/api/people/{seeker['id']}/consent")
    as_seeker.post(f"/api/people/{donor['id']}/consent")
    as_seeker.get(f"/api/people/{donor['id']}")  # a reveal, logged
    # A message each in their conversation: the seeker is told of the donor's, by name.
    written = unique("Parole")
    as_donor.post(f"/api/matches/{match['match_id']}/messages", {"body": f"{written}, à mardi."})
    as_seeker.post(f"/api/matches/{match['match_id']}/messages", {"body": "Merci, à mardi."})
    wait_until("the seeker to be told of the message", lambda: [
        n for n in as_seeker.items("/api/me/inbox") if n["event"] == "message_posted"])
    # A CV review the donor returns, which the seeker rates and thanks them for.
    as_seeker.post("/api/me/requests", {"kind": "cv_review"})

    def review_proposed():
        operator.post("/api/rounds", {"kind": "cv_review"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["kind"] == "cv_review" and m["status"] == "proposed"]
    review_match = wait_until("the review's proposal", review_proposed)[0]["match_id"]
    as_seeker.post(f"/api/matches/{review_match}/accept")
    reviewed, thanked = unique("Relecture"), unique("Gratitude")
    as_donor.post(f"/api/matches/{review_match}/review", {"comments": f"{reviewed} : clair."})
    as_seeker.post(f"/api/matches/{review_match}/review/rating",
                   {"rating": 5, "thanks": f"{thanked}, merci."})
    wait_until("the seeker to be told the review is back", lambda: [
        n for n in as_seeker.items("/api/me/inbox") if n["event"] == "help_given"])
    # A CV for a review names its author too: profiles keeps it in request_documents.
    send_cv(as_donor, donor)

    export = as_donor.get("/api/me/export")
    services = export["services"]
    assert set(services) == {"profiles", "matching", "scheduling", "notifications"}
    assert services["profiles"]["person"]["email"] == donor["email"]
    assert "token_hash" not in services["profiles"]["person"]
    assert {p["kind"] for p in services["profiles"]["pledges"]} == {"coffee", "cv_review"}
    assert services["profiles"]["reveals"], "the reveal of the donor's contact is in the export"
    assert {m["match_id"] for m in services["matching"]["matches"]} == {match["match_id"],
                                                                        review_match}
    assert [(r["comments"], r["thanks"]) for r in services["matching"]["reviews"]] == [
        (f"{reviewed} : clair.", f"{thanked}, merci.")]
    assert services["scheduling"]["meetings"][0]["meeting_id"] == meeting["meeting_id"]
    assert services["notifications"]["contact"]["email"] == donor["email"]
    assert any(n["event"] == "meeting_confirmed" for n in services["notifications"]["notifications"])
    assert any(m["event"] == "person_registered" for m in services["profiles"]["messages"]["sent"])
    assert any(m["event"] == "match_accepted" for m in services["scheduling"]["messages"]["received"])
    assert [(m["body"], m["mine"]) for m in services["matching"]["conversations"]] == [
        (f"{written}, à mardi.", True), ("Merci, à mardi.", False)]

    needles = [donor["email"], donor["phone"], donor["last_name"], donor["first_name"],
               f"{donor['first_name']} {donor['last_name']}", written, reviewed, thanked]
    assert scan(data, needles), "the scan must see the person before the erasure"
    seen = {(database.split(".")[0], table, needle)
            for database, table, needle in scan(data, needles)}
    assert {("matching", "match_messages", written), ("matching", "reviews", reviewed),
            ("matching", "reviews", thanked), ("profiles", "request_documents",
                                               donor["last_name"])} <= seen

    assert as_donor.delete("/api/me") == {"erased": True}
    try:
        wait_until("every service to forget the donor", lambda: not scan(data, needles), timeout=30)
    except TimeoutError:
        assert scan(data, needles) == []  # shows what is left, where

    try:
        as_donor.get("/api/me")
        raise AssertionError("the erased person's token still works")
    except ApiError as error:
        assert error.status == 401
    # The seeker keeps their history, without the donor's name, and their own message.
    assert any(n["event"] == "meeting_confirmed" for n in as_seeker.items("/api/me/inbox"))
    assert [m["body"] for m in as_seeker.items(f"/api/matches/{match['match_id']}/messages")] \
        == ["Merci, à mardi."]


def send_cv(as_person, person):
    """A CV review asked for, with a PDF that holds the person's name, email and phone."""
    request = as_person.post("/api/me/requests", {"kind": "cv_review"})
    cv = pdf_with(f"{person['first_name']} {person['last_name']}", person["email"],
                  person["phone"])
    as_person.upload(f"/api/requests/{request['id']}/document", "document", "cv.pdf", cv)


def byte_forms(word):
    """How a word can sit in a database file: as UTF-8 text, or JSON-escaped in a payload."""
    escaped = json.dumps(word)[1:-1]
    return {form.encode() for form in (word, escaped, word.lower(), escaped.lower())}


def raw_traces(data_dir, needles):
    """(file, needle) for every needle found in the raw bytes of any database file, its -wal or
    -shm: free pages and old log frames included, which no SELECT sees."""
    found = []
    for path in sorted(data_dir.glob("*.sqlite*")):
        content = path.read_bytes()
        found += [(path.name, needle) for needle in needles
                  if any(form in content for form in byte_forms(needle))]
    return found


def test_erasure_leaves_no_byte_of_the_person_in_any_database_file(embedded, operator):
    api, data = embedded
    (donor, as_donor), (seeker, as_seeker), match, meeting = matched_pair(api, operator)
    as_donor.post(f"/api/people/{seeker['id']}/consent")
    as_seeker.post(f"/api/people/{donor['id']}/consent")
    as_seeker.get(f"/api/people/{donor['id']}")
    send_cv(as_donor, donor)
    needles = [donor["email"], donor["phone"], donor["first_name"], donor["last_name"]]
    assert {name.split(".")[0] for name, _ in raw_traces(data, needles)} >= \
        set(DATABASE_SERVICES), "the files must hold the person before the erasure"

    assert as_donor.delete("/api/me") == {"erased": True}
    try:
        wait_until("every service to forget the donor", lambda: not scan(data, needles), timeout=30)
        wait_until("every file to lose the donor's bytes", lambda: not raw_traces(data, needles),
                   timeout=10)
    except TimeoutError:
        assert raw_traces(data, needles) == []  # shows what is left, in which file
    # The seeker was told that the meeting will not take place, and their calendar drops it.
    wait_until("the seeker's notice", lambda: [
        n for n in as_seeker.items("/api/me/inbox") if n["event"] == "meeting_cancelled"])
    (invite,) = wait_until("the seeker's cancelled invite", lambda: [
        calendar for calendar in invites_to(data / "maildir", seeker["email"])
        if str(calendar["method"]) == "CANCEL"])
    (event,) = invite.walk("VEVENT")
    assert str(event["uid"]) == f"{meeting['meeting_id']}@binome" and event["sequence"] == 1
    assert not [word for word in needles if word.lower() in invite.to_ical().decode().lower()]


def invites_to(maildir, address):
    """The iCalendar invites emailed to `address` in embedded mode's Maildir, parsed."""
    return [Calendar.from_ical(part.get_content()) for message in invites_for(maildir, address)
            for part in message.walk() if part.get_content_type() == "text/calendar"]
