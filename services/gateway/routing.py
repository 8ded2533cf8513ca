"""How a gateway route reads its request and answers: the JSON body, the authenticated person, one
error shape, and the registry of routes that the OpenAPI document is built from.

A person is known by a bearer token (`Authorization: Bearer …`, for API clients) or by the same
kind of token in the `binome_session` cookie (for the web pages, set at sign-in).

A route says what it does in its `api(...)` declaration, and the OpenAPI document
(services/gateway/openapi.py) is read from those declarations, so that the two cannot drift:

    @api("POST", "/api/me/pledges", contract=rpc.profiles.make_pledge, fixed=("person_id",),
         status=201)
    def pledge(self, request, me, body):
        return 201, self._call(rpc.profiles.make_pledge, person_id=me, **body)

- `contract`: the RPC the route calls; its `args` schema (less the `fixed` fields) is the request
  body, and its `result` the answer. When a body is left, the route reads it (refusing the fixed
  fields by name) and hands it to the handler as `body`.
- `fixed`: argument fields the URL or the session fix, which a body may not set.
- `query`: a marshmallow schema of the query parameters; the handler gets them loaded as `query`
  (a bad one is a 400 naming it).
- `paged`: a list answered a page at a time, as {"items", "page", "page_size", "total"}; the
  handler gets `paging` (`?page=` from 1 and `&page_size=` up to `max_page_size`, checked) and
  answers `paging.of(whole_list)`, or `paging.envelope(items, total)` for a page a service made.
- `status`: the status of a success (200 unless said); `result`: the answer's schema when it is
  not the contract's; `items`: a paged list's item schema when not the contract's result;
  `content_type`: of a success that is not JSON.
- `rate_limit`: an action of services/gateway/rate_limits.py, counted per person before the
  handler runs (over the limit: 429 with Retry-After).
- `public` (no sign-in), `operator` (operators only, 403 for everyone else), `hidden` (not in the
  document: the web pages, the document itself), `errors` (statuses beyond the usual ones).
- `upload`: the field of a multipart/form-data body that carries a file (the handler reads it
  with uploads.read_upload, under its own limit; no JSON body is read).

Routes declared with none of these still work, and appear in the document with a generic body.
"""
import functools
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.wrappers import Response

from shared.contracts import rpc
from shared.errors import Forbidden, InvalidInput

from .errors import Unauthenticated, error_response, json_response

log = logging.getLogger(__name__)
SESSION_COOKIE = "binome_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BODY_METHODS = ("POST", "PUT", "PATCH")
MAX_PAGE_SIZE = 100
_PATH_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


# Sent with every answer (see SecuredWebServer). The policy lets no inline script run: the pages'
# scripts are files under /static, and data a script reads (the deck's first cards) is a
# <script type="application/json"> block, which is never executed. Styles are files too.
# Referrer-Policy: same-origin, not no-referrer: under no-referrer a browser sends `Origin: null`
# with our own forms' posts, which same_origin() must refuse (every form would fail); same-origin
# still keeps a sign-in link's token (in the URL) from any other site.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'",
    "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",   # frame-ancestors, for browsers that predate it
}


