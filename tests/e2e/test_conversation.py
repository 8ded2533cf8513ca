"""A match's private conversation through the HTTP API: the two people of an accepted coffee
write to each other, each message is emailed to the other with a link to the match page; nobody
else sees or writes it; a block closes it; an erasure removes the erased person's messages."""
import uuid

import pytest
import requests

from binome.api_client import ApiError
from binome.maildir_check import emails_to
from support import wait_until


def register(api, first, language, **more):
    person = api.register({
        "first_name": first, "last_name": "Talk" + uuid.uuid4().hex[:4],
        "languages": [language], "email": f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.org",
        "phone": "+33 6 12 34 56 78", "availability_preset": "coffee", "location": "75011",
        **more})
    return person, api.as_person(person)


def accepted_coffee(api, operator, language, locale="fr"):
    donor, as_donor = register(api, "Donatien", language, roles=["time_donor"],
                               occupation="M1805", locale=locale)
    seeker, as_seeker = register(api, "Séraphine", language, roles=["job_seeker"],
                                 occupation="D1301", target_occupation="M1805", locale="en")
    as_donor.post("/api/me/pledges", {"kind": "coffee", "quantity": 1, "remote": False,
                                      "radius_km": 10})
    as_seeker.post("/api/me/requests", {"kind": "coffee"})

    def proposed():
        operator.post("/api/rounds", {"kind": "coffee"})
        return [m for m in as_seeker.items("/api/me/matches")
                if m["donor_id"] == donor["id"] and m["status"] == "proposed"]
    match = wait_until("a proposal", proposed)[0]
    return (donor, as_donor), (seeker, as_seeker), match


WROTE = "wrote to you|vous a écrit"


def refused(call):
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def letters_linking(maildir, address, link, subject=""):
    """The emails to `address` linking to `link` whose subject holds one of the `subject` words
    ("a|b"): every email links to its page, and several lead to a match's."""
    return [message for message in emails_to(maildir, address)
            if link in message.get_body(("plain",)).get_content()
            and any(words in message["Subject"] for words in subject.split("|"))]


def test_two_people_converse_on_an_accepted_coffee_and_nobody_else_can(embedded, operator):
    api, data = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted_coffee(api, operator, "xt")
    messages = f"/api/matches/{match['match_id']}/messages"

    # A proposal is not an agreement to talk.
    assert refused(lambda: as_donor.post(messages, {"body": "Hello?"})).status == 404
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")

    first = as_seeker.post(messages, {"body": "Hello!\nThank you for accepting."})
    assert first["mine"] and first["body"] == "Hello!\nThank you for accepting."
    as_donor.post(messages, {"body": "Avec plaisir. Mardi ?"})
    page = as_donor.get(messages)
    assert (page["total"], page["page"], page["last_page"], page["open"]) == (2, 1, 1, True)
    assert [(m["body"], m["mine"]) for m in page["items"]] == [
        ("Hello!\nThank you for accepting.", False), ("Avec plaisir. Mardi ?", True)]
    assert as_seeker.get(messages + "?page=2&page_size=1")["items"][0]["body"] == \
        "Avec plaisir. Mardi ?"

    # Each is told of the other's message, in their own language, with the link to the match.
    link = f"/matches/{match['match_id']}"
    (to_donor,) = wait_until("the donor's email", lambda: letters_linking(
        data / "maildir", donor["email"], link, WROTE))
    (to_seeker,) = wait_until("the seeker's email", lambda: letters_linking(
        data / "maildir", seeker["email"], link, WROTE))
    assert "Séraphine" in to_donor["Subject"] and "vous a écrit" in to_donor["Subject"]
    assert "wrote to you" in to_seeker["Subject"]
    for letter, author in ((to_donor, seeker), (to_seeker, donor)):
        text = letter.get_body(("plain",)).get_content()
        for secret in (author["email"], author["phone"], author["last_name"], "Mardi", "accepting"):
            assert secret not in text
    assert [n for n in as_donor.items("/api/me/inbox") if n["event"] == "message_posted"]

    # Bad bodies are refused, naming the field; nothing is written.
    for body in ("", "   ", "x" * 4001, "bell\x07"):
        error = refused(lambda: as_donor.post(messages, {"body": body}))
        assert error.status == 400 and "body" in error.payload["error"]["fields"]
    assert refused(lambda: as_donor.post(messages, {})).status == 400
    assert as_donor.get(messages)["total"] == 2

    # Someone else learns nothing, not even that the conversation exists.
    _, as_stranger = register(api, "Intrus", "xs", roles=["job_seeker"])
    for attempt in (lambda: as_stranger.get(messages),
                    lambda: as_stranger.post(messages, {"body": "Hi"}),
                    lambda: as_stranger.get(f"/api/matches/{uuid.uuid4()}/messages")):
        assert refused(attempt).status == 404
    assert as_seeker.get(messages)["total"] == 2

    # The export of each holds the conversation.
    exported = as_seeker.get("/api/me/export")["services"]["matching"]["conversations"]
    assert [(m["body"], m["mine"]) for m in exported] == [
        ("Hello!\nThank you for accepting.", True), ("Avec plaisir. Mardi ?", False)]


