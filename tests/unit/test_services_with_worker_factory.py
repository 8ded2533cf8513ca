"""Service classes through nameko's worker_factory, on a real migrated SQLite database.

The outbox is a small fake that still writes the outbox row (shared.messaging.outbox.append), so
each test sees exactly what the service would publish, in the same transaction as its effect.
Event handlers are called through `.effect` inside a transaction, as the inbox would call them.
"""
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select
from sqlalchemy.orm import Session

import services.matching as matching_package
import services.profiles as profiles_package
from services.matching import store as matching_store
from services.matching.service import MatchingService
from services.profiles import store as profiles_store
from services.profiles.service import ProfilesService
from shared.contracts import events
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.messaging.outbox import append
from shared.messaging.tables import OUTBOX
from support import count

LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
FAR_FUTURE = date(2099, 12, 31)


class RecordingOutbox:
    """Stands in for the Outbox dependency: checks the producer, writes the row, remembers it."""

    def __init__(self, service_name):
        self.service_name = service_name
        self.added = []

    def add(self, session, contract, data):
        if contract.producer != self.service_name:
            raise ValueError(f"{self.service_name} may not publish {contract.name}")
        self.added.append((contract.name, data))
        return append(session, contract, data)


def make_service(service_cls, package, sqlite_session_factory):
    engine = sqlite_session_factory(Path(package.__file__).parent / "migrations", service_cls.name)
    return worker_factory(service_cls, db=Session(engine, expire_on_commit=False),
                          outbox=RecordingOutbox(service_cls.name))


def deliver(service, contract, payload):
    """Apply an event to a service as its inbox does: loaded from the wire, in one transaction."""
    handler = next(member for member in vars(type(service)).values()
                   if getattr(member, "handled_event", None) is contract)
    data = contract.validate(contract.to_wire(payload))
    with service.db.begin():
        handler.effect(service, service.db, data)


def published(service):
    """(event, payload) of every outbox row, oldest first, as it would go on the wire."""
    with service.db.get_bind().connect() as connection:
        rows = connection.execute(select(OUTBOX.c.event, OUTBOX.c.payload)
                                  .order_by(OUTBOX.c.created_at)).all()
    return [(row.event, row.payload) for row in rows]


def published_names(service):
    return [event for event, _ in published(service)]


def rows(service, table):
    return count(service.db.get_bind(), table)


def fetch(service, model, key):
    with Session(service.db.get_bind()) as session:
        return session.get(model, key)


