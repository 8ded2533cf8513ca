"""What each person is told about each event, rendered from Jinja2 templates (rendering.py).

Every message has a subject that says what happened, a plain-text and an HTML part in the
reader's language, a category (preferences.py decides from it when and whether it is emailed) and,
for meetings, the iCalendar invite to attach.
"""
import hashlib
import json
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.utils import format_datetime

from shared import explanations
from shared.contracts.kinds import LOCALES
from shared.names import display_name

from . import headers, links as pages, rendering
from .preferences import EVENT_CATEGORIES

TEMPLATES = rendering.TEMPLATES

# How someone who erased their account is named in the messages of people they had met.
FORMER_MEMBER = {locale: rendering.gettext(locale, rendering.FORMER_MEMBER) for locale in LOCALES}


@dataclass(frozen=True)
class Contact:
    person_id: object
    first_name: str
    last_name: str
    email: str
    locale: str
    timezone: str

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self):
        # How the *other* person is named in a message: never more than others may see.
        return display_name(self.first_name, self.last_name)


@dataclass(frozen=True)
class Message:
    """One thing to tell one person; `email` says whether it also goes by email."""
    recipient: Contact
    event: str
    subject: str
    body: str
    email: bool
    attachment: str | None = None
    html: str = ""
    category: str = ""
    # The invite's iCalendar METHOD: REQUEST (a booking or a change) or CANCEL.
    attachment_method: str = "REQUEST"
    # What the email says when it must say more than the inbox keeps: a sign-in link is emailed,
    # never written in the inbox, which any of the person's sessions can read for months.
    email_body: str | None = None
    email_html: str | None = None


def event_key(event, data):
    """The same for every delivery of one event, whatever message id it came with: the event's
    name and a digest of its payload. Deliveries are deduplicated on it per recipient and channel."""
    canonical = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return f"{event}:{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"


def delivery_key(key, person_id, channel):
    return f"{key}:{person_id}:{channel}"


def render(template, contact, **values):
    """(subject, text, html) of a template for a reader, in their language, on their clock."""
    return rendering.render(template, contact.locale, contact.timezone, name=contact.first_name,
                            **values)


