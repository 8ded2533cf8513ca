"""A proposal reaches the donor (or mentor) by email too, as their preferences for matches say,
inside the running NotificationsService on RabbitMQ and PostgreSQL with a real SMTP server: at
once by default, with a link to the proposal's page; in the daily digest when they chose it;
held by their quiet hours; not at all when switched off (the inbox has it whatever they chose).
"""
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shared.clock import utcnow
from shared.contracts import events
from support import count, wait_until
from test_notification_scheduling_rules import (DIGEST_DUE, EMAILS, NOTIFICATIONS, engine_of,
                                                make_past, preferences, rows, run_timer, send,
                                                someone, start_notifications, zone_near_noon)

PUBLIC_URL = "https://binome.example"


def proposed(seeker, donor, kind="lunch_mentoring"):
    return {"match_id": uuid.uuid4(), "round_id": uuid.uuid4(), "kind": kind,
            "request_id": uuid.uuid4(), "pledge_id": uuid.uuid4(),
            "seeker_id": seeker["person_id"], "donor_id": donor["person_id"], "affinity": 4.5,
            "reasons": []}


def a_proposal(container_factory, config, smtp, zone, **chosen):
    """A mentor and a seeker known to notifications, the mentor's preferences set, then a
    lunch with them proposed. Returns (notifications, engine, mentor, match)."""
    notifications = start_notifications(container_factory, config, smtp,
                                        PUBLIC_URL=PUBLIC_URL)
    engine = engine_of(config)
    mentor, seeker = someone("Malik", "Benali", zone), someone("Sarah", "Petit", zone)
    for person in (mentor, seeker):
        send(notifications, events.PERSON_REGISTERED, person, "on_person_registered")
    if chosen:
        preferences(notifications, mentor["person_id"], **chosen)
    match = proposed(seeker, mentor)
    send(notifications, events.MATCH_PROPOSED, match, "on_match_proposed")
    return notifications, engine, mentor, match


def emails_to(smtp, address):
    return [m for m in smtp.messages() if address in m["To"]]


def test_a_mentor_is_emailed_a_proposal_at_once_with_a_link_to_it(container_factory, config,
                                                                  smtp):
    notifications, engine, mentor, match = a_proposal(container_factory, config, smtp,
                                                      zone_near_noon())
    (email,) = wait_until("the mentor's email", lambda: emails_to(smtp, mentor["email"]))
    assert email["Subject"] == "Proposed: your lunch with a mentor for Sarah P."
    link = f"{PUBLIC_URL}/matches/{match['match_id']}"
    assert link in email.get_body(("plain",)).get_content()
    assert f'href="{link}"' in email.get_body(("html",)).get_content()
    assert count(engine, NOTIFICATIONS, NOTIFICATIONS.c.event == "match_proposed") == 2


def test_a_mentor_who_chose_the_daily_digest_gets_the_proposal_in_it(container_factory, config,
                                                                     smtp):
    notifications, engine, mentor, match = a_proposal(
        container_factory, config, smtp, zone_near_noon(), modes={"matches": "daily"})
    # The seeker (instant) is emailed; the mentor's line waits for their digest.
    wait_until("the seeker's email", lambda: len(smtp.messages()) == 1)
    (line,) = rows(engine, NOTIFICATIONS, NOTIFICATIONS.c.person_id == mentor["person_id"],
                   NOTIFICATIONS.c.event == "match_proposed")
    assert line["digest"] == "waiting"
    assert emails_to(smtp, mentor["email"]) == []

    assert make_past(engine, DIGEST_DUE, "due_at", DIGEST_DUE.c.kind == "daily",
                     DIGEST_DUE.c.person_id == mentor["person_id"]) == 1
    run_timer(notifications, "send_digests")
    (digest,) = wait_until("the mentor's digest", lambda: emails_to(smtp, mentor["email"]))
    assert digest["Subject"] == "Your day in Binôme: 1 update"
    text = digest.get_body(("plain",)).get_content()
    assert "- Proposed: your lunch with a mentor for Sarah P." in text
    assert f"{PUBLIC_URL}/inbox" in text


def test_a_proposal_waits_for_the_end_of_the_mentors_quiet_hours(container_factory, config,
                                                                 smtp):
    zone = "Asia/Tokyo"
    local_now = datetime.now(ZoneInfo(zone))
    quiet = {"start": (local_now - timedelta(hours=1)).strftime("%H:%M"),
             "end": (local_now + timedelta(hours=2)).strftime("%H:%M")}
    notifications, engine, mentor, _ = a_proposal(container_factory, config, smtp, zone,
                                                  quiet_hours=quiet)
    (held,) = rows(engine, EMAILS, EMAILS.c.person_id == mentor["person_id"])
    assert held["status"] == "pending"
    assert held["next_attempt_at"] > utcnow() + timedelta(minutes=30)
    run_timer(notifications, "send_emails")
    assert emails_to(smtp, mentor["email"]) == []

    assert make_past(engine, EMAILS, "next_attempt_at", EMAILS.c.id == held["id"]) == 1
    run_timer(notifications, "send_emails")
    (email,) = wait_until("the held email", lambda: emails_to(smtp, mentor["email"]))
    assert email["Subject"] == "Proposed: your lunch with a mentor for Sarah P."


def test_a_mentor_who_switched_matches_off_finds_the_proposal_in_the_inbox_only(
        container_factory, config, smtp):
    notifications, engine, mentor, _ = a_proposal(container_factory, config, smtp,
                                                  zone_near_noon(), modes={"matches": "off"})
    (line,) = rows(engine, NOTIFICATIONS, NOTIFICATIONS.c.person_id == mentor["person_id"],
                   NOTIFICATIONS.c.event == "match_proposed")
    assert line["digest"] is None
    assert count(engine, EMAILS, EMAILS.c.person_id == mentor["person_id"]) == 0
    run_timer(notifications, "send_emails")
    run_timer(notifications, "send_digests")
    assert emails_to(smtp, mentor["email"]) == []