def refused_fields(call, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        call(**kwargs)
    return caught.value.fields


# --- profiles ---------------------------------------------------------------------------------

@pytest.fixture
def profiles(sqlite_session_factory):
    return make_service(ProfilesService, profiles_package, sqlite_session_factory)


PEOPLE = profiles_store.Person.__table__
PLEDGES = profiles_store.Pledge.__table__


def register(profiles, **changes):
    return profiles.register_person(**{
        "name": "Ada Lovelace", "email": "Ada.Lovelace@Example.org",
        "roles": ["job_seeker", "time_donor", "job_seeker"], "languages": ["fr", "en"], **changes})


def test_registering_stores_the_person_and_announces_them_once(profiles):
    person = register(profiles)
    assert person["email"] == "ada.lovelace@example.org"
    assert person["roles"] == ["job_seeker", "time_donor"]
    assert (person["locale"], person["timezone"]) == ("fr", "Europe/Paris")
    assert rows(profiles, PEOPLE) == 1
    ((event, payload),) = published(profiles)
    assert event == "person_registered"
    assert payload["person_id"] == person["id"]
    assert payload["email"] == "ada.lovelace@example.org"
    assert payload["roles"] == ["job_seeker", "time_donor"]
    assert payload["registered_at"] == person["registered_at"]


def test_registering_an_address_twice_is_refused_naming_email_and_writes_nothing(profiles):
    register(profiles)
    fields = refused_fields(register, profiles=profiles, email="ADA.LOVELACE@EXAMPLE.ORG",
                            name="Someone Else")
    assert list(fields) == ["email"]
    assert "already registered" in fields["email"][0]
    assert rows(profiles, PEOPLE) == 1
    assert published_names(profiles) == ["person_registered"]


@pytest.mark.parametrize("field", ["is_admin", "id"])
def test_registering_with_an_unknown_field_is_refused_and_writes_nothing(profiles, field):
    fields = refused_fields(register, profiles=profiles, **{field: True})
    assert field in fields
    assert rows(profiles, PEOPLE) == 0
    assert published(profiles) == []


def test_a_pledge_is_stored_with_all_its_units_and_announced(profiles):
    person = register(profiles)
    pledge = profiles.make_pledge(person_id=person["id"], kind="cv_review", quantity=3,
                                  valid_until=FAR_FUTURE.isoformat(), remote=False)
    assert (pledge["quantity"], pledge["remaining"], pledge["status"]) == (3, 3, "open")
    event, payload = published(profiles)[-1]
    assert event == "pledge_made"
    assert payload == {"pledge_id": pledge["id"], "person_id": person["id"], "kind": "cv_review",
                       "quantity": 3, "valid_until": "2099-12-31", "remote": False}


def test_a_pledge_by_an_unknown_person_is_not_found_and_writes_nothing(profiles):
    with pytest.raises(NotFound):
        profiles.make_pledge(person_id=str(uuid.uuid4()), kind="coffee", quantity=1)
    assert rows(profiles, PLEDGES) == 0
    assert published(profiles) == []


def test_a_pledge_ending_in_the_past_is_refused_naming_valid_until(profiles):
    person = register(profiles)
    fields = refused_fields(profiles.make_pledge, person_id=person["id"], kind="coffee",
                            quantity=1, valid_until="2000-01-01")
    assert list(fields) == ["valid_until"]
    assert rows(profiles, PLEDGES) == 0
    assert published_names(profiles) == ["person_registered"]


@pytest.mark.parametrize("zone, accepted", [("Europe/Paris", True), ("Pacific/Kiritimati", False)])
def test_a_pledge_ending_today_is_judged_by_the_donors_own_calendar(profiles, monkeypatch, zone,
                                                                    accepted):
    # 11:00 UTC on 24 November is still the 24th in Paris but already the 25th in Kiritimati (UTC+14).
    monkeypatch.setattr("services.profiles.service.utcnow",
                        lambda: datetime(2026, 11, 24, 11, 0, tzinfo=timezone.utc))
    person = register(profiles, timezone=zone)
    arguments = dict(person_id=person["id"], kind="coffee", quantity=1, valid_until="2026-11-24")
    if accepted:
        assert profiles.make_pledge(**arguments)["valid_until"] == "2026-11-24"
    else:
        assert list(refused_fields(profiles.make_pledge, **arguments)) == ["valid_until"]


def accepted_match(pledge, request, **changes):
    return {"match_id": uuid.uuid4(), "kind": pledge["kind"],
            "request_id": uuid.UUID(request["id"]), "pledge_id": uuid.UUID(pledge["id"]),
            "seeker_id": uuid.UUID(request["person_id"]), "donor_id": uuid.UUID(pledge["person_id"]),
            "remote": True, **changes}


def test_an_accepted_match_uses_one_unit_of_the_pledge_and_closes_the_request(profiles):
    donor = register(profiles)
    seeker = register(profiles, email="grace@example.org", roles=["job_seeker"])
    pledge = profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=2)
    first, second = (profiles.request_help(person_id=seeker["id"], kind="coffee") for _ in range(2))

    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(pledge, first))
    stored = fetch(profiles, profiles_store.Pledge, uuid.UUID(pledge["id"]))
    assert (stored.remaining, stored.status) == (1, "open")
    assert fetch(profiles, profiles_store.HelpRequest, uuid.UUID(first["id"])).status == "matched"
    assert fetch(profiles, profiles_store.HelpRequest, uuid.UUID(second["id"])).status == "open"

    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(pledge, second))
    stored = fetch(profiles, profiles_store.Pledge, uuid.UUID(pledge["id"]))
    assert (stored.remaining, stored.status) == (0, "matched")


