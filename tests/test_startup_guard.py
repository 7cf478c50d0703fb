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
from typing import Any, ForwardRef

import pytest

from oms_cli.cli.app import app

ALL_SIX = ("--neuroblastoma", "--opsoclonus", "--myoclonus", "--ataxia", "--behavior", "--sleep")

# Never on the JSON path: rendering for people, help formatting, and libraries the fast path has
# no use for (pydantic is what typer 0.29 would bring).
FORBIDDEN_ON_JSON_PATH = (
    "rich",
    "oms_cli.views.render",
    # The words and layouts for people: the JSON carries the contract (`oms_cli.views.json_object`)
    # alone.
    "oms_cli.views.wording",
    "oms_cli.views.markdown",
    "oms_cli.content.topics",
    "typer.rich_utils",
    "markdown_it",
    "pygments",
    "pydantic",
    "jsonschema",
    "fastjsonschema",
    # The error path's: "did you mean" and the error lines load only when there is an error.
    "oms_cli.cli.suggest",
    # FHIR, HPO and phenopacket modules are for the paths that use them; the JSON output's codes
    # come from oms_cli.content, already loaded.
    "oms_cli.interop.codes",
    "oms_cli.interop.sdc",
    "oms_cli.interop.fhir",
    "oms_cli.interop.r4",
    "oms_cli.interop.observation",
    "oms_cli.interop.phenopacket",
    "oms_cli.interop.hpo_descendants",
    # The teaching studio loads only where it is used: `oms quiz`, `oms check --what-if`.
    "oms_cli.teaching.quiz",
    "oms_cli.rules.whatif",
    "oms_cli.views.whatif",
    "oms_cli.views.quiz_sheet",
    # The export palettes and the schemas: the CLI offers their names from `oms_cli.cli.choices`.
    "oms_cli.views.themes",
    "oms_cli.interop.schema",
    # What `from __future__ import annotations` imports: no module on this path needs it.
    "__future__",
)


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


def loaded(modules: set[str], name: str) -> bool:
    """Whether the module or any of its submodules was imported."""
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_json_check_loads_nothing_for_people() -> None:
    """`oms check --no-input --format json` imports no rich, no render/topics, no heavy library."""
    modules, result = imported_modules("check", "--no-input", "--format", "json", *ALL_SIX)
    # The run must really have worked, so that an early failure cannot pass for a fast path.
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["verdict"] == "met"
    assert {"typer", "oms_cli.cli.app", "oms_cli.views.json_object"} <= modules
    unexpected = [name for name in FORBIDDEN_ON_JSON_PATH if loaded(modules, name)]
    assert unexpected == [], f"the JSON fast path now imports {unexpected}: see benchmarks/"


# Not on the text path either: rich's Table (with `fractions` and `decimal`, which its column
# ratios need) is replaced by `oms_cli.views.grid`; the topics are for `oms info`; json is for
# --format
# json. Together about a tenth of the text path's start-up (benchmarks/README.md).
FORBIDDEN_ON_TEXT_PATH = (
    "rich.table",
    "rich.box",
    "fractions",
    "decimal",
    "json",
    "oms_cli.content.topics",
    "typer.rich_utils",
    "pygments",
    "pydantic",
    "oms_cli.teaching.quiz",
    "oms_cli.rules.whatif",
    "oms_cli.views.whatif",
    "oms_cli.views.quiz_sheet",
)


def test_text_check_loads_rich_for_rendering_and_nothing_more() -> None:
    """`--format text` is where rich and oms_cli.views.render load, without rich's Table or json."""
    modules, result = imported_modules("check", "--no-input", "--format", "text", *ALL_SIX)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Criteria met" in result.stdout
    assert {"rich.console", "oms_cli.views.render", "oms_cli.views.grid"} <= modules
    unexpected = [name for name in FORBIDDEN_ON_TEXT_PATH if loaded(modules, name)]
    assert unexpected == [], f"the text path now imports {unexpected}: see benchmarks/"


