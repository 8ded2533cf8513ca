"""Profiles' pure rules: one account per address, distinct roles, pledge validity, units used,
profile attributes, the card others see, consent, lifecycle and erasure."""
from datetime import date, timedelta

import pytest

from services.profiles import domain
from services.profiles.domain import RuleBroken, distinct, normalise_email, pledge_end
from shared.names import display_name
from shared.reference.places import Lookup

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


def test_a_broken_rule_carries_its_field_and_message():
    error = RuleBroken("valid_until", "Must not be in the past.")
    assert (error.field, error.message) == ("valid_until", "Must not be in the past.")
    assert str(error) == "valid_until: Must not be in the past."


# --- profile attributes: reference data, presets, role blocks ---------------------------------

class Occupation:
    def __init__(self, code):
        self.code = code


class Place:
    def __init__(self, postal_code, neighbourhood, latitude, longitude, department=""):
        self.postal_code, self.neighbourhood = postal_code, neighbourhood
        self.latitude, self.longitude = latitude, longitude
        self.label = f"{neighbourhood} ({postal_code}, {department})"


# Small reference data of our own: the rules must hold with any catalogue.
OCCUPATIONS = {"M1805": "M1805", "software development": "M1805", "J1506": "J1506",
               "general nursing": "J1506", "K2107": "K2107"}
PLACES = {"75011": Place("75011", "Paris 11e", 48.8574, 2.3795),
          "lyon": Place(None, "Lyon", 45.749, 4.848)}


def find_occupation(text):
    code = OCCUPATIONS.get(text.strip()) or OCCUPATIONS.get(text.strip().lower())
    return Occupation(code) if code else None


# Two communes of one name: the person must say which (the real data has hundreds of such names).
SAINT_DENIS = (Place("97400", "Saint-Denis", -20.88, 55.45, "La Réunion"),
               Place("93200", "Saint-Denis", 48.94, 2.35, "Seine-Saint-Denis"))


def find_place(text):
    if text.strip().lower() == "saint-denis":
        return Lookup(choices=SAINT_DENIS)
    return Lookup(PLACES.get(text.strip().lower()))


MENTOR = {"from_occupation": "General nursing", "to_occupation": "Software development",
          "moved_in": 2019, "current_occupation": None, "sectors": [], "max_mentees": 2}
SPONSOR = {"capacity": 3, "occupations": ["software development", "M1805", "J1506"],
           "radius_km": 20}


def registration(**changes):
    """Validated registration fields, as the contract loads them (defaults filled in)."""
    return {"first_name": "Ada", "last_name": "Lovelace", "email": " Ada@Example.ORG ",
            "phone": None, "locale": "fr", "timezone": "Europe/Paris", "roles": ["job_seeker"],
            "languages": ["fr"], "location": None, "own_words": "", "occupation": None,
            "target_occupation": None, "skills": [], "availability": None,
            "availability_preset": None, "mentor": None, "sponsor": None, **changes}


def attributes(fields, current=None):
    return domain.profile_attributes(fields, find_occupation, find_place, current)


def refused(fields, current=None):
    with pytest.raises(RuleBroken) as caught:
        attributes(fields, current)
    return caught.value.field


def stored_person(**changes):
    """Stored attributes of a registered person, as `current` for an update."""
    return {**attributes(registration()), "id": "p1", **changes}


def test_registration_normalises_email_and_roles_and_resolves_codes_and_place():
    found = attributes(registration(
        roles=["job_seeker", "job_seeker"], occupation="general nursing",
        target_occupation="M1805", location="75011"))
    assert found["email"] == "ada@example.org"
    assert found["roles"] == ["job_seeker"]
    assert (found["occupation"], found["target_occupation"]) == ("J1506", "M1805")
    assert "location" not in found
    assert (found["postal_code"], found["neighbourhood"]) == ("75011", "Paris 11e")
    assert (found["latitude"], found["longitude"]) == (48.8574, 2.3795)


def test_a_city_resolves_to_a_place_without_a_postal_code():
    found = attributes(registration(location="Lyon"))
    assert (found["postal_code"], found["neighbourhood"]) == (None, "Lyon")


