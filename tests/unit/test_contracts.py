"""The contracts in shared/: RPC arguments refused by name, events owned and serialisable."""
import inspect
import json
import uuid
from datetime import date, datetime, timezone

import marshmallow
import pytest
from marshmallow import ValidationError

from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from services.scheduling.service import SchedulingService
from shared.contracts import events, rpc
from shared.errors import InvalidInput
from shared.rpc import load_arguments

SERVICE_CLASSES = {"profiles": ProfilesService, "matching": MatchingService,
                   "scheduling": SchedulingService, "notifications": NotificationsService}
ALL_RPC = [pytest.param(service, name, contract, id=f"{service}.{name}")
           for service in rpc.SERVICES for name, contract in rpc.contracts_of(service).items()]
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
SERVICE_NAMES = {"profiles", "matching", "scheduling", "notifications"}


def _id():
    return str(uuid.uuid4())


MENTOR = {"from_occupation": "J1506", "to_occupation": "M1805", "moved_in": 2019}


def valid_arguments(contract):
    """Arguments every RPC accepts, as a caller sends them (JSON-ready)."""
    pair = {"person_id": _id(), "other_id": _id()}
    decision = {"match_id": _id(), "person_id": _id()}
    return {
        "register_person": {"first_name": "Ada", "last_name": "Lovelace",
                            "email": "ada@example.org", "roles": ["job_seeker"]},
        "authenticate": {"token": "t" * 43},
        "request_sign_in": {"email": "ada@example.org", "locale": "en"},
        "redeem_sign_in": {"link_token": "l" * 43},
        "sign_out": {"token": "t" * 43},
        "update_profile": {"person_id": _id(), "own_words": "Nurse for ten years, now coding."},
        "view_person": {"viewer_id": _id(), "person_id": _id()},
        "consent_to_contact": pair,
        "withdraw_consent": pair,
        "block": pair,
        "report": {**pair, "reason": "Rude messages."},
        "make_pledge": {"person_id": _id(), "kind": "cv_review", "quantity": 3},
        "withdraw_pledge": {"person_id": _id(), "pledge_id": _id()},
        "resume_pledge": {"person_id": _id(), "pledge_id": _id()},
        "release_pledge": {"person_id": _id(), "pledge_id": _id()},
        "request_help": {"person_id": _id(), "kind": "coffee", "note": "Merci !"},
        "withdraw_request": {"person_id": _id(), "request_id": _id()},
        "run_round": {"kind": "coffee"},
        "feed": {"sponsor_id": _id(), "page": 1, "page_size": 10},
        "interested_sponsors": {"person_id": _id(), "page": 0, "page_size": 10},
        "swipe": {"person_id": _id(), "other_id": _id(), "decision": "like"},
        "accept": decision,
        "decline": decision,
        "cancel": decision if contract.service == "matching" else {
            "meeting_id": _id(), "person_id": _id()},
        "explain": decision,
        "messages": {**decision, "page": 2, "page_size": 10},
        "post_message": {**decision, "body": "Bonjour,\nmerci d'avoir accepté !"},
        "ask_another_donor": decision,
        # reviews and help given (issue 14)
        "return_review": {**decision, "comments": "Clair.\nAjoutez vos dates de formation."},
        "review": decision,
        "review_file": decision,
        "rate_review": {**decision, "rating": 5, "thanks": "Merci !"},
        "confirm_help_given": decision,
        "confirm": {"meeting_id": _id(), "person_id": _id(), "start": NOW.isoformat()},
        "reschedule": {"meeting_id": _id(), "person_id": _id()},
        "invite": {"meeting_id": _id(), "person_id": _id()},
        "report_outcome": {"meeting_id": _id(), "person_id": _id(), "outcome": "met",
                           "rating": 5, "comment": "Très utile."},
        "feedback_summary": {},
        "mark_read": {"person_id": _id(), "notification_id": _id()},
        "notification_preferences": {"person_id": _id(), "modes": {"matches": "daily"},
                                     "quiet_hours": {"start": "22:00", "end": "07:30"}},
        "add_webhook": {"name": "Maison de l'emploi", "url": "https://hooks.example.org/binome",
                        "events": ["match_accepted", "meeting_confirmed"]},
        "remove_webhook": {"webhook_id": _id()},
        "webhooks": {},
        "pledge_figures": {},
        "rounds": {"page": 2, "page_size": 10, "kind": "coffee"},
        "match_figures": {},
        "parked_messages": {"page": 1, "page_size": 50},
        "replay_parked": {"ids": [_id(), _id()]},
        "take_reveal": pair,
        "sponsors_ending_often": {"page": 1, "page_size": 50},
        # Documents for reviews.
        "attach_document": {"person_id": _id(), "request_id": _id(), "filename": "cv.pdf",
                            "content": "JVBERi0xLjQK"},
        "request_document": {"person_id": _id(), "request_id": _id()},
        "remove_document": {"person_id": _id(), "request_id": _id()},
        "matched_document": {"request_id": _id()},
        "matched_document_info": {"request_id": _id()},
        "document_request": decision,
        # Outcomes three months on: by the emailed link's token.
        "outcome_survey": {"token": "o" * 43},
        "answer_outcome": {"token": "o" * 43, "situation": "found_job", "helped": True,
                           "satisfaction": 5},
        "outcome_figures": {},
        "answer_my_outcome": {"person_id": _id(), "situation": "in_training", "helped": False,
                              "satisfaction": 3},
    }.get(contract.method, {"person_id": _id()})


