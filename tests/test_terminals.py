"""Odd terminals: narrow, dumb, colourless or piped, the output stays whole and legible."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import Result

from oms_cli.cli import process
from oms_cli.cli.app import app
from oms_cli.exitcodes import ExitCode
from tests.conftest import Invoke
from tests.test_pty import Terminal as PtyTerminal
from tests.test_pty import plain

COMMANDS: list[tuple[tuple[str, ...], int]] = [
    (("check", "--no-input", "--opsoclonus", "--myoclonus", "--sleep"), 0),
    (("check", "--no-input", "--no-opsoclonus", "--no-neuroblastoma"), 1),
    (("check", "--no-input", "--opsoclonus", "--age-group", "adult"), 3),
    (("criteria",), 0),
    (("sources",), 0),
    (("info",), 0),
    (("info", "treatment"), 0),
    (("demo",), 0),
    (("demo", "scan-pending", "--no-input"), 0),
]


@pytest.mark.parametrize(("args", "code"), COMMANDS)
@pytest.mark.parametrize("width", [30, 40, 60])
def test_narrow_terminals_keep_every_line_within_the_width(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int, width: int
) -> None:
    """At 30 to 60 columns no line is longer than the terminal and nothing is cut off silently.

    Except a URL, which is never split (split, it can no longer be copied or clicked): it takes a
    line of its own, whole, and the terminal wraps it softly.
    """
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*args)
    assert result.exit_code == code
    too_long = [
        line
        for line in result.stdout.splitlines()
        if len(line) > width and not re.fullmatch(r"(\[\w+\])? *https?://\S+", line)
    ]
    assert too_long == []
    if args[0] != "sources":  # every result ends with the disclaimer; the source list is no result
        assert "not a diagnosis" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("args", "code"), COMMANDS)
def test_dumb_terminal_without_colour_gets_plain_text(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int
) -> None:
    """TERM=dumb with NO_COLOR: no escape sequence at all, and statuses still in words."""
    monkeypatch.setenv("TERM", "dumb")
    result = cli(*args)
    assert result.exit_code == code
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr
    if args[0] == "check":
        assert any(word in result.stdout for word in ("MET", "NOT MET", "UNKNOWN"))


@pytest.mark.parametrize("width", [30, 100])
def test_verdict_words_survive_narrow_layouts(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Each criterion's status is printed as a whole word in the narrow list and the wide table."""
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("check", "--no-input", "--opsoclonus", "--no-myoclonus", "--no-ataxia").stdout
    assert "Opsoclonus" in out
    assert "NOT MET" in out
    assert "UNKNOWN" in out
    assert out.splitlines()[0].startswith("Criteria undetermined")


