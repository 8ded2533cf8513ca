"""Errors that cross RPC boundaries as themselves, not as nameko's generic RemoteError.

Registered with nameko's exception registry so that the gateway receives the same type a service
raised, and maps it to an HTTP status in one place (services/gateway/errors.py).
"""
from nameko.exceptions import deserialize_to_instance


@deserialize_to_instance
class InvalidInput(Exception):
    """Input refused before anything was written; `fields` maps each bad field to its messages."""

    def __init__(self, fields):
        super().__init__(fields)
        self.fields = fields

    def __str__(self):
        return "invalid input: " + "; ".join(f"{name}: {msgs}" for name, msgs in self.fields.items())


@deserialize_to_instance
class NotFound(Exception):
    pass


@deserialize_to_instance
class Conflict(Exception):
    """The request is well formed but the current state forbids it (already accepted, taken...)."""


@deserialize_to_instance
class Forbidden(Exception):
    pass


@deserialize_to_instance
class LimitReached(Exception):
    """A limit on a person's acts (contacts revealed in a day, sponsorships after ending many) is
    reached: nothing was done; `retry_after` whole seconds until it would be allowed."""

    def __init__(self, message, retry_after):
        # Across RPC the arguments arrive as text: the number is made whole again here.
        retry_after = max(1, int(float(retry_after)))
        super().__init__(message, retry_after)
        self.message = message
        self.retry_after = retry_after

    def __str__(self):
        return self.message


# The caller's mistakes: answered to the caller, not errors of the service that refuses them.
CLIENT_ERRORS = (InvalidInput, NotFound, Conflict, Forbidden, LimitReached)
