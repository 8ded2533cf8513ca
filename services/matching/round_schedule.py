"""When a round of one kind of help is due because someone arrived: the debounce, as pure rules.

A request or a unit arriving (help_requested, pledge_made, a declined or lapsed proposal giving a
request and a unit back, a resumed pledge...) makes a round of its kind due ROUND_DEBOUNCE_SECONDS
later. Arrivals within that window join the round already due rather than pushing it back, so a
burst gets one round and a steady stream still gets one every window (the window is the cap).

A round that starts claims its kind's due round for a lease: another replica's timer does not run
it too, and if the process dies mid-round the lease lapses and the next tick runs it again. What
arrives while a claimed round runs may have come too late for its market: it opens the next window,
which the round leaves behind when it finishes. The hourly schedule (ROUND_EVERY_MINUTES) stays
the safety net for whatever this misses.

The row `RoundDue` is stored by kind (store.RoundDue), written in the same transaction as the
event that made it due (the inbox), so a restart loses nothing.
"""
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

# A round normally takes seconds; one still running after this long is taken for dead.
CLAIM_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class RoundDue:
    kind: str
    due_at: datetime
    # While a round runs: until when it holds the claim, and which claim it is.
    claimed_until: datetime | None = None
    claim_id: str | None = None
    # Something arrived while the claimed round ran: when the round after it is due.
    next_due_at: datetime | None = None

    def claimed(self, now):
        return self.claimed_until is not None and self.claimed_until > now

    def is_claimable(self, now):
        return self.due_at <= now and not self.claimed(now)


def debounce_of(seconds):
    """The window from ROUND_DEBOUNCE_SECONDS; None when rounds are not run on arrivals (0)."""
    seconds = float(seconds or 0)
    return timedelta(seconds=seconds) if seconds > 0 else None


def after_arrival(due, kind, now, debounce):
    """The due round of `kind` once a request or a unit arrived at `now` (`due`: the one already
    recorded, or None); None when arrivals make no round due (`debounce` None)."""
    if debounce is None:
        return due
    if due is None:
        return RoundDue(kind=kind, due_at=now + debounce)
    if due.claimed(now):
        # The running round may have read its market already: another round follows it.
        return replace(due, next_due_at=due.next_due_at or now + debounce)
    return due   # already due within the window (or overdue): this arrival joins it


def claimed(due, now, claim_id, lease=CLAIM_LEASE):
    """The due round taken by the round starting now, or None if it is not for this round to
    run (not due yet, or another round holds it)."""
    if due is None or not due.is_claimable(now):
        return None
    return replace(due, claimed_until=now + lease, claim_id=claim_id)


def after_round(due, claim_id):
    """What stays due once the round holding `claim_id` finished: nothing, unless something
    arrived while it ran. A claim that lapsed and was taken again is not this round's to clear."""
    if due is None or due.claim_id != claim_id:
        return due
    if due.next_due_at is None:
        return None
    return RoundDue(kind=due.kind, due_at=due.next_due_at)


def released(due, claim_id):
    """The round holding `claim_id` failed: its kind stays due, for the next tick to try again
    (what arrived meanwhile joins that try)."""
    if due is None or due.claim_id != claim_id:
        return due
    return RoundDue(kind=due.kind, due_at=due.due_at)