def load(contract, arguments):
    """Arguments as the answering service loads them (shared.rpc.load_arguments, without the
    translation to InvalidInput)."""
    return contract.args().load(arguments, partial=contract.partial)


def refusal(contract, arguments):
    """The error messages of loading `arguments` for `contract`, by field."""
    with pytest.raises(ValidationError) as caught:
        load(contract, arguments)
    return caught.value.messages


def with_changes(contract, **changes):
    return {**valid_arguments(contract), **changes}


def snapshot(person_id, **changes):
    """A ProfileSnapshot as profiles hands it to the outbox."""
    return {
        "person_id": person_id, "first_name": "Ada", "last_name": "Lovelace",
        "email": "ada@example.org", "phone": "+33 6 12 34 56 78", "locale": "en",
        "timezone": "Europe/Paris", "roles": ["job_seeker", "mentor"], "languages": ["fr"],
        "skills": ["SQL"], "occupation": "J1506", "target_occupation": "M1805",
        "own_words": "Nurse, learning to code.", "neighbourhood": "Paris 11e",
        "latitude": 48.8574, "longitude": 2.3795,
        "availability": {"mon": [{"start": "12:00", "end": "14:00"}]},
        "mentor": {**MENTOR, "current_occupation": "M1805", "sectors": ["health"],
                   "max_mentees": 2},
        "sponsor": None, "accepts_sponsors": False, "changed_at": NOW, **changes}


