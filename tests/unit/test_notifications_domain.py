"""Notifications' pure domain: every template of every event in both locales (plain text and
HTML, no missing variable), what each event tells whom, and the email we send."""
import re
import uuid
from datetime import datetime, timezone
from email import message_from_bytes, policy
from html.parser import HTMLParser

import pytest
from jinja2 import UndefinedError

from services.notifications import domain, rendering
from services.notifications.domain import Contact, email_message, messages_for, render
from services.notifications.links import Links
from services.notifications.preferences import EVENT_CATEGORIES
from shared.wording import kind_name
from shared.contracts import events
from shared.contracts.kinds import LOCALES, REQUEST_KINDS

PARIS, TOKYO = "Europe/Paris", "Asia/Tokyo"
GREETING = {"en": "Hello {name},", "fr": "Bonjour {name},"}
SIGNATURE = {"en": "The Binôme team", "fr": "L'équipe Binôme"}
# Which templates each event renders: every template file must appear here (checked below).
EVENT_TEMPLATES = {
    "person_registered": {"welcome"},
    "pledge_made": {"pledge_received"},
    "pledge_closed": {"pledge_fulfilled"},
    "match_proposed": {"match_proposed_seeker", "match_proposed_donor"},
    "match_accepted": {"match_accepted"},
    "meeting_proposed": {"meeting_proposed"},
    "meeting_confirmed": {"meeting_confirmed"},
    "meeting_rescheduled": {"meeting_rescheduled"},
    "meeting_cancelled": {"meeting_cancelled"},
    "meeting_reminder_due": {"meeting_reminder"},
    "feedback_requested": {"feedback_requested"},
    "no_show_recorded": {"no_show_recorded"},
    "contact_revealed": {"contact_revealed"},
    "sponsorship_started": {"sponsorship_started_sponsor", "sponsorship_started_seeker"},
    "sponsor_interested": {"sponsor_interested"},
    "message_posted": {"message_posted"},
    "help_given": {"review_returned", "help_counted"},
    "review_rated": {"review_rated"},
    "sign_in_requested": {"sign_in"},
    # turnaround (issue 14)
    "delivery_reminder_due": {"delivery_reminder"},
    "match_reassigned": {"match_reassigned_seeker", "match_reassigned_donor"},
    "outcome_question_due": {"outcome_question"},
}
# Emails to an address nobody is known by yet (domain.address_confirmation), not an inbox.
ADDRESS_TEMPLATES = {"address_confirmation_requested": {"confirm_address"}}
# Messages made by timers rather than events, with sample values.
DIGEST_SAMPLES = {
    "daily_digest": {"items": [{"subject": "Bruno É. can help you: a coffee"},
                               {"subject": "Moved: coffee with Bruno É."}]},
    "weekly_digest": {"items": [{"subject": "Bruno É. can help you: a coffee"}], "unread": 1},
    "sponsor_cards": {"cards": [{"display_name": "Chloé D.", "reasons": ["lives nearby"]},
                                {"display_name": "Driss B.", "reasons": []}]},
}
INVITE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
          "UID:42@binome\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
CANCEL = INVITE.replace("METHOD:REQUEST", "METHOD:CANCEL")
START, END = "2026-06-02T10:00:00+00:00", "2026-06-02T10:30:00+00:00"
LINKS = Links("https://binome.example")
MATCH_ID = "42424242-4242-4242-4242-424242424242"
MATCH_LINK = f"https://binome.example/matches/{MATCH_ID}"
# 10:00 UTC on 2 June, as each reader reads it (the year is left out in the current year).
SEEKER_START = {"fr": ("mardi 2 juin", "12:00", "(heure : Paris)"),
                "en": ("Tuesday 2 June", "12:00", "(Paris Time)")}
DONOR_START = {"fr": ("mardi 2 juin", "19:00", "(heure : Tokyo)"),
               "en": ("Tuesday 2 June", "19:00", "(Tokyo Time)")}


def has_dated(text, expected):
    """Whether `text` holds `expected`, whose dates ("Tuesday 2 June") gain their year once 2026
    is no longer the current year (shared/formatting.day)."""
    parts = re.split(r"(\w+day \d+ \w+|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
                     r" \d+ \w+)", expected)
    pattern = "".join(re.escape(part) + ("(?: 2026)?" if index % 2 else "")
                      for index, part in enumerate(parts))
    return re.search(pattern, text) is not None


