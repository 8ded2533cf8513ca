"""The mentor's page: my mentees, and my lunch availability on a weekly grid."""
from shared.contracts import rpc
from shared.contracts.kinds import LUNCH_MENTORING

from . import lunch_grid, when_view
from .meeting_views import next_actions_first
from .pages_base import page, redirect
from .pages_matches import MatchPages


class MentorPages(MatchPages):

    @page("GET", "/mentor")
    def page_mentor(self, ctx):
        matches = [m for m in self.matches_and_meetings(ctx) if str(m["donor_id"]) == ctx.person_id]
        mentees = [m for m in matches if m["kind"] == LUNCH_MENTORING and
                   m["status"] in ("proposed", "accepted")]
        return "mentor.html", {"mentees": mentees, **next_actions_first(matches), "grid": lunch_grid,
                               "ticked": lunch_grid.ticked(ctx.me().get("availability")),
                               "mentor": ctx.me().get("mentor") or {},
                               "outlook": when_view.outlook(ctx)}

    @page("POST", "/mentor/availability", form="page_mentor")
    def page_mentor_availability(self, ctx):
        cells = set()
        for value in ctx.request.form.getlist("slot"):
            day, _, start = value.partition("-")
            if day in lunch_grid.DAYS and start in lunch_grid.SLOTS:
                cells.add((day, start))
        availability = lunch_grid.saved(ctx.me().get("availability"), cells)
        ctx.call(rpc.profiles.update_profile, person_id=ctx.person_id, availability=availability)
        return redirect("/mentor?done=saved")
