"""The outbox and inbox tables every service keeps in its own database."""
from sqlalchemy import JSON, Column, Index, Integer, MetaData, String, Table, Text, Uuid

from ..database import UtcDateTime

PENDING, DONE, PARKED = "pending", "done", "parked"


def define_messaging_tables(metadata):
    outbox = Table(
        "outbox", metadata,
        Column("id", String(36), primary_key=True),
        Column("event", String(64), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("published_at", UtcDateTime, nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_unpublished", "published_at", "created_at"),
    )
    inbox = Table(
        "inbox", metadata,
        Column("message_id", String(36), primary_key=True),
        Column("event", String(64), nullable=False),
        Column("payload", JSON, nullable=False),
        # pending (to do or to retry), done, or parked (given up on; an operator replays it).
        Column("status", String(16), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        # When to try next; for a parked message, when it was parked.
        Column("next_attempt_at", UtcDateTime, nullable=False),
        Column("last_error", Text, nullable=True),
        Column("received_at", UtcDateTime, nullable=False),
        Column("processed_at", UtcDateTime, nullable=True),
        Index("ix_inbox_due", "status", "next_attempt_at"),
    )
    # People erased from this service: events about them still in flight are ignored on arrival.
    # Only an opaque id is kept, nothing that says who they were.
    erased = Table(
        "erased_people", metadata,
        Column("person_id", String(36), primary_key=True),
        Column("erased_at", UtcDateTime, nullable=False),
    )
    return outbox, inbox, erased


def define_block_replica(metadata):
    """Who blocked whom, as the consumers of `person_blocked` keep it (see blocks.py)."""
    return Table(
        "blocks", metadata,
        Column("person_id", Uuid, primary_key=True),
        Column("other_id", Uuid, primary_key=True),
    )


# The same tables on a metadata of their own, for the queries shared code runs in any service.
OUTBOX, INBOX, ERASED_PEOPLE = define_messaging_tables(MetaData())
BLOCKS = define_block_replica(MetaData())
