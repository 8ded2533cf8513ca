"""Which containers of a process have died (shared/liveness.py), on real nameko containers that
need no broker: one whose thread raises is dead and named; one stopped on purpose is not."""
import pytest

from binome.runner import WatchedRunner
from shared import liveness
from support import wait_until


class Quiet:
    name = "quiet"


class Other:
    name = "other"


@pytest.fixture
def runner():
    deaths = []
    started = WatchedRunner({}, on_death=lambda name, reason: deaths.append((name, reason)))
    started.add_service(Quiet)
    started.add_service(Other)
    started.start()
    started.deaths = deaths
    yield started
    started.stop()


def container(runner, name):
    return next(c for c in runner.containers if c.service_name == name)


def broken():
    raise RuntimeError("a bug in an extension's thread")


def test_a_container_whose_thread_raises_is_dead_and_named_and_its_runner_told(runner):
    assert liveness.dead_services() == []
    container(runner, "quiet").spawn_managed_thread(broken)
    wait_until("the death to be known", liveness.dead_services)
    assert liveness.dead_services() == ["quiet"]
    assert runner.deaths == [("quiet", "RuntimeError: a bug in an extension's thread")]


def test_a_runner_that_stops_is_not_dead_and_leaves_nothing_behind(runner):
    container(runner, "quiet").spawn_managed_thread(broken)
    wait_until("the death to be known", liveness.dead_services)
    runner.stop()
    assert liveness.dead_services() == []


def test_containers_stopped_on_purpose_are_not_dead(runner):
    container(runner, "other").stop()
    # A death afterwards: once it is known, the earlier stop has been seen too.
    container(runner, "quiet").spawn_managed_thread(broken)
    wait_until("the death to be known", liveness.dead_services)
    assert liveness.dead_services() == ["quiet"]
    assert [name for name, _ in runner.deaths] == ["quiet"]
