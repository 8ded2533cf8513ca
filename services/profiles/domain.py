"""The rules about people, pledges and help requests; no framework, no database."""
from datetime import timedelta

PLEDGE_VALIDITY = timedelta(days=60)

# Lifecycle of a pledge and of a help request (withdrawn and expired arrive with the Profiles issue).
OPEN, MATCHED = "open", "matched"


class RuleBroken(Exception):
    """A rule refused the input; `field` names what to change."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def normalise_email(email):
    # Addresses are case-insensitive in practice; one person, one account.
    return email.strip().lower()


def distinct(values):
    """Keep the first occurrence of each value, in order."""
    return list(dict.fromkeys(values))


def pledge_end(valid_until, today):
    """When a pledge stops being offered: a date the donor chose, or two months from today."""
    if valid_until is None:
        return today + PLEDGE_VALIDITY
    if valid_until < today:
        raise RuleBroken("valid_until", "Must not be in the past.")
    return valid_until


def use_one_unit(remaining):
    """A match on a pledge was accepted: one unit fewer; (remaining, status) after it."""
    if remaining <= 0:
        raise RuleBroken("remaining", "This pledge has no unit left.")
    remaining -= 1
    return remaining, (OPEN if remaining else MATCHED)
