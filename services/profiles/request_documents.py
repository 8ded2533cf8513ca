"""Which request may carry a document, and how many reviews one document may go to. Pure rules:
the service loads the request and the document's uses, and stores what these allow.

- Only a review (kinds.REVIEW_KINDS: a CV or a cover letter) takes a document, and only its
  seeker attaches it: when asking, or later.
- While the request is open or matched (the help not given yet, nor the request closed), the
  seeker may replace it (a new upload is the request's one current document) or remove it. Once
  the help is given the document the donor read stays as it was: the seeker may still remove it
  (it is theirs), not swap it.
- A document goes to at most kinds.DOCUMENT_REVIEWS reviews, as the operation Binôme is
  modelled on did: a new request may reuse an earlier document of the same person (by its id, or
  by sending the very same bytes again) only while fewer requests use it.
"""
from shared.contracts.kinds import DOCUMENT_REVIEWS, MATCHED, OPEN, REVIEW_KINDS

from .domain import RuleBroken

OPEN_TO_CHANGES = (OPEN, MATCHED)
NOT_A_REVIEW = "Only a CV or cover-letter review takes a document."
REVIEWED_ENOUGH = (f"This document has already gone to {DOCUMENT_REVIEWS} reviews: send a new "
                   f"version of it.")


class RequestClosed(Exception):
    """The request no longer takes a document: its help was given, or it was closed."""


def check_attachable(kind, status, field="document"):
    """RuleBroken(field) for a request that is no review; RequestClosed past its time."""
    if kind not in REVIEW_KINDS:
        raise RuleBroken(field, NOT_A_REVIEW)
    if status not in OPEN_TO_CHANGES:
        raise RequestClosed(f"this request is {status}: its document can no longer change")


def check_reusable(uses, field="document_id"):
    """`uses`: how many other requests already use the document."""
    if uses >= DOCUMENT_REVIEWS:
        raise RuleBroken(field, REVIEWED_ENOUGH)
