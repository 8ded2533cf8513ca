"""A meeting and a match as the pages show them to one reader: which actions are theirs now
(pick a time, move, cancel, "did we meet?"), the times in their words and on their clock, and
which of their matches wait for them (shown first, above everything else on a phone).

Plain functions over what scheduling and matching answer: the services keep the rules (who may
move what, when an outcome is accepted); these only decide what a page offers, so that a button
is not shown for an action the service would refuse.
"""
from datetime import datetime, timezone

from shared import formatting

# Meetings still to happen, or being moved, that either person may call off.
_OPEN = ("awaiting_slots", "proposed", "confirmed")


def shown_meeting(meeting, reader_id, locale, zone, now=None):
    """`meeting` (scheduling's view) with what the page needs for `reader_id`."""
    now = now or datetime.now(timezone.utc)
    reader_picks = str(meeting["chooser_id"]) == str(reader_id)
    start, end = meeting.get("start"), meeting.get("end")
    booked = meeting["status"] == "confirmed"
    to_come = bool(start) and formatting.instant_of(start) > now
    over = bool(end) and formatting.instant_of(end) <= now
    offered = meeting["status"] == "proposed" or (booked and meeting.get("rescheduling"))
    return {
        **meeting,
        "span": formatting.span(start, end, locale, zone) if start and end else "",
        "slot_spans": [(str(slot["start"]), formatting.span(slot["start"], slot["end"], locale,
                                                             zone))
                       for slot in meeting.get("slots") or ()],
        "picks": bool(offered and reader_picks and meeting.get("slots")),
        # A move asked by the reader: the other person picks; the booking stands meanwhile.
        "waits_for_other": bool(booked and meeting.get("rescheduling") and not reader_picks),
        "may_move": booked and to_come and not meeting.get("rescheduling"),
        "may_cancel": meeting["status"] in _OPEN and not over,
        "asks_outcome": meeting["status"] in ("confirmed", "held") and over
        and not meeting.get("outcome"),
    }


def waits_for_reader(match):
    """Whether the match asks something of its reader now: a proposal to answer, a time to
    pick, or "did we meet?"."""
    if match["status"] == "proposed" and match.get("mine_to_decide"):
        return True
    return any(m.get("picks") or m.get("asks_outcome") for m in match.get("meetings") or ())


def next_actions_first(matches):
    """{"next_actions": the matches waiting for the reader, "matches": the others}, each in
    the order given."""
    return {"next_actions": [m for m in matches if waits_for_reader(m)],
            "matches": [m for m in matches if not waits_for_reader(m)]}
