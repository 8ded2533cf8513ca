"""Notifications' entrypoints: turn person-facing events into inbox lines, emails and webhooks.

Handlers delegate: domain.py says what each person is told, channels.py records it on each
channel (deduplicated per event, recipient and channel), mailer.py and webhooks.py send what is
queued, digest_jobs.py makes the digests, preferences.py holds the person's rules.
"""
from datetime import timedelta
from pathlib import Path

from nameko.dependency_providers import Config
from nameko.timer import timer
from sqlalchemy import delete, or_, select

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.database import Database, transaction
from shared.errors import NotFound
from shared.export import row_dict
from shared.messaging.blocks import any_blocked, remember_block
from shared.messaging.erasure import is_erased, messages_naming, remember_erased, scrub_messages
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.parking import parking
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import ServiceRpc, serves

from . import channels, deliveries, digest_jobs, digests, domain, preferences, store, webhooks
from .links import Links
from .mailer import Mailer
from .parked_deliveries import SOURCES as PARKED_SOURCES

# How many cards a sponsor's digest looks at, and when to try again if matching does not answer.
CARDS_PER_DIGEST = 10
CARDS_RETRY = timedelta(minutes=10)


def _contact(row):
    return domain.Contact(row.person_id, row.first_name, row.last_name, row.email, row.locale,
                          row.timezone)


def pair_key(a, b):
    """The same key for two people whichever order they come in."""
    return ":".join(sorted((str(a), str(b))))


def _without_sign_in_links(data):
    """An export is a document people save and share: a sign-in or confirmation link still alive
    stays out."""
    for delivery in data["email_deliveries"]:
        if delivery["category"] == preferences.SIGN_IN:
            delivery["body"] = delivery["html"] = "(a sign-in link: not exported)"
    for message in data["messages"]["received"]:
        if message["event"] in (events.SIGN_IN_REQUESTED.name,
                                events.ADDRESS_CONFIRMATION_REQUESTED.name):
            message["payload"] = {**message["payload"], "link_token": "(not exported)"}
        if message["event"] == events.OUTCOME_QUESTION_DUE.name:
            message["payload"] = {**message["payload"], "token": "(not exported)"}
    for delivery in data["email_deliveries"]:
        if delivery["category"] != preferences.SIGN_IN and deliveries.holds_secret_link(delivery):
            delivery["body"] = delivery["html"] = "(links that answer a question: not exported)"
    return data


class ContactNotKnownYet(Exception):
    """A person's registration has not reached notifications yet; the inbox retries later."""


