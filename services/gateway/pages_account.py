"""Pages anyone has: the landing page, sign-up by role, sign-in by emailed link, the language
switch, the inbox, preferences, and one's own data (export, erasure). Also the static files.
"""
import mimetypes

from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from shared.contracts import rpc
from shared.contracts.kinds import AVAILABILITY_PRESETS, ROLES
from shared.contracts.rpc import NOTIFICATION_CATEGORIES, NOTIFICATION_MODES
from shared.errors import InvalidInput

from shared.reference import places

from . import profile_form, web_i18n
from .routing import http
from .pages_base import (HERE, LANGUAGE_COOKIE, NEXT_MAX, PageBase, PageContext, forget_session,
                         page, redirect, safe_next, session_cookie)
from .pages_errors import error_page

STATIC = HERE / "static"
# What each role is asked at sign-up, beyond a name, an email, a place and languages.
ROLE_FIELDS = {
    "job_seeker": ("occupation", "target_occupation", "skills", "accepts_sponsors",
                   "availability_preset"),
    "reconverting_worker": ("occupation", "target_occupation", "skills", "availability_preset"),
    "mentor": ("occupation", "mentor", "availability_preset"),
    "time_donor": ("occupation", "skills", "availability_preset"),
    "sponsor": ("occupation", "sponsor"),
}
SPOKEN = ("fr", "en")
# Categories a person sets (sign-in links always go out).
PREFERENCE_CATEGORIES = NOTIFICATION_CATEGORIES[1:]


def _next_page(values):
    """The page to come back to after signing in (`next`), when it is one of this site's."""
    back_to = safe_next(values.get("next"), None)
    return back_to if back_to and len(back_to) <= NEXT_MAX else None


def _whole(form, name):
    """A number typed in a form; InvalidInput naming the field when it is not one."""
    value = form.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput({name: ["Expected a whole number."]})


