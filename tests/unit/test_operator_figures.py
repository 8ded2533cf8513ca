"""The operators' figures and parked lists as pure functions: time to match, what a pledge
achieved, pledges and people per kind and role, pages of parked messages, the impact document."""
import uuid
from collections import namedtuple
from datetime import datetime, timedelta, timezone

import pytest

from services.gateway.operator import impact_document
from services.matching import figures as matching_figures
from services.profiles import figures as profiles_figures
from shared.contracts import rpc
from shared.messaging.parking import ParkedSource, ids_in, page_of, parked_item, reason, replay

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
Outcome = namedtuple("Outcome", "pledge_id kind seeker_id accepted waiting held")


def hours(n):
    return T0 + timedelta(hours=n)


# --- time to match ----------------------------------------------------------------------------

def test_median_and_p90_interpolate_between_the_waits():
    assert matching_figures.median_and_p90([1, 2, 3, 4, 100]) == (3.0, 61.6)
    assert matching_figures.median_and_p90([5.0]) == (5.0, 5.0)
    assert matching_figures.median_and_p90([]) == (None, None)


def test_a_clock_skew_between_services_never_makes_a_negative_wait():
    assert matching_figures.hours_between(hours(1), hours(0.5)) == 0.0
    assert matching_figures.hours_between(hours(0), hours(36)) == 36.0


def test_match_figures_give_every_kind_in_order_with_its_waits_and_counts():
    accepted = [("coffee", hours(0), hours(2)), ("coffee", hours(0), hours(10)),
                ("cv_review", hours(0), hours(48))]
    first_proposals = [("coffee", hours(0), hours(0.5)), ("coffee", hours(1), hours(1.25)),
                       ("cv_review", hours(0), hours(1))]
    figures = matching_figures.match_figures(
        ("cv_review", "coffee", "mock_interview"),
        requests={"coffee": 5, "cv_review": 1}, proposed={"coffee": 3, "cv_review": 1},
        held={"coffee": 1}, accepted=accepted, first_proposals=first_proposals)

    assert figures["kinds"] == [
        {"kind": "cv_review", "requests": 1, "proposed": 1, "accepted": 1, "held": 0,
         "median_hours_to_match": 48.0, "p90_hours_to_match": 48.0,
         "median_minutes_to_proposal": 60.0, "p90_minutes_to_proposal": 60.0},
        {"kind": "coffee", "requests": 5, "proposed": 3, "accepted": 2, "held": 1,
         "median_hours_to_match": 6.0, "p90_hours_to_match": 9.2,
         "median_minutes_to_proposal": 22.5, "p90_minutes_to_proposal": 28.5},
        {"kind": "mock_interview", "requests": 0, "proposed": 0, "accepted": 0, "held": 0,
         "median_hours_to_match": None, "p90_hours_to_match": None,
         "median_minutes_to_proposal": None, "p90_minutes_to_proposal": None}]
    assert "requested_at" in figures["time_to_match"] and "decided_at" in figures["time_to_match"]
    assert "requested_at" in figures["time_to_proposal"]
    assert "proposed_at" in figures["time_to_proposal"]
    rpc.MatchFigures().load(rpc.MatchFigures().dump(figures))


def test_time_to_proposal_counts_each_request_from_its_first_proposal_only():
    # The store gives one row per request (its first proposal); a skew never makes it negative.
    figures = matching_figures.match_figures(
        ("coffee",), requests={"coffee": 2}, proposed={"coffee": 2}, held={}, accepted=[],
        first_proposals=[("coffee", hours(1), hours(0.9)), ("coffee", hours(0), hours(0.1))])
    (coffee,) = figures["kinds"]
    assert (coffee["median_minutes_to_proposal"], coffee["p90_minutes_to_proposal"]) == (3.0, 5.4)


# --- what a pledge achieved -------------------------------------------------------------------

