"""Field types and schemas used by more than one contract."""
import functools
import re
import unicodedata
import zoneinfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.reference import occupations, places

from .kinds import LOCALES, WEEKDAYS

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@functools.cache
def _known_time_zones():
    # The set, not ZoneInfo(value): ZoneInfo opens a file named by the value, so "Europe" (a
    # folder) or a 300-character name fails with an OSError rather than "unknown".
    return frozenset(zoneinfo.available_timezones())


def _time_zone(value):
    if value not in _known_time_zones():
        raise ValidationError("Unknown time zone.")


def _hhmm(value):
    if not _HHMM.fullmatch(value):
        raise ValidationError("Expected a time as HH:MM.")


def HourMinute(**kwargs):
    """A time of day as HH:MM."""
    return fields.String(validate=_hhmm, **kwargs)


# --- text a person types ------------------------------------------------------------------------
# What a person types ends up in email headers, in pages and in other people's cards. A line end
# in a name breaks an email's subject; a bidi override makes a name read as something else. Those
# are refused; other format characters (zero-width joiners in Persian names and in emoji) stay.
_UNSAFE_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}   # controls, lone surrogates, line/paragraph ends
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ONE_LINE_ERROR = "Must be one line, without control characters."
LINES_ERROR = "Must be plain text, without control characters."


def _unsafe(character):
    return character in _BIDI_CONTROLS or unicodedata.category(character) in _UNSAFE_CATEGORIES


def one_line(value):
    """Refuses line ends, tabs, other controls and bidi overrides."""
    if any(_unsafe(character) for character in value):
        raise ValidationError(ONE_LINE_ERROR)


def _lines(value):
    """Refuses controls other than the line end and the tab."""
    if any(_unsafe(character) and character not in "\n\t" for character in value):
        raise ValidationError(LINES_ERROR)


class _Lines(fields.String):
    """Several lines of text, their ends made "\n" whatever sent them (a browser's textarea sends
    "\r\n"), so that "\r" is refused like every other control character."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return text.replace("\r\n", "\n").replace("\r", "\n")


def Line(max_length, *more, **kwargs):
    """One line of text, at most `max_length` characters; `more` validators after those."""
    return fields.String(validate=[validate.Length(max=max_length), one_line, *more], **kwargs)


def _site_path(value):
    # Where to go after signing in: a path of this site only, never another site ("//host",
    # "https://…"), which would make the sign-in link an open redirect.
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        raise ValidationError("Must be a path on this site, starting with /.")


def SitePath(**kwargs):
    """A path on Binôme's own site ("/matches/…?x=1"), one line, at most 500 characters."""
    return fields.String(validate=[validate.Length(max=500), one_line, _site_path], **kwargs)


def Text(max_length, *more, **kwargs):
    """Text that may hold several lines (own words, a note), at most `max_length` characters."""
    return _Lines(validate=[validate.Length(max=max_length), _lines, *more], **kwargs)


class Window(Schema):
    """A stretch of free time on a weekday, in the person's own time zone."""
    start = fields.String(required=True, validate=_hhmm)
    end = fields.String(required=True, validate=_hhmm)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("Must be later than start.", "end")


def Availability(**kwargs):
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(WEEKDAYS)),
        values=fields.List(fields.Nested(Window), validate=validate.Length(max=6)),
        **kwargs,
    )


# Characters that show nothing on their own: format characters (zero-width space, joiners, BOM,
# direction marks), combining marks with nothing to sit on, and the Hangul fillers (letters by
# category, blank on screen). A name made only of them reads as no name at all.
_HANGUL_FILLERS = set("\u115f\u1160\u3164\uffa0")
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me"}


def _visible(character):
    return not (character.isspace() or character in _HANGUL_FILLERS
                or unicodedata.category(character) in _INVISIBLE_CATEGORIES)


def not_blank(value):
    if not any(_visible(character) for character in value):
        raise ValidationError("Must not be blank.")


def Name(**kwargs):
    return fields.String(validate=[validate.Length(min=1, max=50), one_line, not_blank], **kwargs)


def Phone(**kwargs):
    # \Z, not $: "$" also matches before a final line end. At most 20 characters with the "+":
    # the column holds 20, and PostgreSQL refuses a longer value rather than cutting it.
    return fields.String(validate=[validate.Length(max=20), validate.Regexp(
        r"\+?[0-9][0-9 .-]{5,19}\Z", error="Expected a phone number such as +33 6 12 34 56 78.")],
        **kwargs)


def OccupationRef(**kwargs):
    """A ROME code (M1805) or an occupation's label in French or English."""
    return fields.String(validate=[validate.Length(min=1, max=100), one_line], **kwargs)


# --- what a person calls their occupation and their place -------------------------------------
# Checked against the reference data with every other field, so that one answer names all that is
# wrong (a form would otherwise learn of an unknown town only once the names were right); profiles'
# rules turn the same text into codes and coordinates.

def unknown_occupation(text):
    return f"Unknown occupation {text!r}: give a job title or a ROME code."


def unknown_place(text):
    return f"Unknown place {text!r}: give a French postal code or city."


def _known_occupation(value):
    if value and occupations.lookup(value) is None:
        raise ValidationError(unknown_occupation(value))


def _known_place(value):
    if not value or not value.strip():
        return                      # no place: the profile's place is cleared
    found = places.lookup(value)
    if found.choices:               # never a guess: the person says which one
        raise ValidationError(places.several_named(value, found.choices))
    if found.place is None:
        raise ValidationError(unknown_place(value))


def KnownOccupation(**kwargs):
    """An OccupationRef that the reference data knows."""
    return fields.String(validate=[validate.Length(min=1, max=100), one_line, _known_occupation],
                         **kwargs)


def KnownPlace(**kwargs):
    """A French postal code or commune that names one place (or nothing, to clear it)."""
    return Line(100, _known_place, **kwargs)


def TimeZone(**kwargs):
    return fields.String(validate=_time_zone, **kwargs)


def Locale(**kwargs):
    return fields.String(validate=validate.OneOf(LOCALES), **kwargs)


def Languages(**kwargs):
    code = fields.String(validate=validate.Regexp(r"[a-z]{2}\Z", error="Expected a two-letter language code."))
    return fields.List(code, validate=validate.Length(min=1, max=10), **kwargs)


def Skills(**kwargs):
    return fields.List(fields.String(validate=[validate.Length(min=1, max=40), one_line]),
                       validate=validate.Length(max=30), **kwargs)


class Slot(Schema):
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("Must be later than start.", "end")
