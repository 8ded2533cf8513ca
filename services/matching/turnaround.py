"""No silent helper: matching's side of each match's delivery deadline (the rules: delivery.py).

- On acceptance the match gets its deadline (`deadline_for`, called by `accept`).
- A timer reminds the donor halfway and on the last day (delivery_reminder_due, once each), and
  past the deadline and the grace moves the request to another donor on its own.
- Past the deadline the seeker may ask for another donor at once (`ask_another_donor`).
- Moving the request (`_reassign`): the match is "reassigned" (its conversation closes), the
  request is open again in this read model, the pair is never proposed again (store.parted_pairs,
  store.declined_pairs), and the donor's unit is NOT offered again here: profiles pauses it on
  match_reassigned, and it comes back with pledge_resumed once the donor says they still want to
  help. Then a round of that kind runs, so the request finds the next best donor at once.
- Each donor's track record (track_record.py) weighs in the rounds of kinds with a deadline.

Mixed into MatchingService, which provides db, outbox, config, `_run_round` and `_shown_to`.
"""
import logging

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.contracts.kinds import ASKED_BY_SEEKER, SILENT_PAST_GRACE
from shared.errors import Conflict, Forbidden, NotFound
from shared.rpc import serves
from shared.timers import configured_timer

from . import store
from .delivery import AlreadyGiven, Delivery, NotOverdue, Turnaround
from .track_record import TrackRecord, outcome

log = logging.getLogger(__name__)


def delivery_of(match):
    """The match's Delivery, from the deadline it was given when accepted (a later change of
    configuration does not move a promise already made)."""
    return Delivery(match.kind, match.accepted_at, match.deadline_at, match.given_at,
                    frozenset(match.reminded or ()))


def delivery_shown(match, grace, now):
    """The turnaround fields of a match as its RPCs answer it (rpc.Match)."""
    waiting = match.status == store.ACCEPTED and match.deadline_at is not None
    delivery = delivery_of(match) if waiting else None
    return {"deadline_at": match.deadline_at if match.accepted_at else None,
            "overdue": bool(delivery and delivery.overdue(now)),
            "may_ask_another": bool(delivery and delivery.may_ask_another(now)),
            "reassign_at": delivery.reassign_at(grace) if delivery and not delivery.given
            else None,
            "reassigned_at": match.reassigned_at, "reassign_reason": match.reassign_reason}


def not_yet_message(match):
    return (f"The deadline has not passed yet: the donor has until "
            f"{match.deadline_at:%Y-%m-%d %H:%M} UTC to give their help. You can ask for another "
            f"donor after that, from this match's page.")


class Turnarounds:

    def turnaround(self):
        """Deadlines and grace as configured (DELIVERY_DAYS, DELIVERY_GRACE_DAYS)."""
        return Turnaround.from_config(self.config.get("DELIVERY_DAYS") or {},
                                      self.config.get("DELIVERY_GRACE_DAYS"))

    def deadline_for(self, match):
        """Called when the seeker accepts: when the help is due (None: the kind has none)."""
        match.deadline_at = self.turnaround().deadline(match.kind, match.accepted_at)
        match.reminded = []

    @configured_timer("DELIVERY_CHECK_SECONDS", 60)
    def watch_deliveries(self):
        """Remind donors whose help is due soon; move the requests of those silent past the
        deadline and the grace to another donor, then run a round of each kind moved."""
        now, grace = utcnow(), self.turnaround().grace
        moved = set()
        with self.db.begin():
            for match in store.deliveries_waiting(self.db):
                delivery = delivery_of(match)
                if delivery.reassign_due(now, grace):
                    self._reassign(self.db, match, SILENT_PAST_GRACE, now)
                    moved.add(match.kind)
                    continue
                reminder = delivery.reminder_due(now)
                if reminder is not None:
                    match.reminded = sorted({*(match.reminded or ()), reminder})
                    self.outbox.add(self.db, events.DELIVERY_REMINDER_DUE, {
                        "match_id": match.match_id, "kind": match.kind,
                        "donor_id": match.donor_id, "seeker_id": match.seeker_id,
                        "deadline": match.deadline_at, "reminder": reminder})
        for kind in sorted(moved):
            self._round_after_reassigning(kind)

    @serves(rpc.matching.ask_another_donor)
    def ask_another_donor(self, match_id, person_id):
        """The seeker of an accepted match past its deadline, with nothing given, asks for another
        donor: done at once, and a round of the kind runs. Asking twice is asking once."""
        with self.db.begin():
            match = self.db.get(store.Match, match_id, with_for_update=True)
            if match is None or person_id not in (match.seeker_id, match.donor_id):
                raise NotFound(f"no match {match_id}")
            if match.seeker_id != person_id:
                raise Forbidden("only the person who asked for help may ask for another donor")
            if match.status == store.REASSIGNED:
                return self._shown_to(match, person_id)
            if match.status != store.ACCEPTED:
                raise Conflict(f"this match is {match.status}: only an accepted match whose "
                               f"deadline passed goes to another donor")
            if match.deadline_at is None:
                raise Conflict("this kind of help has no deadline: call the match off instead "
                               "if it cannot happen")
            try:
                delivery_of(match).check_may_ask_another(utcnow())
            except AlreadyGiven:
                raise Conflict("the help of this match was already given") from None
            except NotOverdue:
                raise Conflict(not_yet_message(match)) from None
            self._reassign(self.db, match, ASKED_BY_SEEKER, utcnow())
            shown = self._shown_to(match, person_id)
        self._round_after_reassigning(match.kind)
        return shown

    def _reassign(self, session, match, reason, now):
        """The request goes to another donor; the donor's unit is paused by profiles, not given
        back here (match_reassigned)."""
        match.status = store.REASSIGNED
        match.reassigned_at, match.reassign_reason = now, reason
        request = session.get(store.Request, match.request_id, with_for_update=True)
        if request is not None and request.status == store.ACCEPTED:
            request.status = store.OPEN
        offer = session.get(store.Offer, match.pledge_id)
        self.outbox.add(session, events.MATCH_REASSIGNED, {
            "match_id": match.match_id, "kind": match.kind, "request_id": match.request_id,
            "pledge_id": match.pledge_id, "seeker_id": match.seeker_id,
            "donor_id": match.donor_id, "remote": offer.remote if offer is not None else True,
            "reason": reason, "deadline": match.deadline_at})

    def _round_after_reassigning(self, kind):
        """The request waits for the next round at worst: a failure here is logged, not raised,
        since the reassignment itself is done and committed."""
        try:
            self._run_round(kind)
        except Exception:
            log.exception("the round after a reassignment failed; the next round will do it")

    def track_records(self, kind):
        """Each donor's record, for a round of a kind with a deadline (empty for others)."""
        if kind not in self.turnaround().days:
            return {}
        outcomes = {}
        for donor_id, on_time, reassigned in store.delivery_ends(self.db):
            outcomes.setdefault(donor_id, []).append(outcome(on_time, reassigned))
        return {donor_id: TrackRecord.of(ends) for donor_id, ends in outcomes.items()}
