"""The rules of a meeting's life, as plain functions: how long, where, when people are reminded,
and what "did you meet?" answers mean. No framework; the service applies them to its rows.

    awaiting_slots -> proposed -> confirmed -> held
                          |  ^        |   \\-> (reschedule: proposed again, booking kept)
                          |  '-- expired: new slots, at most MAX_PROPOSALS times
                          '-> cancelled / no_common_time
"""
from datetime import timedelta

from shared.contracts.kinds import (I_WAS_ABSENT, LUNCH_MENTORING, MEETING_LENGTHS, MET,
                                    OTHER_ABSENT, REMINDER_HOURS)

from .slots import LUNCH_WINDOW

AWAITING_SLOTS, PROPOSED, CONFIRMED = "awaiting_slots", "proposed", "confirmed"
NO_COMMON_TIME, CANCELLED, HELD = "no_common_time", "cancelled", "held"
OPEN = (AWAITING_SLOTS, PROPOSED, CONFIRMED)

MAX_PROPOSALS = 3           # an unanswered choice is renewed twice, then the meeting is dropped
NO_SHOWS_BEFORE_PAUSE = 2   # then the person's matching pauses until they say they are available

TITLES = {"en": {"coffee": "Coffee", "mock_interview": "Mock interview",
                 LUNCH_MENTORING: "Lunch"}}

# Durable steps after a booking: (name, how long before the start; negative is after the end).
REMINDER_STEPS = tuple((f"reminder_{hours}h", hours) for hours in REMINDER_HOURS)
FEEDBACK_STEP = "feedback"


def minutes_for(kind, both_want_longer=False):
    """The meeting's length: the kind's usual one, or its longer one when both people asked."""
    lengths = MEETING_LENGTHS[kind]
    return lengths[-1] if both_want_longer else lengths[0]


def daily_window(kind):
    """The local hours a kind must fall in for each person, or None (their own windows only)."""
    return LUNCH_WINDOW if kind == LUNCH_MENTORING else None


def is_remote(pledged_remote, *remote_only):
    """Remote when the help was pledged remote or either person only meets remotely."""
    return bool(pledged_remote) or any(remote_only)


def steps_after_booking(start, end):
    """(step, due time) for the reminders and the "did you meet?" of a booked meeting."""
    due = [(step, start - timedelta(hours=hours)) for step, hours in REMINDER_STEPS]
    return due + [(FEEDBACK_STEP, end)]


def steps_to_send(due_steps, start, now):
    """Which due steps to send now. A reminder is dropped once the meeting has started, and an
    earlier reminder once a later one is also due (after a long outage, one reminder, not two)."""
    reminders = [(step, due) for step, due in due_steps if step != FEEDBACK_STEP]
    latest = max((due for _, due in reminders), default=None)
    keep = []
    for step, due in due_steps:
        if step == FEEDBACK_STEP:
            keep.append(step)
        elif now < start and due == latest:
            keep.append(step)
    return keep


def hours_before(step):
    return dict(REMINDER_STEPS)[step]


def absent_person(reporter, other, outcome):
    """Who did not come, according to this answer, or None."""
    return {OTHER_ABSENT: other, I_WAS_ABSENT: reporter}.get(outcome)


def was_held(outcomes):
    """Held once someone says they met and nobody reported an absence."""
    return MET in outcomes and not ({OTHER_ABSENT, I_WAS_ABSENT} & set(outcomes))


def pauses(no_shows):
    return no_shows >= NO_SHOWS_BEFORE_PAUSE
