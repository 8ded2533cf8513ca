"""The emails' gettext catalogues against what the templates and the code use: every message
extracted (as `pybabel extract -F services/notifications/babel.cfg` does) is in the French and the
English catalogue, translated, not fuzzy, with every plural form CLDR asks for and the same
placeholders as in the other language; nothing in a catalogue is obsolete."""
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from services.notifications import rendering
from shared.contracts.kinds import LOCALES

NOTIFICATIONS = rendering.HERE
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_messages():
    """Every msgid the templates and the code use, extracted with the project's babel.cfg; for
    a plural, the singular (the catalogue's key)."""
    with open(NOTIFICATIONS / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _, _, message, _, _ in extract_from_dir(NOTIFICATIONS, method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(locale):
    with open(rendering.catalogue_path(locale), "rb") as po:
        return read_po(po, locale=locale)


def placeholders(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return {name for text in strings for name in PLACEHOLDER.findall(text or "")}


def problems(used, entries, obsolete, num_plurals):
    """What is wrong with one catalogue, in words, for the assertion's message."""
    wrong = [f"missing: {key}" for key in sorted(used - set(entries))]
    wrong += [f"obsolete: {key}" for key in sorted((set(entries) - used) | set(obsolete))]
    for key, message in sorted(entries.items()):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            wrong.append(f"fuzzy: {key}")
        if not all(strings):
            wrong.append(f"empty: {key}")
        if message.pluralizable and len(strings) != num_plurals:
            wrong.append(f"{len(strings)} plural forms instead of {num_plurals}: {key}")
    return wrong


def entries_of(found):
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in found if m.id}


def test_the_templates_and_the_code_use_messages():
    used = used_messages()
    assert "email.greeting" in used and "email.former_member" in used
    assert len(used) > 100


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalogue_holds_every_message_used_translated_and_nothing_obsolete(locale):
    found = catalogue(locale)
    assert found.plural_forms.startswith(f"nplurals={found.num_plurals};")
    assert problems(used_messages(), entries_of(found), found.obsolete, found.num_plurals) == []


def test_both_languages_fill_the_same_placeholders():
    french, english = (entries_of(catalogue(locale)) for locale in ("fr", "en"))
    differing = [key for key in french if key in english
                 and placeholders(french[key]) != placeholders(english[key])]
    assert differing == []


def test_a_missing_an_empty_a_fuzzy_or_an_obsolete_entry_is_named():
    """The check above fails the way it should (made with catalogues built here)."""
    found = catalogue("en")
    entries = entries_of(found)
    used = set(entries)
    del entries["email.greeting"]
    entries["email.signature"].string = ""
    entries["email.where"].flags.add("fuzzy")
    assert problems(used | {"email.new"}, entries, {"email.gone": None}, 2) == [
        "missing: email.greeting", "missing: email.new", "obsolete: email.gone",
        "empty: email.signature", "fuzzy: email.where"]


def test_the_templates_are_read_in_each_language_from_its_catalogue():
    assert rendering.gettext("fr", "email.signature") == "L'équipe Binôme"
    assert rendering.gettext("en", "email.signature") == "The Binôme team"
    assert rendering.translations("fr").ngettext("email.sponsor_cards.subject",
                                                 "email.sponsor_cards.subject_plural", 2) == \
        "%(num)s nouvelles personnes à parrainer"


def test_a_kind_of_help_is_named_in_emails_as_on_the_pages_from_the_shared_catalogue():
    from shared import wording
    for locale in LOCALES:
        subject, text, _ = rendering.render(
            "help_counted", locale, name="Zoé", other="Yann",
            kind="coffee", how="meeting_held", link="https://binome.example/matches/1")
        assert wording.kind_name("coffee", locale, in_sentence=True) in subject + text
