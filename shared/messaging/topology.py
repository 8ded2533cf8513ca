"""Where events go: one topic exchange, one durable queue per (consumer service, event).

Queue names come from the contracts, not from code that happens to be running, so `declare_all`
can create every queue before the first publish: an event is never confirmed and then dropped
because its consumer has not started yet.
"""
from kombu import Connection, Exchange, Queue

EVENTS_EXCHANGE = Exchange("binome.events", type="topic", durable=True)


def consumer_queue(service_name, contract):
    return Queue(
        f"binome.{service_name}.{contract.name}",
        exchange=EVENTS_EXCHANGE,
        routing_key=contract.name,
        durable=True,
    )


def all_queues(events):
    return [consumer_queue(consumer, contract)
            for contract in events.values() for consumer in contract.consumers]


def declare_all(amqp_uri, events):
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        EVENTS_EXCHANGE(channel).declare()
        for queue in all_queues(events):
            queue(channel).declare()
        channel.close()
