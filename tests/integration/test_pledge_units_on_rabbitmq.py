"""A pledge's units on RabbitMQ and PostgreSQL: help_given (matching's event) reaches profiles,
which counts the unit given once however often the event arrives, closes the pledge fulfilled
through its outbox (pledge_closed), and the donor is told once, in the inbox and by email; a
reassigned match pauses the unit, and the donor's "yes" (pledge_resumed, profiles' outbox) makes
matching offer it again, once.

help_given and match_reassigned are published here as matching publishes them (its outbox
relay's publisher, an envelope with a message id), as the other integration tests inject events.
"""
import uuid

import pytest
from sqlalchemy import select

from binome.maildir_check import emails_to
from services.matching import store as matching_store
from shared.clock import utcnow
from shared.contracts import events
from shared.messaging.outbox import broker_publisher, envelope
from shared.messaging.tables import INBOX, OUTBOX
from support import (COFFEE_DONOR as DONOR, COFFEE_SEEKER as SEEKER, register_confirmed, rows,
                     wait_until)


def handled(config, service, message_id):
    return rows(config, service, select(INBOX.c.status).where(INBOX.c.message_id == message_id,
                                                              INBOX.c.status == "done"))


@pytest.fixture
def accepted(cluster, config):
    """A donor's pledge of one CV review, accepted by a seeker; the unit in progress."""
    donor = register_confirmed(cluster, config, {**DONOR, "locale": "en"})
    seeker = register_confirmed(cluster, config, SEEKER)
    pledge = cluster.profiles.make_pledge(person_id=donor["id"], kind="cv_review", quantity=1)
    cluster.profiles.request_help(person_id=seeker["id"], kind="cv_review")

    def proposed():
        cluster.matching.run_round(kind="cv_review")
        return cluster.matching.matches_of(person_id=seeker["id"])
    match = wait_until("a proposal", proposed)[0]
    cluster.matching.accept(match_id=match["match_id"], person_id=seeker["id"])
    wait_until("the unit in progress", lambda: units(cluster, donor)["in_progress"] == 1)
    return {"donor": donor, "seeker": seeker, "pledge": pledge, "match": match}


def units(cluster, donor):
    (pledge,) = cluster.profiles.pledges_of(person_id=donor["id"])
    return {**pledge["units"], "status": pledge["status"]}


def about(match):
    return {key: match[key] for key in ("match_id", "kind", "request_id", "pledge_id",
                                        "seeker_id", "donor_id")}


def publish_as_matching(config, contract, payload, message_ids):
    publish = broker_publisher(config["AMQP_URI"], events.EVENTS)
    wire = contract.to_wire(payload)
    for message_id in message_ids:
        publish(envelope(message_id, contract.name, utcnow(), wire))


def test_help_given_closes_the_pledge_fulfilled_once_and_the_donor_is_told_once(
        cluster, config, tmp_path, accepted):
    assert units(cluster, accepted["donor"])["status"] == "matched"      # not fulfilled yet
    first, again = str(uuid.uuid4()), str(uuid.uuid4())
    # Delivered twice under one message id (a redelivery), and published anew under another.
    publish_as_matching(config, events.HELP_GIVEN, {
        **about(accepted["match"]), "how": "review_returned", "given_at": utcnow(),
        "on_time": True}, [first, first, again])
    for message_id in (first, again):
        wait_until("profiles to handle help_given",
                   lambda m=message_id: handled(config, "profiles", m))
    assert units(cluster, accepted["donor"]) == {
        "remaining": 0, "in_progress": 0, "given": 1, "paused": 0, "released": 0,
        "status": "fulfilled"}
    (request,) = cluster.profiles.requests_of(person_id=accepted["seeker"]["id"])
    assert request["status"] == "fulfilled"

    # pledge_closed went out through profiles' outbox, once, and was published.
    closed = rows(config, "profiles", select(OUTBOX.c.payload, OUTBOX.c.published_at)
                  .where(OUTBOX.c.event == "pledge_closed"))
    assert [payload for payload, _ in closed] == [
        {"id": accepted["pledge"]["id"], "person_id": accepted["donor"]["id"],
         "status": "fulfilled"}]
    wait_until("pledge_closed published", lambda: rows(
        config, "profiles", select(OUTBOX.c.id).where(OUTBOX.c.event == "pledge_closed",
                                                      OUTBOX.c.published_at.is_not(None))))

    # The donor is told once: one inbox item, one email.
    def told():
        return [n for n in cluster.notifications.inbox(person_id=accepted["donor"]["id"], page=1,
                                                       page_size=50)
                if n["event"] == "pledge_closed"]
    (item,) = wait_until("the donor's inbox item", told)
    assert "fulfilled" in item["subject"]
    maildir = tmp_path / "maildir"
    (email,) = wait_until("the donor's email", lambda: [
        m for m in emails_to(maildir, DONOR["email"]) if "pledge is fulfilled" in m["Subject"]])
    assert "1 person helped" in email["Subject"]
    # Matching closed its offer when it heard pledge_closed.
    wait_until("matching's offer closed", lambda: rows(config, "matching", select(
        matching_store.Offer.closed).where(matching_store.Offer.pledge_id ==
                                           accepted["pledge"]["id"],
                                           matching_store.Offer.closed.is_(True))))


def test_a_paused_unit_resumed_is_offered_again_by_matching_once(cluster, config, accepted):
    reassigned = str(uuid.uuid4())
    publish_as_matching(config, events.MATCH_REASSIGNED, {
        **about(accepted["match"]), "remote": True, "reason": "silent_past_grace",
        "deadline": utcnow()}, [reassigned, reassigned])
    wait_until("profiles to handle match_reassigned", lambda: handled(config, "profiles",
                                                                      reassigned))
    assert units(cluster, accepted["donor"])["paused"] == 1
    (request,) = cluster.profiles.requests_of(person_id=accepted["seeker"]["id"])
    assert request["status"] == "open"

    def available():
        (offer,) = rows(config, "matching", select(matching_store.Offer.available).where(
            matching_store.Offer.pledge_id == accepted["pledge"]["id"]))
        return offer.available
    assert available() == 0       # a reassignment does not give the unit back to matching

    resumed = cluster.profiles.resume_pledge(person_id=accepted["donor"]["id"],
                                             pledge_id=accepted["pledge"]["id"])
    assert (resumed["status"], resumed["units"]["remaining"]) == ("open", 1)
    ((message_id, payload),) = rows(config, "profiles", select(OUTBOX.c.id, OUTBOX.c.payload)
                                    .where(OUTBOX.c.event == "pledge_resumed"))
    assert payload["units"] == 1
    wait_until("matching to handle pledge_resumed",
               lambda: handled(config, "matching", message_id))
    assert available() == 1
    # Redelivered under its message id: the unit is offered once, not twice.
    publish_as_matching(config, events.PLEDGE_RESUMED, payload, [message_id])
    # A later message on the same queue, about no offer: once it is handled, the duplicate
    # ahead of it has been too.
    marker = str(uuid.uuid4())
    publish_as_matching(config, events.PLEDGE_RESUMED, {
        "pledge_id": uuid.uuid4(), "person_id": accepted["donor"]["id"], "units": 1}, [marker])
    wait_until("matching to handle a later event", lambda: handled(config, "matching", marker))
    assert available() == 1
