"""Email headers that no name can break: a first name holding a carriage return, a line or
paragraph separator or a forged "Bcc:" line still makes one email, to one person, with one subject
line, whether it comes from a new message or from a row queued before names were checked."""
import sys
import unicodedata
import uuid
from email import message_from_bytes, policy

import pytest

from services.notifications import channels, headers
from services.notifications.domain import Contact, email_message, messages_for

SENDER = "Binôme <bonjour@binome.example>"
# Every character str.splitlines breaks on, the other controls, and a forged header.
HOSTILE_NAMES = ["Eve\rX", "Eve\nX", "Eve\r\nX", "Eve\x0bX", "Eve\x0cX", "Eve\x1cX", "Eve\x1dX",
                 "Eve\x1eX", "Eve\x85X", "Eve\u2028X", "Eve\u2029X", "Eve\x00X", "Eve\tX",
                 "Eve\x7fX", "Eve\nBcc: x@y"]


def received(message):
    """What the receiving side sees: the bytes on the wire, parsed again."""
    return message_from_bytes(bytes(message), policy=policy.default)


def build(to, subject):
    return received(email_message(uuid.uuid4(), SENDER, to, subject, "Bonjour,\n"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_header_text_puts_a_hostile_name_on_one_line(name):
    safe = headers.header_text(name)
    assert len(f"Subject: {safe}".splitlines()) == 1
    assert safe.startswith("Eve ") and not safe.endswith(" ")


def test_header_text_turns_every_control_and_separator_into_a_space_and_nothing_else():
    unsafe = {"Cc", "Zl", "Zp", "Cs"}
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        expected = "a b" if unicodedata.category(character) in unsafe else f"a{character}b"
        assert headers.header_text(f"a{character}b") == expected, hex(code)


def test_header_text_keeps_accents_and_joins_runs_of_separators_into_one_space():
    assert headers.header_text("Élodie\r\n\u2028 Noël") == "Élodie Noël"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_subject_naming_a_hostile_name_is_one_header_line(name):
    message = build("Ada Lovelace <ada@example.org>", f"{name} D. would like to sponsor you")
    assert message["Subject"] == headers.header_text(f"{name} D. would like to sponsor you")
    assert message["Bcc"] is None
    assert message.get_content() == "Bonjour,\n"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_recipient_name_is_one_mailbox_to_the_right_address(name):
    message = build(channels._address(f"{name} Doe", "eve@example.org"), "Bonjour")
    (mailbox,) = message["To"].addresses
    assert mailbox.addr_spec == "eve@example.org"
    assert mailbox.display_name == headers.header_text(f"{name} Doe")
    assert message["Bcc"] is None


def test_a_row_queued_before_names_were_checked_is_sent_safely():
    # What formataddr stored for such a name before: the raw character inside the To value.
    message = build("Eve\rX Doe <eve@example.org>", "Eve\rX D. would like to sponsor you")
    assert str(message["To"]) == "Eve X Doe <eve@example.org>"
    assert message["Subject"] == "Eve X D. would like to sponsor you"


def test_an_older_rows_encoded_name_is_decoded_once_not_twice():
    message = build("=?utf-8?q?In=C3=A8s?= Roche <roche@example.org>", "Bonjour")
    assert str(message["To"]) == "Inès Roche <roche@example.org>"


def test_a_hostile_sender_name_in_the_configuration_is_made_safe_too():
    message = received(email_message(uuid.uuid4(), '"Binôme\r\nBcc: x@y" <bonjour@binome.example>',
                                     "Ada <ada@example.org>", "Bonjour", "Bonjour,\n"))
    (sender,) = message["From"].addresses
    assert sender.addr_spec == "bonjour@binome.example"
    assert sender.display_name == "Binôme Bcc: x@y"
    assert message["Bcc"] is None


@pytest.mark.parametrize("to", ["ada@example.org, eve@example.org", "", "not an address",
                                "Ada <ada@example.org>, Bcc <x@y.org>",
                                # Unquoted, a forged "Bcc:" reads as a group: refused too.
                                "Eve\nBcc: x@y <eve@example.org>"])
def test_a_to_value_that_is_not_one_mailbox_is_refused(to):
    with pytest.raises(headers.NotOneMailbox):
        email_message(uuid.uuid4(), SENDER, to, "Bonjour", "Bonjour,\n")


@pytest.mark.parametrize("separator", ["\r", "\n", "\u2028", "\x85"])
def test_a_name_with_a_line_break_stays_in_the_subject_and_out_of_the_body(separator):
    ada = Contact(uuid.uuid4(), "Ada", "Lovelace", "ada@example.org", "en", "Europe/Paris")
    eve = Contact(uuid.uuid4(), f"Eve{separator}X", "Doe", "eve@example.org", "en",
                  "Europe/Paris")
    (message,) = messages_for("sponsor_interested", {"sponsor_id": eve.person_id,
                                                     "seeker_id": ada.person_id},
                              {eve.person_id: eve, ada.person_id: ada},
                              {"link": "https://binome.example/sponsors"})
    assert message.subject == "Eve X D. would like to sponsor you"
    assert message.body.startswith("Hello Ada,\n")
    sent = build(channels._address(ada.full_name, ada.email), message.subject)
    assert sent["Subject"] == "Eve X D. would like to sponsor you"

