"""Rounds on arrivals: a request or a unit arriving makes a round of its kind due soon
(round_schedule.py says when); a frequent timer claims each due round and runs it.

Entrypoints only: the rules are round_schedule's, the rows store's, the round the service's own
`_run_round` (whose conditional updates refuse a request or a unit another round took meanwhile,
so rounds racing never propose twice).
"""
import logging
import uuid

from shared.clock import utcnow
from shared.timers import configured_timer

from . import round_schedule, store

log = logging.getLogger(__name__)

DEFAULT_DEBOUNCE_SECONDS = 30
DEFAULT_CHECK_SECONDS = 5


class RoundsOnArrival:
    """Mixed into MatchingService (which has `db`, `config` and `_run_round`)."""

    def round_due_on_arrival(self, session, kind):
        """Called in the transaction that put a request or a unit of `kind` in line (an event's
        inbox transaction, a decision's): the due round commits or rolls back with it."""
        debounce = round_schedule.debounce_of(
            self.config.get("ROUND_DEBOUNCE_SECONDS", DEFAULT_DEBOUNCE_SECONDS))
        if debounce is None:
            return
        now = utcnow()
        while True:
            due = store.round_due(session, kind, lock=True)
            after = round_schedule.after_arrival(due, kind, now, debounce)
            if due is None:
                if store.add_round_due(session, after):
                    return
                continue   # another arrival inserted it first: join theirs
            if after != due:
                store.keep_round_due(session, kind, after)
            return

    @configured_timer("ROUND_DUE_CHECK_SECONDS", DEFAULT_CHECK_SECONDS)
    def run_rounds_due(self):
        """Run each round due on arrivals that no other replica holds."""
        kinds = store.kinds_due(self.db, utcnow())
        self.db.rollback()   # end the read: each claim and round takes its own transactions
        for kind in kinds:
            claim_id = self._claim_round(kind)
            if claim_id is None:
                continue
            try:
                self._run_round(kind)
            except Exception:
                log.exception("the %s round due on arrivals failed; the next tick tries again",
                              kind)
                self.db.rollback()
                self._settle_round_due(kind, round_schedule.released, claim_id)
            else:
                self._settle_round_due(kind, round_schedule.after_round, claim_id)

    def _claim_round(self, kind):
        claim_id = str(uuid.uuid4())
        with self.db.begin():
            taken = round_schedule.claimed(store.round_due(self.db, kind, lock=True), utcnow(),
                                           claim_id)
            if taken is None:
                return None
            store.keep_round_due(self.db, kind, taken)
        return claim_id

    def _settle_round_due(self, kind, rule, claim_id):
        with self.db.begin():
            due = store.round_due(self.db, kind, lock=True)
            store.keep_round_due(self.db, kind, rule(due, claim_id))
