"""Test harness shared by the three layers (unit, integration, e2e).

eventlet must patch the standard library before anything imports sockets or threads.
"""
from binome.patching import patch_everything

patch_everything()

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from shared.database import make_engine, migrate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    # The folder says the layer: tests/unit, tests/integration, tests/e2e.
    for item in items:
        layer = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if layer in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, layer))


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