def sample_payload(contract):
    """A valid payload of an event, as the producer hands it to the outbox (Python objects)."""
    ids = {name: uuid.uuid4() for name in (
        "person_id", "pledge_id", "request_id", "match_id", "round_id", "seeker_id", "donor_id",
        "meeting_id", "chooser_id", "other_id")}
    attendees = [ids["chooser_id"], ids["other_id"]]
    booked = {
        "meeting_id": ids["meeting_id"], "match_id": ids["match_id"], "kind": "coffee",
        "attendee_ids": attendees, "start": NOW, "end": NOW.replace(minute=30),
        "location": "Video call", "invite": "BEGIN:VCALENDAR", "sequence": 0}
    accepted = {
        "match_id": ids["match_id"], "kind": "coffee", "request_id": ids["request_id"],
        "pledge_id": ids["pledge_id"], "seeker_id": ids["seeker_id"],
        "donor_id": ids["donor_id"], "remote": True}
    return {
        "person_registered": snapshot(ids["person_id"]),
        "profile_updated": snapshot(ids["person_id"], phone=None, mentor=None, roles=["sponsor"],
                                    sponsor={"capacity": 3, "occupations": ["M1805"],
                                             "radius_km": 20}),
        "pledge_made": {
            "pledge_id": ids["pledge_id"], "person_id": ids["person_id"], "kind": "coffee",
            "quantity": 2, "valid_until": date(2026, 7, 31), "remote": False, "radius_km": 10},
        "pledge_closed": {"id": ids["pledge_id"], "person_id": ids["person_id"],
                          "status": "expired"},
        "request_closed": {"id": ids["request_id"], "person_id": ids["person_id"],
                           "status": "withdrawn"},
        "person_blocked": {"person_id": ids["person_id"], "other_id": ids["other_id"]},
        "contact_revealed": {"person_id": ids["person_id"], "other_id": ids["other_id"]},
        "person_erased": {"person_id": ids["person_id"]},
        "sign_in_requested": {"person_id": ids["person_id"], "link_token": "l" * 43,
                              "expires_at": NOW, "locale": "fr", "reason": "registration"},
        "address_confirmation_requested": {
            "person_id": ids["person_id"], "purpose": "registration", "email": "ada@example.org",
            "first_name": "Ada", "last_name": "Lovelace", "link_token": "l" * 43,
            "expires_at": NOW, "locale": "en", "timezone": "Europe/Paris"},
        "match_cancelled": {**accepted, "left": True},
        "sponsorship_started": {"sponsorship_id": ids["match_id"], "sponsor_id": ids["person_id"],
                                "seeker_id": ids["other_id"], "started_at": NOW},
        "sponsor_interested": {"sponsor_id": ids["person_id"], "seeker_id": ids["other_id"],
                               "liked_at": NOW},
        "help_requested": {
            "request_id": ids["request_id"], "person_id": ids["person_id"], "kind": "cv_review",
            "note": "", "requested_at": NOW},
        "match_proposed": {
            "match_id": ids["match_id"], "round_id": ids["round_id"], "kind": "coffee",
            "request_id": ids["request_id"], "pledge_id": ids["pledge_id"],
            "seeker_id": ids["seeker_id"], "donor_id": ids["donor_id"], "affinity": 4.5,
            "reasons": [{"code": "languages", "params": {"languages": ["fr"]}}],
            "expires_at": NOW},
        "match_accepted": accepted,
        "message_posted": {"message_id": ids["round_id"], "match_id": ids["match_id"],
                           "kind": "coffee", "author_id": ids["seeker_id"],
                           "recipient_id": ids["donor_id"], "posted_at": NOW},
        "meeting_proposed": {
            "meeting_id": ids["meeting_id"], "match_id": ids["match_id"], "kind": "coffee",
            "chooser_id": ids["chooser_id"], "other_id": ids["other_id"],
            "slots": [{"start": NOW, "end": NOW.replace(minute=30)}],
            "location": "Bibliothèque Forney", "expires_at": NOW, "rescheduling": False},
        "meeting_confirmed": booked,
        "meeting_rescheduled": {**booked, "previous_start": NOW.replace(minute=45)},
        "meeting_cancelled": {
            "meeting_id": ids["meeting_id"], "match_id": ids["match_id"], "kind": "coffee",
            "attendee_ids": attendees, "cancelled_by": ids["chooser_id"],
            "reason": "cancelled_by_person", "start": NOW, "invite": "BEGIN:VCALENDAR"},
        "meeting_reminder_due": {
            "meeting_id": ids["meeting_id"], "kind": "coffee", "attendee_ids": attendees,
            "start": NOW, "end": NOW.replace(minute=30), "location": "Video call",
            "hours_before": 24},
        "feedback_requested": {"meeting_id": ids["meeting_id"], "kind": "coffee",
                               "attendee_ids": attendees, "start": NOW},
        "meeting_held": {"meeting_id": ids["meeting_id"], "match_id": ids["match_id"],
                         "kind": "coffee", "attendee_ids": attendees, "start": NOW},
        "no_show_recorded": {"meeting_id": ids["meeting_id"], "person_id": ids["other_id"],
                             "reported_by": ids["chooser_id"], "no_shows": 2, "paused": True},
        "matching_resumed": {"person_id": ids["person_id"]},
        "pledge_resumed": {"pledge_id": ids["pledge_id"], "person_id": ids["person_id"],
                           "units": 1},
        # --- turnaround (issue 14)
        "match_reassigned": {**accepted, "kind": "cv_review", "reason": "silent_past_grace",
                             "deadline": NOW},
        "delivery_reminder_due": {"match_id": ids["match_id"], "kind": "cv_review",
                                  "donor_id": ids["donor_id"], "seeker_id": ids["seeker_id"],
                                  "deadline": NOW, "reminder": "halfway"},
        "outcome_question_due": {"survey_id": ids["match_id"], "person_id": ids["person_id"],
                                 "token": "o" * 43, "asked_at": NOW},
        # help given and reviews (issue 14)
        "help_given": {"match_id": ids["match_id"], "kind": "cv_review",
                       "request_id": ids["request_id"], "pledge_id": ids["pledge_id"],
                       "seeker_id": ids["seeker_id"], "donor_id": ids["donor_id"],
                       "how": "review_returned", "given_at": NOW, "on_time": True},
        "review_rated": {"match_id": ids["match_id"], "kind": "cv_review",
                         "donor_id": ids["donor_id"], "seeker_id": ids["seeker_id"],
                         "rating": 4, "thanked": True},
    }[contract.name]


# --- RPC arguments ----------------------------------------------------------------------------

@pytest.mark.parametrize("service, name, contract", ALL_RPC)
def test_every_rpc_accepts_its_sample_and_refuses_an_unknown_argument_by_name(service, name,
                                                                             contract):
    load(contract, valid_arguments(contract))
    messages = refusal(contract, with_changes(contract, is_admin=True))
    assert list(messages) == ["is_admin"]


PAIR = {"person_id", "other_id"}
DECISION = {"match_id", "person_id"}
MEETING = {"meeting_id", "person_id"}


