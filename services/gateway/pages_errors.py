"""The site's own page for what no route answers: a path nobody serves (404) or a method the path
does not take (405, with the methods it does take in `Allow`), in the reader's language, with the
header of whoever is signed in. Under /api/ the JSON API answers for itself (api.no_such_route),
as a client that reads JSON expects.

The web server (werkzeug's router) would answer both with a bare English page of its own; a route
that takes every other path and every method comes after all the others (werkzeug tries a
`<path:...>` rule last), so it sees only what nothing else answers. Which methods a known path
takes is read from the same entrypoints the server routes by, so that it cannot drift.
"""
import functools

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.web.handlers import HttpRequestHandler
from werkzeug.routing import Map, Rule

from .pages_base import PageBase, PageContext, SESSION_COOKIE, log
from .routing import http

CATCH_ALL = "/<path:unknown>"
# Methods a browser or a client may send to a page; HEAD follows GET by itself. (A method no
# route names at all, TRACE say, still gets the web server's bare 405: no browser sends one.)
EVERY_METHOD = "GET,POST,PUT,PATCH,DELETE,OPTIONS"
# A <path:...> takes at least one character: the root's other methods need their own rule.
ROOT_OTHER_METHODS = "POST,PUT,PATCH,DELETE,OPTIONS"


@functools.cache
def _site_map(service_class):
    """Every HTTP entrypoint of the composed gateway class but this page's own, as the router
    holds them."""
    rules = []
    for name in dir(service_class):
        if name == ErrorPages.page_not_found.__name__:
            continue
        for entrypoint in getattr(getattr(service_class, name, None),
                                  ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, HttpRequestHandler):
                rules.append(Rule(entrypoint.url, methods=entrypoint.method.split(",")))
    return Map(rules)


def allowed_methods(service_class, path):
    """The methods some route of the gateway takes at `path` (none: nobody serves it)."""
    allowed = _site_map(service_class).bind("binome").allowed_methods(path)
    return sorted(set(allowed) - {"OPTIONS"})


def error_page(ctx, status, key):
    """The site's error page with this status and message key."""
    return ctx.render("error.html", {"message_key": key, "status": status}, status=status)


class ErrorPages(PageBase):

    @http(EVERY_METHOD, CATCH_ALL)
    @http(ROOT_OTHER_METHODS, "/")
    def page_not_found(self, request, unknown=""):
        """Not a `page(...)`: it names no page of its own, so the walks over pages skip it."""
        ctx = PageContext(self, request)
        try:
            if request.cookies.get(SESSION_COOKIE):
                ctx.identify()   # the header of whoever is signed in, as on any page
        except Exception as exc:   # a service down: the error page still shows, signed out
            log.warning("no identity behind an error page: %r", exc)
        allowed = allowed_methods(type(self), request.path)
        if allowed:
            response = error_page(ctx, 405, "error.wrong_method")
            response.headers["Allow"] = ", ".join(allowed)
            return response
        return error_page(ctx, 404, "error.no_such_page")
