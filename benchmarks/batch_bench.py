"""`oms batch` CSV to CSV against a plain Python csv read+write copy of the same file.

Both run as whole processes on the same interpreter, side by side in one run, each repeated; the
median wall time is compared (hyperfine when it is installed, else a timing loop here). The copy
is the fastest plain one: ``csv.writer(out).writerows(csv.reader(in))``, all in C.

Run from the repository root:  .venv/bin/python benchmarks/batch_bench.py [--rows N] [--runs N]
It prints the results and rewrites only its own section of benchmarks/README.md (between
``<!-- batch:begin -->`` and ``<!-- batch:end -->``); --no-write leaves the README alone.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import datetime
import importlib.metadata
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def median_with_hyperfine(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median wall seconds of each command, measured by hyperfine, interleaved warm-ups."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(
            [
                "hyperfine",
                "--style",
                "none",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "-N",
                "--export-json",
                export.name,
                *(subprocess.list2cmdline(command) for command in commands),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # warnings about outliers: the medians are reported
        )
        results = json.loads(Path(export.name).read_text())["results"]
    return [result["median"] for result in results]


def median_with_loop(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median wall seconds of each command, alternating the commands run by run."""
    times: list[list[float]] = [[] for _ in commands]
    for attempt in range(runs + 2):
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
            if attempt >= 2:  # the first two are warm-ups
                times[index].append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in times]


def main() -> None:
    """Generate the inputs, time both commands on each, print the Markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="print only; leave the README")
    arguments = parser.parse_args()

    compileall.compile_dir(ROOT / "oms_cli", quiet=1)  # time the run, not the first compile
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    timer = median_with_hyperfine if shutil.which("hyperfine") else median_with_loop
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy_script = work / "copy.py"
        copy_script.write_text(COPY)
        for label, words, quoted in INPUTS:
            cases = work / "cases.csv"
            generate(cases, arguments.rows, words, quoted=quoted)
            copy = [sys.executable, str(copy_script), str(cases), str(work / "copy.csv")]
            oms = [
                *oms_command(),
                "batch",
                str(cases),
                "--output",
                str(work / "out.csv"),
                "--force",
            ]
            copy_time, oms_time = timer([copy, oms], arguments.runs, env)
            size = cases.stat().st_size / 1e6
            rows.append((label, size, copy_time, oms_time))

    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("typer", "rich"))
    lines = [
        f"Measured {datetime.date.today().isoformat()} with {timer.__name__.split('_')[-1]}, "
        f"median of {arguments.runs} runs each (after 2 warm-ups), {arguments.rows:,} rows.",
        f"Python {platform.python_version()}, {versions}; {timing.machine()}.",
        "",
        "| input | size | csv copy | `oms batch` | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, size, copy_time, oms_time in rows:
        lines.append(
            f"| {label} | {size:.1f} MB | {copy_time * 1000:.0f} ms | {oms_time * 1000:.0f} ms "
            f"| {oms_time / copy_time:.2f}x |"
        )
    body = "\n".join(lines)
    print(body)
    if not arguments.no_write:
        timing.write_section(SECTION, body)


if __name__ == "__main__":
    main()
