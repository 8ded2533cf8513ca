"""The rules of a returned review and of a confirmed introduction, without a database."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.matching import introduction, review
from services.matching.delivery import AlreadyGiven, Delivery, Turnaround
from services.matching.introduction import Introduction
from services.matching.review import Review

SEEKER, DONOR, STRANGER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def a_review(kind="cv_review", status="accepted", accepted=True, **state):
    return Review(kind=kind, seeker_id=SEEKER, donor_id=DONOR, status=status, accepted=accepted,
                  **state)


def test_only_the_donor_returns_it_once_while_the_match_is_accepted():
    waiting = a_review()
    assert waiting.state == review.WAITING
    waiting.check_return(DONOR)                     # raises nothing
    assert waiting.may_return(DONOR) and not waiting.may_return(SEEKER)
    with pytest.raises(review.NotYours):
        waiting.check_return(SEEKER)
    with pytest.raises(review.NotAParty):
        waiting.check_return(STRANGER)
    returned = a_review(returned=True)
    with pytest.raises(review.Refused) as refused:
        returned.check_return(DONOR)
    assert refused.value.reason == review.ALREADY_RETURNED
    for ended, reason in ((a_review(status="cancelled"), review.ENDED),
                          (a_review(status="reassigned"), review.ENDED),
                          (a_review(blocked=True), review.BLOCKED)):
        with pytest.raises(review.Refused) as refused:
            ended.check_return(DONOR)
        assert refused.value.reason == reason


def test_nobody_sees_a_review_of_a_proposal_or_of_a_kind_that_has_none():
    for hidden in (a_review(status="proposed", accepted=False), a_review(kind="coffee"),
                   a_review(kind="network_intro")):
        for person in (SEEKER, DONOR):
            assert not hidden.readable_by(person)
        with pytest.raises(review.NotAParty):
            hidden.check_return(DONOR)
    assert a_review(kind="cover_letter_review").readable_by(SEEKER)
    assert not a_review().readable_by(STRANGER)


def test_a_review_returned_stays_readable_after_the_match_ends():
    ended = a_review(status="cancelled", returned=True)
    assert ended.readable_by(SEEKER) and ended.readable_by(DONOR)
    assert ended.may_rate(SEEKER)


def test_only_the_seeker_rates_once_it_is_returned_and_only_once():
    with pytest.raises(review.Refused) as refused:
        a_review().check_rate(SEEKER)
    assert refused.value.reason == review.NOT_RETURNED
    returned = a_review(returned=True)
    assert returned.state == review.RETURNED
    returned.check_rate(SEEKER)
    with pytest.raises(review.NotYours):
        returned.check_rate(DONOR)
    with pytest.raises(review.NotAParty):
        returned.check_rate(STRANGER)
    rated = a_review(returned=True, rated=True)
    assert rated.state == review.RATED and not rated.may_rate(SEEKER)
    with pytest.raises(review.Refused) as refused:
        rated.check_rate(SEEKER)
    assert refused.value.reason == review.ALREADY_RATED


def test_comments_are_1_to_8000_characters_of_plain_text():
    assert review.checked_comments("Bien.\r\nMais ajoutez vos dates.") == \
        "Bien.\nMais ajoutez vos dates."
    assert review.checked_comments("x" * 8000) == "x" * 8000
    for bad in ("", "   \n ", "x" * 8001, "bell\x07", "a\u202eb", None, 42):
        with pytest.raises(review.BadReview) as refused:
            review.checked_comments(bad)
        assert set(refused.value.fields) == {"comments"}


def test_a_rating_is_a_whole_number_from_1_to_5_and_thanks_are_optional():
    assert review.checked_rating(5) == (5, None)
    assert review.checked_rating(1, "Merci beaucoup !") == (1, "Merci beaucoup !")
    assert review.checked_rating(4, "   ") == (4, None)
    for bad in (0, 6, 4.5, "5", None, True):
        with pytest.raises(review.BadReview) as refused:
            review.checked_rating(bad)
        assert set(refused.value.fields) == {"rating"}
    for bad in ("x" * 1001, "bell\x07"):
        with pytest.raises(review.BadReview) as refused:
            review.checked_rating(3, bad)
        assert set(refused.value.fields) == {"thanks"}


def an_introduction(kind="network_intro", status="accepted", accepted=True, blocked=False):
    return Introduction(kind=kind, seeker_id=SEEKER, donor_id=DONOR, status=status,
                        accepted=accepted, blocked=blocked)


def test_only_the_seeker_of_an_accepted_introduction_confirms_it():
    an_introduction().check_confirm(SEEKER)       # raises nothing
    for person, error in ((DONOR, introduction.NotTheSeeker),
                          (STRANGER, introduction.NotAParty)):
        with pytest.raises(error):
            an_introduction().check_confirm(person)
    for match, error in ((an_introduction(kind="cv_review"), introduction.NotAnIntroduction),
                         (an_introduction(status="proposed", accepted=False),
                          introduction.NotAParty),
                         (an_introduction(status="cancelled"), introduction.Ended),
                         (an_introduction(blocked=True), introduction.Ended)):
        with pytest.raises(error):
            match.check_confirm(SEEKER)


def test_help_given_by_the_deadline_is_on_time_and_counts_once():
    accepted_at = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    turnaround = Turnaround()
    delivery = Delivery.of(turnaround, "cv_review", accepted_at)
    assert delivery.give(accepted_at + timedelta(days=7))
    assert not delivery.give(accepted_at + timedelta(days=7, seconds=1))
    given = Delivery.of(turnaround, "cv_review", accepted_at, given_at=accepted_at)
    with pytest.raises(AlreadyGiven):
        given.give(accepted_at + timedelta(days=1))
    assert Delivery.of(turnaround, "coffee", accepted_at).give(accepted_at + timedelta(days=90))
