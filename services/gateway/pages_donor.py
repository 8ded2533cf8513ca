"""The time donor's page: pledge units of help, and see what each pledge became."""
from shared.contracts import rpc
from shared.contracts.kinds import HELP_KINDS

from . import when_view
from .meeting_views import next_actions_first
from .pages_base import page, redirect
from .pages_matches import MatchPages


class DonorPages(MatchPages):

    @page("GET", "/donor")
    def page_donor(self, ctx):
        pledges = ctx.call(rpc.profiles.pledges_of, person_id=ctx.person_id)
        outcomes = {str(o["pledge_id"]): o for o in
                    ctx.call(rpc.matching.pledge_outcomes, person_id=ctx.person_id)}
        matches = self.matches_and_meetings(ctx)
        for pledge in pledges:
            pledge["used"] = pledge["quantity"] - pledge["remaining"]
            pledge["outcome"] = outcomes.get(str(pledge["id"]), {})
            pledge["matches"] = [m for m in matches if str(m["pledge_id"]) == str(pledge["id"])]
            pledge["units_shown"] = _units_shown(pledge)
        # Three months on: how many of the people they helped found work (counts, never who).
        helped = ctx.call(rpc.matching.helped_outcomes, person_id=ctx.person_id)
        return "donor.html", {"pledges": pledges, "kinds": HELP_KINDS,
                              **next_actions_first(matches),
                              "helped_outcomes": helped, "outlook": when_view.outlook(ctx)}

    @page("POST", "/donor/pledges", form="page_donor")
    def page_pledge(self, ctx):
        form = ctx.request.form
        pledge = {"kind": form.get("kind", ""), "remote": form.get("where") != "in_person",
                  "quantity": _number(form.get("quantity")),
                  **self.form_fields(ctx, "valid_until")}
        if not pledge["remote"]:
            pledge["radius_km"] = _number(form.get("radius_km")) if form.get("radius_km") else None
        ctx.call(rpc.profiles.make_pledge, person_id=ctx.person_id, **pledge)
        return redirect("/donor?done=pledged")

    @page("POST", "/donor/pledges/<pledge_id>/resume")
    def page_resume_pledge(self, ctx, pledge_id):
        ctx.call(rpc.profiles.resume_pledge, person_id=ctx.person_id, pledge_id=pledge_id)
        return redirect("/donor?done=resumed")

    @page("POST", "/donor/pledges/<pledge_id>/release")
    def page_release_pledge(self, ctx, pledge_id):
        ctx.call(rpc.profiles.release_pledge, person_id=ctx.person_id, pledge_id=pledge_id)
        return redirect("/donor?done=released")

    @page("POST", "/donor/pledges/<pledge_id>/withdraw")
    def page_withdraw_pledge(self, ctx, pledge_id):
        ctx.call(rpc.profiles.withdraw_pledge, person_id=ctx.person_id, pledge_id=pledge_id)
        return redirect("/donor?done=withdrawn")


def _units_shown(pledge):
    """Each unit of the pledge as the page lists it: its state, and for a unit in progress the
    accepted match it went to (the person, and the deadline when the kind has one), in the order
    profiles gives the states (given, in progress, paused, offered, released)."""
    in_progress = [m for m in pledge["matches"]
                   if m["status"] == "accepted" and not m.get("given_at")]
    shown = []
    for state in pledge.get("unit_states") or ():
        match = in_progress.pop(0) if state == "in_progress" and in_progress else None
        shown.append({"state": state, "match": match})
    return shown


def _number(text):
    """A whole number when it reads as one; otherwise as typed, for the service to refuse by name."""
    text = (text or "").strip()
    return int(text) if text.lstrip("-").isdigit() else text