def messages_for(event, data, contacts, facts=None, links=None):
    """The messages an event produces; `contacts` maps person id to Contact, and `facts` holds
    what notifications knows besides the event (a pledge's kind and the people it helped).
    Each message links to the page where its reader acts (`links`: links.Links)."""
    facts = facts or {}
    links = links or pages.Links()
    match = links.match(data["match_id"]) if data.get("match_id") else links.page(pages.HOME)
    if event == "person_registered":
        person = contacts[data["person_id"]]
        return [_message(person, "welcome", event, email=False, link=links.page(pages.HOME))]
    if event == "pledge_made":
        donor = contacts[data["person_id"]]
        return [_message(donor, "pledge_received", event, email=True, kind=data["kind"],
                         quantity=data["quantity"], valid_until=data["valid_until"],
                         link=links.page(pages.DONOR))]
    if event == "pledge_closed":
        if data["status"] != "fulfilled":
            return []
        donor = contacts[data["person_id"]]
        return [_message(donor, "pledge_fulfilled", event, email=True, kind=facts.get("kind"),
                         quantity=facts.get("quantity"),
                         people_helped=facts.get("people_helped", 0),
                         link=links.page(pages.DONOR))]
    if event == "match_proposed":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        # Both by email, as each one's preferences for matches say: the seeker answers the
        # proposal, the donor (or mentor, or sponsor) sees who it went to and may write first.
        return [
            _message(seeker, "match_proposed_seeker", event, email=True, other=donor.display_name,
                     kind=data["kind"], reasons=explanations.words(data["reasons"], seeker.locale),
                     deadline=data.get("expires_at"), link=match),
            _message(donor, "match_proposed_donor", event, email=True, other=seeker.display_name,
                     kind=data["kind"], link=match),
        ]
    if event == "match_accepted":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        return [_message(donor, "match_accepted", event, email=False, other=seeker.display_name,
                         kind=data["kind"], link=match),
                _message(seeker, "match_accepted", event, email=False, other=donor.display_name,
                         kind=data["kind"], link=match)]
    if event == "sponsorship_started":
        sponsor, seeker = contacts[data["sponsor_id"]], contacts[data["seeker_id"]]
        return [_message(sponsor, "sponsorship_started_sponsor", event, email=True,
                         other=seeker.display_name, link=links.page(pages.SPONSORED)),
                _message(seeker, "sponsorship_started_seeker", event, email=True,
                         other=sponsor.display_name, link=links.page(pages.SPONSORS))]
    if event == "message_posted":
        author, reader = contacts[data["author_id"]], contacts[data["recipient_id"]]
        # Who wrote and where to read it, never what: an email leaves Binôme for good (an erasure
        # cannot recall it), and the inbox is read by any of the person's sessions for months.
        return [_message(reader, "message_posted", event, email=True, other=author.display_name,
                         kind=data["kind"], link=match)]
    if event == "help_given":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        # The one who did not act is told: the seeker that their review is back, the donor that
        # the introduction they made (or the meeting they held) counts.
        if data["how"] == "review_returned":
            return [_message(seeker, "review_returned", event, email=True,
                             other=donor.display_name, kind=data["kind"], link=match)]
        return [_message(donor, "help_counted", event, email=True, other=seeker.display_name,
                         kind=data["kind"], how=data["how"], link=match)]
    if event == "review_rated":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        # The rating and that thanks were left; the thanks' text is read on the match page.
        return [_message(donor, "review_rated", event, email=True, other=seeker.display_name,
                         kind=data["kind"], rating=data["rating"], thanked=data["thanked"],
                         link=match)]
    if event == "sponsor_interested":
        sponsor, seeker = contacts[data["sponsor_id"]], contacts[data["seeker_id"]]
        # Only the sponsor's first name and initial: their contact comes once the seeker says yes.
        return [_message(seeker, "sponsor_interested", event, email=True,
                         other=sponsor.display_name, link=links.page(pages.SPONSORS))]
    if event == "contact_revealed":
        first, second = contacts[data["person_id"]], contacts[data["other_id"]]
        return [_message(me, "contact_revealed", event, email=False, other=other.display_name,
                         link=links.page(pages.HOME))
                for me, other in ((first, second), (second, first))]
    if event == "meeting_proposed":
        chooser, other = contacts[data["chooser_id"]], contacts[data["other_id"]]
        return [_message(chooser, "meeting_proposed", event, email=True, other=other.display_name,
                         kind=data["kind"], location=data["location"],
                         rescheduling=data["rescheduling"], expires=data["expires_at"],
                         slots=data["slots"], link=match)]
    if event in ("meeting_confirmed", "meeting_rescheduled"):
        return [_message(me, event, event, email=True, other=other.display_name,
                         kind=data["kind"], start=data["start"],
                         previous=data.get("previous_start"), location=data["location"],
                         attachment=data["invite"], link=match)
                for me, other in _both(data, contacts)]
    if event == "meeting_cancelled":
        return [_message(me, "meeting_cancelled", event,
                         # The one who cancelled knows: an email only to withdraw the invite.
                         email=data["invite"] is not None or data["cancelled_by"] != me.person_id,
                         other=other.display_name if other else FORMER_MEMBER[me.locale],
                         kind=data["kind"], reason=data["reason"],
                         by_me=data["cancelled_by"] == me.person_id,
                         by_other=other is not None and data["cancelled_by"] == other.person_id,
                         start=data["start"], link=match,
                         attachment=data["invite"], attachment_method="CANCEL")
                for me, other in _both_or_alone(data, contacts)]
    if event == "meeting_reminder_due":
        return [_message(me, "meeting_reminder", event, email=True, other=other.display_name,
                         kind=data["kind"], start=data["start"],
                         location=data["location"], hours_before=data["hours_before"], link=match)
                for me, other in _both(data, contacts)]
    if event == "feedback_requested":
        return [_message(me, "feedback_requested", event, email=True, other=other.display_name,
                         kind=data["kind"], start=data["start"], link=match)
                for me, other in _both(data, contacts)]
    if event == "sign_in_requested":
        return [_sign_in(contacts[data["person_id"]], data, links)]
    # --- turnaround (issue 14): the donor's reminders, and a request moved to another donor
    if event == "delivery_reminder_due":
        donor, seeker = contacts[data["donor_id"]], contacts[data["seeker_id"]]
        return [_message(donor, "delivery_reminder", event, email=True, other=seeker.display_name,
                         kind=data["kind"], reminder=data["reminder"],
                         deadline=data["deadline"], link=match)]
    if event == "match_reassigned":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        # Neither is told more of the other than before; the donor is asked whether they still
        # want to help (their unit waits, paused, on their pledges page).
        return [_message(seeker, "match_reassigned_seeker", event, email=True,
                         other=donor.display_name, kind=data["kind"],
                         asked=data["reason"] == "asked_by_seeker",
                         link=links.page(pages.SEEKER)),
                _message(donor, "match_reassigned_donor", event, email=True,
                         other=seeker.display_name, kind=data["kind"],
                         deadline=data["deadline"], link=links.page(pages.DONOR))]
    if event == "outcome_question_due":
        return [_outcome_question(contacts[data["person_id"]], links.outcome(data["token"]),
                                  links.page(pages.OUTCOMES))]
    if event == "no_show_recorded":
        absent, reporter = contacts[data["person_id"]], contacts[data["reported_by"]]
        return [_message(absent, "no_show_recorded", event, email=data["paused"],
                         other=reporter.display_name, paused=data["paused"],
                         no_shows=data["no_shows"], link=links.page(pages.HOME))]
    raise ValueError(f"no message for {event}")


