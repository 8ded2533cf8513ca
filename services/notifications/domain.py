"""What each person is told about each event, rendered from Jinja2 templates.

A template's first line is the subject; the rest is the plain-text body. StrictUndefined makes a
missing variable an error instead of a silent blank in someone's inbox.
"""
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from shared.names import display_name

TEMPLATES = Path(__file__).parent / "templates"
_environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                           autoescape=False, keep_trailing_newline=False)

# How someone who erased their account is named in the messages of people they had met.
FORMER_MEMBER = {"en": "a former member", "fr": "un ancien membre"}

KIND_LABELS = {
    "en": {"cv_review": "CV review", "cover_letter_review": "cover-letter review",
           "coffee": "coffee", "mock_interview": "mock interview", "network_intro": "introduction",
           "lunch_mentoring": "lunch with a mentor"},
    "fr": {"cv_review": "relecture de CV", "cover_letter_review": "relecture de lettre",
           "coffee": "café", "mock_interview": "entretien blanc", "network_intro": "mise en relation",
           "lunch_mentoring": "déjeuner avec un mentor"},
}


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


def _when(moment, contact):
    local = moment.astimezone(ZoneInfo(contact.timezone))
    return local.strftime("%d/%m/%Y %H:%M") + f" ({contact.timezone})"


def render(template, contact, **values):
    text = _environment.get_template(f"{contact.locale}/{template}.txt").render(
        name=contact.first_name, kind_label=KIND_LABELS[contact.locale], **values)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def messages_for(event, data, contacts):
    """The messages an event produces; `contacts` maps person id to Contact."""
    if event == "person_registered":
        person = contacts[data["person_id"]]
        return [_message(person, "welcome", event, email=False)]
    if event == "match_proposed":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        return [
            _message(seeker, "match_proposed_seeker", event, email=True, other=donor.display_name,
                     kind=data["kind"], reasons=data["reasons"]),
            _message(donor, "match_proposed_donor", event, email=False, other=seeker.display_name,
                     kind=data["kind"]),
        ]
    if event == "match_accepted":
        seeker, donor = contacts[data["seeker_id"]], contacts[data["donor_id"]]
        return [_message(donor, "match_accepted", event, email=False, other=seeker.display_name,
                         kind=data["kind"]),
                _message(seeker, "match_accepted", event, email=False, other=donor.display_name,
                         kind=data["kind"])]
    if event == "meeting_proposed":
        chooser, other = contacts[data["chooser_id"]], contacts[data["other_id"]]
        return [_message(chooser, "meeting_proposed", event, email=True, other=other.display_name,
                         kind=data["kind"],
                         slots=[_when(s["start"], chooser) for s in data["slots"]])]
    if event == "meeting_confirmed":
        first, second = (contacts[i] for i in data["attendee_ids"])
        return [_message(me, "meeting_confirmed", event, email=True, other=other.display_name,
                         kind=data["kind"], when=_when(data["start"], me),
                         location=data["location"], attachment=data["invite"])
                for me, other in ((first, second), (second, first))]
    if event == "sponsorship_started":
        sponsor, seeker = contacts[data["sponsor_id"]], contacts[data["seeker_id"]]
        return [_message(sponsor, "sponsorship_started_sponsor", event, email=True,
                         other=seeker.display_name),
                _message(seeker, "sponsorship_started_seeker", event, email=True,
                         other=sponsor.display_name)]
    if event == "contact_revealed":
        first, second = contacts[data["person_id"]], contacts[data["other_id"]]
        return [_message(me, "contact_revealed", event, email=False, other=other.display_name)
                for me, other in ((first, second), (second, first))]
    raise ValueError(f"no message for {event}")


def _message(contact, template, event, email, attachment=None, **values):
    subject, body = render(template, contact, **values)
    return Message(contact, event, subject, body, email, attachment)


def email_message(delivery_id, sender, to, subject, body, attachment=None, now=None):
    """The RFC 5322 email; the Message-ID comes from the delivery id so resends are recognisable."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # The same for every send of this delivery, so that a resend after a crash is recognisable.
    message["Message-ID"] = f"<{delivery_id}@binome.example>"
    if now is not None:
        message["Date"] = format_datetime(now)
    message.set_content(body)
    if attachment:
        # As text, so that the part says charset=utf-8 and accented names arrive intact.
        message.add_attachment(attachment, subtype="calendar", filename="invite.ics",
                               params={"method": "REQUEST"})
    return message
