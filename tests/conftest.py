"""Test harness shared by the three layers (unit, integration, e2e).

eventlet must patch the standard library before anything imports sockets or threads.
"""
from binome.patching import patch_everything

patch_everything()

import os  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from shared.config import DATABASE_SERVICES  # noqa: E402
from shared.database import make_engine, migrate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    # The folder says the layer: tests/unit, tests/integration, tests/e2e.
    for item in items:
        layer = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if layer in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, layer))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, an integration or end-to-end test that skips has failed: they must really run."""
    report = yield
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if ci and report.skipped and item.get_closest_marker("unit") is None:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which integration and e2e tests may not: {report.longrepr}"
    return report


@pytest.fixture
def web_session():
    """nameko's own web_session fixture breaks on Werkzeug 3 (DESIGN.md section 5)."""
    pytest.skip("use requests against the gateway's address instead")


@pytest.fixture
def sqlite_session_factory(tmp_path):
    """Make a migrated SQLite database for a service's migrations folder; yields Sessions."""
    engines = []

    def make(migrations_dir, name="service"):
        engine = make_engine(f"sqlite:///{tmp_path}/{name}.sqlite")
        migrate(engine, migrations_dir)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


POSTGRES = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def pg_database_url():
    """A DATABASE_URL template whose databases (one per service) are new and dropped afterwards.

    No skip when PostgreSQL is down: `make test` starts it, and a test that cannot reach it fails.
    """
    import uuid

    from sqlalchemy import text

    prefix = f"binome_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(f"{POSTGRES}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for service in DATABASE_SERVICES:
            connection.execute(text(f'CREATE DATABASE "{prefix}_{service}"'))
    yield f"{POSTGRES}/{prefix}_{{service}}"
    with admin.connect() as connection:
        for service in DATABASE_SERVICES:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{prefix}_{service}" WITH (FORCE)'))
    admin.dispose()
