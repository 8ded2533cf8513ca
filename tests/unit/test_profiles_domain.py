"""Profiles' pure rules: one account per address, distinct roles, pledge validity, units used."""
from datetime import date, timedelta

import pytest

from services.profiles import domain
from services.profiles.domain import RuleBroken, distinct, normalise_email, pledge_end, use_one_unit

TODAY = date(2026, 6, 1)


def broken_field(call, *args):
    with pytest.raises(RuleBroken) as caught:
        call(*args)
    return caught.value.field


@pytest.mark.parametrize("typed, stored", [
    ("ada@example.org", "ada@example.org"),
    ("Ada.Lovelace@Example.ORG", "ada.lovelace@example.org"),
    ("  ada@example.org\n", "ada@example.org"),
])
def test_email_addresses_are_stored_trimmed_and_lower_case(typed, stored):
    assert normalise_email(typed) == stored


def test_two_spellings_of_one_address_are_one_account():
    assert normalise_email(" ADA@example.org") == normalise_email("ada@EXAMPLE.org ")


def test_distinct_keeps_the_first_of_each_value_in_order():
    assert distinct(["mentor", "job_seeker", "mentor", "sponsor", "job_seeker"]) == [
        "mentor", "job_seeker", "sponsor"]
    assert distinct([]) == []


def test_a_pledge_without_an_end_date_lasts_sixty_days():
    assert pledge_end(None, TODAY) == date(2026, 7, 31)
    assert domain.PLEDGE_VALIDITY == timedelta(days=60)


@pytest.mark.parametrize("chosen", [TODAY, TODAY + timedelta(days=1), date(2027, 1, 1)])
def test_a_pledge_keeps_the_end_date_the_donor_chose_from_today_on(chosen):
    assert pledge_end(chosen, TODAY) == chosen


def test_a_pledge_ending_in_the_past_is_refused_naming_valid_until():
    assert broken_field(pledge_end, TODAY - timedelta(days=1), TODAY) == "valid_until"
    with pytest.raises(RuleBroken, match="past"):
        pledge_end(date(2020, 1, 1), TODAY)


@pytest.mark.parametrize("remaining, after", [
    (3, (2, domain.OPEN)),
    (2, (1, domain.OPEN)),
    (1, (0, domain.MATCHED)),
])
def test_using_a_unit_takes_one_and_the_last_one_closes_the_pledge(remaining, after):
    assert use_one_unit(remaining) == after


@pytest.mark.parametrize("remaining", [0, -1])
def test_a_pledge_with_no_unit_left_refuses_another_match(remaining):
    assert broken_field(use_one_unit, remaining) == "remaining"


def test_a_broken_rule_carries_its_field_and_message():
    error = RuleBroken("valid_until", "Must not be in the past.")
    assert (error.field, error.message) == ("valid_until", "Must not be in the past.")
    assert str(error) == "valid_until: Must not be in the past."
