"""Notifications' entrypoints: turn person-facing events into inbox lines and queued emails."""
from email.utils import formataddr
from pathlib import Path

from nameko.dependency_providers import Config
from nameko.timer import timer
from sqlalchemy import delete, select

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.database import Database
from shared.export import row_dict
from shared.messaging.blocks import any_blocked, remember_block
from shared.messaging.erasure import is_erased, messages_naming, remember_erased, scrub_messages
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import serves

from . import domain, store
from .mailer import Mailer


def _contact(row):
    return domain.Contact(row.person_id, row.first_name, row.last_name, row.email, row.locale,
                          row.timezone)


def pair_key(a, b):
    """The same key for two people whichever order they come in."""
    return ":".join(sorted((str(a), str(b))))


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
        if self._keep_contact(session, person):
            self._tell(session, events.PERSON_REGISTERED, person, [person["person_id"]])

    @handles(events.PROFILE_UPDATED)
    def on_profile_updated(self, session, person):
        self._keep_contact(session, person)

    @staticmethod
    def _keep_contact(session, person):
        if is_erased(session, person["person_id"]):
            return False  # arrived after the erasure: must not bring the person back
        session.merge(store.Contact(
            person_id=person["person_id"], first_name=person["first_name"],
            last_name=person["last_name"], email=person["email"], locale=person["locale"],
            timezone=person["timezone"]))
        session.flush()
        return True

    @handles(events.PERSON_BLOCKED)
    def on_person_blocked(self, session, pair):
        remember_block(session, pair["person_id"], pair["other_id"])
        # Emails about the two of them not yet sent are not sent.
        session.execute(delete(store.EmailDelivery).where(
            store.EmailDelivery.status == store.PENDING,
            store.EmailDelivery.notification_id.in_(select(store.Notification.id).where(
                store.Notification.pair_key == pair_key(pair["person_id"], pair["other_id"])))))

    @handles(events.SPONSORSHIP_STARTED)
    def on_sponsorship_started(self, session, sponsorship):
        self._tell(session, events.SPONSORSHIP_STARTED, sponsorship,
                   [sponsorship["sponsor_id"], sponsorship["seeker_id"]])

    @handles(events.CONTACT_REVEALED)
    def on_contact_revealed(self, session, pair):
        self._tell(session, events.CONTACT_REVEALED, pair, [pair["person_id"], pair["other_id"]])

    @handles(events.PERSON_ERASED)
    def on_person_erased(self, session, erased):
        person_id = erased["person_id"]
        contact = session.get(store.Contact, person_id)
        if contact is not None:
            # Other people's messages keep what happened, without the name of who left.
            store.forget_name_in_others_messages(session, person_id, _contact(contact).display_name,
                                                 domain.FORMER_MEMBER)
        remember_erased(session, person_id)
        for model in (store.Contact, store.Notification, store.EmailDelivery):
            session.execute(delete(model).where(model.person_id == person_id))
        scrub_messages(session, person_id)

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
        # Nothing reaches someone erased, nor two people one of whom blocked the other, even when
        # the event was already on its way when that happened.
        if is_erased(session, *person_ids) or any_blocked(session, person_ids):
            return
        contacts = {}
        for person_id in person_ids:
            contact = session.get(store.Contact, person_id)
            if contact is None:
                raise ContactNotKnownYet(f"{contract.name}: no contact for {person_id} yet")
            contacts[person_id] = _contact(contact)
        now = utcnow()
        for message in domain.messages_for(contract.name, data, contacts):
            notification = store.Notification(
                person_id=message.recipient.person_id, event=contract.name,
                pair_key=pair_key(*person_ids) if len(person_ids) == 2 else None,
                subject=message.subject, body=message.body, created_at=now, read=False)
            session.add(notification)
            session.flush()
            if message.email:
                session.add(store.EmailDelivery(
                    notification_id=notification.id, person_id=message.recipient.person_id,
                    to_address=formataddr((message.recipient.full_name, message.recipient.email)),
                    subject=message.subject, body=message.body, attachment=message.attachment,
                    status=store.PENDING, attempts=0, created_at=now, next_attempt_at=now))
                self.mailer.queued()

    @serves(rpc.notifications.export_person)
    def export_person(self, person_id):
        contact = self.db.get(store.Contact, person_id)
        rows = {model.__tablename__: [row_dict(r) for r in self.db.scalars(
            select(model).where(model.person_id == person_id))]
            for model in (store.Notification, store.EmailDelivery)}
        return {"service": self.name,
                "data": {"contact": row_dict(contact) if contact else None, **rows,
                         "messages": messages_naming(self.db, person_id)}}

    @serves(rpc.notifications.inbox)
    def inbox(self, person_id):
        return store.inbox(self.db, person_id)

    @timer(interval=1)
    def send_emails(self):
        self.mailer.send_due()
