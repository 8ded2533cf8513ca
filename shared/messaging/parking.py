"""What a service parked, as operators see it: a page of it, newest first, and a replay.

Every service parks in its inbox; notifications also parks emails and webhook deliveries. Each
such place is a `ParkedSource`; `parking(rpc.<service>, sources)` gives a service class the two
RPCs rpc.<service>.parked_messages and rpc.<service>.replay_parked over them. The listing and
the replay are the same functions `binome parked` uses. Only ids leave the service: a payload
may name people.
"""
import heapq
import re
from dataclasses import dataclass
from typing import Callable

from ..rpc import serves
from . import inbox

# Characters of an error kept in the list: enough to see what failed.
REASON_LENGTH = 500
# An SMTP server that refuses a recipient names them in its error.
_ADDRESS = re.compile(r"[^\s<>'\"(),:;\[\]]+@[^\s<>'\"(),:;\[\]]+")


@dataclass(frozen=True)
class ParkedSource:
    channel: str
    # (engine) -> how many are parked
    count: Callable
    # (engine, limit) -> up to `limit` ParkedMessage dicts, the last parked first
    newest: Callable
    # (engine, ids) -> how many of those were put back in line
    replay: Callable


def ids_in(payload):
    """The ids a payload names, as {key: id}: its `…id` fields and `…ids` lists, nothing else."""
    if not isinstance(payload, dict):
        return {}
    found = {}
    for key, value in payload.items():
        if (key == "id" or key.endswith("_id")) and isinstance(value, str):
            found[key] = value
        elif key.endswith("_ids") and isinstance(value, list):
            found[key] = ",".join(str(item) for item in value)
    return found


def reason(error):
    """The error as operators see it: cut short, and without any email address in it."""
    return _ADDRESS.sub("<address>", error)[:REASON_LENGTH] if error else error


def parked_item(channel, id, event, received_at, parked_at, attempts, error, ids):
    return {"id": id, "channel": channel, "event": event, "received_at": received_at,
            "parked_at": parked_at, "attempts": attempts, "reason": reason(error), "ids": ids}


def _inbox_newest(engine, limit):
    return [parked_item("inbox", row.message_id, row.event, row.received_at, row.next_attempt_at,
                        row.attempts, row.last_error, ids_in(row.payload))
            for row in inbox.parked(engine, newest_first=True, limit=limit)]


INBOX = ParkedSource("inbox", inbox.count_parked, _inbox_newest, inbox.replay)


def page_of(engine, sources, page, page_size):
    """Page `page` (from 1) of everything parked in `sources`, the last parked first."""
    wanted = page * page_size
    merged = heapq.merge(*(source.newest(engine, wanted) for source in sources),
                         key=lambda item: item["parked_at"], reverse=True)
    items = list(merged)[wanted - page_size:wanted]
    return {"items": items, "page": page, "page_size": page_size,
            "total": sum(source.count(engine) for source in sources)}


def replay(engine, sources, ids):
    """Put the named parked items back in line, wherever each was parked; how many were."""
    if not ids:
        return 0  # the functions below read "no ids" as "all of them"
    return sum(source.replay(engine, ids) for source in sources)


def parking(contracts, sources=(INBOX,)):
    """A base class that serves `contracts.parked_messages` and `contracts.replay_parked` for a
    service with a `db` dependency; `contracts` is the service's namespace in
    shared.contracts.rpc (rpc.matching, say)."""

    class ParkedMessages:
        @serves(contracts.parked_messages)
        def parked_messages(self, page, page_size):
            return {"service": self.name,
                    **page_of(self.db.get_bind(), sources, page, page_size)}

        @serves(contracts.replay_parked)
        def replay_parked(self, ids):
            return {"replayed": replay(self.db.get_bind(), sources, ids)}

    return ParkedMessages
