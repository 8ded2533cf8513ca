"""Service classes through nameko's worker_factory, on a real migrated SQLite database.

The outbox is a small fake that still writes the outbox row (shared.messaging.outbox.append), so
each test sees exactly what the service would publish, in the same transaction as its effect.
Event handlers are called through `.effect` inside a transaction, as the inbox would call them.

Read-only RPCs leave their transaction open on the worker's session (a real worker's teardown
closes it); while it is open it holds shared/database.py's process-wide SQLite lock, so `read`
ends it as the teardown would, and state is always read through separate short sessions.
"""
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

import services.matching as matching_package
import services.notifications as notifications_package
import services.profiles as profiles_package
import services.scheduling as scheduling_package
from services.matching import store as matching_store
from services.matching.service import MatchingService
from services.notifications import store as notifications_store
from services.notifications.service import NotificationsService
from services.profiles import store as profiles_store
from services.profiles.service import ProfilesService
import services.profiles.service as profiles_service
from services.scheduling import store as scheduling_store
from services.scheduling.service import SchedulingService
from shared.clock import utcnow
from shared.config import service_config
from shared.contracts import events
from shared.contracts.kinds import AVAILABILITY_PRESETS
from shared.errors import Conflict, Forbidden, InvalidInput, LimitReached, NotFound
from shared.messaging.erasure import SCRUBBED
from shared.messaging.inbox import RetryPolicy, record
from shared.messaging.outbox import append, envelope
from shared.messaging.tables import BLOCKS, ERASED_PEOPLE, INBOX, OUTBOX
from support import count

LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
FAR_FUTURE = date(2099, 12, 31)
RETRY = RetryPolicy()


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


def make_service(service_cls, package, sqlite_session_factory, **dependencies):
    engine = sqlite_session_factory(Path(package.__file__).parent / "migrations", service_cls.name)
    return worker_factory(service_cls, db=Session(engine, expire_on_commit=False),
                          outbox=RecordingOutbox(service_cls.name), **dependencies)


def read(service, method, **kwargs):
    """Call a read-only RPC and end the transaction it leaves open, as worker teardown does."""
    try:
        return getattr(service, method)(**kwargs)
    finally:
        if service.db.in_transaction():
            service.db.rollback()


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


def payloads(service, event):
    return [payload for name, payload in published(service) if name == event]


def rows(service, table):
    return count(service.db.get_bind(), table)


def fetch(service, model, key):
    with Session(service.db.get_bind()) as session:
        return session.get(model, key)