def test_no_location_stores_no_place():
    found = attributes(registration())
    assert all(found[key] is None for key in ("postal_code", "neighbourhood", "latitude",
                                              "longitude"))


@pytest.mark.parametrize("field", ["occupation", "target_occupation"])
def test_an_unknown_occupation_is_refused_naming_its_field(field):
    assert refused(registration(**{field: "Astronaut"})) == field


def test_a_name_several_communes_share_is_refused_naming_location_and_each_commune():
    with pytest.raises(RuleBroken) as caught:
        attributes(registration(location="Saint-Denis"))
    assert caught.value.field == "location"
    assert "Several communes are named 'Saint-Denis'" in caught.value.message
    assert "Saint-Denis (97400, La Réunion)" in caught.value.message
    assert "Saint-Denis (93200, Seine-Saint-Denis)" in caught.value.message


def test_an_unknown_place_is_refused_naming_location():
    with pytest.raises(RuleBroken, match="Atlantis") as caught:
        attributes(registration(location="Atlantis"))
    assert caught.value.field == "location"


@pytest.mark.parametrize("preset", sorted(domain.AVAILABILITY_PRESETS))
def test_a_preset_becomes_the_availability_it_names(preset):
    found = attributes(registration(availability_preset=preset))
    assert found["availability"] == domain.AVAILABILITY_PRESETS[preset]
    assert "availability_preset" not in found
    assert set(found["availability"]) == {"mon", "tue", "wed", "thu", "fri"}


def test_lunch_and_coffee_is_both_presets_in_the_order_of_the_day():
    day = domain.AVAILABILITY_PRESETS["lunch_and_coffee"]["mon"]
    assert [window["start"] for window in day] == ["08:00", "12:00", "17:30"]


def test_explicit_availability_is_kept_as_given():
    windows = {"sat": [{"start": "10:00", "end": "11:00"}]}
    assert attributes(registration(availability=windows))["availability"] == windows


def test_no_availability_at_all_is_stored_as_none_free():
    assert attributes(registration())["availability"] == {}


def test_a_preset_and_explicit_availability_together_are_refused_naming_the_preset():
    assert refused(registration(availability={"sat": [{"start": "10:00", "end": "11:00"}]},
                                availability_preset="lunch")) == "availability_preset"


@pytest.mark.parametrize("role, block", [("mentor", "mentor"), ("sponsor", "sponsor")])
def test_a_role_that_needs_its_block_is_refused_without_it(role, block):
    assert refused(registration(roles=["job_seeker", role])) == block


@pytest.mark.parametrize("block, answers", [("mentor", MENTOR), ("sponsor", SPONSOR)])
def test_a_block_without_its_role_is_refused(block, answers):
    assert refused(registration(roles=["job_seeker"], **{block: answers})) == block


def test_a_mentors_reconversion_is_stored_as_codes():
    found = attributes(registration(roles=["mentor"], mentor={**MENTOR,
                                                              "current_occupation": "K2107"}))
    assert found["mentor"] == {**MENTOR, "from_occupation": "J1506", "to_occupation": "M1805",
                               "current_occupation": "K2107"}


@pytest.mark.parametrize("field", ["from_occupation", "to_occupation", "current_occupation"])
def test_an_unknown_occupation_in_the_mentor_block_names_its_nested_field(field):
    mentor = {**MENTOR, field: "Astronaut"}
    assert refused(registration(roles=["mentor"], mentor=mentor)) == f"mentor.{field}"


def test_a_sponsors_occupations_are_stored_as_distinct_codes():
    found = attributes(registration(roles=["sponsor"], sponsor=SPONSOR))
    assert found["sponsor"]["occupations"] == ["M1805", "J1506"]


def test_an_unknown_occupation_a_sponsor_would_help_names_sponsor_occupations():
    sponsor = {**SPONSOR, "occupations": ["M1805", "Astronaut"]}
    assert refused(registration(roles=["sponsor"], sponsor=sponsor)) == "sponsor.occupations"


