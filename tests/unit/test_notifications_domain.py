"""Notifications' pure domain: every template in both locales, and the email we send."""
import uuid
from datetime import datetime, timezone
from email import message_from_bytes, policy

import pytest
from jinja2 import UndefinedError

from services.notifications import domain
from services.notifications.domain import Contact, email_message, messages_for, render
from shared.contracts import events
from shared.contracts.kinds import LOCALES, REQUEST_KINDS

PARIS, TOKYO = "Europe/Paris", "Asia/Tokyo"
GREETING = {"en": "Hello {name},", "fr": "Bonjour {name},"}
SIGNATURE = {"en": "The Binôme team", "fr": "L'équipe Binôme"}
# Which templates each event renders: every template file must appear here (checked below).
EVENT_TEMPLATES = {
    "person_registered": {"welcome"},
    "match_proposed": {"match_proposed_seeker", "match_proposed_donor"},
    "match_accepted": {"match_accepted"},
    "meeting_proposed": {"meeting_proposed"},
    "meeting_confirmed": {"meeting_confirmed"},
    "contact_revealed": {"contact_revealed"},
    "sponsorship_started": {"sponsorship_started_sponsor", "sponsorship_started_seeker"},
}
INVITE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
          "UID:42@binome\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def pair(locale):
    """A seeker in Paris and a donor in Tokyo, both reading `locale`."""
    seeker = Contact(uuid.uuid4(), "Ada", "Lovelace", "ada@example.org", locale, PARIS)
    donor = Contact(uuid.uuid4(), "Bruno", "Émile", "bruno@example.fr", locale, TOKYO)
    return seeker, donor


def payload(event, seeker, donor, kind="coffee"):
    """A valid payload of `event`, loaded through its contract as a consumer receives it."""
    ids = {"match_id": str(uuid.uuid4()), "request_id": str(uuid.uuid4()),
           "pledge_id": str(uuid.uuid4()), "seeker_id": str(seeker.person_id),
           "donor_id": str(donor.person_id)}
    wire = {
        "person_registered": lambda: {
            "person_id": str(seeker.person_id), "first_name": seeker.first_name,
            "last_name": seeker.last_name, "email": seeker.email, "phone": None,
            "locale": seeker.locale, "timezone": seeker.timezone, "roles": ["job_seeker"],
            "languages": ["fr", "en"], "skills": ["SQL"], "occupation": "J1506",
            "target_occupation": "M1805", "own_words": "", "neighbourhood": "Paris 11e",
            "latitude": 48.8574, "longitude": 2.3795,
            "availability": {"tue": [{"start": "12:00", "end": "14:00"}]},
            "mentor": None, "sponsor": None, "accepts_sponsors": False,
            "changed_at": "2026-06-01T09:00:00+00:00"},
        "match_proposed": lambda: {
            **ids, "round_id": str(uuid.uuid4()), "kind": kind, "affinity": 4.5,
            "reasons": ["works in Software development, the job you are aiming for",
                        "you both speak fr"]},
        "match_accepted": lambda: {**ids, "kind": kind, "remote": True},
        "meeting_proposed": lambda: {
            "meeting_id": str(uuid.uuid4()), "match_id": ids["match_id"], "kind": kind,
            "chooser_id": str(seeker.person_id), "other_id": str(donor.person_id),
            "slots": [{"start": "2026-06-02T10:00:00+00:00", "end": "2026-06-02T10:30:00+00:00"},
                      {"start": "2026-06-03T10:15:00+00:00", "end": "2026-06-03T10:45:00+00:00"}]},
        "meeting_confirmed": lambda: {
            "meeting_id": str(uuid.uuid4()), "match_id": ids["match_id"], "kind": kind,
            "attendee_ids": [str(seeker.person_id), str(donor.person_id)],
            "start": "2026-06-02T10:00:00+00:00", "end": "2026-06-02T10:30:00+00:00",
            "location": "Video call: https://visio.binome.example/42", "invite": INVITE},
        "contact_revealed": lambda: {"person_id": str(seeker.person_id),
                                     "other_id": str(donor.person_id)},
        "sponsorship_started": lambda: {
            "sponsorship_id": str(uuid.uuid4()), "sponsor_id": str(donor.person_id),
            "seeker_id": str(seeker.person_id), "started_at": "2026-06-01T09:00:00+00:00"},
    }[event]()
    return events.EVENTS[event].validate(wire)


def messages(event, locale, kind="coffee"):
    seeker, donor = pair(locale)
    contacts = {seeker.person_id: seeker, donor.person_id: donor}
    return seeker, donor, messages_for(event, payload(event, seeker, donor, kind), contacts)


