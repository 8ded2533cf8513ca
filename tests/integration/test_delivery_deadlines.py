"""No silent helper, on RabbitMQ and PostgreSQL: matching's timer reminds the donor of an accepted
CV review halfway to its deadline (delivery_reminder_due, once), then, past the deadline and the
grace, moves the request to the next best donor (match_reassigned, through the outbox) and runs a
round at once; notifications tells each person once however often each event is delivered.

Time is moved by writing the match's acceptance and deadline back in matching's database, as the
timer would find them days later; the timer itself runs every half second (DELIVERY_CHECK_SECONDS).
"""
import uuid
from datetime import timedelta

import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import select, update

from binome.maildir_check import emails_to
from services.matching.service import MatchingService
from services.matching.store import Match, Offer
from services.notifications.service import NotificationsService
from services.notifications.store import EmailDelivery
from services.profiles.service import ProfilesService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.messaging.outbox import broker_publisher, envelope
from shared.messaging.tables import INBOX, OUTBOX
from support import (COFFEE_DONOR, COFFEE_SEEKER, inbox_events as told, register_confirmed, rows,
                     wait_until)

# The donor the round prefers (works in the job the seeker aims for), and a second one.
SILENT = {**COFFEE_DONOR, "first_name": "Sidonie", "email": "sidonie@example.org", "locale": "en"}
NEXT = {**COFFEE_DONOR, "first_name": "Norbert", "email": "norbert@example.org",
        "occupation": "K2111", "skills": [], "locale": "en"}
SEEKER = {**COFFEE_SEEKER, "locale": "en"}


@pytest.fixture
def cluster(runner_factory, config):
    settings = {**config, "DELIVERY_CHECK_SECONDS": 0.5, "ROUND_EVERY_MINUTES": 0}
    runner = runner_factory(settings, ProfilesService, MatchingService, NotificationsService)
    runner.start()
    with ClusterRpcProxy(settings, timeout=15) as proxy:
        yield proxy


def move_back(config, match_id, days):
    """The match as it was accepted `days` ago, its 7-day deadline moved with it."""
    accepted = utcnow() - timedelta(days=days)
    engine = make_engine(database_url(config, "matching"))
    try:
        with engine.begin() as connection:
            connection.execute(update(Match).where(Match.match_id == match_id).values(
                accepted_at=accepted, deadline_at=accepted + timedelta(days=7)))
    finally:
        engine.dispose()


def outbox(config, event):
    return rows(config, "matching", select(OUTBOX.c.id, OUTBOX.c.payload)
                .where(OUTBOX.c.event == event))


def emails_linking(maildir, address, link, subject=""):
    return [m for m in emails_to(maildir, address) if subject in m["Subject"]
            and link in m.get_body(("plain",)).get_content()]


def deliver_again(config, event, message_id, payload):
    """The event redelivered under its own id and published anew under another: both handled."""
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    again = str(uuid.uuid4())
    for each in (message_id, again):
        publish(envelope(each, event, utcnow(), payload))
    wait_until(f"notifications to handle {event} published anew", lambda: rows(
        config, "notifications", select(INBOX.c.status).where(INBOX.c.message_id == again,
                                                              INBOX.c.status == "done")))


def test_a_silent_donor_is_reminded_once_then_the_request_goes_to_the_next_donor(cluster, config,
                                                                                tmp_path):
    silent = register_confirmed(cluster, config, SILENT)
    following = register_confirmed(cluster, config, NEXT)
    seeker = register_confirmed(cluster, config, SEEKER)
    for donor in (silent, following):
        cluster.profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=1)
    cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

    def proposed():
        cluster.matching.run_round(kind="cv_review")
        return [m for m in cluster.matching.matches_of(person_id=seeker["id"])
                if m["status"] == "proposed"]
    (match,) = wait_until("a proposal", proposed)
    assert match["donor_id"] == silent["id"]
    accepted = cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
    assert accepted["deadline_at"] is not None and not accepted["overdue"]
    match_id = uuid.UUID(match["match_id"])

    # Four days on: halfway through the seven. The donor is reminded, with the match's link.
    move_back(config, match_id, days=4)
    (reminder,) = wait_until("the halfway reminder", lambda: told(
        cluster, silent["id"], "delivery_reminder_due"))
    assert "Sidonie" not in reminder["subject"] and "Eulalie T." in reminder["subject"]
    maildir, link = tmp_path / "maildir", f"/matches/{match['match_id']}"
    # (The proposal's email links to the same page: the reminder is the one saying "Halfway".)
    wait_until("the reminder's email", lambda: emails_linking(maildir, SILENT["email"], link,
                                                              "Halfway"))

    # Eleven days on: past the deadline and the three days' grace.
    move_back(config, match_id, days=11)
    wait_until("the next donor proposed", lambda: [
        m for m in cluster.matching.matches_of(person_id=seeker["id"])
        if m["donor_id"] == following["id"] and m["status"] == "proposed"])
    (moved,) = [m for m in cluster.matching.matches_of(person_id=seeker["id"])
                if m["match_id"] == match["match_id"]]
    assert moved["status"] == "reassigned" and moved["reassign_reason"] == "silent_past_grace"
    # The silent donor's unit is not offered again by matching: profiles pauses it.
    ((available,),) = rows(config, "matching", select(Offer.available).where(
        Offer.person_id == uuid.UUID(silent["id"])))
    assert available == 0
    (to_seeker,) = wait_until("the seeker told", lambda: told(
        cluster, seeker["id"], "match_reassigned"))
    (to_donor,) = wait_until("the donor asked", lambda: told(
        cluster, silent["id"], "match_reassigned"))
    assert "another donor" in to_seeker["subject"] and "paused" in to_donor["subject"]
    wait_until("the donor's email", lambda: emails_linking(maildir, SILENT["email"], "/donor",
                                                           "paused"))
    wait_until("the seeker's email", lambda: emails_linking(maildir, SEEKER["email"], "/seeker",
                                                            "another donor"))

    # Each reminder was sent once: halfway only (its last day passed unseen, the timer ran on).
    reminders = outbox(config, "delivery_reminder_due")
    assert [payload["reminder"] for _, payload in reminders] == ["halfway"]
    (reassigned,) = outbox(config, "match_reassigned")

    # However often each event arrives, each person is told once, in the inbox and by email.
    deliver_again(config, "delivery_reminder_due", *reminders[0])
    deliver_again(config, "match_reassigned", *reassigned)
    assert len(told(cluster, silent["id"], "delivery_reminder_due")) == 1
    assert len(told(cluster, silent["id"], "match_reassigned")) == 1
    assert len(told(cluster, seeker["id"], "match_reassigned")) == 1
    emails = EmailDelivery.__table__
    assert len(rows(config, "notifications", select(emails.c.id).where(
        emails.c.category == "reminders"))) == 1
    assert len(emails_linking(maildir, SILENT["email"], link, "Halfway")) == 1
    assert len(emails_linking(maildir, SILENT["email"], "/donor", "paused")) == 1
    assert len(emails_linking(maildir, SEEKER["email"], "/seeker", "another donor")) == 1
