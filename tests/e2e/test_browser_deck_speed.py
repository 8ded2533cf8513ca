"""The swipe deck on a market of 10,000 job seekers, in a real browser: the time from a swipe (an
arrow key) to the next card on screen, measured in the page (performance.now() around the swipe,
until two animation frames later, when the next card has been painted).

Reported (printed, and recorded in docs/benchmarks.md), not asserted tightly: a timed assertion
would fail on a busy machine without saying anything about the code. The market is built straight
into matching's read model with the feed benchmark's builder (binome/bench.py), as registering
10,000 people through HTTP would take minutes.
"""
import json
import statistics
from pathlib import Path

from browser_support import check_page, new_page, reload_until, sign_up, wait_for

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SEEKERS = 10_000
SWIPES = 40


def seed_market(browser, matching_database, seekers):
    """10,000 job seekers of the Paris area in matching's read model (its SQLite file), written
    from this process: SQLite lets the running services wait for the lock meanwhile."""
    from sqlalchemy import insert

    from binome.bench import feed_market
    from services.matching import store
    from shared.database import make_engine

    rows = feed_market(seekers, 1, seed=8)[0][:seekers]     # the seekers, not the sponsor
    engine = make_engine(f"sqlite:///{matching_database}")
    with engine.begin() as connection:
        for first in range(0, len(rows), 2000):
            connection.execute(insert(store.Candidate.__table__), rows[first:first + 2000])
    engine.dispose()
    return len(rows)


def journey_swipes(browser, base_url, maildir, swipes):
    page = new_page(browser, base_url)
    sign_up(page, "sponsor", {"first_name": "Rapide", "last_name": "Test",
                              "email": "rapide.test@example.org", "location": "75011",
                              "language_fr": True, "language_en": True,
                              "sponsor.capacity": "3", "sponsor.radius_km": "30"}, maildir)
    reload_until(page, "the deck", lambda p: p.locator("#card .card-name").count() == 1)
    check_page(page, "sponsor-deck-10000")
    page.locator("body").focus()
    names = []
    for n in range(swipes):
        names.append(page.locator("#card .card-name").inner_text())
        page.keyboard.press("ArrowLeft")
        wait_for("the next card", lambda: page.evaluate("window.binomeDeck.timings.length") > n,
                 timeout=10, interval=0.01)
    wait_for("every swipe recorded", lambda: page.evaluate(
        "window.binomeDeck.sent") == swipes, timeout=30)
    timings = page.evaluate("window.binomeDeck.timings")
    fetches = page.evaluate("""performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/api/me/feed')).map(e => e.duration)""")
    shown = page.locator("#card .card-name").inner_text()
    return {"timings": timings, "fetches": fetches, "names": names, "still_showing": shown}


def test_the_next_card_shows_at_once_after_a_swipe_among_10000_seekers(embedded, browser):
    api, data = embedded
    assert browser.run(seed_market, data / "matching.sqlite", SEEKERS) == SEEKERS
    result = browser.run(journey_swipes, api.base_url, data / "maildir", SWIPES)

    timings = sorted(result["timings"])
    p50, p95 = statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]
    fetches = result["fetches"]
    print(f"\nswipe deck, {SEEKERS} job seekers, {SWIPES} swipes by keyboard: next card on screen "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; "
          f"{len(fetches)} background fetch(es) of the next cards, "
          f"median {statistics.median(fetches) if fetches else 0:.0f} ms")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "deck-speed.json").write_text(json.dumps(
        {"seekers": SEEKERS, "swipes": SWIPES, "p50_ms": p50, "p95_ms": p95,
         "timings_ms": timings, "fetches_ms": fetches}, indent=1))
    assert len(timings) == SWIPES
    assert fetches, "the deck fetched no further cards while the sponsor swiped"
    assert len(set(result["names"])) > 1