def test_an_update_returns_only_the_changed_attributes():
    assert attributes({"own_words": "Hello"}, current=stored_person()) == {"own_words": "Hello"}


def test_an_update_without_location_leaves_the_place_alone():
    found = attributes({"skills": ["SQL"]}, current=stored_person(postal_code="75011"))
    assert "postal_code" not in found


def test_an_update_clearing_location_clears_the_whole_place():
    found = attributes({"location": None}, current=stored_person(postal_code="75011"))
    assert found == {"postal_code": None, "neighbourhood": None, "latitude": None,
                     "longitude": None}


def test_adding_the_mentor_role_on_update_needs_the_block_in_the_same_change():
    current = stored_person()
    assert refused({"roles": ["job_seeker", "mentor"]}, current=current) == "mentor"
    found = attributes({"roles": ["job_seeker", "mentor"], "mentor": MENTOR}, current=current)
    assert found["mentor"]["to_occupation"] == "M1805"


def test_a_block_already_stored_satisfies_its_role_on_a_partial_update():
    current = stored_person(roles=["mentor"], mentor={**MENTOR, "from_occupation": "J1506",
                                                      "to_occupation": "M1805"})
    assert attributes({"own_words": "Still mentoring."}, current=current) == {
        "own_words": "Still mentoring."}


def test_dropping_a_role_while_keeping_its_block_is_refused_and_dropping_both_is_fine():
    current = stored_person(roles=["job_seeker", "sponsor"], sponsor=SPONSOR)
    assert refused({"roles": ["job_seeker"]}, current=current) == "sponsor"
    assert attributes({"roles": ["job_seeker"], "sponsor": None}, current=current) == {
        "roles": ["job_seeker"], "sponsor": None}


def test_removing_the_block_of_a_role_still_held_is_refused():
    current = stored_person(roles=["sponsor"], sponsor=SPONSOR)
    assert refused({"sponsor": None}, current=current) == "sponsor"


def test_a_block_sent_alone_on_update_needs_the_role_already_held():
    assert refused({"mentor": MENTOR}, current=stored_person()) == "mentor"


# --- the card others see ----------------------------------------------------------------------

LABELS = {"J1506": "General nursing", "M1805": "Software development"}


def full_person(**changes):
    return {"id": "p1", "first_name": "Claire", "last_name": "Martin",
            "email": "claire.martin@example.org", "phone": "+33 6 12 34 56 78",
            "locale": "fr", "timezone": "Europe/Paris", "roles": ["job_seeker"],
            "languages": ["fr", "en"], "postal_code": "75011", "neighbourhood": "Paris 11e",
            "latitude": 48.8574, "longitude": 2.3795, "own_words": "Nurse learning to code.",
            "occupation": "J1506", "target_occupation": "M1805", "skills": ["SQL"],
            "availability": {}, "mentor": None, "sponsor": None, **changes}


def test_a_card_names_the_person_by_first_name_and_initial_and_labels_their_occupations():
    shown = domain.card(full_person(), LABELS.get)
    assert shown == {"id": "p1", "display_name": "Claire M.", "roles": ["job_seeker"],
                     "occupation": "General nursing", "target_occupation": "Software development",
                     "occupation_code": "J1506", "target_occupation_code": "M1805",
                     "skills": ["SQL"], "neighbourhood": "Paris 11e",
                     "own_words": "Nurse learning to code.", "languages": ["fr", "en"]}


def test_a_card_never_carries_a_way_to_reach_or_locate_the_person():
    person = full_person()
    text = repr(domain.card(person, LABELS.get))
    for secret in (person["email"], person["phone"], person["last_name"], person["postal_code"],
                   str(person["latitude"]), str(person["longitude"])):
        assert secret not in text
    assert not {"email", "phone", "last_name", "postal_code", "latitude", "longitude",
                "availability", "mentor", "sponsor"} & set(domain.card(person, LABELS.get))


def test_a_card_without_occupations_shows_none():
    shown = domain.card(full_person(occupation=None, target_occupation=None), LABELS.get)
    assert (shown["occupation"], shown["target_occupation"]) == (None, None)


