"""A pytest plugin for `make fuzz`: counts the fuzz cases that really ran and reports the total.

`tests/test_fuzz.py` adds one to `RUNS` each time it runs ``oms`` (every generated case, also
those hypothesis replays while shrinking), so the count is what ran, not what was configured.
Loaded with ``python -m pytest -p tests.fuzz_report``; with ``OMS_FUZZ_MIN_CASES`` set, a run
that fell short of that many cases fails.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

RUNS: Counter[str] = Counter()
"""Cases run, by command."""
EXITS: Counter[int] = Counter()
"""Cases run, by exit code."""


def _minimum() -> int:
    return int(os.environ.get("OMS_FUZZ_MIN_CASES", "0"))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when it ran fewer cases than OMS_FUZZ_MIN_CASES asks for."""
    if exitstatus == pytest.ExitCode.OK and sum(RUNS.values()) < _minimum():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many cases ran, in total and by command."""
    total = sum(RUNS.values())
    commands = ", ".join(f"{command} {count}" for command, count in sorted(RUNS.items()))
    exits = ", ".join(f"exit {code}: {count}" for code, count in sorted(EXITS.items()))
    terminalreporter.section("fuzz")
    terminalreporter.write_line(f"fuzz: {total} cases run ({commands})")
    terminalreporter.write_line(f"fuzz: endings: {exits}")
    minimum = _minimum()
    if total < minimum:
        terminalreporter.write_line(f"fuzz: FAILED: fewer than the {minimum} cases required")