def says_when(text, parts):
    """Whether `text` gives the day with its weekday, the time and the zone of one instant."""
    day, hour, zone = parts
    return all(part in text for part in parts) and text.index(day) < text.index(hour) < \
        text.index(zone)


def pair(locale):
    """A seeker in Paris and a donor in Tokyo, both reading `locale`."""
    seeker = Contact(uuid.uuid4(), "Ada", "Lovelace", "ada@example.org", locale, PARIS)
    donor = Contact(uuid.uuid4(), "Bruno", "Émile", "bruno@example.fr", locale, TOKYO)
    return seeker, donor


def payload(event, seeker, donor, kind="coffee", **changes):
    """A valid payload of `event`, loaded through its contract as a consumer receives it."""
    ids = {"match_id": MATCH_ID, "request_id": str(uuid.uuid4()),
           "pledge_id": str(uuid.uuid4()), "seeker_id": str(seeker.person_id),
           "donor_id": str(donor.person_id)}
    attendees = [str(seeker.person_id), str(donor.person_id)]
    meeting = {"meeting_id": str(uuid.uuid4()), "kind": kind, "attendee_ids": attendees}
    booked = {**meeting, "match_id": ids["match_id"], "start": START, "end": END,
              "location": "Video call: https://visio.binome.example/42", "invite": INVITE,
              "sequence": 0}
    if event == "match_proposed":
        # Reasons are the template's list of strings whatever form the event carries them in.
        return {**{k: uuid.UUID(v) for k, v in ids.items()}, "round_id": uuid.uuid4(),
                "kind": kind, "affinity": 4.5,
                "reasons": ["works in Software development, the job you are aiming for",
                            "you both speak fr"], **changes}
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
        "pledge_made": lambda: {
            "pledge_id": ids["pledge_id"], "person_id": str(donor.person_id),
            "kind": kind, "quantity": 3,
            "valid_until": "2026-07-31", "remote": False, "radius_km": 10},
        "pledge_closed": lambda: {"id": ids["pledge_id"], "person_id": str(donor.person_id),
                                  "status": "fulfilled"},
        "match_accepted": lambda: {**ids, "kind": kind, "remote": True},
        "meeting_proposed": lambda: {
            "meeting_id": str(uuid.uuid4()), "match_id": ids["match_id"], "kind": kind,
            "chooser_id": str(seeker.person_id), "other_id": str(donor.person_id),
            "slots": [{"start": START, "end": END},
                      {"start": "2026-06-03T10:15:00+00:00", "end": "2026-06-03T10:45:00+00:00"}],
            "location": "Café Lomi, Paris 18e", "expires_at": "2026-06-01T18:00:00+00:00",
            "rescheduling": False},
        "meeting_confirmed": lambda: booked,
        "meeting_rescheduled": lambda: {**booked, "sequence": 1,
                                        "previous_start": "2026-06-01T10:00:00+00:00"},
        "meeting_cancelled": lambda: {
            **meeting, "match_id": ids["match_id"], "cancelled_by": str(donor.person_id),
            "reason": "cancelled_by_person", "start": START, "invite": CANCEL},
        "meeting_reminder_due": lambda: {
            **meeting, "start": START, "end": END, "location": "Café Lomi, Paris 18e",
            "hours_before": 24},
        "feedback_requested": lambda: {**meeting, "start": START},
        "no_show_recorded": lambda: {
            "meeting_id": meeting["meeting_id"], "person_id": str(seeker.person_id),
            "reported_by": str(donor.person_id), "no_shows": 2, "paused": True},
        "contact_revealed": lambda: {"person_id": str(seeker.person_id),
                                     "other_id": str(donor.person_id)},
        "sponsorship_started": lambda: {
            "sponsorship_id": str(uuid.uuid4()), "sponsor_id": str(donor.person_id),
            "seeker_id": str(seeker.person_id), "started_at": "2026-06-01T09:00:00+00:00"},
        "sponsor_interested": lambda: {
            "sponsor_id": str(donor.person_id), "seeker_id": str(seeker.person_id),
            "liked_at": "2026-06-01T09:00:00+00:00"},
        "message_posted": lambda: {
            "message_id": str(uuid.uuid4()), "match_id": ids["match_id"], "kind": kind,
            "author_id": str(donor.person_id), "recipient_id": str(seeker.person_id),
            "posted_at": "2026-06-01T09:00:00+00:00"},
        "help_given": lambda: {
            **ids, "kind": kind, "how": "review_returned", "given_at": START, "on_time": True},
        "review_rated": lambda: {
            "match_id": ids["match_id"], "kind": kind, "donor_id": ids["donor_id"],
            "seeker_id": ids["seeker_id"], "rating": 4, "thanked": True},
        "sign_in_requested": lambda: {"person_id": str(seeker.person_id), "link_token": "l" * 43,
                                      "expires_at": START, "locale": seeker.locale},
        "delivery_reminder_due": lambda: {
            "match_id": ids["match_id"], "kind": kind, "donor_id": ids["donor_id"],
            "seeker_id": ids["seeker_id"], "deadline": START, "reminder": "halfway"},
        "match_reassigned": lambda: {**ids, "kind": kind, "remote": True,
                                     "reason": "silent_past_grace", "deadline": START},
        "outcome_question_due": lambda: {"survey_id": str(uuid.uuid4()),
                                         "person_id": str(seeker.person_id), "token": "o" * 43,
                                         "asked_at": START},
    }[event]()
    return events.EVENTS[event].validate({**wire, **changes})


