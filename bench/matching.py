"""The matching benchmark of docs/benchmarks.md: every market shape at 10,000, 100,000 and
1,000,000 requests, auto against OR-Tools on the same graph in the same run.

    .venv/bin/python bench/matching.py [--shapes balanced scarce very-scarce abundant]
        [--sizes 10000 100000 1000000] [--seed 1] [--backends auction paths]
        [--ortools-up-to 1000000] [--memory-limit-gb 16]

For each shape and size, one fresh process runs `binome bench matching --shape S --requests N
--save FILE.npz`: it builds and scores the market, saves the graph, solves it with "auto" and
runs the greedy and stable baselines, so its score time, solve time and peak memory are the
round's own. Then OR-Tools (and each of --backends) solves the same saved graph, each in a fresh
process (`--graph FILE.npz --backend B --no-baselines`), under a memory limit: a backend that runs
out of memory is reported so in the table, not a crash. Two untimed runs first fill numba's
cache (the auction, the shortest paths, the market's compiled pass), so that no timed run
compiles. The table gives OR-Tools' solve time divided by auto's, whether both reach the same
optimum (the same number matched and the same objective value), and auto's pairs and total
affinity divided by the baselines'.
"""
import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

BINOME = Path(sys.executable).with_name("binome")
SHAPES = ("balanced", "scarce", "very-scarce", "abundant")
SIZES = (10_000, 100_000, 1_000_000)
OUT_OF_MEMORY = ("MemoryError", "bad_alloc", "Cannot allocate memory", "Unable to allocate")


def run(arguments, memory_limit_gb=None):
    """`binome bench matching …` in a fresh process: its JSON figures, or {"failed": why}."""
    command = [str(BINOME), "bench", "matching", *map(str, arguments)]
    print("$", " ".join(command[1:]), flush=True)

    def limit_memory():
        limit = int(memory_limit_gb * 2 ** 30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(command, capture_output=True, text=True,
                          preexec_fn=limit_memory if memory_limit_gb else None)
    if done.returncode != 0:
        ran_out = done.returncode == -9 or any(words in done.stderr for words in OUT_OF_MEMORY)
        why = (f"out of memory (limit {memory_limit_gb:g} GiB)" if ran_out
               else f"failed (exit {done.returncode})")
        print(f"  {why}: {done.stderr.strip().splitlines()[-1:] or ''}", flush=True)
        return {"failed": why}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {figures['backend']}: score {figures['seconds_to_score']:.2f} s, "
          f"solve {figures['seconds_to_solve']:.2f} s, {figures['peak_memory_mb']:.0f} MB, "
          f"matched {figures['matched']}", flush=True)
    return figures


def same_optimum(one, other):
    """Both exact on the same graph: the same number matched and the same objective value."""
    # Objective values are printed to 4 decimals, sums of up to a million floats whose rounding
    # (np.sum is pairwise) stays far below 1e-9 of the total.
    tolerance = 1e-9 * max(1.0, abs(one["objective_value"]))
    return (one["matched"] == other["matched"]
            and abs(one["objective_value"] - other["objective_value"]) <= tolerance)


def compare(built, others):
    """One row of the table: the building run (auto, with the baselines) and the other
    backends' runs on its graph ({backend: figures or {"failed": why}})."""
    if "failed" in built:
        return dict(built)
    row = {key: built[key] for key in ("shape", "requests", "offers", "units", "edges", "backend",
                                       "seconds_to_score", "seconds_to_solve", "peak_memory_mb",
                                       "matched", "objective_value")}
    row["score_plus_solve"] = round(built["seconds_to_score"] + built["seconds_to_solve"], 3)
    for base in ("greedy", "stable"):
        row[f"matched_vs_{base}"] = round(built["matched"] / max(built[f"{base}_matched"], 1), 3)
        row[f"total_vs_{base}"] = round(built["total_weight"] / max(built[f"{base}_total"], 1e-9),
                                        3)
    for name, figures in others.items():
        if "failed" in figures:
            row.update({f"{name}_solve_s": None, f"{name}_ratio": None,
                        f"{name}_same_optimum": None, f"{name}_failed": figures["failed"]})
            continue
        row.update({
            f"{name}_solve_s": figures["seconds_to_solve"],
            f"{name}_ratio": round(figures["seconds_to_solve"]
                                   / max(built["seconds_to_solve"], 1e-9), 2),
            f"{name}_same_optimum": same_optimum(built, figures),
            f"{name}_peak_memory_mb": figures["peak_memory_mb"]})
    row["compared_with"] = list(others)
    return row


