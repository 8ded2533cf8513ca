"""What every web page shares: the reader's language, who is signed in, Jinja2 rendering, and the
`page` decorator that turns a handler's answer (a template and its values, or a redirect) into HTML.

Pages are server-rendered and call the services by RPC, as the JSON routes do. Forms post to page
routes that change data and redirect (POST-redirect-GET); a form the services refuse is shown again
with each message next to the field it names. A change signed by the session cookie must come
from our own pages (routing.same_origin), whoever is signed in.
"""
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from nameko.dependency_providers import Config
from werkzeug.utils import redirect as _redirect
from werkzeug.wrappers import Response

from shared import formatting
from shared.contracts import rpc
from shared.errors import Conflict, Forbidden, InvalidInput, LimitReached, NotFound
from shared.reference import occupations
from shared.rpc import RpcTimeout

from . import profile_form, web_i18n
from .errors import Unauthenticated
from .rate_limits import RateLimited
from .routing import _PATH_PARAM, SESSION_COOKIE, Gateway, declared_routes, http, same_origin

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
LANGUAGE_COOKIE = "binome_lang"
SEEKER_ROLES = ("job_seeker", "reconverting_worker")

_templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                         autoescape=select_autoescape(("html", "j2")),
                         trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])


# Jinja2's i18n extension ({% trans %}, _(), ngettext()) in the page's language: one Environment
# serves every reader, so the callables read the locale the page renders in.
@pass_context
def _gettext(context, message):
    return web_i18n.translations(context.get("locale")).gettext(message)


@pass_context
def _ngettext(context, singular, plural, count):
    return web_i18n.translations(context.get("locale")).ngettext(singular, plural, count)


_templates.install_gettext_callables(_gettext, _ngettext, newstyle=True)


def flatten(fields, say=str, prefix=""):
    """{"sponsor": {"capacity": [...]}} -> {"sponsor.capacity": "..."}: one text per field, each
    message put in the reader's words by `say`."""
    flat = {}
    for name, messages in (fields or {}).items():
        key = f"{prefix}{name}"
        if isinstance(messages, dict):
            if all(isinstance(k, int) for k in messages):   # a list's items: name the list
                flat[key] = "; ".join(_text(m, say) for m in messages.values())
            else:
                flat.update(flatten(messages, say, key + "."))
        else:
            flat[key] = _text(messages, say)
    return flat


def _text(messages, say):
    if isinstance(messages, (list, tuple)):
        return " ".join(_text(m, say) for m in messages)
    if isinstance(messages, dict):
        return " ".join(_text(m, say) for m in messages.values())
    return say(str(messages))


