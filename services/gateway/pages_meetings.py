"""A meeting's life and the decisions on a match, on the web: move a booked meeting, cancel it,
say after it whether you met (with a rating and a word), call off an accepted match, and block or
report someone from a match or a card.

Every change has a page first that says what it will do (the other person is told, new times are
offered, what blocking means) and a form that posts to the same URL; the post redirects back
(`next`) with a `done=` notice. A refusal is shown beside its field in the reader's language, and
nothing is written. A meeting, match or pledge that is not the reader's is not found.
"""
from shared.contracts import rpc
from shared.contracts.kinds import MEETING_OUTCOMES, MET
from shared.errors import Conflict, InvalidInput, NotFound

from . import meeting_views
from .pages_base import page, redirect, safe_next
from .pages_matches import MatchPages

RATINGS = ("1", "2", "3", "4", "5")
COMMENT_LENGTH = 280   # rpc.ReportOutcome.comment
REASON_LENGTH = 1000   # rpc.ReportArgs.reason
# The notices these pages come back with (an outcome's is "outcome_" and the answer).
NOTICES = ("reschedule_asked", "meeting_cancelled", "called_off", "blocked", "reported")


def back_with(target, done, anchor=""):
    """`target` (a path of ours) with `done=` added to its query, then `anchor`."""
    path, _, old_anchor = target.partition("#")
    joiner = "&" if "?" in path else "?"
    anchor = anchor or (f"#{old_anchor}" if old_anchor else "")
    return f"{path}{joiner}done={done}{anchor}"


