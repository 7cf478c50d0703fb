"""Wrapping for people: never inside a flag or a URL, continued lines indented under the text."""

from __future__ import annotations

import re

import pytest

from oms_cli.teaching.terminal import Terminal

from .conftest import Invoke
from .printed import unboxed

COMMANDS = ("", "check", "criteria", "info", "sources", "demo", "batch", "schema", "questionnaire")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("width", [75, 76, 80, 100])
def test_help_never_breaks_a_word_at_a_hyphen(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, command: str, width: int
) -> None:
    """No help line ends in the middle of a hyphenated word such as --age-group or --no-input."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    broken = [line for line in result.stdout.splitlines() if re.search(r"\w-$", line)]
    assert broken == []
    assert "…" not in result.stdout  # no name cut short to fit a column
    if command == "check":
        assert "--age-group." in " ".join(unboxed(result.stdout).split())


def test_questions_wrap_with_a_hanging_indent() -> None:
    """A question's continued lines start under its text, after its number "(2 of 6) "."""
    terminal = Terminal()
    terminal.width = 40
    text = terminal._wrap(
        "(6 of 6) Sleep: not asked, because behaviour is yes and already meets the criterion."
    )
    lines = text.splitlines()
    assert len(lines) > 1
    assert lines[0].startswith("(6 of 6) Sleep")
    assert all(line.startswith(" " * 9) and line[9] != " " for line in lines[1:])
    assert all(len(line) < 40 for line in lines)


def test_an_indented_line_keeps_its_indent_when_wrapped() -> None:
    """Explanations indented under a question stay indented on every line."""
    terminal = Terminal()
    terminal.width = 30
    lines = terminal._wrap(
        "  Opsoclonus means rapid eye movements in every direction."
    ).splitlines()
    assert len(lines) > 1
    assert all(line.startswith("  ") and line[2] != " " for line in lines)
