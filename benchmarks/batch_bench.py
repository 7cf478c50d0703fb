"""`oms batch` CSV to CSV against a plain csv copy of the same file, and against polars and duckdb.

Three generated inputs of 1,000,000 rows: an ordinary export (id and the six findings, one
spelling a file), the same with spellings that vary cell by cell (eleven of them), and a clinic
export (11 columns: MRN, name, date of birth, site, the six findings in mixed spellings with
"N/A", "not done" and "pending" for unknown, a quoted notes column), read with
``--id-column MRN --unknown-values "N/A,not done,pending"``. On each: a plain Python copy
(``csv.writer(out).writerows(csv.reader(in))``, all in C), `oms batch --output`, and, when the
``bench`` extra is installed (`make bench` installs it), polars and duckdb computing the same rule
from the same file into a CSV file of the same columns. Their verdict counts must equal oms's,
or the script stops.

All run as whole processes, interleaved round by round in a shuffled order on one CPU
(`benchmarks/timing.py`); the ratios are medians over medians, with the spread of the
round-by-round ratios; peak memory is the largest resident size of the process.

Used by benchmarks/run.py (`make bench`), the one runner: `batch` returns the details (printed)
and the figures of the results table.
"""

from __future__ import annotations

import compileall
import csv
import importlib.util
import os
import random
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import timing  # benchmarks/timing.py: the runner runs from this folder
from timing import Figure

ROOT = Path(__file__).resolve().parents[1]
FINDINGS = ("neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep")
YES, NO, UNKNOWN = ("yes", "Y", "true", "1"), ("no", "n", "False", "0"), ("", "unknown", "U")
CLINIC_UNKNOWN = ("N/A", "not done", "pending")
COPY = """\
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    csv.writer(target).writerows(csv.reader(source))
"""
# The rule, as a columnar engine would be asked for it: each finding's spelling to yes/no/unknown,
# each criterion met (a yes), not met (every finding no) or unknown, then the verdict. Arguments:
# input, output, id column, extra unknown spellings (comma-separated).
POLARS = """\
import sys
import polars as pl
source, target, id_column, extra = sys.argv[1:5]
words = {w: "yes" for w in ("yes", "y", "true", "1")}
words |= {w: "no" for w in ("no", "n", "false", "0")}
words |= {w: "unknown" for w in ("", "unknown", "u", *filter(None, extra.lower().split(",")))}
findings = ["neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep"]
frame = pl.scan_csv(source, infer_schema=False).select(
    pl.col(id_column).alias("id"),
    *(pl.col(f).fill_null("").str.strip_chars().str.to_lowercase()
      .replace_strict(words).alias(f) for f in findings),
)
def status(*names):
    yes = pl.any_horizontal([pl.col(n) == "yes" for n in names])
    no = pl.all_horizontal([pl.col(n) == "no" for n in names])
    met, not_met, unknown = pl.lit("met"), pl.lit("not_met"), pl.lit("unknown")
    return pl.when(yes).then(met).when(no).then(not_met).otherwise(unknown)
criteria = {"neuroblastoma": status("neuroblastoma"), "opsoclonus": status("opsoclonus"),
            "myoclonus_ataxia": status("myoclonus", "ataxia"),
            "behavior_sleep": status("behavior", "sleep")}
frame = frame.with_columns(**{k: v for k, v in criteria.items() if k not in findings},
                           **{"c_" + k: v for k, v in criteria.items() if k in findings})
cols = ["c_neuroblastoma", "c_opsoclonus", "myoclonus_ataxia", "behavior_sleep"]
met = pl.sum_horizontal([(pl.col(c) == "met").cast(pl.Int8) for c in cols])
unknown = pl.sum_horizontal([(pl.col(c) == "unknown").cast(pl.Int8) for c in cols])
frame = frame.with_columns(met_count=met, unknown_count=unknown).with_columns(
    verdict=pl.when(pl.col("met_count") >= 3).then(pl.lit("met"))
    .when(pl.col("met_count") + pl.col("unknown_count") < 3).then(pl.lit("not_met"))
    .otherwise(pl.lit("undetermined")))
frame.select("id", "verdict", "met_count", "unknown_count",
             pl.col("c_neuroblastoma").alias("neuroblastoma"),
             pl.col("c_opsoclonus").alias("opsoclonus"), "myoclonus_ataxia",
             "behavior_sleep").sink_csv(target)
"""
DUCKDB = """\
import sys
import duckdb
source, target, id_column, extra = sys.argv[1:5]
unknown = ["", "unknown", "u", *filter(None, extra.lower().split(","))]
def answer(f):
    v = f"lower(trim(coalesce({f}, '')))"
    known = ", ".join("'" + w.replace("'", "''") + "'" for w in unknown)
    return (f"CASE WHEN {v} IN ('yes','y','true','1') THEN 'yes' WHEN {v} IN ('no','n','false','0')"
            f" THEN 'no' WHEN {v} IN ({known}) THEN 'unknown' END AS {f}")
def status(*names):
    yes = " OR ".join(f"{n} = 'yes'" for n in names)
    no = " AND ".join(f"{n} = 'no'" for n in names)
    return f"CASE WHEN {yes} THEN 'met' WHEN {no} THEN 'not_met' ELSE 'unknown' END"
findings = ["neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep"]
cols = {"c_nb": status("neuroblastoma"), "c_op": status("opsoclonus"),
        "c_ma": status("myoclonus", "ataxia"), "c_bs": status("behavior", "sleep")}
met = " + ".join(f"({c} = 'met')::INT" for c in cols)
unk = " + ".join(f"({c} = 'unknown')::INT" for c in cols)
duckdb.sql(f'''
COPY (
  WITH a AS (SELECT "{id_column}" AS id, {", ".join(answer(f) for f in findings)}
             FROM read_csv('{source}', all_varchar=true, header=true)),
  s AS (SELECT id, {", ".join(f"{v} AS {k}" for k, v in cols.items())} FROM a),
  n AS (SELECT *, {met} AS met_count, {unk} AS unknown_count FROM s)
  SELECT id, CASE WHEN met_count >= 3 THEN 'met' WHEN met_count + unknown_count < 3
         THEN 'not_met' ELSE 'undetermined' END AS verdict, met_count, unknown_count,
         c_nb AS neuroblastoma, c_op AS opsoclonus, c_ma AS myoclonus_ataxia,
         c_bs AS behavior_sleep
  FROM n
) TO '{target}' (HEADER, DELIMITER ',')
''')
"""


