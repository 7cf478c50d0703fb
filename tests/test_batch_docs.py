"""docs/batch.md's examples are real: each one is run and compared with what it shows."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.test_readme import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]


def test_the_batch_guide_examples_are_real_output(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every `<!-- example -->` block of docs/batch.md: its exact output and exit code."""
    monkeypatch.chdir(ROOT)  # the examples name examples/clinic.csv
    examples = list(EXAMPLE.finditer((ROOT / "docs" / "batch.md").read_text(encoding="utf-8")))
    assert len(examples) == 8
    for match in examples:
        stdin = match["stdin"].replace("\\n", "\n") if match["stdin"] is not None else None
        result = cli(*shlex.split(match["args"]), input=stdin)
        assert result.exit_code == int(match["code"]), (match["args"], result.stderr)
        assert result.output == match["output"], match["command"]
    assert not (ROOT / "out.json").exists()
