"""Configuration from environment variables only, so that docker-compose and deploy/ set it all.

The same services run embedded (one process, SQLite, in-process transport, Maildir) or distributed
(one process per service, PostgreSQL, RabbitMQ, SMTP): only these values differ.
"""
import json
import os
from pathlib import Path

# Every variable a service reads, with its distributed-mode default. docker-compose.yml must set each
# one for every service (tests/unit/test_compose.py checks it).
VARIABLES = {
    "AMQP_URI": "pyamqp://guest:guest@127.0.0.1:5672/",
    # One database per service: "{service}" is replaced by the service's name.
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/binome_{service}",
    # maildir:PATH in embedded mode; smtp://[user:password@]host:port[?starttls=1] when distributed.
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "EMAIL_FROM": "Binôme <bonjour@binome.example>",
    # SMTP session: STARTTLS (1 or 0) and a login, when the server wants them (they override the
    # same settings in EMAIL_URL, so that a password need not sit in a URL).
    "SMTP_STARTTLS": "0",
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    # A refused email is retried after EMAIL_RETRY_SECONDS, doubling, then parked.
    "EMAIL_MAX_ATTEMPTS": "5",
    "EMAIL_RETRY_SECONDS": "2",
    # At most this many emails a day per person; the rest wait for their daily digest.
    "EMAIL_DAILY_CAP": "10",
    # The local hour (in each person's time zone) at which digests go out.
    "DIGEST_HOUR": "8",
    # A webhook delivery refused or unreachable is retried after WEBHOOK_RETRY_SECONDS, doubling.
    "WEBHOOK_MAX_ATTEMPTS": "8",
    "WEBHOOK_RETRY_SECONDS": "2",
    "GATEWAY_ADDRESS": "0.0.0.0:8000",
    # Where people reach the web pages: links in emails (sign-in links) start with it.
    "PUBLIC_URL": "http://127.0.0.1:8000",
    # Per action, [most attempts, within seconds], as JSON, where the defaults do not suit
    # (services/gateway/rate_limits.py): {"swipe": [60, 60]}.
    "RATE_LIMITS": "{}",
    "RPC_TIMEOUT_SECONDS": "10",
    "MEETING_LINK": "https://visio.binome.example/{meeting_id}",
    # A message whose handling fails is retried after 2, 4, 8… seconds, then parked.
    "INBOX_MAX_ATTEMPTS": "5",
    "INBOX_RETRY_SECONDS": "2",
    # A proposal nobody answers lapses after this long, and frees the donor's unit.
    "PROPOSAL_EXPIRY_HOURS": "72",
    # Contacts one person may reveal by their own acts (consents, sponsorships) in any 24 hours,
    # counted by matching for every way a contact is revealed (services/matching/reveals.py).
    "REVEALS_PER_DAY": "20",
    # How often matching runs a round for each kind of help on its own (0: only on demand).
    "ROUND_EVERY_MINUTES": "60",
    # A request or a unit arriving makes a round of its kind due this many seconds later; arrivals
    # meanwhile join that round (services/matching/round_schedule.py). 0: only the schedule above.
    "ROUND_DEBOUNCE_SECONDS": "30",
    # How often matching looks for rounds due on arrivals.
    "ROUND_DUE_CHECK_SECONDS": "5",
    # Affinity weights that differ from the defaults, as JSON: {"works_in_target": 4}.
    "AFFINITY_WEIGHTS": "{}",
    # Meetings are proposed within this many working days, and an unanswered choice of slots
    # lapses after MEETING_PROPOSAL_HOURS (new slots are then proposed, three times at most).
    "MEETING_WORKING_DAYS": "10",
    "MEETING_PROPOSAL_HOURS": "48",
    # Help delivered: days a donor has to give each kind of help once a match is accepted, where
    # they differ from shared/contracts/kinds.py's (JSON, {"cv_review": 10}; 0 switches a kind's
    # deadline off), the grace after it before Binôme moves the request to another donor, and how
    # often matching looks for reminders and reassignments due.
    "DELIVERY_DAYS": "{}",
    "DELIVERY_GRACE_DAYS": "3",
    "DELIVERY_CHECK_SECONDS": "60",
    # A seeker is asked where they stand this many days after their first help was given
    # (services/matching/outcomes.py); a fraction of a day works, for tests.
    "OUTCOME_AFTER_DAYS": "91",
    # The legal notice (/legal) and the privacy notice (/privacy) name whoever runs this instance:
    # the publisher (a person or an organisation), its postal address, the director of
    # publication, the host (name and address) and a contact address for questions and rights.
    # Left empty, the pages say this instance's operator has not given them; the contact falls
    # back to EMAIL_FROM's address.
    "LEGAL_PUBLISHER": "",
    "LEGAL_ADDRESS": "",
    "LEGAL_DIRECTOR": "",
    "LEGAL_HOST": "",
    "LEGAL_CONTACT_EMAIL": "",
}


