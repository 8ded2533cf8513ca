"""Field types and schemas used by more than one contract."""
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .kinds import LOCALES, WEEKDAYS

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _time_zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("Unknown time zone.")


def _hhmm(value):
    if not _HHMM.match(value):
        raise ValidationError("Expected a time as HH:MM.")


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


def not_blank(value):
    if not value.strip():
        raise ValidationError("Must not be blank.")


def Name(**kwargs):
    return fields.String(validate=[validate.Length(min=1, max=50), not_blank], **kwargs)


def Phone(**kwargs):
    return fields.String(validate=validate.Regexp(
        r"^\+?[0-9][0-9 .-]{5,19}$", error="Expected a phone number such as +33 6 12 34 56 78."), **kwargs)


def OccupationRef(**kwargs):
    """A ROME code (M1805) or an occupation's label in French or English."""
    return fields.String(validate=validate.Length(min=1, max=100), **kwargs)


def TimeZone(**kwargs):
    return fields.String(validate=_time_zone, **kwargs)


def Locale(**kwargs):
    return fields.String(validate=validate.OneOf(LOCALES), **kwargs)


def Languages(**kwargs):
    code = fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="Expected a two-letter language code."))
    return fields.List(code, validate=validate.Length(min=1, max=10), **kwargs)


def Skills(**kwargs):
    return fields.List(fields.String(validate=validate.Length(min=1, max=40)),
                       validate=validate.Length(max=30), **kwargs)


def Text(max_length, **kwargs):
    return fields.String(validate=validate.Length(max=max_length), **kwargs)


class Slot(Schema):
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("Must be later than start.", "end")
