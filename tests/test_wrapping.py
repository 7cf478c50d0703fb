"""Wrapping for people: never inside a flag or a URL, continued lines indented under the text."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import pytest
from typer.main import get_command

from oms_cli.cli.app import app
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


def said(monkeypatch: pytest.MonkeyPatch, columns: int, text: str, **style: object) -> list[str]:
    """The lines a `Terminal` shows for ``text`` at this many columns."""
    monkeypatch.setenv("COLUMNS", str(columns))
    stream = io.StringIO()
    Terminal(stream).say(text, **style)  # type: ignore[arg-type]
    return stream.getvalue().splitlines()


def test_questions_wrap_with_a_hanging_indent(monkeypatch: pytest.MonkeyPatch) -> None:
    """A question's continued lines start under its text, after its number "(2 of 6) "."""
    lines = said(
        monkeypatch,
        40,
        "(6 of 6) Sleep: not asked, because behaviour is yes and already meets the criterion.",
    )
    assert len(lines) > 1
    assert lines[0].startswith("(6 of 6) Sleep")
    assert all(line.startswith(" " * 9) and line[9] != " " for line in lines[1:])
    assert all(len(line) < 40 for line in lines)


def test_an_indented_line_keeps_its_indent_when_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Explanations indented under a question stay indented on every line."""
    lines = said(monkeypatch, 30, "  Opsoclonus means rapid eye movements in every direction.")
    assert len(lines) > 1
    assert all(line.startswith("  ") and line[2] != " " for line in lines)


def test_messages_follow_the_window_and_colour_takes_no_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each message is wrapped to the width of its moment, and styled after wrapping.

    The width was read once (a narrowed window broke words); colour codes counted as columns
    made the quiz's marks wrap about 11 columns early.
    """
    text = "Right: Neuroblastoma is unknown (not looked for, or not known), so it is open. [4]"
    plain = said(monkeypatch, 80, text)
    assert said(monkeypatch, 50, text) != plain
    coloured = said(monkeypatch, 80, text, style=lambda block: f"\x1b[1m{block}\x1b[0m")
    assert [re.sub("\x1b\\[[0-9]*m", "", line) for line in coloured] == plain


# --- help reflowed to the terminal width (issue 27) -----------------------------------------------

EVERY_COMMAND = ("", *(name for name, cmd in get_command(app).commands.items() if not cmd.hidden))
"""`oms` and each of its commands, read from the app: a new command's help is checked as added."""
BOX_SIDE = "│"
TYPER_ITEMS = ("[default:", "[required]", "[env var:")
"""What Typer adds below an option's help, on a line of its own: not part of its paragraph."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def ragged_lines(help_text: str, width: int) -> list[str]:
    """The lines (stripped) of a ``--help`` at ``width`` columns that end where no wrap made them.

    A line is *ragged* when the line below it continues the same paragraph and that line's
    first word would have fit at the end of it. Rich wraps greedily (a line ends only where the
    next word does not fit), so a ragged line can only come from a line break written in a help
    text. Where a paragraph goes on:
    - outside the option panels: two non-blank lines with the same indent (the description, the
      epilog's prose; an example's command and its description have different indents, and a
      line wrapped out of an indented example starts at the margin, so neither counts); the
      room is the width less the margin of one column on either side;
    - in a panel: a line of the help column (the rightmost column, where continued lines start)
      below another line of the same cell; Typer's own lines there ([default: ...]) start an item
      of their own. The room is the widest line of that column in the panel, which every line of
      the column could have reached: a line is only called ragged when the word surely fitted.
    """
    lines = [line.rstrip() for line in help_text.splitlines()]
    ragged = []
    for above, below in pairwise(lines):
        if not above.strip() or not below.strip() or BOX_SIDE in above + below:
            continue
        if "╭" in above + below or "╰" in above + below or _indent(above) != _indent(below):
            continue
        if len(above) + 1 + len(below.split()[0]) <= width - 1:
            ragged.append(above.strip())
    panel: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(BOX_SIDE) and line.endswith(BOX_SIDE):
            panel.append(line[1:-1])
            continue
        ragged += _ragged_in_panel(panel)
        panel = []
    return ragged


def _ragged_in_panel(rows: list[str]) -> list[str]:
    """The ragged lines of one panel's help column (see `ragged_lines`)."""
    continued = [_indent(row) for row in rows if row.strip() and _indent(row) > 1]
    if not continued:
        return []
    column = max(continued)  # the help column: the rightmost place a line starts
    cells = [row[column:].rstrip() for row in rows if row[column - 1 : column] == " "]
    room = max(len(cell) for cell in cells)
    ragged = []
    for above, below in pairwise(rows):
        if _indent(below) != column or below.strip().startswith(TYPER_ITEMS):
            continue
        if above[column - 1] != " " or above[column] == " ":
            continue  # the line above has nothing in the help column
        if len(above[column:].rstrip()) + 1 + len(below.split()[0]) <= room:
            ragged.append(above.strip())
    return ragged


