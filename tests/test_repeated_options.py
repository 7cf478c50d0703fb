"""An option that takes one value, given twice, is refused on every command (issue 23).

Click keeps the last value silently: ``oms check --from-fhir alice.json --from-fhir bob.json``
read only bob's file. `oms_cli.cli.process.Group` refuses the repeat with exit 2, for every
command and every such option, counted as Click's own parser reads the command line.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.main import get_command

from oms_cli.cli.app import app

from .conftest import Invoke

GROUP: Any = get_command(app)


def a_value(param: Any) -> str:
    """A value the option accepts: its first choice, its smallest number, or a file name."""
    choices = getattr(param.type, "choices", None)
    if choices:
        return str(getattr(choices[0], "value", choices[0]))
    if getattr(param.type, "min", None) is not None:
        return str(param.type.min)
    return "x.json"


def single_valued() -> list[tuple[str, str, str]]:
    """Every command's options that take one value: (command, option, value)."""
    found = []
    for name, command in GROUP.commands.items():
        for param in command.params:
            if param.param_type_name == "option" and not (param.is_flag or param.multiple):
                found.append((name, param.opts[0], a_value(param)))
    return found


def test_every_command_with_options_is_covered() -> None:
    """The list below is not empty for the commands that have options with a value."""
    commands = {name for name, _, _ in single_valued()}
    assert {"check", "info", "demo", "quiz", "questionnaire", "batch"} <= commands
    options = {(name, option) for name, option, _ in single_valued()}
    for expected in [
        ("check", "--from-fhir"),
        ("check", "--from-phenopacket"),
        ("check", "--format"),
        ("check", "--export"),
        ("batch", "--output"),
    ]:
        assert expected in options


@pytest.mark.parametrize(("command", "option", "value"), single_valued(), ids=str)
def test_an_option_given_twice_is_refused(
    cli: Invoke, command: str, option: str, value: str
) -> None:
    """Exit 2, one line naming the option; nothing on standard output, nothing read or written."""
    # A required argument (batch's FILE) gets standard input: the repeat is refused before it.
    params = GROUP.commands[command].params
    arguments = ["-" for param in params if param.param_type_name == "argument" and param.required]
    result = cli(command, *arguments, option, value, option, value, input="")
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("oms: error: ")
    assert f"{option}" in lines[0]
    assert "given twice; give it once" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("--from-fhir", "alice.json", "--from-fhir", "bob.json"),
        ("--from-phenopacket=a.json", "--from-phenopacket", "b.json"),
        ("-f", "json", "--format", "text"),
        ("-fjson", "-f", "json"),
        ("--export", "a.svg", "--export=b.svg"),
    ],
)
def test_every_spelling_of_a_repeat_counts(cli: Invoke, args: tuple[str, ...]) -> None:
    """Long, short, joined (``-fjson``) and ``=`` forms are one option, as Click reads them."""
    result = cli("check", "--no-input", *args)
    assert result.exit_code == 2
    assert "given twice" in result.stderr


def test_three_times_says_so(cli: Invoke) -> None:
    """The count is said as it is."""
    result = cli("check", "--no-input", *["-f", "json"] * 3)
    assert "--format/-f given 3 times" in result.stderr


def test_a_value_that_looks_like_an_option_is_a_value(cli: Invoke) -> None:
    """``--export --export`` is one --export whose value is the file "--export" (Click's reading).

    It is refused for its extension, not as a repeat: the repeat is counted as Click parses.
    """
    result = cli("check", "--no-input", "--opsoclonus", "--export", "--export")
    assert result.exit_code == 2
    assert "given twice" not in result.stderr


def test_flags_given_twice_the_same_way_are_no_repeat(cli: Invoke) -> None:
    """A flag repeated says the same thing twice: nothing is lost, nothing refused."""
    result = cli("check", "--no-input", "--sleep", "--sleep", "-f", "json")
    assert result.exit_code == 3, result.stderr


def test_a_repeatable_option_may_be_given_twice(cli: Invoke) -> None:
    """`oms batch --column` is meant to repeat (one mapping each): both mappings are read."""
    rows = "MRN,Eyes,Gait,behaviour\n1,yes,yes,yes\n"
    result = cli(
        "batch", "-", "--id-column", "MRN", "--column", "opsoclonus=Eyes",
        "--column", "ataxia=Gait", "-f", "csv", input=rows,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "1,met,3,1,unknown,met,met,met"
