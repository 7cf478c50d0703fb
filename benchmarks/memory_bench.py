"""Peak memory of `oms batch` on 10,000 rows against 1,000,000 rows: it must stay flat.

`oms batch` streams: it holds a chunk of input, a chunk of output and small caches (spellings met,
at most 100,000, `rows.CACHE_LIMIT`; combinations of finding cells, at most 10,000,
`reading.CELLS_CACHED`; at most 729 combinations of answers), never the file. This script
checks it from outside, as the kernel sees it: the peak resident memory (``ru_maxrss``) of the
whole process, for the same kind of input at each size, beside the plain csv copy that
batch_bench.py uses as its floor. A third size, 2,000,000 rows, shows whether memory still grows
once the caches have seen every distinct row the input has (or are full). Besides batch_bench.py's
three inputs (ordinary, mixed spellings, clinic export), a fourth spells every answer in random
case: almost every row is new, the worst case for the caches.

Used by benchmarks/run.py (`make bench`), the one runner: `memory` returns the details (printed)
and the figures of the results table.
"""

from __future__ import annotations

import compileall
import csv
import itertools
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

import timing  # benchmarks/timing.py: this script runs from its own folder
from batch_bench import CLINIC_UNKNOWN, COPY, FINDINGS, generate
from timing import Command, Figure

LIMIT_MIB = 64
"""The contract's bound on the peak memory of `oms batch`."""
ANY_CASE = tuple(
    "".join(letters)
    for word in ("yes", "no", "unknown", "y", "n", "u", "true", "false")
    for letters in itertools.product(*((letter, letter.upper()) for letter in word))
)
"""Every answer word in every mix of upper and lower case (194 spellings): a file made to defeat
the caches, with a new spelling of a row on almost every line."""
INPUTS_HERE = (
    ("ordinary export (one spelling)", "ordinary"),
    ("mixed spellings (eleven, cell by cell)", "mixed"),
    ("clinic export (11 columns)", "clinic"),
    ("every answer in random case (yEs/No/...)", "any-case"),
)
SIZES = (10_000, 1_000_000, 2_000_000)
FLAT = 1.10
"""Largest peak-memory ratio, 1,000,000 rows over 10,000, that counts as flat."""
STOPPED = 1.02
"""Largest ratio, 2,000,000 rows over 1,000,000, that counts as having stopped growing."""


def verdict(small: float, large: float, larger: float) -> str:
    """Flat; else bounded (grew, then stopped: caches filling up); else still growing."""
    if large / small <= FLAT:
        return "flat: met"
    if larger / large <= STOPPED:
        return "not flat, bounded: grows while the caches fill, then stops"
    return "**still growing**"


def peak_mib(command: Command, runs: int, env: dict[str, str]) -> float:
    """Median over runs of the peak resident memory of the process, in MiB; fails on an error."""
    timing.verify(command, env)
    peaks = []
    for _ in range(runs):
        _, _, rss_kib, code = timing.run_once(command, env)
        if code != 0:
            raise RuntimeError(f"{command.label}: exit {code}")
        peaks.append(rss_kib / 1024)
    return statistics.median(peaks)


def any_case(path: Path, rows: int) -> None:
    """The worst case for the caches: every answer in a random mix of upper and lower case."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["id", *FINDINGS])
        for n in range(rows):
            writer.writerow([f"P{n:07d}", *(rng.choice(ANY_CASE) for _ in FINDINGS)])


def memory(runs: int = 2) -> tuple[str, list[Figure]]:
    """Generate each size of each input, measure peak memory: the details and the figures."""
    compileall.compile_dir(timing.REPO / "oms_cli", quiet=1)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["NO_COLOR"] = "1"
    results: list[tuple[str, list[float], list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy_script = work / "copy.py"
        copy_script.write_text(COPY)
        oms_script = str(Path(sys.executable).with_name("oms"))
        for label, kind in INPUTS_HERE:
            oms_peaks: list[float] = []
            copy_peaks: list[float] = []
            options = ("--id-column", "MRN", "--unknown-values", ",".join(CLINIC_UNKNOWN))
            for rows in SIZES:
                cases = work / f"cases-{rows}.csv"
                if kind == "any-case":
                    any_case(cases, rows)
                else:
                    generate(cases, rows, kind)
                out = str(work / "out.csv")
                oms: tuple[str, ...] = (oms_script, "batch", str(cases), "--output", out)
                oms += ("--force", *(options if kind == "clinic" else ()))
                copy = (sys.executable, str(copy_script), str(cases), str(work / "copy.csv"))
                oms_peaks.append(peak_mib(Command(f"oms batch, {rows} rows", oms), runs, env))
                copy_peaks.append(peak_mib(Command(f"copy, {rows} rows", copy), runs, env))
                cases.unlink()
            results.append((label, oms_peaks, copy_peaks))

    facts = timing.interpreter_facts(sys.executable)
    lines = [
        f"Measured {timing.today()}: Python {facts['python']}, typer {facts['typer']}, rich "
        f"{facts['rich']}; {timing.machine()}. Peak resident memory (median of {runs} "
        "runs) of the whole process, CSV to CSV with `--output`; flat means the 1,000,000-row "
        f"peak is at most {FLAT:.2f}x the 10,000-row one; bounded, that the 2,000,000-row peak is "
        f"at most {STOPPED:.2f}x the 1,000,000-row one.",
        "",
        "| input | `oms batch` 10k rows | 1M | 2M | 1M / 10k | 2M / 1M | csv copy 10k / 2M "
        "| goal: flat |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, (small, large, larger), (copy_small, _, copy_larger) in results:
        lines.append(
            f"| {label} | {small:.1f} MiB | {large:.1f} MiB | {larger:.1f} MiB "
            f"| {large / small:.2f}x | {larger / large:.2f}x "
            f"| {copy_small:.1f} / {copy_larger:.1f} MiB | {verdict(small, large, larger)} |"
        )
    body = "\n".join(lines)
    largest = max(peak for _, peaks, _ in results for peak in peaks)
    growth = max(large / small for _, (small, large, _), _ in results)
    return body, [
        Figure(
            "memory",
            "`oms batch` peak memory, largest of the four inputs at 10k, 1M and 2M rows",
            f"{largest:.1f} MiB",
            f"< {LIMIT_MIB} MiB",
            largest < LIMIT_MIB,
        ),
        Figure(
            "memory",
            "`oms batch` peak memory, 1M rows over 10k rows, largest of the four inputs",
            f"{growth:.2f}x",
            f"<= {FLAT:.2f}x (flat)",
            growth <= FLAT,
        ),
    ]
