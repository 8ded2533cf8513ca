"""Scheduling's entrypoints: slots for accepted meetings, bookings, reschedules and cancellations,
reminders and "did you meet?". The rules are in meetings.py, slots.py, invites.py and venues.py."""
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from nameko.dependency_providers import Config
from nameko.timer import timer
from sqlalchemy import delete, func, select, update

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.contracts.kinds import BLOCKED_REASON, MEETING_LENGTHS, MET
from shared.database import Database
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.export import row_dict
from shared.messaging.blocks import blocked_either_way, remember_block
from shared.messaging.erasure import is_erased, messages_naming, remember_erased, scrub_messages
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.parking import parking
from shared.messaging.reliable import ReliableMessaging
from shared.names import display_name
from shared.rpc import serves

from . import invites, meetings, slots, store, venues
from .meetings import AWAITING_SLOTS, CANCELLED, CONFIRMED, HELD, NO_COMMON_TIME, OPEN, PROPOSED


class PersonNotKnownYet(Exception):
    """The person's registration has not reached scheduling yet; the inbox retries later."""


def _weekly(attendee):
    return slots.Person(attendee.timezone, attendee.availability or {})


def _bounds(meeting):
    return [store.slot_bounds(slot) for slot in meeting.slots]


def _same(person_id, other_id):
    # Ids come as UUIDs from the database and from events, as strings from some callers.
    return other_id is not None and str(person_id) == str(other_id)