# What notifications knows besides the event (links are built from the event: links.py).
FACTS = {"pledge_closed": {"kind": "coffee", "quantity": 3, "people_helped": 3}}


def messages(event, locale, kind="coffee", **changes):
    seeker, donor = pair(locale)
    contacts = {seeker.person_id: seeker, donor.person_id: donor}
    return seeker, donor, messages_for(event, payload(event, seeker, donor, kind, **changes),
                                       contacts, FACTS.get(event), LINKS)


class _Html(HTMLParser):
    """Collects the text of an HTML part and checks that its tags are balanced."""
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.open, self.text, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def html_text(html):
    parser = _Html()
    parser.feed(html)
    parser.close()
    assert parser.open == []
    return parser.lang, " ".join(" ".join(parser.text).split())


# --- every template, every event, both locales ------------------------------------------------

def test_the_event_table_covers_every_template_file():
    covered = set().union(*EVENT_TEMPLATES.values(), *ADDRESS_TEMPLATES.values()) | set(
        DIGEST_SAMPLES)
    assert rendering.template_names() == covered


def test_one_template_per_email_whatever_the_language():
    """No folder per language: the words are in the catalogues."""
    assert not [path for path in rendering.TEMPLATES.iterdir() if path.is_dir()]


def test_every_template_has_a_plain_text_and_an_html_part():
    for name in rendering.template_names():
        assert (rendering.TEMPLATES / f"{name}.html").is_file(), f"{name}.html"


@pytest.mark.parametrize("locale", LOCALES)
def test_messages_for_renders_every_template_of_the_locale(locale, monkeypatch):
    rendered = []
    real_render = rendering.render

    def spy(template, used_locale, *args, **values):
        rendered.append((template, used_locale))
        return real_render(template, used_locale, *args, **values)

    monkeypatch.setattr(rendering, "render", spy)
    for event in EVENT_TEMPLATES:
        messages(event, locale)
    messages("help_given", locale, how="introduction_confirmed")   # the donor's thanks
    seeker, _ = pair(locale)
    for kind, values in DIGEST_SAMPLES.items():
        domain.digest_message(kind, seeker, **values)
    for purpose in ("registration", "email_change"):
        domain.address_confirmation(confirmation(locale, purpose))
    assert {template for template, _ in rendered} == rendering.template_names()
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
        assert message.category == EVENT_CATEGORIES[event]
        assert message.subject and "\n" not in message.subject
        assert message.subject == message.subject.strip()
        assert "{{" not in message.subject + message.body + message.html
        assert message.body.startswith(
            GREETING[locale].format(name=message.recipient.first_name))
        assert message.body.rstrip().endswith(SIGNATURE[locale])
        assert message.body.endswith("\n")
        lang, text = html_text(message.html)
        assert lang == locale
        assert GREETING[locale].format(name=message.recipient.first_name) in text
        assert SIGNATURE[locale] in text
        if event not in ("person_registered", "contact_revealed", "sponsorship_started",
                         "sponsor_interested", "no_show_recorded", "pledge_closed", "sign_in_requested",
                         "outcome_question_due"):
            assert kind_name(kind, locale, in_sentence=True) in message.subject + message.body
        if event not in ("person_registered", "pledge_made", "pledge_closed", "sign_in_requested",
                         "outcome_question_due"):
            other = next(p for pid, p in people.items() if pid != message.recipient.person_id)
            assert other.display_name in message.body
            assert other.display_name in text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", sorted(DIGEST_SAMPLES))
