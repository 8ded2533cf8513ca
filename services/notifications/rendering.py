"""Jinja2 templates: one per message and language, each with a plain-text and an HTML part.

`templates/<locale>/<name>.txt`: the first line is the subject, the rest the plain-text body.
`templates/<locale>/<name>.html`: the HTML body; it extends `templates/layout.html` and is
autoescaped. StrictUndefined makes a missing variable an error instead of a blank in someone's inbox.
"""
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    keep_trailing_newline=False)


def template_names(locale):
    """Every message template of a locale, by name (without extension)."""
    return {path.stem for path in (TEMPLATES / locale).glob("*.txt")}


def render(template, locale, **values):
    """(subject, text, html) of a template in a locale."""
    values = dict(locale=locale, **values)
    text = _environment.get_template(f"{locale}/{template}.txt").render(**values)
    subject, _, body = text.partition("\n")
    html = _environment.get_template(f"{locale}/{template}.html").render(
        subject=subject.strip(), **values)
    return subject.strip(), body.strip() + "\n", html
