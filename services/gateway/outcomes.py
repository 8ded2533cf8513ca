"""Outcomes three months on, at the gateway: the answer given through the emailed link, by the API
and by the link's page. No sign-in: the link's token is the proof (matching keeps its hash).

- POST /api/outcomes/<token> {"situation", "helped", "satisfaction"} -> {survey_id, asked_at,
  open, closed_because}: 404 for an unknown link, 409 once answered (an answer is given once) or
  once the link is too old; a bad field is a 400 naming it.
- GET  /outcomes/<token>?situation=…  the question, the clicked answer already chosen, and one
  Send button. A GET never records anything: mail scanners open every link of an email.
- POST /outcomes/<token>              records it, then shows the thanks; an unknown, used or old
  link shows a page that says so (never a 500).
- GET, POST /outcomes                 the same question for the person signed in: the inbox item
  links here, since the inbox (read by every session for months) never holds the token.
"""
from shared.contracts import rpc
from shared.contracts.kinds import SITUATIONS
from shared.errors import Conflict, InvalidInput, NotFound

from .pages_base import flatten, page, redirect
from .routing import Gateway, api

# The page's choices, as the one-click links and the form send them.
HELPED = {"yes": True, "no": False}
SATISFACTION = ("1", "2", "3", "4", "5")


def _form_answer(form):
    """The form's fields as the contract reads them; a missing one is left out, so that the
    service names it, and a value that is not one of the choices goes as typed, to be refused."""
    answer = {}
    if form.get("situation"):
        answer["situation"] = form["situation"]
    if form.get("helped"):
        answer["helped"] = HELPED.get(form["helped"], form["helped"])
    if form.get("satisfaction"):
        text = form["satisfaction"].strip()
        answer["satisfaction"] = int(text) if text.isdigit() and len(text) < 3 else text
    return answer


class OutcomeAnswers(Gateway):

    @api("POST", "/api/outcomes/<token>", public=True, contract=rpc.matching.answer_outcome,
         fixed=("token",), errors=(404, 409))
    def answer_outcome(self, request, token, body):
        """Say where I stand three months after my first help (the emailed link's token is the
        proof, no sign-in): `situation` (found_job, in_training, still_looking), whether Binôme
        `helped`, `satisfaction` 1-5. Once: 409 after."""
        return 200, self._call(rpc.matching.answer_outcome, token=token, **body)

    # --- the link's page ----------------------------------------------------------------------

    def _closed_page(self, ctx, reason, status):
        return ctx.render("outcome_closed.html", {"reason": reason}, status=status)

    def _question(self, action, chosen):
        """The question's page values, posting to `action`, with the answers in `chosen` (a
        link's query, or the form sent) already ticked where they are among the choices."""
        return {"action": action, "situations": SITUATIONS, "ratings": SATISFACTION, "chosen": {
            "situation": chosen.get("situation") if chosen.get("situation") in SITUATIONS
            else None,
            "helped": chosen.get("helped") if chosen.get("helped") in HELPED else None,
            "satisfaction": chosen.get("satisfaction")
            if chosen.get("satisfaction") in SATISFACTION else None}}

    def _survey_or_closed_page(self, ctx, token):
        """(the survey's state, None) while it may be answered, else (None, the page saying why)."""
        try:
            survey = ctx.call(rpc.matching.outcome_survey, token=token)
        except (NotFound, InvalidInput):
            return None, self._closed_page(ctx, "unknown", 404)
        if not survey["open"]:
            status = 200 if survey["closed_because"] == "answered" else 410
            return None, self._closed_page(ctx, survey["closed_because"], status)
        return survey, None

    @page("GET", "/outcomes/<token>", signed_in=False)
    def page_outcome(self, ctx, token):
        survey, closed = self._survey_or_closed_page(ctx, token)
        if closed is not None:
            return closed
        return "outcome.html", self._question(f"/outcomes/{token}", ctx.request.args)

    @page("POST", "/outcomes/<token>", signed_in=False)
    def page_outcome_answer(self, ctx, token):
        survey, closed = self._survey_or_closed_page(ctx, token)
        if closed is not None:
            return closed
        form = ctx.request.form
        try:
            ctx.call(rpc.matching.answer_outcome, token=token, **_form_answer(form))
        except (NotFound, Conflict):
            # Answered meanwhile (another click) or closed: the page of that state says which.
            return redirect(f"/outcomes/{token}")
        except InvalidInput as refused:
            return ctx.render("outcome.html", {**self._question(f"/outcomes/{token}", form),
                                               "errors": flatten(refused.fields, ctx.say)},
                              status=400)
        return redirect(f"/outcomes/{token}?done=answered")

    # --- the same question, signed in (the inbox item's link, which carries no token) -----------

    def _mine_or_closed_page(self, ctx):
        try:
            survey = ctx.call(rpc.matching.my_outcome_survey, person_id=ctx.person_id)
        except NotFound:
            return None, self._closed_page(ctx, "not_asked", 404)
        if not survey["open"]:
            status = 200 if survey["closed_because"] == "answered" else 410
            return None, self._closed_page(ctx, survey["closed_because"], status)
        return survey, None

    @page("GET", "/outcomes")
    def page_my_outcome(self, ctx):
        survey, closed = self._mine_or_closed_page(ctx)
        if closed is not None:
            return closed
        return "outcome.html", self._question("/outcomes", ctx.request.args)

    @page("POST", "/outcomes")
    def page_my_outcome_answer(self, ctx):
        survey, closed = self._mine_or_closed_page(ctx)
        if closed is not None:
            return closed
        form = ctx.request.form
        try:
            ctx.call(rpc.matching.answer_my_outcome, person_id=ctx.person_id,
                     **_form_answer(form))
        except (NotFound, Conflict):
            return redirect("/outcomes")
        except InvalidInput as refused:
            return ctx.render("outcome.html", {**self._question("/outcomes", form),
                                               "errors": flatten(refused.fields, ctx.say)},
                              status=400)
        return redirect("/outcomes?done=answered")
