"""Every sentence of the web pages, in French and in English, from gettext catalogues.

The sentences live in services/gateway/locale/{fr,en}/LC_MESSAGES/messages.po, managed with
pybabel (services/gateway/locale/README.md). Their msgids are symbolic keys ("nav.donor"): the
English catalogue holds the English text, as the French one holds the French, so that rewording
English never turns the French entry fuzzy, and a key reads the same in templates and code:
t("nav.donor"), tn("inbox.messages", count). `{name}` marks where a value goes (str.format:
Babel sets no python-brace-format flag on a symbolic msgid, so the catalogue test checks that both
languages take the same values); a plural entry takes CLDR's plural forms for its language (Babel's
Plural-Forms header: French has "one" for 0 and 1, "many" for millions, "other").

The catalogues are read at import from the .po files, compiled in memory (shared/catalogues.py):
a Binôme checkout runs without a build step and holds no binary .mo to drift from its .po. It costs
a few milliseconds per process, once. The kinds of help are named in the shared catalogue
(shared/wording.py), which pages and emails both use.
"""
from pathlib import Path

from shared import catalogues, formatting, wording
from shared.contracts import field_messages

LOCALES = ("fr", "en")
DEFAULT = "fr"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def read_catalogue(locale):
    """The .po of `locale`, as a babel Catalog (the unit test reads it too)."""
    return catalogues.read_catalogue(LOCALE_DIR, locale, DOMAIN)


def _translations(locale):
    # The kinds of help are named in the shared catalogue, for pages and emails alike
    # (shared/wording.py): a key the pages' catalogue lacks is looked up there.
    pages = catalogues.translations(str(LOCALE_DIR), locale, DOMAIN)
    pages.add_fallback(wording.translations(locale))
    return pages


TRANSLATIONS = {locale: _translations(locale) for locale in LOCALES}
_KNOWN = (catalogues.keys(TRANSLATIONS[DEFAULT]) |
          catalogues.keys(wording.translations(DEFAULT)))


def translations(locale):
    return TRANSLATIONS.get(locale) or TRANSLATIONS[DEFAULT]


def known(key):
    return key in _KNOWN


def _values(locale, params):
    # A decimal inside a sentence reads with the locale's mark ("4,5" in French).
    return {name: formatting.number(value, locale) if isinstance(value, float) else value
            for name, value in params.items()}


def translate(locale, key, **params):
    """The sentence `key` in `locale`, with its values; an unknown key shows as itself, so that a
    forgotten sentence is visible on the page rather than an error (the unit test catches it)."""
    text = translations(locale).gettext(key)
    return text.format(**_values(locale, params)) if params else text


def translate_plural(locale, key, count, **params):
    """The plural entry `key` in the form CLDR gives `count` in `locale`; `{count}` is the count,
    written as the locale writes numbers."""
    text = translations(locale).ngettext(key, key, count)
    params.setdefault("count", formatting.number(count, locale, decimals=0))
    return text.format(**_values(locale, params))


def field_message(locale, text):
    """A service's message about a field, in the reader's language: read back to its template
    (shared/contracts/field_messages.py), then said by the catalogue's "field_error.<id>" entry
    with the values it carried. A message from no known template shows as the service wrote it."""
    parsed = field_messages.parse(text)
    if parsed is None:
        return text
    message_id, values = parsed
    key = "field_error." + message_id
    return translate(locale, key, **values) if known(key) else text