def refused_fields(call, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        call(**kwargs)
    return caught.value.fields


def everything_stored(service):
    """Every value of every row of every table of the service's database, as one lower-case text."""
    engine = service.db.get_bind()
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        values = [repr(tuple(row)) for table in tables
                  for row in connection.execute(text(f'SELECT * FROM "{table}"'))]
    return "\n".join(values).lower()


def receive_in_inbox(service, contract, payload):
    """A message recorded in the service's inbox, as if it had arrived and not been applied yet."""
    body = envelope(str(uuid.uuid4()), contract.name, datetime.now(timezone.utc),
                    contract.to_wire(payload))
    return record(service.db.get_bind(), contract, body, RETRY)


def inbox_payload(service, message_id):
    with service.db.get_bind().connect() as connection:
        return connection.execute(select(INBOX.c.payload)
                                  .where(INBOX.c.message_id == message_id)).scalar_one()


def erased_ids(service):
    with service.db.get_bind().connect() as connection:
        return {row.person_id for row in connection.execute(select(ERASED_PEOPLE.c.person_id))}


def snapshot(person_id, **changes):
    """A person_registered / profile_updated payload as profiles publishes it."""
    return {"person_id": person_id, "first_name": "Someone", "last_name": "Else",
            "email": f"{person_id.hex}@example.org", "phone": None, "locale": "fr",
            "timezone": "Europe/Paris", "roles": ["job_seeker"], "languages": ["fr"],
            "skills": [], "occupation": None, "target_occupation": None, "own_words": "",
            "neighbourhood": None, "latitude": None, "longitude": None,
            # Free for coffee: a meeting kind is never matched without a common window (issue 16).
            "availability": AVAILABILITY_PRESETS["coffee"],
            "mentor": None, "sponsor": None, "accepts_sponsors": False, "changed_at": LONG_AGO,
            **changes}


def pair_of(person_id, other_id):
    return {"person_id": person_id, "other_id": other_id}


# --- profiles ---------------------------------------------------------------------------------

@pytest.fixture
def profiles(sqlite_session_factory):
    return make_service(ProfilesService, profiles_package, sqlite_session_factory)


PEOPLE = profiles_store.Person.__table__
CONFIRMING = "address_confirmation_requested"
PLEDGES = profiles_store.Pledge.__table__
REVEALS = profiles_store.Reveal.__table__
MENTOR = {"from_occupation": "General nursing", "to_occupation": "M1805", "moved_in": 2019}


def confirmed(profiles, fields):
    """Register, then follow the link emailed to the address as its owner does: the profile,
    with the session `token` the link opened."""
    assert profiles.register_person(**fields) == {"status": "check_your_email"}
    (*_, asked) = [data for name, data in profiles.outbox.added
                   if name == "address_confirmation_requested"]
    signed = profiles.redeem_sign_in(link_token=asked["link_token"])
    return {**read(profiles, "get_person", person_id=signed["person_id"]),
            "token": signed["token"]}


def register(profiles, **changes):
    return confirmed(profiles, {
        "first_name": "Ada", "last_name": "Lovelace", "email": "Ada.Lovelace@Example.org",
        "roles": ["job_seeker", "time_donor", "job_seeker"], "languages": ["fr", "en"],
        "location": "75011", **changes})


def someone(profiles, first_name, **changes):
    return register(profiles, first_name=first_name, last_name=f"{first_name}son",
                    email=f"{first_name.lower()}@example.org", **changes)


def test_registering_stores_the_person_and_announces_them_once(profiles):
    person = register(profiles, phone="+33 6 12 34 56 78", occupation="General nursing",
                      target_occupation="M1805", availability_preset="lunch")
    assert (person["first_name"], person["last_name"]) == ("Ada", "Lovelace")
    assert person["email"] == "ada.lovelace@example.org"
    assert person["roles"] == ["job_seeker", "time_donor"]
    assert (person["locale"], person["timezone"]) == ("fr", "Europe/Paris")
    assert (person["occupation"], person["target_occupation"]) == ("J1506", "M1805")
    assert (person["postal_code"], person["neighbourhood"]) == ("75011", "Paris 11e")
    assert person["availability"]["mon"] == [{"start": "12:00", "end": "14:00"}]
    assert rows(profiles, PEOPLE) == 1
    # The link to the address first; the person is announced once it is followed.
    assert published_names(profiles) == [CONFIRMING, "person_registered"]
    event, payload = published(profiles)[-1]
    assert payload["person_id"] == person["id"]
    assert (payload["first_name"], payload["last_name"]) == ("Ada", "Lovelace")
    assert payload["email"] == "ada.lovelace@example.org"
    assert payload["phone"] == "+33 6 12 34 56 78"
    assert payload["roles"] == ["job_seeker", "time_donor"]
    assert (payload["occupation"], payload["target_occupation"]) == ("J1506", "M1805")
    assert payload["neighbourhood"] == "Paris 11e"
    assert payload["latitude"] == pytest.approx(48.857, abs=0.01)
    assert payload["changed_at"] == person["registered_at"]
    assert "postal_code" not in payload and "token" not in payload


def test_registering_a_registered_address_again_changes_nothing_and_emails_its_owner(profiles):
    ada = register(profiles)
    assert profiles.register_person(first_name="Someone", last_name="Else", roles=["job_seeker"],
                                    email="ADA.LOVELACE@EXAMPLE.ORG") == {
        "status": "check_your_email"}
    assert rows(profiles, PEOPLE) == 1
    assert read(profiles, "get_person", person_id=ada["id"])["first_name"] == "Ada"
    # Not a second account: a sign-in link for the owner, saying someone tried to register.
    assert published_names(profiles) == [CONFIRMING, "person_registered", "sign_in_requested"]
    sent = payloads(profiles, "sign_in_requested")[-1]
    assert (sent["person_id"], sent["reason"]) == (ada["id"], "registration")


def test_a_pending_registration_is_nobody_and_registering_again_replaces_it(profiles):
    fields = {"first_name": "Mallory", "last_name": "Planted", "roles": ["job_seeker"],
              "email": "ada@example.org", "own_words": "Planted"}
    profiles.register_person(**fields)
    profiles.register_person(**{**fields, "first_name": "Ada", "own_words": ""})
    first, second = [data for name, data in profiles.outbox.added if name == CONFIRMING]
    assert rows(profiles, PEOPLE) == 0 and first["person_id"] != second["person_id"]
    with pytest.raises(NotFound):
        read(profiles, "get_person", person_id=first["person_id"])
    assert list(refused_fields(profiles.redeem_sign_in, link_token=first["link_token"])) == [
        "link_token"]
    signed = profiles.redeem_sign_in(link_token=second["link_token"])
    ada = read(profiles, "get_person", person_id=signed["person_id"])
    assert (ada["first_name"], ada["own_words"], signed["new_account"]) == ("Ada", "", True)


def test_signing_in_while_the_registration_waits_emails_its_confirmation_link_again(profiles):
    # Someone who lost the confirmation email goes to "sign in": they get a working link, the
    # earlier one stops working, and the answer is the one anybody gets.
    profiles.register_person(first_name="Zoé", last_name="Durand", roles=["job_seeker"],
                             email="zoe@example.org", locale="fr")
    assert profiles.request_sign_in(email="ZOE@example.org", locale="en") == {"sent": True}
    first, again = [data for name, data in profiles.outbox.added if name == CONFIRMING]
    assert (again["person_id"], again["email"], again["purpose"]) == (
        first["person_id"], "zoe@example.org", "registration")
    assert again["locale"] == "en" and again["link_token"] != first["link_token"]
    assert "sign_in_requested" not in published_names(profiles)
    assert list(refused_fields(profiles.redeem_sign_in, link_token=first["link_token"])) == [
        "link_token"]
    signed = profiles.redeem_sign_in(link_token=again["link_token"])
    zoe = read(profiles, "get_person", person_id=signed["person_id"])
    assert (zoe["first_name"], signed["new_account"]) == ("Zoé", True)


def test_a_registration_never_confirmed_expires_and_is_deleted_with_its_messages(profiles,
                                                                                  monkeypatch):
    profiles.register_person(first_name="Lost", last_name="Letter", roles=["job_seeker"],
                             email="lost@example.org")
    (asked,) = [data for name, data in profiles.outbox.added if name == CONFIRMING]
    later = utcnow() + timedelta(hours=25)
    monkeypatch.setattr(profiles_service, "utcnow", lambda: later)
    assert list(refused_fields(profiles.redeem_sign_in, link_token=asked["link_token"])) == [
        "link_token"]
    profiles.forget_expired_sign_ins()
    assert rows(profiles, profiles_store.PendingRegistration.__table__) == 0
    assert "lost@example.org" not in everything_stored(profiles)
    # Erased like a person: notifications forgets the email it sent to the address.
    assert published(profiles) == [("person_erased", {"person_id": str(asked["person_id"])})]


def test_a_new_address_is_applied_only_by_the_link_emailed_to_it(profiles):
    person = register(profiles)
    someone(profiles, "Grace")
    for address in ("GRACE@example.org", "ada.new@example.org"):
        answer = profiles.update_profile(person_id=person["id"], email=address)
        assert answer["email"] == "ada.lovelace@example.org"  # the same answer, taken or not
    assert "profile_updated" not in published_names(profiles)  # nothing changed yet
    taken, free = [data for name, data in profiles.outbox.added if name == CONFIRMING][-2:]
    assert (free["email"], free["purpose"], free["person_id"]) == (
        "ada.new@example.org", "email_change", uuid.UUID(person["id"]))
    # Only the owner of the taken address could follow that link: it changes nothing.
    assert list(refused_fields(profiles.redeem_sign_in, link_token=taken["link_token"])) == [
        "link_token"]
    profiles.redeem_sign_in(link_token=free["link_token"])
    assert read(profiles, "get_person", person_id=person["id"])["email"] == "ada.new@example.org"
    assert payloads(profiles, "profile_updated")[-1]["email"] == "ada.new@example.org"


@pytest.mark.parametrize("field", ["is_admin", "id", "token", "name"])
def test_registering_with_an_unknown_field_is_refused_and_writes_nothing(profiles, field):
    fields = refused_fields(register, profiles=profiles, **{field: "x"})
    assert field in fields
    assert rows(profiles, PEOPLE) == 0
    assert published(profiles) == []


@pytest.mark.parametrize("changes, field", [
    ({"occupation": "Astronaut"}, "occupation"),
    ({"target_occupation": "Z9999"}, "target_occupation"),
    ({"location": "Atlantis"}, "location"),
    ({"roles": ["mentor"]}, "mentor"),
    ({"roles": ["sponsor"]}, "sponsor"),
    ({"mentor": MENTOR}, "mentor"),
    # Checked by the contract with the block's other fields: {"mentor": {"from_occupation": …}}.
    ({"roles": ["mentor"], "mentor": {**MENTOR, "from_occupation": "Astronaut"}}, "mentor"),
    ({"availability_preset": "lunch",
      "availability": {"sat": [{"start": "10:00", "end": "11:00"}]}}, "availability_preset"),
])
def test_a_registration_breaking_a_profile_rule_is_refused_naming_the_field(profiles, changes,
                                                                            field):
    assert list(refused_fields(register, profiles=profiles, **changes)) == [field]
    assert rows(profiles, PEOPLE) == 0
    assert published(profiles) == []


def test_a_mentor_registers_with_their_reconversion_stored_as_codes(profiles):
    person = register(profiles, roles=["mentor"], mentor=MENTOR)
    assert person["mentor"] == {"from_occupation": "J1506", "to_occupation": "M1805",
                                "moved_in": 2019, "current_occupation": None, "sectors": [],
                                "max_mentees": 2}
    assert payloads(profiles, "person_registered")[0]["mentor"] == person["mentor"]


# --- tokens -----------------------------------------------------------------------------------

def test_the_token_handed_out_at_registration_authenticates_its_person(profiles):
    ada, grace = register(profiles), someone(profiles, "Grace")
    assert len(ada["token"]) >= 20 and ada["token"] != grace["token"]
    assert read(profiles, "authenticate", token=ada["token"]) == {"person_id": ada["id"],
                                                                "operator": False}
    assert read(profiles, "authenticate", token=grace["token"]) == {"person_id": grace["id"],
                                                                  "operator": False}


@pytest.mark.parametrize("token", ["x" * 43, "y" * 20])
def test_a_wrong_token_is_forbidden(profiles, token):
    register(profiles)
    with pytest.raises(Forbidden):
        read(profiles, "authenticate", token=token)


def test_the_token_is_never_stored_nor_shown_again(profiles):
    person = register(profiles)
    token = person["token"]
    assert token.lower() not in everything_stored(profiles)
    with Session(profiles.db.get_bind()) as session:
        stored = session.get(profiles_store.Person, uuid.UUID(person["id"]))
        assert all(value != token for value in stored.attributes().values())
    assert "token" not in read(profiles, "get_person", person_id=person["id"])
    assert token not in repr(published(profiles))


# --- updates ----------------------------------------------------------------------------------

def test_an_update_changes_only_what_is_sent_and_announces_the_whole_profile(profiles):
    person = register(profiles, own_words="Nurse.", skills=["SQL"])
    updated = profiles.update_profile(person_id=person["id"], own_words="Nurse, coding now.",
                                      target_occupation="Software development")
    assert updated["own_words"] == "Nurse, coding now."
    assert updated["target_occupation"] == "M1805"
    for unchanged in ("first_name", "last_name", "email", "skills", "roles", "postal_code",
                      "availability", "registered_at"):
        assert updated[unchanged] == person[unchanged], unchanged
    event, payload = published(profiles)[-1]
    assert event == "profile_updated"
    assert payload["person_id"] == person["id"]
    assert (payload["own_words"], payload["target_occupation"]) == ("Nurse, coding now.", "M1805")
    assert payload["skills"] == ["SQL"] and payload["first_name"] == "Ada"
    assert payload["changed_at"] > payloads(profiles, "person_registered")[0]["changed_at"]


@pytest.mark.parametrize("changes, field", [
    ({"roles": ["job_seeker", "mentor"]}, "mentor"),
    ({"mentor": MENTOR}, "mentor"),
    ({"occupation": "Astronaut"}, "occupation"),
    ({"location": "Atlantis"}, "location"),
    ({"first_name": "  "}, "first_name"),
])
def test_an_update_breaking_a_rule_is_refused_naming_the_field_and_changes_nothing(profiles,
                                                                                  changes, field):
    person = register(profiles)
    fields = refused_fields(profiles.update_profile, person_id=person["id"], **changes)
    assert list(fields) == [field]
    assert read(profiles, "get_person", person_id=person["id"]) == {
        k: v for k, v in person.items() if k != "token"}
    assert published_names(profiles) == [CONFIRMING, "person_registered"]


def test_an_update_wrong_in_several_ways_names_them_all_at_once_and_changes_nothing(profiles):
    """Issue 16: a form learnt of an unknown town only once the names were right."""
    person = register(profiles)
    fields = refused_fields(profiles.update_profile, person_id=person["id"], first_name=" ",
                            phone="call me", occupation="Astronaut", target_occupation="Wizard",
                            location="Saint-Denis", roles=["mentor"],
                            mentor={**MENTOR, "to_occupation": "Dragon tamer"})
    assert {"first_name", "phone", "occupation", "target_occupation", "location",
            "mentor"} <= set(fields)
    assert "to_occupation" in fields["mentor"]
    assert read(profiles, "get_person", person_id=person["id"]) == {
        k: v for k, v in person.items() if k != "token"}
    assert published_names(profiles) == [CONFIRMING, "person_registered"]


def test_becoming_a_mentor_takes_the_role_and_its_block_in_one_update(profiles):
    person = register(profiles)
    updated = profiles.update_profile(person_id=person["id"], roles=["job_seeker", "mentor"],
                                      mentor=MENTOR)
    assert updated["mentor"]["from_occupation"] == "J1506"
    # Later partial updates need not repeat the block.
    assert profiles.update_profile(person_id=person["id"], own_words="Hi")["mentor"] == \
        updated["mentor"]


def test_updating_an_unknown_person_is_not_found(profiles):
    with pytest.raises(NotFound):
        profiles.update_profile(person_id=str(uuid.uuid4()), own_words="Hi")


# --- cards, consent and reveals ---------------------------------------------------------------

@pytest.fixture
def two(profiles):
    """Claire, whose card Bruno looks at, and Bruno."""
    claire = register(profiles, first_name="Claire", last_name="Martin",
                      email="claire.martin@example.org", phone="+33 6 12 34 56 78",
                      occupation="J1506", own_words="Nurse, learning to code.")
    bruno = someone(profiles, "Bruno")
    return claire["id"], bruno["id"]


def view(profiles, viewer, person):
    return profiles.view_person(viewer_id=viewer, person_id=person)


def reveals(profiles):
    return rows(profiles, REVEALS)


def test_a_card_shows_who_someone_is_but_no_way_to_reach_or_locate_them(profiles, two):
    claire, bruno = two
    seen = view(profiles, bruno, claire)
    assert seen["contact"] is None
    assert seen["consent"] == {"mine": False, "theirs": False, "mutual": False}
    card = seen["card"]
    assert card["display_name"] == "Claire M."
    # Occupations are shown by their label, not their code (in French, both being French).
    assert (card["occupation"], card["neighbourhood"]) == ("Soins infirmiers généralistes",
                                                           "Paris 11e")
    shown = repr(seen).lower()
    for secret in ("martin", "claire.martin@example.org", "+33 6 12 34 56 78", "75011", "48.8",
                   "2.37"):
        assert secret not in shown
    assert reveals(profiles) == 0


def test_one_sided_consent_reveals_nothing(profiles, two):
    claire, bruno = two
    assert profiles.consent_to_contact(person_id=claire, other_id=bruno) == {
        "mine": True, "theirs": False, "mutual": False}
    assert view(profiles, bruno, claire)["contact"] is None
    assert view(profiles, claire, bruno)["contact"] is None
    assert view(profiles, bruno, claire)["consent"] == {"mine": False, "theirs": True,
                                                        "mutual": False}
    assert reveals(profiles) == 0
    assert "contact_revealed" not in published_names(profiles)


def test_mutual_consent_reveals_contact_both_ways_and_logs_each_showing(profiles, two):
    claire, bruno = two
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    assert profiles.consent_to_contact(person_id=bruno, other_id=claire)["mutual"] is True
    seen = view(profiles, bruno, claire)
    assert seen["contact"] == {"first_name": "Claire", "last_name": "Martin",
                               "email": "claire.martin@example.org", "phone": "+33 6 12 34 56 78"}
    assert seen["consent"] == {"mine": True, "theirs": True, "mutual": True}
    assert view(profiles, claire, bruno)["contact"]["email"] == "bruno@example.org"
    view(profiles, bruno, claire)
    assert reveals(profiles) == 3
    with Session(profiles.db.get_bind()) as session:
        logged = session.scalars(select(profiles_store.Reveal)).all()
    assert sorted((str(r.viewer_id), str(r.person_id)) for r in logged) == sorted(
        [(bruno, claire), (claire, bruno), (bruno, claire)])


def test_consent_that_becomes_mutual_is_announced_once_to_both(profiles, two):
    claire, bruno = two
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    assert payloads(profiles, "contact_revealed") == []
    profiles.consent_to_contact(person_id=bruno, other_id=claire)
    assert payloads(profiles, "contact_revealed") == [{"person_id": bruno, "other_id": claire}]


def test_consenting_again_to_a_mutual_pair_announces_nothing_new(profiles, two):
    claire, bruno = two
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    profiles.consent_to_contact(person_id=bruno, other_id=claire)
    profiles.consent_to_contact(person_id=bruno, other_id=claire)
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    assert len(payloads(profiles, "contact_revealed")) == 1


def test_withdrawing_consent_hides_the_contact_again_and_consenting_anew_reveals_it(profiles,
                                                                                     two):
    claire, bruno = two
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    profiles.consent_to_contact(person_id=bruno, other_id=claire)
    assert profiles.withdraw_consent(person_id=claire, other_id=bruno) == {
        "mine": False, "theirs": True, "mutual": False}
    assert view(profiles, bruno, claire)["contact"] is None
    assert view(profiles, claire, bruno)["contact"] is None
    assert reveals(profiles) == 0
    profiles.withdraw_consent(person_id=claire, other_id=bruno)  # twice is once
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    assert view(profiles, bruno, claire)["contact"]["last_name"] == "Martin"
    assert len(payloads(profiles, "contact_revealed")) == 2


@pytest.mark.parametrize("blocker", ["claire", "bruno"])
def test_a_block_hides_the_contact_and_each_becomes_not_found_to_the_other(profiles, two, blocker):
    claire, bruno = two
    profiles.consent_to_contact(person_id=claire, other_id=bruno)
    profiles.consent_to_contact(person_id=bruno, other_id=claire)
    by, other = (claire, bruno) if blocker == "claire" else (bruno, claire)
    assert profiles.block(person_id=by, other_id=other) == {"done": True}
    for viewer, person in ((bruno, claire), (claire, bruno)):
        with pytest.raises(NotFound):
            view(profiles, viewer, person)
    with pytest.raises(NotFound):
        profiles.consent_to_contact(person_id=other, other_id=by)
    assert reveals(profiles) == 0
    assert payloads(profiles, "person_blocked") == [{"person_id": by, "other_id": other}]
    # Both consents were withdrawn: lifting nothing can bring the contact back by itself.
    with Session(profiles.db.get_bind()) as session:
        assert all(c.withdrawn_at is not None
                   for c in session.scalars(select(profiles_store.Consent)))


def test_blocking_twice_is_one_block(profiles, two):
    claire, bruno = two
    for _ in range(2):
        profiles.block(person_id=claire, other_id=bruno)
    assert rows(profiles, profiles_store.Block.__table__) == 1
    assert len(payloads(profiles, "person_blocked")) == 1


def test_a_report_is_kept_for_the_operators_and_also_blocks(profiles, two):
    claire, bruno = two
    assert profiles.report(person_id=claire, other_id=bruno, reason="Rude messages.") == {
        "done": True}
    with Session(profiles.db.get_bind()) as session:
        (report,) = session.scalars(select(profiles_store.Report)).all()
    assert (str(report.person_id), str(report.other_id), report.reason) == (
        claire, bruno, "Rude messages.")
    assert payloads(profiles, "person_blocked") == [{"person_id": claire, "other_id": bruno}]
    with pytest.raises(NotFound):
        view(profiles, claire, bruno)


@pytest.mark.parametrize("method", ["consent_to_contact", "withdraw_consent", "block"])
def test_nobody_consents_to_or_blocks_themselves(profiles, two, method):
    claire, _ = two
    assert list(refused_fields(getattr(profiles, method), person_id=claire,
                               other_id=claire)) == ["other_id"]


@pytest.mark.parametrize("method", ["consent_to_contact", "block"])
def test_a_pair_with_an_unknown_person_is_not_found(profiles, two, method):
    claire, _ = two
    with pytest.raises(NotFound):
        getattr(profiles, method)(person_id=claire, other_id=str(uuid.uuid4()))
    assert published_names(profiles) == [CONFIRMING, "person_registered"] * 2


# --- pledges ----------------------------------------------------------------------------------

def test_a_pledge_is_stored_with_all_its_units_and_announced(profiles):
    person = register(profiles)
    pledge = profiles.make_pledge(person_id=person["id"], kind="cv_review", quantity=3,
                                  valid_until=FAR_FUTURE.isoformat(), remote=False, radius_km=15)
    assert (pledge["quantity"], pledge["remaining"], pledge["status"]) == (3, 3, "open")
    assert pledge["radius_km"] == 15
    event, payload = published(profiles)[-1]
    assert event == "pledge_made"
    assert payload == {"pledge_id": pledge["id"], "person_id": person["id"], "kind": "cv_review",
                       "quantity": 3, "valid_until": "2099-12-31", "remote": False,
                       "radius_km": 15}


def test_an_in_person_pledge_without_a_radius_reaches_ten_km_and_a_remote_one_has_none(profiles):
    person = register(profiles)
    near = profiles.make_pledge(person_id=person["id"], kind="coffee", quantity=1, remote=False)
    remote = profiles.make_pledge(person_id=person["id"], kind="coffee", quantity=1,
                                  radius_km=50)
    assert (near["radius_km"], remote["radius_km"]) == (10, None)


def test_an_in_person_pledge_needs_a_location_in_the_profile(profiles):
    person = register(profiles, location=None)
    assert list(refused_fields(profiles.make_pledge, person_id=person["id"], kind="coffee",
                               quantity=1, remote=False)) == ["remote"]
    assert rows(profiles, PLEDGES) == 0
    assert profiles.make_pledge(person_id=person["id"], kind="coffee", quantity=1)["remote"]


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
    assert published_names(profiles) == [CONFIRMING, "person_registered"]


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


def stored_pledge(profiles, pledge):
    stored = fetch(profiles, profiles_store.Pledge, uuid.UUID(pledge["id"]))
    return stored.remaining, stored.status


def stored_request_status(profiles, request):
    return fetch(profiles, profiles_store.HelpRequest, uuid.UUID(request["id"])).status


def test_an_accepted_match_uses_one_unit_of_the_pledge_and_closes_the_request(profiles):
    donor = register(profiles)
    seeker = someone(profiles, "Grace", roles=["job_seeker"])
    pledge = profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=2)
    first, second = (profiles.request_help(person_id=seeker["id"], kind="coffee") for _ in range(2))

    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(pledge, first))
    assert stored_pledge(profiles, pledge) == (1, "open")
    assert stored_request_status(profiles, first) == "matched"
    assert stored_request_status(profiles, second) == "open"

    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(pledge, second))
    assert stored_pledge(profiles, pledge) == (0, "matched")