@pytest.mark.parametrize("width", [30, 100])
def test_colour_repeats_each_status_in_the_table_and_the_list(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """With colour on, every status word and the verdict carry their colour, in both layouts."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("check", "--no-input", "--opsoclonus", "--no-myoclonus", "--no-ataxia").stdout
    assert "\x1b[1;33mCriteria undetermined" in out
    assert "\x1b[1;32mMET" in out
    assert "\x1b[1;31mNOT MET" in out
    assert out.count("\x1b[1;33mUNKNOWN") == 2


def test_colour_marks_only_what_it_should_in_the_source_list(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`oms sources`: each title is bold and the field names dim; the details stay plain."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = cli("sources").stdout
    assert "\x1b[1mOpsoclonus-myoclonus syndrome\x1b[0m" in out
    assert "\x1b[2mPublisher: \x1b[0mGenetic and Rare Diseases" in out


# --- below the width floor: COLUMNS=0, a terminal 1 to 19 columns wide -------------------------

BATCH_ROWS = "id,opsoclonus,myoclonus,sleep,neuroblastoma\nP1,yes,yes,yes,no\nP2,no,no,no,no\n"
"""Two rows for `oms batch - -f table`: one met, one not met."""

FLOORED: list[tuple[tuple[str, ...], int, str]] = [
    (("check", "--no-input", "--opsoclonus"), 3, "Criteria undetermined"),
    (("check", "--no-input", "--opsoclonus", "--myoclonus", "--sleep"), 0, "Criteria met"),
    (("criteria",), 0, "any 3"),
    (("info",), 0, "Opsoclonus-myoclonus syndrome"),
    (("sources",), 0, "Sources"),
    (("demo",), 0, "scan-pending"),
    (("demo", "scan-pending", "--no-input"), 0, "not a diagnosis"),
    (("quiz", "--no-input", "--count", "1", "--seed", "1"), 0, "OMS quiz"),
    (("batch", "-", "-f", "table"), 0, "NOT MET"),
    (("--help",), 0, "Usage: oms"),
]
"""Commands with their exit code and a phrase their output must keep (spaces as one)."""
BELOW_FLOOR = [0, 1, 2, 3, 19]


def command_names() -> list[str]:
    """Every command of `oms`, as Click sees the app: one new is covered as it is added."""
    group: Any = get_command(app)  # a Click group; typer vendors click without its types
    return sorted(group.commands)


def floored_run(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, columns: str, args: tuple[str, ...]
) -> Result:
    """``oms ARGS`` in process under ``COLUMNS=columns``, with the width floor as `run` sets it."""
    monkeypatch.setenv("COLUMNS", columns)
    process.floor_width(os.environ)
    return cli(*args, input=BATCH_ROWS if args[0] == "batch" else None)


@pytest.mark.parametrize(("args", "code", "phrase"), FLOORED, ids=str)
@pytest.mark.parametrize("columns", BELOW_FLOOR)
def test_below_the_width_floor_output_is_laid_out_at_the_floor(
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    *,
    args: tuple[str, ...],
    code: int,
    phrase: str,
    columns: int,
) -> None:
    """COLUMNS from 0 to 19: the output of 20 columns, whole, never nothing nor a failure.

    At 0, rich laid every line out to nothing (check, info, ... and --help printed nothing);
    at 2, it failed ("invalid width -2").
    """
    at_floor = floored_run(cli, monkeypatch, str(process.WIDTH_FLOOR), args)
    assert at_floor.exit_code == code
    assert phrase in " ".join(at_floor.stdout.split())
    result = floored_run(cli, monkeypatch, str(columns), args)
    assert (result.exit_code, result.stdout) == (code, at_floor.stdout)
    assert os.environ["COLUMNS"] == str(process.WIDTH_FLOOR)


@pytest.mark.parametrize("name", command_names())
@pytest.mark.parametrize("columns", [*BELOW_FLOOR, process.WIDTH_FLOOR])
def test_every_commands_help_survives_any_width(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, columns: int
) -> None:
    """``oms COMMAND --help`` at 0 to 20 columns: the usage line is there, exit 0."""
    result = floored_run(cli, monkeypatch, str(columns), (name, "--help"))
    assert result.exit_code == 0
    assert f"Usage: oms {name}" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("given", "floored"),
    [("0", "20"), ("2", "20"), ("19", "20"), ("\u0660", "20"), ("20", None), ("200", None)],
)
def test_the_width_floor_raises_only_widths_below_it(given: str, floored: str | None) -> None:
    """`floor_width` sets COLUMNS to the floor below it (rich reads Arabic-Indic digits too)."""
    environ = {"COLUMNS": given}
    assert process.floor_width(environ) == (None if floored is None else int(floored))
    assert environ["COLUMNS"] == (floored or given)


OMS = Path(sys.executable).with_name("oms")
needs_oms = pytest.mark.skipif(not OMS.exists(), reason=f"console script not installed: {OMS}")


def run_oms(args: tuple[str, ...], columns: str) -> subprocess.CompletedProcess[str]:
    """The installed ``oms`` under ``COLUMNS=columns``, input as for `floored_run`."""
    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [str(OMS), *args],
        input=BATCH_ROWS if args[0] == "batch" else "",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@needs_oms
@pytest.mark.parametrize(("args", "code", "phrase"), FLOORED, ids=str)
def test_columns_zero_prints_what_twenty_columns_print(
    args: tuple[str, ...], code: int, phrase: str
) -> None:
    """The installed ``oms`` at COLUMNS=0: the floor is set before anything is laid out."""
    zero, floor = run_oms(args, "0"), run_oms(args, "20")
    assert (zero.returncode, zero.stdout, zero.stderr) == (code, floor.stdout, floor.stderr)
    assert phrase in " ".join(zero.stdout.split())


@needs_oms
@pytest.mark.parametrize("columns", [1, 2, 3])
def test_a_terminal_a_few_columns_wide_gets_the_floor(columns: int) -> None:
    """On a pseudo-terminal 1 to 3 columns wide (no COLUMNS): the verdict, no "invalid width"."""
    term = PtyTerminal(
        "check", "--no-input", "--opsoclonus", size=(columns, 24), env={"COLUMNS": ""}
    )
    try:
        assert term.wait() == ExitCode.UNDETERMINED
    finally:
        term.close()
    assert "unexpected problem" not in term.output
    assert "Criteria undetermined" in " ".join(plain(term.output).split())