def test_an_accepted_match_naming_an_unknown_pledge_fails_and_changes_nothing(profiles):
    donor = register(profiles)
    pledge = profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1)
    request = profiles.request_help(person_id=donor["id"], kind="coffee")
    with pytest.raises(NotFound):
        deliver(profiles, events.MATCH_ACCEPTED,
                accepted_match(pledge, request, pledge_id=uuid.uuid4()))
    assert fetch(profiles, profiles_store.HelpRequest, uuid.UUID(request["id"])).status == "open"


# --- matching ---------------------------------------------------------------------------------

@pytest.fixture
def matching(sqlite_session_factory):
    return make_service(MatchingService, matching_package, sqlite_session_factory)


def candidate(matching, languages=("fr",), occupation=None, target_occupation=None):
    """A person known to matching's read model; returns their id."""
    person_id = uuid.uuid4()
    deliver(matching, events.PERSON_REGISTERED, {
        "person_id": person_id, "name": "Someone", "email": f"{person_id.hex}@example.org",
        "locale": "fr", "timezone": "Europe/Paris", "roles": ["job_seeker"],
        "languages": list(languages), "skills": [], "occupation": occupation,
        "target_occupation": target_occupation, "availability": {}, "registered_at": LONG_AGO})
    return person_id


def pledge(matching, donor_id, quantity=1, remote=True, valid_until=FAR_FUTURE, kind="coffee"):
    pledge_id = uuid.uuid4()
    deliver(matching, events.PLEDGE_MADE, {
        "pledge_id": pledge_id, "person_id": donor_id, "kind": kind, "quantity": quantity,
        "valid_until": valid_until, "remote": remote})
    return pledge_id


def ask(matching, seeker_id, kind="coffee"):
    request_id = uuid.uuid4()
    deliver(matching, events.HELP_REQUESTED, {
        "request_id": request_id, "person_id": seeker_id, "kind": kind, "note": "",
        "requested_at": LONG_AGO})
    return request_id


def proposals(matching):
    return [payload for event, payload in published(matching) if event == "match_proposed"]


def available(matching, pledge_id):
    return fetch(matching, matching_store.Offer, pledge_id).available


def request_status(matching, request_id):
    return fetch(matching, matching_store.Request, request_id).status


@pytest.fixture
def market(matching):
    """One seeker asking for a coffee, one donor pledging one."""
    seeker, donor = candidate(matching), candidate(matching, occupation="Developer")
    return {"seeker": seeker, "donor": donor, "pledge": pledge(matching, donor, remote=False),
            "request": ask(matching, seeker)}


def proposed_match(matching, market):
    matching.run_round(kind="coffee")
    (proposal,) = proposals(matching)
    return proposal["match_id"]


def test_the_read_model_keeps_one_candidate_per_person_however_often_they_arrive(matching):
    person_id = candidate(matching)
    for languages in (["fr"], ["fr", "en"]):
        deliver(matching, events.PERSON_REGISTERED, {
            "person_id": person_id, "name": "Ada", "email": "ada@example.org", "locale": "fr",
            "timezone": "Europe/Paris", "roles": ["mentor"], "languages": languages,
            "skills": [], "occupation": None, "target_occupation": None, "availability": {},
            "registered_at": LONG_AGO})
    assert rows(matching, matching_store.Candidate.__table__) == 1
    assert fetch(matching, matching_store.Candidate, person_id).languages == ["fr", "en"]


def test_a_round_proposes_the_pair_takes_the_unit_and_announces_it(matching, market):
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["edges"], report["matched"]) == (1, 1, 1, 1)
    assert report["mean_affinity"] > 0
    (proposal,) = proposals(matching)
    for field in ("seeker", "donor", "request", "pledge"):
        assert proposal[f"{field}_id"] == str(market[field])
    assert proposal["round_id"] == report["id"]
    assert proposal["affinity"] == report["mean_affinity"]
    assert available(matching, market["pledge"]) == 0
    assert request_status(matching, market["request"]) == "proposed"