def generate(path: Path, rows: int, kind: str) -> None:
    """One of the three inputs: "ordinary", "mixed" or "clinic"."""
    rng = random.Random(7)
    first = ["Jane", "Max", "Ann", "Lee", "Ravi", "Mia", "Noor", "Tom"]
    last = ["Doe", "Roe", "Poe", "Moe", "Smith", "García", "Nguyen", "Okafor"]
    notes = ["", "first visit", 'seen by Dr. X, "calm"', "follow-up, 3 months", "referred\nby GP"]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        if kind == "clinic":
            writer.writerow(["MRN", "name", "dob", "site", *FINDINGS, "notes"])
        else:
            writer.writerow(["id", *FINDINGS])
        for n in range(rows):
            if kind == "ordinary":
                writer.writerow([f"P{n:07d}", *(rng.choice(("yes", "no", "")) for _ in FINDINGS)])
                continue
            spellings: tuple[str, ...] = (*YES, *NO, *UNKNOWN)
            if kind == "clinic":
                spellings += CLINIC_UNKNOWN
            cells = [rng.choice(spellings) for _ in FINDINGS]
            if kind == "mixed":
                writer.writerow([f"P{n:07d}", *cells])
                continue
            name = f"{rng.choice(last)}, {rng.choice(first)}"
            dob = f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            site = rng.choice(("North", "South", "East"))
            writer.writerow([f"{n:08d}", name, dob, site, *cells, rng.choice(notes)])


def verdicts(path: Path) -> Counter[str]:
    """How many rows of an output file have each verdict."""
    with path.open(newline="", encoding="utf-8") as file:
        return Counter(row["verdict"] for row in csv.DictReader(file))


@dataclass(frozen=True)
class Arguments:
    """How much to measure: rows of each input, timed rounds, warm-up rounds."""

    rows: int = 1_000_000
    runs: int = 5
    warmup: int = 1


Timed = tuple[str, float, dict[str, timing.Samples], list[str]]
"""One input: its label, its size in MB, the samples of each command, the engines timed."""


