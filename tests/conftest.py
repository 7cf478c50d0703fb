"""Shared fixtures: the CLI run in process with a fixed width and no colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from oms_cli.cli import app

WIDTH = 100
GOLDEN = Path(__file__).parent / "golden"

Invoke = Callable[..., Result]


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
