"""Registering proves the address, through the HTTP API of an embedded Binôme.

`POST /api/people` answers the same 202 whatever the address (new, pending or registered) and
hands out nothing: the account exists, and others can see or match it, only once the owner of the
address follows the link emailed to it. Changing the address proves the new one the same way.
Sign-in and registration take as long for a known address as for an unknown one.
"""
import json
import os
import statistics
import time
import uuid

import requests

from binome.api_client import ApiError
from binome.maildir_check import emails_to, link_tokens
from support import wait_until

# Many requests for the same addresses from one client: the timing test would otherwise meet the
# rate limits (tests/e2e/test_sign_in_api.py checks those with the defaults).
EMBEDDED_CONFIG = {"RATE_LIMITS": json.dumps({
    "proposal": [10_000, 3600], "sign_in_link": [10_000, 900], "registration": [10_000, 900],
    "registration_to_address": [10_000, 900],
    "address_link": [10_000, 900]})}


def address(who):
    return f"{who}.{uuid.uuid4().hex[:8]}@example.org"


def seeker(email, first_name="Grace", **more):
    return {"first_name": first_name, "last_name": "Hopper", "email": email,
            "roles": ["job_seeker"], "locale": "en", **more}


def raw_post(api, path, body):
    response = requests.post(api.base_url + path, json=body, timeout=15)
    return response.status_code, response.json()


def new_link(api, email, seen):
    (token,) = wait_until(f"a link emailed to {email}",
                          lambda: link_tokens(api.maildir, email, api.base_url) - seen)
    return token


def test_registering_a_taken_address_answers_exactly_as_a_new_one_and_hands_out_nothing(embedded):
    api, _ = embedded
    grace = api.register(seeker(address("grace")))
    seen = link_tokens(api.maildir, grace["email"], api.base_url)
    pending = address("pending")
    answers = [raw_post(api, "/api/people", seeker(email)) for email in
               (address("new"), pending, pending, grace["email"], grace["email"].upper())]
    assert {status for status, _ in answers} == {202}
    assert all(body == answers[0][1] for _, body in answers), answers
    shown = json.dumps(answers)
    assert "token" not in shown and grace["id"] not in shown and "already" not in shown
    # The owner of the registered address is told, twice, with a way in should it have been them.
    told = wait_until("the owner to be told", lambda: (lambda found: len(found) == 2 and found)([
        m for m in emails_to(api.maildir, grace["email"])
        if "register" in m.get_body(("plain",)).get_content()]))
    assert all("sign in" in m.get_body(("plain",)).get_content() for m in told)
    links = wait_until("two links", lambda: (
        lambda new: len(new) == 2 and new)(link_tokens(api.maildir, grace["email"], api.base_url)
                                           - seen))
    assert {api.confirm(link)["id"] for link in links} == {grace["id"]}


def test_the_registrant_of_someone_elses_address_gets_nothing_and_the_owner_gets_her_own_account(
        embedded):
    api, _ = embedded
    victim = address("ada")
    # Mallory registers Ada's address with her own words: she is handed no token, no id.
    status, answer = raw_post(api, "/api/people", seeker(victim, "Mallory",
                                                         own_words="Planted by Mallory"))
    assert status == 202 and set(answer) <= {"status"}
    first_link = new_link(api, victim, set())
    # Ada registers herself before following the first email: her details replace Mallory's.
    ada = api.register(seeker(victim, "Ada"))
    assert ada["first_name"] == "Ada" and ada["own_words"] == ""
    # The link Mallory's registration sent is worthless now.
    try:
        api.confirm(first_link)
        raise AssertionError("the replaced registration's link still worked")
    except ApiError as refused:
        assert refused.status == 400 and list(refused.payload["error"]["fields"]) == ["link_token"]
    # Ada signs in later, by email, into her own account.
    seen = link_tokens(api.maildir, victim, api.base_url)
    assert raw_post(api, "/api/sign-in", {"email": victim})[0] == 202
    again = api.confirm(new_link(api, victim, seen))
    assert again["id"] == ada["id"] and again["first_name"] == "Ada"


def test_a_confirmation_link_works_once(embedded):
    api, _ = embedded
    email = address("once")
    assert raw_post(api, "/api/people", seeker(email))[0] == 202
    link = new_link(api, email, set())
    first = api.confirm(link)
    assert first["email"] == email
    status, refused = raw_post(api, "/api/sessions", {"link_token": link})
    assert status == 400 and list(refused["error"]["fields"]) == ["link_token"]


def test_changing_the_address_needs_the_link_sent_to_the_new_one_and_says_nothing_of_it(embedded):
    api, _ = embedded
    grace = api.register(seeker(address("grace")))
    taken = api.register(seeker(address("taken")))["email"]
    as_grace = api.as_person(grace)
    new_address = address("grace.new")
    changed = as_grace.patch("/api/me", {"email": new_address})
    to_taken = as_grace.patch("/api/me", {"email": taken})
    assert changed["email"] == to_taken["email"] == grace["email"]  # not yet
    assert as_grace.get("/api/me")["email"] == grace["email"]
    # The link goes to the new address, not the current one, and changes it once followed.
    signed = api.confirm(new_link(api, new_address, set()))
    assert signed["id"] == grace["id"] and signed["email"] == new_address
    assert api.as_person(signed).get("/api/me")["email"] == new_address
    # The session that asked ends with the change, as every other (the test below says why).
    assert requests.get(api.base_url + "/api/me", timeout=15, headers={
        "Authorization": f"Bearer {grace['token']}"}).status_code == 401


