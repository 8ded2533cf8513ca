"""Starting services: all in one process (embedded) or one of them (distributed)."""
import logging

from nameko.runners import ServiceRunner

from shared import liveness
from shared.contracts.events import EVENTS
from shared.messaging import inproc
from shared.messaging.topology import declare_all

from .services import SERVICES

log = logging.getLogger(__name__)


class WatchedRunner(ServiceRunner):
    """A ServiceRunner whose containers' deaths are known (shared/liveness.py): the health check
    names them, and `on_death(service_name, reason)` is told."""

    def __init__(self, config, on_death=None):
        super().__init__(config)
        self.on_death = on_death

    def start(self):
        super().start()
        liveness.watch(self.containers, self.on_death)

    def stop(self):
        super().stop()
        liveness.forget(self.containers)

    def kill(self):
        super().kill()
        liveness.forget(self.containers)


def start(config, names, on_death=None):
    """Declare every queue, then start the named services; returns the running runner."""
    inproc.register()
    # Before any service can publish: an event must find its consumers' queues already there.
    declare_all(config["AMQP_URI"], EVENTS)
    runner = WatchedRunner(config, on_death)
    for name in names:
        runner.add_service(SERVICES[name])
    runner.start()
    return runner
