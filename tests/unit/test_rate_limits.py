"""The gateway's rate limiter: a sliding window per action and key, and its 429 answer."""
import json

import pytest

from services.gateway.errors import error_response
from services.gateway.rate_limits import (RateLimited, RateLimiter, client_network,
                                            count_emailed_link)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_attempt_over_the_limit_is_refused_with_the_wait_until_the_oldest_leaves():
    clock = Clock()
    limiter = RateLimiter({"swipe": (3, 60)}, clock=clock)
    for _ in range(3):
        limiter.hit("swipe", "ana")
        clock.now += 10
    with pytest.raises(RateLimited) as refused:
        limiter.hit("swipe", "ana")
    assert refused.value.retry_after == 30  # the first hit (t=1000) leaves the window at t=1060


def test_keys_and_actions_are_counted_apart():
    limiter = RateLimiter({"swipe": (1, 60), "reveal": (1, 60)}, clock=Clock())
    limiter.hit("swipe", "ana")
    limiter.hit("swipe", "ben")
    limiter.hit("reveal", "ana")
    with pytest.raises(RateLimited):
        limiter.hit("swipe", "ana")


def test_the_window_slides():
    clock = Clock()
    limiter = RateLimiter({"swipe": (2, 60)}, clock=clock)
    limiter.hit("swipe", "ana")
    clock.now += 30
    limiter.hit("swipe", "ana")
    clock.now += 31  # the first has left the window, the second has not
    limiter.hit("swipe", "ana")
    with pytest.raises(RateLimited):
        limiter.hit("swipe", "ana")


def test_a_refused_attempt_does_not_count():
    clock = Clock()
    limiter = RateLimiter({"swipe": (1, 60)}, clock=clock)
    limiter.hit("swipe", "ana")
    for _ in range(5):
        with pytest.raises(RateLimited):
            limiter.hit("swipe", "ana")
    clock.now += 60
    limiter.hit("swipe", "ana")


def test_idle_keys_are_forgotten(monkeypatch):
    clock = Clock()
    limiter = RateLimiter({"swipe": (1, 60)}, clock=clock)
    limiter.hit("swipe", "old")
    clock.now += 61
    limiter._forget_idle(clock.now)
    assert ("swipe", "old") not in limiter._hits


def test_rate_limited_is_a_429_in_the_one_error_shape_with_retry_after():
    response = error_response(RateLimited("sign_in_link", 42))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "42"
    error = json.loads(response.get_data(as_text=True))["error"]
    assert error["code"] == "rate_limited" and "sign in link" in error["message"]


# Page forms that do what an API route does under another URL (the API's is named here).
PAGE_DOES_AS_API = {("POST", "/operator/rounds"): ("POST", "/api/rounds"),
                    # Not .../messages, which its path parameter would match too.
                    ("POST", "/matches/<match_id>/<decision>"):
                        ("POST", "/api/matches/<match_id>/accept"),
                    ("POST", "/sponsors/<sponsor_id>/<answer>"):
                        ("POST", "/api/people/<person_id>/swipe")}


def _same_action(page_route, api_route):
    """Whether a page's URL is the API route's without /api (a page parameter may stand for a
    path segment the API spells out, as /matches/<match_id>/<decision> for .../accept)."""
    import re
    from services.gateway.routing import _PATH_PARAM
    if (page_route.method, page_route.url) in PAGE_DOES_AS_API:
        return PAGE_DOES_AS_API[(page_route.method, page_route.url)] == \
            (api_route.method, api_route.url)
    pattern = _PATH_PARAM.sub("[^/]+", re.escape(page_route.url).replace(r"\<", "<")
                              .replace(r"\>", ">"))
    return page_route.method == api_route.method and \
        re.fullmatch(pattern, api_route.url.removeprefix("/api")) is not None


