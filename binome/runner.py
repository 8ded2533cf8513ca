"""Starting services: all in one process (embedded) or one of them (distributed)."""
import logging

from nameko.runners import ServiceRunner

from shared.contracts.events import EVENTS
from shared.messaging import inproc
from shared.messaging.topology import declare_all

from .services import SERVICES

log = logging.getLogger(__name__)


def start(config, names):
    """Declare every queue, then start the named services; returns the running ServiceRunner."""
    inproc.register()
    # Before any service can publish: an event must find its consumers' queues already there.
    declare_all(config["AMQP_URI"], EVENTS)
    runner = ServiceRunner(config)
    for name in names:
        runner.add_service(SERVICES[name])
    runner.start()
    return runner
