"""Integration layer: real RabbitMQ (a vhost per test, from nameko's `rabbit_config`) and real
PostgreSQL (new databases per test, from `pg_database_url`)."""
import pytest

from shared.contracts.events import EVENTS
from shared.messaging.topology import declare_all
from smtp_server import SmtpServer


@pytest.fixture
def config(rabbit_config, pg_database_url, tmp_path):
    config = {
        **rabbit_config,
        "DATABASE_URL": pg_database_url,
        "EMAIL_URL": f"maildir:{tmp_path}/maildir",
        "EMAIL_FROM": "Binôme <bonjour@binome.example>",
        "RPC_TIMEOUT_SECONDS": 5,
        "MEETING_LINK": "https://visio.example/{meeting_id}",
        "INBOX_MAX_ATTEMPTS": 3,
        "INBOX_RETRY_SECONDS": 0.05,
        "MEETING_WORKING_DAYS": 10,
        "MEETING_PROPOSAL_HOURS": 48,
        # Rounds run when a test asks for them; tests of rounds on arrivals switch them on.
        "ROUND_DEBOUNCE_SECONDS": 0,
    }
    declare_all(config["AMQP_URI"], EVENTS)
    return config


@pytest.fixture
def cluster(runner_factory, config):
    """Profiles, matching and notifications on RabbitMQ and PostgreSQL, and an RPC proxy to them:
    what most journeys between a seeker and a donor need (a module may define its own)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from services.matching.service import MatchingService
    from services.notifications.service import NotificationsService
    from services.profiles.service import ProfilesService
    runner = runner_factory(config, ProfilesService, MatchingService, NotificationsService)
    runner.start()
    with ClusterRpcProxy(config, timeout=15) as proxy:
        yield proxy


@pytest.fixture
def smtp(tmp_path):
    """A real SMTP server (aiosmtpd) on a free port, keeping what it receives."""
    server = SmtpServer(tmp_path)
    yield server
    server.stop()
