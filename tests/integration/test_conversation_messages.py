"""A match's conversation on RabbitMQ and PostgreSQL: a message posted in matching reaches the
other person, through matching's outbox and notifications' inbox, as one inbox item and one email
with the link to the match page, however often the event is delivered."""
import uuid


from sqlalchemy import select

from binome.maildir_check import emails_to
from services.notifications.store import EmailDelivery
from shared.clock import utcnow
from shared.contracts import events
from shared.messaging.outbox import broker_publisher, envelope
from shared.messaging.tables import INBOX, OUTBOX
from support import (COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, register_confirmed, rows,
                     wait_until)


def told(cluster, person_id):
    return [n for n in cluster.notifications.inbox(person_id=person_id, page=1, page_size=50)
            if n["event"] == "message_posted"]


def message_emails(maildir, link):
    """The seeker's emails telling of a message (the proposal's links to the same match page)."""
    return [m for m in emails_to(maildir, SEEKER["email"])
            if link in m.get_body(("plain",)).get_content()
            and any(words in m["Subject"] for words in ("wrote to you", "vous a écrit"))]


def test_a_message_is_one_inbox_item_and_one_email_even_delivered_twice(cluster, config,
                                                                         tmp_path):
    donor = register_confirmed(cluster, config, DONOR)
    seeker = register_confirmed(cluster, config, SEEKER)
    cluster.profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1, remote=False,
                                 radius_km=10)
    cluster.profiles.request_help(person_id=seeker["id"], kind="coffee")

    def proposed():
        cluster.matching.run_round(kind="coffee")
        return cluster.matching.matches_of(person_id=seeker["id"])
    match = wait_until("a proposal", proposed)[0]
    cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])

    cluster.matching.post_message(match_id=match["match_id"], person_id=donor["id"],
                                  body="Bonjour Eulalie,\nmardi midi ?")
    (item,) = wait_until("the seeker's inbox item", lambda: told(cluster, seeker["id"]))
    assert "Philibert E." in item["subject"]
    link = f"/matches/{match['match_id']}"
    maildir = tmp_path / "maildir"
    (email,) = wait_until("the seeker's email", lambda: message_emails(maildir, link))
    assert DONOR["email"] not in email.as_string() and "mardi midi" not in email.as_string()
    assert told(cluster, donor["id"]) == []     # the author is not told of their own message

    # The event again: redelivered under its message id, and published anew under another.
    ((message_id, payload),) = rows(config, "matching", select(OUTBOX.c.id, OUTBOX.c.payload)
                                    .where(OUTBOX.c.event == "message_posted"))
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    again = str(uuid.uuid4())
    for each in (message_id, again):
        publish(envelope(each, "message_posted", utcnow(), payload))
    wait_until("notifications to handle the event published anew", lambda: rows(
        config, "notifications", select(INBOX.c.status).where(INBOX.c.message_id == again,
                                                              INBOX.c.status == "done")))
    assert len(told(cluster, seeker["id"])) == 1
    emails = EmailDelivery.__table__
    assert len(rows(config, "notifications", select(emails.c.id).where(
        emails.c.category == "messages"))) == 1
    assert len(message_emails(maildir, link)) == 1
