"""The private conversation of a match: who may read and write it, what a message may hold, and how
it is paged. Pure rules: the service loads the match and whether the two blocked each other.

- Only the two people of the match take part; to anyone else it does not exist (the API's 404).
- It opens when the match is accepted, whatever the kind of help (reviews, introductions, coffees,
  lunches, sponsorships), and never before: a proposal is not yet an agreement to talk.
- It closes, read-only for both, when either blocks the other or the match is called off (which
  includes one of them erasing their account). What was written stays readable by the two (less
  an erased person's own messages), so nobody loses what they were told; nobody can post.
- A message is text of 1 to 4000 characters; line ends and tabs are allowed, every other control
  character (and bidi overrides, which can disguise text) is refused; blank text is refused.
- Pages run oldest first (newest last, as a conversation reads); page 1 holds the oldest messages,
  and `last_page` says where the newest are.
"""
from dataclasses import dataclass

from marshmallow import Schema, ValidationError

from shared.contracts.fields import Text, not_blank

MAX_BODY = 4000
ACCEPTED, CANCELLED = "accepted", "cancelled"
# Why a conversation is closed. A block is named as such to both: it does not say who blocked.
BLOCKED, ENDED = "blocked", "ended"
# The donor gave nothing by the deadline and the request went to another donor (delivery.py).
REASSIGNED = "reassigned"


class NotAParty(Exception):
    """Someone outside the match, or a match never accepted: answered as if it did not exist."""


class Closed(Exception):
    """The conversation is read-only; `reason` is BLOCKED or ENDED."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class BadBody(Exception):
    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


class _Body(Schema):
    body = Text(MAX_BODY, not_blank, required=True)


def checked_body(body):
    """The message's text as it is kept (line ends made "\\n"); BadBody says what is wrong."""
    try:
        return _Body().load({"body": body})["body"]
    except ValidationError as refused:
        raise BadBody(refused.messages["body"]) from None


@dataclass(frozen=True)
class Conversation:
    seeker_id: object
    donor_id: object
    status: str          # the match's status now
    accepted: bool       # whether the match was ever accepted
    blocked: bool        # whether either of the two blocked the other

    def _party(self, person_id):
        return str(person_id) in (str(self.seeker_id), str(self.donor_id))

    def readable_by(self, person_id):
        return self.accepted and self._party(person_id)

    def other(self, person_id):
        return self.donor_id if str(person_id) == str(self.seeker_id) else self.seeker_id

    @property
    def closed_because(self):
        if self.blocked:
            return BLOCKED
        if self.status == REASSIGNED:
            return REASSIGNED
        if self.status != ACCEPTED:
            return ENDED
        return None

    def check_post(self, person_id):
        if not self.readable_by(person_id):
            raise NotAParty()
        if self.closed_because is not None:
            raise Closed(self.closed_because)


def page_slice(page, page_size):
    """(offset, limit) of a page, pages counting from 1, oldest message first."""
    return (page - 1) * page_size, page_size


def last_page(total, page_size):
    """The page holding the newest messages (1 when there are none)."""
    return max((total + page_size - 1) // page_size, 1)
