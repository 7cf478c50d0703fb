"""The same option means the same thing, under the same name, on every command (issue 27).

Each option is defined once (`oms_cli.cli.options`); these tests read the commands from the Typer
app, so a new command is held to the same rules as it is added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from oms_cli.cli import options
from oms_cli.cli.app import app

from .conftest import Invoke

GROUP: Any = get_command(app)
EXPORT_SET = ("--export", "--force", "--theme", "--width", "--shape")
PAGED = ("criteria", "info", "sources", "demo", "quiz")
"""The commands whose text output goes through the pager on a terminal (`paged=`)."""
RUNS = {
    "check": ("check", "--opsoclonus", "--myoclonus", "--sleep", "--no-input"),
    "criteria": ("criteria",),
    "info": ("info",),
    "sources": ("sources",),
    "demo": ("demo", "all-four", "--no-input"),
    "quiz": ("quiz", "--seed", "1", "--count", "1", "--no-input"),
    "schema": ("schema",),
    "questionnaire": ("questionnaire",),
    "batch": ("batch", "examples/cases.csv"),
}
"""A run of each command that asks nothing, to be run with --no-pager too."""


def option(command: str, name: str) -> Any:
    """The Click option of ``command`` with the flag ``name``, or None."""
    params = GROUP.commands[command].params
    return next((param for param in params if name in param.opts), None)


@pytest.mark.parametrize("command", sorted(GROUP.commands))
def test_every_command_has_no_pager(command: str) -> None:
    """--no-pager exists on every command of the app, a command added later included."""
    assert option(command, "--no-pager") is not None


@pytest.mark.parametrize("command", sorted(RUNS))
def test_every_command_takes_no_pager(cli: Invoke, command: str) -> None:
    """--no-pager is accepted everywhere; its help says where it changes nothing.

    On the commands that page (`PAGED`) it is the pager's switch; on the others the help says
    that the command never pages, so the option is a no-op there, and the output is the same.
    """
    param = option(command, "--no-pager")
    assert param is not None
    assert ("never pages" in param.help) is (command not in PAGED)
    plain = cli(*RUNS[command])
    given = cli(*RUNS[command], "--no-pager")
    assert given.exit_code == plain.exit_code
    assert "no such option" not in given.stderr
    assert given.stdout == plain.stdout


def test_every_command_that_exports_takes_the_same_export_options() -> None:
    """--export comes with --force, --theme, --width and --shape, each with one help everywhere."""
    exporting = [
        command
        for command in GROUP.commands
        if option(command, "--export") is not None and not option(command, "--export").hidden
    ]
    assert {"check", "criteria", "info", "demo", "quiz"} <= set(exporting)
    for command in exporting:
        for name in EXPORT_SET[1:]:
            param = option(command, name)
            assert param is not None, (command, name)
            assert param.help == option("check", name).help, (command, name)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--theme", "dark"), "--theme applies to --export only; add --export FILE"),
        (("--width", "60", "--no-input"), "--width applies to --export only"),
        (("--export", "q.md", "--theme", "dark"), "--theme does not apply to --export .md"),
        (("--export", "q.html", "--shape", "slide"), "--shape applies to an .svg picture only"),
    ],
)
def test_quiz_refuses_a_look_without_a_picture(
    cli: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    """The quiz's look options are those of every export, refused where they cannot apply."""
    monkeypatch.chdir(tmp_path)
    result = cli("quiz", "--seed", "1", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_quiz_worksheet_takes_theme_and_width(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--theme and --width shape both files of an exported worksheet, as they do any export."""
    monkeypatch.chdir(tmp_path)
    assert cli("quiz", "--seed", "1", "--count", "1", "--export", "a.svg").exit_code == 0
    result = cli(
        "quiz",
        "--seed",
        "1",
        "--count",
        "1",
        "--export",
        "b.svg",
        "--theme",
        "dark",
        "--width",
        "60",
    )
    assert result.exit_code == 0
    for sheet in ("{}.svg", "{}-answers.svg"):
        light, dark = (tmp_path.joinpath(sheet.format(name)).read_text() for name in "ab")
        assert "fill: #1a1a1a" in light  # the light theme's text colour
        assert "fill: #1a1a1a" not in dark
        assert "fill: #e6e6e6" in dark  # the dark theme's
        assert _columns(dark) < _columns(light)  # --width 60 against the default 100


def _columns(svg: str) -> float:
    """The width of a picture (its viewBox), which follows the columns it was drawn at."""
    view_box = svg.split('viewBox="', 1)[1].split('"', 1)[0]
    return float(view_box.split()[2])


def test_batch_output_is_data_and_export_is_refused(cli: Invoke) -> None:
    """`oms batch` keeps --output for its data; --export, the document option, points to it."""
    output = option("batch", "--output")
    assert "data" in output.help
    assert "not an export" in output.help
    result = cli("batch", "examples/cases.csv", "--export", "x.svg")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert options.BATCH_EXPORT_REFUSED in result.stderr
