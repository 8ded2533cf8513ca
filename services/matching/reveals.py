"""How many contacts a person may reveal in a day, and how soon a sponsor who keeps ending
sponsorships may start another.

A contact is revealed by a person's own act: a consent given, a like that starts a sponsorship
(a seeker who accepts sponsors), a like back, accepting a sponsor a round proposed. Each such act
counts against the person who made it, however it happens, so that no path (and no gateway
replica, no restart) gives more than REVEALS_PER_DAY contacts in any 24 hours. Nobody is refused
for what someone else did, and nobody can spend another's allowance.

A sponsor's capacity is not a harvesting budget: ending a sponsorship (a block, a cancellation)
frees the place, so a capacity of 1 could otherwise reveal one seeker after another. People do end
a pairing that went wrong, so the first FREE_ENDINGS in ENDINGS_WINDOW cost nothing. Beyond them,
the next sponsorship waits FIRST_WAIT after the latest ending, doubled for each further ending, at
most ENDINGS_WINDOW: a mistake costs a day, a habit costs a week per seeker. Those sponsors are
shown to operators for as long as their endings are recent.

Pure functions over moments: the service loads them from its tables.
"""
from datetime import timedelta

REVEALS_PER_DAY = 20
REVEAL_WINDOW = timedelta(hours=24)

FREE_ENDINGS = 2
ENDINGS_WINDOW = timedelta(days=7)
FIRST_WAIT = timedelta(days=1)


def next_reveal_at(revealed_at, now, limit=REVEALS_PER_DAY):
    """None if the person may reveal one more contact now; else the moment they may."""
    recent = sorted(moment for moment in revealed_at if moment > now - REVEAL_WINDOW)
    if len(recent) < limit:
        return None
    # The next fits once all but limit - 1 of them have left the window.
    return recent[len(recent) - limit] + REVEAL_WINDOW


def _recent_endings(ended_at, now):
    return sorted(moment for moment in ended_at if moment > now - ENDINGS_WINDOW)


def next_sponsorship_at(ended_at, now):
    """None if a sponsor who ended sponsorships at these moments may start one now; else when."""
    recent = _recent_endings(ended_at, now)
    beyond = len(recent) - FREE_ENDINGS
    if beyond <= 0:
        return None
    # 2 ** beyond grows fast: cap the exponent before the multiplication can overflow.
    wait = min(FIRST_WAIT * 2 ** min(beyond - 1, 16), ENDINGS_WINDOW)
    at = recent[-1] + wait
    return at if at > now else None


def ends_often(ended_at, now):
    """Whether operators are shown this sponsor: more than the free endings, recently."""
    return len(_recent_endings(ended_at, now)) > FREE_ENDINGS
