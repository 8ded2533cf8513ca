"""Privacy through the API: nothing reaches another person before both consent; export gathers
everything every service holds; erasure leaves no trace in any service's database."""
import json
import textwrap
import uuid

from binome.api_client import ApiError
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
    """Every GET route of the gateway, so that a new one cannot escape the walk below."""
    return sorted({entrypoint.url for entrypoint in _http_entrypoints() if entrypoint.method == "GET"})


def _http_entrypoints():
    for member in vars(GatewayService).values():
        yield from getattr(member, "nameko_entrypoints", ())


def walk(api, other, match, meeting):
    """GET every route as `api`'s person, about `other` (and their match and meeting) where a
    route names one."""
    answers = {}
    for route in get_routes():
        path = (route.replace("<person_id>", other["id"]).replace("<match_id>", match["match_id"])
                .replace("<meeting_id>", meeting["meeting_id"]))
        if "<" in path:
            raise AssertionError(f"the walk does not know how to fill {route}")
        if route in ("/api/occupations", "/api/places"):
            path += "?q=75011"
        try:
            # A file (the invite) is read as text, everything else as JSON.
            answers[route] = api.download(path)[1] if route.endswith(".ics") else \
                json.dumps(api.get(path))
        except ApiError as refused:  # a refusal is an answer too, and must not leak either
            assert refused.status in (403, 404), (route, refused)
            answers[route] = json.dumps(refused.payload)
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

    export = as_donor.get("/api/me/export")
    services = export["services"]
    assert set(services) == {"profiles", "matching", "scheduling", "notifications"}
    assert services["profiles"]["person"]["email"] == donor["email"]
    assert "token_hash" not in services["profiles"]["person"]
    assert {p["kind"] for p in services["profiles"]["pledges"]} == {"coffee", "cv_review"}
    assert services["profiles"]["reveals"], "the reveal of the donor's contact is in the export"
    assert [m["match_id"] for m in services["matching"]["matches"]] == [match["match_id"]]
    assert services["scheduling"]["meetings"][0]["meeting_id"] == meeting["meeting_id"]
    assert services["notifications"]["contact"]["email"] == donor["email"]
    assert any(n["event"] == "meeting_confirmed" for n in services["notifications"]["notifications"])
    assert any(m["event"] == "person_registered" for m in services["profiles"]["messages"]["sent"])
    assert any(m["event"] == "match_accepted" for m in services["scheduling"]["messages"]["received"])

    needles = [donor["email"], donor["phone"], donor["last_name"], donor["first_name"],
               f"{donor['first_name']} {donor['last_name']}"]
    assert scan(data, needles), "the scan must see the person before the erasure"

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
    # The seeker keeps their history, without the donor's name.
    assert any(n["event"] == "meeting_confirmed" for n in as_seeker.items("/api/me/inbox"))