def test_every_digest_is_a_complete_letter_in_the_readers_language(kind, locale):
    seeker, _ = pair(locale)
    message = domain.digest_message(kind, seeker, **DIGEST_SAMPLES[kind])
    assert message.email and message.subject and "\n" not in message.subject
    assert message.body.startswith(GREETING[locale].format(name="Ada"))
    assert message.body.rstrip().endswith(SIGNATURE[locale])
    lang, text = html_text(message.html)
    assert lang == locale and SIGNATURE[locale] in text
    for value in DIGEST_SAMPLES[kind].get("items", DIGEST_SAMPLES[kind].get("cards")):
        shown = value.get("subject", value.get("display_name"))
        assert shown in message.body and shown in text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("event", sorted(EVENT_TEMPLATES))
def test_a_message_names_the_other_person_as_others_see_them_and_never_more(event, locale):
    seeker, donor, found = messages(event, locale)
    people = {seeker.person_id: seeker, donor.person_id: donor}
    for message in found:
        text = message.subject + message.body + message.html + (message.attachment or "")
        for pid, person in people.items():
            if pid != message.recipient.person_id:
                assert person.full_name not in text
                assert person.last_name not in text
                assert person.email not in text
        assert message.recipient.email not in text


def test_html_parts_escape_what_people_wrote():
    seeker, donor = pair("en")
    evil = Contact(donor.person_id, "<script>x</script>", "Émile", donor.email, "en", TOKYO)
    (message,) = messages_for("contact_revealed", payload("contact_revealed", seeker, donor),
                              {seeker.person_id: seeker, donor.person_id: evil})[:1]
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html


def test_every_kind_of_help_has_a_label_in_every_locale():
    for locale in LOCALES:
        for kind in REQUEST_KINDS:
            name = kind_name(kind, locale, in_sentence=True)
            assert name and not name.startswith("kind."), (kind, locale)


def test_every_event_notifications_consumes_has_a_category_or_is_bookkeeping():
    bookkeeping = {"profile_updated", "person_blocked", "person_erased"}
    consumed = {contract.name for contract in events.consumed_by("notifications")}
    assert consumed - bookkeeping == set(EVENT_TEMPLATES) | set(ADDRESS_TEMPLATES)
    assert set(EVENT_TEMPLATES) | set(ADDRESS_TEMPLATES) <= set(EVENT_CATEGORIES)


# --- what each event tells whom ---------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_a_message_tells_only_the_other_person_who_wrote_and_links_to_the_match(locale):
    seeker, donor, found = messages("message_posted", locale)
    (told,) = found
    assert told.recipient == seeker and told.email and told.category == "messages"
    assert donor.display_name in told.subject
    for part in (told.body, told.html):
        assert MATCH_LINK in part
        # Neither the author's address nor their full name; the message's text is not there at
        # all (the event does not carry it).
        assert donor.email not in part and donor.last_name not in part


def confirmation(locale, purpose="registration"):
    return {"person_id": uuid.uuid4(), "purpose": purpose, "email": "zoe@example.org",
            "first_name": "Zoé", "last_name": "Faure", "link_token": "L" * 43,
            "expires_at": datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc), "locale": locale,
            "timezone": PARIS}


@pytest.mark.parametrize("locale, subject, words", [
    ("en", "Confirm your address to finish signing up to Binôme", "create your account"),
    ("fr", "Confirmez votre adresse pour terminer votre inscription à Binôme",
     "créer votre compte"),
])
def test_a_registration_is_confirmed_by_a_link_emailed_to_the_address_it_gave(locale, subject,
                                                                              words):
    message = domain.address_confirmation(confirmation(locale), LINKS)
    assert (message.recipient.email, message.email, message.category) == (
        "zoe@example.org", True, "sign_in")  # never held by quiet hours, the cap or a digest
    assert message.subject == subject
    link = "https://binome.example/sign-in/" + "L" * 43
    assert words in message.body and link in message.body
    assert f'href="{link}"' in message.html
    # When it expires, where they live: 12:00 UTC is 14:00 in Paris.
    assert says_when(message.body, {"en": ("Monday 1 June", "14:00", "(Paris Time)"),
                                    "fr": ("lundi 1 juin", "14:00", "(heure : Paris)")}[locale])