def test_ragged_lines_are_found_where_a_line_break_was_written() -> None:
    """The checker finds the break a help text once had, and passes a greedy wrap."""
    written = (
        " Give each finding as a flag (yes) or its --no- form (no: looked for and not\n"
        " found); leave\n out a finding nobody has looked for: it is unknown, never no.\n"
    )
    assert ragged_lines(written, 80) == ["found); leave"]
    panel = (
        "│ --x    Give each finding as a flag (yes) or its │\n"
        "│        form; leave                               │\n"
        "│        out a finding.                            │\n"
        "│ --y    One line.                                 │\n"
    )
    assert ragged_lines(panel, 52) == ["form; leave"]
    reflowed = " Give each finding as a flag (yes) or its --no- form (no: looked for and not\n"
    reflowed += " found); leave out a finding nobody has looked for: it is unknown, never no.\n"
    assert ragged_lines(reflowed, 80) == []


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda command: command or "oms")
@pytest.mark.parametrize("width", [60, 75, 80, 120, 200])
def test_help_is_reflowed_to_the_terminal_width(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, command: str, width: int
) -> None:
    """Every help at 60 to 200 columns: no ragged line (see `ragged_lines`), none too wide.

    From 75 columns up, in addition, no name or word is cut short ("…") and each example's
    command and description stay on one line each. Below 75, Typer's option table is narrower
    than its content: it cuts long option names and long words with "…" (at 60: --from-phenopa…,
    --no-neuroblas… and QuestionnaireR… in `oms check --help`; the names are whole from 74
    columns) and may fold a choice list such as <child|adult|unknown> inside a word; a long
    example wraps onto a line that starts at the margin. The prose is still reflowed there.
    """
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert ragged_lines(result.stdout, width) == []
    assert max(len(line) for line in lines) <= width
    if width >= 75:
        assert "…" not in result.stdout
        for index, line in enumerate(lines):
            if line.startswith("   oms "):  # an example: its command, then what it does
                described, after = [*lines[index + 1 : index + 3], "", ""][:2]
                assert _indent(described) == 7, (line, described)
                assert not after.strip() or after.startswith(("   oms ", "       ")), after


def test_help_used_the_whole_width_at_200_columns(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 200 columns a paragraph of the check help is one line: the width is really used."""
    monkeypatch.setenv("COLUMNS", "200")
    shown = cli("check", "--help").stdout
    assert (
        " Give each finding as a flag (yes) or its --no- form (no: looked for and not found); "
        "leave out a finding nobody has looked for: it is unknown, never no. The verdict is "
    ) in shown


def test_the_generated_reference_has_no_ragged_line() -> None:
    """The command reference (`make reference`, at its fixed 80 columns) is reflowed too."""
    from tools.reference import WIDTH, help_texts

    texts = help_texts()
    assert len(texts) == len(EVERY_COMMAND)
    for command, text in texts.items():
        assert ragged_lines(text, WIDTH) == [], command
        assert "…" not in text, command


def test_a_help_paragraph_with_a_line_break_is_refused() -> None:
    """`paragraphs` refuses a paragraph wrapped by hand: Typer would print its line breaks."""
    from oms_cli.cli.app import paragraphs

    assert paragraphs("One.", "Two words.") == "One.\n\nTwo words."
    with pytest.raises(ValueError, match="line break"):
        paragraphs("Wrapped at the source's\nline length.")


def test_the_findings_rule_of_check_help_stays_whole_at_60_columns(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Findings panel's title holds the one rule to learn; at 60 columns it was cut."""
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("check", "--help")
    assert "Findings (flag = yes, --no- = no, neither = unknown)" in result.stdout
