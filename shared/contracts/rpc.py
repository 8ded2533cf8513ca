"""Every RPC method: which service answers it, its keyword arguments and its result.

Arguments are loaded through `args` by the answering service before anything is written
(shared/rpc.py); unknown arguments are refused by name. Results are dumped through `result`.
"""
from dataclasses import dataclass

from marshmallow import Schema, fields, validate

from .events import MatchProposed, MeetingProposed
from .fields import Availability, Languages, Locale, Skills, Text, TimeZone, not_blank
from .kinds import HELP_KINDS, ROLES


@dataclass(frozen=True)
class RpcContract:
    service: str
    method: str
    args: type
    result: type | None
    many: bool = False


# --- profiles ---------------------------------------------------------------------------------

class RegisterPerson(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank])
    email = fields.Email(required=True, validate=validate.Length(max=254))
    locale = Locale(load_default="fr")
    timezone = TimeZone(load_default="Europe/Paris")
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(min=1, max=len(ROLES)))
    languages = Languages(load_default=lambda: ["fr"])
    skills = Skills(load_default=list)
    occupation = Text(100, load_default=None, allow_none=True)
    target_occupation = Text(100, load_default=None, allow_none=True)
    availability = Availability(load_default=dict)


class Person(Schema):
    id = fields.UUID()
    name = fields.String()
    email = fields.String()
    locale = fields.String()
    timezone = fields.String()
    roles = fields.List(fields.String())
    languages = fields.List(fields.String())
    skills = fields.List(fields.String())
    occupation = fields.String(allow_none=True)
    target_occupation = fields.String(allow_none=True)
    availability = fields.Dict()
    registered_at = fields.AwareDateTime()


class PersonId(Schema):
    person_id = fields.UUID(required=True)


class MakePledge(Schema):
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=50))
    valid_until = fields.Date(load_default=None, allow_none=True)
    remote = fields.Boolean(load_default=True)


class Pledge(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    kind = fields.String()
    quantity = fields.Integer()
    remaining = fields.Integer()
    valid_until = fields.Date()
    remote = fields.Boolean()
    status = fields.String()


class RequestHelp(Schema):
    person_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))
    note = Text(500, load_default="")


class HelpRequest(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    kind = fields.String()
    note = fields.String()
    status = fields.String()
    requested_at = fields.AwareDateTime()


class profiles:
    register_person = RpcContract("profiles", "register_person", RegisterPerson, Person)
    get_person = RpcContract("profiles", "get_person", PersonId, Person)
    make_pledge = RpcContract("profiles", "make_pledge", MakePledge, Pledge)
    pledges_of = RpcContract("profiles", "pledges_of", PersonId, Pledge, many=True)
    request_help = RpcContract("profiles", "request_help", RequestHelp, HelpRequest)
    requests_of = RpcContract("profiles", "requests_of", PersonId, HelpRequest, many=True)


# --- matching ---------------------------------------------------------------------------------

class RunRound(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(HELP_KINDS))


class RoundReport(Schema):
    id = fields.UUID()
    kind = fields.String()
    started_at = fields.AwareDateTime()
    requests = fields.Integer()
    offers = fields.Integer()
    edges = fields.Integer()
    matched = fields.Integer()
    mean_affinity = fields.Float(allow_none=True)


class Match(MatchProposed):
    status = fields.String()
    proposed_at = fields.AwareDateTime()


class MatchDecision(Schema):
    match_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)


class matching:
    run_round = RpcContract("matching", "run_round", RunRound, RoundReport)
    matches_of = RpcContract("matching", "matches_of", PersonId, Match, many=True)
    accept = RpcContract("matching", "accept", MatchDecision, Match)
    decline = RpcContract("matching", "decline", MatchDecision, Match)


# --- scheduling -------------------------------------------------------------------------------

class Meeting(MeetingProposed):
    status = fields.String()
    start = fields.AwareDateTime(allow_none=True)
    end = fields.AwareDateTime(allow_none=True)
    location = fields.String(allow_none=True)


class ConfirmSlot(Schema):
    meeting_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    start = fields.AwareDateTime(required=True)


class scheduling:
    meetings_of = RpcContract("scheduling", "meetings_of", PersonId, Meeting, many=True)
    confirm = RpcContract("scheduling", "confirm", ConfirmSlot, Meeting)


# --- notifications ----------------------------------------------------------------------------

class Notification(Schema):
    id = fields.UUID()
    person_id = fields.UUID()
    event = fields.String()
    subject = fields.String()
    body = fields.String()
    created_at = fields.AwareDateTime()
    read = fields.Boolean()


class notifications:
    inbox = RpcContract("notifications", "inbox", PersonId, Notification, many=True)


SERVICES = {"profiles": profiles, "matching": matching, "scheduling": scheduling,
            "notifications": notifications}


def contracts_of(service_name):
    namespace = SERVICES[service_name]
    return {name: value for name, value in vars(namespace).items() if isinstance(value, RpcContract)}


__all__ = ["RpcContract", "SERVICES", "contracts_of", "profiles", "matching", "scheduling",
           "notifications"]
