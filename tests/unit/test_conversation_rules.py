"""The rules of a match's private conversation, without a database."""
import uuid

import pytest

from services.matching import conversation
from services.matching.conversation import Conversation

SEEKER, DONOR, STRANGER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def talk(status="accepted", accepted=True, blocked=False):
    return Conversation(seeker_id=SEEKER, donor_id=DONOR, status=status, accepted=accepted,
                        blocked=blocked)


def test_both_parties_read_and_write_once_accepted():
    open_one = talk()
    for person in (SEEKER, DONOR):
        assert open_one.readable_by(person)
        open_one.check_post(person)          # raises nothing
    assert open_one.closed_because is None
    assert open_one.other(SEEKER) == DONOR and open_one.other(DONOR) == SEEKER


def test_someone_outside_the_match_neither_reads_nor_writes():
    assert not talk().readable_by(STRANGER)
    with pytest.raises(conversation.NotAParty):
        talk().check_post(STRANGER)


def test_a_proposal_not_yet_accepted_has_no_conversation():
    proposed = talk(status="proposed", accepted=False)
    assert not proposed.readable_by(SEEKER)
    with pytest.raises(conversation.NotAParty):
        proposed.check_post(SEEKER)


def test_a_block_closes_it_read_only_for_both():
    blocked = talk(status="cancelled", blocked=True)
    assert blocked.readable_by(SEEKER) and blocked.readable_by(DONOR)
    assert blocked.closed_because == conversation.BLOCKED
    for person in (SEEKER, DONOR):
        with pytest.raises(conversation.Closed):
            blocked.check_post(person)


def test_a_block_closes_it_even_while_the_match_is_still_accepted():
    # The block travels by event: until matching cancels the match, the block alone closes it.
    assert talk(blocked=True).closed_because == conversation.BLOCKED


def test_a_match_called_off_closes_it():
    ended = talk(status="cancelled")
    assert ended.readable_by(DONOR)
    assert ended.closed_because == conversation.ENDED
    with pytest.raises(conversation.Closed):
        ended.check_post(DONOR)


@pytest.mark.parametrize("body", ["ok", "line one\nline two", "é" * 4000, "tab\tinside"])
def test_a_body_of_text_is_kept(body):
    assert conversation.checked_body(body) == body


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 4001, "bell\x07", "nul\x00",
                                  "bidi\u202e", None, 12])
def test_other_bodies_are_refused_naming_the_field(body):
    with pytest.raises(conversation.BadBody) as refused:
        conversation.checked_body(body)
    assert refused.value.messages


def test_pages_run_oldest_first_and_the_last_page_holds_the_newest():
    assert conversation.page_slice(page=1, page_size=20) == (0, 20)
    assert conversation.page_slice(page=3, page_size=10) == (20, 10)
    assert conversation.last_page(total=0, page_size=20) == 1
    assert conversation.last_page(total=20, page_size=20) == 1
    assert conversation.last_page(total=21, page_size=20) == 2
