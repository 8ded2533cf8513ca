"""What seekers, donors and mentors share: their matches (with why), deciding on a proposal, the
meetings proposed to them (pick a slot) and booked (download the invite).
"""
from shared.contracts import rpc
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.explanations import words

from . import when_view
from .meeting_views import shown_meeting
from .cards import in_reader_words
from .pages_base import page, redirect, safe_next
from .pages_documents import DocumentPages

# Newest last, as a conversation reads; the page opens on the newest ones.
MESSAGES_PER_PAGE = 30
DECISIONS = {"accept": rpc.matching.accept, "decline": rpc.matching.decline}
DONE = {"accept": "accepted", "decline": "declined"}


class MatchPages(DocumentPages):

    def matches_and_meetings(self, ctx):
        """My matches, newest first, each with its reasons in the page's language, the other
        person's card, and its meeting when there is one."""
        matches = ctx.call(rpc.matching.matches_of, person_id=ctx.person_id)
        meetings = ctx.call(rpc.scheduling.meetings_of, person_id=ctx.person_id)
        by_match = {}
        for meeting in meetings:
            by_match.setdefault(str(meeting["match_id"]), []).append(meeting)
        shown = []
        for match in sorted(matches, key=lambda m: m.get("proposed_at") or "", reverse=True):
            mine_to_decide = str(match["seeker_id"]) == ctx.person_id
            other = match["donor_id"] if mine_to_decide else match["seeker_id"]
            shown.append({**match, "reasons": words(match.get("reason_data") or
                                                    match.get("reasons") or [], ctx.locale),
                          "mine_to_decide": mine_to_decide,
                          "other": self.card_of(ctx, other),
                          "meetings": [shown_meeting(m, ctx.person_id, ctx.locale, self._zone(ctx))
                                       for m in by_match.get(str(match["match_id"]), [])]})
        return shown

    def card_of(self, ctx, person_id):
        """Someone's card as I may see it (their contact only once both consented)."""
        try:
            view = ctx.call(rpc.profiles.view_person, viewer_id=ctx.person_id, person_id=person_id)
        except (NotFound, Forbidden):   # erased or blocked since: the match shows, unnamed
            return None
        return {**view, "card": in_reader_words(view.get("card"), ctx.locale)}

    @page("GET", "/matches/<match_id>")
    def page_match(self, ctx, match_id):
        """A match: why it was made, and its conversation once accepted. A sponsorship a mutual
        yes started has no match, only its conversation, under the sponsorship's id."""
        talk = self.conversation_of(ctx, match_id)
        try:
            why = ctx.call(rpc.matching.explain, match_id=match_id, person_id=ctx.person_id)
        except NotFound:
            if talk is None:
                raise
            why = None
        match = next((m for m in self.matches_and_meetings(ctx)
                      if str(m["match_id"]) == match_id), None) if why else None
        if why:
            why = {**why, "reasons": words(why.get("reason_data") or why["reasons"], ctx.locale)}
        return "match.html", {"why": why, "match": match, "talk": talk, "match_id": match_id,
                              "other_name": self._other_name(ctx, match, talk),
                              "document": self.document_of_match(ctx, match_id) if why else None,
                              "zone": self._zone(ctx), "outlook": when_view.When(ctx),
                              **self.help_given_view(ctx, match_id, match)}   # pages_reviews

    @staticmethod
    def _zone(ctx):
        """The reader's time zone, named beside the deadline (shown on their own clock)."""
        try:
            return ctx.me().get("timezone") or "Europe/Paris"
        except NotFound:
            return "Europe/Paris"

    def _other_name(self, ctx, match, talk):
        """How the other person is named beside their messages (None: unnamed, "someone")."""
        if match is not None:
            return match["other"]["card"]["display_name"] if match["other"] else None
        others = {str(m["author_id"]) for m in (talk or {}).get("items", ())
                  if not m["mine"] and m["author_id"]}
        card = self.card_of(ctx, others.pop()) if others else None
        return card["card"]["display_name"] if card else None

    def conversation_of(self, ctx, match_id):
        """The page of the conversation asked for (?page=), else the newest; None before the
        match is accepted (there is none yet)."""
        asked = ctx.request.args.get("page", "")
        try:
            page_number = int(asked) if asked.isdigit() and 0 < int(asked) <= 10_000 else None
            talk = ctx.call(rpc.matching.messages, match_id=match_id, person_id=ctx.person_id,
                            page=page_number or 1, page_size=MESSAGES_PER_PAGE)
            if page_number is None and talk["last_page"] > 1:
                talk = ctx.call(rpc.matching.messages, match_id=match_id,
                                person_id=ctx.person_id, page=talk["last_page"],
                                page_size=MESSAGES_PER_PAGE)
        except NotFound:
            return None
        return talk

    @page("POST", "/matches/<match_id>/messages", rate_limit="message", form="page_match")
    def page_post_message(self, ctx, match_id):
        ctx.call(rpc.matching.post_message, match_id=match_id, person_id=ctx.person_id,
                 body=ctx.request.form.get("body", ""))
        return redirect(f"/matches/{match_id}?done=sent#conversation")

    @page("POST", "/matches/<match_id>/another-donor", rate_limit="proposal")
    def page_ask_another_donor(self, ctx, match_id):
        """The seeker's one click past the deadline: the request goes to another donor."""
        ctx.call(rpc.matching.ask_another_donor, match_id=match_id, person_id=ctx.person_id)
        return redirect(f"/matches/{match_id}?done=another_donor")

    @page("POST", "/matches/<match_id>/<decision>", rate_limit="proposal")
    def page_decide(self, ctx, match_id, decision):
        if decision not in DECISIONS:
            raise InvalidInput({"decision": ["One of accept, decline."]})
        ctx.call(DECISIONS[decision], match_id=match_id, person_id=ctx.person_id)
        back = safe_next(ctx.request.form.get("next"), self.home_of(ctx))
        # "declined", not "declineed": the notice is looked up by this word.
        return redirect(f"{back}?done={DONE[decision]}")

    @page("POST", "/meetings/<meeting_id>/confirm", rate_limit="proposal")
    def page_confirm_slot(self, ctx, meeting_id):
        start = ctx.request.form.get("start", "")
        if not start:
            raise InvalidInput({"start": [ctx.t("meeting.pick_one")]})
        ctx.call(rpc.scheduling.confirm, meeting_id=meeting_id, person_id=ctx.person_id,
                 start=start)
        back = safe_next(ctx.request.form.get("next"), self.home_of(ctx))
        return redirect(f"{back}?done=booked")