def test_a_change_of_address_is_confirmed_by_a_link_to_the_new_one():
    message = domain.address_confirmation(confirmation("en", "email_change"), LINKS)
    assert message.subject == "Confirm your new address for Binôme"
    assert "use this address for your Binôme account" in message.body


def test_someone_registering_a_registered_address_sends_its_owner_a_sign_in_link_saying_so():
    seeker, _ = pair("en")
    data = {"person_id": seeker.person_id, "link_token": "L" * 43, "locale": "en",
            "expires_at": datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc),
            "reason": "registration"}
    (message,) = domain.messages_for("sign_in_requested", data, {seeker.person_id: seeker},
                                     links=LINKS)
    assert "Someone asked to register on Binôme with this address" in message.email_body
    assert "https://binome.example/sign-in/" + "L" * 43 in message.email_body
    assert "L" * 43 not in message.body  # the inbox line

def test_registration_welcomes_the_person_in_the_inbox_only():
    seeker, _, (welcome,) = messages("person_registered", "fr")
    assert welcome.recipient == seeker
    assert welcome.subject == "Bienvenue sur Binôme, Ada"
    assert welcome.email is False


def test_a_proposal_emails_the_seeker_with_the_reasons_and_the_donor_with_who_it_went_to():
    seeker, donor, (to_seeker, to_donor) = messages("match_proposed", "en")
    assert (to_seeker.recipient, to_seeker.email) == (seeker, True)
    # The donor (a mentor, a sponsor) is emailed too, as their preferences for matches say.
    assert (to_donor.recipient, to_donor.email, to_donor.category) == (donor, True, "matches")
    assert "- works in Software development, the job you are aiming for\n" in to_seeker.body
    assert "<li>you both speak fr</li>" in to_seeker.html
    assert to_seeker.subject == "Bruno É. can help you: coffee"
    assert "Ada L." in to_donor.body and "Lovelace" not in to_donor.body
    for told in (to_seeker, to_donor):  # both lead to the proposal's page
        assert MATCH_LINK in told.body and f'href="{MATCH_LINK}"' in told.html


@pytest.mark.parametrize("locale, kind, said", [
    ("en", "lunch_mentoring", "Proposed: your lunch with a mentor for Ada L."),
    ("fr", "lunch_mentoring", "Proposition : votre aide (déjeuner avec un mentor) pour Ada L."),
    ("en", "sponsorship", "We suggested you as a sponsor to Ada L."),
    ("fr", "sponsorship", "Nous avons proposé votre parrainage à Ada L.")])
def test_mentors_and_sponsors_are_emailed_a_proposal_in_their_language(locale, kind, said):
    _, donor, (_, to_donor) = messages("match_proposed", locale, kind=kind)
    assert to_donor.recipient == donor and to_donor.email
    assert to_donor.subject == said


def test_an_acceptance_tells_both_sides_and_only_meetings_mention_finding_a_time():
    seeker, donor, found = messages("match_accepted", "en", kind="coffee")
    assert {m.recipient for m in found} == {seeker, donor}
    assert all("looking for a time" in m.body and not m.email for m in found)
    _, _, reviews = messages("match_accepted", "en", kind="cv_review")
    assert all("get in touch" in m.body and "looking for a time" not in m.body for m in reviews)


def test_a_pledge_is_acknowledged_by_email_with_what_and_until_when():
    _, donor, (thanks,) = messages("pledge_made", "en")
    assert thanks.recipient == donor and thanks.email
    assert thanks.subject == "Thank you: your pledge of 3 × coffee is received"
    assert has_dated(thanks.body, "until Friday 31 July.")
    assert "https://binome.example/donor" in thanks.body


@pytest.mark.parametrize("locale, helped, says", [
    ("en", 3, "3 people helped"), ("en", 1, "1 person helped"),
    ("fr", 3, "3 personnes aidées"), ("fr", 1, "1 personne aidée")])
def test_a_fulfilled_pledge_tells_the_donor_how_many_people_it_helped(locale, helped, says):
    seeker, donor = pair(locale)
    (message,) = messages_for("pledge_closed", payload("pledge_closed", seeker, donor),
                              {donor.person_id: donor},
                              {"kind": "cv_review", "quantity": 3, "people_helped": helped})
    assert message.recipient == donor and message.email
    assert says in message.subject
    assert kind_name("cv_review", locale, in_sentence=True) in message.body


