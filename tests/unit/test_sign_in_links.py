"""Signing in without a password: the pure rules (expiry, single use), then profiles and
notifications through nameko's worker_factory on a migrated SQLite database, on a clock the test
moves (the services read the time through `utcnow`, patched here)."""
import re
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select
from sqlalchemy.orm import Session

import services.notifications as notifications_package
import services.profiles as profiles_package
from services.notifications import store as notifications_store, webhooks
from services.notifications.domain import Contact, messages_for
from services.notifications.links import Links
from services.notifications.service import NotificationsService
from services.profiles import sign_in, store as profiles_store
from services.profiles.domain import RuleBroken
from services.profiles.service import ProfilesService
from shared.contracts import events
from shared.errors import Forbidden, InvalidInput
from shared.messaging.outbox import append
from shared.messaging.tables import OUTBOX
from support import count

NOON = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
ADA = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
       "roles": ["job_seeker"], "locale": "fr"}


# --- the rules --------------------------------------------------------------------------------

def test_a_link_works_for_15_minutes_and_a_session_for_30_days():
    assert sign_in.link_expiry(NOON) == NOON + timedelta(minutes=15)
    assert sign_in.session_expiry(NOON) == NOON + timedelta(days=30)


def test_a_fresh_link_is_redeemable_until_the_last_instant_before_it_expires():
    expires = sign_in.link_expiry(NOON)
    sign_in.check_redeemable(None, expires, NOON)
    sign_in.check_redeemable(None, expires, expires - timedelta(microseconds=1))


@pytest.mark.parametrize("used_at, now, message", [
    (None, NOON + timedelta(minutes=15), sign_in.EXPIRED),
    (None, NOON + timedelta(days=2), sign_in.EXPIRED),
    (NOON + timedelta(minutes=1), NOON + timedelta(minutes=2), sign_in.USED),
    # Used and expired since: "used" is what the person needs to hear.
    (NOON + timedelta(minutes=1), NOON + timedelta(hours=1), sign_in.USED),
])
def test_a_used_or_expired_link_is_refused_naming_link_token(used_at, now, message):
    with pytest.raises(RuleBroken) as refused:
        sign_in.check_redeemable(used_at, sign_in.link_expiry(NOON), now)
    assert (refused.value.field, refused.value.message) == ("link_token", message)


def test_a_session_is_valid_until_it_expires():
    expires = sign_in.session_expiry(NOON)
    assert sign_in.session_is_valid(expires, expires - timedelta(seconds=1))
    assert not sign_in.session_is_valid(expires, expires)


def test_tokens_are_long_random_and_url_safe_and_only_their_hash_is_kept():
    tokens = {sign_in.new_token() for _ in range(100)}
    assert len(tokens) == 100
    for token in tokens:
        assert len(token) >= 43 and set(token) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        hashed = sign_in.token_hash(token)
        assert len(hashed) == 64 and token not in hashed
        assert hashed == sign_in.token_hash(token)


# --- profiles ---------------------------------------------------------------------------------

class RecordingOutbox:
    def __init__(self):
        self.added = []

    def add(self, session, contract, data):
        assert contract.producer == "profiles"
        self.added.append((contract.name, data))
        return append(session, contract, data)


class Clock:
    def __init__(self, monkeypatch, now):
        self.now = now
        monkeypatch.setattr("services.profiles.service.utcnow", lambda: self.now)

    def advance(self, delta):
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, NOON)


@pytest.fixture
def profiles(sqlite_session_factory):
    engine = sqlite_session_factory(Path(profiles_package.__file__).parent / "migrations", "profiles")
    return worker_factory(ProfilesService, db=Session(engine, expire_on_commit=False),
                          outbox=RecordingOutbox())


def confirmations_sent(profiles):
    return [data for name, data in profiles.outbox.added
            if name == "address_confirmation_requested"]


@pytest.fixture
def ada(profiles, clock):
    """Ada, registered and signed in by following the confirmation link (her `token`)."""
    assert profiles.register_person(**ADA) == {"status": "check_your_email"}
    signed = profiles.redeem_sign_in(link_token=confirmations_sent(profiles)[-1]["link_token"])
    return {**read(profiles, "get_person", person_id=signed["person_id"]),
            "token": signed["token"]}


