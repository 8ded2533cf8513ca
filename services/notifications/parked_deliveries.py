"""Parked emails and webhook deliveries as operators list and replay them, beside the inbox.

An email shows its category and recipient's id, never its address, subject or body; a webhook
delivery its event, subscriber and the ids of the people it is about.
"""
import functools

from shared.messaging.parking import INBOX, ParkedSource, parked_item

from . import deliveries, store


def _emails(engine, limit):
    return [parked_item("email", row.id, row.category, row.created_at, row.next_attempt_at,
                        row.attempts, row.last_error,
                        {"person_id": str(row.person_id),
                         **({"notification_id": str(row.notification_id)}
                            if row.notification_id else {})})
            for row in deliveries.parked(engine, store.EmailDelivery, newest_first=True,
                                         limit=limit)]


def _webhooks(engine, limit):
    return [parked_item("webhook", row.id, row.event, row.created_at, row.next_attempt_at,
                        row.attempts, row.last_error,
                        {"subscriber_id": str(row.subscriber_id),
                         **({"person_ids": row.about} if row.about else {})})
            for row in deliveries.parked(engine, store.WebhookDelivery, newest_first=True,
                                         limit=limit)]


def _source(channel, model, newest):
    return ParkedSource(channel, functools.partial(deliveries.count_parked, model=model), newest,
                        lambda engine, ids: deliveries.replay(engine, model, ids))


SOURCES = (INBOX, _source("email", store.EmailDelivery, _emails),
           _source("webhook", store.WebhookDelivery, _webhooks))
