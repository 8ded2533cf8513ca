"""One database per service, on SQLAlchemy 2: SQLite when embedded, PostgreSQL when distributed.

`Database` is our own small DependencyProvider (nameko-sqlalchemy does not support SQLAlchemy 2):
the engine is made and migrated in `setup`, each worker gets its own Session, closed at teardown.
"""
import logging
import threading
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from nameko.extensions import DependencyProvider
from sqlalchemy import DateTime, TypeDecorator, create_engine, event, text
from sqlalchemy.orm import Session

from .config import database_url

log = logging.getLogger(__name__)


def make_engine(url):
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _):
            # WAL lets readers go on while one writes; foreign keys are off by default.
            # secure_delete: what a DELETE or UPDATE removes is overwritten with zeros, instead
            # of staying in the file's free space where an erased person's name could be read.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        _one_transaction_at_a_time(engine)
        return engine
    if url.startswith("postgresql://"):
        # psycopg2, the driver psycogreen makes cooperative (SQLAlchemy 2.1 would pick psycopg 3).
        url = "postgresql+psycopg2://" + url[len("postgresql://"):]
    return create_engine(url, pool_size=10, max_overflow=5, pool_pre_ping=True)


def _one_transaction_at_a_time(engine):
    """Serialise this process's SQLite transactions on a (green) lock.

    SQLite waits for a competing writer inside C code, which blocks eventlet's whole loop: the
    greenthread holding the write lock could never run to release it. Taking a cooperative lock
    first turns that deadlock into an orderly queue. Embedded mode is one process, so this is all
    the coordination SQLite needs; PostgreSQL is left alone.
    """
    lock = threading.Lock()  # green once eventlet has monkey-patched threading

    @event.listens_for(engine, "begin")
    def _acquire(connection):
        if not lock.acquire(timeout=60):
            raise RuntimeError("waited 60 s for another SQLite transaction of this process")
        connection.info["holds_transaction_lock"] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _release(connection):
        if connection.info.pop("holds_transaction_lock", False):
            lock.release()


# Alembic keeps the migration context in module globals: services starting together in one
# process (embedded mode) must migrate one after the other.
_migrating = threading.Lock()


def migrate(engine, migrations_dir):
    """Bring the schema to the newest Alembic revision; safe to run from several replicas at once."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    with _migrating, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together must not race to create the same tables.
            connection.execute(text("SELECT pg_advisory_xact_lock(4242)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def wipe_after_commit(session):
    """Once the session's transaction commits, overwrite in the database files what it deleted.

    For an erasure (docs/privacy.md). SQLite: secure_delete zeroed the rows in the pages written
    to the -wal file, but the file still holds the frames written before, and the main file the
    old pages, until a checkpoint; TRUNCATE copies the new pages in and empties the -wal.
    PostgreSQL: VACUUM removes the dead rows and their index entries, but often leaves their
    bytes in the pages' free space until reused (measured; docs/privacy.md says what operators
    do about it); it cannot run in a transaction.
    """
    event.listen(session, "after_commit", lambda committed: _wipe_or_say_so(committed.get_bind()),
                 once=True)


def _wipe_or_say_so(engine):
    # The erasure is committed whatever happens here: a failure must not make its handler look
    # failed (and run again), only be seen by operators; the next checkpoint or autovacuum
    # overwrites the bytes later.
    try:
        wipe_freed_space(engine)
    except Exception:
        log.exception("the bytes freed by an erasure in %s could not be overwritten now",
                      engine.url.database)


def wipe_freed_space(engine):
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if busy:  # a reader of another process held an old snapshot for 30 s
                log.warning("the -wal file of %s could not be emptied after an erasure; "
                            "later checkpoints overwrite it", engine.url.database)
        elif engine.dialect.name == "postgresql":
            # Never waits for a table someone else locked: autovacuum gets to it later.
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM (SKIP_LOCKED, INDEX_CLEANUP ON)")


@contextmanager
def transaction(engine):
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


class Database(DependencyProvider):
    """Injects a Session bound to this service's own database."""

    def __init__(self, migrations_dir):
        self.migrations_dir = Path(migrations_dir)
        self.engine = None
        self.sessions = {}

    def setup(self):
        url = database_url(self.container.config, self.container.service_name)
        self.engine = make_engine(url)
        migrate(self.engine, self.migrations_dir)

    def stop(self):
        self.engine.dispose()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        session = Session(self.engine, expire_on_commit=False)
        self.sessions[worker_ctx] = session
        return session

    def worker_teardown(self, worker_ctx):
        session = self.sessions.pop(worker_ctx, None)
        if session is not None:
            session.close()


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive ones)."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times are stored in UTC")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
