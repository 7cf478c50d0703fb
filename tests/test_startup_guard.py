"""What a scripted `oms check --format json` loads: no rich, the one heavy dependency.

Timings are noisy, so the suite does not time anything (`make bench` does: benchmarks/README.md).
It pins the one cause of a slow start that the code controls: rich, which only output for people
needs, must not load on the paths that print for programs. Read from ``python -X importtime``,
which lists every module a process imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ALL_SIX = ("--neuroblastoma", "--opsoclonus", "--myoclonus", "--ataxia", "--behavior", "--sleep")


def python(*args: str) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with ``args`` in a fresh process, no colour, 100 columns, no input."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        timeout=60,
        check=False,
    )


def imported_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``python -X importtime -m oms_cli ARGS``: the modules it imported, and the process."""
    result = python("-X", "importtime", "-m", "oms_cli", *args)
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, result


@pytest.mark.parametrize(
    "extra",
    [(), ("--what-if",), ("--age-group", "child"), ("--brief",)],
    ids=["plain", "what-if", "age", "brief"],
)
def test_json_check_loads_no_rich(extra: tuple[str, ...]) -> None:
    """`oms check --no-input --format json` with every finding given imports no rich at all."""
    output_format = "text" if extra == ("--brief",) else "json"
    modules, result = imported_modules(
        "check", "--no-input", "--format", output_format, *ALL_SIX, *extra
    )
    # The run must really have worked, so that an early failure cannot pass for a fast path.
    assert result.returncode == 0, result.stderr[-2000:]
    if output_format == "json":
        assert json.loads(result.stdout)["verdict"] == "met"
    assert "oms_cli.cli.app" in modules
    assert sorted(name for name in modules if name == "rich" or name.startswith("rich.")) == []


@pytest.mark.parametrize("output_format", ["markdown", "fhir"])
def test_the_other_outputs_for_programs_load_no_rich(output_format: str) -> None:
    """Markdown and the FHIR Observation are text for programs and notes: no rich either."""
    modules, result = imported_modules("check", "--no-input", "--format", output_format, *ALL_SIX)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()
    assert sorted(name for name in modules if name == "rich" or name.startswith("rich.")) == []
