"""The sponsor feed benchmark of docs/benchmarks.md: a page of 20 cards among 100,000 job seekers.

    .venv/bin/python bench/feed.py [--seekers 100000] [--postgres postgresql://postgres@127.0.0.1:5432/binome_feed_bench]

Runs `binome bench feed` once on a temporary SQLite file and, with --postgres, once on that
PostgreSQL database (created if missing, emptied first). Each run builds the same seeded Paris-area
market, then times the service's feed (the RPC method with its own session: deck brought up to
date, people left out, ranking, the page's cards) for many sponsors, first page and sixth page, and
the feed as it was before (every seeker read and fitted at each page) for a few of them, checking
that both give the same answers. Figures are printed as ratios against that baseline.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

BINOME = Path(sys.executable).with_name("binome")


def ensure_database(url):
    """Create the PostgreSQL database the URL names, if it is not there yet."""
    import psycopg2

    base, name = url.rsplit("/", 1)
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def measure(args, url=None):
    command = [str(BINOME), "bench", "feed", "--seekers", str(args.seekers), "--seed",
               str(args.seed), "--measure", str(args.measure), "--baseline", str(args.baseline)]
    if url:
        command += ["--database-url", url]
    print("$", " ".join(command[1:]), flush=True)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line, flush=True)
    return json.loads(lines[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--measure", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database")
    args = parser.parse_args(argv)
    runs = [measure(args)]
    if args.postgres:
        ensure_database(args.postgres)
        runs.append(measure(args, args.postgres))
    for run in runs:
        print(f"{run['database']}: p50 {run['new_p50_ms']} ms, p95 {run['new_p95_ms']} ms for "
              f"{run['seekers']} seekers; before {run['baseline_p50_ms']} ms: "
              f"{run['ratio_p50']}x faster; same answers: {run['same_answers_as_baseline']}",
              flush=True)
    print(json.dumps(runs), flush=True)


if __name__ == "__main__":
    main()
