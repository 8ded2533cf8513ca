"""The units of a pledge, from offered to given; no framework, no database.

A donor pledges `quantity` units of help ("3 CV reviews"). Each unit is, at any time, in one of
these states:

- offered (`remaining`): matching may propose it;
- in progress: a match on it was accepted and the help is not given yet (it is the rest:
  quantity less every other state, so units matched before units were counted this way stay in
  progress until matching says what became of them);
- given: the review returned, the meeting held, the introduction made;
- paused: its donor stayed silent past the deadline and the request went to someone else; it
  waits for the donor to say whether they still want to help (resume) or not (release);
- released: the donor said no; it is offered no more, and counted nowhere else.

The pledge is fulfilled when its last unit is given (nothing offered, in progress or paused any
more): only then, not when a match is accepted.
"""
from dataclasses import dataclass

from shared.contracts.kinds import EXPIRED, FULFILLED, MATCHED, OPEN, WITHDRAWN

# The state of one unit, as the donor's page shows it.
OFFERED, IN_PROGRESS, GIVEN, PAUSED, RELEASED = (
    "offered", "in_progress", "given", "paused", "released")
UNIT_STATES = (OFFERED, IN_PROGRESS, GIVEN, PAUSED, RELEASED)
# A match called off before its help: its unit went back (or never left, if the call-off
# arrived first).
CANCELLED = "cancelled"
# What matching says of a match, in the words of on_match_news.
ACCEPTED_NEWS, CANCELLED_NEWS, GIVEN_NEWS, REASSIGNED_NEWS = (
    "accepted", "cancelled", "given", "reassigned")
# A pledge the donor withdrew or that expired offers nothing more: its units not used are
# shown as such, not as offered.
CLOSED = (FULFILLED, WITHDRAWN, EXPIRED)


class UnitRefused(Exception):
    """A rule refused the change; `field` names what is wrong, as RuleBroken does."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class PledgeUnits:
    quantity: int
    remaining: int
    given: int = 0
    paused: int = 0
    released: int = 0
    status: str = OPEN

    @classmethod
    def of(cls, pledge):
        """The units of a stored pledge (anything with these attributes)."""
        return cls(quantity=pledge.quantity, remaining=pledge.remaining, given=pledge.given or 0,
                   paused=pledge.paused or 0, released=pledge.released or 0, status=pledge.status)

    def stored_in(self, pledge):
        pledge.remaining, pledge.given, pledge.paused = self.remaining, self.given, self.paused
        pledge.released, pledge.status = self.released, self.status

    @property
    def in_progress(self):
        return self.quantity - self.remaining - self.given - self.paused - self.released

    @property
    def closed(self):
        return self.status in CLOSED

    def counts(self):
        """What the API shows of the units."""
        return {"remaining": self.remaining, "in_progress": self.in_progress,
                "given": self.given, "paused": self.paused, "released": self.released}

    def states(self):
        """Each unit's state, given first then in progress, paused, offered and released. On a
        withdrawn or expired pledge, the units nobody took are in the pledge's state."""
        unused = self.status if self.status in (WITHDRAWN, EXPIRED) else OFFERED
        return ([GIVEN] * self.given + [IN_PROGRESS] * self.in_progress
                + [PAUSED] * self.paused + [unused] * self.remaining
                + [RELEASED] * self.released)

    # --- what matching decided --------------------------------------------------------------

    def accept(self):
        """A match on an offered unit was accepted: the unit is in progress."""
        if self.remaining <= 0:
            raise UnitRefused("remaining", "This pledge has no unit left.")
        self.remaining -= 1
        if not self.closed:
            self.status = OPEN if self.remaining else MATCHED

    def give(self):
        """The help of a unit in progress was given. Returns FULFILLED when that was the last
        unit (the pledge closes), else None."""
        self._check_in_progress()
        self.given += 1
        return self._close_if_done()

    def cancel(self):
        """An accepted match was called off before the help: its unit is offered again (on a
        withdrawn or expired pledge it is merely not used: the pledge stays closed)."""
        self._check_in_progress()
        self.remaining += 1
        if self.status == MATCHED:
            self.status = OPEN

    def pause(self):
        """The donor stayed silent past the deadline: the unit waits for them, not offered."""
        self._check_in_progress()
        self.paused += 1

    # --- what the donor says about their paused units ------------------------------------------

    def resume(self):
        """Yes, I still want to help: the paused units are offered again. Returns how many."""
        self._check_paused()
        if self.closed:
            raise UnitRefused("status", f"This pledge is {self.status}: it offers nothing more.")
        units, self.paused = self.paused, 0
        self.remaining += units
        self.status = OPEN
        return units

    def release(self):
        """No, I no longer want to help: the paused units are dropped. Returns the pledge's
        closing status when nothing is left offered or in progress (fulfilled if some unit was
        given, withdrawn otherwise), else None."""
        self._check_paused()
        self.released += self.paused
        self.paused = 0
        return self._close_if_done(otherwise=WITHDRAWN)

    # --- rules shared by the steps above ------------------------------------------------------

    def _check_in_progress(self):
        if self.in_progress <= 0:
            raise UnitRefused("in_progress", "No unit of this pledge is in progress.")

    def _check_paused(self):
        if self.paused <= 0:
            raise UnitRefused("paused", "No unit of this pledge is paused.")

    def _close_if_done(self, otherwise=None):
        if self.closed or self.remaining or self.in_progress or self.paused:
            return None
        status = FULFILLED if self.given else otherwise
        if status is not None:
            self.status = status
        return status


# --- one match's unit ------------------------------------------------------------------------
# Matching's events about a match travel in separate queues, so they may arrive in any order
# and more than once; profiles keeps what it counted for each match (its unit's state) and
# applies each event at most once.

def on_match_news(units, counted, news, untracked_in_progress=0):
    """Apply what matching says of one match (`news`: "accepted", "cancelled", "given",
    "reassigned") to the pledge's units. `counted` is the match's unit state as profiles last
    counted it (None: never heard of it). `untracked_in_progress`: units in progress that no
    counted match accounts for (matched before units were counted by match).

    Returns (the match's unit state now, the pledge's closing status or None)."""
    if news == ACCEPTED_NEWS:
        if counted is None:
            units.accept()
            return IN_PROGRESS, None
        return counted, None        # already counted, or its end arrived first
    if news == CANCELLED_NEWS:
        if counted == IN_PROGRESS or (counted is None and untracked_in_progress > 0):
            units.cancel()
        # Otherwise, arriving before its acceptance, the cancellation is remembered so that the
        # late acceptance takes no unit.
        return (CANCELLED if counted in (None, IN_PROGRESS) else counted), None
    if counted is None:
        # Given or reassigned before profiles heard the match was accepted: its unit is one
        # already in progress since before matches were counted, or it is taken now.
        if untracked_in_progress <= 0:
            units.accept()
        counted = IN_PROGRESS
    if counted != IN_PROGRESS:
        return counted, None        # a second delivery, or news about a unit already ended
    if news == GIVEN_NEWS:
        return GIVEN, units.give()
    if news == REASSIGNED_NEWS:
        units.pause()
        return PAUSED, None
    raise ValueError(f"unknown news about a match: {news!r}")

