"""The questionnaire's "same result without questions" line: a command that can be copied whole."""

from __future__ import annotations

import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from oms_cli.views.output import REPLAY_LABEL, replay_line

COMMAND = (
    "oms check --no-neuroblastoma --opsoclonus --no-myoclonus --ataxia --behavior "
    "--age-group child --format json --what-if --no-input"
)


def test_off_a_terminal_the_line_is_one_line() -> None:
    """Piped or written to a file, the line is the label and the command, unbroken."""
    assert replay_line(COMMAND, None) == f"{REPLAY_LABEL} {COMMAND}"


@settings(max_examples=30)  # each example starts a shell
@given(st.integers(min_value=40, max_value=200))
def test_on_a_terminal_no_flag_is_split_and_the_lines_run_as_one_command(width: int) -> None:
    """On a terminal the lines fit and a real shell reads them as exactly the command's words.

    Every line but the last ends in a shell continuation; no flag is cut.
    """
    lines = replay_line(COMMAND, width).split("\n")
    assert all(len(line) < width for line in lines)
    assert all(line.endswith(" \\") for line in lines[:-1])
    assert not lines[-1].endswith("\\")
    text = "\n".join(lines)
    assert text.startswith(REPLAY_LABEL + " ")
    script = "set -- " + text.removeprefix(REPLAY_LABEL) + '\nprintf "%s\\n" "$@"'
    words = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert words.stdout.split("\n")[:-1] == COMMAND.split(" ")


def test_a_command_that_fits_stays_on_one_line() -> None:
    """Where the whole line fits the terminal it is not cut at all."""
    short = "oms check --opsoclonus --no-input"
    assert replay_line(short, 100) == f"{REPLAY_LABEL} {short}"
