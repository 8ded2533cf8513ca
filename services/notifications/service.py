"""Notifications' entrypoints: turn person-facing events into inbox lines and queued emails."""
from email.utils import formataddr
from pathlib import Path

from nameko.dependency_providers import Config
from nameko.timer import timer

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.database import Database
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import serves

from . import domain, store
from .mailer import Mailer


class ContactNotKnownYet(Exception):
    """A person's registration has not reached notifications yet; the inbox retries later."""


class NotificationsService(ReliableMessaging):
    name = "notifications"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)
    mailer = Mailer()

    @handles(events.PERSON_REGISTERED)
    def on_person_registered(self, session, person):
        session.merge(store.Contact(
            person_id=person["person_id"], name=person["name"], email=person["email"],
            locale=person["locale"], timezone=person["timezone"]))
        session.flush()
        self._tell(session, events.PERSON_REGISTERED, person, [person["person_id"]])

    @handles(events.MATCH_PROPOSED)
    def on_match_proposed(self, session, match):
        self._tell(session, events.MATCH_PROPOSED, match, [match["seeker_id"], match["donor_id"]])

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        self._tell(session, events.MATCH_ACCEPTED, match, [match["seeker_id"], match["donor_id"]])

    @handles(events.MEETING_PROPOSED)
    def on_meeting_proposed(self, session, meeting):
        self._tell(session, events.MEETING_PROPOSED, meeting,
                   [meeting["chooser_id"], meeting["other_id"]])

    @handles(events.MEETING_CONFIRMED)
    def on_meeting_confirmed(self, session, meeting):
        self._tell(session, events.MEETING_CONFIRMED, meeting, meeting["attendee_ids"])

    def _tell(self, session, contract, data, person_ids):
        contacts = {}
        for person_id in person_ids:
            contact = session.get(store.Contact, person_id)
            if contact is None:
                raise ContactNotKnownYet(f"{contract.name}: no contact for {person_id} yet")
            contacts[person_id] = domain.Contact(contact.person_id, contact.name, contact.email,
                                                 contact.locale, contact.timezone)
        now = utcnow()
        for message in domain.messages_for(contract.name, data, contacts):
            notification = store.Notification(
                person_id=message.recipient.person_id, event=contract.name,
                subject=message.subject, body=message.body, created_at=now, read=False)
            session.add(notification)
            session.flush()
            if message.email:
                session.add(store.EmailDelivery(
                    notification_id=notification.id,
                    to_address=formataddr((message.recipient.name, message.recipient.email)),
                    subject=message.subject, body=message.body, attachment=message.attachment,
                    status=store.PENDING, attempts=0, created_at=now, next_attempt_at=now))
                self.mailer.queued()

    @serves(rpc.notifications.inbox)
    def inbox(self, person_id):
        return store.inbox(self.db, person_id)

    @timer(interval=1)
    def send_emails(self):
        self.mailer.send_due()