def links_sent(profiles):
    return [data for name, data in profiles.outbox.added if name == "sign_in_requested"]


def a_link(profiles, email=ADA["email"], locale=None):
    assert profiles.request_sign_in(email=email, locale=locale) == {"sent": True}
    return links_sent(profiles)[-1]["link_token"]


def read(profiles, method, **kwargs):
    """Call a read-only RPC and end the transaction it leaves open, as a worker's teardown does
    (while open, it holds shared/database.py's process-wide SQLite lock)."""
    try:
        return getattr(profiles, method)(**kwargs)
    finally:
        if profiles.db.in_transaction():
            profiles.db.rollback()


def authenticate(profiles, token):
    return read(profiles, "authenticate", token=token)


def refusal(call, **kwargs):
    with pytest.raises(InvalidInput) as refused:
        call(**kwargs)
    return refused.value.fields


def rows(profiles, model):
    return count(profiles.db.get_bind(), model.__table__)


def test_asking_for_a_link_emits_it_once_and_keeps_only_its_hash(profiles, ada, clock):
    assert profiles.request_sign_in(email="ADA@Example.org", locale=None) == {"sent": True}
    (sent,) = links_sent(profiles)
    assert str(sent["person_id"]) == ada["id"]
    assert sent["expires_at"] == NOON + timedelta(minutes=15)
    assert sent["locale"] == "fr"  # the person's own language when the request names none
    assert len(sent["link_token"]) >= 43
    with Session(profiles.db.get_bind()) as session:
        (link,) = session.scalars(select(profiles_store.SignInLink)).all()
    assert link.token_hash == sign_in.token_hash(sent["link_token"])
    assert sent["link_token"] not in repr(vars(link))


def test_the_link_speaks_the_language_it_was_asked_in(profiles, ada):
    a_link(profiles, locale="en")
    assert links_sent(profiles)[-1]["locale"] == "en"


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_written(profiles, ada):
    assert profiles.request_sign_in(email="nobody@example.org", locale="en") == {"sent": True}
    assert links_sent(profiles) == []
    assert rows(profiles, profiles_store.SignInLink) == 0


def test_a_bad_address_is_refused_by_name(profiles):
    assert list(refusal(profiles.request_sign_in, email="not an address")) == ["email"]


def test_a_link_opens_a_session_once_beside_the_one_registration_opened(profiles, ada, clock):
    link = a_link(profiles)
    clock.advance(timedelta(minutes=14, seconds=59))
    session = profiles.redeem_sign_in(link_token=link)
    assert session["person_id"] == ada["id"] and session["operator"] is False
    assert session["token"] not in (link, ada["token"])
    assert authenticate(profiles, session["token"]) == {"person_id": ada["id"],
                                                             "operator": False}
    assert authenticate(profiles, ada["token"])["person_id"] == ada["id"]
    assert refusal(profiles.redeem_sign_in, link_token=link) == {"link_token": [sign_in.USED]}
    assert rows(profiles, profiles_store.SessionToken) == 2


def test_registering_hands_out_no_token_and_every_token_expires(profiles, clock):
    # The only tokens are sessions, opened by an emailed link, and every one ends in 30 days.
    assert profiles.register_person(**ADA) == {"status": "check_your_email"}
    assert "token_hash" not in profiles_store.Person.__table__.columns
    (asked,) = confirmations_sent(profiles)
    token = profiles.redeem_sign_in(link_token=asked["link_token"])["token"]
    clock.advance(timedelta(days=30))
    with pytest.raises(Forbidden):
        authenticate(profiles, token)


def test_a_registration_link_works_for_24_hours(profiles, clock):
    profiles.register_person(**ADA)
    (asked,) = confirmations_sent(profiles)
    assert asked["expires_at"] == NOON + timedelta(hours=24)
    clock.advance(timedelta(hours=24))
    assert refusal(profiles.redeem_sign_in, link_token=asked["link_token"]) == {
        "link_token": [sign_in.CONFIRMATION_EXPIRED]}
    assert rows(profiles, profiles_store.Person) == 0