LEGAL_VARIABLES = ("LEGAL_PUBLISHER", "LEGAL_ADDRESS", "LEGAL_DIRECTOR", "LEGAL_HOST",
                   "LEGAL_CONTACT_EMAIL")

# The services that own a database (the gateway holds none).
DATABASE_SERVICES = ("profiles", "matching", "scheduling", "notifications")


def service_config(env=None):
    """The nameko config dict for a service started against the given environment."""
    env = os.environ if env is None else env
    value = {name: env.get(name, default) for name, default in VARIABLES.items()}
    return {
        "AMQP_URI": value["AMQP_URI"],
        "DATABASE_URL": value["DATABASE_URL"],
        "EMAIL_URL": value["EMAIL_URL"],
        "EMAIL_FROM": value["EMAIL_FROM"],
        "SMTP_STARTTLS": value["SMTP_STARTTLS"],
        "SMTP_USERNAME": value["SMTP_USERNAME"],
        "SMTP_PASSWORD": value["SMTP_PASSWORD"],
        "EMAIL_MAX_ATTEMPTS": int(value["EMAIL_MAX_ATTEMPTS"]),
        "EMAIL_RETRY_SECONDS": float(value["EMAIL_RETRY_SECONDS"]),
        "EMAIL_DAILY_CAP": int(value["EMAIL_DAILY_CAP"]),
        "DIGEST_HOUR": int(value["DIGEST_HOUR"]),
        "WEBHOOK_MAX_ATTEMPTS": int(value["WEBHOOK_MAX_ATTEMPTS"]),
        "WEBHOOK_RETRY_SECONDS": float(value["WEBHOOK_RETRY_SECONDS"]),
        "WEB_SERVER_ADDRESS": value["GATEWAY_ADDRESS"],
        "PUBLIC_URL": value["PUBLIC_URL"].rstrip("/"),
        "RATE_LIMITS": value["RATE_LIMITS"],
        "RPC_TIMEOUT_SECONDS": float(value["RPC_TIMEOUT_SECONDS"]),
        "MEETING_LINK": value["MEETING_LINK"],
        "INBOX_MAX_ATTEMPTS": int(value["INBOX_MAX_ATTEMPTS"]),
        "INBOX_RETRY_SECONDS": float(value["INBOX_RETRY_SECONDS"]),
        "PROPOSAL_EXPIRY_HOURS": float(value["PROPOSAL_EXPIRY_HOURS"]),
        "REVEALS_PER_DAY": int(value["REVEALS_PER_DAY"]),
        "ROUND_EVERY_MINUTES": float(value["ROUND_EVERY_MINUTES"]),
        "ROUND_DEBOUNCE_SECONDS": float(value["ROUND_DEBOUNCE_SECONDS"]),
        "ROUND_DUE_CHECK_SECONDS": float(value["ROUND_DUE_CHECK_SECONDS"]),
        "AFFINITY_WEIGHTS": json.loads(value["AFFINITY_WEIGHTS"]),
        "MEETING_WORKING_DAYS": int(value["MEETING_WORKING_DAYS"]),
        "MEETING_PROPOSAL_HOURS": float(value["MEETING_PROPOSAL_HOURS"]),
        "DELIVERY_DAYS": json.loads(value["DELIVERY_DAYS"]),
        "DELIVERY_GRACE_DAYS": float(value["DELIVERY_GRACE_DAYS"]),
        "DELIVERY_CHECK_SECONDS": float(value["DELIVERY_CHECK_SECONDS"]),
        "OUTCOME_AFTER_DAYS": float(value["OUTCOME_AFTER_DAYS"]),
        **{name: value[name].strip() for name in LEGAL_VARIABLES},
        # Handlers hold a database transaction while they run: keep the pool and workers in step.
        "max_workers": 10,
    }


def embedded_config(data_dir, address="127.0.0.1:8000"):
    """Everything in one process: SQLite files and a Maildir under data_dir, no broker."""
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return service_config({
        "AMQP_URI": "inproc://localhost//",
        "DATABASE_URL": f"sqlite:///{data_dir}/{{service}}.sqlite",
        "EMAIL_URL": f"maildir:{data_dir}/maildir",
        "GATEWAY_ADDRESS": address,
        "PUBLIC_URL": f"http://{address}",
        "RPC_TIMEOUT_SECONDS": "10",
    })


def database_url(config, service_name):
    return config["DATABASE_URL"].replace("{service}", service_name)
