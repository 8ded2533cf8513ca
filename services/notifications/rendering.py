"""Jinja2 templates: one per message, in every language, each with a plain-text and an HTML part.

`templates/<name>.txt`: the first line is the subject, the rest the plain-text body. The two are
rendered apart, so that a value holding a line break (a name from an older row) cannot move part
of the subject into the body; the subject is then made one header line (headers.py).
`templates/<name>.html`: the HTML body; it extends `templates/layout.html` and is autoescaped.
StrictUndefined makes a missing variable an error instead of a blank in someone's inbox.

Words come from gettext catalogues (`locale/<lang>/LC_MESSAGES/messages.po`, managed with pybabel,
see the README) through Jinja2's i18n extension, newstyle: `_("email.x", other=…)` and
`ngettext(…, n)`, whose plural forms are CLDR's (the catalogue's Plural-Forms header). Msgids are
symbolic keys; every language, English too, holds the words. The .po files are read as they are
(babel.messages.pofile) and compiled in memory, so that no .mo can be stale. Dates, times,
numbers and lists go through shared/formatting.py, in the reader's locale and time zone (`when`,
`span`, `day`, `number`, `listing` filters).
"""
import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup, escape

from shared import catalogues, formatting, wording
from shared.contracts.kinds import REQUEST_KINDS

from .headers import header_text

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
CATALOGUES = HERE / "locale"
DOMAIN = "messages"


def N_(key):
    """Marks a key for extraction where it is looked up later."""
    return key


FORMER_MEMBER = N_("email.former_member")


def catalogue_path(locale):
    return catalogues.po_path(CATALOGUES, locale, DOMAIN)


def translations(locale):
    """The locale's catalogue, read from its .po and compiled in memory (shared/catalogues.py)."""
    return catalogues.translations(str(CATALOGUES), locale, DOMAIN)


def gettext(locale, key):
    return translations(locale).gettext(key)


def _formatter(format_value):
    """A filter formatting a value in the reader's locale and zone (from the template's values)."""
    @pass_context
    def apply(context, value, *args):
        return format_value(value, context["locale"], context["zone"], *args)
    return apply


@functools.cache
def _environment(locale):
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        keep_trailing_newline=False, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_translations(translations(locale), newstyle=True)
    environment.filters.update(
        when=_formatter(formatting.when),
        day=_formatter(lambda value, locale, zone: formatting.day(value, locale, zone)),
        span=_formatter(lambda slot, locale, zone: formatting.span(slot["start"], slot["end"],
                                                                   locale, zone)),
        number=_formatter(lambda value, locale, zone: formatting.number(value, locale)),
        listing=_formatter(lambda items, locale, zone: formatting.listing(items, locale)),
        # A name in bold in the HTML part; escaped first, as every value is.
        strong=lambda value: Markup("<strong>%s</strong>") % escape(value))
    return environment


def template_names():
    """Every message template, by name (without extension)."""
    return {path.stem for path in TEMPLATES.glob("*.txt")}  # layout.html is HTML only


@functools.cache
def _subject_and_body(locale, template):
    """The plain-text template's first line and the rest, as two templates."""
    environment = _environment(locale)
    source, _, _ = environment.loader.get_source(environment, f"{template}.txt")
    subject, _, body = source.partition("\n")
    return environment.from_string(subject), environment.from_string(body)


def render(template, locale, timezone=formatting.DEFAULT_ZONE, **values):
    """(subject, text, html) of a template in a locale, dates on the reader's clock."""
    values = dict(locale=locale, zone=timezone, **values)
    if values.get("kind"):
        if values["kind"] not in REQUEST_KINDS:   # an email naming a code is worse than none
            raise KeyError(f"no name for the kind of help {values['kind']!r}")
        values.setdefault("kind_name", wording.kind_name(values["kind"], locale, in_sentence=True))
    else:
        values.setdefault("kind_name", "")
    subject_template, body_template = _subject_and_body(locale, template)
    subject = header_text(subject_template.render(**values))
    # A paragraph left out (a condition not met) leaves no run of empty lines behind.
    body = re.sub(r"\n{3,}", "\n\n", body_template.render(**values))
    html = _environment(locale).get_template(f"{template}.html").render(subject=subject, **values)
    return subject, body.strip() + "\n", html