def _versus(row, name):
    if f"{name}_failed" in row:
        return row[f"{name}_failed"]
    if f"{name}_ratio" not in row:
        return "-"
    same = "same optimum" if row[f"{name}_same_optimum"] else "NOT the same optimum"
    return f"{row[f'{name}_solve_s']:.2f} s, {row[f'{name}_ratio']}×, {same}"


def table(rows):
    """The markdown table of docs/benchmarks.md: one row per (shape, size)."""
    lines = ["| shape | requests | units | edges | auto picks | score s | solve s | score+solve s "
             "| peak MB | OR-Tools: solve s, ÷ auto's, optimum | matched ÷ greedy | "
             "total ÷ greedy | matched ÷ stable | total ÷ stable | other backends |",
             "|" + "---|" * 15]
    for r in rows:
        if "failed" in r:
            lines.append(f"| {r['shape']} | {r['requests']:,} | {r['failed']} |" + " |" * 12)
            continue
        others = "; ".join(f"{name} {_versus(r, name)}" for name in r["compared_with"]
                           if name != "ortools")
        lines.append(
            f"| {r['shape']} | {r['requests']:,} | {r['units']:,} | {r['edges']:,} "
            f"| {r['backend']} | {r['seconds_to_score']:.2f} | {r['seconds_to_solve']:.2f} "
            f"| {r['score_plus_solve']:.2f} | {r['peak_memory_mb']:,.0f} | {_versus(r, 'ortools')} "
            f"| {r['matched_vs_greedy']} | {r['total_vs_greedy']} | {r['matched_vs_stable']} "
            f"| {r['total_vs_stable']} | {others or '-'} |")
    return "\n".join(lines)


def measure(shape, size, args):
    """Build, score and solve one market with auto, then the other backends on its graph."""
    with tempfile.TemporaryDirectory(prefix="binome-matching-bench-") as folder:
        graph = Path(folder) / "graph.npz"
        built = run(["--shape", shape, "--requests", size, "--seed", args.seed,
                     "--objective", args.objective, "--save", graph])
        if "failed" in built:
            return {"shape": shape, "requests": size, **built}
        others = {}
        for backend in ["ortools", *args.backends]:
            if backend == "ortools" and size > args.ortools_up_to:
                others[backend] = {
                    "failed": f"not run (over --ortools-up-to {args.ortools_up_to:,})"}
                continue
            others[backend] = run(["--graph", graph, "--backend", backend, "--objective",
                                   args.objective, "--no-baselines"], args.memory_limit_gb)
        return compare(built, others)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--objective", default="most_matched")
    parser.add_argument("--backends", nargs="*", default=[],
                        choices=("auction", "paths", "scipy", "networkx"),
                        help="more backends solving the same graphs, for comparison")
    parser.add_argument("--ortools-up-to", type=int, default=max(SIZES),
                        help="largest size OR-Tools runs at")
    parser.add_argument("--memory-limit-gb", type=float, default=16.0,
                        help="address space of each comparison run (OR-Tools may need more "
                             "than 15 GB at a million requests)")
    args = parser.parse_args(argv)
    # Once, untimed: compiles the market's and the solvers' code into numba's cache (seconds, the
    # first time after a change), which the first timed run would otherwise pay.
    for shape in ("balanced", "scarce"):
        run(["--shape", shape, "--requests", 20_000, "--no-baselines"])
    rows = [measure(shape, size, args) for size in args.sizes for shape in args.shapes]
    print()
    print(table(rows))
    print()
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
