"""Every error the API can answer, mapped to HTTP in one place, in one shape:
{"error": {"code": ..., "message": ..., "fields": {...}}}.
"""
import json
import logging

from werkzeug.wrappers import Response

from shared.errors import Conflict, Forbidden, InvalidInput, LimitReached, NotFound
from shared.rpc import RpcTimeout

from .rate_limits import RateLimited
from .uploads import UploadTooLarge

log = logging.getLogger(__name__)

class Unauthenticated(Exception):
    """No bearer token, or one that names nobody."""


STATUS = {
    # Before InvalidInput, which it is: a file over its limit, the field named as for any input.
    UploadTooLarge: (413, "too_large"),
    InvalidInput: (400, "invalid_input"),
    Unauthenticated: (401, "unauthenticated"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    RateLimited: (429, "rate_limited"),
    # The same answer for a limit kept by a service rather than by this gateway's memory.
    LimitReached: (429, "rate_limited"),
    RpcTimeout: (504, "timeout"),
}


def json_response(status, payload):
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def error_response(exc):
    for error_type, (status, code) in STATUS.items():
        if isinstance(exc, error_type):
            fields = getattr(exc, "fields", {})
            message = "Some fields are invalid." if fields else str(exc)
            response = json_response(status, {"error": {"code": code, "message": message,
                                                         "fields": fields}})
            if isinstance(exc, (RateLimited, LimitReached)):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
    log.exception("unexpected error behind the API", exc_info=exc)
    return json_response(500, {"error": {"code": "internal", "message": "Something went wrong.",
                                         "fields": {}}})
