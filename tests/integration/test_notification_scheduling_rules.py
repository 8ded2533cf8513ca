"""The scheduling rules of preferences.py inside the running NotificationsService, on RabbitMQ and
PostgreSQL, emailing a real SMTP server (tests/smtp_server.py): quiet hours hold an email until
their stored end, the daily cap sends the rest to the next daily digest, a digest goes out once
(even after a restart), and a category switched off is not emailed. The timers are driven with
entrypoint_hook after moving the stored due times into the past: nothing here sleeps."""
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from sqlalchemy import update

import services.notifications.store as notifications_store
from services.notifications.service import NotificationsService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.outbox import broker_publisher, envelope
from support import count, wait_until

EMAILS = notifications_store.EmailDelivery.__table__
NOTIFICATIONS = notifications_store.Notification.__table__
DIGEST_DUE = notifications_store.DigestDue.__table__


def start_notifications(container_factory, config, smtp, **overrides):
    container = container_factory(NotificationsService, {
        **config, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "EMAIL_RETRY_SECONDS": 0.1,
        "EMAIL_MAX_ATTEMPTS": 5, "EMAIL_DAILY_CAP": 10, **overrides})
    container.start()
    return container


def send(container, contract, data, handler):
    message = envelope(str(uuid.uuid4()), contract.name, utcnow(), contract.to_wire(data))
    with entrypoint_waiter(container, handler):
        broker_publisher(container.config["AMQP_URI"], events.EVENTS)(message)


def engine_of(config):
    return make_engine(database_url(config, "notifications"))


def zone_near_noon():
    """A fixed-offset zone where it is about noon now: far from local midnight, so the day the
    cap counts does not change while a test runs."""
    offset = 12 - datetime.now(timezone.utc).hour  # -11 … +12
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # Etc/GMT signs are inverted


def someone(first_name, last_name, zone):
    return {"person_id": uuid.uuid4(), "first_name": first_name, "last_name": last_name,
            "email": f"{last_name.lower()}@example.org", "phone": None, "locale": "en",
            "timezone": zone, "roles": ["time_donor"], "languages": ["en"],
            "skills": [], "occupation": None, "target_occupation": None, "own_words": "",
            "neighbourhood": None, "latitude": None, "longitude": None, "availability": {},
            "mentor": None, "sponsor": None, "accepts_sponsors": False, "changed_at": utcnow()}


def pledge(donor, quantity):
    return {"pledge_id": uuid.uuid4(), "person_id": donor["person_id"], "kind": "cv_review",
            "quantity": quantity, "valid_until": date(2099, 7, 31), "remote": True,
            "radius_km": None}


def subject_of(quantity):
    return f"Thank you: your pledge of {quantity} × CV review is received"


def preferences(container, person_id, **changes):
    with entrypoint_hook(container, "notification_preferences") as set_preferences:
        return set_preferences(person_id=str(person_id), **changes)


def run_timer(container, name):
    with entrypoint_hook(container, name) as timer_entrypoint:
        timer_entrypoint()


def rows(engine, table, *where):
    with engine.connect() as connection:
        query = table.select()
        for condition in where:
            query = query.where(condition)
        return connection.execute(query).mappings().all()


def make_past(engine, table, column, *where):
    with engine.begin() as connection:
        statement = update(table).values({column: utcnow() - timedelta(seconds=1)})
        for condition in where:
            statement = statement.where(condition)
        return connection.execute(statement).rowcount


def test_quiet_hours_hold_an_instant_email_until_their_end(container_factory, config, smtp):
    notifications = start_notifications(container_factory, config, smtp)
    engine = engine_of(config)
    zone = "Asia/Tokyo"
    donor = someone("Aiko", "Sato", zone)
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    local_now = datetime.now(ZoneInfo(zone))
    quiet = {"start": (local_now - timedelta(hours=1)).strftime("%H:%M"),
             "end": (local_now + timedelta(hours=2)).strftime("%H:%M")}
    assert preferences(notifications, donor["person_id"], quiet_hours=quiet)["quiet_hours"] == quiet

    send(notifications, events.PLEDGE_MADE, pledge(donor, 3), "on_pledge_made")

    # The inbox line is there at once; the email is queued, held until the quiet hours end.
    assert count(engine, NOTIFICATIONS, NOTIFICATIONS.c.event == "pledge_made") == 1
    (held,) = rows(engine, EMAILS)
    assert held["status"] == "pending"
    assert held["next_attempt_at"] > utcnow() + timedelta(minutes=30)
    run_timer(notifications, "send_emails")
    assert smtp.messages() == []
    assert rows(engine, EMAILS)[0]["status"] == "pending"

    # The quiet hours end: the stored release time is what the mailer looks at.
    assert make_past(engine, EMAILS, "next_attempt_at", EMAILS.c.id == held["id"]) == 1
    run_timer(notifications, "send_emails")
    wait_until("the held email to be sent",
               lambda: count(engine, EMAILS, EMAILS.c.status == "sent") == 1)
    (received,) = wait_until("the SMTP server to receive it", smtp.messages)
    assert received["Subject"] == subject_of(3)
    assert received["To"] == "Aiko Sato <sato@example.org>"
    run_timer(notifications, "send_emails")
    assert count(engine, EMAILS) == 1 and len(smtp.messages()) == 1


