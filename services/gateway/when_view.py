"""When things happen, in the reader's words (issue 16): the next round beside each open request
and pledge, until when a proposal or a choice of slots can be answered, and why a list or a deck
is empty with what would widen it, from matching's outlook (services/matching/reach.py counts it).

Pages put `when` in their values (`When(ctx)` for deadlines only, `outlook(ctx)` with the market)
and the partial templates (_next_round.html, _why_empty.html, _request_state.html,
_match_deadline.html) read sentences from it, already worded on the reader's clock.
"""
from datetime import datetime, timezone

from shared import formatting
from shared.contracts import rpc
from shared.errors import NotFound
from shared.rpc import RpcTimeout

from . import web_i18n


def outlook(ctx):
    """The signed-in person's outlook; a page without it (matching slow) still shows."""
    try:
        data = ctx.call(rpc.matching.outlook, person_id=ctx.person_id)
    except (RpcTimeout, NotFound):
        data = None
    return When(ctx, data)


class When:

    def __init__(self, ctx, data=None, now=None):
        self.ctx, self.data = ctx, data or {}
        self.now = now or datetime.now(timezone.utc)
        self._requests = {str(r["request_id"]): r for r in self.data.get("requests") or ()}
        self._offers = {str(o["pledge_id"]): o for o in self.data.get("offers") or ()}

    @property
    def zone(self):
        try:
            return self.ctx.me().get("timezone") or formatting.DEFAULT_ZONE
        except (RpcTimeout, NotFound):
            return formatting.DEFAULT_ZONE

    def at(self, value):
        """An instant as "mardi 8 décembre, 18:00 (heure : Paris)", and "dans 25 minutes"."""
        if not value:
            return None
        locale = self.ctx.locale
        return {"iso": formatting.instant_of(value).isoformat(),
                "date": formatting.when(value, locale, self.zone, today=self.now.date()),
                "relative": formatting.relative(value, locale, now=self.now)}

    def _say(self, key, value):
        shown = self.at(value)
        return shown and {**shown, "text": self.ctx.t(key, when=shown["date"],
                                                      relative=shown["relative"])}

    # --- a seeker's request ---------------------------------------------------------------------

    def request(self, request_id):
        return self._requests.get(str(request_id))

    def request_state(self, item):
        """The request's state as the seeker lives it: "open" while a proposal waits is not."""
        found = self.request(item["id"])
        if found and found["state"] == "proposed":
            return self.ctx.t("when.state.proposed")
        return self.ctx.t("status." + item["status"])

    def next_round(self, value):
        """"Prochain tour d'appariement : …", or that rounds are started by hand."""
        if value:
            return self._say("when.next_round", value)
        if self.data and self.data.get("round_every_minutes") is None:
            return {"text": self.ctx.t("when.on_demand")}
        return None

    def answer_by(self, value, mine=True):
        return (self._say("when.answer_by", value) if mine else
                self._say("when.waiting_answer", value))

    def pick_by(self, value, mine=True):
        return (self._say("when.pick_by", value) if mine else
                self._say("when.other_picks_by", value))

    # --- a donor's pledge, a mentor's seats -------------------------------------------------------

    def offer(self, pledge_id):
        return self._offers.get(str(pledge_id))

    def mentor_seats(self):
        return next((o for o in self._offers.values() if o["kind"] == "lunch_mentoring"), None)

    # --- why nothing came yet ---------------------------------------------------------------------

    def placed(self):
        """Whether the reader's profile says where they live (in-person help needs it)."""
        try:
            me = self.ctx.me()
        except (RpcTimeout, NotFound):
            return True
        return bool(me.get("postal_code") or me.get("neighbourhood"))

    def why(self, reach, side):
        """Sentences on a reach (rpc.Reach): how many are there, how many fit, whom each rule
        leaves out, and each change with how many more it reaches. `side`: "seeker" (the others
        offer), "donor" (the others ask), "sponsor" (the deck's seekers)."""
        if not reach:
            return None
        t = self.ctx.t
        total, reachable = reach["total"], reach["reachable"]
        head = {"seeker": "when.reach.offers", "donor": "when.reach.requests",
                "sponsor": "when.reach.seekers"}[side]
        lines = {"total": self._counted(head, total)}
        if total:
            lines["fit"] = self._counted("when.reach.fit", reachable)
        reasons = []
        for rule, count in (reach.get("excluded") or {}).items():
            reasons.append(self._counted(self._reason_key(rule, side, self.placed()), count))
        lines["reasons"] = reasons
        lines["widen"] = [self._widening(w) for w in reach.get("widenings") or ()
                          if self._widening(w)]
        lines["title"] = t("when.why.title") if reachable == 0 else t("when.why.title_some")
        return lines

    @staticmethod
    def _reason_key(rule, side, placed):
        if rule in ("language", "time"):
            return f"when.excluded.{rule}"
        if rule == "distance":
            if side == "seeker":
                return "when.excluded.distance.seeker" if placed else \
                    "when.excluded.distance.unplaced"
            return "when.excluded.distance.other"
        return f"when.excluded.answered.{side}"

    def _widening(self, widening):
        change, value, more = widening["change"], widening.get("value"), widening["more"]
        params = {}
        if change == "language":
            params["language"] = formatting.language_name(value, self.ctx.locale)
        elif change == "radius":
            params["km"] = formatting.number(value, self.ctx.locale, decimals=0)
        elif change not in ("location", "availability", "remote"):
            return None
        return self._counted(f"when.widen.{change}", more, **params)

    def _counted(self, key, count, **params):
        """The sentence for this count: `key_none` for 0 where it says it otherwise ("Nobody
        offers…"), else the plural entry in the form the reader's language gives `count`."""
        none_key = f"{key}_none"
        if count == 0 and web_i18n.known(none_key):
            return self.ctx.t(none_key, **params)
        return self.ctx.tn(key, count, **params)