@pytest.mark.parametrize("first, last, shown", [
    ("Claire", "Martin", "Claire M."),
    (" Claire ", " martin", "Claire M."),
    ("Bruno", "Émile", "Bruno É."),
    ("Ada", "", "Ada"),
])
def test_display_name_is_the_first_name_and_the_initial(first, last, shown):
    assert display_name(first, last) == shown


# --- consent ----------------------------------------------------------------------------------

@pytest.mark.parametrize("mine, theirs", [(False, False), (True, False), (False, True),
                                          (True, True)])
def test_consent_is_mutual_only_when_both_consented(mine, theirs):
    assert domain.consent_state(mine, theirs) == {"mine": mine, "theirs": theirs,
                                                  "mutual": mine and theirs}


@pytest.mark.parametrize("mine, theirs, blocked, revealed", [
    (True, True, False, True),
    (True, False, False, False),
    (False, True, False, False),
    (False, False, False, False),
    (True, True, True, False),
])
def test_contact_crosses_only_with_both_consents_and_no_block(mine, theirs, blocked, revealed):
    assert domain.may_reveal(mine, theirs, blocked) is revealed


# --- lifecycle --------------------------------------------------------------------------------

def test_only_an_open_item_is_withdrawn_and_withdrawing_twice_is_once():
    assert domain.withdraw(domain.OPEN, "pledge") == domain.WITHDRAWN
    assert domain.withdraw(domain.WITHDRAWN, "pledge") == domain.WITHDRAWN


@pytest.mark.parametrize("status", [domain.MATCHED, domain.FULFILLED, domain.EXPIRED])
def test_what_is_no_longer_open_cannot_be_withdrawn(status):
    with pytest.raises(RuleBroken, match=f"request is {status}") as caught:
        domain.withdraw(status, "request")
    assert caught.value.field == "status"


@pytest.mark.parametrize("status, valid_until, expired", [
    (domain.OPEN, TODAY - timedelta(days=1), True),
    (domain.OPEN, TODAY, False),                        # its last day is today: still on offer
    (domain.OPEN, TODAY + timedelta(days=1), False),
    (domain.MATCHED, TODAY - timedelta(days=1), False),
    (domain.WITHDRAWN, TODAY - timedelta(days=9), False),
])
def test_only_an_open_pledge_past_its_last_day_expires(status, valid_until, expired):
    assert domain.has_expired(status, valid_until, TODAY) is expired


# --- erasure ----------------------------------------------------------------------------------

def test_an_anonymised_person_keeps_nothing_of_who_they_were():
    person = full_person()
    left = {**person, **domain.anonymised("p1")}
    text = repr(left)
    for secret in ("Claire", "Martin", person["email"], person["phone"], "75011", "Paris 11e",
                   "Nurse", "SQL", "J1506", "M1805"):
        assert secret not in text
    assert domain.is_anonymised(left)
    assert not domain.is_anonymised(person)


def test_anonymised_emails_are_unique_per_person_and_undeliverable():
    first, second = domain.anonymised("p1")["email"], domain.anonymised("p2")["email"]
    assert first != second
    assert first.endswith(".invalid") and second.endswith(".invalid")


# --- every refusal at once (issue 16: errors came one at a time over three submits) -------------

def test_every_reference_refusal_of_a_profile_comes_at_once():
    with pytest.raises(RuleBroken) as caught:
        attributes(registration(roles=["mentor"], occupation="Astronaut",
                                target_occupation="Wizard", location="Atlantis",
                                mentor={**MENTOR, "to_occupation": "Dragon tamer"}))
    assert set(caught.value.fields) == {"occupation", "target_occupation", "location",
                                        "mentor.to_occupation"}
    assert "Atlantis" in caught.value.fields["location"][0]


def test_a_single_refusal_still_names_its_one_field():
    with pytest.raises(RuleBroken) as caught:
        attributes(registration(location="Atlantis"))
    assert caught.value.fields == {"location": [caught.value.message]}
