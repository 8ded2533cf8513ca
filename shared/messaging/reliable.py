"""The timers that make a service's messaging survive crashes: inherit `ReliableMessaging`."""
from nameko.timer import timer

from .inbox import retry_due_messages


class ReliableMessaging:
    """For a service with `db`, `config` and `outbox` dependencies and `@handles` methods.

    The outbox is relayed as soon as a worker that wrote to it ends; this timer is the safety net
    for events left behind by a crash or a broker outage. Likewise the inbox timer finishes
    messages whose first attempt failed or was cut short.
    """

    @timer(interval=1)
    def relay_outbox(self):
        self.outbox.relay_pending()

    @timer(interval=1)
    def retry_inbox(self):
        retry_due_messages(self)
