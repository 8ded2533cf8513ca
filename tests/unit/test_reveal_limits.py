"""The rules on contact reveals and on sponsors who end sponsorships (services/matching/reveals.py),
pure: lists of moments in, a moment (or None) out."""
from datetime import datetime, timedelta, timezone

from services.matching import reveals

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def test_a_person_under_the_daily_limit_may_reveal_now():
    assert reveals.next_reveal_at([], NOW, limit=3) is None
    assert reveals.next_reveal_at([NOW - HOUR, NOW - 2 * HOUR], NOW, limit=3) is None


def test_the_reveal_past_the_limit_waits_until_the_oldest_leaves_the_last_24_hours():
    made = [NOW - 20 * HOUR, NOW - 5 * HOUR, NOW - HOUR]
    assert reveals.next_reveal_at(made, NOW, limit=3) == NOW + 4 * HOUR
    # Reveals older than a day do not count at all.
    assert reveals.next_reveal_at([NOW - 25 * HOUR] * 10 + made[1:], NOW, limit=3) is None


def test_the_wait_is_counted_from_the_reveals_that_keep_the_limit_full():
    # Four in the window, limit three: the next waits until two have left it, not one.
    made = [NOW - 23 * HOUR, NOW - 22 * HOUR, NOW - 2 * HOUR, NOW - HOUR]
    assert reveals.next_reveal_at(made, NOW, limit=3) == NOW + 2 * HOUR


def test_the_default_limit_is_the_daily_allowance():
    made = [NOW - HOUR] * (reveals.REVEALS_PER_DAY - 1)
    assert reveals.next_reveal_at(made, NOW) is None
    assert reveals.next_reveal_at(made + [NOW - HOUR], NOW) == NOW + 23 * HOUR


def test_a_sponsor_may_end_a_few_sponsorships_without_waiting():
    endings = [NOW - 3 * HOUR, NOW - HOUR][:reveals.FREE_ENDINGS]
    assert reveals.next_sponsorship_at(endings, NOW) is None


def test_a_sponsor_who_ends_one_more_waits_a_day_after_the_last_ending():
    endings = [NOW - 3 * HOUR, NOW - 2 * HOUR, NOW - HOUR]
    assert len(endings) == reveals.FREE_ENDINGS + 1
    assert reveals.next_sponsorship_at(endings, NOW) == NOW - HOUR + timedelta(days=1)
    # Past the wait, they may sponsor again.
    assert reveals.next_sponsorship_at(endings, NOW + timedelta(days=1)) is None


def test_each_further_ending_doubles_the_wait_up_to_the_window():
    base = [NOW - 4 * HOUR, NOW - 3 * HOUR, NOW - 2 * HOUR]
    assert reveals.next_sponsorship_at(base + [NOW - HOUR], NOW) == \
        NOW - HOUR + timedelta(days=2)
    many = [NOW - timedelta(minutes=m) for m in range(60, 0, -5)]
    assert reveals.next_sponsorship_at(many, NOW) == \
        max(many) + reveals.ENDINGS_WINDOW


def test_endings_older_than_the_window_are_forgiven():
    old = [NOW - reveals.ENDINGS_WINDOW - HOUR] * 5
    assert reveals.next_sponsorship_at(old + [NOW - HOUR], NOW) is None


def test_operators_are_shown_the_sponsors_who_end_more_than_the_free_few():
    assert not reveals.ends_often([NOW - HOUR] * reveals.FREE_ENDINGS, NOW)
    assert reveals.ends_often([NOW - HOUR] * (reveals.FREE_ENDINGS + 1), NOW)
    # Still shown while the endings are recent, even once the wait has passed.
    assert reveals.ends_often([NOW - timedelta(days=3)] * (reveals.FREE_ENDINGS + 1), NOW)
    assert not reveals.ends_often([NOW - timedelta(days=8)] * 9, NOW)
