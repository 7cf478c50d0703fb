"""`oms batch` CSV to CSV against a plain Python csv read+write copy of the same file.

Both run as whole processes on the same interpreter, interleaved round by round (each round runs
both, in a shuffled order) on one CPU, with `benchmarks/timing.py`, as the start-up benchmark
does. The ratio is the median over the median, with the spread of the round-by-round ratios (one
round: the same load on both). The copy is the fastest plain one:
``csv.writer(out).writerows(csv.reader(in))``, all in C. ``--instructions`` also counts each
command's instructions once under valgrind's cachegrind: those repeat within a fraction of a per
cent where wall time on a shared machine does not, but they leave out time lost to memory.

Run from the repository root:  .venv/bin/python benchmarks/batch_bench.py [--rows N] [--runs N]
It prints the results and rewrites only its own section of benchmarks/README.md (between
``<!-- batch:begin -->`` and ``<!-- batch:end -->``); --no-write leaves the README alone.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import timing  # benchmarks/timing.py: this script runs from its own folder

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
SECTION = "batch"
FINDINGS = ("neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep")
COPY = """\
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    csv.writer(target).writerows(csv.reader(source))
"""
# What the generated files hold: one spelling a file is what real exports look like; the mixed
# file spells every answer six ways (46,656 distinct rows); the quoted file quotes every id, which
# takes the general reader instead of the plain-chunk lookup.
INPUTS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("one spelling (yes/no/empty)", ("yes", "no", ""), False),
    ("mixed spellings (yes/y/no/n/unknown/empty)", ("yes", "y", "no", "n", "unknown", ""), False),
    ('every id quoted ("Smith, J 1")', ("yes", "no", ""), True),
)


def generate(path: Path, rows: int, words: tuple[str, ...], *, quoted: bool) -> None:
    """A CSV file of cases with an id column and the six findings."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["id", *FINDINGS])
        for n in range(rows):
            ident = f"Smith, J {n}" if quoted else f"P{n:07d}"
            writer.writerow([ident, *(rng.choice(words) for _ in FINDINGS)])


def oms_command() -> list[str]:
    """The installed `oms` script beside this interpreter, else ``python -m oms_cli``."""
    script = Path(sys.executable).with_name("oms")
    return [str(script)] if script.exists() else [sys.executable, "-m", "oms_cli"]


def instructions(argv: list[str], env: dict[str, str]) -> int | None:
    """Instructions one run of the command executes (cachegrind), None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    tool = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    result = subprocess.run(
        [*tool, *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def main() -> None:
    """Generate the inputs, time both commands on each, print the Markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind, slow)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave the README")
    arguments = parser.parse_args()

    compileall.compile_dir(ROOT / "oms_cli", quiet=1)  # time the run, not the first compile
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    facts = timing.interpreter_facts(sys.executable)
    load_before = timing.load()
    rows = []
    with tempfile.TemporaryDirectory() as folder, timing.one_cpu() as pinned:
        work = Path(folder)
        copy_script = work / "copy.py"
        copy_script.write_text(COPY)
        for label, words, quoted in INPUTS:
            cases = work / "cases.csv"
            generate(cases, arguments.rows, words, quoted=quoted)
            copy = timing.Command(
                "copy", (sys.executable, str(copy_script), str(cases), str(work / "copy.csv"))
            )
            oms = timing.Command(
                "oms",
                (*oms_command(), "batch", str(cases), "--output", str(work / "out.csv"), "--force"),
            )
            for command in (copy, oms):
                timing.verify(command, env)
            samples = timing.measure([copy, oms], arguments.runs, arguments.warmup, env)
            ratio, spread = timing.ratio(samples["oms"], samples["copy"])
            cpu = statistics.median(samples["oms"].cpu_ms) / statistics.median(
                samples["copy"].cpu_ms
            )
            counted = ""
            if arguments.instructions:
                of_copy, of_oms = (instructions(list(c.argv), env) for c in (copy, oms))
                counted = f"{of_oms / of_copy:.2f}x" if of_copy and of_oms else "n/a"
            size = cases.stat().st_size / 1e6
            rows.append((label, size, samples, ratio, spread, cpu, counted))

    lines = [
        f"Measured {timing.today()}: Python {facts['python']}, typer {facts['typer']}, rich "
        f"{facts['rich']}; {timing.machine()}; load average {load_before} before, "
        f"{timing.load()} after; {arguments.runs} interleaved rounds after {arguments.warmup} "
        f"warm-up rounds, {pinned}; {arguments.rows:,} rows.",
        "",
        "| input | size | csv copy wall ms | `oms batch` wall ms | ratio (round by round) "
        "| CPU time ratio | instructions ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, size, samples, ratio, spread, cpu, counted in rows:
        copy_ms = statistics.median(samples["copy"].wall_ms)
        oms_ms = statistics.median(samples["oms"].wall_ms)
        lines.append(
            f"| {label} | {size:.1f} MB | {copy_ms:.0f} | {oms_ms:.0f} | {ratio:.2f}x "
            f"({spread.q1:.2f}-{spread.q3:.2f}) | {cpu:.2f}x | {counted or 'not counted'} |"
        )
    body = "\n".join(lines)
    print(body)
    if not arguments.no_write:
        timing.write_section(SECTION, body)


if __name__ == "__main__":
    main()
