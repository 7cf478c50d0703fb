"""`oms_cli.batch.source`: the input as lines, for the JSON Lines and phenopackets readers."""

from __future__ import annotations

import io

import pytest

from oms_cli.batch.rows import BatchError, RowError
from oms_cli.batch.source import InputSource, Line, record_lines


def lines_of(data: bytes) -> list[Line | RowError]:
    """Every entry `record_lines` gives for ``data`` read as ``cases.jsonl``."""
    return list(record_lines(InputSource(io.BytesIO(data), "cases.jsonl")))


def test_record_lines_skip_blank_lines_and_keep_the_line_numbers() -> None:
    """Blank and white-space lines are skipped; each line keeps its number in the file."""
    entries = lines_of(b'{"a": 1}\n\n  \r\n{"b": 2}\n')
    assert entries == [Line(1, '{"a": 1}\n'), Line(4, '{"b": 2}\n')]


def test_a_line_that_is_not_utf8_is_its_row_error_and_reading_goes_on() -> None:
    """A line that is not UTF-8 comes as a `RowError` naming its line; the next line follows."""
    entries = lines_of(b'{"a": 1}\n\xff\n{"b": 2}\n')
    error = entries[1]
    assert isinstance(error, RowError)
    assert (error.line, error.id) == (2, "2")
    assert error.message.startswith("cases.jsonl:2: byte 0xff")
    assert entries[2] == Line(3, '{"b": 2}\n')


@pytest.mark.parametrize("data", [b"", b"\n\n", b"  \r\n\t\n"])
def test_an_input_of_blank_lines_only_is_empty(data: bytes) -> None:
    """No line but blank ones: the `BatchError` that says the input is empty."""
    with pytest.raises(BatchError, match=r"^cases\.jsonl: is empty"):
        lines_of(data)
