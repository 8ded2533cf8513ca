"""The rules of a review's document: which request takes one, how many reviews a document goes to
(services/profiles/request_documents.py), and who reads it (services/matching/document_access.py)."""
import uuid

import pytest

from services.matching.document_access import document_readable_by
from services.profiles import request_documents
from services.profiles.domain import RuleBroken
from shared.contracts.kinds import DOCUMENT_REVIEWS, HELP_KINDS, LIFECYCLE, REVIEW_KINDS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("kind", REVIEW_KINDS)
@pytest.mark.parametrize("status", ("open", "matched"))
def test_a_review_takes_a_document_until_its_help_is_given(kind, status):
    request_documents.check_attachable(kind, status)


@pytest.mark.parametrize("status", sorted(set(LIFECYCLE) - {"open", "matched"}))
def test_a_closed_or_fulfilled_request_keeps_the_document_it_had(status):
    with pytest.raises(request_documents.RequestClosed):
        request_documents.check_attachable("cv_review", status)


@pytest.mark.parametrize("kind", sorted(set(HELP_KINDS) - set(REVIEW_KINDS)) + ["sponsorship"])
def test_other_kinds_take_no_document_naming_the_field(kind):
    with pytest.raises(RuleBroken) as refused:
        request_documents.check_attachable(kind, "open", field="document_id")
    assert refused.value.field == "document_id"


def test_a_document_goes_to_two_reviews_at_most():
    assert DOCUMENT_REVIEWS == 2
    for uses in range(DOCUMENT_REVIEWS):
        request_documents.check_reusable(uses)
    with pytest.raises(RuleBroken) as refused:
        request_documents.check_reusable(DOCUMENT_REVIEWS)
    assert refused.value.field == "document_id"


SEEKER, DONOR, STRANGER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def readable(person, kind="cv_review", status="accepted", blocked=False):
    return document_readable_by(person, kind=kind, status=status, seeker_id=SEEKER,
                                donor_id=DONOR, blocked=blocked)


def test_the_two_people_of_an_accepted_review_read_it_and_nobody_else():
    assert readable(DONOR) and readable(str(SEEKER))
    assert not readable(STRANGER)


@pytest.mark.parametrize("status", ("proposed", "declined", "expired", "cancelled", "reassigned"))
def test_not_before_acceptance_nor_once_the_match_ended(status):
    assert not readable(DONOR, status=status)


def test_not_after_a_block_nor_for_a_match_that_is_no_review():
    assert not readable(DONOR, blocked=True)
    assert not readable(DONOR, kind="coffee")