@pytest.mark.parametrize("service, name, contract", ALL_RPC)
def test_every_rpc_names_each_missing_required_argument(service, name, contract):
    required = {"register_person": {"first_name", "last_name", "email", "roles"},
                "authenticate": {"token"}, "sign_out": {"token"},
                "request_sign_in": {"email"}, "redeem_sign_in": {"link_token"},
                "view_person": {"viewer_id", "person_id"},
                "consent_to_contact": PAIR, "withdraw_consent": PAIR, "block": PAIR,
                "report": PAIR | {"reason"},
                "make_pledge": {"person_id", "kind", "quantity"},
                "withdraw_pledge": {"person_id", "pledge_id"},
                "resume_pledge": {"person_id", "pledge_id"},
                "release_pledge": {"person_id", "pledge_id"},
                "request_help": {"person_id", "kind"},
                "withdraw_request": {"person_id", "request_id"},
                "run_round": {"kind"},
                "feed": {"sponsor_id"},
                "swipe": PAIR | {"decision"},
                "accept": DECISION, "decline": DECISION, "explain": DECISION,
                "messages": DECISION, "post_message": DECISION | {"body"},
                "ask_another_donor": DECISION,
                "return_review": DECISION | {"comments"}, "review": DECISION,
                "review_file": DECISION, "rate_review": DECISION | {"rating"},
                "confirm_help_given": DECISION,
                "cancel": DECISION if service == "matching" else MEETING,
                "confirm": MEETING | {"start"}, "reschedule": MEETING, "invite": MEETING,
                "report_outcome": MEETING | {"outcome"},
                "feedback_summary": set(),
                "mark_read": {"person_id", "notification_id"},
                "add_webhook": {"name", "url"}, "remove_webhook": {"webhook_id"},
                "webhooks": set(), "pledge_figures": set(), "rounds": set(),
                "match_figures": set(), "parked_messages": set(),
                "take_reveal": PAIR, "sponsors_ending_often": set(),
                "replay_parked": {"ids"},
                # Documents for reviews.
                "attach_document": {"person_id", "request_id", "content"},
                "request_document": {"person_id", "request_id"},
                "remove_document": {"person_id", "request_id"},
                "matched_document": {"request_id"}, "matched_document_info": {"request_id"},
                "document_request": DECISION,
                "outcome_survey": {"token"},
                "answer_outcome": {"token", "situation", "helped", "satisfaction"},
                "outcome_figures": set(),
                "answer_my_outcome": {"person_id", "situation", "helped", "satisfaction"}}.get(
                    name, {"person_id"})
    if required:
        assert set(refusal(contract, {})) == required
    else:
        load(contract, {})


def test_a_caller_cannot_choose_a_new_persons_id():
    assert "id" in refusal(rpc.profiles.register_person,
                           with_changes(rpc.profiles.register_person, id=str(uuid.uuid4())))


def test_an_unknown_key_inside_an_availability_window_is_refused():
    contract = rpc.profiles.register_person
    messages = refusal(contract, with_changes(
        contract, availability={"mon": [{"start": "12:00", "end": "13:00", "room": "B"}]}))
    assert "room" in json.dumps(messages)


