"""When things happen, for one person (issue 16): the next round of each kind they wait in, until
when a proposal can be answered, and for a request, an offer or a sponsor's deck that has nothing
yet, who the market holds, whom the rules leave out and what change would reach more (reach.py).

Mixed into MatchingService, which provides db, config, `_market` (the round's own market),
`_sponsor` and `_synced_deck` (the feed's deck). Read only; it runs on every page view of a seeker, a donor, a mentor or a sponsor, so
the counting runs in a thread (as a round's assignment does) and reads each kind's market once.
"""
from eventlet import tpool

from shared.clock import utcnow
from shared.contracts import rpc
from shared.contracts.kinds import LUNCH_MENTORING, SPONSORSHIP
from shared.rpc import serves

from . import reach, store


def _due_at(session, kind):
    """When the round due on arrivals of this kind runs (None: none due)."""
    due = store.round_due(session, kind)
    return None if due is None else due.due_at


class Outlooks:

    @serves(rpc.matching.outlook)
    def outlook(self, person_id):
        now = utcnow()
        every = self.config.get("ROUND_EVERY_MINUTES", 60) or None
        hours = self.config.get("PROPOSAL_EXPIRY_HOURS", 72)
        me = self.db.get(store.Candidate, person_id)
        requests = store.requests_waiting_of(self.db, person_id)
        offers = store.offers_standing_of(self.db, person_id, now.date())
        proposals = store.proposals_waiting_on_requests(self.db, [r.request_id for r in requests])
        # A kind where the person offers needs every request; one where they only ask, theirs.
        offering = {o.kind for o in offers if o.available > 0}
        asking = {r.kind for r in requests if r.status == store.OPEN} - offering
        markets = {} if me is None else {
            **{kind: self._market(kind, now, records=False) for kind in sorted(offering)},
            **{kind: self._market(kind, now, records=False, seeker_id=me.person_id)
               for kind in sorted(asking)}}
        waiting = {kind: store.open_request_count(self.db, kind) for kind in markets}
        next_round = {kind: reach.next_round_at(store.last_round_at(self.db, kind), every, now,
                                                due_at=_due_at(self.db, kind))
                      for kind in {r.kind for r in requests} | {o.kind for o in offers}}
        deck = self._deck_reach(me, now)
        self.db.rollback()   # end the read
        return {
            "round_every_minutes": every, "proposal_hours": hours,
            "requests": [self._request_outlook(r, proposals.get(r.request_id), markets, waiting,
                                               next_round, hours) for r in requests],
            "offers": [self._offer_outlook(o, markets, waiting, next_round) for o in offers],
            "deck": deck}

    @staticmethod
    def _request_outlook(request, proposal, markets, waiting, next_round, hours):
        found = None
        if request.status == store.OPEN and request.kind in markets:
            seekers, offers, excluded, blocked, context = markets[request.kind]
            # Seen as the round sees it; not there when the round leaves the person out (paused
            # after missed meetings, sponsored already): then nothing is counted.
            mine = next((s for s in seekers if s.request_id == request.request_id), None)
            if mine is not None:
                found = _counted(markets[request.kind], waiting[request.kind], tpool.execute(
                    reach.of_request, mine, offers, excluded, blocked, context,
                    request.kind == SPONSORSHIP))
        return {"request_id": request.request_id, "kind": request.kind,
                "state": store.PROPOSED if proposal is not None else request.status,
                "next_round_at": next_round.get(request.kind),
                "answer_by": reach.answer_by(proposal.proposed_at, hours) if proposal else None,
                "reach": found}

    @staticmethod
    def _offer_outlook(offer, markets, waiting, next_round):
        found = None
        if offer.available > 0 and offer.kind in markets:
            seekers, offers, excluded, blocked, context = markets[offer.kind]
            mine = next((o for o in offers if o.pledge_id == offer.pledge_id), None)
            sponsoring = offer.kind == SPONSORSHIP
            if mine is not None:
                found = _counted(markets[offer.kind], waiting[offer.kind], tpool.execute(
                    reach.of_offer, mine, seekers, excluded, blocked, context, sponsoring,
                    offer.kind != LUNCH_MENTORING,
                    reach.SPONSOR_RADII if sponsoring else reach.DONOR_RADII))
        return {"pledge_id": offer.pledge_id, "kind": offer.kind, "available": offer.available,
                "next_round_at": next_round.get(offer.kind), "reach": found}

    def _deck_reach(self, me, now):
        """A sponsor's deck, counted over the feed's own deck (kept in this process's memory)."""
        if me is None or "sponsor" not in (me.roles or ()) or not me.sponsor:
            return None
        deck = self._synced_deck()
        hidden = store.hidden_from_feed(self.db, me.person_id)
        return _shown(tpool.execute(reach.of_deck, deck, self._sponsor(me.person_id), hidden, now))


def _counted(market, open_requests, found):
    return {**_shown(found), "open_requests": open_requests,
            "free_units": sum(max(o.units, 0) for o in market[1])}


def _shown(found):
    return {"total": found.total, "reachable": found.reachable, "excluded": dict(found.excluded),
            "widenings": [{"change": w.change, "value": w.value, "more": w.more}
                          for w in found.widenings]}
