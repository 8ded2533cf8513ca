"""The matching benchmark of docs/benchmarks.md: 1,000 / 10,000 / 100,000 requests.

    .venv/bin/python bench/matching.py [--sizes 1000 10000 100000] [--seed 1]

Each size is a market with a third as many offers as requests, each of capacity 3, run through
`binome bench matching` in a fresh process (so that peak memory is that run's own). The solver
picked by "auto" is measured at every size; the other backends (auction, OR-Tools, scipy,
networkx) only up to a size where they end in reasonable time, to compare their times and check
that they find the same optimum. Figures are printed as ratios against the baselines computed in
the same run (greedy first come first served, stable matching), and between backends.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

BINOME = Path(sys.executable).with_name("binome")


def measure(requests, seed, backend, objective):
    command = [str(BINOME), "bench", "matching", "--requests", str(requests),
               "--offers", str(requests // 3), "--capacity", "3", "--seed", str(seed),
               "--backend", backend, "--objective", objective]
    print("$", " ".join(command[1:]), flush=True)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {figures['backend']}: score {figures['seconds_to_score']:.2f} s, "
          f"solve {figures['seconds_to_solve']:.2f} s, {figures['peak_memory_mb']:.0f} MB, "
          f"matched {figures['matched']}", flush=True)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--objective", default="most_matched")
    parser.add_argument("--scipy-up-to", type=int, default=10_000,
                        help="largest size scipy runs at (it is 3-4x slower than OR-Tools)")
    parser.add_argument("--ortools-up-to", type=int, default=100_000,
                        help="largest size OR-Tools runs at when it is not auto's pick")
    parser.add_argument("--networkx-up-to", type=int, default=1_000,
                        help="largest size networkx runs at (pure Python: minutes at 10,000)")
    args = parser.parse_args(argv)
    caps = {"scipy": args.scipy_up_to, "networkx": args.networkx_up_to,
            "ortools": args.ortools_up_to}

    rows = []
    for size in args.sizes:
        auto = measure(size, args.seed, "auto", args.objective)
        others = {b: measure(size, args.seed, b, args.objective)
                  for b in ("auction", "ortools", "scipy", "networkx")
                  if b != auto["backend"] and size <= caps.get(b, size)}
        for name, other in others.items():
            # Same market, both exact: the same number matched and the same optimum.
            tolerance = 1e-6 * max(1.0, auto["objective_value"])
            agree = (other["matched"] == auto["matched"]
                     and abs(other["objective_value"] - auto["objective_value"]) < tolerance)
            auto[f"{name}_agrees"] = agree
            auto[f"{name}_time_ratio"] = round(other["seconds_to_solve"]
                                               / max(auto["seconds_to_solve"], 1e-9), 2)
        auto["score_plus_solve"] = round(auto["seconds_to_score"] + auto["seconds_to_solve"], 2)
        for base in ("greedy", "stable"):
            auto[f"matched_vs_{base}"] = round(auto["matched"] / auto[f"{base}_matched"], 4)
            auto[f"total_vs_{base}"] = round(auto["total_weight"] / auto[f"{base}_total"], 4)
        rows.append(auto)

    print()
    print("| requests | edges | backend | score s | solve s | score+solve s | peak MB | matched | "
          "matched ÷ greedy | matched ÷ stable | total ÷ greedy | total ÷ stable | "
          "other backends: time ÷ auto's, same optimum |")
    print("|" + "---|" * 13)
    for r in rows:
        others = ", ".join(
            f"{name} {r[f'{name}_time_ratio']}× {'yes' if r[f'{name}_agrees'] else 'NO'}"
            for name in ("auction", "ortools", "scipy", "networkx") if f"{name}_agrees" in r)
        print(f"| {r['requests']:,} | {r['edges']:,} | {r['backend']} "
              f"| {r['seconds_to_score']:.2f} | {r['seconds_to_solve']:.2f} "
              f"| {r['score_plus_solve']:.2f} | {r['peak_memory_mb']:.0f} | {r['matched']:,} "
              f"| {r['matched_vs_greedy']} | {r['matched_vs_stable']} | {r['total_vs_greedy']} "
              f"| {r['total_vs_stable']} | {others or '-'} |")
    print()
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