@pytest.mark.parametrize("contract, field, good, bad", [
    (rpc.profiles.register_person, "first_name", "x" * 50, "x" * 51),
    (rpc.profiles.register_person, "first_name", "A", ""),
    # Nothing to see: a zero-width space, a byte-order mark, a Hangul filler, a lone accent.
    (rpc.profiles.register_person, "first_name", "Zoë", "\u200b"),
    (rpc.profiles.register_person, "first_name", "\u0627\u200c\u0628", "\ufeff\u200f"),
    (rpc.profiles.register_person, "last_name", "\ud55c", "\u3164"),
    (rpc.profiles.update_profile, "first_name", "Ada", "\u0301 \u200b"),
    (rpc.profiles.register_person, "last_name", "x" * 50, "x" * 51),
    (rpc.profiles.register_person, "last_name", "L", " "),
    (rpc.profiles.register_person, "email", "a" * 64 + "@" + "b" * 63 + ".org", "not an address"),
    (rpc.profiles.register_person, "phone", "+33 6 12 34 56 78", "call me"),
    (rpc.profiles.register_person, "phone", "0612345678", "+33 6 12 34 56 78 90 12 34 56"),
    # The column holds 20 characters (PostgreSQL refuses more): "+" and 20 digits is one too many.
    (rpc.profiles.register_person, "phone", "+" + "3" * 19, "+" + "3" * 20),
    (rpc.profiles.update_profile, "phone", "3" * 20, "+" + "3" * 20),
    # At most 100 characters, and then a place or an occupation the reference data knows.
    (rpc.profiles.register_person, "location", "75011" + " " * 90 + "Paris", "7" * 101),
    (rpc.profiles.register_person, "own_words", "w" * 500, "w" * 501),
    (rpc.profiles.register_person, "occupation", "développeur" + " " * 89, "o" * 101),
    (rpc.profiles.register_person, "occupation", "M1805", ""),
    (rpc.profiles.register_person, "target_occupation", "Software development", "t" * 101),
    (rpc.profiles.register_person, "roles", ["mentor"], []),
    (rpc.profiles.register_person, "roles", ["sponsor"], ["admin"]),
    (rpc.profiles.register_person, "languages", ["fr"] * 10, ["fr"] * 11),
    (rpc.profiles.register_person, "languages", ["en"], ["english"]),
    (rpc.profiles.register_person, "skills", ["s"] * 30, ["s"] * 31),
    (rpc.profiles.register_person, "skills", ["k" * 40], ["k" * 41]),
    (rpc.profiles.register_person, "timezone", "Asia/Tokyo", "Mars/Olympus_Mons"),
    (rpc.profiles.register_person, "locale", "en", "de"),
    (rpc.profiles.register_person, "availability",
     {"tue": [{"start": "12:00", "end": "14:00"}]}, {"tue": [{"start": "14:00", "end": "12:00"}]}),
    (rpc.profiles.register_person, "availability",
     {"sun": [{"start": "09:00", "end": "09:30"}]}, {"sunday": [{"start": "09:00", "end": "09:30"}]}),
    (rpc.profiles.register_person, "availability",
     {"mon": [{"start": "08:00", "end": "09:00"}]}, {"mon": [{"start": "8h", "end": "9h"}]}),
    (rpc.profiles.register_person, "availability_preset", "lunch_and_coffee", "brunch"),
    (rpc.profiles.register_person, "mentor", MENTOR, {"from_occupation": "J1506"}),
    (rpc.profiles.register_person, "mentor", MENTOR, {**MENTOR, "moved_in": 1900}),
    (rpc.profiles.register_person, "mentor", {**MENTOR, "max_mentees": 10},
     {**MENTOR, "max_mentees": 11}),
    (rpc.profiles.register_person, "mentor", MENTOR, {**MENTOR, "salary": 1}),
    (rpc.profiles.register_person, "sponsor", {"capacity": 20}, {"capacity": 21}),
    (rpc.profiles.register_person, "sponsor", {"radius_km": 1000}, {"radius_km": 0}),
    (rpc.profiles.update_profile, "first_name", "Ada", "  "),
    (rpc.profiles.update_profile, "email", "new@example.org", "not an address"),
    (rpc.profiles.update_profile, "roles", ["mentor"], []),
    (rpc.profiles.authenticate, "token", "t" * 20, "t" * 19),
    (rpc.profiles.authenticate, "token", "t" * 200, "t" * 201),
    (rpc.profiles.report, "reason", "r" * 1000, "r" * 1001),
    (rpc.profiles.report, "reason", "Spam", "   "),
    (rpc.profiles.view_person, "viewer_id", str(uuid.uuid4()), "me"),
    (rpc.profiles.make_pledge, "quantity", 1, 0),
    (rpc.profiles.make_pledge, "quantity", 50, 51),
    (rpc.profiles.make_pledge, "quantity", 3, "3"),
    (rpc.profiles.make_pledge, "kind", "mock_interview", "massage"),
    (rpc.profiles.make_pledge, "valid_until", "2026-12-31", "next year"),
    (rpc.profiles.make_pledge, "radius_km", 1, 0),
    (rpc.profiles.make_pledge, "radius_km", 200, 201),
    (rpc.profiles.make_pledge, "radius_km", 5, "5"),
    (rpc.profiles.withdraw_pledge, "pledge_id", str(uuid.uuid4()), "latest"),
    (rpc.profiles.request_help, "note", "n" * 500, "n" * 501),
    (rpc.profiles.get_person, "person_id", str(uuid.uuid4()), "42"),
    (rpc.matching.cancel, "match_id", str(uuid.uuid4()), 42),
    (rpc.scheduling.confirm, "start", "2026-06-02T10:00:00+00:00", "2026-06-02T10:00:00"),
])
def test_arguments_are_bounded_and_typed(contract, field, good, bad):
    load(contract, with_changes(contract, **{field: good}))
    assert field in refusal(contract, with_changes(contract, **{field: bad}))


def test_register_person_fills_in_defaults():
    loaded = load(rpc.profiles.register_person, valid_arguments(rpc.profiles.register_person))
    assert loaded["locale"] == "fr" and loaded["timezone"] == "Europe/Paris"
    assert loaded["languages"] == ["fr"] and loaded["skills"] == [] and loaded["own_words"] == ""
    for field in ("phone", "location", "occupation", "target_occupation", "availability",
                  "availability_preset", "mentor", "sponsor"):
        assert loaded[field] is None, field


def test_nested_role_blocks_fill_in_their_own_defaults():
    loaded = load(rpc.profiles.register_person, with_changes(
        rpc.profiles.register_person, roles=["mentor", "sponsor"], mentor=MENTOR, sponsor={}))
    assert loaded["mentor"] == {**MENTOR, "current_occupation": None, "sectors": [],
                                "max_mentees": 2}
    assert loaded["sponsor"] == {"capacity": 3, "occupations": [], "radius_km": 20}