def with_security_headers(app):
    """A WSGI app whose every answer carries SECURITY_HEADERS (unless it set one itself)."""
    def secured(environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = list(headers) + [(name, value) for name, value in SECURITY_HEADERS.items()
                                       if name.lower() not in present]
            return start_response(status, headers, exc_info)
        return app(environ, start)
    return secured


class SecuredWebServer(WebServer):
    """nameko's web server, its answers wrapped at the one place they all pass: ours (JSON, pages,
    static files) and its own (no such URL, wrong method, an entrypoint that failed)."""

    def get_wsgi_app(self):
        return with_security_headers(super().get_wsgi_app())


class _Unanswered(Exception):
    """What HttpEntrypoint.response_from_exception raises, so that handle_request, which has the
    request, answers it."""

    def __init__(self, cause):
        super().__init__(cause)
        self.cause = cause


class HttpEntrypoint(HttpRequestHandler):
    """nameko's HTTP entrypoint, on our web server, and with our answer when a route fails past
    its own error handling (a page whose error page failed, a worker that could not start):
    nameko's own would be a bare text quoting the exception."""
    server = SecuredWebServer()

    def response_from_exception(self, exc):
        raise _Unanswered(exc)

    def handle_request(self, request):
        try:
            return super().handle_request(request)
        except _Unanswered as unanswered:
            return failure_response(request, unanswered.cause)


def failure_response(request, exc):
    """The answer to a failure no route answered: under /api/ the API's JSON shape, elsewhere
    the site's error page in the reader's language (400 for a request werkzeug could not read,
    as nameko answers, else 500), saying nothing of the failure itself."""
    bad_request = isinstance(exc, BadRequest)
    if request.path.startswith("/api/") or request.path == "/openapi.json":
        if bad_request:
            return error_response(InvalidInput({"_body": ["The request cannot be read."]}))
        return error_response(exc)   # which logs it
    if not bad_request:
        log.error("a page failed past its own error handling", exc_info=exc)
    # Imported here: the pages build on this module.
    from .pages_base import PageContext
    from .pages_errors import error_page
    return error_page(PageContext(None, request), 400 if bad_request else 500,
                      "error.invalid" if bad_request else "error.unexpected")


# Every gateway route is declared with this `http`, never nameko's: routes on nameko's own web
# server would answer without the headers (and two servers cannot share the port).
http = HttpEntrypoint.decorator


def same_origin(request):
    """Whether the browser says the request comes from one of our own pages.

    A cookie goes with every request to us, whoever's page sends it; for anything that changes
    data on the strength of a cookie, the page that sent it must be ours (SameSite=Lax already
    keeps the cookie off most cross-site requests; this also covers same-site neighbours).
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


# No request needs more: a profile is a few kilobytes, and a body is read whole into memory.
MAX_BODY_BYTES = 64 * 1024
# The deepest request nests four levels (availability: day, list, window); json.loads recurses
# once per level, so a body a thousand levels deep would exhaust the stack.
MAX_BODY_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
# Neither can be stored (PostgreSQL refuses NUL in text, UTF-8 has no lone surrogates), and JSON
# lets a client send both as \u escapes.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _refused(message, field="_body"):
    return InvalidInput({field: [message]})


def _too_deep(text):
    """Whether the JSON text nests deeper than MAX_BODY_DEPTH, found without recursion: brackets
    are counted once the strings (which may hold any bracket) are taken out."""
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_BODY_DEPTH:
            return True
    return False


def _unstorable_field(body):
    """The top-level field whose value holds a character no database can keep, or "_body" for a
    key that does; None if there is none. The depth is already bounded, so this walk is too."""
    for name, value in body.items():
        if _UNSTORABLE.search(name):
            return "_body"
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str) and _UNSTORABLE.search(item):
                return name
            if isinstance(item, dict):
                if any(_UNSTORABLE.search(key) for key in item):
                    return name
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
    return None


def _not_json(constant):
    raise ValueError(f"{constant} is not JSON")


def read_body(request, fixed=()):
    """The JSON object sent, refusing fields that the URL or the session already fix.

    Whatever the client sends is refused by name rather than failing later: a body too large or
    too deep, bytes that are not UTF-8 (not replaced with U+FFFD), NaN and Infinity (not JSON),
    and characters no database can store.
    """
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise _refused(f"Longer than maximum length {MAX_BODY_BYTES} bytes.")
    request.max_content_length = MAX_BODY_BYTES   # also bounds a body sent without its length
    try:
        raw = request.get_data()
    except RequestEntityTooLarge:
        raise _refused(f"Longer than maximum length {MAX_BODY_BYTES} bytes.")
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused("Expected UTF-8 text.")
    if _too_deep(text):
        raise _refused(f"Nested deeper than {MAX_BODY_DEPTH} levels.")
    try:
        body = json.loads(text, parse_constant=_not_json)
    except (ValueError, RecursionError):
        raise _refused("Expected a JSON object.")
    if not isinstance(body, dict):
        raise _refused("Expected a JSON object.")
    unstorable = _unstorable_field(body)
    if unstorable:
        raise _refused("Must not contain NUL or unpaired surrogate characters.", unstorable)
    clashes = {name: ["Unknown field."] for name in fixed if name in body}
    if clashes:
        raise InvalidInput(clashes)
    return body


# --- pages of a list ----------------------------------------------------------------------------

def page_query(max_page_size=MAX_PAGE_SIZE):
    """The query of a paged list: pages count from 1."""
    return Schema.from_dict({
        "page": fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000)),
        "page_size": fields.Integer(load_default=min(20, max_page_size),
                                    validate=validate.Range(min=1, max=max_page_size)),
    }, name=f"PageQuery{max_page_size}")


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def of(self, items):
        """The page of a whole list (for the short per-person lists the services answer whole)."""
        return self.envelope(items[self.offset:self.offset + self.page_size], len(items))

    def envelope(self, items, total, **more):
        return {"items": items, "page": self.page, "page_size": self.page_size, "total": total,
                **more}


def read_query(request, schema):
    """The query parameters, loaded through `schema` (unknown ones are ignored, as browsers and
    caches add their own); a bad one is refused by name."""
    try:
        return schema(unknown="exclude").load(request.args.to_dict())
    except ValidationError as error:
        raise InvalidInput(error.messages)


# --- the registry of routes -----------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """What one `api(...)` route does, for the OpenAPI document and the authorization walk."""
    method: str
    url: str
    name: str
    summary: str
    public: bool = False
    operator: bool = False
    hidden: bool = False
    contract: rpc.RpcContract | None = None
    fixed: tuple = ()
    query: type | None = None
    paged: bool = False
    max_page_size: int = MAX_PAGE_SIZE
    status: int = 200
    result: type | None = None
    items: type | None = None
    content_type: str = "application/json"
    rate_limit: str | None = None
    errors: tuple = ()
    upload: str | None = None

    @property
    def path_params(self):
        return tuple(_PATH_PARAM.findall(self.url))

    @property
    def path(self):
        """The URL as OpenAPI writes it: /api/meetings/{meeting_id}."""
        return _PATH_PARAM.sub(r"{\1}", self.url)

    @property
    def body_fields(self):
        """The contract's argument fields that the request body carries."""
        if self.contract is None or self.method not in BODY_METHODS:
            return ()
        return tuple(name for name in self.contract.args._declared_fields if name not in self.fixed)

    @property
    def item_schema(self):
        return self.items or (self.contract.result if self.contract else None)

    @functools.cached_property
    def query_schema(self):
        """Every query parameter the route reads: its own, and a paged list's page and size."""
        if not self.paged:
            return self.query
        paging = page_query(self.max_page_size)
        return paging if self.query is None else type(
            f"Paged{self.query.__name__}", (self.query, paging), {})

    def arguments(self, request):
        """What the handler gets from the request beyond the path: `body`, `query`, `paging`."""
        found = {}
        if self.contract is not None and self.method in BODY_METHODS:
            if self.upload and request.mimetype == "multipart/form-data":
                body = {}   # a form with a file: the handler reads it (uploads.read_upload)
            else:
                body = read_body(request, self.fixed)  # fixed fields refused even if none is left
            if self.body_fields:
                found["body"] = body
        if self.query_schema is not None:
            asked = read_query(request, self.query_schema)
            if self.paged:
                found["paging"] = Paging(asked.pop("page"), asked.pop("page_size"))
            if self.query is not None:
                found["query"] = asked
        return found


def declared_routes(service_class, attribute, kind):
    """Every declaration of type `kind` that the handlers of a composed gateway class carry as
    `attribute`, one per method and URL (a subclass's wins), in a stable order."""
    found = {}
    for klass in reversed(service_class.__mro__):
        for value in vars(klass).values():
            declared = getattr(value, attribute, None)
            if isinstance(declared, kind):
                found[(declared.method, declared.url)] = declared
    return sorted(found.values(), key=lambda declared: (declared.url, declared.method))


def routes_of(service_class):
    """Every `api(...)` route of a composed gateway class, in a stable order."""
    return declared_routes(service_class, "route", Route)


def api(method, url, public=False, operator=False, *, contract=None, fixed=(), query=None,
        paged=False, max_page_size=MAX_PAGE_SIZE, status=200, result=None, items=None,
        content_type="application/json", rate_limit=None, hidden=False, errors=(), upload=None):
    """An HTTP route whose errors become the API's one error shape; unless `public`, the handler
    gets the authenticated person's id as `me`; an `operator` route refuses everyone else (403).
    The other keywords describe the route (see this module's docstring)."""
    def decorator(handler):
        declared = Route(
            method=method, url=url, name=handler.__name__,
            summary=(handler.__doc__ or handler.__name__.replace("_", " ")).strip().split("\n")[0],
            public=public, operator=operator, hidden=hidden, contract=contract,
            fixed=tuple(fixed), query=query, paged=paged, max_page_size=max_page_size,
            status=status, result=result, items=items, content_type=content_type,
            rate_limit=rate_limit, errors=tuple(errors), upload=upload)

        @functools.wraps(handler)
        def route(self, request, **path_params):
            try:
                if not public:
                    identity = self._identity(request)
                    if operator and not identity["operator"]:
                        raise Forbidden("only operators may do this")
                    path_params["me"] = identity["person_id"]
                    if rate_limit:
                        self.rate_limits.hit(rate_limit, identity["person_id"])
                answer = handler(self, request, **path_params, **declared.arguments(request))
            except Exception as exc:
                return error_response(exc)
            # A handler answers (status, JSON payload), or a ready Response for other content.
            return answer if isinstance(answer, Response) else json_response(*answer)
        route.route = declared
        return http(method, url)(route)
    return decorator


class Gateway:
    """What every part of the gateway shares: RPC calls with a timeout, and who is asking."""

    def _call(self, contract, **kwargs):
        return self.services.call(contract, **kwargs)

    def _token(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            return token
        token = request.cookies.get(SESSION_COOKIE)
        if token and request.method not in SAFE_METHODS and not same_origin(request):
            raise Forbidden("a signed-in change must come from Binôme's own pages")
        return token

    def _identity(self, request):
        """{"person_id", "operator"} of whoever sent the request; Unauthenticated if nobody."""
        token = self._token(request)
        if not token:
            raise Unauthenticated("send Authorization: Bearer <token>, or sign in")
        return self._identity_of(token)

    def _identity_of(self, token):
        """{"person_id", "operator"} of a session or registration token; Unauthenticated if it
        names nobody (unknown, expired or signed out)."""
        try:
            return self._call(rpc.profiles.authenticate, token=token)
        except (InvalidInput, Forbidden):
            raise Unauthenticated("unknown token")

    def _authenticated(self, request):
        return self._identity(request)["person_id"]
