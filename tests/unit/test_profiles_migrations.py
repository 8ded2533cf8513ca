"""Profiles' schema history: rows written before a rule existed are brought under it, so that what
is stored today stays readable by every consumer of the events made from it."""
import uuid
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import services.profiles
from shared.contracts.fields import Name, Text
from shared.database import make_engine, migrate

MIGRATIONS = Path(services.profiles.__file__).parent / "migrations"


def upgrade_to(engine, revision):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_names_and_words_stored_before_they_were_checked_become_what_the_contracts_accept(
        tmp_path):
    # Names with line ends were accepted until the contracts refused them: a profile_updated
    # carrying one would now be refused (and parked) by every service that reads it.
    engine = make_engine(f"sqlite:///{tmp_path}/profiles.sqlite")
    upgrade_to(engine, "profiles_0004")
    person_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO people (id, first_name, last_name, email, locale, timezone, roles, "
            "languages, own_words, skills, availability, accepts_sponsors, operator, "
            "registered_at, updated_at) VALUES (:id, :first, :last, 'eve@example.org', 'en', "
            "'Europe/Paris', '[]', '[]', :words, :skills, '{}', 0, 0, :now, :now)"),
            {"id": person_id.hex, "first": "Eve\rX", "last": "Du\u2028\u202eval\x00",
             "words": "Line one\r\nline two\x0b", "skills": '["py\\nthon", "SQL"]',
             "now": "2026-01-01 00:00:00.000000"})
    migrate(engine, MIGRATIONS)
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT first_name, last_name, own_words, skills FROM people")).one()
    assert (row.first_name, row.last_name) == ("Eve X", "Du val")
    assert row.own_words == "Line one\nline two"
    assert row.skills == '["py thon", "SQL"]'
    for field, value in ((Name(), row.first_name), (Name(), row.last_name),
                         (Text(2000), row.own_words)):
        field.deserialize(value)  # raises if a contract would still refuse it
    engine.dispose()


def test_pledges_stored_before_units_were_counted_by_match_keep_their_units_in_progress(tmp_path):
    # A pledge of 3 with one unit accepted under the old rules (remaining 2): once migrated, that
    # unit is in progress (nothing says it was given), none is released, no match is counted yet.
    engine = make_engine(f"sqlite:///{tmp_path}/profiles.sqlite")
    upgrade_to(engine, "profiles_0006")
    person_id, pledge_id = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO people (id, first_name, last_name, email, locale, timezone, roles, "
            "languages, own_words, skills, availability, accepts_sponsors, operator, "
            "registered_at, updated_at) VALUES (:id, 'Ada', 'L', 'ada@example.org', 'en', "
            "'Europe/Paris', '[]', '[]', '', '[]', '{}', 0, 0, :now, :now)"),
            {"id": person_id.hex, "now": "2026-01-01 00:00:00.000000"})
        connection.execute(sa.text(
            "INSERT INTO pledges (id, person_id, kind, quantity, remaining, valid_until, remote, "
            "status, created_at) VALUES (:id, :person, 'cv_review', 3, 2, '2099-12-31', 1, "
            "'open', :now)"),
            {"id": pledge_id.hex, "person": person_id.hex, "now": "2026-01-01 00:00:00.000000"})
    migrate(engine, MIGRATIONS)
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT quantity, remaining, given, paused, released FROM pledges")).one()
        counted = connection.execute(sa.text("SELECT count(*) FROM match_units")).scalar()
    assert tuple(row) == (3, 2, 0, 0, 0) and counted == 0
    engine.dispose()