def test_info_loads_topics_but_not_rich_table() -> None:
    """`oms info symptoms` loads the topics it shows, and the same light layout as `oms check`."""
    modules, result = imported_modules("info", "symptoms")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "SYMPTOMS" in result.stdout
    assert {"oms_cli.content.topics", "oms_cli.views.grid"} <= modules
    unexpected = [name for name in ("rich.table", "fractions", "json") if loaded(modules, name)]
    assert unexpected == []


@pytest.mark.parametrize(
    "args",
    [("check", "--age-group", "teen"), ("chek",), ("check", "--no-such-option")],
    ids=["bad-value", "unknown-command", "unknown-option"],
)
def test_usage_errors_load_no_rich(args: tuple[str, ...]) -> None:
    """A usage error is one plain line; only help loads typer's rich help (and rich, pygments)."""
    modules, result = imported_modules(*args)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().endswith("--help'"), result.stderr  # one line, where help is
    heavy = [name for name in ("rich", "typer.rich_utils", "pygments") if loaded(modules, name)]
    assert heavy == []


@pytest.mark.parametrize("args", [("--help",), ("check", "--help")])
def test_help_is_typers_rich_help(args: tuple[str, ...]) -> None:
    """`--help` is laid out by typer's rich help: panels, loaded for help alone."""
    modules, result = imported_modules(*args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(" Usage: oms")
    assert "╭─ Options " in result.stdout
    assert "typer.rich_utils" in modules


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
        f"{name}: string annotations {strings}; oms_cli/cli/app.py must not use "
        "`from __future__ import annotations` (it costs start-up time, see benchmarks/)"
    )


def test_the_process_builds_only_the_command_it_runs() -> None:
    """`oms` builds a command's parameters on first use; the list and order stay typer's own."""
    from typer.main import get_command

    from oms_cli.cli.process import lazy_group

    eager: Any = get_command(app)
    lazy = lazy_group(app)
    assert lazy.commands == {}
    assert lazy.list_commands(None) == eager.list_commands(None)
    check = lazy.get_command(None, "check")
    assert list(lazy.commands) == ["check"]
    assert [p.name for p in check.params] == [p.name for p in eager.commands["check"].params]
    assert lazy.get_command(None, "no-such-command") is None
    assert len(app.registered_commands) == len(eager.commands)  # the app itself is left as it was


