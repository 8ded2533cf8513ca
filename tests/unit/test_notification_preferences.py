"""Preferences, quiet hours, the daily cap, digests' due times and webhook signatures: pure rules."""
from datetime import datetime, timezone

import pytest

from services.notifications import digests, preferences, signing, webhook_payloads
from services.notifications.preferences import QuietHours, email_decision, mode_for, release_at

UTC = timezone.utc
NIGHT = QuietHours.parse("22:00", "07:30")


@pytest.mark.parametrize("utc_time, expected", [
    (datetime(2026, 6, 1, 19, 0, tzinfo=UTC), datetime(2026, 6, 1, 19, 0, tzinfo=UTC)),  # 21:00 Paris
    (datetime(2026, 6, 1, 21, 0, tzinfo=UTC), datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 23:00 Paris
    (datetime(2026, 6, 2, 3, 0, tzinfo=UTC), datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),   # 05:00 Paris
    (datetime(2026, 6, 2, 5, 30, tzinfo=UTC), datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 07:30 Paris
])
def test_messages_wait_until_quiet_hours_end_where_the_person_lives(utc_time, expected):
    assert release_at(utc_time, "Europe/Paris", NIGHT, preferences.MATCHES) == expected


def test_sign_in_links_ignore_quiet_hours_and_cannot_be_switched_off():
    late = datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
    assert release_at(late, "Europe/Paris", NIGHT, preferences.SIGN_IN) == late
    assert mode_for(preferences.SIGN_IN, {preferences.SIGN_IN: preferences.OFF}) == "instant"
    assert email_decision(preferences.SIGN_IN, "instant", emails_today=99, daily_cap=3) == "send"


def test_quiet_hours_within_one_day_and_none_at_all():
    afternoon = QuietHours.parse("13:00", "14:00")
    assert afternoon.contains(datetime(2026, 6, 1, 13, 30).time())
    assert not afternoon.contains(datetime(2026, 6, 1, 14, 0).time())
    noon = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert release_at(noon, "Europe/Paris", None, preferences.MATCHES) == noon


def test_defaults_are_instant_except_sponsors_cards_which_come_as_a_daily_digest():
    assert mode_for(preferences.MATCHES, {}) == "instant"
    assert mode_for(preferences.CARDS, {}) == "daily"
    assert mode_for(preferences.MATCHES, {preferences.MATCHES: "off"}) == "off"


@pytest.mark.parametrize("mode, sent, expected", [
    ("instant", 0, "send"), ("instant", 2, "send"), ("instant", 3, "digest"),
    ("daily", 0, "digest"), ("off", 0, "none")])
def test_the_daily_cap_sends_the_rest_to_the_digest(mode, sent, expected):
    assert email_decision(preferences.MEETINGS, mode, sent, daily_cap=3) == expected


def test_digests_are_due_at_the_local_hour_and_weekly_ones_on_mondays():
    wednesday_evening = datetime(2026, 6, 3, 18, 0, tzinfo=UTC)
    assert digests.next_due("daily", wednesday_evening, "Europe/Paris", 8) == datetime(
        2026, 6, 4, 6, 0, tzinfo=UTC)
    assert digests.next_due("weekly", wednesday_evening, "Asia/Tokyo", 8) == datetime(
        2026, 6, 7, 23, 0, tzinfo=UTC)  # Monday 8 June, 08:00 in Tokyo
    due = datetime(2026, 6, 4, 6, 0, tzinfo=UTC)
    assert digests.next_due("daily", due, "Europe/Paris", 8) > due
    assert digests.period("weekly", due, "Europe/Paris") == "2026-W23"
    assert digests.period("daily", due, "Europe/Paris") == "2026-06-04"


def test_a_signature_covers_the_exact_body_and_the_secret():
    body = b'{"event":"match_accepted"}'
    header = signing.sign("s3cret", body)
    assert signing.verify("s3cret", body, header)
    assert not signing.verify("s3cret", body + b" ", header)
    assert not signing.verify("other", body, header)
    assert not signing.verify("s3cret", body, header.replace("sha256=", "sha1="))
    assert not signing.verify("s3cret", body, None)


def test_a_webhook_carries_ids_and_neutral_fields_only():
    data = {"meeting_id": 1, "attendee_ids": [2, 3], "kind": "coffee", "location": "12 rue X",
            "invite": "BEGIN:VCALENDAR", "first_name": "Ada", "email": "ada@example.org",
            "reasons": ["you both know SQL"], "start": "2026-06-02T10:00:00+00:00"}
    assert webhook_payloads.public_fields(data) == {
        "meeting_id": 1, "attendee_ids": [2, 3], "kind": "coffee",
        "start": "2026-06-02T10:00:00+00:00"}


def test_a_message_in_a_conversation_is_emailed_at_once_unless_the_person_chose_otherwise():
    from services.notifications.preferences import EVENT_CATEGORIES, MESSAGES, mode_for
    assert EVENT_CATEGORIES["message_posted"] == MESSAGES
    assert mode_for(MESSAGES, {}) == "instant"
    assert mode_for(MESSAGES, {MESSAGES: "daily"}) == "daily"
