"""Signing in through the HTTP API of an embedded Binôme: ask for a link, read it in the email
(the Maildir), exchange it for a bearer token once, sign out; the same answer for an address
nobody registered; 429 with Retry-After past five links per address or per client; operators
granted from the command line.

The gateway counts links per client address too, so each test speaks from its own loopback
address (127.0.0.x) and none of them uses up another's allowance.
"""
import http.client
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from binome.api_client import Api, ApiError
from binome.maildir_check import emails
from support import wait_until


def post_from(api, source, path, body, headers=None):
    """(status, Retry-After, JSON) of a POST sent from the loopback address `source`."""
    url = urlsplit(api.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=15,
                                            source_address=(source, 0))
    try:
        connection.request("POST", path, json.dumps(body),
                           {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("Retry-After"), json.loads(response.read())
    finally:
        connection.close()


# The links of each address's registration, already used: the tests look for the ones after.
CONFIRMED = {}


def register(api, locale="en"):
    tag = uuid.uuid4().hex[:8]
    grace = api.register({
        "first_name": "Grace", "last_name": "Hopper", "email": f"grace.{tag}@example.org",
        "roles": ["job_seeker"], "locale": locale})
    CONFIRMED[grace["email"]] = link_tokens(api, api.maildir.parent, grace["email"])
    return grace


def emails_to(data, address):
    maildir = Path(data) / "maildir"
    return [m for m in emails(maildir) if address in m["To"]] if maildir.exists() else []


def link_tokens(api, data, address):
    """The tokens of the sign-in links emailed to `address`, read from each email's text."""
    link = re.compile(re.escape(api.base_url) + r"/sign-in/([A-Za-z0-9_-]+)")
    return {token for email in emails_to(data, address)
            for token in link.findall(email.get_body(("plain",)).get_content())}


def link_token_for(api, data, address, seen=None):
    """The token of a link emailed to `address` that is not among those `seen` (by default, the
    registration's)."""
    seen = CONFIRMED.get(address, set()) if seen is None else seen
    (token,) = wait_until(f"a sign-in email to {address}",
                          lambda: link_tokens(api, data, address) - seen)
    return token


def test_a_link_read_in_the_email_gives_a_bearer_token_once_and_signing_out_ends_it(embedded):
    api, data = embedded
    grace = register(api)
    assert post_from(api, "127.0.0.2", "/api/sign-in", {"email": grace["email"].upper()}) == (
        202, None, {"sent": True})
    link_token = link_token_for(api, data, grace["email"])
    # Her data export, a document people keep and share, never holds a live link.
    assert link_token not in json.dumps(api.as_person(grace).get("/api/me/export"))

    status, _, session = post_from(api, "127.0.0.2", "/api/sessions", {"link_token": link_token})
    assert status == 201 and session["person_id"] == grace["id"]
    as_grace = Api(api.base_url, token=session["token"])
    assert as_grace.get("/api/me")["email"] == grace["email"]
    # The inbox tells her a link was sent, and does not hold it.
    (line,) = [n for n in as_grace.get("/api/me/notifications")["items"]
               if n["event"] == "sign_in_requested"]
    assert link_token not in json.dumps(line)

    status, _, refused = post_from(api, "127.0.0.2", "/api/sessions", {"link_token": link_token})
    assert status == 400 and list(refused["error"]["fields"]) == ["link_token"]

    assert as_grace.delete("/api/sessions/current") == {"done": True}
    try:
        as_grace.get("/api/me")
        raise AssertionError("a signed-out token still works")
    except ApiError as error:
        assert error.status == 401
    # Her other session (the one her registration's link opened) is untouched.
    assert api.as_person(grace).get("/api/me")["id"] == grace["id"]


def test_signing_out_from_the_web_pages_clears_the_session_cookie(embedded):
    api, data = embedded
    grace = register(api)
    post_from(api, "127.0.0.3", "/api/sign-in", {"email": grace["email"]})
    token = Api(api.base_url).post("/api/sessions", {
        "link_token": link_token_for(api, data, grace["email"])})["token"]
    browser = Api(api.base_url)
    browser.http.cookies.set("binome_session", token)
    response = browser.http.delete(f"{api.base_url}/api/sessions/current",
                                   headers={"Origin": api.base_url})
    assert response.status_code == 200 and response.json() == {"done": True}
    assert "binome_session=;" in response.headers["Set-Cookie"]
    assert Api(api.base_url).http.get(f"{api.base_url}/api/me", headers={
        "Authorization": f"Bearer {token}"}).status_code == 401


def test_an_unknown_address_gets_the_same_answer_and_no_email(embedded):
    api, data = embedded
    grace = register(api)
    nobody = f"nobody.{uuid.uuid4().hex[:8]}@example.org"
    unknown = post_from(api, "127.0.0.4", "/api/sign-in", {"email": nobody})
    known = post_from(api, "127.0.0.4", "/api/sign-in", {"email": grace["email"]})
    assert unknown == known == (202, None, {"sent": True})
    # Grace's email, asked after, has arrived: none went to the unknown address.
    link_token_for(api, data, grace["email"])
    assert emails_to(data, nobody) == []


def test_bad_input_is_refused_naming_the_field(embedded):
    api, _ = embedded
    status, _, refused = post_from(api, "127.0.0.5", "/api/sign-in", {"email": "not an address"})
    assert status == 400 and list(refused["error"]["fields"]) == ["email"]
    status, _, refused = post_from(api, "127.0.0.5", "/api/sessions",
                                   {"link_token": "x" * 43})
    assert status == 400 and list(refused["error"]["fields"]) == ["link_token"]
    assert "unknown" in refused["error"]["fields"]["link_token"][0]


def test_links_for_one_address_past_its_limit_within_15_minutes_are_refused_with_retry_after(
        embedded):
    api, _ = embedded
    address = f"flooded.{uuid.uuid4().hex[:8]}@example.org"
    # Four clients of five links each, so that only the address's count (20) can fill up.
    for client in range(10, 14):
        for _ in range(5):
            assert post_from(api, f"127.0.1.{client}", "/api/sign-in", {"email": address})[0] == 202
    status, retry_after, refused = post_from(api, "127.0.0.15", "/api/sign-in",
                                             {"email": address.upper()})
    assert status == 429 and refused["error"]["code"] == "rate_limited"
    assert 0 < int(retry_after) <= 15 * 60
    # That client may still ask for another address.
    assert post_from(api, "127.0.0.15", "/api/sign-in",
                     {"email": f"other.{uuid.uuid4().hex[:8]}@example.org"})[0] == 202


def test_a_sixth_link_from_one_client_within_15_minutes_is_refused_with_retry_after(embedded):
    api, _ = embedded
    for _ in range(5):
        assert post_from(api, "127.0.0.20", "/api/sign-in",
                         {"email": f"someone.{uuid.uuid4().hex[:8]}@example.org"})[0] == 202
    status, retry_after, _ = post_from(api, "127.0.0.20", "/api/sign-in",
                                      {"email": f"someone.{uuid.uuid4().hex[:8]}@example.org"})
    assert status == 429 and int(retry_after) > 0


def test_one_client_asking_links_for_someone_cannot_lock_them_out(embedded):
    api, data = embedded
    victim = register(api)
    # Ten requests in a row from one client: its own limit stops it, and the refused ones count
    # for nothing; the ones let through use only part of the victim's address's allowance.
    statuses = [post_from(api, "127.0.0.40", "/api/sign-in", {"email": victim["email"]})[0]
                for _ in range(10)]
    assert statuses == [202] * 5 + [429] * 5
    seen = wait_until("the five links let through", lambda: (
        lambda links: len(links - CONFIRMED[victim["email"]]) == 5 and links)(
            link_tokens(api, data, victim["email"])))
    assert post_from(api, "127.0.0.41", "/api/sign-in", {"email": victim["email"]})[0] == 202
    link_token_for(api, data, victim["email"], seen)


def test_asking_to_change_ones_address_is_limited_like_registering(embedded):
    api, _ = embedded
    as_grace = api.as_person(register(api))
    target = f"someone.else.{uuid.uuid4().hex[:8]}@example.org"
    for _ in range(3):  # each emails `target` a link
        as_grace.patch("/api/me", {"email": target})
    try:
        as_grace.patch("/api/me", {"email": target})
        raise AssertionError("a fourth link to the same address went out")
    except ApiError as refused:
        assert refused.status == 429


def test_one_client_with_several_accounts_cannot_lock_someone_out_by_changing_addresses(embedded):
    api, data = embedded
    victim = register(api)
    attacker = "127.0.0.50"
    # Sign-in links, registrations and address changes from one machine, the changes made by
    # several accounts of its own: together they must stay under the address's allowance.
    for _ in range(5):
        post_from(api, attacker, "/api/sign-in", {"email": victim["email"]})
    for _ in range(3):
        post_from(api, attacker, "/api/people", {
            "first_name": "Mallory", "last_name": "M", "email": victim["email"],
            "roles": ["job_seeker"]})
    for account in [register(api) for _ in range(4)]:
        for _ in range(3):
            send_from(api, attacker, "PATCH", "/api/me", {"email": victim["email"]},
                      {"Authorization": f"Bearer {account['token']}"})
    assert post_from(api, "127.0.0.51", "/api/sign-in", {"email": victim["email"]})[0] == 202


def send_from(api, source, method, path, body, headers):
    """The status of a request sent from the loopback address `source`."""
    url = urlsplit(api.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=15,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, json.dumps(body),
                           {"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def binome(data, *args):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    return subprocess.run([str(Path(sys.executable).parent / "binome"), "operators", "--data",
                           str(data), *args], env=env, capture_output=True, text=True, timeout=60)


def test_an_operator_granted_from_the_command_line_signs_in_as_operator(embedded):
    api, data = embedded
    grace = register(api)

    def session_from(client):
        seen = link_tokens(api, data, grace["email"])
        post_from(api, client, "/api/sign-in", {"email": grace["email"]})
        return post_from(api, client, "/api/sessions", {
            "link_token": link_token_for(api, data, grace["email"], seen)})[2]

    assert session_from("127.0.0.30")["operator"] is False
    granted = binome(data, "grant", grace["email"].upper())
    assert granted.returncode == 0, granted.stderr
    assert f"{grace['email']} is now an operator" in granted.stdout
    assert grace["email"] in binome(data, "list").stdout
    assert session_from("127.0.0.31")["operator"] is True

    assert binome(data, "revoke", grace["email"]).returncode == 0
    assert grace["email"] not in binome(data, "list").stdout
    unknown = binome(data, "grant", "nobody@example.org")
    assert unknown.returncode == 1 and "Nobody is registered" in unknown.stderr
