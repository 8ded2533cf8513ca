"""Who may read the document of a review match: a pure rule, the service loads the match.

The seeker's CV or cover letter goes to the donor of an ACCEPTED review match (kinds.REVIEW_KINDS),
and to nobody else: not before the seeker accepts (a proposal is not yet an agreement), not once
the match ended (called off, reassigned to another donor, or either blocked the other), never to a
third person, who is answered as if the match did not exist. The seeker of the match reads it too
(it is their own). Profiles holds the bytes; matching only says which request it is.
"""
from shared.contracts.kinds import REVIEW_KINDS

ACCEPTED = "accepted"


def document_readable_by(person_id, *, kind, status, seeker_id, donor_id, blocked):
    return (kind in REVIEW_KINDS and status == ACCEPTED and not blocked
            and str(person_id) in (str(seeker_id), str(donor_id)))
