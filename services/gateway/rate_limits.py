"""Rate limits per action and per person (or client address), counted in the gateway's memory.

Limits protect people rather than data: a flood of sign-in links fills someone's mailbox, a script
swiping or revealing contact details harvests the market. None of it needs to survive a restart,
so the count lives in the gateway, which holds no business data; each replica counts on its own,
so N replicas allow up to N times a limit (the limits are set with that slack in mind).
"""
import ipaddress
import json
import threading
import time
from collections import deque

from nameko.extensions import DependencyProvider

# action: (most attempts, within so many seconds). RATE_LIMITS (JSON) overrides any of them.
DEFAULT_LIMITS = {
    # Emailed links. Per client: sign-in links, and registrations (many people may share one
    # address, an office's or the demo's). Per email address: what everyone together may send it,
    # and what one client may send it by registering; one client may send an address at most
    # 5 + 3 of them in the window, fewer than the address's 20: nobody can use up someone's
    # allowance from one place and keep them from signing in.
    "sign_in_link": (5, 15 * 60),
    "registration": (60, 15 * 60),
    "registration_to_address": (3, 15 * 60),
    "address_link": (20, 15 * 60),
    "swipe": (120, 60),             # a person swiping fast stays well under it; a script does not
    "proposal": (30, 60 * 60),      # deciding on matches, rescheduling, running rounds
    "reveal": (20, 24 * 60 * 60),   # consenting to share contact details
    "message": (60, 60 * 60),       # writing in a match's conversation
    "upload": (30, 60 * 60),        # sending a document (up to 5 MB, read through on arrival)
}


class RateLimited(Exception):
    """Too many attempts at one action; `retry_after` seconds until the next is allowed."""

    def __init__(self, action, retry_after):
        super().__init__(f"too many {action.replace('_', ' ')} attempts; "
                         f"try again in {retry_after} s")
        self.action = action
        self.retry_after = retry_after


class Attempt:
    """One attempt counted in some windows, which can be given back (once)."""

    def __init__(self, lock, windows, at):
        self._lock, self._windows, self._at = lock, windows, at

    def give_back(self):
        with self._lock:
            for hits in self._windows:
                try:
                    hits.remove(self._at)  # one hit at that instant: this attempt's
                except ValueError:
                    pass  # already left the window
            self._windows = []


class RateLimiter:
    """A sliding window per (action, key): at most `limit` hits in any `window` seconds."""

    def __init__(self, limits=None, clock=time.monotonic):
        self.limits = {**DEFAULT_LIMITS, **(limits or {})}
        self._clock = clock
        self._hits = {}
        self._lock = threading.Lock()

    def hit(self, action, key):
        """Count one attempt, or raise RateLimited (not counted) when the window is full."""
        self.hit_together((action, key))

    def hit_together(self, *attempts):
        """Count one attempt under every (action, key), checked in the order given; when any
        window is full, raise RateLimited for the first one and count the attempt nowhere, so
        that a refused attempt uses up nobody's allowance. Returns the Attempt counted, which
        the caller gives back if what it stood for was refused later (a bad body, say)."""
        now = self._clock()
        with self._lock:
            windows = []
            for action, key in attempts:
                limit, window = self.limits[action]
                hits = self._hits.setdefault((action, key), deque())
                while hits and hits[0] <= now - window:
                    hits.popleft()
                if len(hits) >= limit:
                    raise RateLimited(action, max(1, int(hits[0] + window - now + 0.999)))
                windows.append(hits)
            for hits in windows:
                hits.append(now)
            if len(self._hits) > 100_000:
                self._forget_idle(now)
        return Attempt(self._lock, windows, now)

    def _forget_idle(self, now):
        # Keys whose window has passed hold nothing: drop them so memory stays bounded.
        for key in [key for key, hits in self._hits.items()
                    if not hits or hits[-1] <= now - self.limits[key[0]][1]]:
            del self._hits[key]


def client_network(client):
    """The client as counted: an IPv6 address stands for its /64, which one machine or one home
    is given whole (it may send from any of 2**64 addresses); anything else as it is."""
    try:
        parsed = ipaddress.ip_address(client)
    except ValueError:
        return client
    if parsed.version == 4:
        return client
    if parsed.ipv4_mapped is not None:   # ::ffff:192.0.2.1 is that IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def count_emailed_link(limiter, action, client, email, person=None):
    """Count a request that emails a link to `email`, `action` being "sign_in_link" or
    "registration": the client's limits first, then the address's, and nothing at all when any
    refuses (a refused request uses up nobody's allowance). A signed-in `person` changing their
    address is counted as a registration from their client too (not instead), so that several
    accounts on one machine share that machine's allowance for an address and cannot, together,
    use up the address's and lock its owner out of sign-in.

    Behind a reverse proxy `client` is the proxy's address, shared by everyone: the count would
    then be global, and the address the proxy forwards should be used instead. The address is
    counted before anyone looks it up, so that the count says nothing about who is registered.
    Returns the Attempt, to give back when the request is refused for its content.
    """
    address = email.strip().lower()
    client = client_network(client)
    attempts = [(action, f"client:{client}")]
    if person is not None:
        attempts.append((action, f"person:{person}"))
    if action == "registration":
        attempts.append(("registration_to_address", f"client:{client} email:{address}"))
    return limiter.hit_together(*attempts, ("address_link", "email:" + address))


class RateLimits(DependencyProvider):
    """One RateLimiter per gateway process, shared by all its workers."""

    def setup(self):
        overrides = json.loads(self.container.config.get("RATE_LIMITS") or "{}")
        self.limiter = RateLimiter({action: tuple(value) for action, value in overrides.items()})

    def get_dependency(self, worker_ctx):
        return self.limiter
