"""The HTTP API of Binôme. Each route reads JSON, calls one service with a timeout, answers JSON.

Authentication and per-person authorisation arrive with the web issue; until then the API trusts
the person id in the path, as the demo does.
"""
import functools
import json

from nameko.web.handlers import http

from shared.contracts import rpc
from shared.errors import InvalidInput
from shared.rpc import ServiceRpc

from .errors import error_response, json_response


def _body(request, path_params):
    """The JSON object sent, refusing fields that the URL already fixes (ids cannot be overridden)."""
    if not request.data:
        return {}
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise InvalidInput({"_body": ["Expected a JSON object."]})
    if not isinstance(body, dict):
        raise InvalidInput({"_body": ["Expected a JSON object."]})
    clashes = {name: ["Unknown field."] for name in path_params if name in body}
    if clashes:
        raise InvalidInput(clashes)
    return body


def api(method, url):
    """An HTTP route whose errors become the API's one error shape."""
    def decorator(handler):
        @functools.wraps(handler)
        def route(self, request, **path_params):
            try:
                status, payload = handler(self, request, **path_params)
            except Exception as exc:
                return error_response(exc)
            return json_response(status, payload)
        return http(method, url)(route)
    return decorator


class GatewayService:
    name = "gateway"
    services = ServiceRpc(["profiles", "matching", "scheduling", "notifications"])

    def _call(self, contract, **kwargs):
        return self.services.call(contract, **kwargs)

    @api("GET", "/health")
    def health(self, request):
        return 200, {"status": "ok"}

    @api("POST", "/api/people")
    def register(self, request):
        return 201, self._call(rpc.profiles.register_person, **_body(request, ()))

    @api("GET", "/api/people/<person_id>")
    def person(self, request, person_id):
        return 200, self._call(rpc.profiles.get_person, person_id=person_id)

    @api("POST", "/api/people/<person_id>/pledges")
    def pledge(self, request, person_id):
        body = _body(request, ("person_id",))
        return 201, self._call(rpc.profiles.make_pledge, person_id=person_id, **body)

    @api("GET", "/api/people/<person_id>/pledges")
    def pledges(self, request, person_id):
        return 200, self._call(rpc.profiles.pledges_of, person_id=person_id)

    @api("POST", "/api/people/<person_id>/requests")
    def request_help(self, request, person_id):
        body = _body(request, ("person_id",))
        return 201, self._call(rpc.profiles.request_help, person_id=person_id, **body)

    @api("GET", "/api/people/<person_id>/requests")
    def requests(self, request, person_id):
        return 200, self._call(rpc.profiles.requests_of, person_id=person_id)

    @api("POST", "/api/rounds")
    def run_round(self, request):
        return 201, self._call(rpc.matching.run_round, **_body(request, ()))

    @api("GET", "/api/people/<person_id>/matches")
    def matches(self, request, person_id):
        return 200, self._call(rpc.matching.matches_of, person_id=person_id)

    @api("POST", "/api/matches/<match_id>/accept")
    def accept(self, request, match_id):
        body = _body(request, ("match_id",))
        return 200, self._call(rpc.matching.accept, match_id=match_id, **body)

    @api("POST", "/api/matches/<match_id>/decline")
    def decline(self, request, match_id):
        body = _body(request, ("match_id",))
        return 200, self._call(rpc.matching.decline, match_id=match_id, **body)

    @api("GET", "/api/people/<person_id>/meetings")
    def meetings(self, request, person_id):
        return 200, self._call(rpc.scheduling.meetings_of, person_id=person_id)

    @api("POST", "/api/meetings/<meeting_id>/confirm")
    def confirm(self, request, meeting_id):
        body = _body(request, ("meeting_id",))
        return 200, self._call(rpc.scheduling.confirm, meeting_id=meeting_id, **body)

    @api("GET", "/api/people/<person_id>/inbox")
    def inbox(self, request, person_id):
        return 200, self._call(rpc.notifications.inbox, person_id=person_id)