def test_a_round_for_another_kind_leaves_the_market_alone(matching, market):
    report = matching.run_round(kind="cv_review")
    assert (report["requests"], report["offers"], report["matched"]) == (0, 0, 0)
    assert published(matching) == []


def test_running_a_round_twice_proposes_nothing_new(matching, market):
    matching.run_round(kind="coffee")
    again = matching.run_round(kind="coffee")
    assert (again["requests"], again["matched"]) == (0, 0)
    assert again["mean_affinity"] is None
    assert len(proposals(matching)) == 1
    assert rows(matching, matching_store.Match.__table__) == 1


def test_a_pledge_with_two_units_serves_two_of_three_seekers(matching):
    donor = candidate(matching)
    pledge_id = pledge(matching, donor, quantity=2)
    for _ in range(3):
        ask(matching, candidate(matching))
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["matched"]) == (3, 2)
    assert available(matching, pledge_id) == 0


def test_an_expired_pledge_is_not_offered(matching):
    pledge(matching, candidate(matching), valid_until=date(2000, 1, 1))
    ask(matching, candidate(matching))
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["matched"]) == (1, 0, 0)


def test_accepting_announces_the_match_with_the_pledges_remote_flag(matching, market):
    match_id = proposed_match(matching, market)
    match = matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    assert match["status"] == "accepted"
    event, payload = published(matching)[-1]
    assert event == "match_accepted"
    assert payload["match_id"] == match_id and payload["remote"] is False
    assert request_status(matching, market["request"]) == "accepted"


def test_accepting_twice_is_one_acceptance(matching, market):
    match_id = proposed_match(matching, market)
    for _ in range(2):
        matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    assert published_names(matching) == ["match_proposed", "match_accepted"]


def test_declining_frees_the_unit_and_the_pair_is_never_proposed_again(matching, market):
    match_id = proposed_match(matching, market)
    match = matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    assert match["status"] == "declined"
    assert available(matching, market["pledge"]) == 1
    assert request_status(matching, market["request"]) == "open"

    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["edges"], report["matched"]) == (1, 1, 0, 0)
    assert len(proposals(matching)) == 1


def test_after_a_decline_the_request_goes_to_another_donor(matching, market):
    other_pledge = pledge(matching, candidate(matching))
    first = proposed_match(matching, market)
    declined = next(p for p in proposals(matching) if p["match_id"] == first)["pledge_id"]
    matching.decline(match_id=first, person_id=str(market["seeker"]))
    matching.run_round(kind="coffee")
    later = proposals(matching)[-1]
    assert later["request_id"] == str(market["request"])
    assert {declined, later["pledge_id"]} == {str(market["pledge"]), str(other_pledge)}


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_only_the_seeker_decides_on_a_match(matching, market, decision):
    match_id = proposed_match(matching, market)
    for someone_else in (market["donor"], uuid.uuid4()):
        with pytest.raises(Forbidden):
            getattr(matching, decision)(match_id=match_id, person_id=str(someone_else))
    assert fetch(matching, matching_store.Match, uuid.UUID(match_id)).status == "proposed"
    assert published_names(matching) == ["match_proposed"]
    assert available(matching, market["pledge"]) == 0


def test_deciding_on_an_unknown_match_is_not_found(matching, market):
    with pytest.raises(NotFound):
        matching.accept(match_id=str(uuid.uuid4()), person_id=str(market["seeker"]))


def test_an_accepted_match_cannot_be_declined(matching, market):
    match_id = proposed_match(matching, market)
    matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    with pytest.raises(Conflict):
        matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    assert available(matching, market["pledge"]) == 0


def test_a_declined_match_cannot_be_accepted(matching, market):
    match_id = proposed_match(matching, market)
    matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    with pytest.raises(Conflict):
        matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    assert "match_accepted" not in published_names(matching)
