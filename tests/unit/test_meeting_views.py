"""What the pages offer on a meeting and a match, decided without a server: which actions a
person may take now, how the times read, and which matches wait for the reader (shown first)."""
from datetime import datetime, timedelta, timezone

from services.gateway import meeting_views

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
ME, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def meeting(**changes):
    start = NOW + timedelta(days=1)
    shown = {"meeting_id": "m1", "match_id": "x1", "kind": "coffee", "chooser_id": ME,
             "other_id": OTHER, "slots": [], "status": "confirmed", "start": start.isoformat(),
             "end": (start + timedelta(minutes=30)).isoformat(), "location": "Café",
             "expires_at": None, "rescheduling": False, "minutes": 30, "outcome": None}
    return {**shown, **changes}


def shown(m, locale="fr", zone="Europe/Paris"):
    return meeting_views.shown_meeting(m, ME, locale, zone, now=NOW)


def test_a_booked_meeting_to_come_may_move_or_be_cancelled_and_reads_in_the_readers_words():
    view = shown(meeting())
    assert view["may_move"] and view["may_cancel"] and not view["asks_outcome"]
    assert view["span"] == "mardi 8 décembre, 13:00\u2009–\u200913:30 (heure : Paris)"
    english = shown(meeting(), "en", "America/Guadeloupe")
    assert english["span"].startswith("Tuesday 8 December, 08:00") and "Guadeloupe" in english["span"]


def test_slots_to_pick_are_the_readers_own_in_words_and_a_move_asks_the_chooser_again():
    slot = {"start": (NOW + timedelta(days=2)).isoformat(),
            "end": (NOW + timedelta(days=2, minutes=30)).isoformat()}
    proposed = shown(meeting(status="proposed", start=None, end=None, slots=[slot]))
    assert proposed["picks"] and not proposed["may_move"]
    assert proposed["slot_spans"] == [(slot["start"], "mercredi 9 décembre, 13:00\u2009–\u200913:30 "
                                                      "(heure : Paris)")]
    moving = shown(meeting(rescheduling=True, slots=[slot]))
    assert moving["picks"] and moving["may_cancel"] and not moving["may_move"]
    asked = meeting_views.shown_meeting(meeting(rescheduling=True, slots=[slot]), OTHER, "en",
                                        "Europe/Paris", now=NOW)
    assert not asked["picks"] and asked["waits_for_other"]


def test_after_its_end_a_booked_meeting_asks_did_we_meet_once():
    past = meeting(start=(NOW - timedelta(hours=2)).isoformat(),
                   end=(NOW - timedelta(hours=1, minutes=30)).isoformat())
    view = shown(past)
    assert view["asks_outcome"] and not view["may_move"] and not view["may_cancel"]
    assert not shown({**past, "outcome": "met"})["asks_outcome"]
    assert not shown({**past, "status": "cancelled"})["asks_outcome"]
    # Held (the other person said so first): this person may still answer.
    assert shown({**past, "status": "held"})["asks_outcome"]


def test_what_waits_for_the_reader_comes_first_and_the_rest_stays_below():
    answer = {"match_id": "a", "status": "proposed", "mine_to_decide": True, "meetings": []}
    theirs = {"match_id": "b", "status": "proposed", "mine_to_decide": False, "meetings": []}
    pick = {"match_id": "c", "status": "accepted", "mine_to_decide": True,
            "meetings": [{"picks": True, "asks_outcome": False}]}
    rate = {"match_id": "d", "status": "accepted", "mine_to_decide": False,
            "meetings": [{"picks": False, "asks_outcome": True}]}
    done = {"match_id": "e", "status": "accepted", "mine_to_decide": True,
            "meetings": [{"picks": False, "asks_outcome": False}]}
    split = meeting_views.next_actions_first([theirs, answer, pick, done, rate])
    assert [m["match_id"] for m in split["next_actions"]] == ["a", "c", "d"]
    assert [m["match_id"] for m in split["matches"]] == ["b", "e"]
