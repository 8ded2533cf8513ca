"""The digests' timer work: daily (what waited for it), weekly (the week in the inbox) and the
sponsors' new cards. Each due time is read, its email queued (keyed by person, kind and period)
and the next due time written in one transaction: a restart neither loses nor repeats a digest.
"""
import uuid

from sqlalchemy import select

from shared.messaging.blocks import blocked_with

from . import channels, digests, domain, preferences, store


def _contact(row):
    return domain.Contact(row.person_id, row.first_name, row.last_name, row.email, row.locale,
                          row.timezone)


def due(session, now, kinds=(digests.DAILY, digests.WEEKLY), limit=100):
    return session.scalars(select(store.DigestDue).where(
        store.DigestDue.due_at <= now, store.DigestDue.kind.in_(kinds))
        .order_by(store.DigestDue.due_at).limit(limit).with_for_update(skip_locked=True)).all()


def run_due(session, now, settings, links=None):
    """Queue every daily and weekly digest that is due; returns how many emails were queued."""
    queued = 0
    for row in due(session, now):
        contact_row = session.get(store.Contact, row.person_id)
        if contact_row is None:
            session.delete(row)
            continue
        contact = _contact(contact_row)
        if row.kind == digests.DAILY:
            queued += _daily(session, row, contact, now, links)
        else:
            queued += _weekly(session, row, contact, now, settings, links)
    return queued


def _key(kind, contact, due_at):
    return f"digest:{kind}:{contact.person_id}:{digests.period(kind, due_at, contact.timezone)}"


def _daily(session, row, contact, now, links=None):
    waiting = session.scalars(select(store.Notification).where(
        store.Notification.person_id == contact.person_id,
        store.Notification.digest == store.WAITING)
        .order_by(store.Notification.created_at)).all()
    session.delete(row)  # scheduled again when something next waits for a digest
    if not waiting:
        return 0
    message = domain.digest_message("daily_digest", contact, links,
                                    items=[{"subject": n.subject} for n in waiting])
    for notification in waiting:
        notification.digest = store.INCLUDED
    return int(channels.queue_email(session, message, _key(digests.DAILY, contact, row.due_at),
                                    now))


def _weekly(session, row, contact, now, settings, links=None):
    due_at = row.due_at
    row.due_at = digests.next_due(digests.WEEKLY, max(due_at, now), contact.timezone,
                                  settings.digest_hour)
    mode = preferences.mode_for(preferences.DIGEST,
                                channels.chosen_modes(session, contact.person_id))
    if mode == preferences.OFF:
        return 0
    items = session.scalars(select(store.Notification).where(
        store.Notification.person_id == contact.person_id,
        store.Notification.created_at >= digests.covers_since(digests.WEEKLY, due_at),
        store.Notification.created_at < due_at)
        .order_by(store.Notification.created_at)).all()
    if not items:
        return 0
    message = domain.digest_message("weekly_digest", contact, links,
                                    items=[{"subject": n.subject} for n in items],
                                    unread=store.unread_count(session, contact.person_id))
    return int(channels.queue_email(session, message, _key(digests.WEEKLY, contact, due_at), now))


# --- sponsors' cards ------------------------------------------------------------------------

def sponsors_due(session, now, limit=20):
    """(person id, due time) of the sponsors whose cards digest is due."""
    return [(row.person_id, row.due_at) for row in due(session, now, (digests.CARDS,), limit)]


def queue_cards(session, sponsor_id, due_at, cards, now, settings, links=None):
    """Queue a digest of the cards not shown to this sponsor before, and move the due time on.
    `cards` are matching's feed cards, best fit first. Returns whether an email was queued."""
    row = session.get(store.DigestDue, (sponsor_id, digests.CARDS))
    contact_row = session.get(store.Contact, sponsor_id)
    if row is None or row.due_at != due_at or contact_row is None:
        return False  # another replica did it, or the sponsor left
    contact = _contact(contact_row)
    row.due_at = digests.next_due(digests.CARDS, max(due_at, now), contact.timezone,
                                  settings.digest_hour)
    mode = preferences.mode_for(preferences.CARDS, channels.chosen_modes(session, sponsor_id))
    if mode == preferences.OFF:
        return False
    shown = set(session.scalars(select(store.CardShown.card_id).where(
        store.CardShown.sponsor_id == sponsor_id)))
    blocked = set(session.scalars(blocked_with(sponsor_id)))
    new = [card for card in cards
           if uuid.UUID(str(card["id"])) not in shown and str(card["id"]) not in map(str, blocked)]
    if not new:
        return False
    for card in new:
        session.add(store.CardShown(sponsor_id=sponsor_id, card_id=uuid.UUID(str(card["id"]))))
    message = domain.digest_message("sponsor_cards", contact, links, cards=[
        {"display_name": card["display_name"], "reasons": list(card.get("reasons") or [])}
        for card in new])
    return channels.queue_email(session, message, _key(digests.CARDS, contact, due_at), now)


def postpone(session, sponsor_id, due_at, later):
    """Matching did not answer: try this sponsor's digest again `later`."""
    row = session.get(store.DigestDue, (sponsor_id, digests.CARDS))
    if row is not None and row.due_at == due_at:
        row.due_at = later