def test_a_link_is_refused_from_its_15th_minute(profiles, ada, clock):
    link = a_link(profiles)
    clock.advance(timedelta(minutes=15))
    assert refusal(profiles.redeem_sign_in, link_token=link) == {"link_token": [sign_in.EXPIRED]}
    assert rows(profiles, profiles_store.SessionToken) == 1  # registration's alone


def test_an_unknown_link_is_refused_naming_link_token(profiles, ada):
    a_link(profiles)
    assert refusal(profiles.redeem_sign_in, link_token=sign_in.new_token()) == {
        "link_token": [sign_in.UNKNOWN]}


def test_a_person_keeps_one_session_per_device_and_signs_out_of_one(profiles, ada):
    phone = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    laptop = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    assert profiles.sign_out(token=phone) == {"done": True}
    with pytest.raises(Forbidden):
        authenticate(profiles, phone)
    assert authenticate(profiles, laptop)["person_id"] == ada["id"]
    assert authenticate(profiles, ada["token"])["person_id"] == ada["id"]


def test_signing_out_of_the_session_registration_opened_ends_it_alone(profiles, ada):
    laptop = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    profiles.sign_out(token=ada["token"])
    with pytest.raises(Forbidden):
        authenticate(profiles, ada["token"])
    assert authenticate(profiles, laptop)["person_id"] == ada["id"]
    with pytest.raises(Forbidden):
        profiles.sign_out(token=ada["token"])


def test_a_session_ends_after_30_days(profiles, ada, clock):
    token = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    clock.advance(timedelta(days=30) - timedelta(seconds=1))
    assert authenticate(profiles, token)["person_id"] == ada["id"]
    clock.advance(timedelta(seconds=1))
    with pytest.raises(Forbidden):
        authenticate(profiles, token)


def test_authenticate_says_who_operates_binome(profiles, ada):
    with Session(profiles.db.get_bind()) as session, session.begin():
        assert profiles_store.set_operator(session, ADA["email"], True).id == uuid.UUID(ada["id"])
        assert profiles_store.set_operator(session, "nobody@example.org", True) is None
    session = profiles.redeem_sign_in(link_token=a_link(profiles))
    assert session["operator"] is True
    assert authenticate(profiles, session["token"])["operator"] is True
    assert authenticate(profiles, ada["token"])["operator"] is True
    with Session(profiles.db.get_bind()) as session, session.begin():
        assert [p.email for p in profiles_store.operators(session)] == [ADA["email"]]
        profiles_store.set_operator(session, ADA["email"], False)
    assert authenticate(profiles, ada["token"])["operator"] is False


def test_links_and_sessions_past_their_time_are_forgotten(profiles, ada, clock):
    token = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    a_link(profiles)
    clock.advance(timedelta(days=1, minutes=16))
    profiles.forget_expired_sign_ins()
    assert rows(profiles, profiles_store.SignInLink) == 0
    assert rows(profiles, profiles_store.SessionToken) == 2  # this one and registration's
    clock.advance(timedelta(days=30))
    profiles.forget_expired_sign_ins()
    assert rows(profiles, profiles_store.SessionToken) == 0
    with pytest.raises(Forbidden):
        authenticate(profiles, token)


def test_export_lists_sessions_and_links_without_hashes_or_live_tokens(profiles, ada):
    link = a_link(profiles)
    token = profiles.redeem_sign_in(link_token=link)["token"]
    a_link(profiles)
    exported = read(profiles, "export_person", person_id=ada["id"])
    data = exported["data"]
    assert data["sessions"] == [{"created_at": NOON.isoformat(),
                                 "expires_at": (NOON + timedelta(days=30)).isoformat()}] * 2
    assert [link["used_at"] is not None for link in data["sign_in_links"]] == [True, False]
    text = repr(exported)
    for secret in (token, link, links_sent(profiles)[-1]["link_token"],
                   sign_in.token_hash(token), sign_in.token_hash(link)):
        assert secret not in text