def people_of(event, data):
    """Who an event is about (and whose blocks and erasure stop it), in a stable order."""
    if event in ("person_registered", "pledge_made", "pledge_closed", "sign_in_requested",
                 "outcome_question_due"):
        return [data.get("person_id")]
    if event in ("match_proposed", "match_accepted", "help_given", "review_rated"):
        return [data["seeker_id"], data["donor_id"]]
    if event in ("sponsorship_started", "sponsor_interested"):
        return [data["sponsor_id"], data["seeker_id"]]
    if event == "contact_revealed":
        return [data["person_id"], data["other_id"]]
    if event == "message_posted":
        return [data["author_id"], data["recipient_id"]]
    if event == "meeting_proposed":
        return [data["chooser_id"], data["other_id"]]
    if event == "no_show_recorded":
        return [data["person_id"], data["reported_by"]]
    if event in ("delivery_reminder_due", "match_reassigned"):
        return [data["seeker_id"], data["donor_id"]]
    return list(data["attendee_ids"])


def _sign_in(contact, data, links):
    """The link by email; in the inbox only that it was sent and until when it works."""
    # In the language the person asked in (their browser's), which may not be their profile's.
    contact = replace(contact, locale=data["locale"])
    expires = data["expires_at"]
    # Someone (the owner, we hope) tried to register this person's address again.
    registering = data.get("reason") == "registration"
    # Back to the page the person was on when asked to sign in, if any.
    link = links.sign_in(data["link_token"], data.get("next"))
    home = links.page(pages.HOME)
    notice = _message(contact, "sign_in", "sign_in_requested", email=True, link=None,
                      home_link=home, expires=expires, registering=registering)
    letter = _message(contact, "sign_in", "sign_in_requested", email=True, link=link,
                      home_link=home, expires=expires, registering=registering)
    return replace(notice, email_body=letter.body, email_html=letter.html)


def _outcome_question(contact, link, inbox_link):
    """Three months on: the one-click answers by email; in the inbox a link to the question's
    page for the person signed in. The emailed link answers without signing in, so it is kept
    out of the inbox (read by any of the person's sessions for months) as a sign-in link is; the
    inbox's link is also what the daily digest carries when the person wants no instant email."""
    notice = _message(contact, "outcome_question", "outcome_question_due", email=True, link=None,
                      inbox_link=inbox_link)
    letter = _message(contact, "outcome_question", "outcome_question_due", email=True, link=link,
                      inbox_link=inbox_link)
    return replace(notice, email_body=letter.body, email_html=letter.html)


def address_confirmation(data, links=None):
    """The email that proves an address: for a registration (nobody knows the person yet) or a
    change of address, sent to that address, in the language the person registered in."""
    contact = Contact(data["person_id"], data["first_name"], data["last_name"], data["email"],
                      data["locale"], data["timezone"])
    link = (links or pages.Links()).sign_in(data["link_token"])
    return _message(contact, "confirm_address", "address_confirmation_requested", email=True,
                    link=link, expires=data["expires_at"],
                    change=data["purpose"] == "email_change")


def _both(data, contacts):
    first, second = (contacts[i] for i in data["attendee_ids"])
    return ((first, second), (second, first))


def _both_or_alone(data, contacts):
    """(reader, other) for each attendee; the other is None for the partner of someone who
    erased their account, whom the event no longer names."""
    if len(data["attendee_ids"]) == 1:
        return ((contacts[data["attendee_ids"][0]], None),)
    return _both(data, contacts)


# Where each digest leads: the inbox, or the sponsor's deck.
DIGEST_PAGES = {"daily_digest": pages.INBOX, "weekly_digest": pages.INBOX,
                "sponsor_cards": pages.SPONSOR}


def digest_message(kind, contact, links=None, **values):
    """A digest (daily_digest, weekly_digest, sponsor_cards) for one reader."""
    link = (links or pages.Links()).page(DIGEST_PAGES[kind])
    return _message(contact, kind, kind, email=True, link=link, **values)


def _message(contact, template, event, email, attachment=None, attachment_method="REQUEST",
             **values):
    subject, body, html = render(template, contact, **values)
    return Message(contact, event, subject, body, email, attachment, html,
                   EVENT_CATEGORIES[event], attachment_method)


def email_message(delivery_id, sender, to, subject, body, attachment=None, now=None, html=None,
                  attachment_method="REQUEST"):
    """The RFC 5322 email: plain text and HTML as alternatives, and the invite attached.

    The Message-ID comes from the delivery id so that a resend after a crash is recognisable.
    Every header value goes through headers.py, whatever the row holds; a To or From that is not
    one mailbox raises headers.NotOneMailbox (the sender parks that email).
    """
    message = EmailMessage()
    message["From"] = headers.address(sender)
    message["To"] = headers.address(to)
    message["Subject"] = headers.header_text(subject)
    message["Message-ID"] = f"<{delivery_id}@binome.example>"
    if now is not None:
        message["Date"] = format_datetime(now)
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    if attachment:
        # As text, so that the part says charset=utf-8 and accented names arrive intact.
        message.add_attachment(attachment, subtype="calendar", filename="invite.ics",
                               params={"method": attachment_method})
    return message
