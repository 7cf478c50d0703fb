"""The benchmarks' one runner (`make bench`): start-up, batch and memory, one results table.

Usage: python benchmarks/run.py [--only [PART ...]] [--runs N] [--rows N] [--batch-runs N]
                                [--memory-runs N] [--no-write] [--typer-versions V [V ...]]

Each part times whole processes side by side (benchmarks/timing.py: interleaved rounds in a
shuffled order, pinned to one CPU, medians with the spread of the round-by-round ratios) and gives
its figures as ratios: start-up against `python -c "import typer"` (startup_bench.py), `oms batch`
against a plain csv read+write and polars and duckdb (batch_bench.py), peak memory
(memory_bench.py). The runner prints each part's details, then the one results table, which it
writes to benchmarks/README.md between ``<!-- results:begin -->`` and ``<!-- results:end -->``
when every part ran (--no-write leaves the README alone). With --typer-versions it also times a
hello-world Typer app under each version (`make bench-typer`; needs pip and the package index),
into its own section. A goal not met is a result, not a failure: the exit status is 0.
"""

from __future__ import annotations

import argparse
import sys

import batch_bench
import memory_bench
import startup_bench
import timing
from timing import Figure

PARTS = ("startup", "batch", "memory")


def results_table(figures: list[Figure], header: str) -> str:
    """The one results table, as Markdown, under its header line."""
    lines = [header, "", "| part | measured | result | goal | |", "|---|---|---|---|---|"]
    for figure in figures:
        verdict = "" if figure.met is None else ("met" if figure.met else "**not met**")
        if figure.note:
            verdict = f"{verdict} ({figure.note})" if verdict else figure.note
        lines.append(
            f"| {figure.part} | {figure.what} | {figure.value} | {figure.goal} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Run the chosen parts (all by default), print the details and the table, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=PARTS, default=PARTS, metavar="PART",
                        help=f"run only these parts ({', '.join(PARTS)}); the README's table is "
                        "written only when all ran")  # fmt: skip
    parser.add_argument("--runs", type=int, default=80, help="start-up rounds (default 80)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="batch rows (1,000,000)")
    parser.add_argument("--batch-runs", type=int, default=5, help="batch rounds (default 5)")
    parser.add_argument("--memory-runs", type=int, default=2, help="memory runs (default 2)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave the README")
    parser.add_argument(
        "--typer-versions", nargs="+", metavar="V", help="also time hello world under these"
    )
    args = parser.parse_args()
    if args.runs < 2 or args.batch_runs < 2:
        parser.error("--runs and --batch-runs must be at least 2")

    load_before = timing.load()
    figures: list[Figure] = []
    if "startup" in args.only:
        details, found = startup_bench.startup(sys.executable, args.runs, warmup=5)
        print(f"\n{details}\n", flush=True)
        figures += found
    if "batch" in args.only:
        details, found = batch_bench.batch(batch_bench.Arguments(args.rows, args.batch_runs))
        print(f"\n{details}\n", flush=True)
        figures += found
    if "memory" in args.only:
        details, found = memory_bench.memory(args.memory_runs)
        print(f"\n{details}\n", flush=True)
        figures += found

    facts = timing.interpreter_facts(sys.executable)
    header = (
        f"Measured {timing.today()} with `make bench`: Python {facts['python']}, typer "
        f"{facts['typer']}, rich {facts['rich']}; {timing.machine()}; load average "
        f"{load_before} at the start, {timing.load()} at the end; start-up {args.runs} "
        f"interleaved rounds, batch {args.batch_runs} rounds of {args.rows:,} rows, peak memory "
        f"the median of {args.memory_runs} runs; ratios are of wall time, medians over medians, "
        "with the interquartile range of the round-by-round ratios (start-up also gives the ratio "
        "of median CPU times); a goal is met when the wall-time ratio is within it."
    )
    if figures:
        table = results_table(figures, header)
        print(table)
        if not args.no_write and set(args.only) == set(PARTS):
            timing.write_section("results", table)
    if args.typer_versions:
        versions = startup_bench.typer_versions(
            sys.executable, args.typer_versions, args.runs, warmup=5
        )
        print(f"\n{versions}")
        if not args.no_write:
            timing.write_section("typer-versions", versions)
    missed = [figure.what for figure in figures if figure.met is False]
    print(f"\ngoals not met: {len(missed)} of {sum(f.met is not None for f in figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
