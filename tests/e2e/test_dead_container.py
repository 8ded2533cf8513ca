"""Fault tests on real processes: a service whose nameko container dies while its process lives
(a thread that raises: "thread exited with error") is a failed health check, never a silent one.

Embedded, `/health` answers 503 naming the dead service while the others go on serving; a
distributed `binome run SERVICE` exits non-zero, naming it, so that its supervisor restarts it.
The fault is set off by tests/e2e/dying_service.py, which is `binome` with one thread that
raises when the test says so.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from support import free_port, wait_until

DYING = str(Path(__file__).with_name("dying_service.py"))
BINOME = str(Path(sys.executable).parent / "binome")


class Child:
    """One process, its output in a file, stopped at the end if still running."""

    def __init__(self, tmp_path, command, env):
        self.log_path = tmp_path / "child.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def output(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def child(tmp_path):
    started = []

    def start(command, env):
        started.append(Child(tmp_path, command, env))
        return started[-1]
    yield start
    for process in started:
        process.stop()


def health(url):
    try:
        return requests.get(f"{url}/health", timeout=2)
    except requests.RequestException:
        return None


def fault_env(tmp_path, service, **more):
    trigger = tmp_path / f"kill-{service}"
    env = {name: value for name, value in os.environ.items()
           if name not in ("AMQP_URI", "DATABASE_URL")}
    return trigger, {**env, "BINOME_TEST_FAULT_SERVICE": service,
                     "BINOME_TEST_FAULT_FILE": str(trigger), **more}


def test_embedded_a_dead_container_fails_health_naming_it_while_the_rest_serves(tmp_path, child):
    address = f"127.0.0.1:{free_port()}"
    url = f"http://{address}"
    trigger, env = fault_env(tmp_path, "notifications")
    binome = child([sys.executable, DYING, "run", "--no-seed", "--data", str(tmp_path / "data"),
                    "--address", address], env)
    answer = wait_until("the embedded gateway to answer", lambda: health(url), 60)
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}

    trigger.touch()
    # A list: a Response is falsy when its status is an error.
    (failing,) = wait_until("health to fail", lambda: [
        answer for answer in [health(url)] if answer is not None and answer.status_code != 200])
    assert failing.status_code == 503
    assert failing.json()["error"] == {"code": "unavailable", "fields": {},
                                       "message": "Not serving: notifications died."}
    # The others still answer: the process is not what died.
    assert requests.get(f"{url}/api/occupations?q=boulanger", timeout=5).status_code == 200
    assert binome.process.poll() is None
    assert "notifications" in binome.output() and "died" in binome.output()


@pytest.mark.parametrize("service", ["notifications", "gateway"])
def test_distributed_a_service_whose_container_dies_exits_non_zero_naming_it(
        rabbit_config, pg_database_url, tmp_path, child, service):
    gateway_port = free_port()
    trigger, env = fault_env(tmp_path, service, AMQP_URI=rabbit_config["AMQP_URI"],
                             DATABASE_URL=pg_database_url, EMAIL_URL=f"maildir:{tmp_path}/mail",
                             GATEWAY_ADDRESS=f"127.0.0.1:{gateway_port}")
    subprocess.run([BINOME, "declare"], env=env, check=True, capture_output=True)
    running = child([sys.executable, DYING, "run", service], env)
    wait_until(f"{service} to start", lambda: "is running" in running.output(), 60)
    if service == "gateway":
        url = f"http://127.0.0.1:{gateway_port}"
        assert wait_until("the gateway to answer", lambda: health(url), 30).status_code == 200

    trigger.touch()
    wait_until(f"{service}'s process to exit", lambda: running.process.poll() is not None, 30)
    assert running.process.returncode != 0
    assert f"{service} died" in running.output()
    if service == "gateway":
        assert health(url) is None
