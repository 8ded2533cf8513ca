"""Time from a help request to its first proposal, end to end, with rounds on arrivals and without.

    .venv/bin/python bench/proposals.py [--seekers 60] [--donors 20] [--units 3] [--arrive-over 60]
                                        [--debounce 30] [--baseline-every 1] [--seed 7]

Starts Binôme embedded (every service in one process, SQLite, the in-process transport, as
`binome run` does) once per setting, each in its own process. Through the HTTP API, donors
register and pledge CV reviews (remote, more units than seekers), then seekers register and ask
for a review at seeded random times spread over --arrive-over seconds; each seeker's matches are
polled until the first proposal. The time is the server's own: from the request's `requested_at`
(as the POST answered it) to the first match's `proposed_at`, so polling does not add to it.

Two settings, in the same run:
- rounds on arrivals: ROUND_DEBOUNCE_SECONDS = --debounce, the hourly schedule left at 60 minutes;
- the baseline, the schedule alone: ROUND_DEBOUNCE_SECONDS = 0 and ROUND_EVERY_MINUTES =
  --baseline-every (1 minute by default, so that the run ends; the hourly schedule's timer ticks
  every minute, so a round comes one to two minutes after the last). The production schedule,
  hourly, is not run: requests arriving at random wait about 30 minutes at the median for it.

Prints one line per setting and the baseline's p50 and p90 over those of rounds on arrivals.
Figures and the command in docs/benchmarks.md ("Proposals: time from a request to its first one").
"""
import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Everyone registers from this one client: the registration limit is widened as the e2e tests do.
RATE_LIMITS = json.dumps({"proposal": [10_000, 3600], "registration": [10_000, 900]})


def percentiles(values):
    import numpy
    p50, p90 = numpy.percentile(values, [50, 90])
    return round(float(p50), 1), round(float(p90), 1)


def seconds_between(start, end):
    from datetime import datetime
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def one_setting(args, overrides):
    """Run one setting in this process; returns its figures."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from binome.patching import patch_everything
    patch_everything()
    from binome.api_client import Api
    from binome.runner import start
    from binome.services import SERVICES
    from shared.config import embedded_config
    from support import free_port, wait_until
    import eventlet

    data = Path(tempfile.mkdtemp(prefix="binome-bench-proposals-"))
    address = f"127.0.0.1:{free_port()}"
    config = {**embedded_config(data, address), "RATE_LIMITS": RATE_LIMITS, **overrides}
    started = time.monotonic()
    runner = start(config, list(SERVICES))
    try:
        api = Api(f"http://{address}", maildir=data / "maildir", timeout=60)
        wait_until("the gateway to answer", api.is_up, 60)
        rng = random.Random(args.seed)
        # Ten at a time: each registration waits for its confirmation email (the outbox relay
        # ticks every second), which is setup, not what is measured.
        pool = eventlet.GreenPool(10)

        def donor(n):
            pledging = api.as_person(api.register({
                "first_name": f"Donor{n}", "last_name": "Bench", "roles": ["time_donor"],
                "email": f"donor{n}@bench.example", "location": "75011", "occupation": "M1805",
                "skills": ["python", "sql"], "languages": ["fr"]}))
            pledging.post("/api/me/pledges", {"kind": "cv_review", "quantity": args.units})

        def seeker(n):
            return api.as_person(api.register({
                "first_name": f"Seeker{n}", "last_name": "Bench", "roles": ["job_seeker"],
                "email": f"seeker{n}@bench.example", "location": "75020", "occupation": "D1301",
                "target_occupation": "M1805", "skills": ["python"], "languages": ["fr"]}))
        list(pool.imap(donor, range(args.donors)))
        seekers = list(pool.imap(seeker, range(args.seekers)))
        registered = time.monotonic()

        arrivals = sorted((rng.uniform(0, args.arrive_over), n) for n in range(args.seekers))
        clock = time.monotonic()
        requested_at, first_proposal, last_poll = {}, {}, {}
        deadline = clock + args.arrive_over + args.timeout
        while len(first_proposal) < args.seekers:
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(f"{args.seekers - len(first_proposal)} seekers still without "
                                   f"a proposal after {args.timeout} s")
            while arrivals and arrivals[0][0] <= now - clock:
                _, n = arrivals.pop(0)
                requested_at[n] = seekers[n].post("/api/me/requests",
                                                  {"kind": "cv_review"})["requested_at"]
            waiting = [n for n in requested_at if n not in first_proposal
                       and now - last_poll.get(n, 0) >= args.poll_every]
            for n in waiting[:5]:
                last_poll[n] = time.monotonic()
                proposed = sorted(m["proposed_at"] for m in seekers[n].items("/api/me/matches"))
                if proposed:
                    first_proposal[n] = proposed[0]
            time.sleep(0.05)
        waits = [seconds_between(requested_at[n], first_proposal[n]) for n in requested_at]
        p50, p90 = percentiles(waits)
        return {"p50_s": p50, "p90_s": p90, "max_s": round(max(waits), 1),
                "seekers": args.seekers, "setup_s": round(registered - started, 1),
                "run_s": round(time.monotonic() - clock, 1)}
    finally:
        runner.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=60)
    parser.add_argument("--donors", type=int, default=20)
    parser.add_argument("--units", type=int, default=3, help="CV reviews each donor pledges")
    parser.add_argument("--arrive-over", type=float, default=60.0,
                        help="seconds over which seekers ask for help")
    parser.add_argument("--debounce", type=float, default=30.0,
                        help="ROUND_DEBOUNCE_SECONDS with rounds on arrivals")
    parser.add_argument("--baseline-every", type=float, default=1.0,
                        help="ROUND_EVERY_MINUTES of the schedule-only baseline")
    parser.add_argument("--poll-every", type=float, default=2.0,
                        help="seconds between two looks at one seeker's matches")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds after the last arrival before giving up")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", help=argparse.SUPPRESS)   # a setting, as JSON: run it here
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_setting(args, json.loads(args.one))), flush=True)
        return

    settings = [
        (f"rounds on arrivals (ROUND_DEBOUNCE_SECONDS={args.debounce:g}, "
         f"ROUND_EVERY_MINUTES=60)",
         {"ROUND_DEBOUNCE_SECONDS": args.debounce, "ROUND_EVERY_MINUTES": 60}),
        (f"schedule only (ROUND_DEBOUNCE_SECONDS=0, ROUND_EVERY_MINUTES={args.baseline_every:g})",
         {"ROUND_DEBOUNCE_SECONDS": 0, "ROUND_EVERY_MINUTES": args.baseline_every})]
    passed = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--one"]
    print(f"{args.seekers} seekers asking for a CV review over {args.arrive_over:g} s, "
          f"{args.donors} donors × {args.units} units, seed {args.seed}", flush=True)
    results = []
    for name, overrides in settings:
        done = subprocess.run([sys.executable, __file__, *passed, "--one", json.dumps(overrides)],
                              capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(f"{name}: p50 {result['p50_s']} s, p90 {result['p90_s']} s, max {result['max_s']} s"
              f" (setup {result['setup_s']} s, arrivals and proposals {result['run_s']} s)",
              flush=True)
    soon, baseline = results
    print(f"schedule only / rounds on arrivals: p50 {baseline['p50_s'] / soon['p50_s']:.1f}×, "
          f"p90 {baseline['p90_s'] / soon['p90_s']:.1f}×", flush=True)


if __name__ == "__main__":
    main()
