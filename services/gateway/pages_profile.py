"""My profile: every field given at sign-up, for every role, edited after it; and when I am free.

The form posts every field of the person's roles; profile_form reads it and gathers the page's own
refusals with the contract's (update_profile, as PATCH /api/me calls it), so that every error comes
in one answer, each beside its field, and nothing is written while anything is refused.
"""
from shared import formatting
from shared.contracts import rpc
from shared.errors import InvalidInput

from . import profile_form
from .pages_account import _place_choices
from .pages_base import PageBase, page, redirect
from .rate_limits import count_emailed_link


class ProfilePages(PageBase):

    @page("GET", "/profile")
    def page_profile(self, ctx):
        me = ctx.me()
        spoken = list(profile_form.LANGUAGES)
        spoken += [code for code in me.get("languages") or () if code not in spoken]
        zones = list(profile_form.TIME_ZONES)
        if me.get("timezone") and me["timezone"] not in zones:
            zones.append(me["timezone"])
        return "profile.html", {
            "me": me, "mine": set(me.get("roles") or ()),
            "spoken": [(code, formatting.language_name(code, ctx.locale)) for code in spoken],
            "zones": [(zone, formatting.zone_label(zone, ctx.locale)) for zone in zones],
            "zone_shown": formatting.zone_label(me.get("timezone"), ctx.locale),
            "place_shown": _place_shown(me),
            "limits": profile_form.MAX_LENGTH,
            "skills_max_length": profile_form.SKILLS_MAX_LENGTH,
            "days": profile_form.DAYS, "periods": profile_form.PERIOD_NAMES,
            "period_hours": profile_form.period_hours,
            "ticked": profile_form.ticked_periods(me.get("availability")),
            **_place_choices_if_moved(ctx.request)}

    @page("POST", "/profile", form="page_profile")
    def page_profile_post(self, ctx):
        me = ctx.me()
        changes, refused = profile_form.profile_changes(ctx.request.form, me["roles"],
                                                        _occupations_shown(ctx, me))
        if profile_form.NO_LANGUAGE in refused.get("languages", ()):
            refused["languages"] = [ctx.t("profile.no_language")]
        if "mentor" in changes:
            # The block is sent whole: what the page does not show (sectors) stays as it is.
            kept = {k: v for k, v in (me.get("mentor") or {}).items()
                    if k in ("current_occupation", "sectors")}
            changes["mentor"] = {**kept, **changes["mentor"]}
        email = (ctx.request.form.get("email") or "").strip()
        if email and email.lower() != me["email"].lower():
            changes["email"] = email      # changes once the link emailed to it is followed
        arguments = {"person_id": ctx.person_id, **changes}
        profile_form.refuse_together(rpc.profiles.update_profile, arguments, refused)
        attempt = None
        if "email" in changes:
            # It emails a link to an address that may be anyone's: counted as PATCH /api/me does.
            attempt = count_emailed_link(self.rate_limits, "registration",
                                         ctx.request.remote_addr, email, person=ctx.person_id)
        try:
            ctx.call(rpc.profiles.update_profile, **arguments)
        except InvalidInput:
            if attempt is not None:   # refused for its content: no link was emailed
                attempt.give_back()
            raise
        if attempt:
            return redirect("/profile?done=email_link_sent")
        return redirect("/profile?done=profile_saved")

    @page("POST", "/profile/availability", form="page_profile")
    def page_profile_availability(self, ctx):
        cells = profile_form.cells_posted(ctx.request.form)
        availability = profile_form.saved_periods(ctx.me().get("availability"), cells)
        ctx.call(rpc.profiles.update_profile, person_id=ctx.person_id, availability=availability)
        return redirect("/profile?done=availability_saved")


def _place_choices_if_moved(request):
    """The communes a new place may mean; none for a place left as shown (it is not sent)."""
    form = request.form
    if request.method == "POST" and (form.get("location") or "").strip() == \
            (form.get("location_was") or "").strip():
        return {"place_choices": (), "place_choices_legend": None}
    return _place_choices(request)


def _place_shown(me):
    """The place as the page shows it: the postal code where there is one, else the name."""
    return me.get("postal_code") or me.get("neighbourhood") or ""


def _occupations_shown(ctx, me):
    """{label shown in the reader's language: stored code} of every occupation on the page."""
    codes = [me.get("occupation"), me.get("target_occupation")]
    codes += [(me.get("mentor") or {}).get(k) for k in ("from_occupation", "to_occupation")]
    codes += list((me.get("sponsor") or {}).get("occupations") or ())
    return {ctx.occupation(code): code for code in codes if code}
