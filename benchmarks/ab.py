"""A/B timings of start-up tricks, each against the plain code, in one interleaved run.

Not a ``*_bench.py`` (``make bench`` does not run it, and it rewrites no table): it answers one
question when a trick is reviewed, "what does it buy?", and benchmarks/README.md records the
answer ("Start-up tricks, reviewed"). Run on one CPU, as the start-up table is:

    taskset -c 0 .venv/bin/python benchmarks/ab.py --runs 40

Each variant is a whole process started the same way (a small script that pauses the collector
as `oms_cli.__main__` does), so that only the trick differs:

- ``lazy``: `oms check --no-input --format json` with all six findings, as shipped
  (`oms_cli.cli.process.lazy_group` builds only the command it runs);
- ``eager``: the same with typer's own build of every command (`typer.main.get_command`);
- ``namedtuple`` / ``dataclass``: ``import typer`` and then 10 record classes of 2-10 fields (as
  many as the JSON path defines), as NamedTuples or as frozen, slotted dataclasses;
- ``import typer``: the floor of the interface contract.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from timing import Command, measure, one_cpu, ratio

ALL_SIX = ("--neuroblastoma", "--opsoclonus", "--myoclonus", "--ataxia", "--behavior", "--sleep")
FIELDS = (4, 3, 10, 2, 2, 6, 3, 6, 4, 4)
"""Fields of each NamedTuple record the JSON path defines (rules, content, sources, ...)."""

RUN_OMS = """\
import gc, sys
gc.disable()
try:
    import oms_cli.cli.process as process
    {patch}
    from oms_cli.cli.app import main
    main()
finally:
    gc.freeze()
"""
EAGER = "from typer.main import get_command; process.lazy_group = get_command"
RECORDS = """\
import gc
gc.disable()
import typer
{imports}
{classes}
"""


def _records(kind: str) -> str:
    if kind == "namedtuple":
        imports = "from typing import NamedTuple"
        classes = "\n".join(
            f"class R{i}(NamedTuple):\n" + "".join(f"    f{j}: int\n" for j in range(n))
            for i, n in enumerate(FIELDS)
        )
    else:
        imports = "from dataclasses import dataclass"
        classes = "\n".join(
            f"@dataclass(frozen=True, slots=True)\nclass R{i}:\n"
            + "".join(f"    f{j}: int\n" for j in range(n))
            for i, n in enumerate(FIELDS)
        )
    return RECORDS.format(imports=imports, classes=classes)


def main() -> None:
    """Time the variants and print each one's median and its ratio to ``import typer``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        scripts = {
            "lazy": RUN_OMS.format(patch="pass"),
            "eager": RUN_OMS.format(patch=EAGER),
            "namedtuple": _records("namedtuple"),
            "dataclass": _records("dataclass"),
        }
        commands = [Command("import typer", (python, "-c", "import typer"))]
        for name, text in scripts.items():
            path = Path(folder) / f"{name}.py"
            path.write_text(text, encoding="utf-8")
            extra = (
                ("check", "--no-input", "--format", "json", *ALL_SIX)
                if name in {"lazy", "eager"}
                else ()
            )
            commands.append(Command(name, (python, str(path), *extra)))
        env = {"NO_COLOR": "1", "COLUMNS": "100"}
        with one_cpu() as pinned:
            samples = measure(commands, args.runs, warmup=5, env=env)
    floor = samples["import typer"]
    print(f"{args.runs} interleaved rounds, {pinned}")
    for command in commands:
        kept = samples[command.label]
        median = statistics.median(kept.wall_ms)
        times, spread = ratio(kept, floor)
        print(
            f"{command.label:14} {median:6.1f} ms  {times:.3f}x ({spread.q1:.3f}-{spread.q3:.3f})"
        )


if __name__ == "__main__":
    main()