def template_files(locale):
    return {path.stem for path in (domain.TEMPLATES / locale).glob("*.txt")}


# --- every template, every event, both locales ------------------------------------------------

def test_the_event_table_covers_every_template_file_in_both_locales():
    covered = set().union(*EVENT_TEMPLATES.values())
    for locale in LOCALES:
        assert template_files(locale) == covered, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_messages_for_renders_every_template_of_the_locale(locale, monkeypatch):
    rendered = []
    real_render = domain.render

    def spy(template, contact, **values):
        rendered.append((template, contact.locale))
        return real_render(template, contact, **values)

    monkeypatch.setattr(domain, "render", spy)
    for event in EVENT_TEMPLATES:
        messages(event, locale)
    assert {template for template, _ in rendered} == template_files(locale)
    assert {used_locale for _, used_locale in rendered} == {locale}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("event", sorted(EVENT_TEMPLATES))
@pytest.mark.parametrize("kind", ["coffee", "cv_review"])
def test_every_message_is_a_complete_letter_in_the_readers_language(event, locale, kind):
    seeker, donor, found = messages(event, locale, kind)
    assert found
    people = {seeker.person_id: seeker, donor.person_id: donor}
    for message in found:
        assert message.event == event
        assert message.subject and "\n" not in message.subject
        assert message.subject == message.subject.strip()
        assert message.body.startswith(
            GREETING[locale].format(name=message.recipient.first_name))
        assert message.body.rstrip().endswith(SIGNATURE[locale])
        assert message.body.endswith("\n")
        if event not in ("person_registered", "contact_revealed", "sponsorship_started"):
            assert domain.KIND_LABELS[locale][kind] in message.subject + message.body
        if event != "person_registered":
            other = next(p for pid, p in people.items() if pid != message.recipient.person_id)
            assert other.display_name in message.body


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("event", sorted(EVENT_TEMPLATES))
def test_a_message_names_the_other_person_as_others_see_them_and_never_more(event, locale):
    seeker, donor, found = messages(event, locale)
    people = {seeker.person_id: seeker, donor.person_id: donor}
    for message in found:
        text = message.subject + message.body + (message.attachment or "")
        for pid, person in people.items():
            if pid != message.recipient.person_id:
                assert person.full_name not in text
                assert person.last_name not in text
                assert person.email not in text
        assert message.recipient.email not in text


def test_every_kind_of_help_has_a_label_in_every_locale():
    for locale in LOCALES:
        assert set(domain.KIND_LABELS[locale]) == set(REQUEST_KINDS), locale


# --- what each event tells whom ---------------------------------------------------------------

def test_registration_welcomes_the_person_in_the_inbox_only():
    seeker, _, (welcome,) = messages("person_registered", "fr")
    assert welcome.recipient == seeker
    assert welcome.subject == "Bienvenue sur Binôme, Ada"
    assert welcome.email is False


def test_a_proposal_emails_the_seeker_with_the_reasons_and_tells_the_donor_in_the_inbox():
    seeker, donor, (to_seeker, to_donor) = messages("match_proposed", "en")
    assert (to_seeker.recipient, to_seeker.email) == (seeker, True)
    assert (to_donor.recipient, to_donor.email) == (donor, False)
    assert "- works in Software development, the job you are aiming for\n" in to_seeker.body
    assert "- you both speak fr\n" in to_seeker.body
    assert to_seeker.subject == "Bruno É. can help you: a coffee"
    assert "Ada L." in to_donor.body and "Lovelace" not in to_donor.body


def test_an_acceptance_tells_both_sides_and_only_meetings_mention_finding_a_time():
    seeker, donor, found = messages("match_accepted", "en", kind="coffee")
    assert {m.recipient for m in found} == {seeker, donor}
    assert all("looking for a time" in m.body and not m.email for m in found)
    _, _, reviews = messages("match_accepted", "en", kind="cv_review")
    assert all("get in touch" in m.body and "looking for a time" not in m.body for m in reviews)


def test_proposed_slots_are_shown_to_the_chooser_on_their_own_clock():
    seeker, _, (message,) = messages("meeting_proposed", "fr")
    assert message.recipient == seeker and message.email
    assert "- 02/06/2026 12:00 (Europe/Paris)\n" in message.body
    assert "- 03/06/2026 12:15 (Europe/Paris)\n" in message.body