@pytest.mark.parametrize("status", ["withdrawn", "expired"])
def test_a_pledge_withdrawn_or_expired_tells_nobody(status):
    seeker, donor = pair("en")
    assert messages_for("pledge_closed", payload("pledge_closed", seeker, donor, status=status),
                        {donor.person_id: donor}) == []


def test_a_fulfilled_pledge_made_before_notifications_knew_of_it_still_reads_well():
    seeker, donor = pair("en")
    (message,) = messages_for("pledge_closed", payload("pledge_closed", seeker, donor),
                              {donor.person_id: donor}, {})
    assert "0 people helped" in message.subject and "()" not in message.body


def test_proposed_slots_are_shown_to_the_chooser_on_their_own_clock_with_place_and_deadline():
    seeker, _, (message,) = messages("meeting_proposed", "fr")
    assert message.recipient == seeker and message.email
    # Each slot a span on the chooser's clock, with its weekday: "mardi 2 juin, 12:00 – 12:30".
    assert has_dated(message.body, "- mardi 2 juin, 12:00\u2009–\u200912:30 (heure : Paris)\n")
    assert has_dated(message.body, "- mercredi 3 juin, 12:15\u2009–\u200912:45 (heure : Paris)\n")
    assert "Où : Café Lomi, Paris 18e" in message.body
    assert has_dated(message.body, "avant le lundi 1 juin, 20:00 (heure : Paris)")
    assert MATCH_LINK in message.body
    assert message.subject.startswith("Choisissez un moment")


def test_a_meeting_being_moved_says_the_booking_stands_until_a_new_time_is_picked():
    _, _, (message,) = messages("meeting_proposed", "en", rescheduling=True)
    assert message.subject.startswith("Pick a new time")
    assert "the current booking stands" in message.body


@pytest.mark.parametrize("locale", LOCALES)
def test_a_confirmed_meeting_emails_the_invite_to_both_attendees_each_on_their_clock(locale):
    seeker, donor, found = messages("meeting_confirmed", locale)
    by_recipient = {m.recipient: m for m in found}
    assert set(by_recipient) == {seeker, donor}
    assert all(m.email and m.attachment == INVITE and m.attachment_method == "REQUEST"
               for m in found)
    assert says_when(by_recipient[seeker].subject, SEEKER_START[locale])
    assert says_when(by_recipient[donor].subject, DONOR_START[locale])
    assert "Bruno É." in by_recipient[seeker].body and "Ada L." in by_recipient[donor].body
    assert all("https://visio.binome.example/42" in m.body for m in found)


def test_a_moved_meeting_tells_both_the_old_and_new_time_with_the_updated_invite():
    seeker, donor, found = messages("meeting_rescheduled", "en")
    to_seeker = next(m for m in found if m.recipient == seeker)
    assert has_dated(to_seeker.subject,
                     "Moved: coffee with Bruno É., now Tuesday 2 June, 12:00 (Paris Time)")
    assert has_dated(to_seeker.body, "from Monday 1 June, 12:00 (Paris Time) to Tuesday 2 June, "
                                     "12:00 (Paris Time)")
    assert all(m.email and m.attachment == INVITE for m in found)


def test_a_cancelled_booking_withdraws_the_invite_from_both_calendars():
    seeker, donor, found = messages("meeting_cancelled", "en")
    by_recipient = {m.recipient: m for m in found}
    assert all(m.email and m.attachment == CANCEL and m.attachment_method == "CANCEL"
               for m in found)
    assert "Bruno É. cancelled your coffee" in by_recipient[seeker].body
    assert "As you asked" in by_recipient[donor].body


def test_cancelled_proposals_email_only_the_one_who_did_not_cancel():
    seeker, donor, found = messages("meeting_cancelled", "fr", start=None, invite=None)
    by_recipient = {m.recipient: m for m in found}
    assert by_recipient[seeker].email and not by_recipient[donor].email
    assert all(m.attachment is None for m in found)


def test_a_meeting_nobody_answered_is_called_off_for_both():
    seeker, donor, found = messages("meeting_cancelled", "en", cancelled_by=None,
                                    reason="no_answer", start=None, invite=None)
    assert all(m.email and "no time was picked" in m.body for m in found)


