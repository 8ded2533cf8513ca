"""Forgetting a person in the messaging tables, and remembering only that they were forgotten.

Payloads in the inbox and outbox carry names and addresses; after an erasure none may remain.
Events about the person that are still on their way (another queue, a retry) must not bring them
back: `is_erased` lets a handler drop them.
"""
from sqlalchemy import String, cast, delete, insert, select, update

from ..clock import utcnow
from ..contracts.events import PERSON_BLOCKED
from ..contracts.kinds import BLOCKED_REASON
from ..database import wipe_after_commit
from ..export import jsonable
from .tables import DONE, ERASED_PEOPLE, INBOX, OUTBOX

SCRUBBED = {"scrubbed": "a person named in this message was erased"}


def _mentions(table, person_id):
    return cast(table.c.payload, String).contains(str(person_id))


def scrub_messages(session, person_id):
    """Blank every received message that names the person, and drop every event that does.

    A blanked message still waiting (for a retry, or parked) is done with: it is about someone
    who is gone, and retrying it could only park it for an operator.

    Every service calls this in the transaction of its erasure, so this is also where the
    database files are told to overwrite, once it commits, the bytes the erasure freed.
    """
    wipe_after_commit(session)
    named = _mentions(INBOX, person_id)
    session.execute(update(INBOX).where(named, INBOX.c.status != DONE).values(
        status=DONE, processed_at=utcnow(), last_error="dropped: a person it names was erased"))
    session.execute(update(INBOX).where(named).values(payload=SCRUBBED))
    session.execute(delete(OUTBOX).where(_mentions(OUTBOX, person_id)))


def messages_naming(session, person_id):
    """The events received and sent that name the person, for their data export: all but those
    that would tell them someone blocked or reported them (`_tells_of_anothers_block`)."""
    def rows(table, *columns):
        return [{column: jsonable(value) for column, value in row._mapping.items()}
                for row in session.execute(select(*columns).where(_mentions(table, person_id)))
                if not _tells_of_anothers_block(person_id, row.event, row.payload)]
    return {"received": rows(INBOX, INBOX.c.message_id, INBOX.c.event, INBOX.c.payload,
                             INBOX.c.status, INBOX.c.received_at),
            "sent": rows(OUTBOX, OUTBOX.c.id, OUTBOX.c.event, OUTBOX.c.payload, OUTBOX.c.created_at,
                         OUTBOX.c.published_at)}


def _tells_of_anothers_block(person_id, event, payload):
    """A block (and a report, which blocks) is the blocker's own act: their export holds it, the
    export of the person blocked never does, or it would name who blocked them. What a block set
    off says "blocked" as its reason (a meeting cancelled): the other person in it would be the
    blocker, so it is left out of both exports (the blocker's holds the block itself)."""
    payload = payload if isinstance(payload, dict) else {}
    if event == PERSON_BLOCKED.name:
        return str(payload.get("person_id")) != str(person_id)
    return payload.get("reason") == BLOCKED_REASON


def remember_erased(session, person_id):
    if not is_erased(session, person_id):
        session.execute(insert(ERASED_PEOPLE).values(person_id=str(person_id), erased_at=utcnow()))


def is_erased(session, *person_ids):
    """Whether any of these people was erased here."""
    wanted = [str(p) for p in person_ids if p is not None]
    return bool(wanted) and session.execute(
        select(ERASED_PEOPLE.c.person_id).where(ERASED_PEOPLE.c.person_id.in_(wanted))).first() is not None
