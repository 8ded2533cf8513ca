"""The in-process transport behaves as nameko needs: content type in properties, and an
unroutable mandatory publish refused as on RabbitMQ."""
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.amqp.publish import Publisher, UndeliverableMessage

from shared.messaging import inproc  # noqa: F401  (registers inproc://)


@pytest.fixture
def names():
    tag = uuid.uuid4().hex[:8]
    return Exchange(f"test.{tag}", type="topic"), f"test.{tag}.queue"


def test_a_routed_message_arrives_with_its_content_type_in_properties(names):
    exchange, queue_name = names
    queue = Queue(queue_name, exchange=exchange, routing_key="hello")
    Publisher("inproc://localhost//", exchange=exchange, declare=[exchange, queue],
              mandatory=True, use_confirms=True, serializer="json").publish({"a": 1}, routing_key="hello")
    with Connection("inproc://localhost//") as connection:
        received = queue(connection.default_channel).get(no_ack=True)
    assert received.payload == {"a": 1}
    assert received.properties["content_type"] == "application/json"


def test_an_unroutable_mandatory_publish_is_an_error(names):
    exchange, _ = names
    publisher = Publisher("inproc://localhost//", exchange=exchange, declare=[exchange],
                          mandatory=True, use_confirms=True, serializer="json")
    with pytest.raises(UndeliverableMessage):
        publisher.publish({"a": 1}, routing_key="nobody.listens")
