"""What a deletion leaves in a SQLite database's files, with and without the wipe an erasure asks
for (shared/database.py)."""
import sqlite3

from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, insert

from shared.database import make_engine, transaction, wipe_after_commit

SECRET = "Quintavalle.zephyrine@example.org"
metadata = MetaData()
people = Table("people", metadata, Column("id", Integer, primary_key=True), Column("email", Text))


def files_holding(folder, word):
    return sorted(path.name for path in folder.glob("*.sqlite*") if word.encode() in path.read_bytes())


def a_database_with_the_secret(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/service.sqlite")
    metadata.create_all(engine)
    with transaction(engine) as session:
        # Enough neighbours that the page is not simply dropped with the row.
        session.execute(insert(people), [{"id": n, "email": f"n{n}@example.org"} for n in range(50)])
        session.execute(insert(people).values(id=1000, email=SECRET))
    return engine


def test_an_erasure_leaves_the_deleted_bytes_in_no_file(tmp_path):
    engine = a_database_with_the_secret(tmp_path)
    assert files_holding(tmp_path, SECRET)
    with transaction(engine) as session:
        session.execute(delete(people).where(people.c.id == 1000))
        wipe_after_commit(session)
    assert files_holding(tmp_path, SECRET) == []
    engine.dispose()


def test_without_the_wipe_the_log_keeps_the_deleted_row(tmp_path):
    # Why the wipe exists: secure_delete zeroes the new page, not the frames already logged.
    engine = a_database_with_the_secret(tmp_path)
    with transaction(engine) as session:
        session.execute(delete(people).where(people.c.id == 1000))
    assert files_holding(tmp_path, SECRET) == ["service.sqlite-wal"]
    engine.dispose()


def test_every_connection_zeroes_what_it_deletes_whatever_sqlite_was_built_with(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/service.sqlite")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()


def test_a_build_without_secure_delete_would_keep_the_row_after_a_checkpoint(tmp_path):
    # Why it is set: some SQLite builds (not Debian's) leave it off, and then a deleted row stays
    # in the page's free space, checkpoint or not.
    connection = sqlite3.connect(tmp_path / "bare.sqlite", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA secure_delete=OFF")
    connection.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT)")
    connection.executemany("INSERT INTO people VALUES (?, ?)",
                           [(n, f"n{n}@example.org") for n in range(50)] + [(1000, SECRET)])
    connection.execute("DELETE FROM people WHERE id = 1000")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert files_holding(tmp_path, SECRET) == ["bare.sqlite"]
    connection.close()