def test_an_accepted_match_naming_an_unknown_pledge_fails_and_changes_nothing(profiles):
    donor = register(profiles)
    pledge = profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1)
    request = profiles.request_help(person_id=donor["id"], kind="coffee")
    with pytest.raises(NotFound):
        deliver(profiles, events.MATCH_ACCEPTED,
                accepted_match(pledge, request, pledge_id=uuid.uuid4()))
    assert stored_request_status(profiles, request) == "open"


# --- lifecycle: withdrawal, expiry, cancelled matches -----------------------------------------

@pytest.fixture
def offered(profiles):
    """A donor's pledge of one coffee and a seeker's request for one."""
    donor, seeker = register(profiles), someone(profiles, "Grace")
    return {"donor": donor["id"], "seeker": seeker["id"],
            "pledge": profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1),
            "request": profiles.request_help(person_id=seeker["id"], kind="coffee")}


def test_withdrawing_an_open_pledge_closes_it_once_however_often_it_is_asked(profiles, offered):
    for _ in range(2):
        withdrawn = profiles.withdraw_pledge(person_id=offered["donor"],
                                             pledge_id=offered["pledge"]["id"])
        assert withdrawn["status"] == "withdrawn"
    assert payloads(profiles, "pledge_closed") == [
        {"id": offered["pledge"]["id"], "person_id": offered["donor"], "status": "withdrawn"}]


def test_withdrawing_an_open_request_closes_it_once(profiles, offered):
    for _ in range(2):
        assert profiles.withdraw_request(person_id=offered["seeker"],
                                         request_id=offered["request"]["id"])["status"] == \
            "withdrawn"
    assert payloads(profiles, "request_closed") == [
        {"id": offered["request"]["id"], "person_id": offered["seeker"], "status": "withdrawn"}]


def test_what_is_matched_can_no_longer_be_withdrawn(profiles, offered):
    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(offered["pledge"], offered["request"]))
    assert list(refused_fields(profiles.withdraw_pledge, person_id=offered["donor"],
                               pledge_id=offered["pledge"]["id"])) == ["status"]
    assert list(refused_fields(profiles.withdraw_request, person_id=offered["seeker"],
                               request_id=offered["request"]["id"])) == ["status"]
    assert stored_pledge(profiles, offered["pledge"]) == (0, "matched")
    assert "pledge_closed" not in published_names(profiles)
    assert "request_closed" not in published_names(profiles)


def test_only_its_owner_withdraws_a_pledge_or_a_request(profiles, offered):
    with pytest.raises(NotFound):
        profiles.withdraw_pledge(person_id=offered["seeker"], pledge_id=offered["pledge"]["id"])
    with pytest.raises(NotFound):
        profiles.withdraw_request(person_id=offered["donor"],
                                  request_id=offered["request"]["id"])
    with pytest.raises(NotFound):
        profiles.withdraw_pledge(person_id=offered["donor"], pledge_id=str(uuid.uuid4()))
    assert stored_pledge(profiles, offered["pledge"]) == (1, "open")
    assert stored_request_status(profiles, offered["request"]) == "open"


