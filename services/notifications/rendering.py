"""Jinja2 templates: one per message and language, each with a plain-text and an HTML part.

`templates/<locale>/<name>.txt`: the first line is the subject, the rest the plain-text body. The
two are rendered apart, so that a value holding a line break (a name from an older row) cannot
move part of the subject into the body; the subject is then made one header line (headers.py).
`templates/<locale>/<name>.html`: the HTML body; it extends `templates/layout.html` and is
autoescaped. StrictUndefined makes a missing variable an error instead of a blank in someone's inbox.
"""
import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .headers import header_text

TEMPLATES = Path(__file__).parent / "templates"
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    keep_trailing_newline=False)


def template_names(locale):
    """Every message template of a locale, by name (without extension)."""
    return {path.stem for path in (TEMPLATES / locale).glob("*.txt")}


@functools.cache
def _subject_and_body(locale, template):
    """The plain-text template's first line and the rest, as two templates."""
    source, _, _ = _environment.loader.get_source(_environment, f"{locale}/{template}.txt")
    subject, _, body = source.partition("\n")
    return _environment.from_string(subject), _environment.from_string(body)


def render(template, locale, **values):
    """(subject, text, html) of a template in a locale."""
    values = dict(locale=locale, **values)
    subject_template, body_template = _subject_and_body(locale, template)
    subject = header_text(subject_template.render(**values))
    body = body_template.render(**values)
    html = _environment.get_template(f"{locale}/{template}.html").render(subject=subject, **values)
    return subject, body.strip() + "\n", html
