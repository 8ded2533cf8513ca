"""Webhook signatures: HMAC-SHA256 over the exact body bytes with the subscriber's secret.

The header is `X-Binome-Signature: sha256=<hex>`. A subscriber recomputes it over the body it
received, byte for byte, and compares in constant time (`verify`).
"""
import hashlib
import hmac
import secrets

HEADER = "X-Binome-Signature"
PREFIX = "sha256="


def new_secret():
    return secrets.token_hex(32)


def sign(secret, body):
    """The header value for `body` (bytes) signed with `secret` (str)."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret, body, header_value):
    """Whether `header_value` is the signature of exactly `body` with `secret`."""
    if not header_value or not header_value.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, body), header_value)
