"""Scheduling's entrypoints: propose slots for accepted meetings, book the one chosen."""
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path

from nameko.dependency_providers import Config
from sqlalchemy import delete, select

from shared.availability import Weekly
from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.contracts.kinds import MEETING_MINUTES
from shared.database import Database
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.export import row_dict
from shared.messaging.blocks import blocked_either_way, remember_block
from shared.messaging.erasure import is_erased, messages_naming, remember_erased, scrub_messages
from shared.names import display_name
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import serves

from . import domain, store

TITLES = {"coffee": "Coffee", "mock_interview": "Mock interview", "lunch_mentoring": "Lunch"}


class PersonNotKnownYet(Exception):
    """The person's registration has not reached scheduling yet; the inbox retries later."""


class SchedulingService(ReliableMessaging):
    name = "scheduling"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)

    @handles(events.PERSON_REGISTERED)
    def on_person_registered(self, session, person):
        self._keep_attendee(session, person)

    @handles(events.PROFILE_UPDATED)
    def on_profile_updated(self, session, person):
        self._keep_attendee(session, person)

    @staticmethod
    def _keep_attendee(session, person):
        if is_erased(session, person["person_id"]):
            return  # arrived after the erasure: must not bring the person back
        session.merge(store.Attendee(
            person_id=person["person_id"],
            display_name=display_name(person["first_name"], person["last_name"]),
            timezone=person["timezone"], availability=person["availability"]))

    @handles(events.PERSON_BLOCKED)
    def on_person_blocked(self, session, pair):
        remember_block(session, pair["person_id"], pair["other_id"])
        for meeting in store.meetings_between(session, pair["person_id"], pair["other_id"]):
            if meeting.status in (store.PROPOSED, store.CONFIRMED):
                meeting.status = store.CANCELLED

    @handles(events.PERSON_ERASED)
    def on_person_erased(self, session, erased):
        person_id = erased["person_id"]
        remember_erased(session, person_id)
        session.execute(delete(store.Attendee).where(store.Attendee.person_id == person_id))
        for meeting in store.meetings_of(session, person_id):
            if meeting.status in (store.PROPOSED, store.CONFIRMED):
                meeting.status = store.CANCELLED
        scrub_messages(session, person_id)

    @handles(events.MATCH_CANCELLED)
    def on_match_cancelled(self, session, match):
        meeting = session.scalars(select(store.Meeting)
                                  .where(store.Meeting.match_id == match["match_id"])).first()
        if meeting is not None and meeting.status in (store.PROPOSED, store.CONFIRMED):
            meeting.status = store.CANCELLED

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        minutes = MEETING_MINUTES.get(match["kind"])
        if minutes is None:
            return  # reviews and introductions happen without a meeting
        if is_erased(session, match["seeker_id"], match["donor_id"]) \
                or blocked_either_way(session, match["seeker_id"], match["donor_id"]):
            return  # in flight when one blocked the other or left: never scheduled
        seeker, donor = (session.get(store.Attendee, match[key]) for key in ("seeker_id", "donor_id"))
        if seeker is None or donor is None:
            raise PersonNotKnownYet(f"match {match['match_id']}: attendee not registered here yet")
        people = [Weekly(p.timezone, p.availability) for p in (seeker, donor)]
        busy = store.busy_times(session, [seeker.person_id, donor.person_id])
        slots = domain.free_slots(people, busy, utcnow(), minutes)
        meeting = store.Meeting(
            match_id=match["match_id"], kind=match["kind"], chooser_id=seeker.person_id,
            other_id=donor.person_id, remote=match["remote"],
            slots=[{"start": a.isoformat(), "end": b.isoformat()} for a, b in slots],
            status=store.PROPOSED if slots else store.NO_COMMON_TIME)
        session.add(meeting)
        session.flush()
        if slots:
            self.outbox.add(session, events.MEETING_PROPOSED, {
                "meeting_id": meeting.meeting_id, "match_id": meeting.match_id,
                "kind": meeting.kind, "chooser_id": meeting.chooser_id,
                "other_id": meeting.other_id,
                "slots": [{"start": a, "end": b} for a, b in slots]})

    @serves(rpc.scheduling.export_person)
    def export_person(self, person_id):
        attendee = self.db.get(store.Attendee, person_id)
        return {"service": self.name, "data": {
            "attendee": row_dict(attendee) if attendee else None,
            "meetings": [row_dict(m) for m in store.meetings_of(self.db, person_id)],
            "messages": messages_naming(self.db, person_id)}}

    @serves(rpc.scheduling.meetings_of)
    def meetings_of(self, person_id):
        return [self._view(m) for m in store.meetings_of(self.db, person_id)]

    @serves(rpc.scheduling.confirm)
    def confirm(self, meeting_id, person_id, start):
        with self.db.begin():
            meeting = self.db.get(store.Meeting, meeting_id, with_for_update=True)
            if meeting is None:
                raise NotFound(f"no meeting {meeting_id}")
            if meeting.chooser_id != person_id:
                raise Forbidden("only the person the slots were proposed to picks one")
            if meeting.status == store.CONFIRMED and meeting.start == start:
                return self._view(meeting)  # confirming twice is one booking
            if meeting.status != store.PROPOSED:
                raise InvalidInput({"meeting_id": [f"This meeting is {meeting.status}."]})
            chosen = [store.slot_bounds(s) for s in meeting.slots if store.slot_bounds(s)[0] == start]
            if not chosen:
                raise InvalidInput({"start": ["Not one of the proposed slots."]})
            meeting.start, meeting.end = chosen[0]
            meeting.status = store.CONFIRMED
            meeting.location = self._location(meeting)
            people = [self.db.get(store.Attendee, pid) for pid in (meeting.chooser_id, meeting.other_id)]
            attendees = [domain.Attendee(p.display_name, f"{p.person_id}@people.binome.example")
                         for p in people]
            invite = domain.invite(
                meeting.meeting_id, f"{TITLES.get(meeting.kind, meeting.kind)} with Binôme: "
                f"{attendees[0].name} & {attendees[1].name}", meeting.start, meeting.end,
                meeting.location, organiser=domain.Attendee(*parseaddr(self.config["EMAIL_FROM"])),
                attendees=attendees, sequence=meeting.sequence)
            self.outbox.add(self.db, events.MEETING_CONFIRMED, {
                "meeting_id": meeting.meeting_id, "match_id": meeting.match_id,
                "kind": meeting.kind, "attendee_ids": [meeting.chooser_id, meeting.other_id],
                "start": meeting.start, "end": meeting.end, "location": meeting.location,
                "invite": invite})
        return self._view(meeting)

    def _location(self, meeting):
        if meeting.remote:
            return "Video call: " + self.config["MEETING_LINK"].format(meeting_id=meeting.meeting_id)
        return "In person: the place is agreed between you"

    @staticmethod
    def _view(meeting):
        return {
            "meeting_id": meeting.meeting_id, "match_id": meeting.match_id, "kind": meeting.kind,
            "chooser_id": meeting.chooser_id, "other_id": meeting.other_id,
            "slots": [{"start": datetime.fromisoformat(s["start"]),
                       "end": datetime.fromisoformat(s["end"])} for s in meeting.slots],
            "status": meeting.status, "start": meeting.start, "end": meeting.end,
            "location": meeting.location}
