"""Shared fixtures: the CLI run in process with a fixed width and no colour."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from oms_cli.cli.app import app

WIDTH = 100
GOLDEN = Path(__file__).parent / "golden"

Invoke = Callable[..., Result]

GUARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals `oms` handles, blocks (`oms_cli.files.outfile`) or resets (`oms_cli.cli.process`)."""


def _signal_state() -> tuple[frozenset[int], dict[int, object]]:
    """This thread's blocked signals, and the handlers of the guarded ones."""
    blocked = frozenset(signal.pthread_sigmask(signal.SIG_BLOCK, ()))
    return blocked, {signum: signal.getsignal(signum) for signum in GUARDED}


@pytest.fixture(autouse=True)
def _signals_left_as_they_were() -> Iterator[None]:
    """Every test leaves the signal mask and handlers as it found them.

    Both pass through fork and exec: a signal left blocked or ignored here reaches every `oms`
    a later test starts, and Ctrl-C typed at it would be shown (^C) but never stop it.
    """
    before = _signal_state()
    yield
    after = _signal_state()
    if after != before:
        signal.pthread_sigmask(signal.SIG_SETMASK, before[0])
        for signum, handler in before[1].items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        pytest.fail(f"the test changed the signal state: {before} before, {after} after")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    r"""Run ``oms`` in process: ``cli("check", "--opsoclonus", input="y\n")`` -> Result."""
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:  # `input`: CliRunner's name
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def golden(name: str, actual: str, update: bool = False) -> None:
    """Compare output with ``tests/golden/<name>``; set OMS_UPDATE_GOLDEN=1 to rewrite the files."""
    import os

    path = GOLDEN / name
    if update or os.environ.get("OMS_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with OMS_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")
