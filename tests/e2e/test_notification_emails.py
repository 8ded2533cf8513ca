"""End to end: Binôme embedded, emailing a real SMTP server (aiosmtpd on loopback) started by the
test; each email is parsed with the `email` package and checked: recipient, language, subject,
plain-text and HTML parts, and the invite. The inbox and preferences through the HTTP API."""
import unicodedata
import uuid
from datetime import datetime, timezone

import pytest

from binome.api_client import Api, ApiError
from binome.runner import start
from binome.services import SERVICES
from shared.clock import utcnow
from shared.config import embedded_config
from shared.contracts import events
from shared.messaging.outbox import broker_publisher, envelope
from smtp_server import SmtpServer
from support import free_port, wait_until


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """One embedded Binôme per module (the in-process broker lives as long as the process)."""
    smtp = SmtpServer(tmp_path_factory.mktemp("smtp"))
    address = f"127.0.0.1:{free_port()}"
    config = embedded_config(tmp_path_factory.mktemp("embedded"), address)
    config.update(EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", EMAIL_RETRY_SECONDS=0.1)
    runner = start(config, list(SERVICES))
    api = Api(f"http://{address}", maildir=smtp.maildir)
    wait_until("the gateway to answer", api.is_up)
    yield api, smtp
    runner.stop()
    smtp.stop()


def emails_to(smtp, address):
    """The emails to `address`, but for the one that confirmed it at registration."""
    return [m for m in smtp.messages() if address in m["To"] and "/sign-in/" not in m.as_string()]


def register(api, first_name, locale, **fields):
    tag = uuid.uuid4().hex[:8]
    # An ASCII address: the confirmation link must reach it, and this SMTP server does not offer
    # SMTPUTF8 (an address with "é" before the @ would wait in the mailer's retries).
    local = unicodedata.normalize("NFKD", first_name.lower()).encode("ascii", "ignore").decode()
    person = api.register({
        "first_name": first_name, "last_name": "Durand", "email": f"{local}.{tag}@example.org",
        "locale": locale, "roles": ["time_donor"], "languages": ["fr"], **fields})
    return person, api.as_person(person)


def test_a_pledge_is_thanked_by_email_in_the_donors_language_with_both_parts(system):
    api, smtp = system
    donor, as_donor = register(api, "Élodie", "fr")
    as_donor.post("/api/me/pledges", {"kind": "cv_review", "quantity": 3,
                                      "valid_until": "2099-07-31"})

    (email,) = wait_until("the thank-you email", lambda: emails_to(smtp, donor["email"]))
    assert email["To"].addresses[0].addr_spec == donor["email"]
    assert email["To"].addresses[0].display_name == "Élodie Durand"
    assert email["Subject"] == "Merci : votre don de 3 × relecture de CV est bien reçu"
    assert email.get_content_type() == "multipart/alternative"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    # The date as a person writes it, with its weekday; and where to see the pledge.
    assert text.startswith("Bonjour Élodie,") and "jusqu'au vendredi 31 juillet 2099" in text
    assert "/donor" in text
    assert '<html lang="fr">' in html and "<strong>3 × relecture de CV</strong>" in html


INVITE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Binome//scheduling//EN\r\n"
          "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:{uid}@binome.example\r\nSEQUENCE:0\r\n"
          "DTSTART:20990602T100000Z\r\nDTEND:20990602T103000Z\r\nSUMMARY:Café\r\n"
          "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_booked_meeting_delivered_three_times_emails_each_person_once_with_the_invite(system):
    """The booking comes in as scheduling publishes it, three times over (a redelivery)."""
    api, smtp = system
    claire, as_claire = register(api, "Claire", "fr")
    karim, as_karim = register(api, "Karim", "en", timezone="Asia/Tokyo")
    for person in (as_claire, as_karim):  # notifications knows them once it welcomed them
        wait_until("the welcome", lambda p=person: p.items("/api/me/inbox"))
    meeting_id = uuid.uuid4()
    booked = {"meeting_id": meeting_id, "match_id": uuid.uuid4(), "kind": "coffee",
              "attendee_ids": [uuid.UUID(claire["id"]), uuid.UUID(karim["id"])],
              "start": datetime(2099, 6, 2, 10, 0, tzinfo=timezone.utc),
              "end": datetime(2099, 6, 2, 10, 30, tzinfo=timezone.utc),
              "location": "Café Lomi, 3 ter rue Marcadet, Paris 18e",
              "invite": INVITE.format(uid=meeting_id), "sequence": 0}
    message = envelope(str(uuid.uuid4()), "meeting_confirmed", utcnow(),
                       events.MEETING_CONFIRMED.to_wire(booked))
    publish = broker_publisher("inproc://localhost//", events.EVENTS)
    for _ in range(3):
        publish(message)

    # Each on their own clock, in their own words: 10:00 UTC is noon in Paris, 19:00 in Tokyo.
    expected = {claire["email"]: ("fr", "Confirmé : café avec Karim D., mardi 2 juin 2099, "
                                        "12:00 (heure : Paris)", "Bonjour Claire,"),
                karim["email"]: ("en", "Confirmed: coffee with Claire D., Tuesday 2 June 2099, "
                                       "19:00 (Tokyo Time)", "Hello Karim,")}
    for address in expected:
        wait_until(f"the confirmation to {address}", lambda a=address: emails_to(smtp, a))
    for person in (as_claire, as_karim):
        wait_until("the confirmation in the inbox", lambda p=person: [
            n for n in p.items("/api/me/inbox") if n["event"] == "meeting_confirmed"])
    for address, (locale, subject, greeting) in expected.items():
        (email,) = emails_to(smtp, address)
        assert email["To"].addresses[0].addr_spec == address
        # A subject longer than a line is folded onto the next one ("Subject:\n Confirmed…"):
        # the space that starts the folded line is not part of it (RFC 5322 unfolding).
        assert email["Subject"].strip() == subject
        assert email.get_content_type() == "multipart/mixed"
        assert email.get_body(("plain",)).get_content().startswith(greeting)
        html = email.get_body(("html",)).get_content()
        assert f'<html lang="{locale}">' in html and "Café Lomi" in html
        assert f'/matches/{booked["match_id"]}"' in html  # where to move or cancel it
        (invite,) = list(email.iter_attachments())
        assert invite.get_content_type() == "text/calendar"
        assert invite.get_filename() == "invite.ics"
        assert invite.get_param("method") == "REQUEST"
        assert f"UID:{meeting_id}@binome.example" in invite.get_content()
    assert [n["event"] for n in as_claire.items("/api/me/inbox")].count("meeting_confirmed") == 1


def test_the_inbox_is_paginated_counts_unread_and_marks_only_ones_own_read(system):
    api, _ = system
    ada, as_ada = register(api, "Ada", "en")
    _, as_bruno = register(api, "Bruno", "en")
    for quantity in (1, 2, 3):
        as_ada.post("/api/me/pledges", {"kind": "coffee", "quantity": quantity})
    page = wait_until("four notifications", lambda: (
        lambda p: p["total"] == 4 and p)(as_ada.get("/api/me/notifications?page_size=3")))
    assert (page["page"], page["page_size"], page["unread"]) == (1, 3, 4)
    assert len(page["items"]) == 3
    second = as_ada.get("/api/me/notifications?page=2&page_size=3")
    assert [n["event"] for n in second["items"]] == ["person_registered"]
    assert as_ada.get("/api/me/notifications/unread") == {"unread": 4}

    newest = page["items"][0]
    assert as_ada.post(f"/api/me/notifications/{newest['id']}/read") == {"unread": 3}
    with pytest.raises(ApiError) as refused:
        as_bruno.post(f"/api/me/notifications/{page['items'][1]['id']}/read")
    assert refused.value.status == 404
    assert as_ada.get("/api/me/notifications/unread") == {"unread": 3}
    assert as_ada.post("/api/me/notifications/read") == {"unread": 0}
    assert [n["read"] for n in as_ada.items("/api/me/inbox")] == [True] * 4


def test_preferences_are_read_and_changed_through_the_api(system):
    api, _ = system
    _, as_person = register(api, "Chloé", "fr")
    preferences = as_person.get("/api/me/notification-preferences")
    assert preferences["modes"]["matches"] == "instant"
    assert preferences["modes"]["cards"] == "daily"
    assert preferences["quiet_hours"] is None
    changed = as_person.patch("/api/me/notification-preferences", {
        "modes": {"matches": "daily", "pledges": "off"},
        "quiet_hours": {"start": "21:30", "end": "07:00"}})
    assert changed["modes"]["matches"] == "daily" and changed["modes"]["pledges"] == "off"
    assert changed["quiet_hours"] == {"start": "21:30", "end": "07:00"}
    with pytest.raises(ApiError) as refused:
        as_person.patch("/api/me/notification-preferences", {"modes": {"sign_in": "off"}})
    assert refused.value.status == 400
