"""What operators see: the last rounds' reports, what each service parked, and the impact figures.

Every route here answers 403 to anyone who does not operate Binôme (`api(..., operator=True)`).

- GET  /api/operator/rounds?page=&page_size=&kind=    rpc.matching.rounds: reports, newest first
- GET  /api/operator/parked?service=&page=&page_size= rpc.<service>.parked_messages, the last
                                                      parked first, ids only
- POST /api/operator/parked/<service>/replay {"ids": [...]} -> {"replayed": n}
- GET  /api/operator/sponsors-ending-often?page=&page_size=
                                                      rpc.matching.sponsors_ending_often: sponsors
                                                      who ended many sponsorships lately, slowed
- GET  /api/operator/impact                           one document composed from each service:
    {"generated_at",
     "pledges": [{kind, pledges, units_pledged, units_used, pledges_fulfilled}],   profiles
     "people": {"total", "by_role": {role: n}},                                     profiles
     "matches": [{kind, requests, proposed, accepted, held,
                  median_hours_to_match, p90_hours_to_match,
                  median_minutes_to_proposal, p90_minutes_to_proposal}],            matching
     "time_to_match": which timestamps the hours run between, in words,            matching
     "time_to_proposal": which timestamps the minutes run between, in words,       matching
     "meetings": {"held_per_week": [{week, meetings}], "ratings": {"1".."5": n},
                  "mean_rating", "no_shows"},                                        scheduling
     "outcomes": {asked, answered, satisfied_share, found_job_share,
                  in_training_share, helped_share, by_kind: [{kind, …}], meaning}}   matching
"""
from marshmallow import Schema, fields, validate

from shared.clock import utcnow
from shared.contracts import rpc
from shared.contracts.kinds import REQUEST_KINDS
from shared.errors import NotFound

from .routing import Gateway, api

PARKING_SERVICES = tuple(rpc.SERVICES)

# The answers and queries that are the gateway's own rather than one contract's.
RoundsQuery = Schema.from_dict({
    "kind": fields.String(load_default=None, validate=validate.OneOf(REQUEST_KINDS))},
    name="RoundsQuery")
ParkedQuery = Schema.from_dict({
    "service": fields.String(required=True, validate=validate.OneOf(PARKING_SERVICES))},
    name="ParkedQuery")
People = Schema.from_dict({
    "total": fields.Integer(),
    "by_role": fields.Dict(keys=fields.String(), values=fields.Integer())}, name="People")
ImpactDocument = Schema.from_dict({
    "generated_at": fields.AwareDateTime(),
    "pledges": fields.List(fields.Nested(rpc.PledgeKindFigures)),
    "people": fields.Nested(People),
    "matches": fields.List(fields.Nested(rpc.MatchKindFigures)),
    "time_to_match": fields.String(),
    "time_to_proposal": fields.String(),
    "meetings": fields.Nested(rpc.FeedbackSummary),
    # Where the people helped stand three months on (services/matching/outcomes.py).
    "outcomes": fields.Nested(rpc.OutcomeFigures)}, name="ImpactDocument")


def impact_document(pledges, matches, meetings, now, outcomes=None):
    """The dashboard's figures from what profiles, matching and scheduling each answered."""
    document = {"generated_at": now.isoformat(),
                "pledges": pledges["kinds"],
                "people": {"total": pledges["people"], "by_role": pledges["people_by_role"]},
                "matches": matches["kinds"],
                "time_to_match": matches["time_to_match"],
                "time_to_proposal": matches["time_to_proposal"],
                "meetings": meetings}
    if outcomes is not None:
        document["outcomes"] = outcomes
    return document


class Operator(Gateway):

    @api("GET", "/api/operator/rounds", operator=True, contract=rpc.matching.rounds,
         query=RoundsQuery, paged=True, result=rpc.RoundsPage)
    def operator_rounds(self, request, me, query, paging):
        """The last matching rounds' reports, newest first, with their baselines."""
        return 200, self._call(rpc.matching.rounds, page=paging.page,
                               page_size=paging.page_size, **query)

    @api("GET", "/api/operator/parked", operator=True, contract=rpc.matching.parked_messages,
         query=ParkedQuery, paged=True, result=rpc.ParkedPage)
    def operator_parked(self, request, me, query, paging):
        """What a service gave up on after its retries, the last parked first (ids only)."""
        contract = rpc.contracts_of(query["service"])["parked_messages"]
        return 200, self._call(contract, page=paging.page, page_size=paging.page_size)

    @api("POST", "/api/operator/parked/<service>/replay", operator=True,
         contract=rpc.matching.replay_parked)
    def operator_replay_parked(self, request, me, service, body):
        """Put parked items of a service back in line, by id."""
        if service not in PARKING_SERVICES:
            raise NotFound(f"no service {service!r}; one of {', '.join(PARKING_SERVICES)}")
        return 200, self._call(rpc.contracts_of(service)["replay_parked"], **body)

    @api("GET", "/api/operator/sponsors-ending-often", operator=True,
         contract=rpc.matching.sponsors_ending_often, paged=True,
         result=rpc.SponsorsEndingOftenPage)
    def operator_sponsors_ending_often(self, request, me, paging):
        """Sponsors who ended more sponsorships lately than the few that cost nothing (a way to
        harvest contacts), the most endings first, and until when their next one waits."""
        return 200, self._call(rpc.matching.sponsors_ending_often, page=paging.page,
                               page_size=paging.page_size)

    @api("GET", "/api/operator/impact", operator=True, result=ImpactDocument)
    def operator_impact(self, request, me):
        """Pledges made and used, time to match, meetings held and feedback, people by role,
        and where the people helped stand three months on (`outcomes`)."""
        return 200, impact_document(self._call(rpc.profiles.pledge_figures),
                                    self._call(rpc.matching.match_figures),
                                    self._call(rpc.scheduling.feedback_summary), utcnow(),
                                    self._call(rpc.matching.outcome_figures))