class AccountPages(PageBase):

    # --- static files ------------------------------------------------------------------------

    @http("GET", "/static/<path:name>")
    def page_static(self, request, name):
        path = safe_join(str(STATIC), name)
        if path is None:
            return error_page(PageContext(self, request), 404, "error.no_such_page")
        try:
            with open(path, "rb") as file:
                body = file.read()
        except (FileNotFoundError, IsADirectoryError):
            return error_page(PageContext(self, request), 404, "error.no_such_page")
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(body, mimetype=kind, headers={"Cache-Control": "public, max-age=300"})

    # --- arriving -----------------------------------------------------------------------------

    @page("GET", "/", signed_in=False)
    def page_landing(self, ctx):
        return "landing.html", {"roles_offered": ROLES}

    @page("GET", "/home")
    def page_home(self, ctx):
        return redirect(self.home_of(ctx))

    @page("POST", "/language", signed_in=False)
    def page_language(self, ctx):
        chosen = ctx.request.form.get("locale")
        if chosen not in web_i18n.LOCALES:
            chosen = web_i18n.DEFAULT
        if ctx.person_id:
            # Emails and the reasons the services word for this person follow the same choice.
            ctx.call(rpc.profiles.update_profile, person_id=ctx.person_id, locale=chosen)
        response = redirect(safe_next(ctx.request.form.get("next"), "/"))
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            path="/", secure=self.public_url.startswith("https:"))
        return response

    # --- sign-up --------------------------------------------------------------------------------

    @page("GET", "/sign-up", signed_in=False)
    def page_sign_up_roles(self, ctx):
        return "sign_up_roles.html", {"roles_offered": ROLES}

    @page("GET", "/sign-up/<role>", signed_in=False)
    def page_sign_up(self, ctx, role):
        if role not in ROLE_FIELDS:
            return redirect("/sign-up")
        return "sign_up.html", {"role": role, "asks": ROLE_FIELDS[role], "spoken": SPOKEN,
                                "presets": tuple(AVAILABILITY_PRESETS),
                                "limits": profile_form.MAX_LENGTH,
                                "skills_max_length": profile_form.SKILLS_MAX_LENGTH,
                                **_place_choices(ctx.request)}

    @page("POST", "/sign-up/<role>", signed_in=False, form="page_sign_up")
    def page_sign_up_post(self, ctx, role):
        if role not in ROLE_FIELDS:
            return redirect("/sign-up")
        form = ctx.request.form
        asks = ROLE_FIELDS[role]
        person = {"roles": [role], "locale": ctx.locale,
                  "languages": [code for code in SPOKEN if form.get(f"language_{code}")] or
                  [ctx.locale],
                  **self.form_fields(ctx, "first_name", "last_name", "email", "phone", "location")}
        chosen = form.get("location_choice")
        if chosen and chosen in {p.unambiguous_text for p in _place_choices(ctx.request)["place_choices"]}:
            person["location"] = chosen  # the commune picked among those of the name typed
        person.update(self.form_fields(ctx, *(f for f in ("occupation", "target_occupation",
                                                          "availability_preset") if f in asks)))
        if "skills" in asks:
            person["skills"] = profile_form.listed(form.get("skills", ""))
        if "accepts_sponsors" in asks:
            person["accepts_sponsors"] = bool(form.get("accepts_sponsors"))
        refused = {}    # the page's own reading of the numbers, refused with all the rest
        if "mentor" in asks:
            person["mentor"] = {
                "from_occupation": form.get("mentor.from_occupation", "").strip() or None,
                "to_occupation": form.get("mentor.to_occupation", "").strip() or None,
                "moved_in": profile_form.whole(form, "mentor.moved_in", refused),
                "max_mentees": profile_form.whole(form, "mentor.max_mentees", refused) or 2}
        if "sponsor" in asks:
            person["sponsor"] = {
                "capacity": profile_form.whole(form, "sponsor.capacity", refused) or 1,
                "radius_km": profile_form.whole(form, "sponsor.radius_km", refused) or 20}
        # Every error at once (names, phone, occupations, place and numbers), before anything is
        # counted or sent: not one more on each submit.
        profile_form.refuse_together(rpc.profiles.register_person, person, refused)
        # The account exists once the link emailed to the address is followed (the same
        # sign-in link page): until then, nobody is signed in.
        self.register_person(ctx.request.remote_addr, person)
        return redirect("/sign-up/sent")

    @page("GET", "/sign-up/sent", signed_in=False)
    def page_sign_up_sent(self, ctx):
        return "sign_up_sent.html", {}

    # --- sign-in by emailed link ----------------------------------------------------------------

    @page("GET", "/sign-in", signed_in=False)
    def page_sign_in(self, ctx):
        # From the query; from the form when a refused address shows the page again.
        back_to = _next_page(ctx.request.args) or _next_page(ctx.request.form)
        if ctx.person_id and back_to and ctx.request.method == "GET":
            return redirect(back_to)  # signed in meanwhile (another tab): straight there
        return "sign_in.html", {"next": back_to}

    @page("POST", "/sign-in", signed_in=False, form="page_sign_in")
    def page_sign_in_post(self, ctx):
        # The same counts and the same answer as the JSON API's (sign_in.py); the page asked
        # for travels in the emailed link, which leads back to it (on whichever device opens it).
        self.send_sign_in_link(ctx.request.remote_addr, {
            "email": ctx.request.form.get("email", "").strip(), "locale": ctx.locale,
            **({"next": back_to} if (back_to := _next_page(ctx.request.form)) else {})})
        return redirect("/sign-in/sent")

    @page("GET", "/sign-in/sent", signed_in=False)
    def page_sign_in_sent(self, ctx):
        return "sign_in_sent.html", {}

    @page("GET", "/sign-in/<link_token>", signed_in=False)
    def page_sign_in_link(self, ctx, link_token):
        # Redeeming here would let a mail scanner that follows links burn the single-use link:
        # the person presses the button, which posts.
        return "sign_in_link.html", {"link_token": link_token,
                                     "next": _next_page(ctx.request.args)}

    @page("POST", "/sign-in/<link_token>", signed_in=False)
    def page_sign_in_redeem(self, ctx, link_token):
        try:
            signed = ctx.call(rpc.profiles.redeem_sign_in, link_token=link_token)
        except InvalidInput:
            return ctx.render("sign_in.html", {"link_refused": True}, status=400)
        ctx.person_id = str(signed["person_id"])
        back_to = _next_page(ctx.request.form)
        if signed["new_account"] or not back_to:
            back_to = self.home_of(ctx) + ("?done=welcome" if signed["new_account"] else "")
        response = redirect(back_to)
        return session_cookie(response, signed["token"], self.public_url)

    @page("POST", "/sign-out", signed_in=False)
    def page_sign_out(self, ctx):
        if ctx.token:
            ctx.call(rpc.profiles.sign_out, token=ctx.token)
        return forget_session(redirect("/?done=signed_out"), self.public_url)

    # --- the inbox ----------------------------------------------------------------------------

    @page("GET", "/inbox")
    def page_inbox(self, ctx):
        number = max(1, _whole(ctx.request.args, "page") or 1)
        inbox = ctx.call(rpc.notifications.inbox_page, person_id=ctx.person_id, page=number,
                         page_size=20)
        return "inbox.html", {"inbox": inbox, "page_number": number,
                              "last_page": max(1, -(-inbox["total"] // inbox["page_size"]))}

    @page("POST", "/inbox/read")
    def page_inbox_all_read(self, ctx):
        ctx.call(rpc.notifications.mark_all_read, person_id=ctx.person_id)
        return redirect("/inbox?done=all_read")

    @page("POST", "/inbox/<notification_id>/read")
    def page_inbox_read(self, ctx, notification_id):
        ctx.call(rpc.notifications.mark_read, person_id=ctx.person_id,
                 notification_id=notification_id)
        return redirect("/inbox")

    # --- preferences --------------------------------------------------------------------------

    @page("GET", "/preferences")
    def page_preferences(self, ctx):
        notifications = ctx.call(rpc.notifications.notification_preferences,
                                 person_id=ctx.person_id)
        meetings = ctx.call(rpc.scheduling.preferences, person_id=ctx.person_id)
        return "preferences.html", {"notifications": notifications, "meetings": meetings,
                                    "categories": PREFERENCE_CATEGORIES,
                                    "modes": NOTIFICATION_MODES}

    @page("POST", "/preferences/notifications", form="page_preferences")
    def page_preferences_notifications(self, ctx):
        form = ctx.request.form
        modes = {category: form[category] for category in PREFERENCE_CATEGORIES if category in form}
        start, end = form.get("quiet_start", "").strip(), form.get("quiet_end", "").strip()
        quiet = {"start": start, "end": end} if start or end else None
        try:
            ctx.call(rpc.notifications.notification_preferences, person_id=ctx.person_id,
                     modes=modes, quiet_hours=quiet)
        except InvalidInput as refused:
            fields = dict(refused.fields)
            # A refused mode is named by its category's select ({"modes": {"pledges": {"value":
            # [...]}}}), so that its message shows beside it rather than nowhere.
            modes_refused = fields.pop("modes", None)
            if isinstance(modes_refused, dict):
                fields.update({category: messages.get("value") or messages.get("key") or messages
                               if isinstance(messages, dict) else messages
                               for category, messages in modes_refused.items()})
            elif modes_refused:
                fields["modes"] = modes_refused
            hours = fields.pop("quiet_hours", None)
            if isinstance(hours, dict):   # name the inputs the person typed in
                fields.update({f"quiet_{k}": v for k, v in hours.items()})
            elif hours:
                fields["quiet_start"] = hours
            raise InvalidInput(fields)
        return redirect("/preferences?done=saved")

    @page("POST", "/preferences/meetings", form="page_preferences")
    def page_preferences_meetings(self, ctx):
        form = ctx.request.form
        ctx.call(rpc.scheduling.preferences, person_id=ctx.person_id,
                 remote_only=bool(form.get("remote_only")),
                 longer_meetings=bool(form.get("longer_meetings")))
        return redirect("/preferences?done=saved")

    # --- my data ------------------------------------------------------------------------------

    @page("GET", "/account")
    def page_account(self, ctx):
        return "account.html", {"me": ctx.me()}

    @page("POST", "/account/delete", form="page_account")
    def page_account_delete(self, ctx):
        if ctx.request.form.get("confirm") != "yes":
            raise InvalidInput({"confirm": [ctx.t("account.confirm_needed")]})
        ctx.call(rpc.profiles.erase_person, person_id=ctx.person_id)
        return forget_session(redirect("/?done=erased"), self.public_url)


def _place_choices(request):
    """The communes a posted location may mean, for the page to offer: each commune of a name
    several share (a person in Saint-Denis, La Réunion, is not placed near Paris by a guess), or
    the names nearest to one no commune has ("Guerret": Guéret)."""
    typed = request.form.get("location", "") if request.method == "POST" else ""
    if not typed.strip():
        return {"place_choices": (), "place_choices_legend": None}
    found = places.lookup(typed)
    if found.choices:
        return {"place_choices": found.choices, "place_choices_legend": "field.location.which"}
    near = places.closest(typed) if found.place is None else ()
    return {"place_choices": near, "place_choices_legend": "field.location.did_you_mean"}
