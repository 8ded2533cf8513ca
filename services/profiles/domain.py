"""The rules about people, pledges, help requests and privacy; no framework, no database.

Reference data (occupations, places) is pure shared code, looked up through functions passed in,
so that the rules can be tested with any data.
"""
from datetime import timedelta

from shared.contracts.kinds import (  # noqa: F401 (the lifecycle states are part of these rules)
    AVAILABILITY_PRESETS, EXPIRED, FULFILLED, MATCHED, OPEN, WITHDRAWN)
from shared.contracts.fields import unknown_occupation, unknown_place
from shared.names import display_name
from shared.reference import places

PLEDGE_VALIDITY = timedelta(days=60)

# Roles that need their own block of answers (a field named like the role) to be matchable.
ROLES_WITH_A_BLOCK = ("mentor", "sponsor")


class RuleBroken(Exception):
    """A rule refused the input; `field` names what to change."""

    def __init__(self, field, message, more=None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        # Every field refused, {field: [message]}: a form shows them all in one answer.
        self.fields = {field: [message], **(more or {})}

    @classmethod
    def together(cls, refused):
        """One error for several refusals ({field: message}), the first named as `field`."""
        (field, message), *rest = refused.items()
        return cls(field, message, {name: [text] for name, text in rest})


def normalise_email(email):
    # Addresses are case-insensitive in practice; one person, one account.
    return email.strip().lower()


def distinct(values):
    """Keep the first occurrence of each value, in order."""
    return list(dict.fromkeys(values))


def profile_attributes(fields, find_occupation, find_place, current=None):
    """Stored attributes from validated profile fields (all of them, or the changed ones).

    `find_occupation(text)` returns an occupation (with `.code`) or None; `find_place(text)` a
    lookup (places.Lookup): its `place` (with `postal_code`, `neighbourhood`, `latitude`,
    `longitude`) or None, and the `choices` a name several communes share may mean. `current` holds
    the stored attributes when updating, to check rules that span fields.
    """
    attributes = dict(fields)
    refused = {}   # every rule is checked, so that all refusals come in one answer

    def checked(rule, *args):
        try:
            return rule(*args)
        except RuleBroken as error:
            refused.update({name: messages[0] for name, messages in error.fields.items()})
            return None

    if "email" in attributes:
        attributes["email"] = normalise_email(attributes["email"])
    if "roles" in attributes:
        attributes["roles"] = distinct(attributes["roles"])
    for field in ("occupation", "target_occupation"):
        if attributes.get(field):
            attributes[field] = checked(_occupation_code, find_occupation, attributes[field], field)
    for role_block in ("mentor", "sponsor"):
        block = attributes.get(role_block)
        if block:
            attributes[role_block] = checked(_role_block, block, find_occupation, role_block)
    if "location" in attributes:
        attributes.update(checked(_place, find_place, attributes.pop("location")) or {})
    preset = attributes.pop("availability_preset", None)
    if preset and attributes.get("availability"):
        refused["availability_preset"] = "Give either availability or a preset, not both."
    elif preset:
        attributes["availability"] = AVAILABILITY_PRESETS[preset]
    elif "availability" in attributes and attributes["availability"] is None:
        attributes["availability"] = {}
    if not refused:
        checked(_check_role_blocks, {**(current or {}), **attributes})
    if refused:
        raise RuleBroken.together(refused)
    return attributes


def _occupation_code(find_occupation, text, field):
    occupation = find_occupation(text)
    if occupation is None:
        raise RuleBroken(field, unknown_occupation(text))
    return occupation.code


def _role_block(block, find_occupation, role):
    block, refused = dict(block), {}
    for field in ("from_occupation", "to_occupation", "current_occupation"):
        if block.get(field):
            try:
                block[field] = _occupation_code(find_occupation, block[field], field)
            except RuleBroken as error:
                refused[f"{role}.{field}"] = error.message
    if role == "sponsor":
        codes = []
        for text in block.get("occupations", []):
            try:
                codes.append(_occupation_code(find_occupation, text, "occupations"))
            except RuleBroken as error:
                refused.setdefault("sponsor.occupations", error.message)
        block["occupations"] = distinct(codes)
    if refused:
        raise RuleBroken.together(refused)
    return block


def _place(find_place, text):
    if not text:
        return {"postal_code": None, "neighbourhood": None, "latitude": None, "longitude": None}
    found = find_place(text)
    if found.choices:  # never a guess: the person says which one
        raise RuleBroken("location", places.several_named(text, found.choices))
    place = found.place
    if place is None:
        raise RuleBroken("location", unknown_place(text))
    return {"postal_code": place.postal_code, "neighbourhood": place.neighbourhood,
            "latitude": place.latitude, "longitude": place.longitude}


def _check_role_blocks(person):
    roles = set(person.get("roles") or ())
    for role in ROLES_WITH_A_BLOCK:
        if role in roles and not person.get(role):
            raise RuleBroken(role, f"Required for the {role} role.")
        if person.get(role) and role not in roles:
            raise RuleBroken(role, f"Only for people with the {role} role.")


def card(person, occupation_label):
    """The anonymised projection: all another person may see before mutual consent."""
    return {
        "id": person["id"],
        "display_name": display_name(person["first_name"], person["last_name"]),
        "roles": person["roles"],
        "occupation": occupation_label(person["occupation"]) if person["occupation"] else None,
        "target_occupation": (occupation_label(person["target_occupation"])
                              if person["target_occupation"] else None),
        # The codes, for a page to name them in its reader's language.
        "occupation_code": person["occupation"],
        "target_occupation_code": person["target_occupation"],
        "skills": person["skills"],
        "neighbourhood": person["neighbourhood"],
        "own_words": person["own_words"],
        "languages": person["languages"],
    }


# --- consent ----------------------------------------------------------------------------------

def consent_state(mine, theirs):
    """Each side is True while that person's consent stands (given and not withdrawn)."""
    return {"mine": mine, "theirs": theirs, "mutual": mine and theirs}


def may_reveal(mine, theirs, blocked):
    """Contact details cross only when both consented to this pair and neither blocked the other."""
    return mine and theirs and not blocked


# --- pledges and requests ---------------------------------------------------------------------

def pledge_end(valid_until, today):
    """When a pledge stops being offered: a date the donor chose, or two months from today."""
    if valid_until is None:
        return today + PLEDGE_VALIDITY
    if valid_until < today:
        raise RuleBroken("valid_until", "Must not be in the past.")
    return valid_until


def withdraw(status, what):
    """Only what is still on offer can be withdrawn; withdrawing twice is one withdrawal."""
    if status == WITHDRAWN:
        return WITHDRAWN
    if status != OPEN:
        raise RuleBroken("status", f"This {what} is {status}: only an open {what} can be withdrawn.")
    return WITHDRAWN


def has_expired(status, valid_until, today):
    """An open pledge whose last day has passed closes itself."""
    return status == OPEN and valid_until < today


# --- erasure ----------------------------------------------------------------------------------

ERASED = "erased"


def anonymised(person_id):
    """What remains of an erased person: a row that keeps their pledges countable, and no trace
    of who they were."""
    return {"first_name": ERASED, "last_name": ERASED, "email": f"{person_id}@erased.invalid",
            "phone": None, "roles": [], "languages": [], "skills": [], "own_words": "",
            "occupation": None, "target_occupation": None, "postal_code": None,
            "neighbourhood": None, "latitude": None, "longitude": None, "availability": {},
            "mentor": None, "sponsor": None, "accepts_sponsors": False}


def is_anonymised(person):
    return person["email"].endswith("@erased.invalid")
