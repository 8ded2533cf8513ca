"""The job seeker's and the reconverting worker's page: ask for help, see who was matched and
why, accept or decline, pick a slot, download the invite."""
from shared.contracts import rpc
from shared.contracts.kinds import HELP_KINDS, LUNCH_MENTORING, REVIEW_KINDS, SPONSORSHIP

from . import when_view
from .meeting_views import next_actions_first
from .pages_base import page, redirect
from .pages_seeker_sponsors import SeekerSponsorPages


class SeekerPages(SeekerSponsorPages):

    @page("GET", "/seeker")
    def page_seeker(self, ctx, request_id=None):
        """`request_id`: the request whose document form was refused (shown again beside it)."""
        roles = ctx.me()["roles"]
        # A reconverting worker comes for a mentor's lunch first: it is offered, and chosen, first.
        kinds = ((LUNCH_MENTORING,) if "reconverting_worker" in roles else ()) + HELP_KINDS + \
            ((SPONSORSHIP,) if "job_seeker" in roles else ())
        requests = ctx.call(rpc.profiles.requests_of, person_id=ctx.person_id)
        requests.sort(key=lambda r: r.get("requested_at") or "", reverse=True)
        return "seeker.html", {"requests": self.with_document_words(ctx, requests),
                               "kinds": kinds, "review_kinds": REVIEW_KINDS,
                               "document_for": request_id,
                               **next_actions_first(self.matches_and_meetings(ctx)),
                               "outlook": when_view.outlook(ctx)}

    @page("POST", "/seeker/requests", form="page_seeker")
    def page_request_help(self, ctx):
        # A review's document may come with the request: checked first, so that a refused file
        # leaves no request behind either.
        upload = self.chosen_document(ctx, kind_field="kind")
        form = ctx.request.form
        request = ctx.call(rpc.profiles.request_help, person_id=ctx.person_id,
                           kind=form.get("kind", ""), note=form.get("note", "").strip())
        if upload is None:
            return redirect("/seeker?done=requested")
        self.attach(ctx, request["id"], upload)
        return redirect(f"/seeker?done=requested#request-{request['id']}")

    @page("POST", "/seeker/requests/<request_id>/withdraw")
    def page_withdraw_request(self, ctx, request_id):
        ctx.call(rpc.profiles.withdraw_request, person_id=ctx.person_id, request_id=request_id)
        return redirect("/seeker?done=withdrawn")
