"""How and when a person wants to be told: per category instant, daily digest or off; quiet hours
in their own time zone; a cap on emails per day. Pure rules, no storage.

The in-app inbox always gets every message (it is the record); these rules decide the email.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

# Categories of messages, and the events (or timers) in each.
SIGN_IN = "sign_in"          # sign-in links: never held by quiet hours, the cap or a digest
ACCOUNT = "account"
PLEDGES = "pledges"
MATCHES = "matches"
MEETINGS = "meetings"
REMINDERS = "reminders"
FEEDBACK = "feedback"
CARDS = "cards"              # a sponsor's new cards that fit them
MESSAGES = "messages"        # a message in a match's conversation
DIGEST = "digest"            # the weekly digest itself
CATEGORIES = (SIGN_IN, ACCOUNT, PLEDGES, MATCHES, MEETINGS, REMINDERS, FEEDBACK, CARDS, DIGEST,
              MESSAGES)

EVENT_CATEGORIES = {
    "sign_in_requested": SIGN_IN,
    # A link that proves an address is as urgent as a sign-in link, and as private.
    "address_confirmation_requested": SIGN_IN,
    "person_registered": ACCOUNT,
    "pledge_made": PLEDGES,
    "pledge_closed": PLEDGES,
    "match_proposed": MATCHES,
    "match_accepted": MATCHES,
    "sponsorship_started": MATCHES,
    # A sponsor's like waits for the seeker's answer, as a proposed match does.
    "sponsor_interested": MATCHES,
    "contact_revealed": MATCHES,
    "meeting_proposed": MEETINGS,
    "meeting_confirmed": MEETINGS,
    "meeting_rescheduled": MEETINGS,
    "meeting_cancelled": MEETINGS,
    "meeting_reminder_due": REMINDERS,
    "feedback_requested": FEEDBACK,
    "no_show_recorded": FEEDBACK,
    # Where a seeker stands three months after their first help (one-click answers).
    "outcome_question_due": FEEDBACK,
    "daily_digest": DIGEST,
    "weekly_digest": DIGEST,
    "sponsor_cards": CARDS,
    "message_posted": MESSAGES,
    # Turnaround (issue 14): the donor's reminders of a deadline, and a request moved on.
    "delivery_reminder_due": REMINDERS,
    "match_reassigned": MATCHES,
    # Help given (a review returned, an introduction confirmed, a meeting held), and the
    # seeker's rating of a review.
    "help_given": MATCHES,
    "review_rated": FEEDBACK,
}

INSTANT, DAILY, OFF = "instant", "daily", "off"
MODES = (INSTANT, DAILY, OFF)
# What a person gets before they choose: everything at once, except sponsors' cards, which come
# as one digest a day rather than one email per card.
DEFAULT_MODES = {category: INSTANT for category in CATEGORIES} | {CARDS: DAILY}
# Categories a person cannot switch off or delay: a sign-in link is useless tomorrow.
FIXED = {SIGN_IN: INSTANT}

# The email decisions.
SEND, TO_DIGEST, NO_EMAIL = "send", "digest", "none"


def mode_for(category, chosen):
    """The person's mode for a category; `chosen` maps category to mode (what they set)."""
    if category in FIXED:
        return FIXED[category]
    return chosen.get(category, DEFAULT_MODES[category])


def email_decision(category, mode, emails_today, daily_cap):
    """Send now, keep for the next daily digest, or no email at all.

    An email over the day's cap is not lost: it waits for the next daily digest. Sign-in links
    and the digests themselves are not counted against the cap.
    """
    if mode == OFF:
        return NO_EMAIL
    if mode == DAILY:
        return TO_DIGEST
    if category in (SIGN_IN, DIGEST) or emails_today < daily_cap:
        return SEND
    return TO_DIGEST


@dataclass(frozen=True)
class QuietHours:
    """From `start` to `end` (local times; `end` may be the next morning) nothing is sent."""
    start: time
    end: time

    @classmethod
    def parse(cls, start, end):
        if not start or not end:
            return None
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def contains(self, local_time):
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local_time < self.end
        return local_time >= self.start or local_time < self.end


def release_at(now, timezone, quiet, category):
    """When a message created at `now` may go out: at once, or when the quiet hours end."""
    if quiet is None or category == SIGN_IN:
        return now
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    if not quiet.contains(local.timetz().replace(tzinfo=None)):
        return now
    end = datetime.combine(local.date(), quiet.end, tzinfo=zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), quiet.end, tzinfo=zone)
    return end.astimezone(now.tzinfo)


def local_day_start(now, timezone):
    """Midnight of the person's current day, as an aware datetime in `now`'s zone."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(0), tzinfo=zone).astimezone(now.tzinfo)