def run_main_reporting_the_collector(*args: str) -> tuple[list[str], str]:
    """Run `oms_cli.__main__.main` in a fresh interpreter; its collector state after the run.

    Returns what the run printed on standard output, and a line: whether the collector is
    enabled, whether anything is frozen, how many collections ran, and the exit code.
    """
    code = (
        "import gc, sys\n"
        f"sys.argv = ['oms', *{list(args)!r}]\n"
        "from oms_cli.__main__ import main\n"
        "runs = []  # collections from here on: what main() lets run\n"
        "gc.callbacks.append(lambda phase, info: runs.append(info) if phase == 'start' else None)\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0, len(runs), code, file=sys.stderr)\n"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines(), result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_starting_oms_runs_no_garbage_collection(output_format: str) -> None:
    """`oms` pauses the collector before importing anything and freezes everything at exit.

    Start-up creates only objects that stay in use, so a collection could find nothing; the
    scans it saves were about a sixth of `oms check` (benchmarks/README.md).
    """
    out, state = run_main_reporting_the_collector(
        "check", "--no-input", "--format", output_format, *ALL_SIX
    )
    assert out  # the verdict was printed
    assert state == "False True 0 0"  # paused, frozen, no collection ran, exit 0 (met)


def test_batch_resumes_garbage_collection_for_its_rows(tmp_path: Any) -> None:
    """Work that grows with its input runs with the collector on, as in any program."""
    cases = tmp_path / "cases.csv"
    cases.write_text("id,opsoclonus\nP1,yes\n", encoding="utf-8")
    out, state = run_main_reporting_the_collector("batch", str(cases), "--format", "csv")
    assert out[1] == "P1,undetermined,1,3,unknown,met,unknown,unknown"
    enabled, frozen, _, code = state.split()
    assert (enabled, frozen, code) == ("True", "True", "0")


def test_the_package_loads_nothing_before_the_collector_is_paused() -> None:
    """What the `oms` script imports before `main` runs: the package, `__main__` and exit codes.

    Nothing more, and not `typing`: whatever loads then creates objects with the collector still
    on (the API loads on first use instead).
    """
    code = (
        "import sys\n"
        "from oms_cli.__main__ import main\n"
        "ours = sorted(m for m in sys.modules if m.startswith('oms_cli'))\n"
        "print(ours)\n"
        "print('typing' in sys.modules)\n"
    )
    result = python("-c", code)
    assert result.stdout.splitlines() == [
        "['oms_cli', 'oms_cli.__main__', 'oms_cli.exitcodes']",
        "False",
    ], result.stderr[-2000:]


def test_every_name_of_the_api_is_the_object_its_module_defines() -> None:
    """`from oms_cli import *` gives the API, each name from its own module; others are refused."""
    import oms_cli
    from oms_cli import content, rules

    for name in oms_cli.__all__:
        if name != "__version__":
            assert getattr(oms_cli, name) is getattr(content if name == "Note" else rules, name)
    with pytest.raises(AttributeError, match="has no attribute 'render_everything'"):
        _ = oms_cli.render_everything  # type: ignore[attr-defined]


def test_the_library_leaves_the_collector_alone() -> None:
    """Only the command pauses the collector: importing oms_cli (even its __main__) does not."""
    code = (
        "import gc, oms_cli, oms_cli.__main__, oms_cli.cli.app\n"
        "oms_cli.evaluate({'opsoclonus': True})\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    result = python("-c", code)
    assert result.stdout.split() == ["True", "0"], result.stderr[-2000:]


def start_up_records() -> list[type]:
    """The NamedTuple records that `oms check` or `oms info` create as they start."""
    from oms_cli import content, rules
    from oms_cli.content import sources, topics
    from oms_cli.views import grid

    modules = (content, grid, rules, sources, topics)
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, tuple)
        and hasattr(value, "_fields")
        and value.__module__ == module.__name__  # defined there, not imported (rich's Segment)
    ]


@pytest.mark.parametrize("record", start_up_records(), ids=lambda record: record.__name__)
def test_start_up_records_have_evaluated_annotations(record: type) -> None:
    """NamedTuple compiles each annotation written as a string, at every start (see rules.py)."""
    strings = [
        name
        for name, hint in record.__annotations__.items()
        if isinstance(hint, str | ForwardRef)  # NamedTuple turns strings into ForwardRefs
    ]
    assert strings == [], f"{record.__name__}: `from __future__ import annotations` is back"


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_what_if_loads_its_module_only_when_asked(output_format: str) -> None:
    """`--what-if` loads rules.whatif (text: its view too); never the quiz, nor rich for JSON."""
    modules, result = imported_modules(
        "check", "--no-input", "--format", output_format, "--what-if", *ALL_SIX
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "oms_cli.rules.whatif" in modules
    assert ("oms_cli.views.whatif" in modules) is (output_format == "text")
    assert not loaded(modules, "oms_cli.teaching.quiz")
    assert "oms_cli.views.quiz_sheet" not in modules
    if output_format == "json":
        assert not loaded(modules, "rich")


def test_the_quiz_loads_only_for_oms_quiz() -> None:
    """`oms quiz --no-input` loads the quiz; `oms demo` and `oms info` do not."""
    modules, result = imported_modules("quiz", "--seed", "1", "--count", "1", "--no-input")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {"oms_cli.teaching.quiz", "oms_cli.views.quiz_sheet"} <= modules
    for args in (("demo",), ("info", "symptoms")):
        modules, result = imported_modules(*args)
        assert result.returncode == 0, result.stderr[-2000:]
        assert not loaded(modules, "oms_cli.teaching.quiz"), args
        assert not loaded(modules, "oms_cli.rules.whatif"), args