def test_each_pledge_counts_its_accepted_matches_people_waiting_proposals_and_meetings():
    coffees, reviews, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ana, ben = uuid.uuid4(), uuid.uuid4()
    matches = [Outcome(coffees, "coffee", ana, True, False, True),
               Outcome(coffees, "coffee", ben, True, False, False),
               Outcome(coffees, "coffee", ana, False, True, False),
               # declined, then a meeting held on a match cancelled since: it still happened
               Outcome(coffees, "coffee", ben, False, False, False),
               Outcome(reviews, "cv_review", ana, False, False, True),
               Outcome(gone, "mock_interview", ben, True, False, False)]

    outcomes = matching_figures.pledge_outcomes(
        [(coffees, "coffee"), (reviews, "cv_review")], matches)

    assert outcomes == [
        {"pledge_id": coffees, "kind": "coffee", "units_matched": 2, "people_helped": 2,
         "waiting": 1, "meetings_held": 1},
        {"pledge_id": reviews, "kind": "cv_review", "units_matched": 0, "people_helped": 0,
         "waiting": 0, "meetings_held": 1},
        {"pledge_id": gone, "kind": "mock_interview", "units_matched": 1, "people_helped": 1,
         "waiting": 0, "meetings_held": 0}]


def test_the_same_person_helped_twice_by_one_pledge_is_one_person_helped():
    pledge, ana = uuid.uuid4(), uuid.uuid4()
    outcome, = matching_figures.pledge_outcomes(
        [(pledge, "cv_review")], [Outcome(pledge, "cv_review", ana, True, False, False)] * 2)
    assert (outcome["units_matched"], outcome["people_helped"]) == (2, 1)


# --- pledges and people -----------------------------------------------------------------------

def test_pledge_figures_give_every_kind_with_zeros_where_nobody_pledged():
    totals = [("coffee", 3, 5, 2, 1), ("cv_review", 1, 3, None, 0)]
    assert profiles_figures.pledge_figures(("cv_review", "coffee", "network_intro"), totals) == [
        {"kind": "cv_review", "pledges": 1, "units_pledged": 3, "units_used": 0,
         "pledges_fulfilled": 0},
        {"kind": "coffee", "pledges": 3, "units_pledged": 5, "units_used": 2,
         "pledges_fulfilled": 1},
        {"kind": "network_intro", "pledges": 0, "units_pledged": 0, "units_used": 0,
         "pledges_fulfilled": 0}]


def test_people_count_once_in_total_and_under_each_role_and_the_erased_nowhere():
    by_role, people = profiles_figures.people_by_role(
        ("job_seeker", "mentor", "sponsor"),
        [["job_seeker"], ["mentor", "sponsor"], [], ["job_seeker", "job_seeker"], None])
    assert by_role == {"job_seeker": 2, "mentor": 1, "sponsor": 1}
    assert people == 3


# --- parked messages --------------------------------------------------------------------------

def test_only_ids_are_read_from_a_parked_payload():
    payload = {"person_id": "p-1", "first_name": "Inès", "email": "ines@example.org",
               "match_id": "m-1", "attendee_ids": ["a", "b"], "id": "x", "quantity": 2,
               "mentor": {"from_occupation": "J1506"}}
    assert ids_in(payload) == {"person_id": "p-1", "match_id": "m-1", "attendee_ids": "a,b",
                               "id": "x"}
    assert ids_in(["not", "an", "object"]) == {}


def test_a_long_error_is_cut_in_the_list():
    item = parked_item("inbox", uuid.uuid4(), "pledge_made", T0, T0, 3, "x" * 2000, {})
    assert len(item["reason"]) == 500


def test_an_error_that_names_an_address_is_listed_without_it():
    refused = ("SMTPRecipientsRefused: {'ines.roche+binome@example.org': (550, b'5.1.1 "
               "<ines.roche+binome@example.org>: mailbox unavailable')}")
    assert reason(refused) == ("SMTPRecipientsRefused: {'<address>': (550, b'5.1.1 "
                               "<<address>>: mailbox unavailable')}")
    assert reason("NotFound: match 1f0e names an unknown pledge") == (
        "NotFound: match 1f0e names an unknown pledge")
    assert reason(None) is None


