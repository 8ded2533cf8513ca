"""The profile page's forms read as update_profile's arguments, every refusal gathered into one
answer, the weekday periods of "when I am free", and what the pages say keeps a person from being
matched (issue 16). Pure code: no services."""
import pytest
from werkzeug.datastructures import MultiDict

from services.gateway import profile_form, web_i18n
from services.gateway.profile_form import (cells_posted, gaps, profile_changes, refuse_together,
                                           saved_periods, ticked_periods)
from shared.contracts import rpc
from shared.contracts.kinds import AVAILABILITY_PRESETS, ROLES
from shared.errors import InvalidInput

PERSON = "5b0f7f0e-4d0a-4d59-9a4b-3f7f1c2b8e11"


def form(**fields):
    return MultiDict([(name.replace("__", "."), value) for name, values in fields.items()
                      for value in (values if isinstance(values, list) else [values])])


GOOD = dict(first_name="Mina", last_name="Kassi", phone="", own_words="Nurse, now coding.",
            languages=["fr", "en"], location="75011", location_was="75011",
            occupation="infirmier", target_occupation="développeur", skills="python, excel,",
            timezone="Europe/Paris")


def refusals(contract, arguments, refused=None):
    with pytest.raises(InvalidInput) as caught:
        refuse_together(contract, arguments, dict(refused or {}))
    return caught.value.fields


# --- reading the form --------------------------------------------------------------------------

def test_a_seekers_form_becomes_the_fields_of_their_role():
    changes, refused = profile_changes(form(**GOOD, accepts_sponsors="yes"), ["job_seeker"])
    assert refused == {}
    assert changes == {"first_name": "Mina", "last_name": "Kassi", "phone": None,
                       "own_words": "Nurse, now coding.", "languages": ["fr", "en"],
                       "timezone": "Europe/Paris", "occupation": "infirmier",
                       "target_occupation": "développeur", "skills": ["python", "excel"],
                       "accepts_sponsors": True}


def test_a_place_left_as_shown_is_not_sent_and_a_new_one_or_a_choice_is():
    assert "location" not in profile_changes(form(**GOOD), ["time_donor"])[0]
    moved = profile_changes(form(**{**GOOD, "location": "Lyon"}), ["time_donor"])[0]
    assert moved["location"] == "Lyon"
    chosen = profile_changes(form(**{**GOOD, "location": "Saint-Denis",
                                     "location_choice": "97400 Saint-Denis"}), ["time_donor"])[0]
    assert chosen["location"] == "97400 Saint-Denis"
    cleared = profile_changes(form(**{**GOOD, "location": ""}), ["time_donor"])[0]
    assert cleared["location"] is None


def test_an_occupation_left_as_its_label_keeps_its_code():
    shown = {"Développement informatique": "M1805"}
    changes, _ = profile_changes(form(**{**GOOD, "occupation": "Développement informatique"}),
                                 ["time_donor"], shown)
    assert changes["occupation"] == "M1805"


def test_each_role_sends_only_its_own_blocks():
    donor = profile_changes(form(**GOOD), ["time_donor"])[0]
    assert "target_occupation" not in donor and "mentor" not in donor and "skills" in donor
    mentor, refused = profile_changes(form(**GOOD, mentor__from_occupation="infirmier",
                                           mentor__to_occupation="M1805", mentor__moved_in="2019",
                                           mentor__max_mentees="3"), ["mentor"])
    assert refused == {}
    assert mentor["mentor"] == {"from_occupation": "infirmier", "to_occupation": "M1805",
                                "moved_in": 2019, "max_mentees": 3}
    assert "skills" not in mentor and "accepts_sponsors" not in mentor
    sponsor, _ = profile_changes(form(**GOOD, sponsor__capacity="2", sponsor__radius_km="30",
                                      sponsor__occupations="infirmier\r\n\r\nM1805\n"),
                                 ["sponsor"])
    assert sponsor["sponsor"] == {"capacity": 2, "radius_km": 30,
                                  "occupations": ["infirmier", "M1805"]}


def test_no_language_ticked_and_words_for_numbers_are_the_pages_own_refusals():
    fields = {**GOOD, "languages": []}
    _, refused = profile_changes(form(**fields, mentor__from_occupation="infirmier",
                                      mentor__to_occupation="M1805", mentor__moved_in="deux mille",
                                      mentor__max_mentees="2.5"), ["mentor"])
    assert set(refused) == {"languages", "mentor.moved_in", "mentor.max_mentees"}
    assert refused["languages"] == [profile_form.NO_LANGUAGE]


# --- every refusal at once ---------------------------------------------------------------------

def test_every_field_the_contract_refuses_comes_with_the_pages_own_in_one_answer():
    changes, refused = profile_changes(form(
        **{**GOOD, "first_name": " ", "phone": "call me", "location": "Atlantis",
           "occupation": "xq zzv", "own_words": "x" * 501},
        mentor__from_occupation="zzqx wv", mentor__to_occupation="M1805",
        mentor__moved_in="soon"), ["mentor"])
    fields = refusals(rpc.profiles.update_profile, {"person_id": PERSON, **changes}, refused)
    assert {"first_name", "phone", "location", "occupation", "own_words",
            "mentor.from_occupation", "mentor.moved_in"} <= set(fields)
    assert fields["mentor.moved_in"] == ["Expected a whole number."]   # what was typed, read