def test_expiry_closes_only_open_pledges_past_their_last_day(profiles, monkeypatch):
    donor = register(profiles)
    soon = (datetime.now(timezone.utc) + timedelta(days=2)).date()
    make = lambda until: profiles.make_pledge(  # noqa: E731
        person_id=donor["id"], kind="coffee", quantity=1, valid_until=until.isoformat())
    lapsing, lasting, matched, withdrawn = make(soon), make(FAR_FUTURE), make(soon), make(soon)
    deliver(profiles, events.MATCH_ACCEPTED, accepted_match(
        matched, profiles.request_help(person_id=donor["id"], kind="coffee")))
    profiles.withdraw_pledge(person_id=donor["id"], pledge_id=withdrawn["id"])

    # On its last day a pledge is still on offer; the day after, it closes. (Noon UTC is the same
    # day in Paris, the donor's zone, so the test does not depend on the hour it runs at.)
    noon = datetime.now(timezone.utc).replace(hour=12, minute=0)
    for days_later, closed in ((2, []), (3, [lapsing["id"]]), (30, [lapsing["id"]])):
        monkeypatch.setattr("services.profiles.service.utcnow",
                            lambda: noon + timedelta(days=days_later))
        profiles.expire_pledges()
        assert [p["id"] for p in payloads(profiles, "pledge_closed")
                if p["status"] == "expired"] == closed
    assert payloads(profiles, "pledge_closed")[-1] == {
        "id": lapsing["id"], "person_id": donor["id"], "status": "expired"}
    statuses = {p["id"]: p["status"] for p in read(profiles, "pledges_of", person_id=donor["id"])}
    assert statuses == {lapsing["id"]: "expired", lasting["id"]: "open",
                        matched["id"]: "matched", withdrawn["id"]: "withdrawn"}


@pytest.mark.parametrize("utc_hour, expired", [(2, False), (6, True)])
def test_a_pledge_expires_when_its_last_day_is_over_where_the_donor_lives(profiles, monkeypatch,
                                                                          utc_hour, expired):
    # 25 November at 02:00 UTC is still the 24th, 21:00, in New York; at 06:00 UTC it is the 25th.
    monkeypatch.setattr("services.profiles.service.utcnow",
                        lambda: datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc))
    donor = register(profiles, timezone="America/New_York")
    pledge = profiles.make_pledge(person_id=donor["id"], kind="coffee", quantity=1,
                                  valid_until="2026-11-24")
    monkeypatch.setattr("services.profiles.service.utcnow",
                        lambda: datetime(2026, 11, 25, utc_hour, 0, tzinfo=timezone.utc))
    profiles.expire_pledges()
    assert stored_pledge(profiles, pledge)[1] == ("expired" if expired else "open")


def test_a_cancelled_match_gives_the_unit_back_and_reopens_the_pledge_and_request(profiles,
                                                                                  offered):
    match = accepted_match(offered["pledge"], offered["request"])
    deliver(profiles, events.MATCH_ACCEPTED, match)
    assert stored_pledge(profiles, offered["pledge"]) == (0, "matched")
    deliver(profiles, events.MATCH_CANCELLED, {**match, "left": False})
    assert stored_pledge(profiles, offered["pledge"]) == (1, "open")
    assert stored_request_status(profiles, offered["request"]) == "open"


def test_a_cancelled_match_on_a_withdrawn_pledge_gives_the_unit_back_but_keeps_it_closed(
        profiles, offered):
    pledge = profiles.make_pledge(person_id=offered["donor"], kind="coffee", quantity=2)
    match = accepted_match(pledge, offered["request"])
    deliver(profiles, events.MATCH_ACCEPTED, match)
    profiles.withdraw_pledge(person_id=offered["donor"], pledge_id=pledge["id"])
    deliver(profiles, events.MATCH_CANCELLED, {**match, "left": False})
    assert stored_pledge(profiles, pledge) == (2, "withdrawn")


# --- the person's own data: export and erasure ------------------------------------------------

# Names and addresses that appear nowhere else, so that any trace of them is found.
ZOE = {"first_name": "Zephyrine", "last_name": "Quintavalle",
       "email": "zephyrine.quintavalle@example.org", "phone": "+33 6 98 76 54 32"}


@pytest.fixture
def zoe(profiles):
    """Zoé, with a pledge, a request with a note, a consent, a block, a report and a reveal."""
    person = register(profiles, **ZOE, own_words="Ask Zephyrine about night shifts.")
    bruno, carla = someone(profiles, "Bruno")["id"], someone(profiles, "Carla")["id"]
    me = person["id"]
    profiles.make_pledge(person_id=me, kind="coffee", quantity=2)
    profiles.request_help(person_id=me, kind="cv_review", note="I am Zephyrine Quintavalle")
    profiles.consent_to_contact(person_id=me, other_id=bruno)
    profiles.consent_to_contact(person_id=bruno, other_id=me)
    view(profiles, bruno, me)
    profiles.block(person_id=carla, other_id=me)
    profiles.report(person_id=me, other_id=carla, reason="Carla kept writing to Zephyrine.")
    profiles.update_profile(person_id=me, own_words="Zephyrine, nurse.")
    receive_in_inbox(profiles, events.MATCH_ACCEPTED, {
        "match_id": uuid.uuid4(), "kind": "coffee", "request_id": uuid.uuid4(),
        "pledge_id": uuid.uuid4(), "seeker_id": uuid.UUID(me), "donor_id": uuid.UUID(bruno),
        "remote": True})
    return {"id": me, "token": person["token"], "bruno": bruno, "carla": carla}


def test_an_export_holds_everything_about_the_person_and_no_token(profiles, zoe):
    exported = read(profiles, "export_person", person_id=zoe["id"])
    assert exported["service"] == "profiles"
    data = exported["data"]
    assert data["person"]["email"] == ZOE["email"] and data["person"]["phone"] == ZOE["phone"]
    assert "token_hash" not in data["person"]
    assert zoe["token"] not in repr(exported)
    assert (len(data["pledges"]), len(data["help_requests"])) == (1, 1)
    assert len(data["consents"]) == 2 and len(data["reveals"]) == 1
    assert len(data["reports"]) == 1


def test_erasing_leaves_no_name_address_or_phone_anywhere_in_the_database(profiles, zoe):
    assert ZOE["last_name"].lower() in everything_stored(profiles)
    assert profiles.erase_person(person_id=zoe["id"]) == {"done": True}
    stored = everything_stored(profiles)
    for secret in (*ZOE.values(), ZOE["phone"].replace(" ", "")):
        assert secret.lower() not in stored, secret
    assert "zephyrine" not in stored
    # The person's row stays, anonymised, so that their pledges remain countable.
    assert rows(profiles, PEOPLE) == 3 and rows(profiles, PLEDGES) == 1
    with Session(profiles.db.get_bind()) as session:
        row = session.get(profiles_store.Person, uuid.UUID(zoe["id"]))
        for link in (profiles_store.Consent, profiles_store.Block, profiles_store.Report,
                     profiles_store.Reveal):
            assert session.scalars(select(link)).all() == [], link.__name__
    assert row.phone is None and row.postal_code is None and row.latitude is None


def test_erasing_announces_it_and_scrubs_the_messages_naming_the_person(profiles, zoe):
    profiles.erase_person(person_id=zoe["id"])
    assert published(profiles)[-1] == ("person_erased", {"person_id": zoe["id"]})
    # Events naming them that were not relayed yet are dropped; the others' stay.
    assert not any(zoe["id"] in repr(payload) for event, payload in published(profiles)
                   if event != "person_erased")
    assert "person_registered" in published_names(profiles)
    with profiles.db.get_bind().connect() as connection:
        assert connection.execute(select(INBOX.c.payload)).scalars().all() == [SCRUBBED]


def test_an_erased_person_is_not_found_by_anyone_and_their_token_no_longer_works(profiles, zoe):
    profiles.erase_person(person_id=zoe["id"])
    with pytest.raises(NotFound):
        read(profiles, "get_person", person_id=zoe["id"])
    with pytest.raises(NotFound):
        view(profiles, zoe["bruno"], zoe["id"])
    with pytest.raises(NotFound):
        view(profiles, zoe["id"], zoe["bruno"])
    with pytest.raises(NotFound):
        profiles.consent_to_contact(person_id=zoe["bruno"], other_id=zoe["id"])
    with pytest.raises(NotFound):
        profiles.make_pledge(person_id=zoe["id"], kind="coffee", quantity=1)
    with pytest.raises(NotFound):
        profiles.update_profile(person_id=zoe["id"], first_name="Zephyrine")
    with pytest.raises(NotFound):
        read(profiles, "export_person", person_id=zoe["id"])
    with pytest.raises(Forbidden):
        read(profiles, "authenticate", token=zoe["token"])
    with pytest.raises(NotFound):
        profiles.erase_person(person_id=zoe["id"])
    assert published_names(profiles).count("person_erased") == 1


def test_after_an_erasure_the_address_may_register_again_as_someone_new(profiles, zoe):
    profiles.erase_person(person_id=zoe["id"])
    again = register(profiles, **ZOE)
    assert again["id"] != zoe["id"]


# --- matching ---------------------------------------------------------------------------------

@pytest.fixture
def matching(sqlite_session_factory):
    return make_service(MatchingService, matching_package, sqlite_session_factory,
                        config=service_config({}))


def candidate(matching, languages=("fr",), occupation=None, target_occupation=None):
    """A person known to matching's read model; returns their id."""
    person_id = uuid.uuid4()
    deliver(matching, events.PERSON_REGISTERED, snapshot(
        person_id, languages=list(languages), occupation=occupation,
        target_occupation=target_occupation))
    return person_id


def pledge(matching, donor_id, quantity=1, remote=True, valid_until=FAR_FUTURE, kind="coffee"):
    pledge_id = uuid.uuid4()
    deliver(matching, events.PLEDGE_MADE, {
        "pledge_id": pledge_id, "person_id": donor_id, "kind": kind, "quantity": quantity,
        "valid_until": valid_until, "remote": remote, "radius_km": None if remote else 10})
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
    """One seeker asking for a coffee, one donor pledging one in person, 5 km away."""
    seeker = candidate_with(matching, latitude=48.8574, longitude=2.3795)   # Paris 11e
    donor = candidate_with(matching, occupation="M1805", latitude=48.8642, longitude=2.4432)  # Montreuil
    return {"seeker": seeker, "donor": donor, "pledge": pledge(matching, donor, remote=False),
            "request": ask(matching, seeker)}


def proposed_match(matching, market):
    matching.run_round(kind="coffee")
    (proposal,) = proposals(matching)
    return proposal["match_id"]


def test_the_read_model_keeps_one_candidate_per_person_however_often_they_arrive(matching):
    person_id = candidate(matching)
    for contract, languages in ((events.PERSON_REGISTERED, ["fr"]),
                                (events.PROFILE_UPDATED, ["fr", "en"])):
        deliver(matching, contract, snapshot(person_id, languages=languages))
    assert rows(matching, matching_store.Candidate.__table__) == 1
    assert fetch(matching, matching_store.Candidate, person_id).languages == ["fr", "en"]


