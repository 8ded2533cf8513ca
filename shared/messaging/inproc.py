"""An in-process AMQP stand-in for embedded mode: kombu's memory transport, adapted for nameko.

Registered as `inproc://`. Three differences from kombu's memory transport:
- nameko reads `content_type` from the message properties (RPC replies), where kombu's virtual
  transport does not put it;
- waiting consumers are woken by a publish instead of polling every second (kombu's default),
  which would add a second to every RPC and event hop;
- a `mandatory` publish that no queue would receive raises NO_ROUTE, like RabbitMQ with confirms,
  so the outbox treats an unroutable event as an error in both modes.
"""
import socket
import threading
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, memory

_arrivals = threading.Condition()
_arrival_count = 0


class Channel(memory.Channel):
    def prepare_message(self, body, priority=None, content_type=None, content_encoding=None,
                        headers=None, properties=None):
        properties = dict(properties or {})
        properties.setdefault("content_type", content_type)
        properties.setdefault("content_encoding", content_encoding)
        return super().prepare_message(body, priority, content_type, content_encoding, headers,
                                       properties)

    def basic_publish(self, message, exchange, routing_key, mandatory=False, **kwargs):
        if mandatory and exchange and not self._routes(exchange, routing_key):
            raise ChannelError(f"NO_ROUTE: nothing bound to {exchange} for {routing_key}")
        return super().basic_publish(message, exchange, routing_key, **kwargs)

    def _routes(self, exchange, routing_key):
        try:
            table = self.get_table(exchange)
        except KeyError:
            return []
        return self.typeof(exchange).lookup(table, exchange, routing_key, None)

    def _put(self, queue, message, **kwargs):
        global _arrival_count
        super()._put(queue, message, **kwargs)
        with _arrivals:
            _arrival_count += 1
            _arrivals.notify_all()


class Transport(memory.Transport):
    Channel = Channel
    # Nothing here is a lost connection to recover from; without these kombu would rewrap
    # NO_ROUTE as a connection error, and nameko would not see an undeliverable message.
    recoverable_connection_errors = ()
    recoverable_channel_errors = ()
    # The longest a consumer sleeps without news: a publish wakes it at once.
    idle_wait = 1.0

    def drain_events(self, connection, timeout=None):
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            seen = _arrival_count
            try:
                return self.cycle.get(self._deliver, timeout=timeout)
            except Empty:
                wait = self.idle_wait if deadline is None else deadline - monotonic()
                if wait <= 0:
                    raise socket.timeout()
                with _arrivals:
                    if _arrival_count == seen:
                        _arrivals.wait(min(wait, self.idle_wait))


def register():
    TRANSPORT_ALIASES["inproc"] = f"{__name__}:Transport"


register()