class MeetingPages(MatchPages):

    # --- reading what the reader may act on -------------------------------------------------

    def my_meeting(self, ctx, meeting_id):
        """One of the reader's meetings as the pages show it; someone else's is not found."""
        for meeting in ctx.call(rpc.scheduling.meetings_of, person_id=ctx.person_id):
            if str(meeting["meeting_id"]) == str(meeting_id):
                return meeting_views.shown_meeting(meeting, ctx.person_id, ctx.locale,
                                                   self._zone(ctx))
        raise NotFound(f"no meeting {meeting_id} of this person")

    def my_match(self, ctx, match_id):
        for match in ctx.call(rpc.matching.matches_of, person_id=ctx.person_id):
            if str(match["match_id"]) == str(match_id):
                return match
        raise NotFound(f"no match {match_id} of this person")

    def _other_of(self, ctx, first_id, second_id):
        other = second_id if str(first_id) == ctx.person_id else first_id
        card = self.card_of(ctx, other)
        return card["card"]["display_name"] if card else None

    @staticmethod
    def _back(ctx, default):
        """Where the reader came from (a `next` of ours), else `default`."""
        return safe_next(ctx.request.values.get("next"), default)

    def _meeting_values(self, ctx, meeting_id, action):
        meeting = self.my_meeting(ctx, meeting_id)
        return {"action": action, "meeting": meeting,
                "other_name": self._other_of(ctx, meeting["chooser_id"], meeting["other_id"]),
                "back": self._back(ctx, f"/matches/{meeting['match_id']}")}

    # --- move a booked meeting --------------------------------------------------------------

    @page("GET", "/meetings/<meeting_id>/reschedule")
    def page_reschedule_meeting(self, ctx, meeting_id):
        return "meeting_change.html", self._meeting_values(ctx, meeting_id, "reschedule")

    @page("POST", "/meetings/<meeting_id>/reschedule", rate_limit="proposal",
          form="page_reschedule_meeting")
    def page_move_meeting(self, ctx, meeting_id):
        values = self._meeting_values(ctx, meeting_id, "reschedule")
        if not values["meeting"]["may_move"] and not values["meeting"]["waits_for_other"]:
            raise InvalidInput({"meeting": [ctx.t("meetings.cannot_move")]})
        try:
            ctx.call(rpc.scheduling.reschedule, meeting_id=meeting_id, person_id=ctx.person_id)
        except Conflict:   # no other time both can make: the booking stands
            raise InvalidInput({"meeting": [ctx.t("meetings.no_other_time")]})
        except InvalidInput:
            raise InvalidInput({"meeting": [ctx.t("meetings.cannot_move")]})
        return redirect(back_with(values["back"], "reschedule_asked"))

    # --- cancel a meeting -------------------------------------------------------------------

    @page("GET", "/meetings/<meeting_id>/cancel")
    def page_cancel_meeting(self, ctx, meeting_id):
        return "meeting_change.html", self._meeting_values(ctx, meeting_id, "cancel")

    @page("POST", "/meetings/<meeting_id>/cancel", rate_limit="proposal",
          form="page_cancel_meeting")
    def page_call_meeting_off(self, ctx, meeting_id):
        values = self._meeting_values(ctx, meeting_id, "cancel")
        if values["meeting"]["status"] == "cancelled":
            return redirect(back_with(values["back"], "meeting_cancelled"))  # twice is once
        if not values["meeting"]["may_cancel"]:
            raise InvalidInput({"meeting": [ctx.t("meetings.cannot_cancel")]})
        try:
            ctx.call(rpc.scheduling.cancel, meeting_id=meeting_id, person_id=ctx.person_id)
        except InvalidInput:   # over or ended meanwhile
            raise InvalidInput({"meeting": [ctx.t("meetings.cannot_cancel")]})
        return redirect(back_with(values["back"], "meeting_cancelled"))

    # --- "did we meet?" ---------------------------------------------------------------------

    @page("GET", "/meetings/<meeting_id>/outcome")
    def page_meeting_outcome(self, ctx, meeting_id):
        values = self._meeting_values(ctx, meeting_id, "outcome")
        return "meeting_outcome.html", {**values, "outcomes": MEETING_OUTCOMES,
                                        "ratings": RATINGS, "comment_length": COMMENT_LENGTH}

    @page("POST", "/meetings/<meeting_id>/outcome", form="page_meeting_outcome")
    def page_answer_outcome(self, ctx, meeting_id):
        meeting = self.my_meeting(ctx, meeting_id)
        answer = self._outcome_form(ctx)
        if not meeting["asks_outcome"] and meeting.get("outcome") != answer["outcome"]:
            raise InvalidInput({"meeting": [ctx.t("meetings.outcome_not_now")]})
        try:
            ctx.call(rpc.scheduling.report_outcome, meeting_id=meeting_id,
                     person_id=ctx.person_id, **answer)
        except Conflict:
            raise InvalidInput({"outcome": [ctx.t("meetings.outcome_already")]})
        except InvalidInput as refused:
            if "meeting_id" in refused.fields:
                raise InvalidInput({"meeting": [ctx.t("meetings.outcome_not_now")]})
            raise
        back = self._back(ctx, f"/matches/{meeting['match_id']}")
        return redirect(back_with(back, "outcome_" + answer["outcome"]))

    @staticmethod
    def _outcome_form(ctx):
        """The answer as scheduling takes it, every mistake of the form found at once."""
        form = ctx.request.form
        outcome = form.get("outcome", "")
        rating = form.get("rating", "").strip()
        comment = form.get("comment", "").strip()
        errors = {}
        if outcome not in MEETING_OUTCOMES:
            errors["outcome"] = [ctx.t("meetings.outcome_required")]
        if rating and rating not in RATINGS:
            errors["rating"] = [ctx.t("meetings.rating_range")]
        elif rating and outcome in MEETING_OUTCOMES and outcome != MET:
            errors["rating"] = [ctx.t("meetings.rating_only_met")]
        if len(comment) > COMMENT_LENGTH:
            errors["comment"] = [ctx.t("meetings.too_long", count=COMMENT_LENGTH)]
        if errors:
            raise InvalidInput(errors)
        return {"outcome": outcome, "rating": int(rating) if rating else None, "comment": comment}

    # --- call off an accepted match -----------------------------------------------------------

    def _call_off_values(self, ctx, match_id):
        match = self.my_match(ctx, match_id)
        return {"action": "call_off", "match": match,
                "other_name": self._other_of(ctx, match["seeker_id"], match["donor_id"]),
                "back": self._back(ctx, f"/matches/{match_id}")}

    @page("GET", "/matches/<match_id>/call-off")
    def page_call_off_match(self, ctx, match_id):
        return "meeting_change.html", self._call_off_values(ctx, match_id)

    @page("POST", "/matches/<match_id>/call-off", rate_limit="proposal",
          form="page_call_off_match")
    def page_match_called_off(self, ctx, match_id):
        values = self._call_off_values(ctx, match_id)
        if values["match"]["status"] == "cancelled":
            return redirect(back_with(values["back"], "called_off"))
        try:
            ctx.call(rpc.matching.cancel, match_id=match_id, person_id=ctx.person_id)
        except Conflict:   # proposed (decline it) or over
            raise InvalidInput({"match": [ctx.t("meetings.cannot_call_off")]})
        return redirect(back_with(values["back"], "called_off"))

    # --- block and report ---------------------------------------------------------------------

    def _person_values(self, ctx, person_id, action):
        if str(person_id) == ctx.person_id:
            raise NotFound("one does not block oneself")
        card = self.card_of(ctx, person_id)
        return {"action": action, "person_id": person_id,
                "other_name": card["card"]["display_name"] if card else None,
                "back": self._back(ctx, self.home_of(ctx)),
                "reason_length": REASON_LENGTH}

    @page("GET", "/people/<person_id>/block")
    def page_block(self, ctx, person_id):
        return "block.html", self._person_values(ctx, person_id, "block")

    @page("POST", "/people/<person_id>/block", form="page_block")
    def page_blocked(self, ctx, person_id):
        values = self._person_values(ctx, person_id, "block")
        ctx.call(rpc.profiles.block, person_id=ctx.person_id, other_id=person_id)
        return redirect(back_with(values["back"], "blocked"))

    @page("GET", "/people/<person_id>/report")
    def page_report(self, ctx, person_id):
        return "block.html", self._person_values(ctx, person_id, "report")

    @page("POST", "/people/<person_id>/report", form="page_report")
    def page_reported(self, ctx, person_id):
        values = self._person_values(ctx, person_id, "report")
        reason = ctx.request.form.get("reason", "").strip()
        if not reason:
            raise InvalidInput({"reason": [ctx.t("meetings.reason_required")]})
        if len(reason) > REASON_LENGTH:
            raise InvalidInput({"reason": [ctx.t("meetings.too_long", count=REASON_LENGTH)]})
        ctx.call(rpc.profiles.report, person_id=ctx.person_id, other_id=person_id, reason=reason)
        return redirect(back_with(values["back"], "reported"))
