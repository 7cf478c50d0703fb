"""`oms batch` on one-record-a-line input: JSON Lines and phenopackets read their lines alike."""

from __future__ import annotations

import pytest

from tests.conftest import Invoke

KINDS = [("--input-format", "jsonl"), ("--input-format", "phenopackets")]


@pytest.mark.parametrize("kind", KINDS, ids=["jsonl", "phenopackets"])
def test_blank_lines_are_skipped_and_keep_their_line_numbers(
    cli: Invoke, kind: tuple[str, str]
) -> None:
    """Blank and white-space lines are skipped; a row without an id is named by its line."""
    text = '{"opsoclonus": "yes"}\n\n  \r\n{}\n' if kind[1] == "jsonl" else "{}\n\n  \r\n{}\n"
    result = cli("batch", "-", *kind, "-f", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["1", "4"]


@pytest.mark.parametrize("kind", KINDS, ids=["jsonl", "phenopackets"])
def test_a_line_that_cannot_be_read_is_one_bad_row(cli: Invoke, kind: tuple[str, str]) -> None:
    """A line that is not UTF-8, or longer than 1 MiB, is a bad row naming its line; then on."""
    text = b"{}\n\xff\n" + b" " * (1 << 21) + b"{}\n{}\n"
    result = cli("batch", "-", *kind, "-f", "csv", "--keep-going", input=text)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "oms: error: <stdin>:2: byte 0xff at byte 1 of the line is not UTF-8 text; "
        "save the file as UTF-8",
        "oms: error: <stdin>:3: a line longer than 1 MiB",
    ]
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("kind", KINDS, ids=["jsonl", "phenopackets"])
@pytest.mark.parametrize("text", ["", "\n\n", "  \r\n\t\n"], ids=["nothing", "lf", "white"])
def test_an_input_of_blank_lines_only_is_empty(
    cli: Invoke, kind: tuple[str, str], text: str
) -> None:
    """No line but blank ones: exit 2, the input is empty."""
    result = cli("batch", "-", *kind, input=text)
    assert (result.exit_code, result.stderr) == (
        2,
        "oms: error: <stdin>: is empty (no rows and no header)\n",
    )