def test_a_sign_up_names_the_person_the_occupation_and_the_place_in_one_answer():
    person = {"first_name": "", "last_name": "Kassi", "email": "not an address",
              "roles": ["job_seeker"], "location": "Saint-Denis", "occupation": "Astronaute"}
    fields = refusals(rpc.profiles.register_person, person)
    assert {"first_name", "email", "location", "occupation"} <= set(fields)


def test_nothing_is_refused_when_all_is_well():
    changes, refused = profile_changes(form(**GOOD), ["job_seeker"])
    assert refuse_together(rpc.profiles.update_profile, {"person_id": PERSON, **changes},
                           refused) is None


# --- when I am free ----------------------------------------------------------------------------

def test_the_periods_are_the_presets_windows():
    assert {profile_form.period_hours(name) for name in profile_form.PERIOD_NAMES} == {
        (w["start"], w["end"]) for w in AVAILABILITY_PRESETS["lunch_and_coffee"]["mon"]}
    assert ticked_periods(AVAILABILITY_PRESETS["lunch"]) == {
        (day, "lunch") for day in ("mon", "tue", "wed", "thu", "fri")}
    assert saved_periods({}, {(d, "morning") for d in profile_form.DAYS} |
                         {(d, "evening") for d in profile_form.DAYS}) == AVAILABILITY_PRESETS["coffee"]


def test_ticking_and_unticking_periods_changes_only_those():
    before = {"mon": [{"start": "12:00", "end": "14:00"}], "tue": [{"start": "08:00", "end": "09:30"}]}
    after = saved_periods(before, {("mon", "lunch"), ("wed", "evening")})
    assert after == {"mon": [{"start": "12:00", "end": "14:00"}],
                     "wed": [{"start": "17:30", "end": "19:00"}]}
    assert saved_periods(before, set()) == {}


def test_what_the_periods_do_not_cover_is_kept_as_it_is():
    # A mentor's half hour at noon (their lunch grid), 11:30 before it, and a Saturday.
    before = {"mon": [{"start": "11:30", "end": "12:00"}, {"start": "12:30", "end": "13:00"}],
              "sat": [{"start": "10:00", "end": "12:00"}]}
    assert ticked_periods(before) == {("mon", "lunch")}
    assert saved_periods(before, {("mon", "lunch")}) == before        # not widened to 12–14
    assert saved_periods(before, set()) == {"mon": [{"start": "11:30", "end": "12:00"}],
                                            "sat": [{"start": "10:00", "end": "12:00"}]}


def test_a_window_across_a_period_keeps_what_lies_outside_it_when_unticked():
    before = {"thu": [{"start": "11:00", "end": "15:00"}]}
    assert saved_periods(before, set()) == {"thu": [{"start": "11:00", "end": "12:00"},
                                                    {"start": "14:00", "end": "15:00"}]}


def test_only_weekday_periods_are_read_from_the_form():
    posted = form(period=["mon-lunch", "sat-lunch", "tue-brunch", "wed", "fri-evening"])
    assert cells_posted(posted) == {("mon", "lunch"), ("fri", "evening")}


# --- what keeps a person from being matched ------------------------------------------------------

@pytest.mark.parametrize("role", ["job_seeker", "reconverting_worker", "mentor", "time_donor"])
def test_whoever_meets_people_is_asked_when_they_are_free(role):
    assert gaps({"roles": [role], "languages": ["fr"], "availability": {}}) == ["no_availability"]
    assert gaps({"roles": [role], "languages": ["fr"],
                 "availability": AVAILABILITY_PRESETS["lunch"]}) == []


def test_a_sponsor_is_not_asked_for_availability_and_nobody_signed_in_has_no_gap():
    assert gaps({"roles": ["sponsor"], "languages": ["fr"], "availability": {}}) == []
    assert gaps(None) == []


def test_a_person_without_french_is_told_few_can_be_matched_with_them():
    assert gaps({"roles": ["mentor"], "languages": ["en"],
                 "availability": AVAILABILITY_PRESETS["lunch"]}) == ["few_speak_it"]


def test_every_sentence_the_profile_builds_exists_in_both_languages():
    keys = [f"profile.gap.{gap}{end}" for gap in (profile_form.NO_AVAILABILITY,
                                                  profile_form.FEW_SPEAK_IT)
            for end in ("", ".link")]
    keys += [f"profile.period.{name}" for name in profile_form.PERIOD_NAMES]
    keys += [f"field.occupation.{role}" for role in ("mentor", "sponsor", "time_donor")]
    assert [key for key in keys if not web_i18n.known(key)] == []
    assert set(ROLES) >= set(profile_form.MEETING_ROLES)


def test_the_inputs_limits_are_the_contracts():
    schema = rpc.ProfileFields()
    for name in ("first_name", "last_name", "phone", "location", "occupation"):
        lengths = [v for v in schema.fields[name].validators if hasattr(v, "max")]
        assert lengths[0].max == profile_form.MAX_LENGTH[name], name
    assert [v.max for v in schema.fields["own_words"].validators
            if hasattr(v, "max")] == [profile_form.MAX_LENGTH["own_words"]]


def test_the_skills_input_holds_as_many_skills_as_the_contract_takes():
    skills = rpc.ProfileFields().fields["skills"]
    assert [v.max for v in skills.validators if hasattr(v, "max")] == [profile_form.MAX_SKILLS]
    longest = ", ".join(["x" * profile_form.MAX_LENGTH["skill"]] * profile_form.MAX_SKILLS)
    assert len(longest) <= profile_form.SKILLS_MAX_LENGTH