class FakeSource:
    """A place things are parked, newest first, as the store would answer."""

    def __init__(self, channel, parked_hours):
        self.channel = channel
        self.items = [parked_item(channel, uuid.uuid4(), "e", T0, hours(h), 1, "boom", {})
                      for h in sorted(parked_hours, reverse=True)]
        self.replayed = []
        self.asked = []

    def source(self):
        def newest(engine, limit):
            self.asked.append(limit)
            return self.items[:limit]

        def replay_these(engine, ids):
            self.replayed.append(list(ids))
            return len([i for i in self.items if i["id"] in ids])
        return ParkedSource(self.channel, lambda engine: len(self.items), newest, replay_these)


def test_pages_of_parked_things_mix_every_source_the_last_parked_first():
    inbox, emails = FakeSource("inbox", [1, 4, 6]), FakeSource("email", [2, 3, 5, 7])
    sources = (inbox.source(), emails.source())

    first = page_of(None, sources, page=1, page_size=3)
    second = page_of(None, sources, page=2, page_size=3)
    third = page_of(None, sources, page=3, page_size=3)

    def when(page):
        return [(i["channel"], i["parked_at"]) for i in page["items"]]
    assert when(first) == [("email", hours(7)), ("inbox", hours(6)), ("email", hours(5))]
    assert when(second) == [("inbox", hours(4)), ("email", hours(3)), ("email", hours(2))]
    assert when(third) == [("inbox", hours(1))]
    assert (first["total"], first["page"], first["page_size"]) == (7, 1, 3)
    assert page_of(None, sources, page=4, page_size=3)["items"] == []
    # No source is read further than the page asked for needs.
    assert max(inbox.asked) == 12


def test_a_replay_asks_every_source_for_the_ids_and_adds_up_what_they_put_back():
    inbox, emails = FakeSource("inbox", [1]), FakeSource("email", [2, 3])
    wanted = [inbox.items[0]["id"], emails.items[1]["id"], uuid.uuid4()]
    assert replay(None, (inbox.source(), emails.source()), wanted) == 2
    assert inbox.replayed == emails.replayed == [wanted]


def test_a_replay_of_no_ids_puts_nothing_back():
    # The store's replay functions read "no ids" as "everything": never reached with none.
    inbox = FakeSource("inbox", [1])
    assert replay(None, (inbox.source(),), []) == 0
    assert inbox.replayed == []


@pytest.mark.parametrize("service", sorted(rpc.SERVICES))
def test_every_service_has_the_two_parking_contracts(service):
    contracts = rpc.contracts_of(service)
    assert contracts["parked_messages"].service == service
    assert contracts["replay_parked"].service == service


# --- the impact document ----------------------------------------------------------------------

def test_the_impact_document_puts_each_services_answer_in_its_place():
    pledges = {"kinds": [{"kind": "coffee", "pledges": 1}], "people": 2,
               "people_by_role": {"time_donor": 1, "job_seeker": 1}}
    matches = {"kinds": [{"kind": "coffee", "accepted": 1}], "time_to_match": "hours from …",
               "time_to_proposal": "minutes from …"}
    meetings = {"held_per_week": [{"week": "2026-W45", "meetings": 1}], "ratings": {"5": 1},
                "mean_rating": 5.0, "no_shows": 0}
    assert impact_document(pledges, matches, meetings, T0) == {
        "generated_at": "2026-11-02T09:00:00+00:00",
        "pledges": [{"kind": "coffee", "pledges": 1}],
        "people": {"total": 2, "by_role": {"time_donor": 1, "job_seeker": 1}},
        "matches": [{"kind": "coffee", "accepted": 1}], "time_to_match": "hours from …",
        "time_to_proposal": "minutes from …", "meetings": meetings}