def test_a_profile_update_changes_what_matching_knows(matching):
    person_id = candidate(matching)
    deliver(matching, events.PROFILE_UPDATED, snapshot(person_id, target_occupation="M1805",
                                                       skills=["SQL"]))
    stored = fetch(matching, matching_store.Candidate, person_id)
    assert (stored.target_occupation, stored.skills) == ("M1805", ["SQL"])


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
    # The donor is told why; a stranger is not even told that the match exists.
    for someone_else, refusal in ((market["donor"], Forbidden), (uuid.uuid4(), NotFound)):
        with pytest.raises(refusal):
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


def match_status(matching, match_id):
    return fetch(matching, matching_store.Match, uuid.UUID(str(match_id))).status


# --- matching: cancelling an accepted match ---------------------------------------------------

def accepted(matching, market):
    match_id = proposed_match(matching, market)
    matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    return match_id


@pytest.mark.parametrize("who", ["seeker", "donor"])
def test_either_person_cancels_an_accepted_match_and_the_unit_goes_back(matching, market, who):
    match_id = accepted(matching, market)
    cancelled = matching.cancel(match_id=match_id, person_id=str(market[who]))
    assert cancelled["status"] == "cancelled"
    assert available(matching, market["pledge"]) == 1
    assert request_status(matching, market["request"]) == "open"
    event, payload = published(matching)[-1]
    assert event == "match_cancelled"
    assert payload == {"match_id": match_id, "kind": "coffee",
                       "request_id": str(market["request"]), "pledge_id": str(market["pledge"]),
                       "seeker_id": str(market["seeker"]), "donor_id": str(market["donor"]),
                       "remote": False, "left": False}


def test_cancelling_twice_is_one_cancellation(matching, market):
    match_id = accepted(matching, market)
    for _ in range(2):
        matching.cancel(match_id=match_id, person_id=str(market["seeker"]))
    assert published_names(matching).count("match_cancelled") == 1
    assert available(matching, market["pledge"]) == 1


def test_only_an_accepted_match_is_cancelled(matching, market):
    match_id = proposed_match(matching, market)
    with pytest.raises(Conflict):
        matching.cancel(match_id=match_id, person_id=str(market["seeker"]))
    matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    with pytest.raises(Conflict):
        matching.cancel(match_id=match_id, person_id=str(market["seeker"]))
    assert "match_cancelled" not in published_names(matching)


def test_a_stranger_cannot_cancel_a_match_and_an_unknown_one_is_not_found(matching, market):
    match_id = accepted(matching, market)
    with pytest.raises(NotFound):
        matching.cancel(match_id=match_id, person_id=str(uuid.uuid4()))
    with pytest.raises(NotFound):
        matching.cancel(match_id=str(uuid.uuid4()), person_id=str(market["seeker"]))
    assert match_status(matching, match_id) == "accepted"


def test_a_cancelled_pair_is_never_proposed_again(matching, market):
    match_id = accepted(matching, market)
    matching.cancel(match_id=match_id, person_id=str(market["donor"]))
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["edges"]) == (1, 1, 0)


# --- matching: blocks -------------------------------------------------------------------------

@pytest.mark.parametrize("blocker", ["seeker", "donor"])
def test_a_block_withdraws_the_proposal_between_them_and_frees_the_unit(matching, market,
                                                                         blocker):
    match_id = proposed_match(matching, market)
    other = "donor" if blocker == "seeker" else "seeker"
    deliver(matching, events.PERSON_BLOCKED, pair_of(market[blocker], market[other]))
    assert match_status(matching, match_id) == "blocked"
    assert available(matching, market["pledge"]) == 1
    assert request_status(matching, market["request"]) == "open"
    with pytest.raises(Conflict):
        matching.accept(match_id=match_id, person_id=str(market["seeker"]))
    assert published_names(matching) == ["match_proposed"]


def test_two_people_one_of_whom_blocked_the_other_are_never_proposed_again(matching, market):
    deliver(matching, events.PERSON_BLOCKED, pair_of(market["donor"], market["seeker"]))
    other_pledge = pledge(matching, candidate(matching))
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["edges"], report["matched"]) == (
        1, 2, 1, 1)
    (proposal,) = proposals(matching)
    assert proposal["pledge_id"] == str(other_pledge)


def test_a_block_leaves_the_matches_of_other_pairs_alone(matching, market):
    match_id = proposed_match(matching, market)
    deliver(matching, events.PERSON_BLOCKED, pair_of(market["seeker"], candidate(matching)))
    assert match_status(matching, match_id) == "proposed"
    assert available(matching, market["pledge"]) == 0


def test_a_block_cancels_an_accepted_match_between_them_and_tells_profiles(matching, market):
    match_id = accepted(matching, market)
    deliver(matching, events.PERSON_BLOCKED, pair_of(market["seeker"], market["donor"]))
    assert match_status(matching, match_id) == "cancelled"
    assert available(matching, market["pledge"]) == 1
    assert [p["match_id"] for p in payloads(matching, "match_cancelled")] == [match_id]
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["offers"], report["edges"]) == (1, 1, 0)


def test_a_block_arriving_twice_is_one_block(matching, market):
    for _ in range(2):
        deliver(matching, events.PERSON_BLOCKED, pair_of(market["seeker"], market["donor"]))
    assert rows(matching, BLOCKS) == 1


# --- matching: closed pledges and requests ----------------------------------------------------

def closed(item_id, person_id, status="withdrawn"):
    return {"id": item_id, "person_id": person_id, "status": status}


def test_a_closed_pledge_is_no_longer_offered(matching, market):
    deliver(matching, events.PLEDGE_CLOSED, closed(market["pledge"], market["donor"]))
    report = matching.run_round(kind="coffee")
    assert (report["offers"], report["matched"]) == (0, 0)


def test_a_closed_request_is_no_longer_matched(matching, market):
    deliver(matching, events.REQUEST_CLOSED, closed(market["request"], market["seeker"]))
    assert request_status(matching, market["request"]) == "closed"
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["matched"]) == (0, 0)


def test_a_unit_freed_after_its_pledge_was_withdrawn_is_not_offered_again(matching, market):
    match_id = proposed_match(matching, market)
    deliver(matching, events.PLEDGE_CLOSED, closed(market["pledge"], market["donor"]))
    matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    ask(matching, candidate(matching))
    report = matching.run_round(kind="coffee")
    assert (report["offers"], report["matched"]) == (0, 0)


def test_a_request_withdrawn_while_proposed_does_not_come_back(matching, market):
    match_id = proposed_match(matching, market)
    deliver(matching, events.REQUEST_CLOSED, closed(market["request"], market["seeker"]))
    assert match_status(matching, match_id) == "cancelled"  # the waiting proposal went with it
    with pytest.raises(Conflict):
        matching.decline(match_id=match_id, person_id=str(market["seeker"]))
    assert available(matching, market["pledge"]) == 1  # the donor's unit is offered again
    pledge(matching, candidate(matching))
    report = matching.run_round(kind="coffee")
    assert (report["requests"], report["matched"]) == (0, 0)
    assert request_status(matching, market["request"]) == "closed"


# --- matching: erasure ------------------------------------------------------------------------

def test_erasing_a_seeker_forgets_them_and_gives_the_proposed_unit_back(matching, market):
    match_id = proposed_match(matching, market)
    about_them = receive_in_inbox(matching, events.PERSON_REGISTERED, snapshot(
        market["seeker"], first_name="Zephyrine", last_name="Quintavalle"))
    deliver(matching, events.PERSON_ERASED, {"person_id": market["seeker"]})

    assert match_status(matching, match_id) == "cancelled"
    assert available(matching, market["pledge"]) == 1
    assert rows(matching, matching_store.Request.__table__) == 0
    assert fetch(matching, matching_store.Candidate, market["seeker"]) is None
    assert erased_ids(matching) == {str(market["seeker"])}
    assert inbox_payload(matching, about_them) == SCRUBBED
    assert "quintavalle" not in everything_stored(matching)
    assert not any(str(market["seeker"]) in repr(p) for p in published(matching))


@pytest.mark.parametrize("who", ["seeker", "donor"])
def test_erasing_a_party_to_an_accepted_match_tells_profiles_it_is_cancelled(matching, market,
                                                                            who):
    match_id = accepted(matching, market)
    deliver(matching, events.PERSON_ERASED, {"person_id": market[who]})
    assert match_status(matching, match_id) == "cancelled"
    assert [p["match_id"] for p in payloads(matching, "match_cancelled")] == [match_id]


def test_erasing_a_donor_forgets_their_offers_and_sends_the_request_back_in_line(matching,
                                                                                  market):
    match_id = proposed_match(matching, market)
    deliver(matching, events.PERSON_ERASED, {"person_id": market["donor"]})
    assert match_status(matching, match_id) == "cancelled"
    assert fetch(matching, matching_store.Offer, market["pledge"]) is None
    assert fetch(matching, matching_store.Candidate, market["donor"]) is None
    assert request_status(matching, market["request"]) == "open"
    other_pledge = pledge(matching, candidate(matching))
    matching.run_round(kind="coffee")
    assert proposals(matching)[-1]["pledge_id"] == str(other_pledge)


def test_events_about_an_erased_person_arriving_later_are_ignored(matching):
    person_id = candidate(matching)
    deliver(matching, events.PERSON_ERASED, {"person_id": person_id})
    deliver(matching, events.PROFILE_UPDATED, snapshot(person_id))
    deliver(matching, events.PERSON_REGISTERED, snapshot(person_id))
    pledge(matching, person_id)
    ask(matching, person_id)
    for model in (matching_store.Candidate, matching_store.Offer, matching_store.Request):
        assert rows(matching, model.__table__) == 0, model.__name__
    deliver(matching, events.PERSON_ERASED, {"person_id": person_id})  # again: nothing new
    assert erased_ids(matching) == {str(person_id)}


def test_a_matching_export_holds_the_persons_rows(matching, market):
    match_id = proposed_match(matching, market)
    exported = read(matching, "export_person", person_id=str(market["seeker"]))
    assert exported["service"] == "matching"
    data = exported["data"]
    assert data["candidate"]["person_id"] == str(market["seeker"])
    assert [r["request_id"] for r in data["requests"]] == [str(market["request"])]
    assert data["offers"] == []
    assert [m["match_id"] for m in data["matches"]] == [match_id]


# --- scheduling -------------------------------------------------------------------------------

@pytest.fixture
def scheduling(sqlite_session_factory):
    return make_service(SchedulingService, scheduling_package, sqlite_session_factory,
                        config=service_config({}))