def test_an_account_is_matchable_only_once_its_address_is_confirmed(embedded):
    api, _ = embedded
    language = "xq"  # only this test's people speak it: no one else's cards in this feed
    sponsor = api.as_person(api.register({
        "first_name": "Bérénice", "last_name": "Aldebert", "roles": ["sponsor"],
        "email": address("sponsor"), "languages": [language], "location": "75011",
        "sponsor": {"capacity": 2, "radius_km": 15}}))
    card = {"roles": ["job_seeker"], "languages": [language], "location": "93100",
            "target_occupation": "M1805", "accepts_sponsors": True}
    pending = address("pending")
    assert raw_post(api, "/api/people", {"first_name": "Pending", "last_name": "Person",
                                         "email": pending, **card})[0] == 202
    link = new_link(api, pending, set())
    # Registered after the pending one: once this card is in the feed, the other would be too.
    confirmed = api.register({"first_name": "Octave", "last_name": "Bellegarde",
                              "email": address("octave"), **card})
    feed = wait_until("the confirmed seeker in the feed", lambda: (
        lambda f: f["items"] and f)(sponsor.get("/api/me/feed")))
    assert [c["id"] for c in feed["items"]] == [confirmed["id"]]
    later = api.confirm(link)
    wait_until("the seeker in the feed once confirmed", lambda: later["id"] in [
        c["id"] for c in sponsor.get("/api/me/feed")["items"]])


def _delivered(api):
    """How many emails the Maildir holds: counted, not read, as reading them all would hold up
    the services that share this process."""
    return len(os.listdir(api.maildir / "new")) if (api.maildir / "new").is_dir() else 0


def _median_ms(api, path, kinds, rounds):
    """Median milliseconds of POSTs of two kinds, in the order A B B A, A B B A...

    Embedded mode runs every service on one event loop: the work a request sets off after its
    answer (profiles', then the email's) slows whatever request comes next. So each request that
    sends an email is followed by waiting for that email, and in this order each kind comes after
    each kind equally often. A kind gives (body, the address emailed or None).
    """
    session = requests.Session()
    first, second = kinds
    times = {name: [] for name in kinds}
    for index in range(rounds):
        for name in (first, second) if index % 2 == 0 else (second, first):
            body, emailed = kinds[name](index)
            before = _delivered(api)
            started = time.perf_counter()
            response = session.post(api.base_url + path, json=body, timeout=15)
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 202, response.text
            if emailed:
                wait_until(f"the email to {emailed}", lambda: _delivered(api) > before)
    return {name: statistics.median(values) for name, values in times.items()}


def _alike(medians):
    low, high = sorted(medians.values())
    # A generous tolerance: a ratio within 1.5, or less than 3 ms apart.
    return high / low < 1.5 or high - low < 3


def test_sign_in_takes_as_long_for_a_known_address_as_for_an_unknown_one(embedded):
    api, _ = embedded
    known = api.register(seeker(address("known")))["email"]
    medians = _median_ms(api, "/api/sign-in", {
        "known": lambda i: ({"email": known}, known),
        "unknown": lambda i: ({"email": address(f"unknown{i}")}, None)}, rounds=40)
    assert _alike(medians), medians


def test_registering_takes_as_long_for_a_known_address_as_for_a_new_one(embedded):
    api, _ = embedded
    known = api.register(seeker(address("known")))["email"]

    def new(index):
        email = address(f"new{index}")
        return seeker(email), email
    medians = _median_ms(api, "/api/people", {
        "known": lambda i: (seeker(known), known), "new": new}, rounds=40)
    assert _alike(medians), medians



def test_following_an_address_change_ends_every_other_way_into_the_account(embedded):
    api, _ = embedded
    # Mallory moves her account to Ada's address, keeping a session and a sign-in link of her
    # own; Ada follows the link she was sent (it signs her in) and fills in her phone.
    mallory = api.register(seeker(address("mallory"), "Mallory"))
    seen = link_tokens(api.maildir, mallory["email"], api.base_url)
    assert raw_post(api, "/api/sign-in", {"email": mallory["email"]})[0] == 202
    spare_link = new_link(api, mallory["email"], seen)
    as_mallory = api.as_person(mallory)
    victim = address("ada")
    as_mallory.patch("/api/me", {"email": victim})
    ada = api.confirm(new_link(api, victim, set()))
    api.as_person(ada).patch("/api/me", {"phone": "+33 6 12 34 56 78"})
    # Neither Mallory's session nor her link opens the account now under Ada's address.
    response = requests.get(api.base_url + "/api/me", timeout=15,
                            headers={"Authorization": f"Bearer {mallory['token']}"})
    assert response.status_code == 401, response.text
    status, refused = raw_post(api, "/api/sessions", {"link_token": spare_link})
    assert status == 400 and list(refused["error"]["fields"]) == ["link_token"]
    assert api.as_person(ada).get("/api/me")["phone"] == "+33 6 12 34 56 78"
