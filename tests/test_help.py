"""`--help` of `oms` and of each command: Typer's rich help, snapshot at 100 columns, no colour.

The panels group the options as a reader looks for them: findings, output, export. Each help is
compared with its golden file (``OMS_UPDATE_GOLDEN=1`` rewrites them after a deliberate change);
the command reference, docs/reference.md, is generated from the same text (test_reference.py).
"""

from __future__ import annotations

import pytest

from tests.conftest import Invoke, golden

COMMANDS = ("", "check", "criteria", "info", "sources", "demo", "quiz", "schema", "questionnaire")
COMMANDS += ("batch",)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command or "oms")
def test_help_matches_its_snapshot(cli: Invoke, command: str) -> None:
    """Each help, at 100 columns without colour, is byte for byte its golden file."""
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    golden(f"help/{command or 'oms'}.txt", result.stdout)


@pytest.mark.parametrize(
    ("command", "panels"),
    [
        ("check", ("Options", "Findings (flag = yes", "Output", "Export (for slides")),
        ("info", ("Arguments", "Options", "Output", "Export (for slides")),
        ("demo", ("Arguments", "Options", "Export (for slides", "Output")),
        ("quiz", ("Options", "Export (for slides")),
        ("batch", ("Arguments", "Options", "Output")),
        ("", ("Options", "Commands")),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_help_groups_options_in_panels(cli: Invoke, command: str, panels: tuple[str, ...]) -> None:
    """Options sit in named panels, in this order: what a person looks for, together."""
    shown = cli(*([command] if command else []), "--help").stdout
    starts = [shown.find(f"╭─ {panel}") for panel in panels]
    assert -1 not in starts, (panels, starts)
    assert starts == sorted(starts)


def test_oms_alone_shows_the_help_on_standard_error(cli: Invoke) -> None:
    """`oms` with no command: the help, plain, as the message of a usage error (exit 2)."""
    result = cli()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: oms [OPTIONS] COMMAND [ARGS]..." in result.stderr
    assert "╭─ Commands" in result.stderr
    assert "\x1b[" not in result.stderr
