"""Which service containers of this process have died, for the health check and `binome run`.

nameko kills a container when one of its threads raises ("thread exited with error"): its
entrypoints stop consuming, its timers stop, while the process and any other container in it live
on, and nothing outside would notice. The runner watches every container it starts
(`ServiceContainer.wait()` raises the exception the container died of); the gateway's /health
answers 503 naming the dead ones, and a distributed `binome run SERVICE` exits non-zero so that
its supervisor restarts it.

A container stopped on purpose (`stop()`, or `kill()` without an exception) is not dead, and a
runner that stops forgets its containers, so that a later runner in the same process starts clean.
"""
import logging

import eventlet

log = logging.getLogger(__name__)

_watched = set()
_dead = {}  # container -> what it died of


def watch(containers, on_death=None):
    """Watch `containers` (started ones); `on_death(service_name, reason)` is called on a death."""
    for container in containers:
        _watched.add(container)
        eventlet.spawn_n(_wait_for_death, container, on_death)


def _wait_for_death(container, on_death):
    try:
        container.wait()
    except Exception as exc:
        if container not in _watched:
            return  # its runner stopped and forgot it meanwhile
        reason = f"{type(exc).__name__}: {exc}"
        _dead[container] = reason
        log.critical("%s died (%s): it handles nothing more until it is restarted",
                     container.service_name, reason)
        if on_death is not None:
            on_death(container.service_name, reason)


def forget(containers):
    for container in containers:
        _watched.discard(container)
        _dead.pop(container, None)


def dead_services():
    """The names of this process's watched services whose container died, sorted."""
    return sorted({container.service_name for container in _dead})