def batch(arguments: Arguments) -> tuple[str, list[Figure]]:
    """Generate the inputs, time every command on each: the details and the results' figures."""
    compileall.compile_dir(ROOT / "oms_cli", quiet=1)  # time the run, not the first compile
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    engines = [name for name in ("polars", "duckdb") if importlib.util.find_spec(name)]
    facts = timing.interpreter_facts(sys.executable, ("typer", "rich", *engines))
    load_before = timing.load()
    oms = str(Path(sys.executable).with_name("oms"))
    table: list[Timed] = []
    with tempfile.TemporaryDirectory() as folder, timing.one_cpu() as pinned:
        work = Path(folder)
        scripts = {"copy": COPY, "polars": POLARS, "duckdb": DUCKDB}
        for name, text in scripts.items():
            (work / f"run_{name}.py").write_text(text, encoding="utf-8")  # not polars.py
        for kind, label in (
            ("ordinary", "ordinary export (id, six findings, one spelling)"),
            ("mixed", "mixed spellings (eleven, cell by cell)"),
            ("clinic", "clinic export (11 columns, quoted notes, mixed spellings)"),
        ):
            cases = work / f"{kind}.csv"
            generate(cases, arguments.rows, kind)
            id_column, extra = ("MRN", ",".join(CLINIC_UNKNOWN)) if kind == "clinic" else ("id", "")
            options = ["--id-column", id_column, "--unknown-values", extra] if extra else []
            outputs = {name: work / f"out-{name}.csv" for name in ("copy", "oms", *engines)}
            commands = [
                timing.Command("copy", (sys.executable, str(work / "run_copy.py"), str(cases),
                                        str(outputs["copy"]))),
                timing.Command("oms", (oms, "batch", str(cases), "--output", str(outputs["oms"]),
                                       "--force", *options)),
                *(timing.Command(name, (sys.executable, str(work / f"run_{name}.py"), str(cases),
                                        str(outputs[name]), id_column, extra))
                  for name in engines),
            ]  # fmt: skip
            for command in commands:
                timing.verify(command, env)
            expected = verdicts(outputs["oms"])
            for name in engines:
                if verdicts(outputs[name]) != expected:
                    raise SystemExit(
                        f"{kind}: {name} counts {verdicts(outputs[name])}, oms {expected}"
                    )
            samples = timing.measure(commands, arguments.runs, arguments.warmup, env)
            table.append((label, cases.stat().st_size / 1e6, samples, engines))

    lines = [
        f"Measured {timing.today()}: Python {facts['python']}; "
        + ", ".join(f"{name} {facts[name]}" for name in engines)
        + f"; {timing.machine()}; load average {load_before} before, {timing.load()} after; "
        f"{arguments.runs} interleaved rounds after {arguments.warmup} warm-up, {pinned}; "
        f"{arguments.rows:,} rows. Verdict counts of polars and duckdb checked equal to oms's.",
        "",
        "| input | size | command | wall ms | rows/s | oms / this (round by round) | peak MiB |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for first, megabytes, samples, names in table:
        label, size = first, megabytes
        for name in ("copy", "oms", *names):
            wall = statistics.median(samples[name].wall_ms)
            rate = arguments.rows / wall * 1000
            peak = max(samples[name].max_rss_kib) / 1024
            against = "-"
            if name != "oms":
                ratio, spread = timing.ratio(samples["oms"], samples[name])
                against = f"{ratio:.2f}x ({spread.q1:.2f}-{spread.q3:.2f})"
            lines.append(
                f"| {label} | {size:.0f} MB | {name} | {wall:.0f} | {rate:,.0f} | {against} "
                f"| {peak:.0f} |"
            )
            label, size = "", 0.0
    body = "\n".join(lines).replace("| 0 MB |", "| |")
    return body, figures(table)


GOALS = {
    "ordinary": (("polars", 1.0), ("duckdb", 1.0), ("copy", None)),
    "mixed": (("polars", 2.0), ("duckdb", 2.0), ("copy", None)),
    "clinic": (("copy", 1.3), ("polars", None), ("duckdb", None)),
}
"""The contract's goals (interface.md, Speed): oms's time over each command's, at most this."""


def figures(table: list[Timed]) -> list[Figure]:
    """The batch lines of the results table: oms's time over the others', against the goals."""
    found = []
    for (label, _, samples, _), goals in zip(table, GOALS.values(), strict=True):
        for name, goal in goals:
            if name not in samples:
                found.append(
                    Figure(
                        "batch",
                        f"{label}: oms / {name}",
                        "not measured",
                        "",
                        False,
                        f"{name} is not installed (`make bench` installs it)",
                    )
                )
                continue
            value, spread = timing.ratio(samples["oms"], samples[name])
            shown = f"{value:.2f}x ({spread.q1:.2f}-{spread.q3:.2f})"
            if goal is None:
                found.append(Figure("batch", f"{label}: oms / {name}", shown))
            else:
                bound = "< 1x (ahead)" if goal == 1.0 else f"<= {goal:g}x"
                met = value < goal if goal == 1.0 else value <= goal
                found.append(Figure("batch", f"{label}: oms / {name}", shown, bound, met))
    return found