def test_an_update_loads_only_the_fields_sent_and_fills_in_no_default():
    person_id = str(uuid.uuid4())
    loaded = load(rpc.profiles.update_profile, {"person_id": person_id, "locale": "en"})
    assert loaded == {"person_id": uuid.UUID(person_id), "locale": "en"}
    assert load_arguments(rpc.profiles.update_profile, {"person_id": person_id}) == {
        "person_id": uuid.UUID(person_id)}


def test_only_the_update_contract_lets_profile_fields_be_left_out():
    partial = {name for name, contract in rpc.contracts_of("profiles").items() if contract.partial}
    assert partial == {"update_profile"}
    assert "person_id" not in rpc.profiles.update_profile.partial


def test_load_arguments_turns_a_refusal_into_invalid_input_naming_the_fields():
    contract = rpc.profiles.make_pledge
    with pytest.raises(InvalidInput) as caught:
        load_arguments(contract, with_changes(contract, quantity=0, is_admin=True))
    assert set(caught.value.fields) == {"quantity", "is_admin"}
    assert "quantity" in str(caught.value)


def test_load_arguments_returns_loaded_values():
    contract = rpc.profiles.make_pledge
    arguments = valid_arguments(contract)
    loaded = load_arguments(contract, arguments)
    assert loaded["person_id"] == uuid.UUID(arguments["person_id"])
    assert loaded["remote"] is True and loaded["valid_until"] is None


# --- which service serves and handles what ----------------------------------------------------

def test_rpc_contracts_exist_for_exactly_the_four_services():
    assert set(rpc.SERVICES) == set(SERVICE_CLASSES) == SERVICE_NAMES


@pytest.mark.parametrize("service", sorted(SERVICE_NAMES))
def test_every_rpc_contract_is_served_by_its_service(service):
    cls = SERVICE_CLASSES[service]
    assert cls.name == service
    for name in rpc.contracts_of(service):
        assert callable(getattr(cls, name, None)), f"{service} does not serve {name}"


@pytest.mark.parametrize("service", sorted(SERVICE_NAMES))
def test_a_service_handles_exactly_the_events_it_is_listed_as_consuming(service):
    cls = SERVICE_CLASSES[service]
    # Inherited handlers count: nameko finds entrypoints on mixins too.
    handled = {member.handled_event.name for _, member in inspect.getmembers(cls)
               if hasattr(member, "handled_event")}
    assert handled == {contract.name for contract in events.consumed_by(service)}


# --- events -----------------------------------------------------------------------------------

CONTRACTS = list(events.EVENTS.values())


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_every_event_is_produced_and_consumed_by_known_services(contract):
    assert events.EVENTS[contract.name] is contract
    assert contract.producer in SERVICE_NAMES
    assert contract.consumers and set(contract.consumers) <= SERVICE_NAMES
    assert len(set(contract.consumers)) == len(contract.consumers)


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_a_good_payload_goes_on_the_wire_as_json_and_comes_back_the_same(contract):
    payload = sample_payload(contract)
    wire = contract.to_wire(payload)
    assert json.loads(json.dumps(wire)) == wire
    assert contract.validate(wire) == payload


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_a_payload_missing_any_required_field_is_refused_naming_it(contract):
    payload = sample_payload(contract)
    declared = contract.schema._declared_fields
    # A field with a default (added later, so that messages already on their way still load)
    # may be left out.
    for field in (name for name in payload if declared[name].load_default is marshmallow.missing):
        incomplete = {k: v for k, v in payload.items() if k != field}
        with pytest.raises(ValidationError) as caught:
            contract.to_wire(incomplete)
        assert field in caught.value.messages


@pytest.mark.parametrize("contract, field, bad", [
    (events.PLEDGE_MADE, "quantity", 0),
    (events.PLEDGE_MADE, "kind", "massage"),
    (events.PERSON_REGISTERED, "changed_at", NOW.replace(tzinfo=None)),
    (events.PERSON_REGISTERED, "timezone", "Europe/Atlantis"),
    (events.PERSON_REGISTERED, "email", "nobody"),
    (events.PERSON_REGISTERED, "roles", ["admin"]),
    (events.PERSON_REGISTERED, "mentor", {"from_occupation": "J1506"}),
    (events.PROFILE_UPDATED, "languages", ["french"]),
    (events.PROFILE_UPDATED, "sponsor", {"capacity": 0}),
    (events.PLEDGE_CLOSED, "status", "open"),
    (events.REQUEST_CLOSED, "status", "matched"),
    (events.PERSON_BLOCKED, "other_id", "someone"),
    (events.PERSON_ERASED, "person_id", None),
    (events.HELP_REQUESTED, "note", "n" * 501),
    (events.MEETING_PROPOSED, "slots", []),
    (events.MEETING_CONFIRMED, "attendee_ids", [uuid.uuid4()]),
], ids=lambda value: value.name if isinstance(value, events.EventContract) else None)
def test_a_payload_breaking_its_contract_is_refused_before_the_wire(contract, field, bad):
    with pytest.raises(ValidationError) as caught:
        contract.to_wire({**sample_payload(contract), field: bad})
    assert field in caught.value.messages


