"""A donor's track record: whether the help they took on came by its deadline. Pure rules.

Only matches whose kind has a delivery deadline (delivery.py) and whose end is known count: help
given on time, help given late, and silence (the request went to another donor, on the seeker's
demand past the deadline or on Binôme's after the grace period). A match still running counts for
nothing yet.

The record becomes one affinity term (domain.affinity, "track_record"): between -1 and +1 times
its weight, where on time counts +1, late -1/2 and silent -1, averaged; a single match counts a
third as much as three or more, so that one late review does not mark a donor for good, nor one
on-time review make them the best of all.
"""
from dataclasses import dataclass

from shared.explanations import reason

ON_TIME, LATE, SILENT = "on_time", "late", "silent"
# How many known ends make a record count fully.
FULL_CONFIDENCE = 3
LATE_COUNTS, SILENT_COUNTS = -0.5, -1.0


def outcome(given_on_time, reassigned):
    """The end of one match with a deadline, or None while it runs (or for kinds without one)."""
    if reassigned:
        return SILENT
    if given_on_time is None:
        return None
    return ON_TIME if given_on_time else LATE


@dataclass(frozen=True)
class TrackRecord:
    on_time: int = 0
    late: int = 0
    silent: int = 0

    @classmethod
    def of(cls, outcomes):
        """The record of a donor's outcomes (ON_TIME, LATE, SILENT; None is left out)."""
        known = [o for o in outcomes if o is not None]
        return cls(known.count(ON_TIME), known.count(LATE), known.count(SILENT))

    @property
    def count(self):
        return self.on_time + self.late + self.silent

    @property
    def score(self):
        """From -1 (always silent, three times or more) to +1 (always on time, three or more)."""
        if not self.count:
            return 0.0
        mean = (self.on_time + LATE_COUNTS * self.late + SILENT_COUNTS * self.silent) / self.count
        return mean * min(self.count, FULL_CONFIDENCE) / FULL_CONFIDENCE

    def reason(self):
        """Why the term raised or lowered the pair, as data for shared/explanations.py."""
        if self.score > 0:
            return reason("on_time", given=self.on_time, count=self.count)
        if self.score < 0:
            return reason("often_late", missed=self.late + self.silent, count=self.count)
        return None