class NotificationsService(ReliableMessaging, parking(rpc.notifications, PARKED_SOURCES)):
    name = "notifications"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)
    mailer = Mailer()
    webhook_sender = webhooks.Webhooks()
    # Only to read sponsors' feeds for their cards digest, with RPC_TIMEOUT_SECONDS.
    services = ServiceRpc(["matching"])

    @property
    def settings(self):
        return channels.Settings.from_config(self.config)

    @property
    def links(self):
        """Where emails lead (links.py): the one place PUBLIC_URL is read."""
        return Links.from_config(self.config)

    # --- people -------------------------------------------------------------------------------

    @handles(events.PERSON_REGISTERED)
    def on_person_registered(self, session, person):
        if self._keep_contact(session, person):
            self._tell(session, events.PERSON_REGISTERED, person)

    @handles(events.PROFILE_UPDATED)
    def on_profile_updated(self, session, person):
        self._keep_contact(session, person)

    def _keep_contact(self, session, person):
        if is_erased(session, person["person_id"]):
            return False  # arrived after the erasure: must not bring the person back
        contact = session.merge(store.Contact(
            person_id=person["person_id"], first_name=person["first_name"],
            last_name=person["last_name"], email=person["email"], locale=person["locale"],
            timezone=person["timezone"], sponsor="sponsor" in person["roles"]))
        session.flush()
        now = utcnow()
        channels.schedule_digest(session, _contact(contact), digests.WEEKLY, now, self.settings)
        if contact.sponsor:
            channels.schedule_digest(session, _contact(contact), digests.CARDS, now, self.settings)
        return True

    @handles(events.SIGN_IN_REQUESTED)
    def on_sign_in_requested(self, session, request):
        # The link's token is in the payload (nowhere else to get it from): it goes into the
        # email only, never into the inbox, a log or a webhook (organisations have no business
        # knowing when someone signs in); it is worthless once used or 15 minutes later.
        self._tell(session, events.SIGN_IN_REQUESTED, request, to_webhooks=False)

    @handles(events.ADDRESS_CONFIRMATION_REQUESTED)
    def on_address_confirmation_requested(self, session, request):
        # To the address being proved, which is nobody's yet (a registration) or not yet the
        # person's (a change): by email only, never to an inbox or a webhook.
        if is_erased(session, request["person_id"]):
            return
        message = domain.address_confirmation(request, self.links)
        key = domain.event_key(events.ADDRESS_CONFIRMATION_REQUESTED.name, request)
        if channels.queue_email(session, message,
                                domain.delivery_key(key, request["person_id"], channels.EMAIL),
                                utcnow()):
            self.mailer.queued()

    @handles(events.PERSON_BLOCKED)
    def on_person_blocked(self, session, pair):
        remember_block(session, pair["person_id"], pair["other_id"])
        # What is not yet sent about the two of them is not sent.
        channels.drop_unsent_about_pair(session, pair_key(pair["person_id"], pair["other_id"]),
                                        pair["person_id"], pair["other_id"])

    @handles(events.PERSON_ERASED)
    def on_person_erased(self, session, erased):
        person_id = erased["person_id"]
        # Locked first: a message about them being written meanwhile (it holds their contact,
        # see _tell) commits before the names below are replaced, and is replaced with them.
        contact = session.get(store.Contact, person_id, with_for_update=True)
        if contact is not None:
            # Other people's messages keep what happened, without the name of who left.
            store.forget_name_in_others_messages(session, person_id, _contact(contact).display_name,
                                                 domain.FORMER_MEMBER)
        remember_erased(session, person_id)
        for model in store.PERSONAL_TABLES:
            session.execute(delete(model).where(model.person_id == person_id))
        session.execute(delete(store.PledgeMatch).where(store.PledgeMatch.donor_id == person_id))
        session.execute(delete(store.CardShown).where(or_(store.CardShown.sponsor_id == person_id,
                                                          store.CardShown.card_id == person_id)))
        channels.drop_unsent_about_person(session, person_id)
        scrub_messages(session, person_id)

    # --- pledges ------------------------------------------------------------------------------

    @handles(events.PLEDGE_MADE)
    def on_pledge_made(self, session, pledge):
        if not is_erased(session, pledge["person_id"]):
            session.merge(store.Pledge(pledge_id=pledge["pledge_id"], person_id=pledge["person_id"],
                                       kind=pledge["kind"], quantity=pledge["quantity"]))
        self._tell(session, events.PLEDGE_MADE, pledge)

    @handles(events.PLEDGE_CLOSED)
    def on_pledge_closed(self, session, closed):
        pledge = session.get(store.Pledge, closed["id"])
        facts = {"kind": pledge.kind if pledge else None,
                 "quantity": pledge.quantity if pledge else None,
                 "people_helped": store.people_helped(session, closed["id"])}
        self._tell(session, events.PLEDGE_CLOSED, closed, facts)

    # --- matches ------------------------------------------------------------------------------

    @handles(events.MATCH_PROPOSED)
    def on_match_proposed(self, session, match):
        self._tell(session, events.MATCH_PROPOSED, match)

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        # Counted for the pledge's impact: the people it helped.
        if session.get(store.PledgeMatch, match["match_id"]) is None:
            session.add(store.PledgeMatch(match_id=match["match_id"], pledge_id=match["pledge_id"],
                                          seeker_id=match["seeker_id"], donor_id=match["donor_id"]))
        self._tell(session, events.MATCH_ACCEPTED, match)

    @handles(events.SPONSORSHIP_STARTED)
    def on_sponsorship_started(self, session, sponsorship):
        self._tell(session, events.SPONSORSHIP_STARTED, sponsorship)

    @handles(events.SPONSOR_INTERESTED)
    def on_sponsor_interested(self, session, interest):
        # Not to webhooks: a like nobody returned yet is between two people; organisations hear
        # of the sponsorship once it starts.
        self._tell(session, events.SPONSOR_INTERESTED, interest, to_webhooks=False)

    @handles(events.MESSAGE_POSTED)
    def on_message_posted(self, session, posted):
        # Not to webhooks: a conversation is between the two people only.
        self._tell(session, events.MESSAGE_POSTED, posted, to_webhooks=False)

    # --- turnaround (issue 14) ----------------------------------------------------------------

    @handles(events.DELIVERY_REMINDER_DUE)
    def on_delivery_reminder_due(self, session, reminder):
        # Not to webhooks, as a conversation: what is due between two people stays theirs.
        self._tell(session, events.DELIVERY_REMINDER_DUE, reminder, to_webhooks=False)

    @handles(events.MATCH_REASSIGNED)
    def on_match_reassigned(self, session, moved):
        # The silent donor did not help this seeker: their pledge's impact does not count them.
        session.execute(delete(store.PledgeMatch).where(
            store.PledgeMatch.match_id == moved["match_id"]))
        self._tell(session, events.MATCH_REASSIGNED, moved, to_webhooks=False)

    @handles(events.OUTCOME_QUESTION_DUE)
    def on_outcome_question_due(self, session, question):
        # The link's token is in the payload only: it goes into the email (deliveries.py drops
        # the body once sent), never into the inbox or a webhook.
        self._tell(session, events.OUTCOME_QUESTION_DUE, question, to_webhooks=False)

    @handles(events.HELP_GIVEN)
    def on_help_given(self, session, given):
        # Not to webhooks: what was reviewed, confirmed or met is between the two people.
        self._tell(session, events.HELP_GIVEN, given, to_webhooks=False)

    @handles(events.REVIEW_RATED)
    def on_review_rated(self, session, rated):
        self._tell(session, events.REVIEW_RATED, rated, to_webhooks=False)

    @handles(events.CONTACT_REVEALED)
    def on_contact_revealed(self, session, pair):
        self._tell(session, events.CONTACT_REVEALED, pair)

    # --- meetings -----------------------------------------------------------------------------

    @handles(events.MEETING_PROPOSED)
    def on_meeting_proposed(self, session, meeting):
        self._tell(session, events.MEETING_PROPOSED, meeting)

    @handles(events.MEETING_CONFIRMED)
    def on_meeting_confirmed(self, session, meeting):
        self._tell(session, events.MEETING_CONFIRMED, meeting)

    @handles(events.MEETING_RESCHEDULED)
    def on_meeting_rescheduled(self, session, meeting):
        self._tell(session, events.MEETING_RESCHEDULED, meeting)

    @handles(events.MEETING_CANCELLED)
    def on_meeting_cancelled(self, session, meeting):
        self._tell(session, events.MEETING_CANCELLED, meeting)

    @handles(events.MEETING_REMINDER_DUE)
    def on_meeting_reminder_due(self, session, reminder):
        self._tell(session, events.MEETING_REMINDER_DUE, reminder)

    @handles(events.FEEDBACK_REQUESTED)
    def on_feedback_requested(self, session, request):
        self._tell(session, events.FEEDBACK_REQUESTED, request)

    @handles(events.NO_SHOW_RECORDED)
    def on_no_show_recorded(self, session, no_show):
        self._tell(session, events.NO_SHOW_RECORDED, no_show)

    def _tell(self, session, contract, data, facts=None, to_webhooks=True):
        person_ids = domain.people_of(contract.name, data)
        # Nothing reaches someone erased, nor two people one of whom blocked the other, even when
        # the event was already on its way when that happened.
        if is_erased(session, *person_ids) or any_blocked(session, person_ids):
            return
        contacts = {}
        for person_id in person_ids:
            # Shared lock: an erasure of one of them waits for this message, or this message
            # for the erasure (and then finds the contact gone, and is dropped on its retry).
            contact = session.get(store.Contact, person_id, with_for_update={"read": True})
            if contact is None:
                raise ContactNotKnownYet(f"{contract.name}: no contact for {person_id} yet")
            contacts[person_id] = _contact(contact)
        now, key = utcnow(), domain.event_key(contract.name, data)
        pair = pair_key(*person_ids) if len(set(person_ids)) == 2 else None
        emailed = [channels.tell(session, message, key, pair, now, self.settings)
                   for message in domain.messages_for(contract.name, data, contacts, facts,
                                                      self.links)]
        if any(emailed):
            self.mailer.queued()
        if to_webhooks and channels.queue_webhooks(session, contract.name, data, key, person_ids, now):
            self.webhook_sender.queued()

    # --- the inbox ----------------------------------------------------------------------------

    @serves(rpc.notifications.inbox)
    def inbox(self, person_id, page, page_size):
        return store.inbox_page(self.db, person_id, page, page_size)[0]

    @serves(rpc.notifications.inbox_page)
    def inbox_page(self, person_id, page, page_size):
        items, total, unread = store.inbox_page(self.db, person_id, page, page_size)
        return {"items": items, "page": page, "page_size": page_size, "total": total,
                "unread": unread}

    @serves(rpc.notifications.unread_count)
    def unread_count(self, person_id):
        return {"unread": store.unread_count(self.db, person_id)}

    @serves(rpc.notifications.mark_read)
    def mark_read(self, person_id, notification_id):
        with self.db.begin():
            notification = self.db.get(store.Notification, notification_id)
            # Someone else's notification is answered exactly like one that does not exist.
            if notification is None or notification.person_id != person_id:
                raise NotFound(f"no notification {notification_id}")
            notification.read = True
        return {"unread": store.unread_count(self.db, person_id)}

    @serves(rpc.notifications.mark_all_read)
    def mark_all_read(self, person_id):
        with self.db.begin():
            for notification in self.db.scalars(select(store.Notification).where(
                    store.Notification.person_id == person_id,
                    store.Notification.read.is_(False))):
                notification.read = True
        return {"unread": 0}

    # --- preferences --------------------------------------------------------------------------

    @serves(rpc.notifications.notification_preferences)
    def notification_preferences(self, person_id, **changes):
        with self.db.begin():
            if changes.get("modes"):
                for category, mode in changes["modes"].items():
                    self.db.merge(store.Preference(person_id=person_id, category=category,
                                                   mode=mode))
            if "quiet_hours" in changes:
                self.db.execute(delete(store.QuietHours).where(
                    store.QuietHours.person_id == person_id))
                if changes["quiet_hours"]:
                    self.db.add(store.QuietHours(person_id=person_id,
                                                 **changes["quiet_hours"]))
            chosen = channels.chosen_modes(self.db, person_id)
            quiet = self.db.get(store.QuietHours, person_id)
            return {"modes": {category: preferences.mode_for(category, chosen)
                              for category in preferences.CATEGORIES},
                    "quiet_hours": {"start": quiet.start, "end": quiet.end} if quiet else None,
                    "daily_email_cap": self.settings.daily_cap}

    # --- webhooks (operators) -----------------------------------------------------------------

    @serves(rpc.notifications.add_webhook)
    def add_webhook(self, name, url, events):
        with self.db.begin():
            return webhooks.add_subscriber(self.db, name, url, events)

    @serves(rpc.notifications.remove_webhook)
    def remove_webhook(self, webhook_id):
        with self.db.begin():
            return webhooks.remove_subscriber(self.db, webhook_id)

    @serves(rpc.notifications.webhooks)
    def webhooks(self):
        return webhooks.subscribers(self.db)

    # --- export -------------------------------------------------------------------------------

    @serves(rpc.notifications.export_person)
    def export_person(self, person_id):
        contact = self.db.get(store.Contact, person_id)
        rows = {model.__tablename__: [row_dict(r) for r in self.db.scalars(
            select(model).where(model.person_id == person_id))]
            for model in store.PERSONAL_TABLES if model is not store.Contact}
        data = {"contact": row_dict(contact) if contact else None, **rows,
                "messages": messages_naming(self.db, person_id)}
        return {"service": self.name, "data": _without_sign_in_links(data)}

    # --- timers -------------------------------------------------------------------------------

    @timer(interval=1)
    def send_emails(self):
        self.mailer.send_due()

    @timer(interval=1)
    def send_webhooks(self):
        self.webhook_sender.send_due()

    @timer(interval=30)
    def send_digests(self):
        engine = self.db.get_bind()
        now = utcnow()
        with transaction(engine) as session:
            queued = digest_jobs.run_due(session, now, self.settings, self.links)
        with transaction(engine) as session:
            sponsors = digest_jobs.sponsors_due(session, now)
        for sponsor_id, due_at in sponsors:
            try:
                feed = self.services.call(rpc.matching.feed, sponsor_id=str(sponsor_id), page=0,
                                          page_size=CARDS_PER_DIGEST)
            except Exception:
                with transaction(engine) as session:
                    digest_jobs.postpone(session, sponsor_id, due_at, now + CARDS_RETRY)
                continue
            with transaction(engine) as session:
                queued += digest_jobs.queue_cards(session, sponsor_id, due_at, feed["cards"],
                                                  now, self.settings, self.links)
        if queued:
            self.mailer.send_due()
