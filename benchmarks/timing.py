"""Shared helpers for the benchmark scripts: whole-process timing, the machine, README sections.

Every `*_bench.py` script in this folder can ``import timing`` (the script's folder is first on
``sys.path``). Nothing here is specific to one command.

Timing is interleaved: each round runs every command once, in a fresh random order, so that a
change of machine load (other jobs on a shared 2-core machine) falls on all commands alike and the
ratios between them stay meaningful even when the absolute times drift.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
README = HERE / "README.md"


@dataclass(frozen=True)
class Command:
    """One thing to time: a label for the table and the argv to start (argv[0] an absolute path)."""

    label: str
    argv: tuple[str, ...]
    stdin: Path | None = None
    """File to read as standard input; /dev/null when None."""
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables set for this command only."""


@dataclass
class Samples:
    """What the kernel reports for each timed run of one command."""

    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    """User plus system CPU time of the child: less sensitive to other jobs than wall time."""
    max_rss_kib: list[int] = field(default_factory=list)
    """Peak resident memory of the child."""


@dataclass(frozen=True)
class Figure:
    """One line of the results table: what was measured, its ratio, and its goal if it has one."""

    part: str
    """start-up, batch or memory."""
    what: str
    value: str
    goal: str = ""
    met: bool | None = None
    """None for a figure reported without a goal."""
    note: str = ""


@dataclass(frozen=True)
class Summary:
    """Median and spread of a list of numbers."""

    median: float
    q1: float
    q3: float
    minimum: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        """Summarise at least two values."""
        q1, _, q3 = statistics.quantiles(values, n=4)
        return cls(statistics.median(values), q1, q3, min(values), len(values))

    def ms(self) -> str:
        """As "median (q1-q3)" milliseconds."""
        return f"{self.median:.1f} ({self.q1:.1f}-{self.q3:.1f})"


def run_once(command: Command, env: dict[str, str]) -> tuple[float, float, int, int]:
    """Start the command once, output discarded: wall ms, CPU ms, peak RSS KiB, exit code."""
    stdin_path = command.stdin or Path(os.devnull)
    with stdin_path.open("rb") as stdin, open(os.devnull, "wb") as devnull:
        actions = [
            (os.POSIX_SPAWN_DUP2, stdin.fileno(), 0),
            (os.POSIX_SPAWN_DUP2, devnull.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, devnull.fileno(), 2),
        ]
        start = time.perf_counter_ns()
        pid = os.posix_spawn(
            command.argv[0], list(command.argv), {**env, **dict(command.env)}, file_actions=actions
        )
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter_ns() - start) / 1e6
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def verify(command: Command, env: dict[str, str], expected_exit: int = 0) -> None:
    """Run the command once with its output kept; raise if it fails, so nothing broken is timed."""
    stdin_path = command.stdin or Path(os.devnull)
    with stdin_path.open("rb") as stdin:
        result = subprocess.run(
            command.argv,
            stdin=stdin,
            capture_output=True,
            env={**env, **dict(command.env)},
            check=False,
            timeout=600,
        )
    if result.returncode != expected_exit:
        raise RuntimeError(
            f"{command.label}: exit {result.returncode}, expected {expected_exit}\n"
            f"{result.stderr.decode(errors='replace')[-2000:]}"
        )


@contextlib.contextmanager
def one_cpu() -> Iterator[str]:
    """Run this process, and the commands it starts, on one CPU; yields a note for the table.

    On this 2-core VM a process that moves between cores in mid-run is slowed unevenly: pinned,
    the median of `import typer` fell from about 90-105 ms to 73 ms, close to its least time,
    and ratios repeated within 0.03x instead of 0.2x. Elsewhere (no affinity API, or one CPU)
    nothing changes.
    """
    if not hasattr(os, "sched_setaffinity"):
        yield "not pinned to a CPU"
        return
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        yield "one CPU"
        return
    cpu = max(allowed)
    os.sched_setaffinity(0, {cpu})
    try:
        yield f"pinned to CPU {cpu}"
    finally:
        os.sched_setaffinity(0, allowed)


def measure(
    commands: list[Command], runs: int, warmup: int, env: dict[str, str], seed: int = 0
) -> dict[str, Samples]:
    """Time every command `runs` times, interleaved in shuffled rounds after `warmup` rounds.

    Call it inside `one_cpu()` for steadier times.
    """
    samples = {command.label: Samples() for command in commands}
    order = list(commands)
    shuffle = random.Random(seed).shuffle
    for round_number in range(warmup + runs):
        shuffle(order)
        for command in order:
            wall, cpu, rss, _ = run_once(command, env)
            if round_number >= warmup:
                kept = samples[command.label]
                kept.wall_ms.append(wall)
                kept.cpu_ms.append(cpu)
                kept.max_rss_kib.append(rss)
    return samples


def ratio(samples: Samples, floor: Samples) -> tuple[float, Summary]:
    """Median over floor median, and the spread of the per-round ratios (same round, same load)."""
    paired = [a / b for a, b in zip(samples.wall_ms, floor.wall_ms, strict=True)]
    return statistics.median(samples.wall_ms) / statistics.median(floor.wall_ms), Summary.of(paired)


def interpreter_facts(python: str, packages: tuple[str, ...] = ("typer", "rich")) -> dict[str, str]:
    """Python version and package versions as the benchmarked interpreter sees them."""
    script = (
        "import sys, importlib.metadata as m\n"
        "print(sys.version.split()[0])\n"
        f"for name in {packages!r}:\n"
        "    try: print(m.version(name))\n"
        "    except m.PackageNotFoundError: print('not installed')\n"
    )
    lines = subprocess.run(
        [python, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return {"python": lines[0], **dict(zip(packages, lines[1:], strict=True))}


def machine() -> str:
    """Core count, CPU model and kernel, as one line."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


def load() -> str:
    """The 1-minute load average, to show how busy the machine was."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def today() -> str:
    """Today's date (UTC), ISO format."""
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def write_section(name: str, body: str, readme: Path = README) -> None:
    """Put `body` between ``<!-- name:begin -->`` and ``<!-- name:end -->`` in the README.

    Only that section changes, so scripts never overwrite each other's results; a missing section
    is added at the end. The file is replaced whole (temporary file, then rename).
    """
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    block = f"{begin}\n{body.strip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=readme.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, readme)