def test_a_page_form_counts_against_the_same_limit_as_the_api_route_that_does_the_same():
    # A limit the API applies and its page skips is no limit: the form books a slot, decides on
    # a match or swipes as often as one likes.
    from services.gateway.pages_base import page_routes_of
    from services.gateway.routing import routes_of
    from services.gateway.service import GatewayService
    limited = [route for route in routes_of(GatewayService) if route.rate_limit]
    pairs = [(page, api) for page in page_routes_of(GatewayService) for api in limited
             if _same_action(page, api)]
    assert {(page.url, api.url) for page, api in pairs} >= {
        ("/meetings/<meeting_id>/confirm", "/api/meetings/<meeting_id>/confirm"),
        ("/matches/<match_id>/<decision>", "/api/matches/<match_id>/accept"),
        ("/operator/rounds", "/api/rounds"),
        ("/matches/<match_id>/messages", "/api/matches/<match_id>/messages"),
        ("/sponsors/<sponsor_id>/<answer>", "/api/people/<person_id>/swipe")}
    skipping = [f"{page.method} {page.url} (the API's {api.url}: {api.rate_limit})"
                for page, api in pairs if page.rate_limit != api.rate_limit]
    assert not skipping, skipping


def test_attempts_counted_together_count_nowhere_when_any_limit_refuses():
    limiter = RateLimiter({"sign_in_link": (2, 900), "address_link": (3, 900)}, clock=Clock())
    for _ in range(2):
        limiter.hit_together(("sign_in_link", "client:a"), ("address_link", "email:v"))
    with pytest.raises(RateLimited) as refused:
        limiter.hit_together(("sign_in_link", "client:a"), ("address_link", "email:v"))
    assert refused.value.action == "sign_in_link"
    # The refused attempt took nothing from the address: one more is allowed from elsewhere.
    limiter.hit_together(("sign_in_link", "client:b"), ("address_link", "email:v"))


def test_one_client_cannot_use_up_an_address_with_the_default_limits():
    """Whatever one client may send to an address (sign-in links and registrations) stays under
    the address's own limit, so the address's owner can always ask from elsewhere."""
    limiter = RateLimiter(clock=Clock())
    for action in ("sign_in_link", "registration"):
        for _ in range(100):
            try:
                count_emailed_link(limiter, action, "mallory", "Ada@example.org")
            except RateLimited:
                pass
    count_emailed_link(limiter, "sign_in_link", "ada", "ada@example.org")


def test_an_attempt_given_back_leaves_every_window_as_it_was():
    limiter = RateLimiter({"registration": (1, 900), "address_link": (1, 900)}, clock=Clock())
    taken = count_emailed_link(limiter, "registration", "a", "Ada@example.org")
    taken.give_back()
    taken.give_back()  # twice is once: nothing else's hit is removed
    count_emailed_link(limiter, "registration", "a", "ada@example.org")
    with pytest.raises(RateLimited):
        count_emailed_link(limiter, "registration", "a", "ada@example.org")


def test_one_ipv6_machine_counts_as_one_client_whichever_address_of_its_network_it_uses():
    """A machine given an IPv6 /64 may send from any of its 2**64 addresses: were each a client,
    three of them could use up someone's allowance and lock them out of sign-in."""
    limiter = RateLimiter(clock=Clock())
    for host in range(1, 40):
        for action in ("sign_in_link", "registration"):
            try:
                count_emailed_link(limiter, action, f"2001:db8:1:2::{host:x}", "ada@example.org")
            except RateLimited:
                pass
    count_emailed_link(limiter, "sign_in_link", "2001:db8:9:9::1", "ada@example.org")


@pytest.mark.parametrize("client, counted", [
    ("192.0.2.7", "192.0.2.7"), ("::ffff:192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2::7", "2001:db8:1:2::/64"), ("person:42", "person:42")])
def test_clients_are_counted_by_their_address_or_their_ipv6_network(client, counted):
    assert client_network(client) == counted