@pytest.mark.parametrize("locale, left", [("en", "left Binôme"), ("fr", "a quitté Binôme")])
def test_the_partner_of_someone_who_left_is_told_without_their_name(locale, left):
    seeker, donor = pair(locale)
    # The event names the partner alone: the donor erased their account.
    data = payload("meeting_cancelled", seeker, donor, attendee_ids=[str(seeker.person_id)],
                   cancelled_by=None, reason="erased", invite=CANCEL)
    (told,) = messages_for("meeting_cancelled", data, {seeker.person_id: seeker})
    assert told.recipient == seeker and told.email and told.attachment == CANCEL
    assert left in told.body and domain.FORMER_MEMBER[locale] in told.subject
    assert not [word for word in (donor.first_name, donor.last_name)
                if word in told.subject + told.body + told.html]


@pytest.mark.parametrize("hours, opening", [(24, "Tomorrow"), (1, "In one hour")])
def test_reminders_say_when_and_where_to_both(hours, opening):
    seeker, donor, found = messages("meeting_reminder_due", "en", hours_before=hours)
    assert {m.recipient for m in found} == {seeker, donor}
    assert all(m.subject.startswith(opening) and "Café Lomi" in m.body and m.email for m in found)


def test_after_the_meeting_both_are_asked_whether_they_met():
    seeker, donor, found = messages("feedback_requested", "fr")
    assert {m.recipient for m in found} == {seeker, donor}
    assert {m.subject for m in found} == {"Avez-vous rencontré Bruno É. ?",
                                          "Avez-vous rencontré Ada L. ?"}


def test_a_no_show_tells_only_the_absent_person_and_asks_them_to_confirm_when_paused():
    seeker, _, (message,) = messages("no_show_recorded", "en")
    assert message.recipient == seeker and message.email
    assert "are you still available" in message.subject
    _, _, (mild,) = messages("no_show_recorded", "en", paused=False, no_shows=1)
    assert not mild.email and "paused" not in mild.body


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
    with pytest.raises(ValueError, match="help_requested"):
        messages_for("help_requested", {}, {seeker.person_id: seeker, donor.person_id: donor})


def test_the_same_event_has_the_same_key_whatever_message_brought_it():
    seeker, donor = pair("en")
    data = payload("meeting_confirmed", seeker, donor)
    again = events.MEETING_CONFIRMED.validate(events.MEETING_CONFIRMED.to_wire(data))
    assert domain.event_key("meeting_confirmed", data) == domain.event_key("meeting_confirmed",
                                                                           again)
    moved = {**data, "sequence": 1}
    assert domain.event_key("meeting_confirmed", moved) != domain.event_key("meeting_confirmed",
                                                                            data)


# --- StrictUndefined --------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_a_missing_template_variable_is_an_error_not_a_blank(locale):
    seeker, _ = pair(locale)
    with pytest.raises(UndefinedError, match="other"):
        render("match_accepted", seeker, kind="coffee")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", sorted(DIGEST_SAMPLES))
def test_a_digest_missing_a_variable_is_an_error_not_a_blank(kind, locale):
    seeker, _ = pair(locale)
    with pytest.raises(UndefinedError):
        domain.digest_message(kind, seeker)


def test_a_kind_without_a_label_is_an_error_not_a_blank():
    seeker, _ = pair("en")
    with pytest.raises(KeyError):
        render("match_accepted", seeker, other="Bruno", kind="juggling_lesson")


def test_render_splits_the_first_line_off_as_the_subject():
    seeker, _ = pair("en")
    subject, body, html = render("welcome", seeker, link="https://binome.example/home")
    assert subject == "Welcome to Binôme, Ada"
    assert body.startswith("Hello Ada,\n")
    assert "<title>Welcome to Binôme, Ada</title>" in html


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


def test_an_address_with_an_accent_before_the_at_is_written_whole_in_the_recipient():
    from email.message import EmailMessage

    from services.notifications import channels
    written = channels._address("Séverine, Test", "séverine.roux@example.org")
    message = EmailMessage()
    message["To"] = written
    (address,) = message["To"].addresses
    assert (address.display_name, address.addr_spec) == ("Séverine, Test",
                                                         "séverine.roux@example.org")


# --- turnaround (issue 14) ----------------------------------------------------------------------

@pytest.mark.parametrize("locale, halfway, last_day", [
    ("en", "Halfway", "Due within a day"), ("fr", "À mi-parcours", "Dernier jour")])
