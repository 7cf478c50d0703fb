"""Every example in `--help` is true as written: it runs, and does what its line says.

On a terminal in particular: an example said to ask nothing must not start the questionnaire
there (the old `oms check` example did, although its flags already met 3 criteria).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from oms_cli.cli import intake
from oms_cli.teaching import terminal
from oms_cli.views import output

from .conftest import Invoke

ROOT = Path(__file__).parent.parent
COMMANDS = ("", "check", "info", "demo", "batch", "criteria", "sources", "schema")


def examples(cli: Invoke, command: str) -> list[tuple[str, str]]:
    """The (command line, description) pairs of one command's help."""
    text = cli(*([command] if command else []), "--help").stdout
    lines = text.splitlines()
    found = [
        (line.strip(), lines[index + 1].strip())
        for index, line in enumerate(lines[:-1])
        if re.match(r"^\s+oms ", line)
    ]
    return found


def all_examples() -> list[tuple[str, str]]:
    """Every example of every command, read from the help as a user sees it."""
    from typer.testing import CliRunner, Result

    from oms_cli.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:  # `input`: CliRunner's name
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    pairs: list[tuple[str, str]] = []
    for command in COMMANDS:
        pairs += examples(invoke, command)
    return pairs


EXAMPLES = all_examples()


def test_every_command_shows_several_examples(cli: Invoke) -> None:
    """Each command but the schema and the short lists has at least three examples."""
    for command in ("check", "info", "demo", "batch"):
        assert len(examples(cli, command)) >= 3, command
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize(("line", "says"), EXAMPLES, ids=[line for line, _ in EXAMPLES])
def test_each_example_runs_as_written_on_a_terminal(
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    line: str,
    says: str,
) -> None:
    """Run as on a terminal (where oms asks and pauses): the exit code and the asking are as said.

    Files the example names are there (the examples/ folder); files it writes go to a fresh folder.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for module in (intake, output, terminal):  # each asks whether a stream is a terminal
        monkeypatch.setattr(module, "is_terminal", lambda stream: True)
    # The walk-through's key reading needs a real terminal: it pauses in tests/test_pty.py.
    monkeypatch.setattr(terminal, "on_terminal", lambda: False)
    words = shlex.split(line.partition(" > ")[0])
    assert words[0] == "oms"
    result = cli(*words[1:], input="")
    asks = "asks" in says
    expected = re.search(r"\(exit (\d)", says)
    if asks:
        assert "(1 of 6)" in result.stderr
    else:
        assert "(1 of 6)" not in result.stderr
        assert result.exit_code == (int(expected[1]) if expected else 0), result.stderr
    for option in ("--export", "--output"):
        if option in words:
            assert (tmp_path / words[words.index(option) + 1]).is_file(), result.stderr
