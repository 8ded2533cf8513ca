"""Webhooks on RabbitMQ and PostgreSQL, POSTed to a local HTTP server: signed with HMAC-SHA256 over
the exact body with the subscriber's secret (a tampered body fails verification), retried after a
refusal, and carrying ids, never names or addresses."""
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from nameko.testing.services import entrypoint_hook

from services.notifications import signing
from services.notifications.service import NotificationsService
from shared.contracts import events
from support import wait_until
from test_notification_delivery import person, send


class Receiver:
    """An organisation's endpoint: records each POST; answers `refuse_first` times with 500."""

    def __init__(self, refuse_first=0):
        self.received, self.refusals_left = [], refuse_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = 200
                if receiver.refusals_left > 0:
                    receiver.refusals_left -= 1
                    status = 500
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/binome"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    server = Receiver(refuse_first=1)
    yield server
    server.stop()


def test_a_webhook_is_signed_retried_and_names_nobody(container_factory, config, receiver):
    notifications = container_factory(NotificationsService, {
        **config, "WEBHOOK_RETRY_SECONDS": 0.1, "EMAIL_URL": "maildir:/tmp/binome-webhook-test"})
    notifications.start()
    with entrypoint_hook(notifications, "add_webhook") as add_webhook:
        subscriber = add_webhook(name="Maison de l'emploi", url=receiver.url,
                                 events=["match_accepted"])
    secret = subscriber["secret"]
    seeker, donor = person("Ada", "Lovelace"), person("Bruno", "Émile")
    for someone in (seeker, donor):
        send(notifications, events.PERSON_REGISTERED, someone, "on_person_registered")
    match = {"match_id": uuid.uuid4(), "kind": "coffee", "request_id": uuid.uuid4(),
             "pledge_id": uuid.uuid4(), "seeker_id": seeker["person_id"],
             "donor_id": donor["person_id"], "remote": True}
    send(notifications, events.MATCH_ACCEPTED, match, "on_match_accepted")

    wait_until("the webhook to be accepted after one refusal", lambda: len(receiver.received) == 2)
    (first_headers, first_body), (headers, body) = receiver.received
    assert first_body == body  # the retry sends the very same bytes
    signature = headers[signing.HEADER]
    assert signature.startswith("sha256=")
    assert signing.verify(secret, body, signature)
    tampered = body.replace(b'"coffee"', b'"mock_interview"')
    assert tampered != body and not signing.verify(secret, tampered, signature)
    assert not signing.verify("another subscriber's secret", body, signature)

    document = json.loads(body)
    assert document["event"] == "match_accepted" == headers["X-Binome-Event"]
    assert document["data"]["seeker_id"] == str(seeker["person_id"])
    text = body.decode().lower()
    # As words: "ada" is also made of hex digits, and ids are hex.
    for private in ("ada", "lovelace", "bruno", "émile"):
        assert not re.search(rf"\b{private}\b", text), private
    assert "@example.org" not in text

    # Subscribed to match_accepted only: registrations were not sent.
    assert all(json.loads(b)["event"] == "match_accepted" for _, b in receiver.received)
    with entrypoint_hook(notifications, "webhooks") as webhooks:
        listed = webhooks()
    assert [w["name"] for w in listed] == ["Maison de l'emploi"]
    assert "secret" not in listed[0]
