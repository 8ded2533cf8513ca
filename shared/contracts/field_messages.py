"""The messages a refused field comes back with, each a template with an id.

Services and contracts answer in English, the API's language ("Must be greater than or equal to 1
and less than or equal to 50."). A page reads a message back to its template here, and shows the
template id's sentence from its own catalogue in the reader's language, with the values the
message carried ({min}, {max}, {text}). marshmallow's templates are taken from marshmallow itself,
so that a reworded default is caught by the tests rather than shown raw; the contracts' and the
services' own rules are written here once.
"""
import re

from marshmallow import Schema, fields, validate

from . import fields as contract_fields

_RANGE = validate.Range
TEMPLATES = {
    # marshmallow's own messages
    "required": fields.Field.default_error_messages["required"],
    "null": fields.Field.default_error_messages["null"],
    "invalid_value": fields.Field.default_error_messages["validator_failed"],
    "string": fields.String.default_error_messages["invalid"],
    "integer": fields.Integer.default_error_messages["invalid"],
    "number": fields.Number.default_error_messages["invalid"],
    "number_too_large": fields.Number.default_error_messages["too_large"],
    "boolean": fields.Boolean.default_error_messages["invalid"],
    "uuid": fields.UUID.default_error_messages["invalid_uuid"],
    "datetime": fields.DateTime.default_error_messages["invalid"].replace("{obj_type}",
                                                                            "datetime"),
    "date": fields.Date.default_error_messages["invalid"],
    "list": fields.List.default_error_messages["invalid"],
    "mapping": fields.Dict.default_error_messages["invalid"],
    "email": fields.Email.default_error_messages["invalid"],
    "url": fields.URL.default_error_messages["invalid"],
    "nested_type": fields.Nested.default_error_messages["type"],
    "input_type": Schema._default_error_messages["type"],
    "unknown_field": Schema._default_error_messages["unknown"],
    "range": _RANGE.message_all.format(min_op=_RANGE.message_gte, max_op=_RANGE.message_lte),
    "range_min": _RANGE.message_min.format(min_op=_RANGE.message_gte),
    "range_max": _RANGE.message_max.format(max_op=_RANGE.message_lte),
    "range_above": _RANGE.message_min.format(min_op=_RANGE.message_gt),
    "range_below": _RANGE.message_max.format(max_op=_RANGE.message_lt),
    "length": validate.Length.message_all,
    "length_min": validate.Length.message_min,
    "length_max": validate.Length.message_max,
    "length_equal": validate.Length.message_equal,
    "one_of": validate.OneOf.default_message,
    # the contracts' rules (shared/contracts/fields.py, events.py)
    "one_line": contract_fields.ONE_LINE_ERROR,
    "lines": contract_fields.LINES_ERROR,
    "blank": "Must not be blank.",
    "time_zone": "Unknown time zone.",
    "hour_minute": "Expected a time as HH:MM.",
    "after_start": "Must be later than start.",
    "past": "Must not be in the past.",
    # the services' rules
    "whole_number": "Expected a whole number.",
    "email_taken": "This address is already registered.",
    "in_person_needs_place": "In-person help needs a location in your profile.",
    "unknown_occupation": "Unknown occupation {text}: give a job title or a ROME code.",
    "unknown_place": "Unknown place {text}: give a French postal code or city.",
    "phone": "Expected a phone number such as {example}.",
    "several_communes": "Several communes are named {name}; add the postal code: {choices}.",
    "https_url": "Must be an https:// URL.",
    "site_path": "Must be a path on this site, starting with /.",
    "no_place": "No French postal code or city by that name.",
    "availability_or_preset": "Give either availability or a preset, not both.",
    "role_only": "Only for people with the {role} role.",
    "role_required": "Required for the {role} role.",
    "someone_else": "Must be someone else.",
    "withdraw_only_open": "This {what} is {status}: only an open {what} can be withdrawn.",
    # meetings (services/scheduling/service.py)
    "not_a_slot": "Not one of the proposed slots.",
    "meeting_is": "This meeting is {status}.",
    "meeting_cannot_move": "Only a booked meeting still to come can move.",
    "meeting_rated_if_held": "Only a meeting that took place is rated.",
    "meeting_outcome_after": "Only a meeting whose time is over has an outcome.",
    # documents for reviews (shared/documents.py, services/profiles/request_documents.py)
    "file_empty": "The file is empty.",
    "file_too_large": "The file is larger than {megabytes} MB.",
    "file_format": "Only PDF, DOCX or ODT documents are accepted (what the file holds decides, "
                   "not its name).",
    "file_unreadable": "This document cannot be read: it is damaged or protected by a password.",
    "document_kind": "Only a CV or cover-letter review takes a document.",
    "document_used": "This document has already gone to {count} reviews: send a new version of it.",
    "document_unknown": "No document of yours has this id.",
}


def _pattern(template):
    # "Length must be between {min} and {max}." -> Length\ must ... (?P<min>.+?) ... \Z; a value
    # named twice ("This {what} is ...: only an open {what}") is the same text both times.
    parts, named, pattern = re.split(r"{(\w+)}", template), set(), ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern += re.escape(part)
        else:
            pattern += f"(?P={part})" if part in named else f"(?P<{part}>.+?)"
            named.add(part)
    return re.compile(pattern + r"\Z", re.S)


_PATTERNS = [(message_id, _pattern(template)) for message_id, template in TEMPLATES.items()]


def parse(text):
    """(template id, its values) for a message written from one of the templates, else None."""
    for message_id, pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            return message_id, found.groupdict()
    return None