ALWAYS = {day: [{"start": "08:00", "end": "20:00"}]
          for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def attendee(scheduling, **changes):
    person_id = uuid.uuid4()
    deliver(scheduling, events.PERSON_REGISTERED, snapshot(person_id, availability=ALWAYS,
                                                           **changes))
    return person_id


def coffee_accepted(seeker, donor):
    return {"match_id": uuid.uuid4(), "kind": "coffee", "request_id": uuid.uuid4(),
            "pledge_id": uuid.uuid4(), "seeker_id": seeker, "donor_id": donor, "remote": True}


def meetings(scheduling):
    with Session(scheduling.db.get_bind()) as session:
        return session.scalars(select(scheduling_store.Meeting)).all()


def test_scheduling_keeps_how_others_see_a_person_and_never_their_address(scheduling):
    person_id = attendee(scheduling, first_name="Claire", last_name="Martin",
                         email="claire.martin@example.org", phone="+33 6 12 34 56 78")
    assert fetch(scheduling, scheduling_store.Attendee, person_id).display_name == "Claire M."
    stored = everything_stored(scheduling)
    for secret in ("martin", "claire.martin@example.org", "+33 6 12 34 56 78"):
        assert secret not in stored


def test_a_block_cancels_the_meetings_between_the_two(scheduling):
    seeker, donor, third = (attendee(scheduling) for _ in range(3))
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, donor))
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, third))
    deliver(scheduling, events.PERSON_BLOCKED, pair_of(donor, seeker))
    statuses = {m.other_id: m.status for m in meetings(scheduling)}
    # The other meeting still waits for its slots (a timer proposes them).
    assert statuses == {donor: "cancelled", third: "awaiting_slots"}


def test_a_match_accepted_after_a_block_is_never_scheduled(scheduling):
    seeker, donor = attendee(scheduling), attendee(scheduling)
    deliver(scheduling, events.PERSON_BLOCKED, pair_of(seeker, donor))
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, donor))
    assert meetings(scheduling) == []
    assert published(scheduling) == []


def test_erasing_forgets_the_attendee_cancels_their_meetings_and_ignores_later_news(scheduling):
    seeker, donor = attendee(scheduling), attendee(scheduling, first_name="Zephyrine",
                                                   last_name="Quintavalle")
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, donor))
    deliver(scheduling, events.PERSON_ERASED, {"person_id": donor})
    assert fetch(scheduling, scheduling_store.Attendee, donor) is None
    assert [m.status for m in meetings(scheduling)] == ["cancelled"]
    assert erased_ids(scheduling) == {str(donor)}
    assert not any(str(donor) in repr(p) for p in published(scheduling))
    deliver(scheduling, events.PROFILE_UPDATED, snapshot(donor, availability=ALWAYS))
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, donor))
    assert fetch(scheduling, scheduling_store.Attendee, donor) is None
    assert len(meetings(scheduling)) == 1
    assert "zephyrine" not in everything_stored(scheduling)


def test_erasing_tells_the_partner_of_each_open_meeting_naming_them_alone(scheduling):
    seeker, donor = attendee(scheduling), attendee(scheduling)
    match = coffee_accepted(seeker, donor)
    deliver(scheduling, events.MATCH_ACCEPTED, match)
    deliver(scheduling, events.PERSON_ERASED, {"person_id": donor})
    (cancelled,) = payloads(scheduling, "meeting_cancelled")
    assert cancelled["attendee_ids"] == [str(seeker)]
    assert (cancelled["reason"], cancelled["cancelled_by"]) == ("erased", None)
    assert cancelled["match_id"] == str(match["match_id"])


def test_erasing_blanks_what_the_person_wrote_about_their_meetings(scheduling):
    seeker, donor = attendee(scheduling), attendee(scheduling)
    deliver(scheduling, events.MATCH_ACCEPTED, coffee_accepted(seeker, donor))
    (meeting,) = meetings(scheduling)
    with Session(scheduling.db.get_bind()) as session, session.begin():
        session.add(scheduling_store.Outcome(
            meeting_id=meeting.meeting_id, person_id=donor, outcome="met", rating=5,
            comment="Signed Zephyrine, who lives next to the station", answered_at=LONG_AGO))
    deliver(scheduling, events.PERSON_ERASED, {"person_id": donor})
    outcome = fetch(scheduling, scheduling_store.Outcome, (meeting.meeting_id, donor))
    # The rating still counts in the figures; the sentence was theirs, and goes.
    assert (outcome.rating, outcome.comment) == (5, "")


@pytest.mark.parametrize("left, status", [(False, "cancelled"), (True, "awaiting_slots")])
def test_a_match_cancelled_by_an_erasure_leaves_the_meeting_to_the_erasure(scheduling, left,
                                                                          status):
    seeker, donor = attendee(scheduling), attendee(scheduling)
    match = coffee_accepted(seeker, donor)
    deliver(scheduling, events.MATCH_ACCEPTED, match)
    # Sent by matching when one of the two left: it names both, so scheduling must not turn it
    # into a cancellation naming them; its own person_erased does, naming the partner alone.
    deliver(scheduling, events.MATCH_CANCELLED, {**match, "left": left})
    assert [m.status for m in meetings(scheduling)] == [status]


# --- notifications ----------------------------------------------------------------------------

@pytest.fixture
def notifications(sqlite_session_factory):
    return make_service(NotificationsService, notifications_package, sqlite_session_factory,
                        config=service_config({}))


def contact(notifications, first_name, last_name, **changes):
    person_id = uuid.uuid4()
    deliver(notifications, events.PERSON_REGISTERED, snapshot(
        person_id, first_name=first_name, last_name=last_name,
        email=f"{first_name.lower()}@example.org", locale="en", **changes))
    return person_id


@pytest.fixture
def couple(notifications):
    """Ada, a seeker, and Bruno, a donor, both known to notifications (and welcomed)."""
    return contact(notifications, "Ada", "Lovelace"), contact(notifications, "Bruno", "Emile")


def proposal(seeker, donor):
    return {"match_id": uuid.uuid4(), "round_id": uuid.uuid4(), "kind": "coffee",
            "request_id": uuid.uuid4(), "pledge_id": uuid.uuid4(), "seeker_id": seeker,
            "donor_id": donor, "affinity": 4.0,
            "reasons": [{"code": "languages", "params": {"languages": ["fr"]}}]}


def acceptance(seeker, donor):
    return {"match_id": uuid.uuid4(), "kind": "coffee", "request_id": uuid.uuid4(),
            "pledge_id": uuid.uuid4(), "seeker_id": seeker, "donor_id": donor, "remote": True}


def notes(notifications, person_id=None):
    with Session(notifications.db.get_bind()) as session:
        query = select(notifications_store.Notification)
        if person_id is not None:
            query = query.where(notifications_store.Notification.person_id == person_id)
        return session.scalars(query.order_by(notifications_store.Notification.created_at)).all()


def emails(notifications):
    with Session(notifications.db.get_bind()) as session:
        return session.scalars(select(notifications_store.EmailDelivery)).all()


def events_told(notifications, person_id):
    return [n.event for n in notes(notifications, person_id)]


def test_a_proposal_names_each_side_to_the_other_by_first_name_and_initial(notifications, couple):
    ada, bruno = couple
    deliver(notifications, events.MATCH_PROPOSED, proposal(ada, bruno))
    (to_ada,) = [n for n in notes(notifications, ada) if n.event == "match_proposed"]
    (to_bruno,) = [n for n in notes(notifications, bruno) if n.event == "match_proposed"]
    assert "Bruno E." in to_ada.subject and "Emile" not in to_ada.subject + to_ada.body
    assert "Ada L." in to_bruno.body and "Lovelace" not in to_bruno.subject + to_bruno.body
    # Both are emailed (the donor too, as their preferences say), each naming only the other's
    # first name and initial.
    to_ada, to_bruno = sorted(emails(notifications), key=lambda e: e.to_address)
    assert to_ada.to_address == "Ada Lovelace <ada@example.org>"
    assert to_bruno.to_address.startswith("Bruno ")
    assert "bruno@example.org" not in to_ada.body and "Emile" not in to_ada.body
    assert "ada@example.org" not in to_bruno.body and "Lovelace" not in to_bruno.body


def test_a_mutual_consent_tells_both_in_the_inbox_without_email(notifications, couple):
    ada, bruno = couple
    deliver(notifications, events.CONTACT_REVEALED, pair_of(bruno, ada))
    assert events_told(notifications, ada)[-1] == "contact_revealed"
    assert events_told(notifications, bruno)[-1] == "contact_revealed"
    assert emails(notifications) == []
    inbox = read(notifications, "inbox", person_id=str(ada))
    assert "Bruno E." in inbox[0]["subject"]


def test_a_block_drops_the_unsent_emails_about_the_two_and_every_later_message(notifications,
                                                                               couple):
    ada, bruno = couple
    carla = contact(notifications, "Carla", "Conti")
    deliver(notifications, events.MATCH_PROPOSED, proposal(ada, bruno))
    deliver(notifications, events.MATCH_PROPOSED, proposal(ada, carla))
    assert len(emails(notifications)) == 4   # each proposal to the seeker and to the donor
    deliver(notifications, events.PERSON_BLOCKED, pair_of(bruno, ada))

    left = emails(notifications)   # Ada's with Carla, to each of them
    assert sorted(e.person_id for e in left) == sorted([ada, carla])
    assert all("Bruno" not in e.subject for e in left)
    before = len(notes(notifications))
    for contract, payload in ((events.MATCH_ACCEPTED, acceptance(ada, bruno)),
                              (events.MATCH_PROPOSED, proposal(bruno, ada)),
                              (events.CONTACT_REVEALED, pair_of(ada, bruno))):
        deliver(notifications, contract, payload)
    assert len(notes(notifications)) == before
    assert len(emails(notifications)) == 2
    deliver(notifications, events.MATCH_ACCEPTED, acceptance(ada, carla))
    assert len(notes(notifications)) == before + 2


def test_erasing_forgets_the_contact_their_inbox_and_emails(notifications, couple):
    ada, bruno = couple
    zoe = contact(notifications, "Zephyrine", "Quintavalle")
    deliver(notifications, events.MATCH_PROPOSED, proposal(zoe, bruno))
    about_zoe = receive_in_inbox(notifications, events.PROFILE_UPDATED, snapshot(
        zoe, first_name="Zephyrine", last_name="Quintavalle"))
    deliver(notifications, events.PERSON_ERASED, {"person_id": zoe})

    assert fetch(notifications, notifications_store.Contact, zoe) is None
    assert notes(notifications, zoe) == []
    assert [e for e in emails(notifications) if e.person_id == zoe] == []
    assert inbox_payload(notifications, about_zoe) == SCRUBBED
    assert erased_ids(notifications) == {str(zoe)}
    stored = everything_stored(notifications)
    assert "quintavalle" not in stored and "zephyrine@example.org" not in stored
    assert "zephyrine" not in stored


