"""Notifications on RabbitMQ and PostgreSQL, emailing a real SMTP server (aiosmtpd on loopback,
tests/smtp_server.py): one email per event and recipient however often the event comes, retried
with backoff through SMTP failures, parked then replayed by an operator, STARTTLS and a login."""
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from nameko.testing.services import entrypoint_waiter

import services.notifications.store as notifications_store
from services.notifications.service import NotificationsService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.outbox import broker_publisher, envelope
from smtp_server import SmtpServer
from support import count, wait_until

EMAILS = notifications_store.EmailDelivery.__table__


def person(first_name, last_name, locale="fr"):
    return {"person_id": uuid.uuid4(), "first_name": first_name, "last_name": last_name,
            "email": f"{last_name.lower()}@example.org", "phone": None, "locale": locale,
            "timezone": "Europe/Paris", "roles": ["time_donor"], "languages": ["fr"],
            "skills": [], "occupation": None, "target_occupation": None, "own_words": "",
            "neighbourhood": None, "latitude": None, "longitude": None, "availability": {},
            "mentor": None, "sponsor": None, "accepts_sponsors": False, "changed_at": utcnow()}


def pledge_of(donor):
    return {"pledge_id": uuid.uuid4(), "person_id": donor["person_id"], "kind": "cv_review",
            "quantity": 3, "valid_until": date(2099, 7, 31), "remote": True, "radius_km": None}


def start_notifications(container_factory, config, smtp, **overrides):
    container = container_factory(NotificationsService, {
        **config, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "EMAIL_RETRY_SECONDS": 0.1,
        "EMAIL_MAX_ATTEMPTS": 5, "EMAIL_DAILY_CAP": 10, **overrides})
    container.start()
    return container


def send(container, contract, data, handler, message_id=None):
    message = envelope(message_id or str(uuid.uuid4()), contract.name, utcnow(),
                       contract.to_wire(data))
    with entrypoint_waiter(container, handler):
        broker_publisher(container.config["AMQP_URI"], events.EVENTS)(message)
    return message


def engine_of(config):
    return make_engine(database_url(config, "notifications"))


def all_sent(engine):
    return count(engine, EMAILS) and count(engine, EMAILS, EMAILS.c.status != "sent") == 0


def test_an_event_delivered_three_times_is_one_email(container_factory, config, smtp):
    notifications = start_notifications(container_factory, config, smtp)
    donor = person("Inès", "Roche")
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    pledge = pledge_of(donor)
    message_id = str(uuid.uuid4())
    for _ in range(3):  # the broker redelivers the same message
        send(notifications, events.PLEDGE_MADE, pledge, "on_pledge_made", message_id)
    # …and the producer publishes the same event again under another message id.
    send(notifications, events.PLEDGE_MADE, pledge, "on_pledge_made")

    engine = engine_of(config)
    wait_until("the email to be sent", lambda: all_sent(engine))
    (received,) = wait_until("the SMTP server to receive it", smtp.messages)
    assert received["To"] == "Inès Roche <roche@example.org>"
    assert received["Subject"] == "Merci : votre don de 3 × relecture de CV est bien reçu"
    assert count(engine, EMAILS) == 1


def test_smtp_failing_twice_then_succeeding_delivers_one_email(container_factory, config, smtp):
    smtp.fail_next(2)
    notifications = start_notifications(container_factory, config, smtp)
    donor = person("Hugo", "Blanc", locale="en")
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    send(notifications, events.PLEDGE_MADE, pledge_of(donor), "on_pledge_made")

    engine = engine_of(config)
    wait_until("the email to be sent after two refusals", lambda: all_sent(engine))
    (received,) = smtp.messages()
    assert received["Subject"] == "Thank you: your pledge of 3 × CV review is received"
    with engine.connect() as connection:
        (attempts,) = connection.execute(EMAILS.select().with_only_columns(EMAILS.c.attempts)).one()
    assert attempts == 3
    assert smtp.fail_file.read_text() == "0"


def test_an_email_smtp_keeps_refusing_is_parked_with_the_reason_then_replayed(
        container_factory, config, smtp):
    smtp.fail_next(1000)
    notifications = start_notifications(container_factory, config, smtp, EMAIL_MAX_ATTEMPTS=2)
    donor = person("Léa", "Martin")
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    send(notifications, events.PLEDGE_MADE, pledge_of(donor), "on_pledge_made")
    engine = engine_of(config)
    wait_until("the email to be parked",
               lambda: count(engine, EMAILS, EMAILS.c.status == "parked") == 1)

    binome = Path(sys.executable).parent / "binome"
    env = {**os.environ, "DATABASE_URL": config["DATABASE_URL"]}
    listed = subprocess.run([str(binome), "parked", "notifications"], env=env, check=True,
                            capture_output=True, text=True).stdout
    assert "<martin@example.org>" in listed and "451" in listed
    assert smtp.messages() == []

    smtp.fail_next(0)
    subprocess.run([str(binome), "parked", "notifications", "--replay"], env=env, check=True,
                   capture_output=True)
    wait_until("the replayed email to arrive", smtp.messages)
    assert len(smtp.messages()) == 1


@pytest.fixture
def tls_smtp(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server = SmtpServer(tmp_path, "--tls", str(cert), str(key), "--login", "binome:s3cret")
    yield server
    server.stop()


def test_starttls_and_login_come_from_configuration(container_factory, config, tls_smtp):
    notifications = start_notifications(container_factory, config, tls_smtp, SMTP_STARTTLS="1",
                                        SMTP_USERNAME="binome", SMTP_PASSWORD="s3cret")
    donor = person("Nora", "Petit")
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    send(notifications, events.PLEDGE_MADE, pledge_of(donor), "on_pledge_made")
    wait_until("the email to arrive over STARTTLS with a login", tls_smtp.messages)
    assert tls_smtp.messages()[0]["To"] == "Nora Petit <petit@example.org>"
