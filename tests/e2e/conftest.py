"""End-to-end layer: the whole system, through the HTTP API, embedded and distributed."""
import json
import os
import uuid
import subprocess
import sys
from pathlib import Path

import pytest

from binome.api_client import Api
from binome.runner import start
from binome.services import SERVICES
from shared.config import embedded_config
from support import free_port, wait_until

# The tests run rounds until profile events have reached matching, and decide in seconds, as no
# person does: the "proposal" budget is widened here (tests/e2e/test_api_rate_limits.py checks
# the limits themselves).
E2E_RATE_LIMITS = json.dumps({"proposal": [10_000, 3600], "registration": [10_000, 900]})
# Rounds run when a test asks for them (POST /api/rounds), not on arrivals: tests count what a
# round proposed. A module's EMBEDDED_CONFIG switches them on.
NO_ROUNDS_ON_ARRIVAL = "0"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, request):
    """Every service in this process on SQLite and the in-process transport, as `binome run` does.

    One per module: the in-process broker lives as long as the process, so a second embedded system
    in the same process would inherit the first one's queues. A module's EMBEDDED_CONFIG (a dict)
    overrides settings, e.g. RATE_LIMITS.
    """
    data = tmp_path_factory.mktemp("embedded")
    address = f"127.0.0.1:{free_port()}"
    config = {**embedded_config(data, address), "RATE_LIMITS": E2E_RATE_LIMITS,
              "ROUND_DEBOUNCE_SECONDS": float(NO_ROUNDS_ON_ARRIVAL),
              **getattr(request.module, "EMBEDDED_CONFIG", {})}
    runner = start(config, list(SERVICES))
    api = Api(f"http://{address}", maildir=data / "maildir")
    wait_until("the gateway to answer", api.is_up)
    yield api, data
    runner.stop()


def grant_operator(api, data=None, database_url=None):
    """A new person who operates Binôme (runs rounds), granted as people are: by
    `binome operators grant` on profiles' database (the embedded `data` folder, or DATABASE_URL)."""
    person = api.register({
        "first_name": "Opal", "last_name": "Operator", "roles": ["time_donor"],
        "email": f"operator.{uuid.uuid4().hex[:8]}@example.org"})
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    command = [str(Path(sys.executable).parent / "binome"), "operators"]
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        command += ["--data", str(data)]
    subprocess.run(command + ["grant", person["email"]], env=env, check=True, capture_output=True)
    return api.as_person(person)


@pytest.fixture(scope="module")
def operator(embedded):
    """Someone who operates the module's embedded system, signed in."""
    api, data = embedded
    return grant_operator(api, data=data)


@pytest.fixture
def distributed_operator(distributed, pg_database_url):
    """Someone who operates the test's distributed system, signed in."""
    return grant_operator(distributed[0], database_url=pg_database_url)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the session (tests/e2e/browser_support.py)."""
    from browser_support import BrowserProcess
    process = BrowserProcess()
    yield process
    process.close()


class Processes:
    """Child processes whose output goes to files, stopped in reverse order at the end."""

    def __init__(self, logs):
        self.logs = logs
        self.children = []

    def start(self, name, command, env):
        log = open(self.logs / f"{name}.log", "wb")
        child = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.children.append((name, child, log))
        return child

    def output(self, name):
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop(self):
        for name, child, log in reversed(self.children):
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            log.close()


@pytest.fixture
def distributed(rabbit_config, pg_database_url, tmp_path, request):
    """Each service in its own `binome run SERVICE` process on RabbitMQ and PostgreSQL, emails to a
    real SMTP server (aiosmtpd) that stores what it receives in a Maildir."""
    processes = Processes(tmp_path)
    maildir = tmp_path / "received"
    smtp_port, gateway_port = free_port(), free_port()
    processes.start("smtp", [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}",
                             "-c", "aiosmtpd.handlers.Mailbox", str(maildir)], os.environ.copy())
    env = {**os.environ, "AMQP_URI": rabbit_config["AMQP_URI"], "DATABASE_URL": pg_database_url,
           "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
           "GATEWAY_ADDRESS": f"127.0.0.1:{gateway_port}", "RPC_TIMEOUT_SECONDS": "10",
           "RATE_LIMITS": E2E_RATE_LIMITS, "ROUND_DEBOUNCE_SECONDS": NO_ROUNDS_ON_ARRIVAL}
    binome = str(Path(sys.executable).parent / "binome")
    subprocess.run([binome, "declare"], env=env, check=True, capture_output=True)
    for name in SERVICES:
        processes.start(name, [binome, "run", name], env)
    api = Api(f"http://127.0.0.1:{gateway_port}", maildir=maildir)
    try:
        for name in SERVICES:
            wait_until(f"{name} to start", lambda n=name: "is running" in processes.output(n), 60)
        wait_until("the gateway to answer", api.is_up)
        yield api, maildir, processes
    finally:
        processes.stop()
        call = getattr(request.node, "rep_call", None)
        if call is not None and call.failed:  # show what the services said, in the test report
            for name in SERVICES:
                print(f"----- {name} -----\n{processes.output(name)[-3000:]}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