def test_after_an_erasure_others_messages_keep_what_happened_without_the_name(notifications,
                                                                             couple):
    ada, bruno = couple
    zoe = contact(notifications, "Zephyrine", "Quintavalle")
    deliver(notifications, events.MATCH_PROPOSED, proposal(ada, zoe))
    deliver(notifications, events.MEETING_CONFIRMED, {
        "meeting_id": uuid.uuid4(), "match_id": uuid.uuid4(), "kind": "coffee",
        "attendee_ids": [ada, zoe], "start": LONG_AGO, "end": LONG_AGO + timedelta(minutes=30),
        "location": "Video call", "invite": "BEGIN:VCALENDAR\r\nSUMMARY:Ada L. & Zephyrine Q.",
        "sequence": 0})
    deliver(notifications, events.PERSON_ERASED, {"person_id": zoe})
    told = [n for n in notes(notifications, ada) if n.event != "person_registered"]
    assert [n.event for n in told] and all("Zephyrine" not in n.subject + n.body for n in told)
    assert all("a former member" in n.subject + n.body for n in told)
    for email in emails(notifications):
        assert email.person_id == ada
        assert "Zephyrine" not in email.subject + email.body
        assert email.attachment is None


def test_messages_about_an_erased_person_are_dropped_and_they_do_not_come_back(notifications,
                                                                               couple):
    ada, bruno = couple
    deliver(notifications, events.PERSON_ERASED, {"person_id": ada})
    before = len(notes(notifications))
    deliver(notifications, events.MATCH_PROPOSED, proposal(ada, bruno))
    deliver(notifications, events.MEETING_CONFIRMED, {
        "meeting_id": uuid.uuid4(), "match_id": uuid.uuid4(), "kind": "coffee",
        "attendee_ids": [bruno, ada], "start": LONG_AGO, "end": LONG_AGO + timedelta(minutes=30),
        "location": "Video call", "invite": "BEGIN:VCALENDAR", "sequence": 0})
    deliver(notifications, events.PERSON_REGISTERED, snapshot(ada, first_name="Ada"))
    deliver(notifications, events.PROFILE_UPDATED, snapshot(ada, first_name="Ada"))
    assert len(notes(notifications)) == before
    assert fetch(notifications, notifications_store.Contact, ada) is None
    assert emails(notifications) == []


# --- matching: proposals that lapse, rounds that run on their own -----------------------------

def at(monkeypatch, moment):
    monkeypatch.setattr("services.matching.service.utcnow", lambda: moment)


def test_an_unanswered_proposal_lapses_frees_the_unit_and_is_not_proposed_again(matching, market,
                                                                               monkeypatch):
    start = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    matching.config = {"PROPOSAL_EXPIRY_HOURS": 72}
    at(monkeypatch, start)
    match_id = proposed_match(matching, market)
    at(monkeypatch, start + timedelta(hours=71))
    matching.expire_proposals()
    assert match_status(matching, match_id) == "proposed"
    at(monkeypatch, start + timedelta(hours=73))
    matching.expire_proposals()
    assert match_status(matching, match_id) == "expired"
    assert available(matching, market["pledge"]) == 1
    assert request_status(matching, market["request"]) == "open"
    assert matching.run_round(kind="coffee")["matched"] == 0  # not the same pair again


def test_rounds_run_on_their_own_once_per_interval(matching, market, monkeypatch):
    start = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    matching.config = {"ROUND_EVERY_MINUTES": 60}
    at(monkeypatch, start)
    matching.run_due_rounds()
    assert len(proposals(matching)) == 1
    reports = lambda: rows(matching, matching_store.Round.__table__)  # noqa: E731
    first = reports()
    at(monkeypatch, start + timedelta(minutes=30))
    matching.run_due_rounds()
    assert reports() == first  # not yet due
    at(monkeypatch, start + timedelta(minutes=61))
    matching.run_due_rounds()
    assert reports() == 2 * first
    matching.config = {"ROUND_EVERY_MINUTES": 0}
    at(monkeypatch, start + timedelta(days=1))
    matching.run_due_rounds()
    assert reports() == 2 * first  # switched off


# --- matching: the sponsor's feed and swipes ------------------------------------------------

def sponsor_in(matching, capacity=1):
    return candidate_with(matching, roles=["sponsor"],
                          sponsor={"capacity": capacity, "occupations": [], "radius_km": 20})


def candidate_with(matching, **changes):
    person_id = uuid.uuid4()
    deliver(matching, events.PERSON_REGISTERED, snapshot(person_id, **changes))
    return person_id


def feed_ids(matching, sponsor_id, **paging):
    return [card["id"] for card in read(matching, "feed", sponsor_id=str(sponsor_id), **paging)["cards"]]


def test_only_sponsors_have_a_feed(matching):
    with pytest.raises(Forbidden):
        matching.feed(sponsor_id=str(candidate(matching)))


def test_the_feed_pages_through_seekers_and_leaves_out_swiped_blocked_and_sponsored_ones(matching):
    sponsor_id = sponsor_in(matching, capacity=3)
    seekers = [candidate(matching) for _ in range(5)]
    everyone = feed_ids(matching, sponsor_id, page_size=50)
    assert sorted(everyone) == sorted(str(s) for s in seekers)
    assert feed_ids(matching, sponsor_id, page=0, page_size=2) + \
        feed_ids(matching, sponsor_id, page=1, page_size=2) + \
        feed_ids(matching, sponsor_id, page=2, page_size=2) == everyone

    passed, blocked, sponsored_elsewhere = seekers[:3]
    matching.swipe(person_id=str(sponsor_id), other_id=str(passed), decision="pass")
    deliver(matching, events.PERSON_BLOCKED, pair_of(blocked, sponsor_id))
    other_sponsor = sponsor_in(matching)
    deliver(matching, events.PROFILE_UPDATED, snapshot(sponsored_elsewhere, accepts_sponsors=True))
    matching.swipe(person_id=str(other_sponsor), other_id=str(sponsored_elsewhere), decision="like")
    assert sorted(feed_ids(matching, sponsor_id, page_size=50)) == sorted(str(s) for s in seekers[3:])


def test_a_like_on_a_seeker_who_accepts_sponsors_starts_the_sponsorship_once(matching):
    sponsor_id = sponsor_in(matching)
    seeker_id = candidate_with(matching, accepts_sponsors=True)
    for _ in range(2):
        matching.swipe(person_id=str(sponsor_id), other_id=str(seeker_id), decision="like")
    started = payloads(matching, "sponsorship_started")
    assert [(p["sponsor_id"], p["seeker_id"]) for p in started] == [(str(sponsor_id), str(seeker_id))]


def test_otherwise_the_seeker_likes_the_sponsor_back_first(matching):
    sponsor_id, seeker_id = sponsor_in(matching), candidate(matching)
    assert matching.swipe(person_id=str(sponsor_id), other_id=str(seeker_id),
                          decision="like")["sponsorship"] is None
    assert payloads(matching, "sponsorship_started") == []
    assert matching.swipe(person_id=str(seeker_id), other_id=str(sponsor_id),
                          decision="like")["sponsorship"]["sponsor_id"] == str(sponsor_id)


def test_an_export_holds_ones_swipes_sponsorships_and_interests_but_not_others_decisions(matching):
    sponsor_id, seeker_id, other = sponsor_in(matching, capacity=2), candidate(matching), candidate(matching)
    matching.swipe(person_id=str(sponsor_id), other_id=str(seeker_id), decision="like")
    matching.swipe(person_id=str(sponsor_id), other_id=str(other), decision="pass")
    matching.swipe(person_id=str(seeker_id), other_id=str(sponsor_id), decision="like")

    sponsor = read(matching, "export_person", person_id=str(sponsor_id))["data"]
    assert sorted((s["other_id"], s["decision"]) for s in sponsor["swipes"]) == sorted(
        [(str(seeker_id), "like"), (str(other), "pass")])
    assert [(s["sponsor_id"], s["seeker_id"]) for s in sponsor["sponsorships"]] == [
        (str(sponsor_id), str(seeker_id))]
    assert [i["seeker_id"] for i in sponsor["interests_told"]] == [str(seeker_id)]
    seeker = read(matching, "export_person", person_id=str(seeker_id))["data"]
    assert [s["other_id"] for s in seeker["swipes"]] == [str(sponsor_id)]
    assert len(seeker["sponsorships"]) == len(seeker["interests_told"]) == 1
    # The sponsor's pass is the sponsor's: the person passed over does not get it.
    assert read(matching, "export_person", person_id=str(other))["data"]["swipes"] == []


def test_a_sponsor_takes_no_more_people_than_they_said(matching):
    sponsor_id = sponsor_in(matching, capacity=1)
    first, second = (candidate_with(matching, accepts_sponsors=True) for _ in range(2))
    matching.swipe(person_id=str(sponsor_id), other_id=str(first), decision="like")
    with pytest.raises(Conflict):
        matching.swipe(person_id=str(sponsor_id), other_id=str(second), decision="like")
    assert len(payloads(matching, "sponsorship_started")) == 1


def test_swipes_are_between_a_sponsor_and_a_seeker(matching):
    with pytest.raises(InvalidInput) as refused:
        matching.swipe(person_id=str(candidate(matching)), other_id=str(candidate(matching)),
                       decision="like")
    assert "other_id" in refused.value.fields


def test_a_round_report_shows_what_optimising_gained_over_the_baselines(matching):
    # The early seeker's favourite donor is the only one the late seeker can talk to. First come
    # first served gives the favourite away and leaves the late seeker out; the round does not.
    favourite = candidate(matching, languages=("fr", "en"), occupation="M1805")
    other = candidate(matching, languages=("fr",))
    early = candidate(matching, languages=("fr",), target_occupation="M1805")
    late = candidate(matching, languages=("en",))
    pledge(matching, favourite)
    pledge(matching, other)
    for seeker_id, waited in ((early, timedelta(days=2)), (late, timedelta(days=1))):
        deliver(matching, events.HELP_REQUESTED, {
            "request_id": uuid.uuid4(), "person_id": seeker_id, "kind": "coffee", "note": "",
            "requested_at": datetime.now(timezone.utc) - waited})
    report = matching.run_round(kind="coffee")
    # A stable matching keeps the favourite with the seeker it suits best, too.
    assert (report["matched"], report["greedy_matched"], report["stable_matched"]) == (2, 1, 1)
    # Greedy's one pair is the heaviest there is; the round traded it for one more person helped.
    assert report["greedy_total"] > report["total_affinity"] / 2
    assert report["mean_affinity"] == pytest.approx(report["total_affinity"] / 2)


