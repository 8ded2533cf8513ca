"""An introduction (kinds.INTRODUCTION) is help given when the seeker says it was made: only they
can know. Pure rules; whether the help was already given is delivery.Delivery's to say.

- Only the seeker of an accepted introduction confirms it; the donor is told it is not theirs to
  say (403), anyone else learns nothing (404), and a match of another kind has nothing to confirm.
- Confirming twice is one confirmation: the second answers as the first did and counts nothing.
- A match called off or blocked is not confirmed any more: there is no help to count.
"""
from dataclasses import dataclass

from shared.contracts.kinds import INTRODUCTION

ACCEPTED = "accepted"


class NotAParty(Exception):
    """Someone outside the match, or a proposal never accepted: as if it did not exist."""


class NotTheSeeker(Exception):
    """The donor tried to confirm the help they gave themselves."""


class NotAnIntroduction(Exception):
    """Help of another kind is given by a review or a meeting, not confirmed."""


class Ended(Exception):
    """The match was called off (or either blocked the other) before the introduction."""


@dataclass(frozen=True)
class Introduction:
    kind: str
    seeker_id: object
    donor_id: object
    status: str
    accepted: bool
    blocked: bool = False

    def check_confirm(self, person_id):
        if not self.accepted or str(person_id) not in (str(self.seeker_id), str(self.donor_id)):
            raise NotAParty()
        if str(person_id) != str(self.seeker_id):
            raise NotTheSeeker()
        if self.kind != INTRODUCTION:
            raise NotAnIntroduction()
        if self.blocked or self.status != ACCEPTED:
            raise Ended()
