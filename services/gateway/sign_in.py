"""Signing in without a password, for API clients (the web pages build on the same RPCs):
ask for an emailed link, turn the link's token into a session token, sign out.
"""
from shared.contracts import rpc

from .errors import json_response
from .routing import SESSION_COOKIE, Gateway, api


class SignIn(Gateway):

    @api("POST", "/api/sign-in", public=True, contract=rpc.profiles.request_sign_in, status=202,
         errors=(400, 429))
    def request_sign_in(self, request, body):
        """Email a one-time sign-in link; the same answer whether or not the address is known."""
        email = body.get("email")
        if isinstance(email, str):
            # Per address, so that nobody floods someone's mailbox; counted before the address is
            # looked up, so that the count says nothing about who is registered.
            self.rate_limits.hit("sign_in_link", "email:" + email.strip().lower())
        # Behind a reverse proxy this is the proxy's address, shared by everyone: the count would
        # then be global, and the address the proxy forwards should be used instead.
        self.rate_limits.hit("sign_in_link", f"client:{request.remote_addr}")
        return 202, self._call(rpc.profiles.request_sign_in, **body)

    @api("POST", "/api/sessions", public=True, contract=rpc.profiles.redeem_sign_in, status=201,
         errors=(400,))
    def open_session(self, request, body):
        """Exchange an emailed link's token (once, within 15 minutes) for a bearer token."""
        return 201, self._call(rpc.profiles.redeem_sign_in, **body)

    @api("DELETE", "/api/sessions/current", result=rpc.Done)
    def close_session(self, request, me):
        """Sign out: the token that authenticated this request (bearer or cookie) stops working."""
        response = json_response(200, self._call(rpc.profiles.sign_out, token=self._token(request)))
        response.delete_cookie(SESSION_COOKIE)
        return response