def send_over_the_cap(notifications, engine, smtp, donor):
    """Cap 2: pledges 1 and 2 are emailed at once, 3 and 4 wait for the daily digest."""
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    for quantity in (1, 2, 3, 4):
        send(notifications, events.PLEDGE_MADE, pledge(donor, quantity), "on_pledge_made")
    wait_until("the two emails under the cap", lambda: len(smtp.messages()) == 2)
    assert sorted(m["Subject"] for m in smtp.messages()) == [subject_of(1), subject_of(2)]
    waiting = rows(engine, NOTIFICATIONS, NOTIFICATIONS.c.digest == "waiting")
    assert sorted(n["subject"] for n in waiting) == [subject_of(3), subject_of(4)]
    assert count(engine, EMAILS) == 2
    (daily,) = rows(engine, DIGEST_DUE, DIGEST_DUE.c.kind == "daily")
    assert daily["due_at"] > utcnow()


def the_daily_digest_is_sent(notifications, engine, smtp):
    assert make_past(engine, DIGEST_DUE, "due_at", DIGEST_DUE.c.kind == "daily") == 1
    run_timer(notifications, "send_digests")
    wait_until("the digest to be sent", lambda: count(engine, EMAILS) == 3 and count(
        engine, EMAILS, EMAILS.c.status != "sent") == 0)
    wait_until("the SMTP server to receive the digest", lambda: len(smtp.messages()) == 3)
    (digest,) = [m for m in smtp.messages() if m["Subject"].startswith("Your day in Binôme")]
    assert digest["Subject"] == "Your day in Binôme: 2 updates"
    text = digest.get_body(("plain",)).get_content()
    assert f"- {subject_of(3)}" in text and f"- {subject_of(4)}" in text
    assert subject_of(1) not in text and subject_of(2) not in text
    assert count(engine, NOTIFICATIONS, NOTIFICATIONS.c.digest == "waiting") == 0
    assert count(engine, NOTIFICATIONS, NOTIFICATIONS.c.digest == "included") == 2
    return digest


def test_emails_over_the_daily_cap_go_to_the_next_daily_digest(container_factory, config, smtp):
    notifications = start_notifications(container_factory, config, smtp, EMAIL_DAILY_CAP=2)
    engine = engine_of(config)
    send_over_the_cap(notifications, engine, smtp, someone("Inès", "Roche", zone_near_noon()))
    run_timer(notifications, "send_digests")  # not due yet: nothing
    assert count(engine, EMAILS) == 2

    the_daily_digest_is_sent(notifications, engine, smtp)
    # The digest does not count against the cap, and it is the only email after the first two.
    assert sorted(m["Subject"] for m in smtp.messages())[:2] == [subject_of(1), subject_of(2)]


def test_a_digest_is_not_sent_twice_even_after_a_restart(container_factory, config, smtp):
    notifications = start_notifications(container_factory, config, smtp, EMAIL_DAILY_CAP=2)
    engine = engine_of(config)
    send_over_the_cap(notifications, engine, smtp, someone("Hugo", "Blanc", zone_near_noon()))
    digest = the_daily_digest_is_sent(notifications, engine, smtp)
    # The daily due time is gone until something next waits; the weekly one is still ahead.
    assert count(engine, DIGEST_DUE, DIGEST_DUE.c.kind == "daily") == 0
    (weekly,) = rows(engine, DIGEST_DUE, DIGEST_DUE.c.kind == "weekly")
    assert weekly["due_at"] > utcnow()

    run_timer(notifications, "send_digests")
    run_timer(notifications, "send_emails")
    assert count(engine, EMAILS) == 3 and len(smtp.messages()) == 3

    notifications.stop()
    restarted = start_notifications(container_factory, config, smtp, EMAIL_DAILY_CAP=2)
    run_timer(restarted, "send_digests")
    run_timer(restarted, "send_emails")
    assert count(engine, EMAILS) == 3
    assert count(engine, EMAILS, EMAILS.c.status != "sent") == 0
    assert len(smtp.messages()) == 3
    assert [m["Message-ID"] for m in smtp.messages()].count(digest["Message-ID"]) == 1


def test_a_category_switched_off_is_in_the_inbox_but_not_emailed(container_factory, config, smtp):
    notifications = start_notifications(container_factory, config, smtp)
    engine = engine_of(config)
    donor = someone("Léa", "Martin", zone_near_noon())
    send(notifications, events.PERSON_REGISTERED, donor, "on_person_registered")
    chosen = preferences(notifications, donor["person_id"], modes={"pledges": "off"})
    assert chosen["modes"]["pledges"] == "off"

    send(notifications, events.PLEDGE_MADE, pledge(donor, 3), "on_pledge_made")

    # The inbox is the record: the line is there, not waiting for any digest, and no email.
    (line,) = rows(engine, NOTIFICATIONS, NOTIFICATIONS.c.event == "pledge_made")
    assert line["subject"] == subject_of(3)
    assert line["digest"] is None
    assert count(engine, EMAILS) == 0
    assert count(engine, DIGEST_DUE, DIGEST_DUE.c.kind == "daily") == 0
    run_timer(notifications, "send_emails")
    run_timer(notifications, "send_digests")
    assert count(engine, EMAILS) == 0
    assert smtp.messages() == []