def test_erasure_ends_every_session_and_forgets_every_link(profiles, ada):
    token = profiles.redeem_sign_in(link_token=a_link(profiles))["token"]
    pending = a_link(profiles)
    profiles.erase_person(person_id=ada["id"])
    assert rows(profiles, profiles_store.SignInLink) == 0
    assert rows(profiles, profiles_store.SessionToken) == 0
    with pytest.raises(Forbidden):
        authenticate(profiles, token)
    assert list(refusal(profiles.redeem_sign_in, link_token=pending)) == ["link_token"]
    # Nor can the erased address ask for a link any more.
    assert profiles.request_sign_in(email=ADA["email"], locale=None) == {"sent": True}
    assert rows(profiles, profiles_store.SignInLink) == 0
    with profiles.db.get_bind().connect() as connection:
        assert connection.execute(select(OUTBOX.c.id).where(
            OUTBOX.c.event == "sign_in_requested")).all() == []


# --- notifications ----------------------------------------------------------------------------

LINK_TOKEN = "L" * 43
LINK = f"https://binome.example/sign-in/{LINK_TOKEN}"


def sign_in_requested(person_id, locale="en"):
    return events.SIGN_IN_REQUESTED.validate(events.SIGN_IN_REQUESTED.to_wire({
        "person_id": person_id, "link_token": LINK_TOKEN, "expires_at": NOON, "locale": locale}))


# Until when, on the person's clock, with the weekday (the year once it is not this one's).
@pytest.mark.parametrize("locale, subject, expires", [
    ("en", "Signing in to Binôme", r"until Monday 1 June(?: 2026)?, 14:00 \(Paris Time\)"),
    ("fr", "Connexion à Binôme", r"jusqu'au lundi 1 juin(?: 2026)?, 14:00 \(heure : Paris\)"),
])
def test_the_link_is_emailed_in_the_language_asked_and_never_kept_in_the_inbox(
        locale, subject, expires):
    # The profile says French; the request's language wins.
    ada = Contact(uuid.uuid4(), "Ada", "Lovelace", "ada@example.org", "fr", "Europe/Paris")
    (message,) = messages_for("sign_in_requested", sign_in_requested(ada.person_id, locale),
                              {ada.person_id: ada}, links=Links("https://binome.example"))
    assert message.email and message.category == "sign_in" and message.subject == subject
    assert LINK in message.email_body and f'href="{LINK}"' in message.email_html
    assert re.search(expires, message.email_body) and re.search(expires, message.body)
    assert LINK_TOKEN not in message.subject + message.body + message.html


def test_notifications_emails_the_link_at_once_even_in_quiet_hours_and_over_the_cap(
        sqlite_session_factory, monkeypatch):
    engine = sqlite_session_factory(
        Path(notifications_package.__file__).parent / "migrations", "notifications")
    config = {"PUBLIC_URL": "https://binome.example/", "EMAIL_DAILY_CAP": 0}
    notifications = worker_factory(NotificationsService, db=Session(engine, expire_on_commit=False),
                                   config=config)
    monkeypatch.setattr("services.notifications.service.utcnow", lambda: NOON)
    person_id = uuid.uuid4()
    with Session(engine) as session, session.begin():
        session.add(notifications_store.Contact(
            person_id=person_id, first_name="Ada", last_name="Lovelace", email="ada@example.org",
            locale="fr", timezone="Europe/Paris", sponsor=False))
        # Quiet all day long.
        session.add(notifications_store.QuietHours(person_id=person_id, start="00:00", end="23:59"))
        webhooks.add_subscriber(session, "Maison de l'emploi", "https://hooks.example.org/", ["*"])
    handler = NotificationsService.on_sign_in_requested
    with notifications.db.begin():
        handler.effect(notifications, notifications.db, sign_in_requested(person_id))
    with Session(engine) as session:
        (line,) = session.scalars(select(notifications_store.Notification)).all()
        (email,) = session.scalars(select(notifications_store.EmailDelivery)).all()
    assert LINK_TOKEN not in line.subject + line.body + line.html
    assert LINK in email.body and LINK in email.html
    assert email.next_attempt_at == NOON
    # An organisation has no business knowing when someone signs in, even one that wants "*".
    assert count(engine, notifications_store.WebhookDelivery.__table__) == 0