class SchedulingService(ReliableMessaging, parking(rpc.scheduling)):
    name = "scheduling"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)

    # --- who people are, as scheduling needs them ------------------------------------------------

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
        attendee = session.get(store.Attendee, person["person_id"]) \
            or store.Attendee(person_id=person["person_id"], remote_only=False,
                              longer_meetings=False, no_shows=0, paused=False)
        attendee.display_name = display_name(person["first_name"], person["last_name"])
        attendee.timezone, attendee.availability = person["timezone"], person["availability"]
        attendee.latitude, attendee.longitude = person["latitude"], person["longitude"]
        session.add(attendee)

    @handles(events.PERSON_BLOCKED)
    def on_person_blocked(self, session, pair):
        remember_block(session, pair["person_id"], pair["other_id"])
        for meeting in store.meetings_between(session, pair["person_id"], pair["other_id"],
                                              lock=True):
            self._cancel(session, meeting, BLOCKED_REASON)

    @handles(events.PERSON_ERASED)
    def on_person_erased(self, session, erased):
        person_id = erased["person_id"]
        remember_erased(session, person_id)
        # The partner is told (their calendar drops a booked meeting), by an event that names
        # them alone: scrub_messages below deletes every event that names the erased person.
        # Locked: a booking confirmed meanwhile is seen as booked, and its invite withdrawn.
        for meeting in store.meetings_of(session, person_id, lock=True):
            self._cancel(session, meeting, "erased", leaving=person_id)
        session.execute(delete(store.Attendee).where(store.Attendee.person_id == person_id))
        # Their ratings still count in the figures, unattributable; their sentences were theirs.
        session.execute(update(store.Outcome).where(store.Outcome.person_id == person_id)
                        .values(comment=""))
        scrub_messages(session, person_id)

    @handles(events.MATCH_CANCELLED)
    def on_match_cancelled(self, session, match):
        if match["left"]:
            # Its own person_erased (which may come later) cancels the meeting: an event sent
            # from here would name who left, and be scrubbed before the partner hears of it.
            return
        meeting = session.scalars(select(store.Meeting)
                                  .where(store.Meeting.match_id == match["match_id"])).first()
        if meeting is not None:
            self._cancel(session, meeting, "match_cancelled")

    # --- from an accepted match to proposed slots --------------------------------------------------

    @handles(events.MATCH_ACCEPTED)
    def on_match_accepted(self, session, match):
        if match["kind"] not in MEETING_LENGTHS:
            return  # reviews, introductions and sponsorships happen without a meeting
        if is_erased(session, match["seeker_id"], match["donor_id"]) \
                or blocked_either_way(session, match["seeker_id"], match["donor_id"]):
            return  # in flight when one blocked the other or left: never scheduled
        seeker, donor = (session.get(store.Attendee, match[key]) for key in ("seeker_id", "donor_id"))
        if seeker is None or donor is None:
            raise PersonNotKnownYet(f"match {match['match_id']}: attendee not registered here yet")
        remote = meetings.is_remote(match["remote"], seeker.remote_only, donor.remote_only)
        meeting = store.Meeting(
            match_id=match["match_id"], kind=match["kind"], chooser_id=seeker.person_id,
            other_id=donor.person_id, remote=remote, slots=[], status=AWAITING_SLOTS,
            minutes=meetings.minutes_for(match["kind"],
                                         seeker.longer_meetings and donor.longer_meetings),
            sequence=0, proposals_made=0, rescheduling=False)
        session.add(meeting)
        session.flush()
        meeting.location = self._location(meeting, seeker, donor)

    @timer(interval=2)
    def propose_waiting_meetings(self):
        """Slots for every meeting waiting for them, allocated together (slots.allocate): a
        mentor whose mentees accepted at the same time gets proposals that never compete."""
        with self.db.begin():
            waiting = store.awaiting_slots(self.db)
            if waiting:
                self._propose(waiting, utcnow())

    def _propose(self, waiting, now):
        people = {p for m in waiting for p in (m.chooser_id, m.other_id)}
        attendees = {p: self.db.get(store.Attendee, p) for p in people}
        found = slots.allocate(
            [slots.Waiting(m.meeting_id, m.chooser_id, m.other_id, _weekly(attendees[m.chooser_id]),
                           _weekly(attendees[m.other_id]), m.minutes, meetings.daily_window(m.kind))
             for m in waiting],
            store.busy_times(self.db, list(people)), now, self.config["MEETING_WORKING_DAYS"])
        for meeting in waiting:
            chosen = found.get(meeting.meeting_id) or []
            if chosen:
                self._offer(meeting, chosen, now)
            else:
                self._cancel(self.db, meeting, "no_common_time", status=NO_COMMON_TIME)

    def _offer(self, meeting, chosen, now):
        meeting.slots = [{"start": a.isoformat(), "end": b.isoformat()} for a, b in chosen]
        meeting.proposals_made += 1
        meeting.proposal_expires_at = now + timedelta(hours=self.config["MEETING_PROPOSAL_HOURS"])
        if not meeting.rescheduling:
            meeting.status = PROPOSED
        self.outbox.add(self.db, events.MEETING_PROPOSED, {
            "meeting_id": meeting.meeting_id, "match_id": meeting.match_id, "kind": meeting.kind,
            "chooser_id": meeting.chooser_id, "other_id": meeting.other_id,
            "slots": [{"start": a, "end": b} for a, b in chosen], "location": meeting.location,
            "expires_at": meeting.proposal_expires_at, "rescheduling": meeting.rescheduling})

    @timer(interval=60)
    def renew_lapsed_proposals(self):
        """Slots nobody picked in time: new ones, up to MAX_PROPOSALS choices in all; then the
        meeting is dropped (or, for a reschedule, the booking simply stands)."""
        now = utcnow()
        with self.db.begin():
            for meeting in store.lapsed_proposals(self.db, now):
                if meeting.proposals_made < meetings.MAX_PROPOSALS:
                    chosen = self._slots_for(meeting, now)
                    if chosen:
                        self._offer(meeting, chosen, now)
                        continue
                if meeting.rescheduling:
                    meeting.rescheduling, meeting.slots = False, []
                    meeting.proposal_expires_at = None
                else:
                    self._cancel(self.db, meeting, "no_answer")

    def _slots_for(self, meeting, now):
        chooser, other = (self.db.get(store.Attendee, p) for p in (meeting.chooser_id, meeting.other_id))
        busy = store.busy_times(self.db, [chooser.person_id, other.person_id], but=meeting.meeting_id)
        taken = busy[chooser.person_id] + busy[other.person_id]
        if meeting.rescheduling:
            taken.append((meeting.start, meeting.end))  # a new time, not the same one again
        return slots.free_slots([_weekly(chooser), _weekly(other)], taken, now, meeting.minutes,
                                self.config["MEETING_WORKING_DAYS"],
                                window=meetings.daily_window(meeting.kind))

    def _location(self, meeting, *people):
        if meeting.remote:
            return self.config["MEETING_LINK"].format(meeting_id=meeting.meeting_id)
        places = [(p.latitude, p.longitude) for p in people]
        if any(None in place for place in places):
            return None
        venue = venues.suggest(*places, meeting.kind)
        if venue is not None:
            return f"{venue.name}, {venue.address}, {venue.postal_code} {venue.city}"
        return venues.neighbourhood_of_midpoint(*places)

    # --- booking, moving, cancelling ---------------------------------------------------------------

    @serves(rpc.scheduling.meetings_of)
    def meetings_of(self, person_id):
        answered = {o.meeting_id: o.outcome for o in store.outcomes_by(self.db, person_id)}
        return [self._view(m, person_id, answered.get(m.meeting_id))
                for m in store.meetings_of(self.db, person_id)]

    @serves(rpc.scheduling.confirm)
    def confirm(self, meeting_id, person_id, start):
        with self.db.begin():
            meeting = self._meeting_of(meeting_id, person_id, lock=True)
            if meeting.chooser_id != person_id:
                raise Forbidden("only the person the slots were proposed to picks one")
            if meeting.status == CONFIRMED and not meeting.rescheduling and meeting.start == start:
                return self._view(meeting, person_id)  # confirming twice is one booking
            if meeting.status != PROPOSED and not meeting.rescheduling:
                raise InvalidInput({"meeting_id": [f"This meeting is {meeting.status}."]})
            chosen = [(a, b) for a, b in _bounds(meeting) if a == start]
            if not chosen:
                raise InvalidInput({"start": ["Not one of the proposed slots."]})
            previous = meeting.start if meeting.rescheduling else None
            if previous is not None:
                meeting.sequence += 1
            meeting.start, meeting.end = chosen[0]
            meeting.status, meeting.rescheduling = CONFIRMED, False
            meeting.slots, meeting.proposal_expires_at = [], None
            self._plan_steps(meeting)
            payload = {
                "meeting_id": meeting.meeting_id, "match_id": meeting.match_id,
                "kind": meeting.kind, "attendee_ids": self._attendee_ids(meeting),
                "start": meeting.start, "end": meeting.end, "location": meeting.location or "",
                "invite": self._invite(meeting), "sequence": meeting.sequence}
            if previous is None:
                self.outbox.add(self.db, events.MEETING_CONFIRMED, payload)
            else:
                self.outbox.add(self.db, events.MEETING_RESCHEDULED,
                                {**payload, "previous_start": previous})
        return self._view(meeting, person_id)

    @serves(rpc.scheduling.reschedule)
    def reschedule(self, meeting_id, person_id):
        """New slots for a booked meeting, for the other person to choose; the booking stands
        until they do."""
        with self.db.begin():
            meeting = self._meeting_of(meeting_id, person_id, lock=True)
            if meeting.status != CONFIRMED or meeting.start <= utcnow():
                raise InvalidInput({"meeting_id": ["Only a booked meeting still to come can move."]})
            if meeting.rescheduling:
                return self._view(meeting, person_id)  # asking twice is one reschedule
            other = meeting.other_id if person_id == meeting.chooser_id else meeting.chooser_id
            meeting.chooser_id, meeting.other_id = other, person_id
            meeting.rescheduling, meeting.proposals_made = True, 0
            now = utcnow()
            chosen = self._slots_for(meeting, now)
            if not chosen:
                raise Conflict("no other time you can both make in the coming working days; "
                               "the meeting stays as booked")
            self._offer(meeting, chosen, now)
        return self._view(meeting, person_id)

    @serves(rpc.scheduling.cancel)
    def cancel(self, meeting_id, person_id):
        with self.db.begin():
            meeting = self._meeting_of(meeting_id, person_id, lock=True)
            if meeting.status == CANCELLED:
                return self._view(meeting, person_id)
            if meeting.status not in OPEN:
                raise InvalidInput({"meeting_id": [f"This meeting is {meeting.status}."]})
            self._cancel(self.db, meeting, "cancelled_by_person", cancelled_by=person_id)
        return self._view(meeting, person_id)

    def _cancel(self, session, meeting, reason, cancelled_by=None, status=CANCELLED, leaving=None):
        """Cancel an open meeting and tell both people and matching; a booked one gets a
        METHOD:CANCEL invite with the next SEQUENCE. Nothing happens to a meeting already over.

        `leaving` is someone erasing their account: only the other person is told, and neither
        the event nor its invite names who left."""
        if meeting.status not in OPEN:
            return
        booked = meeting.status == CONFIRMED
        meeting.status, meeting.rescheduling = status, False
        meeting.slots, meeting.proposal_expires_at = [], None
        session.execute(delete(store.Step).where(store.Step.meeting_id == meeting.meeting_id,
                                                 store.Step.done_at.is_(None)))
        invite = None
        if booked:
            meeting.sequence += 1
            invite = self._invite(meeting, session, method=invites.CANCEL, leaving=leaving)
        self.outbox.add(session, events.MEETING_CANCELLED, {
            "meeting_id": meeting.meeting_id, "match_id": meeting.match_id, "kind": meeting.kind,
            "attendee_ids": [p for p in self._attendee_ids(meeting) if not _same(p, leaving)],
            "cancelled_by": cancelled_by,
            "reason": reason, "start": meeting.start if booked else None, "invite": invite})

    # --- reminders and "did you meet?" ------------------------------------------------------------

    def _plan_steps(self, meeting):
        self.db.execute(delete(store.Step).where(store.Step.meeting_id == meeting.meeting_id))
        for step, due in meetings.steps_after_booking(meeting.start, meeting.end):
            self.db.add(store.Step(meeting_id=meeting.meeting_id, step=step, due_at=due))

    @timer(interval=5)
    def send_due_steps(self):
        """Reminders and "did you meet?" whose time has come, each once: marked done in the
        transaction that writes its event, so a restart neither loses nor repeats one."""
        now = utcnow()
        with self.db.begin():
            for meeting, due in store.due_steps(self.db, now).items():
                to_send = meetings.steps_to_send([(s.step, s.due_at) for s in due], meeting.start, now)
                for step in due:
                    step.done_at = now
                    if step.step in to_send and meeting.status == CONFIRMED:
                        self._send_step(meeting, step.step)

    def _send_step(self, meeting, step):
        common = {"meeting_id": meeting.meeting_id, "match_id": meeting.match_id,
                  "kind": meeting.kind, "attendee_ids": self._attendee_ids(meeting), "start": meeting.start}
        if step == meetings.FEEDBACK_STEP:
            self.outbox.add(self.db, events.FEEDBACK_REQUESTED, common)
        else:
            self.outbox.add(self.db, events.MEETING_REMINDER_DUE, {
                **common, "end": meeting.end, "location": meeting.location or "",
                "hours_before": meetings.hours_before(step)})

    @serves(rpc.scheduling.report_outcome)
    def report_outcome(self, meeting_id, person_id, outcome, rating, comment):
        with self.db.begin():
            meeting = self._meeting_of(meeting_id, person_id, lock=True)
            if meeting.status not in (CONFIRMED, HELD) or meeting.end > utcnow():
                raise InvalidInput({"meeting_id": ["Only a meeting whose time is over has an outcome."]})
            if rating is not None and outcome != MET:
                raise InvalidInput({"rating": ["Only a meeting that took place is rated."]})
            answer = self.db.get(store.Outcome, (meeting.meeting_id, person_id))
            if answer is not None and answer.outcome != outcome:
                raise Conflict(f"you already answered {answer.outcome!r} for this meeting")
            answer = answer or store.Outcome(meeting_id=meeting.meeting_id, person_id=person_id,
                                             outcome=outcome)
            answer.rating, answer.comment, answer.answered_at = rating, comment, utcnow()
            self.db.add(answer)
            self.db.flush()
            other = meeting.other_id if person_id == meeting.chooser_id else meeting.chooser_id
            absent = meetings.absent_person(person_id, other, outcome)
            if absent is not None:
                self._record_no_show(meeting, absent, reported_by=person_id)
            outcomes = [o.outcome for o in store.outcomes_of(self.db, meeting.meeting_id)]
            if meeting.status == CONFIRMED and meetings.was_held(outcomes):
                meeting.status = HELD
                self.outbox.add(self.db, events.MEETING_HELD, {
                    "meeting_id": meeting.meeting_id, "match_id": meeting.match_id,
                    "kind": meeting.kind, "attendee_ids": self._attendee_ids(meeting),
                    "start": meeting.start})
        return self._view(meeting, person_id)

    def _record_no_show(self, meeting, person_id, reported_by):
        if self.db.get(store.NoShow, (meeting.meeting_id, person_id)) is not None:
            return  # reported by both, or twice: one no-show
        self.db.add(store.NoShow(meeting_id=meeting.meeting_id, person_id=person_id,
                                 recorded_at=utcnow()))
        attendee = self.db.get(store.Attendee, person_id)
        if attendee is None:
            return  # erased since
        attendee.no_shows += 1
        attendee.paused = attendee.paused or meetings.pauses(attendee.no_shows)
        self.outbox.add(self.db, events.NO_SHOW_RECORDED, {
            "meeting_id": meeting.meeting_id, "person_id": person_id, "reported_by": reported_by,
            "no_shows": attendee.no_shows, "paused": attendee.paused})

    @serves(rpc.scheduling.resume)
    def resume(self, person_id):
        """A person paused after no-shows says they are available again: a fresh start."""
        with self.db.begin():
            attendee = self._attendee(person_id)
            if attendee.paused:
                attendee.paused, attendee.no_shows = False, 0
                self.outbox.add(self.db, events.MATCHING_RESUMED, {"person_id": person_id})
            return self._preferences(attendee)

    @serves(rpc.scheduling.preferences)
    def preferences(self, person_id, **changes):
        with self.db.begin():
            attendee = self._attendee(person_id)
            for name, value in changes.items():
                if value is not None:
                    setattr(attendee, name, value)
            return self._preferences(attendee)

    @serves(rpc.scheduling.feedback_summary)
    def feedback_summary(self):
        ratings = store.ratings(self.db)
        count = sum(ratings.values())
        mean = sum(int(r) * n for r, n in ratings.items()) / count if count else None
        return {"held_per_week": store.held_per_week(self.db), "ratings": ratings,
                "mean_rating": mean,
                "no_shows": self.db.scalar(select(func.count()).select_from(store.NoShow))}

    # --- the invite ----------------------------------------------------------------------------------

    @serves(rpc.scheduling.invite)
    def invite(self, meeting_id, person_id):
        meeting = self._meeting_of(meeting_id, person_id)
        if meeting.start is None:
            raise NotFound(f"meeting {meeting_id} has no time booked yet")
        method = invites.CANCEL if meeting.status == CANCELLED else invites.REQUEST
        return {"filename": "invite.ics", "content_type": f"text/calendar; method={method}",
                "body": self._invite(meeting, method=method)}

    def _invite(self, meeting, session=None, method=invites.REQUEST, leaving=None):
        """The meeting's invite; `leaving` (someone erasing their account), like anyone erased
        before (their attendee row is gone), is neither an attendee nor named in it."""
        session = session or self.db
        ids = (meeting.chooser_id, meeting.other_id)
        people = [None if _same(pid, leaving) else session.get(store.Attendee, pid) for pid in ids]
        names = [p.display_name if p else invites.FORMER_MEMBER for p in people]
        # Opaque addresses: the invite travels before contact details may be shown.
        attendees = [invites.Attendee(p.display_name, f"{pid}@people.binome.example")
                     for p, pid in zip(people, ids) if p]
        title = meetings.TITLES["en"].get(meeting.kind, meeting.kind)
        return invites.invite(
            meeting.meeting_id, f"{title} with Binôme: {names[0]} & {names[1]}",
            meeting.start, meeting.end, meeting.location or "",
            organiser=invites.Attendee(*parseaddr(self.config["EMAIL_FROM"])),
            attendees=attendees, sequence=meeting.sequence, method=method)

    # --- reading -----------------------------------------------------------------------------------

    @serves(rpc.scheduling.export_person)
    def export_person(self, person_id):
        attendee = self.db.get(store.Attendee, person_id)
        outcomes = store.outcomes_by(self.db, person_id)
        return {"service": self.name, "data": {
            "attendee": row_dict(attendee) if attendee else None,
            "meetings": [row_dict(m) for m in store.meetings_of(self.db, person_id)],
            "outcomes": [row_dict(o) for o in outcomes],
            "messages": messages_naming(self.db, person_id)}}

    def _meeting_of(self, meeting_id, person_id, lock=False):
        meeting = self.db.get(store.Meeting, meeting_id, with_for_update=lock)
        # Someone else's meeting is as absent as one that does not exist.
        if meeting is None or person_id not in (meeting.chooser_id, meeting.other_id):
            raise NotFound(f"no meeting {meeting_id}")
        return meeting

    def _attendee(self, person_id):
        attendee = self.db.get(store.Attendee, person_id, with_for_update=True)
        if attendee is None:
            raise NotFound(f"no person {person_id}")
        return attendee

    @staticmethod
    def _attendee_ids(meeting):
        return [meeting.chooser_id, meeting.other_id]

    @staticmethod
    def _preferences(attendee):
        return {"remote_only": attendee.remote_only, "longer_meetings": attendee.longer_meetings,
                "paused": attendee.paused, "no_shows": attendee.no_shows}

    def _view(self, meeting, person_id, outcome=None):
        """The meeting as `person_id` sees it; `outcome` is their answer when the caller has it."""
        if outcome is None:
            answer = self.db.get(store.Outcome, (meeting.meeting_id, person_id))
            outcome = answer.outcome if answer else None
        return {
            "meeting_id": meeting.meeting_id, "match_id": meeting.match_id, "kind": meeting.kind,
            "chooser_id": meeting.chooser_id, "other_id": meeting.other_id,
            "slots": [{"start": a, "end": b} for a, b in _bounds(meeting)],
            "status": meeting.status, "start": meeting.start, "end": meeting.end,
            "location": meeting.location, "expires_at": meeting.proposal_expires_at,
            "rescheduling": meeting.rescheduling, "minutes": meeting.minutes,
            "outcome": outcome}
