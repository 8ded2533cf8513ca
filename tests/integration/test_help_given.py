"""Help given on RabbitMQ and PostgreSQL: a review returned (or a meeting held) is recorded once in
matching, published once as help_given through its outbox, and told once by notifications (one
inbox item, one email) however often the event, or the news that caused it, is delivered."""
import uuid

import pytest

from sqlalchemy import select

from binome.maildir_check import emails_to
from services.matching.store import Match
from services.notifications.store import EmailDelivery
from shared.clock import utcnow
from shared.contracts import events
from shared.errors import Conflict
from shared.messaging.outbox import broker_publisher, envelope
from shared.messaging.tables import INBOX, OUTBOX
from support import (COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, inbox_events as told,
                     register_confirmed, rows, wait_until)


def accepted_match(cluster, config, kind):
    donor = register_confirmed(cluster, config, DONOR)
    seeker = register_confirmed(cluster, config, SEEKER)
    cluster.profiles.make_pledge(person_id=donor["id"], kind=kind, quantity=1, remote=False,
                                 radius_km=10)
    cluster.profiles.request_help(person_id=seeker["id"], kind=kind)

    def proposed():
        cluster.matching.run_round(kind=kind)
        return cluster.matching.matches_of(person_id=seeker["id"])
    match = wait_until("a proposal", proposed)[0]
    cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
    return donor, seeker, match


def published(config, event):
    return rows(config, "matching", select(OUTBOX.c.id, OUTBOX.c.payload)
                .where(OUTBOX.c.event == event))


def deliver_again(config, event, message_id, payload):
    """The event redelivered under its own id, and published anew under another; returns once
    notifications handled the second."""
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    again = str(uuid.uuid4())
    for each in (message_id, again):
        publish(envelope(each, event, utcnow(), payload))
    wait_until("notifications to handle the event published anew", lambda: rows(
        config, "notifications", select(INBOX.c.status).where(INBOX.c.message_id == again,
                                                              INBOX.c.status == "done")))


def emails(config, event):
    """The emails queued for an event (their keys start with its name)."""
    table = EmailDelivery.__table__
    return rows(config, "notifications", select(table.c.id).where(
        table.c.dedupe_key.like(f"{event}:%")))


def test_a_review_returned_and_rated_is_told_once_each_even_delivered_twice(cluster, config,
                                                                            tmp_path):
    donor, seeker, match = accepted_match(cluster, config, "cv_review")
    returned = cluster.matching.return_review(match_id=match["match_id"], person_id=donor["id"],
                                              comments="Très clair.\nAjoutez vos dates.")
    assert returned["state"] == "returned"
    with pytest.raises(Conflict):
        cluster.matching.return_review(match_id=match["match_id"], person_id=donor["id"],
                                       comments="Encore ?")

    # Recorded once in matching, and published once through its outbox.
    ((given_at, how, on_time),) = rows(config, "matching", select(
        Match.given_at, Match.given_how, Match.given_on_time)
        .where(Match.match_id == uuid.UUID(match["match_id"])))
    assert given_at is not None and (how, on_time) == ("review_returned", True)
    ((message_id, payload),) = published(config, "help_given")
    assert (payload["how"], payload["seeker_id"], payload["donor_id"]) == (
        "review_returned", seeker["id"], donor["id"])

    (item,) = wait_until("the seeker's inbox item",
                         lambda: told(cluster, seeker["id"], "help_given"))
    assert "Philibert E." in item["subject"]
    link = f"/matches/{match['match_id']}"
    maildir = tmp_path / "maildir"
    wait_until("the seeker's email", lambda: [
        m for m in emails_to(maildir, SEEKER["email"])
        if link in m.get_body(("plain",)).get_content()])
    assert told(cluster, donor["id"], "help_given") == []   # the donor knows: they returned it

    deliver_again(config, "help_given", message_id, payload)
    assert len(told(cluster, seeker["id"], "help_given")) == 1
    assert len(emails(config, "help_given")) == 1

    cluster.matching.rate_review(match_id=match["match_id"], person_id=seeker["id"], rating=5,
                                 thanks="Merci infiniment")
    ((rated_id, rated),) = wait_until("review_rated in the outbox",
                                      lambda: published(config, "review_rated"))
    assert (rated["rating"], rated["thanked"]) == (5, True) and "Merci" not in str(rated)
    wait_until("the donor's inbox item", lambda: told(cluster, donor["id"], "review_rated"))
    deliver_again(config, "review_rated", rated_id, rated)
    assert len(told(cluster, donor["id"], "review_rated")) == 1
    assert len(emails(config, "review_rated")) == 1


def test_a_meeting_held_is_help_given_once_however_often_scheduling_says_so(cluster, config):
    donor, seeker, match = accepted_match(cluster, config, "coffee")
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    start = utcnow().replace(microsecond=0)
    held = {"meeting_id": str(uuid.uuid4()), "match_id": match["match_id"], "kind": "coffee",
            "attendee_ids": [seeker["id"], donor["id"]], "start": start.isoformat()}
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    for message_id in (first, first, second):
        publish(envelope(message_id, "meeting_held", utcnow(), held))
    wait_until("matching to handle the second news", lambda: rows(
        config, "matching", select(INBOX.c.status).where(INBOX.c.message_id == second,
                                                         INBOX.c.status == "done")))

    ((message_id, payload),) = published(config, "help_given")
    assert (payload["how"], payload["on_time"], payload["kind"]) == ("meeting_held", True,
                                                                     "coffee")
    (item,) = wait_until("the donor's thanks", lambda: told(cluster, donor["id"], "help_given"))
    assert "Eulalie T." in item["subject"]
    deliver_again(config, "help_given", message_id, payload)
    assert len(told(cluster, donor["id"], "help_given")) == 1
    assert told(cluster, seeker["id"], "help_given") == []
    assert len(emails(config, "help_given")) == 1
