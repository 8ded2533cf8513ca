"""The help given, on a match's page (/matches/{id}): the donor returns their review, the seeker
reads it, rates it and may thank the donor; the seeker of an introduction says it was made.
Each form posts, then redirects back to the match; a refused field is shown beside it.
"""
from shared.contracts import rpc
from shared.contracts.kinds import INTRODUCTION, REVIEW_KINDS
from shared.errors import InvalidInput, NotFound

from .pages_base import PageBase, page, redirect
from .review_files import review_form


class ReviewPages(PageBase):

    def help_given_view(self, ctx, match_id, match):
        """What the match page shows of the help given: `review` (rpc.ReviewView, for a review
        kind once accepted) and `introduction` (for an accepted introduction)."""
        review = introduction = None
        if match is None:
            return {"review": None, "introduction": None}
        if match["kind"] in REVIEW_KINDS:
            try:
                review = ctx.call(rpc.matching.review, match_id=match_id,
                                  person_id=ctx.person_id)
            except NotFound:   # not accepted yet: nothing to return
                review = None
        if match["kind"] == INTRODUCTION and (match["status"] == "accepted" or
                                              match.get("given_at")):
            introduction = {"given_at": match.get("given_at"),
                            "may_confirm": match["mine_to_decide"] and not match.get("given_at")
                            and match["status"] == "accepted"}
        return {"review": review, "introduction": introduction,
                "i_asked": match["mine_to_decide"]}

    @page("POST", "/matches/<match_id>/review", rate_limit="message", form="page_match")
    def page_return_review(self, ctx, match_id):
        if ctx.request.mimetype == "multipart/form-data":   # with an annotated file, or not
            sent = review_form(ctx.request)
        else:
            sent = {"comments": ctx.request.form.get("comments", "")}
        ctx.call(rpc.matching.return_review, match_id=match_id, person_id=ctx.person_id, **sent)
        return redirect(f"/matches/{match_id}?done=review_returned#review")

    @page("POST", "/matches/<match_id>/review/rating", rate_limit="message", form="page_match")
    def page_rate_review(self, ctx, match_id):
        rating = ctx.request.form.get("rating", "").strip()
        if not rating.isdecimal():
            raise InvalidInput({"rating": [ctx.t("review.pick_rating")]})
        ctx.call(rpc.matching.rate_review, match_id=match_id, person_id=ctx.person_id,
                 rating=int(rating), thanks=ctx.request.form.get("thanks", "").strip() or None)
        return redirect(f"/matches/{match_id}?done=review_rated#review")

    @page("POST", "/matches/<match_id>/help-given", rate_limit="proposal")
    def page_confirm_help_given(self, ctx, match_id):
        ctx.call(rpc.matching.confirm_help_given, match_id=match_id, person_id=ctx.person_id)
        return redirect(f"/matches/{match_id}?done=introduction_confirmed#introduction")
