"""gettext catalogues read from their .po files, compiled in memory.

A checkout runs without a build step and holds no binary .mo to drift from its .po: each process
compiles a catalogue once, when first asked (babel's write_mo), in a few milliseconds. A fuzzy or
empty entry is left out, so that it shows as its key; each catalogue's test fails on one.
"""
import functools
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations


def po_path(directory, locale, domain):
    return Path(directory) / locale / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(directory, locale, domain):
    """The .po of `locale` as a babel Catalog."""
    with open(po_path(directory, locale, domain), "rb") as po:
        return read_po(po, locale=locale, domain=domain)


@functools.cache
def translations(directory, locale, domain):
    """The compiled catalogue, as babel.support.Translations (gettext, ngettext)."""
    compiled = BytesIO()
    write_mo(compiled, read_catalogue(directory, locale, domain))
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def keys(translations_):
    """The msgids a compiled catalogue holds (a plural entry's by its singular)."""
    return frozenset(key[0] if isinstance(key, tuple) else key
                     for key in translations_._catalog if key)
