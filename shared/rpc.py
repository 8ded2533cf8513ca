"""RPC on both sides of a contract.

- `serves(contract)`: a service method that loads its arguments through the contract (refusing bad
  or unknown ones by name before any write) and dumps its result through it.
- `ServiceRpc`: a dependency for callers (the gateway) where every call has a timeout; nameko's own
  RpcProxy waits forever for a reply that may never come.
"""
import functools

import eventlet
from marshmallow import ValidationError
from nameko.exceptions import deserialize_to_instance
from nameko.rpc import RpcProxy, ServiceProxy, rpc

from .errors import CLIENT_ERRORS, InvalidInput


# How long `send` waits before publishing: more than a gateway takes to write a short answer.
SEND_DELAY_SECONDS = 0.02


@deserialize_to_instance
class RpcTimeout(Exception):
    """The called service did not answer in time. Registered like shared/errors.py's, so that
    a service whose own call timed out (profiles asking matching to count a consent) passes the
    gateway a timeout (504), not an unknown remote error."""


def load_arguments(contract, kwargs):
    try:
        return contract.args().load(kwargs, partial=contract.partial)
    except ValidationError as error:
        raise InvalidInput(error.messages)


def dump_result(contract, value):
    if contract.result is None:
        return None
    return contract.result(many=contract.many).dump(value)


def serves(contract):
    def decorator(method):
        if method.__name__ != contract.method:
            raise TypeError(f"{method.__name__} cannot serve the contract {contract.method}")

        @functools.wraps(method)
        def entrypoint(self, **kwargs):
            return dump_result(contract, method(self, **load_arguments(contract, kwargs)))

        return rpc(expected_exceptions=CLIENT_ERRORS)(entrypoint)
    return decorator


class _Caller:
    def __init__(self, proxies, timeout):
        self._proxies = proxies
        self._timeout = timeout

    def call(self, contract, **kwargs):
        reply = getattr(self._proxies[contract.service], contract.method).call_async(**kwargs)
        try:
            with eventlet.Timeout(self._timeout):
                return reply.result()
        except eventlet.Timeout:
            raise RpcTimeout(f"{contract.service}.{contract.method} did not answer "
                             f"within {self._timeout:g} s")

    def send(self, contract, **kwargs):
        """Ask without waiting for the answer, once the arguments are checked here as the service
        would check them (refused by name). For a request whose answer must not depend on what
        the service finds, nor take longer when it finds more: the caller answers at once."""
        load_arguments(contract, kwargs)
        # Published a moment later, from a green thread of its own, so that the answer is written
        # first: where every service shares one process and one event loop (embedded mode), the
        # service's work would otherwise run before the answer goes out, and show in its timing.
        eventlet.spawn_after(SEND_DELAY_SECONDS,
                             getattr(self._proxies[contract.service], contract.method).call_async,
                             **kwargs)


class ServiceRpc(RpcProxy):
    """Calls any contracted service with the RPC_TIMEOUT_SECONDS deadline."""

    def __init__(self, services, **kwargs):
        self.services = tuple(services)
        # RpcProxy wants one target; we keep one proxy per service and share its reply listener.
        super().__init__(self.services[0], **kwargs)

    def get_dependency(self, worker_ctx):
        proxies = {name: ServiceProxy(worker_ctx, name, self.rpc_reply_listener, **self.options)
                   for name in self.services}
        return _Caller(proxies, self.container.config.get("RPC_TIMEOUT_SECONDS", 10))