def test_the_donor_is_reminded_of_the_deadline_on_their_own_clock_with_a_link(locale, halfway,
                                                                              last_day):
    for reminder, said in (("halfway", halfway), ("last_day", last_day)):
        seeker, donor, (told,) = messages("delivery_reminder_due", locale, "cv_review",
                                          reminder=reminder)
        assert told.recipient == donor and told.email and told.category == "reminders"
        assert told.subject.startswith(said) and seeker.display_name in told.subject
        # 10:00 UTC is 19:00 in Tokyo, where the donor lives.
        for part in (told.subject, told.body, told.html):
            assert says_when(part, DONOR_START[locale])
        assert MATCH_LINK in told.body + told.html


@pytest.mark.parametrize("locale", LOCALES)
def test_a_request_moved_on_tells_the_seeker_and_asks_the_donor_if_they_still_want_to_help(
        locale):
    seeker, donor, found = messages("match_reassigned", locale, "cv_review")
    to_seeker, to_donor = found
    assert (to_seeker.recipient, to_donor.recipient) == (seeker, donor)
    assert all(m.email and m.category == "matches" for m in found)
    assert "https://binome.example/seeker" in to_seeker.body + to_seeker.html
    assert "https://binome.example/donor" in to_donor.body + to_donor.html
    paused = {"en": "paused", "fr": "en pause"}[locale]
    still = {"en": "still want to help", "fr": "toujours aider"}[locale]
    for part in (to_donor.subject, to_donor.body, to_donor.html):
        assert paused in part and still in part
    finding = {"en": "another donor", "fr": "quelqu'un d'autre"}[locale]
    assert finding in to_seeker.subject


def test_the_seeker_who_asked_is_told_it_was_done_as_they_asked():
    _, _, (to_seeker, _) = messages("match_reassigned", "en", "cv_review",
                                    reason="asked_by_seeker")
    assert "As you asked" in to_seeker.body
    _, _, (to_seeker, _) = messages("match_reassigned", "en", "cv_review")
    assert "As you asked" not in to_seeker.body and "nor in the days after" in to_seeker.body


@pytest.mark.parametrize("locale", LOCALES)
def test_the_question_three_months_on_has_one_click_answers_by_email_only(locale):
    seeker, _, found = messages("outcome_question_due", locale)
    (asked,) = found
    assert asked.recipient == seeker and asked.email and asked.category == "feedback"
    link = "https://binome.example/outcomes/" + "o" * 43
    for situation in ("found_job", "in_training", "still_looking"):
        assert f"{link}?situation={situation}" in asked.email_body
        assert f"{link}?situation={situation}" in asked.email_html
    # The inbox, read by any of the person's sessions for months, never holds the link: it
    # links to the question's page for the person signed in.
    assert "o" * 43 not in asked.body and "o" * 43 not in asked.html
    assert "https://binome.example/outcomes\n" in asked.body
    assert 'href="https://binome.example/outcomes"' in asked.html


# --- help given and reviews (issue 14) -----------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_a_review_returned_tells_the_seeker_with_a_link_and_not_the_comments(locale):
    seeker, donor, found = messages("help_given", locale, kind="cv_review")
    (told,) = found
    assert told.recipient == seeker and told.email and told.category == "matches"
    assert donor.display_name in told.subject
    assert kind_name("cv_review", locale, in_sentence=True) in told.subject
    for part in (told.body, told.html):
        assert MATCH_LINK in part
        assert donor.email not in part and donor.last_name not in part


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("how, kind", [("introduction_confirmed", "network_intro"),
                                       ("meeting_held", "coffee")])
def test_an_introduction_confirmed_or_a_meeting_held_thanks_the_donor(locale, how, kind):
    seeker, donor, found = messages("help_given", locale, kind=kind, how=how)
    (told,) = found
    assert told.recipient == donor and told.email and told.category == "matches"
    assert seeker.display_name in told.subject and seeker.display_name in told.body
    assert kind_name(kind, locale, in_sentence=True) in told.body
    assert MATCH_LINK in told.body
    _, text = html_text(told.html)
    assert seeker.display_name in text
    if how == "introduction_confirmed":
        assert {"en": "introduction", "fr": "mise en relation"}[locale] in told.body


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("thanked", [True, False])
def test_a_rating_tells_the_donor_the_mark_and_whether_they_were_thanked(locale, thanked):
    seeker, donor, found = messages("review_rated", locale, kind="cover_letter_review",
                                    rating=3, thanked=thanked)
    (told,) = found
    assert told.recipient == donor and told.email and told.category == "feedback"
    assert "3/5" in told.subject and seeker.display_name in told.subject
    assert ({"en": "thanked you", "fr": "vous remercie"}[locale] in told.subject) == thanked
    assert MATCH_LINK in told.body
