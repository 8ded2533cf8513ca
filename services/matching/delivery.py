"""A match's delivery: when the help is due, when its donor is reminded, when the seeker may ask for
another donor, when Binôme moves the request on its own, and whether the help came on time.

Pure rules: the service loads a match, asks a Delivery, and writes down what it decided.

- The deadline runs from the acceptance: DELIVERY_DAYS of the kind (reviews 7 days, introductions
  14), which configuration may change. Kinds without one (meetings, sponsorships) are never late:
  scheduling ends a meeting that finds no answer or no common time.
- The donor is reminded twice: halfway, and a day before the deadline. A reminder whose time
  passed while the service was down is not sent late when the next one is already due: the donor
  gets the one that is true now. The last-day reminder never comes before halfway: with a deadline
  of two days or less, the one reminder (at halfway) is the last-day one, not a message the minute
  the match is accepted.
- Past the deadline the seeker may ask for another donor at once; past the deadline and the grace
  period, Binôme does it on its own.
- Help given after the deadline still counts, as late.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from shared.contracts.kinds import DELIVERY_DAYS, HALFWAY, LAST_DAY

DEFAULT_GRACE = timedelta(days=3)


class AlreadyGiven(Exception):
    """The help of this match was given already: a second review or confirmation is refused."""


class NotOverdue(Exception):
    """The seeker asked for another donor before the deadline passed."""


@dataclass(frozen=True)
class Turnaround:
    """How long each kind of help may take, and the grace after it before Binôme moves on."""
    days: dict = field(default_factory=lambda: dict(DELIVERY_DAYS))
    grace: timedelta = DEFAULT_GRACE

    @classmethod
    def from_config(cls, days=None, grace_days=None):
        """DELIVERY_DAYS overrides per kind (0 or None: no deadline for that kind) and
        DELIVERY_GRACE_DAYS; an unknown kind is an error, so that a typo is not silently ignored."""
        merged = dict(DELIVERY_DAYS)
        for kind, value in (days or {}).items():
            if kind not in DELIVERY_DAYS:
                raise ValueError(f"no delivery deadline is known for kind {kind!r}")
            merged[kind] = value
        grace = DEFAULT_GRACE if grace_days is None else timedelta(days=float(grace_days))
        return cls(days={kind: value for kind, value in merged.items() if value}, grace=grace)

    def deadline(self, kind, accepted_at):
        days = self.days.get(kind)
        return None if days is None else accepted_at + timedelta(days=float(days))


@dataclass(frozen=True)
class Delivery:
    kind: str
    accepted_at: object
    deadline: object          # None: this kind has no deadline
    given_at: object = None
    reminded: frozenset = frozenset()   # HALFWAY / LAST_DAY already sent

    @classmethod
    def of(cls, turnaround, kind, accepted_at, given_at=None, reminded=frozenset()):
        return cls(kind, accepted_at, turnaround.deadline(kind, accepted_at), given_at,
                   frozenset(reminded))

    @property
    def given(self):
        return self.given_at is not None

    def _waiting(self):
        return self.deadline is not None and not self.given

    def reminder_due(self, now):
        """The reminder to send now (HALFWAY or LAST_DAY), or None."""
        if not self._waiting() or now >= self.deadline:
            return None
        halfway = self.accepted_at + (self.deadline - self.accepted_at) / 2
        if now < halfway:
            return None
        if now >= self.deadline - timedelta(days=1):
            return None if LAST_DAY in self.reminded else LAST_DAY
        return None if self.reminded & {HALFWAY, LAST_DAY} else HALFWAY

    def overdue(self, now):
        return self._waiting() and now > self.deadline

    def may_ask_another(self, now):
        return self.overdue(now)

    def check_may_ask_another(self, now):
        if self.given:
            raise AlreadyGiven()
        if not self.overdue(now):
            raise NotOverdue()

    def reassign_at(self, grace):
        """When Binôme moves the request on its own if nothing is given (None: never)."""
        return None if self.deadline is None else self.deadline + grace

    def reassign_due(self, now, grace):
        """Past the deadline and the grace: Binôme moves the request to another donor."""
        return self.overdue(now) and now > self.reassign_at(grace)

    def give(self, now):
        """The help is given now; whether it came on time (always, for kinds without a deadline)."""
        if self.given:
            raise AlreadyGiven()
        return self.deadline is None or now <= self.deadline
