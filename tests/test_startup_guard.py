"""What `oms` loads at start-up: deterministic guards for the speed that benchmarks/ measures.

Timings are noisy, so the suite does not time anything. It pins the causes instead: which modules
a scripted `oms check --format json` imports (read from ``python -X importtime``, which lists
every module imported), and that Typer sees evaluated annotations. A failure here means start-up
got slower; `make bench` shows by how much (benchmarks/README.md).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from oms_cli.cli import app

ALL_SIX = ("--neuroblastoma", "--opsoclonus", "--myoclonus", "--ataxia", "--behavior", "--sleep")

# Never on the JSON path: rendering for people, help formatting, and libraries the fast path has
# no use for (pydantic is what typer 0.29 would bring). `dataclasses`: each record class costs
# about 0.6 ms to create, so the modules on this path use NamedTuples (see oms_cli/rules.py).
FORBIDDEN_ON_JSON_PATH = (
    "rich",
    "oms_cli.render",
    "oms_cli.topics",
    "typer.rich_utils",
    "markdown_it",
    "pygments",
    "pydantic",
    "jsonschema",
    "fastjsonschema",
    "dataclasses",
)


def imported_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``python -X importtime -m oms_cli ARGS``: the modules it imported, and the process."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "oms_cli", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        timeout=60,
        check=False,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, result


def loaded(modules: set[str], name: str) -> bool:
    """Whether the module or any of its submodules was imported."""
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_json_check_loads_nothing_for_people() -> None:
    """`oms check --no-input --format json` imports no rich, no render/topics, no heavy library."""
    modules, result = imported_modules("check", "--no-input", "--format", "json", *ALL_SIX)
    # The run must really have worked, so that an early failure cannot pass for a fast path.
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["verdict"] == "met"
    assert {"typer", "oms_cli.cli", "oms_cli.report"} <= modules
    unexpected = [name for name in FORBIDDEN_ON_JSON_PATH if loaded(modules, name)]
    assert unexpected == [], f"the JSON fast path now imports {unexpected}: see benchmarks/"


# Not on the text path either: rich's Table (with `fractions` and `decimal`, which its column
# ratios need) is replaced by `oms_cli.grid`; the topics are for `oms info`; json is for --format
# json. Together about a tenth of the text path's start-up (benchmarks/README.md).
FORBIDDEN_ON_TEXT_PATH = (
    "rich.table",
    "rich.box",
    "fractions",
    "decimal",
    "json",
    "oms_cli.topics",
    "typer.rich_utils",
    "pygments",
    "pydantic",
)


def test_text_check_loads_rich_for_rendering_and_nothing_more() -> None:
    """`--format text` is where rich and oms_cli.render load, without rich's Table or json."""
    modules, result = imported_modules("check", "--no-input", "--format", "text", *ALL_SIX)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Criteria met" in result.stdout
    assert {"rich.console", "oms_cli.render", "oms_cli.grid"} <= modules
    unexpected = [name for name in FORBIDDEN_ON_TEXT_PATH if loaded(modules, name)]
    assert unexpected == [], f"the text path now imports {unexpected}: see benchmarks/"


def test_info_loads_topics_but_not_rich_table() -> None:
    """`oms info symptoms` loads the topics it shows, and the same light layout as `oms check`."""
    modules, result = imported_modules("info", "symptoms")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "SYMPTOMS" in result.stdout
    assert {"oms_cli.topics", "oms_cli.grid"} <= modules
    unexpected = [name for name in ("rich.table", "fractions", "json") if loaded(modules, name)]
    assert unexpected == []


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--help",), 0), (("check", "--help"), 0), (("check", "--age-group", "teen"), 2)],
)
def test_help_and_usage_errors_load_no_rich(args: tuple[str, ...], code: int) -> None:
    """Help and usage errors are plain text; typer's rich help would load rich and pygments."""
    modules, result = imported_modules(*args)
    assert result.returncode == code, result.stderr[-2000:]
    assert "Usage: oms" in result.stdout + result.stderr
    heavy = [name for name in ("rich", "typer.rich_utils", "pygments") if loaded(modules, name)]
    assert heavy == []


def command_callbacks() -> list[tuple[str, object]]:
    """Every function Typer introspects when `oms` starts: the root callback and each command."""
    callbacks: list[tuple[str, object]] = []
    if app.registered_callback is not None:
        callbacks.append(("(root)", app.registered_callback.callback))
    for info in app.registered_commands:
        callbacks.append((info.name or getattr(info.callback, "__name__", "?"), info.callback))
    return callbacks


@pytest.mark.parametrize(("name", "callback"), command_callbacks())
def test_command_annotations_are_evaluated(name: str, callback: object) -> None:
    """Commands carry real annotations, not strings Typer would eval again at every start."""
    assert callable(callback)
    strings = [
        parameter.name
        for parameter in inspect.signature(callback).parameters.values()
        if isinstance(parameter.annotation, str)
    ]
    assert strings == [], (
        f"{name}: string annotations {strings}; oms_cli/cli.py must not use "
        "`from __future__ import annotations` (it costs start-up time, see benchmarks/)"
    )


def test_the_process_builds_only_the_command_it_runs() -> None:
    """`oms` builds a command's parameters on first use; the list and order stay typer's own."""
    from typer.main import get_command

    from oms_cli.process import lazy_group

    eager: Any = get_command(app)
    lazy = lazy_group(app)
    assert lazy.commands == {}
    assert lazy.list_commands(None) == eager.list_commands(None)
    check = lazy.get_command(None, "check")
    assert list(lazy.commands) == ["check"]
    assert [p.name for p in check.params] == [p.name for p in eager.commands["check"].params]
    assert lazy.get_command(None, "no-such-command") is None
    assert len(app.registered_commands) == len(eager.commands)  # the app itself is left as it was
