"""Issue #13, item 1, on RabbitMQ, PostgreSQL and a real SMTP server: a name holding a carriage
return, stored before names were checked, goes out as one safe subject line; an email that cannot
be built at all is tried, backed off and parked with its error, listed and replayed by operators,
while the email queued beside it is delivered and sign-in links still go out."""
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

from nameko.testing.services import entrypoint_waiter

import services.notifications.store as notifications_store
from services.notifications.service import NotificationsService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine, transaction
from shared.messaging.outbox import broker_publisher, envelope
from support import count, wait_until

EMAILS = notifications_store.EmailDelivery.__table__


def publish(container, contract, data, handler):
    message = envelope(str(uuid.uuid4()), contract.name, utcnow(), contract.to_wire(data))
    with entrypoint_waiter(container, handler):
        broker_publisher(container.config["AMQP_URI"], events.EVENTS)(message)


def registered(first_name, last_name, roles):
    return {"person_id": uuid.uuid4(), "first_name": first_name, "last_name": last_name,
            "email": f"{last_name.lower()}@example.org", "phone": None, "locale": "en",
            "timezone": "Europe/Paris", "roles": roles, "languages": ["en"], "skills": [],
            "occupation": None, "target_occupation": None, "own_words": "",
            "neighbourhood": None, "latitude": None, "longitude": None, "availability": {},
            "mentor": None, "sponsor": None, "accepts_sponsors": False, "changed_at": utcnow()}


def queued_row(to, subject, created_at):
    delivery_id = uuid.uuid4()
    return notifications_store.EmailDelivery(
        id=delivery_id, person_id=uuid.uuid4(), dedupe_key=f"test:{delivery_id}",
        category="match", to_address=to, subject=subject, body="Hello,\n", status="pending",
        attempts=0, created_at=created_at, next_attempt_at=created_at)


def by_subject(smtp, subject):
    return [m for m in smtp.messages() if m["Subject"] == subject]


def test_a_poisoned_email_is_parked_with_its_error_and_stops_neither_its_batch_nor_sign_in(
        container_factory, config, smtp):
    notifications = container_factory(NotificationsService, {
        **config, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "EMAIL_RETRY_SECONDS": 0.1,
        "EMAIL_MAX_ATTEMPTS": 2})
    notifications.start()
    engine = make_engine(database_url(config, "notifications"))

    # A seeker who answers sponsors one by one, and a sponsor whose first name holds a carriage
    # return: her row predates the check on names, so it is written here as it was then.
    ada = registered("Ada", "Lovelace", ["job_seeker"])
    publish(notifications, events.PERSON_REGISTERED, ada, "on_person_registered")
    eve_id = uuid.uuid4()
    with transaction(engine) as session:
        session.add(notifications_store.Contact(
            person_id=eve_id, first_name="Eve\rX", last_name="Doe", email="eve@example.org",
            locale="en", timezone="Europe/Paris", sponsor=True))
    publish(notifications, events.SPONSOR_INTERESTED,
            {"sponsor_id": eve_id, "seeker_id": ada["person_id"], "liked_at": utcnow()},
            "on_sponsor_interested")
    (liked,) = wait_until("Eve's like to reach Ada",
                          lambda: by_subject(smtp, "Eve X D. would like to sponsor you"))
    assert str(liked["To"]) == "Ada Lovelace <lovelace@example.org>"
    assert liked["Bcc"] is None

    # An older row that cannot be built (two mailboxes where one person's should be), queued in
    # one transaction with a good email after it: both are in the sender's next batch.
    now = utcnow()
    with transaction(engine) as session:
        poisoned = queued_row("Eve <eve@example.org>, Bcc <x@example.org>", "Poisoned", now)
        session.add(poisoned)
        session.add(queued_row("Bruno Émile <bruno@example.org>", "Beside it",
                               now + timedelta(milliseconds=1)))
    (beside,) = wait_until("the email beside the poisoned one",
                           lambda: by_subject(smtp, "Beside it"))
    assert str(beside["To"]) == "Bruno Émile <bruno@example.org>"
    wait_until("the poisoned email to be parked", lambda: count(
        engine, EMAILS, EMAILS.c.id == poisoned.id, EMAILS.c.status == "parked",
        EMAILS.c.attempts == 2))
    assert by_subject(smtp, "Poisoned") == []

    # Sign-in links still go out afterwards: the sender, and the service, live on.
    publish(notifications, events.SIGN_IN_REQUESTED,
            {"person_id": ada["person_id"], "link_token": "t" * 43,
             "expires_at": utcnow() + timedelta(minutes=15), "locale": "en"},
            "on_sign_in_requested")
    (letter,) = wait_until("the sign-in link", lambda: by_subject(smtp, "Signing in to Binôme"))
    assert "/sign-in/" + "t" * 43 in letter.get_body(("plain",)).get_content()

    # Operators see it with its error, and put it back in line.
    binome = Path(sys.executable).parent / "binome"
    env = {**os.environ, "DATABASE_URL": config["DATABASE_URL"]}
    listed = subprocess.run([str(binome), "parked", "notifications"], env=env, check=True,
                            capture_output=True, text=True).stdout
    (line,) = [line for line in listed.splitlines() if str(poisoned.id) in line]
    assert "attempts=2" in line and "NotOneMailbox" in line
    replayed = subprocess.run([str(binome), "parked", "notifications", "--replay",
                               str(poisoned.id)], env=env, check=True, capture_output=True,
                              text=True).stdout
    assert replayed.startswith("1 parked item(s) put back in line")
    engine.dispose()
