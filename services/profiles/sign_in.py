"""The rules of signing in without a password; no framework, no database.

A person asks for a link by email; the link's token works once, within LINK_LIFETIME, and turns
into a session token that works until SESSION_LIFETIME has passed or the person signs out. Only
hashes of either token are stored: a copy of the database lets nobody in.

An address is proved the same way: registering, or changing one's address, emails a link to the
address, which works once within CONFIRMATION_LIFETIME; following it creates the account (or
changes the address) and opens a session. No token is handed out any other way.
"""
import hashlib
import secrets
from datetime import timedelta

from .domain import RuleBroken

LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=30)
# Long enough to find the email the next day; a registration not confirmed by then is deleted,
# since it holds the details of someone who may never have asked for an account.
CONFIRMATION_LIFETIME = timedelta(hours=24)
# Expired links are kept a day, so that a late click is told "expired" rather than "unknown".
LINK_KEPT_AFTER_EXPIRY = timedelta(days=1)
# 32 random bytes: 256 bits, far beyond guessing, in 43 URL-safe characters.
TOKEN_BYTES = 32

UNKNOWN = "This sign-in link is unknown: ask for a new one."
USED = "This sign-in link was already used: ask for a new one."
EXPIRED = "This sign-in link has expired (links work for 15 minutes): ask for a new one."
CONFIRMATION_EXPIRED = "This confirmation link has expired (it worked for 24 hours): ask again."
ADDRESS_TAKEN = "This address now belongs to another account: it cannot be yours here."


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def link_expiry(now):
    return now + LINK_LIFETIME


def confirmation_expiry(now):
    return now + CONFIRMATION_LIFETIME


def session_expiry(now):
    return now + SESSION_LIFETIME


def check_redeemable(used_at, expires_at, now, expired=EXPIRED):
    """Refuse a link already used or expired, naming `link_token` (the field the person sent)."""
    if used_at is not None:
        raise RuleBroken("link_token", USED)
    if now >= expires_at:
        raise RuleBroken("link_token", expired)


def unknown_link():
    return RuleBroken("link_token", UNKNOWN)


def session_is_valid(expires_at, now):
    return now < expires_at

