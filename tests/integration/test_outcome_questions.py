"""Outcomes three months on, on RabbitMQ and PostgreSQL: matching's timer asks a seeker once their
first help was given long enough ago (OUTCOME_AFTER_DAYS, tiny here), through its outbox; only
the link's hash stays in matching; notifications puts one inbox item (without the link) and one
email with the one-click links, however often the event arrives, and keeps no copy of the link
once the email is sent. The help is marked given by setting matches.given_at in matching's
database (the routes that give help belong to other parts of issue 14)."""
import re
import uuid
from datetime import timedelta, timezone

import pytest

from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import select, text

from binome.maildir_check import emails_to
from services.matching.outcome_questions import ASK_EVERY_SECONDS
from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.notifications.store import EmailDelivery
from services.profiles.service import ProfilesService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine
from shared.errors import Conflict
from shared.messaging.outbox import broker_publisher, envelope
from shared.messaging.tables import INBOX, OUTBOX
from support import COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, register_confirmed, wait_until

# Room for two looks of the timer and the relay.
ASKED_WITHIN = 3 * ASK_EVERY_SECONDS


@pytest.fixture
def cluster(runner_factory, config):
    config["OUTCOME_AFTER_DAYS"] = 0
    runner = runner_factory(config, ProfilesService, MatchingService, NotificationsService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as proxy:
        yield proxy


def run(config, service, statement, **params):
    engine = make_engine(database_url(config, service))
    try:
        with engine.begin() as connection:
            result = connection.execute(statement, params)
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def told(cluster, person_id):
    return [n for n in cluster.notifications.inbox(person_id=person_id, page=1, page_size=50)
            if n["event"] == "outcome_question_due"]


def links_in(maildir, address):
    return [re.findall(r"https?://\S+/outcomes/([A-Za-z0-9_-]+)\?situation=found_job",
                       m.get_body(("plain",)).get_content())
            for m in emails_to(maildir, address)
            if "/outcomes/" in m.get_body(("plain",)).get_content()]


def test_the_question_is_asked_once_through_the_outbox_and_told_once(cluster, config, tmp_path):
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
    # Nobody is asked before help was given.
    assert run(config, "matching", text("SELECT count(*) FROM outcome_surveys")) == [(0,)]

    # The help given (the meeting held, say): given_at set in matching's database.
    run(config, "matching", text("UPDATE matches SET given_at = :at, given_how = 'meeting_held' "
                                 "WHERE match_id = :id"), at=utcnow(), id=match["match_id"])

    (item,) = wait_until("the seeker's inbox item", lambda: told(cluster, seeker["id"]),
                         timeout=ASKED_WITHIN)
    maildir = tmp_path / "maildir"
    ((token,),) = wait_until("the seeker's email", lambda: links_in(maildir, SEEKER["email"]))
    assert token not in item["body"]            # the inbox never holds the link
    assert told(cluster, donor["id"]) == []

    # Matching keeps the hash of the token, never the token; one survey, for the coffee given.
    ((survey_id, token_hash, kinds),) = run(config, "matching", text(
        "SELECT survey_id, token_hash, kinds FROM outcome_surveys WHERE person_id = :p"),
        p=seeker["id"])
    assert token_hash != token and token not in str(kinds) and "coffee" in str(kinds)
    ((message_id, payload),) = run(config, "matching", select(OUTBOX.c.id, OUTBOX.c.payload)
                                   .where(OUTBOX.c.event == "outcome_question_due"))
    assert payload["token"] == token and payload["survey_id"] == str(survey_id)

    # Notifications keeps no copy of the link once the email is sent.
    emails = EmailDelivery.__table__
    ((body, html),) = wait_until("the email marked sent", lambda: run(
        config, "notifications", select(emails.c.body, emails.c.html).where(
            emails.c.category == "feedback", emails.c.status == "sent")))
    assert token not in body and html is None

    # The event again, under its id and under a new one: nothing more is told.
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    again = str(uuid.uuid4())
    for each in (message_id, again):
        publish(envelope(each, "outcome_question_due", utcnow(), payload))
    wait_until("notifications to handle the event published anew", lambda: run(
        config, "notifications", select(INBOX.c.status).where(INBOX.c.message_id == again,
                                                              INBOX.c.status == "done")))
    assert len(told(cluster, seeker["id"])) == 1
    assert len(run(config, "notifications", select(emails.c.id).where(
        emails.c.category == "feedback"))) == 1
    assert len(links_in(maildir, SEEKER["email"])) == 1

    # Past two more looks of the timer: still asked once, and one event in the outbox.
    ((asked_at,),) = run(config, "matching", text("SELECT asked_at FROM outcome_surveys"))
    asked_at = asked_at if asked_at.tzinfo else asked_at.replace(tzinfo=timezone.utc)
    wait_until("two more looks of the timer", lambda: utcnow() >= asked_at + timedelta(
        seconds=2 * ASK_EVERY_SECONDS + 1), timeout=ASKED_WITHIN)
    assert run(config, "matching", text("SELECT count(*) FROM outcome_surveys")) == [(1,)]
    assert len(run(config, "matching", select(OUTBOX.c.id).where(
        OUTBOX.c.event == "outcome_question_due"))) == 1

    # The answer, once, by the token; the figures and the donor's line count it.
    answered = cluster.matching.answer_outcome(token=token, situation="found_job", helped=True,
                                               satisfaction=5)
    assert answered["open"] is False and answered["closed_because"] == "answered"
    with pytest.raises(Conflict):
        cluster.matching.answer_outcome(token=token, situation="still_looking", helped=False,
                                        satisfaction=1)
    figures = cluster.matching.outcome_figures()
    assert (figures["asked"], figures["answered"], figures["found_job_share"]) == (1, 1, 1.0)
    coffee = next(k for k in figures["by_kind"] if k["kind"] == "coffee")
    assert (coffee["asked"], coffee["satisfied_share"], coffee["helped_share"]) == (1, 1.0, 1.0)
    assert cluster.matching.helped_outcomes(person_id=donor["id"]) == {
        "helped": 1, "found_work": 1, "in_training": 0}
