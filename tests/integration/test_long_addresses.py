"""A name and an address as long as registration allows, on PostgreSQL: the queued email's To
("Name" <address>) still fits, so that neither that person's email nor the other person's,
written in the same transaction for the same event, is lost."""
import uuid

from sqlalchemy import select

import services.notifications.store as notifications_store
from services.notifications.service import NotificationsService
from shared.clock import utcnow
from shared.config import database_url
from shared.contracts import events
from shared.database import make_engine, transaction
from support import wait_until
from test_poisoned_email import publish, registered

# 50 characters each, all of them quotes: the To header writes each one as \" (two).
QUOTES = '"' * 50
LONGEST_ADDRESS = "m" * 64 + "@" + ".".join(["d" * 61] * 3) + ".org"  # 254


def test_the_longest_name_and_address_still_get_their_email_and_their_partner_too(
        container_factory, config):
    assert len(LONGEST_ADDRESS) == 254
    notifications = container_factory(NotificationsService, config)
    notifications.start()
    ada = registered("Ada", "Lovelace", ["job_seeker"])
    mallory = {**registered(QUOTES, QUOTES, ["sponsor"]), "email": LONGEST_ADDRESS}
    for person in (ada, mallory):
        publish(notifications, events.PERSON_REGISTERED, person, "on_person_registered")
    publish(notifications, events.SPONSORSHIP_STARTED, {
        "sponsorship_id": uuid.uuid4(), "sponsor_id": mallory["person_id"],
        "seeker_id": ada["person_id"], "started_at": utcnow()}, "on_sponsorship_started")
    engine = make_engine(database_url(config, "notifications"))

    def queued():
        with transaction(engine) as session:
            return set(session.scalars(select(notifications_store.EmailDelivery.person_id).where(
                notifications_store.EmailDelivery.dedupe_key.like("%sponsorship%"))))
    wait_until("both emails queued", lambda: queued() >= {ada["person_id"], mallory["person_id"]})