@pytest.mark.parametrize("locale", LOCALES)
def test_a_confirmed_meeting_emails_the_invite_to_both_attendees_each_on_their_clock(locale):
    seeker, donor, found = messages("meeting_confirmed", locale)
    by_recipient = {m.recipient: m for m in found}
    assert set(by_recipient) == {seeker, donor}
    assert all(m.email and m.attachment == INVITE for m in found)
    assert "02/06/2026 12:00 (Europe/Paris)" in by_recipient[seeker].subject
    assert "02/06/2026 19:00 (Asia/Tokyo)" in by_recipient[donor].subject
    assert "Bruno É." in by_recipient[seeker].body and "Ada L." in by_recipient[donor].body
    assert all("https://visio.binome.example/42" in m.body for m in found)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_mutual_consent_tells_both_people_in_the_inbox_only(locale):
    seeker, donor, found = messages("contact_revealed", locale)
    by_recipient = {m.recipient: m for m in found}
    assert set(by_recipient) == {seeker, donor}
    assert not any(m.email for m in found)
    assert "Bruno É." in by_recipient[seeker].subject
    assert "Ada L." in by_recipient[donor].subject


def test_a_contact_knows_its_full_name_and_the_name_others_see():
    seeker, donor = pair("en")
    assert (seeker.full_name, seeker.display_name) == ("Ada Lovelace", "Ada L.")
    assert (donor.full_name, donor.display_name) == ("Bruno Émile", "Bruno É.")


def test_an_event_without_messages_is_refused():
    seeker, donor = pair("en")
    with pytest.raises(ValueError, match="pledge_made"):
        messages_for("pledge_made", {}, {seeker.person_id: seeker, donor.person_id: donor})


# --- StrictUndefined --------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_a_missing_template_variable_is_an_error_not_a_blank(locale):
    seeker, _ = pair(locale)
    with pytest.raises(UndefinedError, match="other"):
        render("match_accepted", seeker, kind="coffee")


def test_a_kind_without_a_label_is_an_error_not_a_blank():
    seeker, _ = pair("en")
    with pytest.raises(UndefinedError):
        render("match_accepted", seeker, other="Bruno", kind="juggling_lesson")


def test_render_splits_the_first_line_off_as_the_subject():
    seeker, _ = pair("en")
    subject, body = render("welcome", seeker)
    assert subject == "Welcome to Binôme, Ada"
    assert body.startswith("Hello Ada,\n")


# --- the email --------------------------------------------------------------------------------

SENT_AT = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)
DELIVERY_ID = "6f1c2a9e-0d5b-4c3e-8f7a-2b1d0e9c8a7b"


def email(attachment=None, delivery_id=DELIVERY_ID):
    message = email_message(delivery_id, "Binôme <bonjour@binome.example>",
                            "Ada Lovelace <ada@example.org>", "Confirmé : café avec Bruno",
                            "Bonjour Ada,\n\nC'est confirmé.\n", attachment, now=SENT_AT)
    # What the receiving side sees: the bytes on the wire, parsed again.
    return message_from_bytes(bytes(message), policy=policy.default)


def calendar_part(message):
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def test_the_email_has_its_headers_and_a_message_id_from_the_delivery():
    message = email()
    assert message["From"] == "Binôme <bonjour@binome.example>"
    assert message["To"] == "Ada Lovelace <ada@example.org>"
    assert message["Subject"] == "Confirmé : café avec Bruno"
    assert message["Date"].datetime == SENT_AT
    message_id = message["Message-ID"]
    assert DELIVERY_ID in message_id
    assert message_id.startswith("<") and message_id.endswith("@binome.example>")


def test_an_email_without_invite_is_plain_text():
    message = email()
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "Bonjour Ada,\n\nC'est confirmé.\n"


def test_the_invite_travels_as_a_text_calendar_attachment_named_invite_ics():
    message = email(attachment=INVITE)
    assert message.get_body(("plain",)).get_content() == "Bonjour Ada,\n\nC'est confirmé.\n"
    part = calendar_part(message)
    assert part.get_filename() == "invite.ics"
    assert part.get_param("method") == "REQUEST"
    assert part.get_content().splitlines() == INVITE.splitlines()


def test_a_resent_delivery_keeps_its_message_id():
    assert email()["Message-ID"] == email()["Message-ID"]


def test_an_invite_with_accented_names_reaches_the_reader_intact():
    invite = INVITE.replace("UID:42@binome\r\n", "UID:42@binome\r\nSUMMARY:Café avec Binôme\r\n")
    part = calendar_part(email(attachment=invite))
    assert "SUMMARY:Café avec Binôme" in part.get_content().splitlines()
