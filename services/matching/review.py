"""The review a donor returns on a CV or cover-letter review: who may return, read and rate it, and
what each may hold. Pure rules: the service loads the match, its review and whether the two
blocked each other.

- Only the two people of an ACCEPTED match of a review kind (kinds.REVIEW_KINDS) see its review;
  to anyone else, and before the seeker accepted, it does not exist (the API's 404).
- Only the donor returns it, once, while the match is accepted and neither blocked the other:
  comments of 1 to 8000 characters (line ends and tabs allowed, other control characters and bidi
  overrides refused, as a message's), and optionally an annotated file. A second return is
  refused rather than replacing the first: the seeker was told of the first and may have read it.
- Returning it is the help given (delivery.Delivery.give says whether on time).
- Only the seeker rates it, 1 to 5, once it is returned, and once: the donor is told the rating,
  so changing it later would tell them something else than what they read. The seeker may thank
  the donor in the same step (at most 1000 characters; optional).
- What was returned stays readable by the two after the match ends (a block, a call-off), as the
  conversation does; an erasure of either deletes it.
"""
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate

from shared.contracts.fields import Text, not_blank
from shared.contracts.kinds import REVIEW_KINDS

MAX_COMMENTS = 8000
MAX_THANKS = 1000
ACCEPTED = "accepted"
# Where a review stands, as both people see it.
WAITING, RETURNED, RATED = "waiting", "returned", "rated"


class NotAParty(Exception):
    """Someone outside the match, a match never accepted, or a kind that has no review: answered
    as if it did not exist."""


class NotYours(Exception):
    """One of the two tried what only the other does (the seeker returning, the donor rating)."""


class Refused(Exception):
    """The step is not possible now; `reason` says why (one of the reasons below)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


ALREADY_RETURNED, ENDED, BLOCKED = "already_returned", "ended", "blocked"
NOT_RETURNED, ALREADY_RATED = "not_returned", "already_rated"


class BadReview(Exception):
    """What was typed is refused: `fields` maps each field to its messages."""

    def __init__(self, fields):
        super().__init__(fields)
        self.fields = fields


class _Comments(Schema):
    comments = Text(MAX_COMMENTS, not_blank, required=True)


class _Rating(Schema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    thanks = Text(MAX_THANKS, load_default=None, allow_none=True)


def checked_comments(comments):
    """The comments as they are kept (line ends made "\\n"); BadReview names the field."""
    try:
        return _Comments().load({"comments": comments})["comments"]
    except ValidationError as refused:
        raise BadReview(refused.messages) from None


def checked_rating(rating, thanks=None):
    """(rating, thanks) as they are kept; blank thanks are no thanks (None)."""
    try:
        loaded = _Rating().load({"rating": rating, "thanks": thanks})
    except ValidationError as refused:
        raise BadReview(refused.messages) from None
    thanks = loaded["thanks"]
    if thanks is not None and not thanks.strip():
        thanks = None
    return loaded["rating"], thanks


@dataclass(frozen=True)
class Review:
    kind: str
    seeker_id: object
    donor_id: object
    status: str              # the match's status now
    accepted: bool           # whether the match was ever accepted
    blocked: bool = False    # whether either of the two blocked the other
    returned: bool = False
    rated: bool = False

    def _party(self, person_id):
        return str(person_id) in (str(self.seeker_id), str(self.donor_id))

    def readable_by(self, person_id):
        return self.kind in REVIEW_KINDS and self.accepted and self._party(person_id)

    @property
    def state(self):
        return RATED if self.rated else RETURNED if self.returned else WAITING

    def check_return(self, person_id):
        if not self.readable_by(person_id):
            raise NotAParty()
        if str(person_id) != str(self.donor_id):
            raise NotYours()
        if self.returned:
            raise Refused(ALREADY_RETURNED)
        if self.blocked:
            raise Refused(BLOCKED)
        if self.status != ACCEPTED:
            raise Refused(ENDED)

    def check_rate(self, person_id):
        if not self.readable_by(person_id):
            raise NotAParty()
        if str(person_id) != str(self.seeker_id):
            raise NotYours()
        if not self.returned:
            raise Refused(NOT_RETURNED)
        if self.rated:
            raise Refused(ALREADY_RATED)

    def may_return(self, person_id):
        return _allowed(self.check_return, person_id)

    def may_rate(self, person_id):
        return _allowed(self.check_rate, person_id)


def _allowed(check, person_id):
    try:
        check(person_id)
    except (NotAParty, NotYours, Refused):
        return False
    return True