def test_an_unknown_field_is_refused_when_an_event_is_received():
    wire = events.PLEDGE_MADE.to_wire(sample_payload(events.PLEDGE_MADE))
    with pytest.raises(ValidationError) as caught:
        events.PLEDGE_MADE.validate({**wire, "secret": "x"})
    assert "secret" in caught.value.messages


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_blank_name_is_refused(field):
    with pytest.raises(InvalidInput) as refused:
        load_arguments(rpc.profiles.register_person,
                       {**valid_arguments(rpc.profiles.register_person), field: "   "})
    assert list(refused.value.fields) == [field]


@pytest.mark.parametrize("contract", [events.PERSON_REGISTERED, events.PROFILE_UPDATED],
                         ids=lambda c: c.name)
def test_a_profile_snapshot_may_leave_out_phone_place_and_role_blocks_but_must_say_so(contract):
    payload = snapshot(uuid.uuid4(), phone=None, neighbourhood=None, latitude=None,
                       longitude=None, occupation=None, target_occupation=None, mentor=None,
                       sponsor=None)
    assert contract.validate(contract.to_wire(payload)) == payload


def test_a_person_view_carries_no_contact_until_there_is_one():
    card = {"id": uuid.uuid4(), "display_name": "Ada L.", "roles": ["job_seeker"],
            "occupation": None, "target_occupation": None, "skills": [], "neighbourhood": None,
            "own_words": "", "languages": ["fr"]}
    dumped = rpc.profiles.view_person.result().dump(
        {"card": card, "contact": None, "consent": {"mine": True, "theirs": False,
                                                    "mutual": False}})
    assert dumped["contact"] is None
    assert set(dumped["card"]) == set(card)
    assert not {"email", "phone", "last_name", "postal_code", "latitude",
                "longitude"} & set(rpc.Card._declared_fields)


def test_the_registration_result_hands_out_nothing_and_the_profile_never_a_token():
    # The same answer whatever the address: no token, no id, nothing to tell addresses apart.
    assert set(rpc.RegistrationReceived._declared_fields) == {"status"}
    assert "token" not in rpc.Profile._declared_fields
    assert "token_hash" not in rpc.Profile._declared_fields


def test_a_slot_must_end_after_it_starts():
    errors = events.MEETING_PROPOSED.schema().validate({
        "meeting_id": str(uuid.uuid4()), "match_id": str(uuid.uuid4()), "kind": "coffee",
        "chooser_id": str(uuid.uuid4()), "other_id": str(uuid.uuid4()),
        "slots": [{"start": "2026-12-01T12:00:00+00:00", "end": "2026-12-01T11:30:00+00:00"}],
        "location": "Video call", "expires_at": "2026-11-30T12:00:00+00:00", "rescheduling": False})
    assert errors == {"slots": {0: {"end": ["Must be later than start."]}}}


# Characters that end a line, or reorder what is shown, wherever a renderer or a protocol meets
# them: an email subject breaks on a line end, a display name turned by a bidi override lies.
LINE_BREAKERS = ["\r", "\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x00", "\x1b"]
BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                 "\u2066", "\u2067", "\u2068", "\u2069"]
SINGLE_LINE_FIELDS = [
    (rpc.profiles.register_person, "first_name", "Eve"),
    (rpc.profiles.register_person, "last_name", "Martin"),
    (rpc.profiles.update_profile, "first_name", "Eve"),
    (rpc.profiles.register_person, "location", "75011"),
    (rpc.profiles.register_person, "occupation", "M1805"),
    (rpc.profiles.register_person, "phone", "+33 6 12 34 56 78"),
]


@pytest.mark.parametrize("contract, field, good", SINGLE_LINE_FIELDS,
                         ids=[f"{c.method}.{f}" for c, f, _ in SINGLE_LINE_FIELDS])
