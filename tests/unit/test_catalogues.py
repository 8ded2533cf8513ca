"""The gettext catalogues, the pages' (services/gateway/locale) and the shared one (shared/locale):
every key the templates and the code use is in both languages, filled in and not fuzzy; every
entry is used; plurals follow CLDR in each language; a refused field's message reads in the
reader's language."""
import inspect
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from marshmallow import Schema

from services.gateway import catalogue_keys, web_i18n
from services.gateway.pages_base import _templates, flatten
from shared import catalogues, wording
from shared.contracts import events, field_messages, rpc

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / catalogue_keys.GATEWAY
SHARED = ROOT / catalogue_keys.SHARED
NARROW_NBSP = "\u202f"


def _used(folder, keywords):
    """What `make catalogues` extracts: {key: plural?}, read as pybabel reads the code."""
    with open(folder / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    used = {}
    for _, _, message, _, _ in extract_from_dir(str(folder), method_map, options_map,
                                                keywords=parse_keywords(list(keywords))):
        key = message[0] if isinstance(message, tuple) else message
        used[key] = used.get(key, False) or isinstance(message, tuple)
    return used


USED = _used(GATEWAY, catalogue_keys.KEYWORDS)
SHARED_USED = _used(SHARED, catalogue_keys.SHARED_KEYWORDS)
CATALOGUES = {locale: web_i18n.read_catalogue(locale) for locale in web_i18n.LOCALES}
SHARED_CATALOGUES = {locale: catalogues.read_catalogue(wording.DIRECTORY, locale, wording.DOMAIN)
                     for locale in web_i18n.LOCALES}
# Which catalogue, which keys its code uses.
BOTH = {"pages": (CATALOGUES, USED), "shared": (SHARED_CATALOGUES, SHARED_USED)}


def _entries(locale, which="pages"):
    return {m.id[0] if m.pluralizable else m.id: m for m in BOTH[which][0][locale] if m.id}


def test_the_extraction_finds_the_keys_of_templates_code_redirects_and_vocabularies():
    assert {"nav.donor", "form.save", "done.pledged", "error.not_found", "status.open",
            "field_error.required"} <= set(USED)
    assert USED["inbox.messages"] is True and USED["nav.donor"] is False


@pytest.mark.parametrize("which", BOTH)
@pytest.mark.parametrize("locale", web_i18n.LOCALES)
def test_every_key_in_use_is_in_the_catalogue_filled_in_and_not_fuzzy(locale, which):
    entries, used = _entries(locale, which), BOTH[which][1]
    assert sorted(key for key in used if key not in entries) == []
    empty = [key for key, m in entries.items()
             if not (all(m.string) if m.pluralizable else m.string)]
    assert empty == []
    assert sorted(key for key, m in entries.items() if m.fuzzy) == []
    # A tn() key is a plural entry, a t() key a single one: else gettext falls back to the key.
    assert sorted(key for key, plural in used.items()
                  if key in entries and entries[key].pluralizable != plural) == []


def test_the_keys_pages_take_from_the_shared_catalogue_are_there():
    assert sorted(set(catalogue_keys.shared_keys()) - set(SHARED_USED)) == []
    assert all(web_i18n.known(key) for key in catalogue_keys.shared_keys())
    assert web_i18n.translate("fr", "kind.cv_review") == "Relecture de CV"
    assert web_i18n.translate("en", "kind.lunch_mentoring") == "Mentoring lunch"


@pytest.mark.parametrize("which", BOTH)
@pytest.mark.parametrize("locale", web_i18n.LOCALES)
def test_no_catalogue_entry_is_left_that_no_code_uses(locale, which):
    assert sorted(set(_entries(locale, which)) - set(BOTH[which][1])) == []


@pytest.mark.parametrize("which", BOTH)
@pytest.mark.parametrize("locale, forms", [("fr", 3), ("en", 2)])
def test_the_plural_forms_are_cldrs(locale, forms, which):
    catalogue = BOTH[which][0][locale]
    assert catalogue.num_plurals == forms
    assert all(len(m.string) == forms for m in catalogue if m.id and m.pluralizable)


@pytest.mark.parametrize("which", BOTH)
def test_both_languages_of_a_sentence_take_the_same_values(which):
    def names(message):
        texts = message.string if message.pluralizable else (message.string,)
        return {name for text in texts for name in re.findall(r"{(\w+)}", text)}
    fr, en = _entries("fr", which), _entries("en", which)
    assert {key: (names(fr[key]), names(en[key])) for key in fr
            if key in en and names(fr[key]) - {"count"} != names(en[key]) - {"count"}} == {}


@pytest.mark.parametrize("locale, count, expected", [
    ("fr", 0, "0 message"), ("fr", 1, "1 message"), ("fr", 2, "2 messages"),
    ("fr", 1_000_000, f"1{NARROW_NBSP}000{NARROW_NBSP}000 messages"),
    ("en", 0, "0 messages"), ("en", 1, "1 message"), ("en", 2, "2 messages"),
    ("en", 1500, "1,500 messages"),
])
def test_a_count_takes_the_plural_form_of_its_language(locale, count, expected):
    assert web_i18n.translate_plural(locale, "inbox.messages", count) == expected


def test_plural_sentences_agree_with_their_count_in_both_languages():
    assert web_i18n.translate_plural("fr", "donor.achieved.helped", 1) == "1 personne aidée"
    assert web_i18n.translate_plural("fr", "donor.achieved.helped", 0) == "0 personne aidée"
    assert web_i18n.translate_plural("fr", "donor.achieved.helped", 3) == "3 personnes aidées"
    assert web_i18n.translate_plural("en", "donor.achieved.helped", 0) == "0 people helped"
    assert web_i18n.translate_plural("en", "donor.achieved.helped", 1) == "1 person helped"
    assert web_i18n.translate_plural("fr", "doc.found.phone", 1) == "un numéro de téléphone"
    assert web_i18n.translate_plural("en", "doc.found.email", 2) == "2 email addresses"
    for locale in web_i18n.LOCALES:
        assert "(s)" not in "".join(web_i18n.translate_plural(locale, key, n, **_values_of(key))
                                    for key, plural in USED.items() if plural for n in (1, 2))


def _values_of(key):
    """A stand-in for each value a plural entry takes besides its count ({language}, {km})."""
    names = {name for text in _entries("en")[key].string
             for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: "x" for name in names - {"count"}}


def test_a_sentence_takes_its_values_a_decimal_its_locales_mark_and_an_unknown_key_shows():
    assert web_i18n.translate("fr", "impact.mean_rating", mean=4.5, no_shows=2) == \
        "Note moyenne : 4,5 ; absences : 2"
    assert web_i18n.translate("en", "impact.mean_rating", mean=4.5, no_shows=2).startswith(
        "Mean rating: 4.5")
    assert web_i18n.translate("en", "no.such.key") == "no.such.key"
    assert not web_i18n.known("no.such.key") and web_i18n.known("nav.donor")


def test_templates_may_use_jinja2s_i18n_extension_in_the_readers_language():
    template = _templates.from_string('{{ _("nav.donor") }} · '
                                      '{{ ngettext("inbox.messages", "inbox.messages", 2) }}')
    assert template.render(locale="fr") == "Mes dons de temps · {count} messages"
    assert template.render(locale="en") == "My pledges · {count} messages"


# --- a refused field's message ------------------------------------------------------------------

def _schemas():
    return sorted({cls for module in (rpc, events)
                   for _, cls in inspect.getmembers(module, inspect.isclass)
                   if issubclass(cls, Schema) and cls is not Schema}, key=lambda c: c.__name__)


def _refusals(schema):
    """What a schema answers to absent, null, wrong-typed, too long and out-of-range values."""
    names = list(schema().fields)
    messages = set()
    for value in (None, [1], "x" * 3000, "", {"a": 1}, -5, "zz"):
        for payload in ({}, {name: value for name in names}):
            try:
                refused = schema().validate(payload)
            except (TypeError, ValueError, AttributeError):
                continue
            for text in _leaves(refused):
                messages.add(text)
    return messages


def _leaves(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _leaves(value)
    elif isinstance(errors, (list, tuple)):
        for value in errors:
            yield from _leaves(value)
    else:
        yield str(errors)


def test_every_message_the_contracts_refuse_with_reads_in_french():
    english = {text for schema in _schemas() for text in _refusals(schema)}
    assert len(english) > 15
    assert sorted(text for text in english if web_i18n.field_message("fr", text) == text) == []


@pytest.mark.parametrize("text, french", [
    ("Not a valid email address.", "Ce n'est pas une adresse e-mail valide."),
    ("Must be greater than or equal to 1 and less than or equal to 50.",
     "Doit être entre 1 et 50."),
    ("Must be greater than or equal to 1.", "Doit être au moins 1."),
    ("Must be one of: instant, daily, off.", "Choisissez l'une des valeurs proposées."),
    ("Longer than maximum length 254.", "Trop long : 254 caractères au plus."),
    ("Unknown place 'Trifouilly': give a French postal code or city.",
     "Lieu inconnu 'Trifouilly' : donnez un code postal ou une ville de France."),
    ("Several communes are named 'Saint-Denis'; add the postal code: 93200, 97400.",
     "Plusieurs communes s'appellent 'Saint-Denis' ; ajoutez le code postal : 93200, 97400."),
    ("Expected a time as HH:MM.", "Attendu : une heure comme 12:30."),
    ("Unknown time zone.", "Fuseau horaire inconnu."),
])
def test_a_services_message_about_a_field_reads_in_french(text, french):
    assert web_i18n.field_message("fr", text) == french


def test_a_message_from_no_known_template_shows_as_written_and_english_reads_english():
    assert web_i18n.field_message("fr", "Something new.") == "Something new."
    assert web_i18n.field_message("en", "Not a valid email address.") == \
        "Not a valid email address."
    assert web_i18n.field_message("en", "Must be one of: a, b.") == \
        "Choose one of the values offered."
    assert flatten({"quantity": ["Not a valid integer."]},
                   lambda m: web_i18n.field_message("fr", m)) == {
        "quantity": "Attendu : un nombre entier."}


def _said_by_the_services():
    """Messages the services and shared code write themselves, as they write them."""
    from services.profiles import domain, request_documents
    from shared import documents
    from shared.reference import places
    said = [*documents.REFUSALS.values(), request_documents.NOT_A_REVIEW,
            request_documents.REVIEWED_ENOUGH]
    for rule in (lambda: domain._occupation_code(lambda text: None, "plombier lunaire", "x"),
                 lambda: domain._place(places.lookup, "Trifouilly-les-Oies")):
        with pytest.raises(domain.RuleBroken) as refused:
            rule()
        said.append(refused.value.message)
    several = places.lookup("Saint-Denis").choices
    said.append(places.several_named("Saint-Denis", several))
    return said


def test_the_services_own_field_messages_are_read_back_to_a_template_and_read_in_french():
    said = _said_by_the_services()
    assert sorted(text for text in said if field_messages.parse(text) is None) == []
    assert sorted(text for text in said if web_i18n.field_message("fr", text) == text) == []
