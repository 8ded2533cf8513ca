"""Every event: its name, the one service that publishes it, the services that consume it, its payload.

Payloads are validated when written to the outbox and again when received (shared/messaging).
A consumer listed here gets a durable queue declared before anything is published
(shared/messaging/topology.py), so an event is never published into the void.
"""
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .fields import Availability, Languages, Locale, Skills, Slot, Text, TimeZone
from .kinds import HELP_KINDS, ROLES


@dataclass(frozen=True)
class EventContract:
    name: str
    producer: str
    consumers: tuple
    schema: type

    def validate(self, data):
        """The payload as the schema loads it; raises marshmallow's ValidationError naming fields."""
        return self.schema().load(data)

    def to_wire(self, data):
        """The JSON-ready payload (UUIDs and dates as strings), refused if it breaks the contract."""
        schema = self.schema()
        wire = schema.dump(data)
        errors = schema.validate(wire)
        if errors:
            raise ValidationError(errors)
        return wire


class PersonRegistered(Schema):
    person_id = fields.UUID(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    locale = Locale(required=True)
    timezone = TimeZone(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    languages = Languages(required=True)
    skills = Skills(required=True)
    occupation = fields.String(required=True, allow_none=True)
    target_occupation = fields.String(required=True, allow_none=True)
    availability = Availability(required=True)
    registered_at = fields.AwareDateTime(required=True)


class PledgeMade(Schema):
    pledge_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    quantity = fields.Integer(required=True, validate=validate.Range(min=1))
    valid_until = fields.Date(required=True)
    remote = fields.Boolean(required=True)


class HelpRequested(Schema):
    request_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    note = Text(500, required=True)
    requested_at = fields.AwareDateTime(required=True)


class MatchProposed(Schema):
    match_id = fields.UUID(required=True)
    round_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    request_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    donor_id = fields.UUID(required=True)
    affinity = fields.Float(required=True)
    reasons = fields.List(fields.String(), required=True)


class MatchAccepted(Schema):
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    request_id = fields.UUID(required=True)
    pledge_id = fields.UUID(required=True)
    seeker_id = fields.UUID(required=True)
    donor_id = fields.UUID(required=True)
    remote = fields.Boolean(required=True)


class MeetingProposed(Schema):
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    chooser_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)
    slots = fields.List(fields.Nested(Slot), required=True, validate=validate.Length(min=1))


class MeetingConfirmed(Schema):
    meeting_id = fields.UUID(required=True)
    match_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    attendee_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    location = fields.String(required=True)
    # The RFC 5545 invite, METHOD:REQUEST, ready to attach to an email.
    invite = fields.String(required=True)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("Must be later than start.", "end")


PERSON_REGISTERED = EventContract(
    "person_registered", "profiles", ("matching", "scheduling", "notifications"), PersonRegistered)
PLEDGE_MADE = EventContract("pledge_made", "profiles", ("matching",), PledgeMade)
HELP_REQUESTED = EventContract("help_requested", "profiles", ("matching",), HelpRequested)
MATCH_PROPOSED = EventContract("match_proposed", "matching", ("notifications",), MatchProposed)
MATCH_ACCEPTED = EventContract(
    "match_accepted", "matching", ("profiles", "scheduling", "notifications"), MatchAccepted)
MEETING_PROPOSED = EventContract("meeting_proposed", "scheduling", ("notifications",), MeetingProposed)
MEETING_CONFIRMED = EventContract("meeting_confirmed", "scheduling", ("notifications",), MeetingConfirmed)

EVENTS = {contract.name: contract for contract in (
    PERSON_REGISTERED, PLEDGE_MADE, HELP_REQUESTED,
    MATCH_PROPOSED, MATCH_ACCEPTED,
    MEETING_PROPOSED, MEETING_CONFIRMED,
)}


def consumed_by(service_name):
    return [contract for contract in EVENTS.values() if service_name in contract.consumers]


__all__ = ["EVENTS", "EventContract", "ValidationError", "consumed_by"] + [
    name for name in dir() if name.isupper() and name != "EVENTS"]