def test_a_block_closes_the_conversation_for_both(embedded, operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted_coffee(api, operator, "xu")
    messages = f"/api/matches/{match['match_id']}/messages"
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    as_donor.post(messages, {"body": "Bonjour !"})

    as_seeker.post(f"/api/people/{donor['id']}/block")
    for person in (as_donor, as_seeker):
        closed = wait_until("the conversation to close", lambda: (
            lambda page: not page["open"] and page)(person.get(messages)))
        assert closed["closed_because"] == "blocked" and closed["total"] == 1
        error = refused(lambda: person.post(messages, {"body": "Still there?"}))
        assert error.status == 409 and "closed" in error.payload["error"]["message"]
    assert as_donor.get(messages)["total"] == 1

    # The match page says why, to both alike, and offers no form.
    for person in (donor, seeker):
        browser = requests.Session()
        browser.cookies.set("binome_session", person["token"])
        shown = browser.get(f"{api.base_url}/matches/{match['match_id']}", timeout=15)
        assert shown.status_code == 200 and "Cette conversation est close" in shown.text
        assert "a bloqué" in shown.text and "Bonjour !" in shown.text
        assert f"/matches/{match['match_id']}/messages" not in shown.text   # no form


def test_an_erasure_removes_the_erased_persons_messages(embedded, operator):
    api, _ = embedded
    (donor, as_donor), (seeker, as_seeker), match = accepted_coffee(api, operator, "xv")
    messages = f"/api/matches/{match['match_id']}/messages"
    as_seeker.post(f"/api/matches/{match['match_id']}/accept")
    as_donor.post(messages, {"body": "Je suis là."})
    as_seeker.post(messages, {"body": "Merci !"})

    assert as_donor.delete("/api/me") == {"erased": True}
    page = wait_until("the donor's messages to go", lambda: (
        lambda p: p["total"] == 1 and p)(as_seeker.get(messages)))
    assert [m["body"] for m in page["items"]] == ["Merci !"]
    assert not page["open"] and page["closed_because"] == "ended"


def test_a_sponsorship_started_by_a_mutual_yes_has_its_conversation_too(embedded):
    api, data = embedded
    sponsor, as_sponsor = register(api, "Parrain", "xq", roles=["sponsor"],
                                   sponsor={"capacity": 1, "occupations": [], "radius_km": 30})
    seeker, as_seeker = register(api, "Filleule", "xq", roles=["job_seeker"],
                                 target_occupation="M1805", accepts_sponsors=True)

    def liked():
        try:
            return as_sponsor.post(f"/api/people/{seeker['id']}/swipe", {"decision": "like"})
        except ApiError as error:
            if error.status == 404:
                return None   # matching has not heard of both yet
            raise
    started = wait_until("the sponsorship", liked)["sponsorship"]
    # No match was proposed: the sponsorship's id names its conversation.
    messages = f"/api/matches/{started['sponsorship_id']}/messages"
    as_sponsor.post(messages, {"body": "Ravi de vous accompagner."})
    as_seeker.post(messages, {"body": "Merci !"})
    assert [(m["body"], m["mine"]) for m in as_seeker.get(messages)["items"]] == [
        ("Ravi de vous accompagner.", False), ("Merci !", True)]
    wait_until("the seeker's email", lambda: letters_linking(
        data / "maildir", seeker["email"], f"/matches/{started['sponsorship_id']}", WROTE))

    browser = requests.Session()
    browser.cookies.set("binome_session", seeker["token"])
    shown = browser.get(f"{api.base_url}/matches/{started['sponsorship_id']}", timeout=15)
    assert shown.status_code == 200 and "Ravi de vous accompagner." in shown.text

    _, as_stranger = register(api, "Tiers", "xr", roles=["job_seeker"])
    assert refused(lambda: as_stranger.get(messages)).status == 404
    as_seeker.post(f"/api/people/{sponsor['id']}/block")
    closed = wait_until("the conversation to close", lambda: (
        lambda page: not page["open"] and page)(as_sponsor.get(messages)))
    assert closed["closed_because"] == "blocked"
