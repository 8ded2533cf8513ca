"""The donor's page lists each unit of a pledge: a unit in progress shows the accepted match it
went to (and its deadline, when matching gives one); the others show their state alone."""
from services.gateway.pages_donor import _units_shown


def test_each_unit_in_progress_is_shown_with_an_accepted_match_whose_help_is_not_given_yet():
    waiting = {"match_id": "m2", "status": "accepted", "given_at": None,
               "deadline_at": "2026-12-14T10:00:00+00:00"}
    pledge = {"unit_states": ["given", "in_progress", "paused", "offered"], "matches": [
        {"match_id": "m1", "status": "accepted", "given_at": "2026-12-01T10:00:00+00:00"},
        {"match_id": "m0", "status": "declined"}, waiting]}
    assert _units_shown(pledge) == [
        {"state": "given", "match": None}, {"state": "in_progress", "match": waiting},
        {"state": "paused", "match": None}, {"state": "offered", "match": None}]


def test_a_unit_in_progress_without_a_known_match_is_shown_alone():
    assert _units_shown({"unit_states": ["in_progress"], "matches": []}) == [
        {"state": "in_progress", "match": None}]
