"""Signing in without a password, for API clients (the web pages build on the same RPCs):
ask for an emailed link, turn the link's token into a session token, sign out.
"""
from shared.contracts import rpc
from shared.rpc import load_arguments

from .errors import json_response
from .rate_limits import count_emailed_link
from .routing import SESSION_COOKIE, Gateway, api


class SignIn(Gateway):

    @api("POST", "/api/sign-in", public=True, contract=rpc.profiles.request_sign_in, status=202,
         errors=(400, 429))
    def request_sign_in(self, request, body):
        """Email a one-time sign-in link; the same answer, in the same time, whether or not the
        address is known."""
        return 202, self.send_sign_in_link(request.remote_addr, body)

    def send_sign_in_link(self, client, body):
        # Checked and counted here, then handed to profiles without waiting: what profiles finds
        # (someone or nobody) changes neither the answer nor how long it takes.
        arguments = load_arguments(rpc.profiles.request_sign_in, body)
        count_emailed_link(self.rate_limits, "sign_in_link", client, arguments["email"])
        self.services.send(rpc.profiles.request_sign_in, **body)
        return {"sent": True}

    @api("POST", "/api/sessions", public=True, contract=rpc.profiles.redeem_sign_in, status=201,
         errors=(400,))
    def open_session(self, request, body):
        """Exchange an emailed link's token for a bearer token, once: a sign-in link within 15
        minutes; a registration's or a new address's link within 24 hours, which first creates the
        account or changes the address."""
        return 201, self._call(rpc.profiles.redeem_sign_in, **body)

    @api("DELETE", "/api/sessions/current", result=rpc.Done)
    def close_session(self, request, me):
        """Sign out: the token that authenticated this request (bearer or cookie) stops working."""
        response = json_response(200, self._call(rpc.profiles.sign_out, token=self._token(request)))
        response.delete_cookie(SESSION_COOKIE)
        return response