@pytest.mark.parametrize("character", LINE_BREAKERS + BIDI_CONTROLS + ["\t"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_single_line_field_refuses_control_and_separator_characters_by_name(
        contract, field, good, character):
    load(contract, with_changes(contract, **{field: good}))
    for bad in (good + character, good[:2] + character + good[2:]):
        assert field in refusal(contract, with_changes(contract, **{field: bad}))


def test_the_refusal_says_why():
    fields = refusal(rpc.profiles.register_person,
                     with_changes(rpc.profiles.register_person, first_name="Eve\rX"))
    assert fields["first_name"] == ["Must be one line, without control characters."]


@pytest.mark.parametrize("good", ["Zoë", "Jean-Édouard", "O'Brien", "José María", "محمد",
                                  "نیما\u200cجان", "👩\u200d🔬 Ada", "李 小龍"])
def test_names_in_every_script_stay_accepted(good):
    # Zero-width joiners and non-joiners (Cf) spell Persian names and emoji; only the characters
    # that break a line or reorder text are refused.
    assert load(rpc.profiles.register_person,
                with_changes(rpc.profiles.register_person, first_name=good))["first_name"] == good


def test_a_skill_with_a_line_break_is_refused_naming_the_list():
    assert "skills" in refusal(rpc.profiles.register_person,
                               with_changes(rpc.profiles.register_person, skills=["Python\r\nX"]))


@pytest.mark.parametrize("contract, field", [
    (rpc.profiles.register_person, "own_words"), (rpc.profiles.request_help, "note"),
    (rpc.profiles.report, "reason")])
def test_several_lines_of_text_keep_their_line_ends_and_nothing_else(contract, field):
    loaded = load(contract, with_changes(contract, **{field: "First line\r\nSecond\tline\rThird"}))
    assert loaded[field] == "First line\nSecond\tline\nThird"  # as a form's textarea sends them
    for character in ["\x00", "\x1b", "\x85", "\u2028", "\u2029", "\u202e", "\u2066"]:
        assert field in refusal(contract, with_changes(contract, **{field: f"a{character}b"}))


@pytest.mark.parametrize("contract, field, good, bad", [
    (rpc.profiles.register_person, "languages", ["fr"], ["fr\n"]),
    (rpc.profiles.register_person, "phone", "+33612345678", "+33612345678\n"),
    (rpc.profiles.register_person, "availability",
     {"mon": [{"start": "08:00", "end": "09:00"}]}, {"mon": [{"start": "08:00", "end": "09:00\n"}]}),
    (rpc.notifications.notification_preferences, "quiet_hours",
     {"start": "22:00", "end": "07:00"}, {"start": "22:00\n", "end": "07:00"}),
])
def test_a_pattern_does_not_let_a_trailing_line_end_through(contract, field, good, bad):
    load(contract, with_changes(contract, **{field: good}))
    assert field in refusal(contract, with_changes(contract, **{field: bad}))


@pytest.mark.parametrize("zone", ["Europe", "America", "Europe/", "x" * 300, "../etc/passwd",
                                  "/etc/localtime", "Europe/Paris\n", "Europe/Paris\x00",
                                  "", "UTC/", "Factory/../Europe"])
def test_an_unknown_time_zone_is_refused_naming_the_field(zone):
    assert refusal(rpc.profiles.register_person,
                   with_changes(rpc.profiles.register_person, timezone=zone)) == \
        {"timezone": ["Unknown time zone."]}


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Guadeloupe", "Indian/Reunion", "UTC"])
def test_known_time_zones_are_accepted(zone):
    load(rpc.profiles.register_person, with_changes(rpc.profiles.register_person, timezone=zone))


@pytest.mark.parametrize("block, field, bad", [
    ("mentor", "from_occupation", "M1805\r\n"), ("mentor", "to_occupation", "x" * 101),
    ("mentor", "current_occupation", "Dev\u2028"), ("mentor", "sectors", ["Santé\n"]),
    ("sponsor", "occupations", ["M1805\r"])])
def test_the_role_blocks_text_is_one_line_too(block, field, bad):
    good = {"mentor": dict(MENTOR), "sponsor": {"capacity": 1}}[block]
    roles = {"mentor": ["mentor"], "sponsor": ["sponsor"]}[block]
    refused = refusal(rpc.profiles.register_person, with_changes(
        rpc.profiles.register_person, roles=roles, **{block: {**good, field: bad}}))
    assert field in refused[block], refused


def test_a_profile_is_refused_for_everything_wrong_at_once():
    """Occupations and places are checked against the reference data with the other fields, so
    that a form shows every error in one answer (issue 16), not one more on each submit."""
    contract = rpc.profiles.register_person
    messages = refusal(contract, with_changes(
        contract, first_name=" ", phone="call me", occupation="Astronaut",
        target_occupation="xq zzv wq", location="Saint-Denis",
        roles=["mentor"], mentor={**MENTOR, "from_occupation": "Astronaut", "moved_in": 1200}))
    assert {"first_name", "phone", "occupation", "target_occupation", "location",
            "mentor"} <= set(messages)
    assert set(messages["mentor"]) == {"from_occupation", "moved_in"}
    assert "Saint-Denis (97400, La Réunion)" in messages["location"][0]


@pytest.mark.parametrize("location", ["75011", "Lyon", "", None])
def test_a_known_place_or_no_place_passes_the_contract(location):
    load(rpc.profiles.update_profile,
         {"person_id": _id(), "location": location, "occupation": "développeur"})


def test_a_sponsors_unknown_occupation_is_refused_by_the_contract():
    messages = refusal(rpc.profiles.update_profile, {
        "person_id": _id(), "sponsor": {"occupations": ["M1805", "Astronaut"]}})
    assert "occupations" in messages["sponsor"]
