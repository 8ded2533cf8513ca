"""Matching's entrypoints: keep the read model, run rounds off the event loop, record decisions."""
from pathlib import Path

from eventlet import tpool
from nameko.dependency_providers import Config
from sqlalchemy import update

from shared.clock import utcnow
from shared.contracts import events, rpc
from shared.database import Database
from shared.errors import Conflict, Forbidden, NotFound
from shared.messaging.inbox import handles
from shared.messaging.outbox import Outbox
from shared.messaging.reliable import ReliableMessaging
from shared.rpc import serves

from . import domain, store


class MatchingService(ReliableMessaging):
    name = "matching"
    config = Config()
    db = Database(Path(__file__).parent / "migrations")
    outbox = Outbox(events.EVENTS)

    # --- read model ---------------------------------------------------------------------------

    @handles(events.PERSON_REGISTERED)
    def on_person_registered(self, session, person):
        session.merge(store.Candidate(
            person_id=person["person_id"], languages=person["languages"], skills=person["skills"],
            occupation=person["occupation"], target_occupation=person["target_occupation"]))

    @handles(events.PLEDGE_MADE)
    def on_pledge_made(self, session, pledge):
        session.merge(store.Offer(
            pledge_id=pledge["pledge_id"], person_id=pledge["person_id"], kind=pledge["kind"],
            available=pledge["quantity"], valid_until=pledge["valid_until"], remote=pledge["remote"]))

    @handles(events.HELP_REQUESTED)
    def on_help_requested(self, session, request):
        session.merge(store.Request(
            request_id=request["request_id"], person_id=request["person_id"], kind=request["kind"],
            status=store.OPEN, requested_at=request["requested_at"]))

    # --- rounds -------------------------------------------------------------------------------

    @serves(rpc.matching.run_round)
    def run_round(self, kind):
        now = utcnow()
        with self.db.begin():
            seekers = [domain.Seeker(
                request_id=r.request_id, person_id=r.person_id, languages=tuple(c.languages),
                skills=tuple(c.skills), occupation=c.occupation, target_occupation=c.target_occupation,
                days_waiting=(now - r.requested_at).total_seconds() / 86400)
                for r, c in store.open_requests(self.db, kind)]
            offers = [domain.Offer(
                pledge_id=o.pledge_id, person_id=o.person_id, languages=tuple(c.languages),
                skills=tuple(c.skills), occupation=c.occupation, units=o.available)
                for o, c in store.open_offers(self.db, kind, now.date())]
            excluded = store.declined_pairs(self.db, kind)
        # The assignment is CPU-bound: run it in a thread so heartbeats and other calls go on.
        plan = tpool.execute(domain.plan_round, seekers, offers, excluded)
        with self.db.begin():
            report = store.Round(kind=kind, started_at=now, requests=plan.requests,
                                 offers=plan.offers, edges=plan.edges, matched=0)
            self.db.add(report)
            self.db.flush()
            proposed = [p for p in plan.pairings if self._propose(report, p, now)]
            report.matched = len(proposed)
            report.mean_affinity = (sum(p.affinity.score for p in proposed) / len(proposed)
                                    if proposed else None)
        return report

    def _propose(self, report, pairing, now):
        """Record one proposal unless a concurrent round already took the request or the unit."""
        took_request = self.db.execute(
            update(store.Request).where(store.Request.request_id == pairing.seeker.request_id,
                                        store.Request.status == store.OPEN)
            .values(status=store.PROPOSED)).rowcount
        took_unit = took_request and self.db.execute(
            update(store.Offer).where(store.Offer.pledge_id == pairing.offer.pledge_id,
                                      store.Offer.available > 0)
            .values(available=store.Offer.available - 1)).rowcount
        if not took_unit:
            if took_request:
                self.db.execute(update(store.Request)
                                .where(store.Request.request_id == pairing.seeker.request_id)
                                .values(status=store.OPEN))
            return False
        match = store.Match(
            round_id=report.id, kind=report.kind, request_id=pairing.seeker.request_id,
            pledge_id=pairing.offer.pledge_id, seeker_id=pairing.seeker.person_id,
            donor_id=pairing.offer.person_id, affinity=pairing.affinity.score,
            reasons=list(pairing.affinity.reasons), status=store.PROPOSED, proposed_at=now)
        self.db.add(match)
        self.db.flush()
        self.outbox.add(self.db, events.MATCH_PROPOSED, {
            "match_id": match.match_id, "round_id": report.id, "kind": match.kind,
            "request_id": match.request_id, "pledge_id": match.pledge_id,
            "seeker_id": match.seeker_id, "donor_id": match.donor_id,
            "affinity": match.affinity, "reasons": match.reasons})
        return True

    # --- decisions ----------------------------------------------------------------------------

    @serves(rpc.matching.matches_of)
    def matches_of(self, person_id):
        return store.matches_of(self.db, person_id)

    @serves(rpc.matching.accept)
    def accept(self, match_id, person_id):
        with self.db.begin():
            match = self._decidable(match_id, person_id)
            if match.status == store.ACCEPTED:
                return match  # accepting twice is one acceptance
            if match.status == store.DECLINED:
                raise Conflict("this match was already declined")
            match.status, match.decided_at = store.ACCEPTED, utcnow()
            self.db.execute(update(store.Request).where(store.Request.request_id == match.request_id)
                            .values(status=store.ACCEPTED))
            offer = self.db.get(store.Offer, match.pledge_id)
            self.outbox.add(self.db, events.MATCH_ACCEPTED, {
                "match_id": match.match_id, "kind": match.kind, "request_id": match.request_id,
                "pledge_id": match.pledge_id, "seeker_id": match.seeker_id,
                "donor_id": match.donor_id, "remote": offer.remote})
        return match

    @serves(rpc.matching.decline)
    def decline(self, match_id, person_id):
        with self.db.begin():
            match = self._decidable(match_id, person_id)
            if match.status == store.DECLINED:
                return match
            if match.status == store.ACCEPTED:
                raise Conflict("this match was already accepted")
            match.status, match.decided_at = store.DECLINED, utcnow()
            # The request goes back in line and the unit is free again; the pair is never re-proposed.
            self.db.execute(update(store.Request).where(store.Request.request_id == match.request_id)
                            .values(status=store.OPEN))
            self.db.execute(update(store.Offer).where(store.Offer.pledge_id == match.pledge_id)
                            .values(available=store.Offer.available + 1))
        return match

    def _decidable(self, match_id, person_id):
        match = self.db.get(store.Match, match_id, with_for_update=True)
        if match is None:
            raise NotFound(f"no match {match_id}")
        if match.seeker_id != person_id:
            raise Forbidden("only the person who asked for help decides on this match")
        return match
