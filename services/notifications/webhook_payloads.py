"""What an organisation's webhook receives about an event: ids, the event's name and fields that
identify nobody. Never a name, an address, a phone number, a place, free text or an invite.
"""
import json

# Fields that may travel besides the ids (every field named `id`, `*_id` or `*_ids`).
PUBLIC_FIELDS = frozenset({
    "kind", "status", "quantity", "remote", "valid_until", "roles", "affinity", "started_at",
    "start", "end", "previous_start", "expires_at", "rescheduling", "sequence", "reason",
    "cancelled_by", "hours_before", "reported_by", "no_shows", "paused",
})


def _public(name):
    return name == "id" or name.endswith("_id") or name.endswith("_ids") or name in PUBLIC_FIELDS


def public_fields(data):
    """The part of an event's payload a webhook may carry."""
    return {name: value for name, value in data.items() if _public(name)}


def body(delivery_id, event, data, occurred_at):
    """The exact bytes POSTed (and signed): JSON with sorted keys, UTF-8."""
    document = {"id": str(delivery_id), "event": event, "occurred_at": occurred_at.isoformat(),
                "data": public_fields(data)}
    return json.dumps(document, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