# --- matching: explanations in the reader's language, swipes in rounds, sponsorship rounds ---------

def test_a_match_is_explained_to_each_person_in_their_own_language(matching, market):
    deliver(matching, events.PROFILE_UPDATED, snapshot(
        market["donor"], locale="en", occupation="M1805", latitude=48.8642, longitude=2.4432))
    match_id = proposed_match(matching, market)
    (proposal,) = proposals(matching)
    assert {"code": "languages", "params": {"languages": ["fr"]}} in proposal["reasons"]
    to_seeker = read(matching, "explain", match_id=match_id, person_id=str(market["seeker"]))
    to_donor = read(matching, "explain", match_id=match_id, person_id=str(market["donor"]))
    assert "vous parlez tous deux français" in to_seeker["reasons"]
    assert "you both speak French" in to_donor["reasons"]
    assert to_seeker["reason_data"] == to_donor["reason_data"] == proposal["reasons"]
    (mine,) = read(matching, "matches_of", person_id=str(market["seeker"]))
    assert mine["reasons"] == to_seeker["reasons"]


def test_a_round_never_pairs_two_people_one_of_whom_passed_on_the_other(matching, market):
    matching.config = {}
    deliver(matching, events.PROFILE_UPDATED, snapshot(market["seeker"], roles=["job_seeker"],
                                                       latitude=48.8574, longitude=2.3795))
    deliver(matching, events.PROFILE_UPDATED, snapshot(
        market["donor"], roles=["time_donor", "sponsor"], occupation="M1805",
        latitude=48.8642, longitude=2.4432,
        sponsor={"capacity": 1, "occupations": [], "radius_km": 20}))
    matching.swipe(person_id=str(market["donor"]), other_id=str(market["seeker"]), decision="pass")
    assert matching.run_round(kind="coffee")["edges"] == 0


def asks_for_a_sponsor(matching, **changes):
    seeker_id = candidate_with(matching, languages=["fr"], target_occupation="M1805",
                               latitude=48.8642, longitude=2.4432, **changes)   # Montreuil
    return seeker_id, ask(matching, seeker_id, kind="sponsorship")


def sponsor_nearby(matching, capacity=1):
    return candidate_with(matching, roles=["sponsor"], languages=["fr"], latitude=48.8574,
                          longitude=2.3795,  # Paris 11e
                          sponsor={"capacity": capacity, "occupations": ["M1805"], "radius_km": 15})


def test_a_sponsorship_round_proposes_a_sponsor_and_accepting_starts_the_sponsorship(matching):
    matching.config = {}
    sponsor_id = sponsor_nearby(matching)
    seeker_id, request_id = asks_for_a_sponsor(matching)
    report = matching.run_round(kind="sponsorship")
    assert (report["offers"], report["edges"], report["matched"]) == (1, 1, 1)
    (proposal,) = proposals(matching)
    assert (proposal["kind"], proposal["donor_id"]) == ("sponsorship", str(sponsor_id))
    assert "wanted_occupation" in [r["code"] for r in proposal["reasons"]]

    matching.accept(match_id=proposal["match_id"], person_id=str(seeker_id))
    assert request_status(matching, request_id) == "accepted"
    (started,) = payloads(matching, "sponsorship_started")
    assert (started["sponsor_id"], started["seeker_id"]) == (str(sponsor_id), str(seeker_id))
    assert payloads(matching, "match_accepted")[0]["kind"] == "sponsorship"
    assert [s["seeker_id"] for s in read(matching, "sponsorships_of",
                                         person_id=str(sponsor_id))] == [str(seeker_id)]
    # The one place is taken: nobody else is proposed to this sponsor.
    asks_for_a_sponsor(matching)
    assert matching.run_round(kind="sponsorship")["matched"] == 0


def test_a_sponsorship_round_leaves_out_the_already_sponsored_and_full_sponsors(matching):
    matching.config = {}
    busy = sponsor_nearby(matching, capacity=1)
    adopted, _ = asks_for_a_sponsor(matching, accepts_sponsors=True)
    matching.swipe(person_id=str(busy), other_id=str(adopted), decision="like")  # sponsored now
    report = matching.run_round(kind="sponsorship")
    assert (report["requests"], report["offers"], report["matched"]) == (0, 0, 0)


def test_a_like_makes_the_liked_sponsor_the_one_proposed(matching):
    matching.config = {}
    plain, liked = sponsor_nearby(matching), sponsor_nearby(matching)
    seeker_id, _ = asks_for_a_sponsor(matching)
    matching.swipe(person_id=str(seeker_id), other_id=str(liked), decision="like")
    matching.run_round(kind="sponsorship")
    (proposal,) = proposals(matching)
    assert proposal["donor_id"] == str(liked)
    assert "liked" in [r["code"] for r in proposal["reasons"]]
    assert plain != liked


def test_cancelling_an_accepted_sponsorship_ends_it_and_frees_the_place(matching):
    matching.config = {}
    sponsor_nearby(matching)
    seeker_id, _ = asks_for_a_sponsor(matching)
    matching.run_round(kind="sponsorship")
    (proposal,) = proposals(matching)
    matching.accept(match_id=proposal["match_id"], person_id=str(seeker_id))
    matching.cancel(match_id=proposal["match_id"], person_id=str(seeker_id))
    assert read(matching, "sponsorships_of", person_id=str(seeker_id)) == []
    asks_for_a_sponsor(matching)
    assert matching.run_round(kind="sponsorship")["matched"] == 1  # the other seeker, not this pair


# --- contact reveals and sponsors who keep ending sponsorships (services/matching/reveals.py) ---

def sponsor_then_blocked(matching, sponsor_id, blocker):
    """The sponsor likes a seeker who accepts sponsors (sponsored at once), then `blocker`
    ("sponsor" or "seeker") blocks the other."""
    seeker_id = asks_for_a_sponsor(matching, accepts_sponsors=True)[0]
    assert matching.swipe(person_id=str(sponsor_id), other_id=str(seeker_id),
                          decision="like")["sponsorship"]
    pair = (sponsor_id, seeker_id) if blocker == "sponsor" else (seeker_id, sponsor_id)
    deliver(matching, events.PERSON_BLOCKED, {"person_id": pair[0], "other_id": pair[1]})
    return seeker_id


def test_a_sponsor_who_keeps_blocking_seekers_waits_and_rounds_leave_them_out(matching):
    matching.config = {}
    sponsor_id = sponsor_nearby(matching)
    for _ in range(3):
        sponsor_then_blocked(matching, sponsor_id, blocker="sponsor")
    seeker_id, _ = asks_for_a_sponsor(matching, accepts_sponsors=True)
    with pytest.raises(LimitReached):
        matching.swipe(person_id=str(sponsor_id), other_id=str(seeker_id), decision="like")
    assert matching.run_round(kind="sponsorship")["matched"] == 0
    (shown,) = read(matching, "sponsors_ending_often", page=1, page_size=10)["items"]
    assert (shown["sponsor_id"], shown["endings"]) == (str(sponsor_id), 3)


def test_seekers_who_block_the_sponsor_do_not_slow_them(matching):
    matching.config = {}
    sponsor_id = sponsor_nearby(matching)
    for _ in range(3):
        sponsor_then_blocked(matching, sponsor_id, blocker="seeker")
    sponsor_then_blocked(matching, sponsor_id, blocker="seeker")
    assert read(matching, "sponsors_ending_often", page=1, page_size=10)["items"] == []


def test_a_seeker_liking_back_a_sponsor_who_waits_is_told_only_that_it_is_not_possible(matching):
    matching.config = {}
    sponsor_id = sponsor_nearby(matching)
    for _ in range(3):
        sponsor_then_blocked(matching, sponsor_id, blocker="sponsor")
    shy, _ = asks_for_a_sponsor(matching)
    matching.swipe(person_id=str(sponsor_id), other_id=str(shy), decision="like")
    with pytest.raises(Conflict) as refused:
        matching.swipe(person_id=str(shy), other_id=str(sponsor_id), decision="like")
    assert "ended" not in str(refused.value)


def test_a_reveal_counts_against_whoever_made_the_last_yes(matching):
    matching.config = {"REVEALS_PER_DAY": 1}
    sponsor_id = sponsor_nearby(matching, capacity=3)
    shy, _ = asks_for_a_sponsor(matching)
    matching.swipe(person_id=str(sponsor_id), other_id=str(shy), decision="like")
    matching.swipe(person_id=str(shy), other_id=str(sponsor_id), decision="like")  # the shy one's
    keen, _ = asks_for_a_sponsor(matching, accepts_sponsors=True)
    matching.swipe(person_id=str(sponsor_id), other_id=str(keen), decision="like")  # the sponsor's
    other, _ = asks_for_a_sponsor(matching, accepts_sponsors=True)
    with pytest.raises(LimitReached):
        matching.swipe(person_id=str(sponsor_id), other_id=str(other), decision="like")
    with pytest.raises(LimitReached):
        matching.take_reveal(person_id=str(shy), other_id=str(uuid.uuid4()))
    assert len(payloads(matching, "sponsorship_started")) == 2
    mine = read(matching, "export_person", person_id=str(sponsor_id))["data"]["contact_reveals"]
    assert [(r["other_id"], r["how"]) for r in mine] == [(str(keen), "sponsorship")]


def test_who_ended_a_sponsorship_is_in_their_own_export_only(matching):
    matching.config = {}
    sponsor_id = sponsor_nearby(matching)
    seeker_id = sponsor_then_blocked(matching, sponsor_id, blocker="sponsor")
    (theirs,) = read(matching, "export_person", person_id=str(seeker_id))["data"]["sponsorships"]
    assert theirs["status"] == "ended" and theirs["ended_by"] is None
    (mine,) = read(matching, "export_person", person_id=str(sponsor_id))["data"]["sponsorships"]
    assert mine["ended_by"] == str(sponsor_id)


def test_a_proposal_says_until_when_the_seeker_may_answer_before_it_lapses(matching, market):
    before = datetime.now(timezone.utc)
    matching.run_round(kind="coffee")
    (proposal,) = proposals(matching)
    expires_at = proposal["expires_at"]
    if isinstance(expires_at, str):
        expires_at = datetime.fromisoformat(expires_at)
    hours = matching.config.get("PROPOSAL_EXPIRY_HOURS", 72)
    assert before + timedelta(hours=hours) <= expires_at <= datetime.now(timezone.utc) + \
        timedelta(hours=hours)
