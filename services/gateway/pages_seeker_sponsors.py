"""A job seeker's page of the sponsors who liked their card: like one back (the sponsorship
starts and each sees how to reach the other) or say no thanks; and who sponsors them now.

A seeker who accepts sponsors by default is sponsored at a sponsor's first like; everyone else
answers here, one sponsor at a time.
"""
from shared.contracts import rpc
from shared.errors import InvalidInput

from .pages_base import page, redirect
from .pages_matches import MatchPages

SPONSORS_PER_PAGE = 10
ANSWERS = ("like", "pass")


def _page_number(args):
    """?page= from 1; a page that is not a number is refused by name."""
    value = args.get("page", "").strip() or "1"
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise InvalidInput({"page": ["Expected a whole number."]})
    return int(value)


class SeekerSponsorPages(MatchPages):

    @page("GET", "/sponsors")
    def page_interested_sponsors(self, ctx):
        number = _page_number(ctx.request.args)
        waiting = ctx.call(rpc.matching.interested_sponsors, person_id=ctx.person_id,
                           page=number - 1, page_size=SPONSORS_PER_PAGE)
        mine = [{**sponsorship, "view": self.card_of(ctx, sponsorship["sponsor_id"])}
                for sponsorship in ctx.call(rpc.matching.sponsorships_of, person_id=ctx.person_id)
                if str(sponsorship["seeker_id"]) == ctx.person_id]
        return "sponsors.html", {"waiting": waiting, "my_sponsors": mine, "page_number": number,
                                 "last_page": max(1, -(-waiting["total"] // SPONSORS_PER_PAGE))}

    @page("POST", "/sponsors/<sponsor_id>/<answer>", rate_limit="swipe")
    def page_answer_sponsor(self, ctx, sponsor_id, answer):
        if answer not in ANSWERS:
            raise InvalidInput({"answer": ["Must be one of: like, pass."]})
        swiped = ctx.call(rpc.matching.swipe, person_id=ctx.person_id, other_id=sponsor_id,
                          decision=answer)
        if answer == "pass":
            return redirect("/sponsors?done=sponsor_passed")
        return redirect("/sponsors?done=" + ("sponsorship_started" if swiped["sponsorship"]
                                             else "sponsor_liked"))
