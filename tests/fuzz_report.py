"""A pytest plugin for `make fuzz`: counts the fuzz cases that really ran and reports the total.

`tests/test_fuzz.py` adds one to `RUNS` each time it runs ``oms`` (every generated case, also
those hypothesis replays while shrinking), so the count is what ran, not what was configured.
Loaded with ``python -m pytest -p tests.fuzz_report``; with ``OMS_FUZZ_MIN_CASES`` set, a run
that fell short of that many cases fails, and with ``OMS_SIGNAL_RUNS`` set, a run in which any
timed signal case ran fewer times than that (each case's endings are listed).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

import pytest

RUNS: Counter[str] = Counter()
"""Cases run, by command."""
EXITS: Counter[int] = Counter()
"""Cases run, by exit code."""
SIGNAL_OUTCOMES: defaultdict[str, Counter[str]] = defaultdict(Counter)
"""Timed signal runs (tests/test_fuzz.py), by case and ending ("exit 143", "python start-up")."""
SIGNAL_PREFIX = "signal "
"""How `RUNS` names a timed signal case."""


def _signal_minimum() -> int:
    return int(os.environ.get("OMS_SIGNAL_RUNS", "0"))


def _short_signal_cases() -> list[str]:
    """Timed signal cases that ran fewer times than OMS_SIGNAL_RUNS asks for."""
    minimum = _signal_minimum()
    return [
        name for name, count in RUNS.items() if name.startswith(SIGNAL_PREFIX) and count < minimum
    ]


def _minimum() -> int:
    return int(os.environ.get("OMS_FUZZ_MIN_CASES", "0"))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when it ran fewer cases than OMS_FUZZ_MIN_CASES asks for."""
    short = sum(RUNS.values()) < _minimum() or _short_signal_cases()
    if exitstatus == pytest.ExitCode.OK and short:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many cases ran, in total and by command."""
    total = sum(RUNS.values())
    commands = ", ".join(f"{command} {count}" for command, count in sorted(RUNS.items()))
    exits = ", ".join(f"exit {code}: {count}" for code, count in sorted(EXITS.items()))
    terminalreporter.section("fuzz")
    terminalreporter.write_line(f"fuzz: {total} cases run ({commands})")
    terminalreporter.write_line(f"fuzz: endings: {exits}")
    for name, outcomes in sorted(SIGNAL_OUTCOMES.items()):
        endings = ", ".join(f"{ending}: {count}" for ending, count in sorted(outcomes.items()))
        terminalreporter.write_line(f"fuzz: signal {name}: {endings}")
    minimum = _minimum()
    if total < minimum:
        terminalreporter.write_line(f"fuzz: FAILED: fewer than the {minimum} cases required")
    for name in _short_signal_cases():
        terminalreporter.write_line(
            f"fuzz: FAILED: {name} ran {RUNS[name]} times, fewer than {_signal_minimum()}"
        )
