"""The operator's pages: run a round, the last rounds' reports, parked messages (and replaying
them), and the impact dashboard with its charts (each with a table as its text alternative)."""
from shared.clock import utcnow
from shared.contracts import rpc
from shared.contracts.kinds import REQUEST_KINDS
from shared.errors import InvalidInput

from .charts import bar_chart
from .operator import PARKING_SERVICES, impact_document
from .pages_base import PageBase, page, redirect

RATINGS = ("1", "2", "3", "4", "5")


class OperatorPages(PageBase):

    @page("GET", "/operator", operator=True)
    def page_operator(self, ctx):
        rounds = ctx.call(rpc.matching.rounds, page=1, page_size=15)
        ending = ctx.call(rpc.matching.sponsors_ending_often, page=1, page_size=50)
        return "operator.html", {"kinds": REQUEST_KINDS, "rounds": rounds["items"],
                                 "ending_often": ending["items"]}

    @page("POST", "/operator/rounds", operator=True, form="page_operator", rate_limit="proposal")
    def page_run_round(self, ctx):
        ctx.call(rpc.matching.run_round, kind=ctx.request.form.get("kind", ""))
        return redirect("/operator?done=round_run")

    @page("GET", "/operator/parked", operator=True)
    def page_parked(self, ctx):
        parked = {name: ctx.call(rpc.SERVICES[name].parked_messages, page=1, page_size=50)
                  for name in PARKING_SERVICES}
        return "parked.html", {"parked": parked}

    @page("POST", "/operator/parked/<service>/replay", operator=True)
    def page_replay_parked(self, ctx, service):
        if service not in PARKING_SERVICES:
            raise InvalidInput({"service": [f"One of {', '.join(PARKING_SERVICES)}."]})
        ids = ctx.request.form.getlist("id")
        if ids:
            ctx.call(rpc.SERVICES[service].replay_parked, ids=ids)
        return redirect("/operator/parked?done=replayed")

    @page("GET", "/operator/impact", operator=True)
    def page_impact(self, ctx):
        impact = impact_document(ctx.call(rpc.profiles.pledge_figures),
                                 ctx.call(rpc.matching.match_figures),
                                 ctx.call(rpc.scheduling.feedback_summary), utcnow(),
                                 ctx.call(rpc.matching.outcome_figures))

        def kind(name):
            return ctx.t("kind." + name)
        pledges, matches = impact["pledges"], impact["matches"]
        weeks = impact["meetings"]["held_per_week"]
        ratings = impact["meetings"]["ratings"]
        charts = {
            "pledges": bar_chart([kind(p["kind"]) for p in pledges],
                                 [ctx.t("impact.made"), ctx.t("impact.fulfilled")],
                                 [[p["pledges"], p["pledges_fulfilled"]] for p in pledges]),
            "time_to_match": bar_chart([kind(m["kind"]) for m in matches],
                                       [ctx.t("impact.median_hours"), ctx.t("impact.p90_hours")],
                                       [[m["median_hours_to_match"], m["p90_hours_to_match"]]
                                        for m in matches]),
            "time_to_proposal": bar_chart(
                [kind(m["kind"]) for m in matches],
                [ctx.t("impact.median_hours"), ctx.t("impact.p90_hours")],
                [[m["median_minutes_to_proposal"], m["p90_minutes_to_proposal"]]
                 for m in matches]),
            "meetings": bar_chart([str(w["week"]) for w in weeks], [ctx.t("impact.meetings_held")],
                                  [[w["meetings"]] for w in weeks]),
            "ratings": bar_chart(list(RATINGS), [ctx.t("impact.answers")],
                                 [[ratings.get(r, 0)] for r in RATINGS]),
            "outcomes": _outcomes_chart(ctx, impact["outcomes"]),
        }
        return "impact.html", {"impact": impact, "charts": charts, "ratings_order": RATINGS}


def _percent(share):
    return None if share is None else round(share * 100, 1)


def _outcomes_chart(ctx, outcomes):
    """Three months on, per kind of help received: satisfied, found a job, Binôme helped (%);
    only the kinds someone was asked about."""
    asked = [k for k in outcomes["by_kind"] if k["asked"]]
    return bar_chart([ctx.t("kind." + k["kind"]) for k in asked],
                     [ctx.t("impact.satisfied"), ctx.t("impact.found_job"),
                      ctx.t("impact.helped")],
                     [[_percent(k["satisfied_share"]), _percent(k["found_job_share"]),
                       _percent(k["helped_share"])] for k in asked])
