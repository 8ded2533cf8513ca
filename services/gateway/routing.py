"""How a gateway route reads its request and answers: the JSON body, the authenticated person, one
error shape, and the registry of routes that the OpenAPI document is built from.

A person is known by a bearer token (`Authorization: Bearer …`, for API clients) or by the same
kind of token in the `binome_session` cookie (for the web pages, set at sign-in).
"""
import functools
import json
from urllib.parse import urlsplit

from nameko.web.handlers import http
from werkzeug.wrappers import Response

from shared.contracts import rpc
from shared.errors import Forbidden, InvalidInput

from .errors import Unauthenticated, error_response, json_response

SESSION_COOKIE = "binome_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def same_origin(request):
    """Whether the browser says the request comes from one of our own pages.

    A cookie goes with every request to us, whoever's page sends it; for anything that changes
    data on the strength of a cookie, the page that sent it must be ours (SameSite=Lax already
    keeps the cookie off most cross-site requests; this also covers same-site neighbours).
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def read_body(request, fixed=()):
    """The JSON object sent, refusing fields that the URL or the session already fix."""
    if not request.data:
        return {}
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise InvalidInput({"_body": ["Expected a JSON object."]})
    if not isinstance(body, dict):
        raise InvalidInput({"_body": ["Expected a JSON object."]})
    clashes = {name: ["Unknown field."] for name in fixed if name in body}
    if clashes:
        raise InvalidInput(clashes)
    return body


def api(method, url, public=False, operator=False):
    """An HTTP route whose errors become the API's one error shape; unless `public`, the handler
    gets the authenticated person's id as `me`; an `operator` route refuses everyone else (403)."""
    def decorator(handler):
        @functools.wraps(handler)
        def route(self, request, **path_params):
            try:
                if not public:
                    identity = self._identity(request)
                    if operator and not identity["operator"]:
                        raise Forbidden("only operators may do this")
                    path_params["me"] = identity["person_id"]
                answer = handler(self, request, **path_params)
            except Exception as exc:
                return error_response(exc)
            # A handler answers (status, JSON payload), or a ready Response for other content.
            return answer if isinstance(answer, Response) else json_response(*answer)
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
        try:
            return self._call(rpc.profiles.authenticate, token=token)
        except (InvalidInput, Forbidden):
            raise Unauthenticated("unknown token")

    def _authenticated(self, request):
        return self._identity(request)["person_id"]