def locale_of(request):
    """The language chosen with the switch (a cookie), else the browser's, else French."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in web_i18n.LOCALES:
        return chosen
    return request.accept_languages.best_match(web_i18n.LOCALES, default=web_i18n.DEFAULT)


def safe_next(target, default="/home"):
    """Only a path on this site: a `next` pointing elsewhere would make us an open redirect."""
    if not target:
        return default
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target):
        return default
    return target


NEXT_MAX = 500


def sign_in_path(request):
    """The sign-in page, told to come back to the page asked for (a GET: a form posted while
    signed out is not replayed), so that a link from an email still leads to its page."""
    if request.method != "GET":
        return "/sign-in"
    here = request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string
                           else "")
    # /home is where signing in leads anyway; a path longer than the sign-in request takes
    # (SitePath's 500) is dropped rather than refused.
    if safe_next(here, None) is None or here == "/home" or len(here) > NEXT_MAX:
        return "/sign-in"
    return "/sign-in?" + urlencode({"next": here})


def redirect(location):
    return _redirect(location, code=303)


class PageError(Exception):
    """Shown as a page with this status and message key."""

    def __init__(self, status, key):
        super().__init__(key)
        self.status = status
        self.key = key


@dataclass(frozen=True)
class PageRoute:
    """What one `page(...)` route declares, for the walks that check who may use it."""
    method: str
    url: str
    name: str
    signed_in: bool
    operator: bool
    rate_limit: str | None = None

    @property
    def path_params(self):
        return tuple(_PATH_PARAM.findall(self.url))


def page_routes_of(service_class):
    """Every `page(...)` route of a composed gateway class, in a stable order."""
    return declared_routes(service_class, "page_route", PageRoute)


def page(method, url, signed_in=True, operator=False, form=None, rate_limit=None):
    """A web page route.

    The handler gets a `PageContext` (`ctx`: request, locale, person) and answers either a Response
    (a redirect) or (template, values). `signed_in` pages send strangers to the sign-in page;
    `operator` pages refuse everyone else. For a POST, `form` names the GET handler whose page is
    shown again, with the refused fields' messages and what was typed, when the services answer
    InvalidInput. `rate_limit`: as the JSON API's `api(...)`, the action counted per person before
    the handler runs (a page that does what a limited API route does counts the same).
    """
    def decorator(handler):
        @functools.wraps(handler)
        def route(self, request, **path_params):
            ctx = PageContext(self, request)
            try:
                if method != "GET" and not same_origin(request):
                    # Sign-up and sign-in too: a foreign page must not sign someone into our site.
                    raise PageError(403, "error.foreign_origin")
                if signed_in or request.cookies.get(SESSION_COOKIE):
                    ctx.identify()
                if signed_in and ctx.person_id is None:
                    return redirect(sign_in_path(request))
                if operator and not ctx.operator:
                    raise PageError(403, "error.operators_only")
                if rate_limit and ctx.person_id is not None:
                    self.rate_limits.hit(rate_limit, ctx.person_id)
                try:
                    answer = handler(self, ctx, **path_params)
                except InvalidInput as refused:
                    if form is None:
                        raise
                    template, values = getattr(self, form).__wrapped__(self, ctx, **path_params)
                    values.update(errors=flatten(refused.fields, ctx.say), typed=request.form)
                    return ctx.render(template, values, status=400)
            except Exception as exc:
                return _error_page(ctx, exc)
            if isinstance(answer, Response):
                return answer
            template, values = answer
            return ctx.render(template, values)
        route.page_route = PageRoute(method, url, handler.__name__, signed_in, operator,
                                     rate_limit)
        return http(method, url)(route)
    return decorator


# What a page says when the services refuse: the JSON API's mapping (errors.py), as pages.
ERROR_PAGES = (
    (Unauthenticated, 403, "error.forbidden"),
    (Forbidden, 403, "error.forbidden"),
    (NotFound, 404, "error.not_found"),
    (Conflict, 409, "error.conflict"),
    (InvalidInput, 400, "error.invalid"),
    (RateLimited, 429, "error.rate_limited"),
    (LimitReached, 429, "error.limit_reached"),
    (RpcTimeout, 504, "error.timeout"),
)


def _error_page(ctx, exc):
    if isinstance(exc, PageError):
        return ctx.render("error.html", {"message_key": exc.key}, status=exc.status)
    for error_type, status, key in ERROR_PAGES:
        if isinstance(exc, error_type):
            detail = str(exc) if isinstance(exc, Conflict) else None
            if isinstance(exc, InvalidInput):
                detail = "; ".join(f"{name}: {text}" for name, text in
                                   flatten(exc.fields, ctx.say).items())
            response = ctx.render("error.html", {"message_key": key, "detail": detail},
                                  status=status)
            if isinstance(exc, (RateLimited, LimitReached)):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
    log.exception("unexpected error behind a page", exc_info=exc)
    return ctx.render("error.html", {"message_key": "error.unexpected"}, status=500)


class PageContext:
    """One page request: its language, who is asking, and how to render for them."""

    def __init__(self, gateway, request):
        self.gateway = gateway
        self.request = request
        self.locale = locale_of(request)
        self.person_id = None
        self.operator = False
        self.token = None

    def identify(self):
        token = self.request.cookies.get(SESSION_COOKIE)
        if not token:
            return
        try:
            identity = self.gateway._identity_of(token)
        except Unauthenticated:
            return   # an expired or signed-out session: a stranger, who may sign in again
        self.person_id, self.operator, self.token = (str(identity["person_id"]),
                                                     bool(identity.get("operator")), token)

    def t(self, key, **params):
        return web_i18n.translate(self.locale, key, **params)

    def tn(self, key, count, **params):
        """A plural entry in the form the reader's language gives `count` ({count} in it)."""
        return web_i18n.translate_plural(self.locale, key, count, **params)

    def listing(self, items, style="standard"):
        """"a, b et c" / "a, b and c"."""
        return formatting.listing(items, self.locale, style)

    def say(self, message):
        """A service's message about a field, in the reader's language where we know it."""
        return web_i18n.field_message(self.locale, message)

    def call(self, contract, **kwargs):
        return self.gateway._call(contract, **kwargs)

    def me(self):
        """The signed-in person's own profile (cached for the request)."""
        if not hasattr(self, "_me"):
            self._me = self.call(rpc.profiles.get_person, person_id=self.person_id)
        return self._me

    def _notice(self):
        # After a redirect, `?done=pledged` says what just happened (only our own sentences).
        key = "done." + self.request.args.get("done", "")
        return self.t(key) if web_i18n.known(key) else None

    @property
    def zone(self):
        """The reader's IANA time zone (their profile's), Paris for a stranger."""
        if not hasattr(self, "_zone"):
            self._zone = formatting.DEFAULT_ZONE
            if self.person_id:
                try:
                    self._zone = self.me().get("timezone") or self._zone
                except (RpcTimeout, NotFound):
                    pass
        return self._zone

    def local(self, value, with_date=True):
        """An instant on the reader's clock, as their language writes it: "mardi 8 décembre, 17:30
        (heure : Paris)"; only the time ("17:30") without the date."""
        if not value:
            return ""
        if not with_date:
            return formatting.time_of_day(value, self.locale, self.zone)
        return formatting.when(value, self.locale, self.zone)

    def span(self, start, end):
        """A slot or a meeting: "mardi 8 décembre, 17:30 – 18:00 (heure : Paris)"."""
        return formatting.span(start, end, self.locale, self.zone)

    def day(self, value):
        """A day with its weekday, on the reader's clock: "mardi 8 décembre"."""
        return formatting.day(value, self.locale, self.zone) if value else ""

    def number(self, value, decimals=1):
        """A number with the reader's decimal mark: 4,5 in French."""
        return "" if value is None else formatting.number(value, self.locale, decimals)

    def language_name(self, code):
        return formatting.language_name(code, self.locale)

    def occupation(self, code):
        """An occupation's name in the reader's language (a ROME code, or a label as it is)."""
        return occupations.label(code, self.locale) or code or ""

    def occupation_suggestions(self, text, limit=3):
        """The occupations closest to a refused entry, as the form shows them, for "did you
        mean"."""
        return [match.text(self.locale) for match in occupations.suggest(text, limit)]

    def render(self, template, values, status=200):
        values = dict(values)
        values.setdefault("errors", {})
        values.setdefault("typed", {})
        unread = None
        roles = ()
        gaps = ()
        if self.person_id:
            try:
                unread = self.call(rpc.notifications.unread_count,
                                   person_id=self.person_id)["unread"]
                roles = tuple(self.me()["roles"])
                gaps = profile_form.gaps(self.me())   # what keeps them from being matched
            except (RpcTimeout, NotFound, InvalidInput):
                pass   # the header does without; the page itself still shows
        html = _templates.get_template(template).render(
            t=self.t, tn=self.tn, listing=self.listing, locale=self.locale, other_locale="en" if self.locale == "fr" else "fr",
            signed_in=bool(self.person_id), operator=self.operator, roles=roles, unread=unread,
            here=self.request.full_path.rstrip("?"), notice=self._notice(), local=self.local,
            when=self.local, span=self.span, day=self.day, number=self.number,
            language_name=self.language_name,
            me_id=self.person_id or "", known=web_i18n.known, occupation=self.occupation,
            occupation_suggestions=self.occupation_suggestions,
            choices=lambda prefix, values: [(v, self.t(prefix + v)) for v in values],
            profile_gaps=gaps, **values)
        return Response(html, status=status, mimetype="text/html")


def session_cookie(response, token, public_url):
    """Set the session cookie as the JSON API expects it (routing.SESSION_COOKIE)."""
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Lax", path="/",
                        secure=public_url.startswith("https:"), max_age=30 * 24 * 3600)
    return response


def forget_session(response, public_url):
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Lax",
                           secure=public_url.startswith("https:"))
    return response


class PageBase(Gateway):
    """The page mixins' shared parts."""

    page_config = Config()

    @property
    def public_url(self):
        return (self.page_config or {}).get("PUBLIC_URL", "http://127.0.0.1:8000")

    @staticmethod
    def form_fields(ctx, *names):
        """The named fields of the posted form that are filled in (empty ones are left out)."""
        return {name: ctx.request.form[name].strip() for name in names
                if ctx.request.form.get(name, "").strip()}

    def home_of(self, ctx):
        roles = ctx.me()["roles"]
        for role, path in (("sponsor", "/sponsor"), ("mentor", "/mentor"),
                           ("time_donor", "/donor"), ("job_seeker", "/seeker"),
                           ("reconverting_worker", "/seeker")):
            if role in roles:
                return path
        return "/inbox"
