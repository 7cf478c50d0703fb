"""`oms batch --format table`: one line a row however the ids grow, and no layout per row."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from oms_cli.batch import screen
from oms_cli.views.render import console

from .conftest import WIDTH, Invoke

HEADER_LINES = 3
"""Two heading lines (the criteria headings take two) and the rule under them."""
FOOTER_LINES = 3
"""A blank line, then the two lines of the disclaimer at 100 columns."""


def growing_ids(rows: int) -> str:
    """A CSV whose ids are short for the first 100 rows, then grow longer than any column."""
    lines = ["id,opsoclonus,myoclonus,behavior"]
    for index in range(rows):
        ident = f"P{index}" if index < 100 else "patient-" + "x" * (index // 4) + f"-{index}"
        lines.append(f"{ident},yes,{'yes' if index % 2 else 'no'},")
    return "\n".join(lines) + "\n"


def test_ids_that_grow_after_row_100_never_wrap(cli: Invoke) -> None:
    """Every row is one line, ids longer than the column are cut in the middle and counted.

    The id column is sized before row 101; the rows after it must not fold onto extra lines.
    """
    rows = 300
    result = cli("batch", "-", "--format", "table", input=growing_ids(rows))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    body = lines[HEADER_LINES : HEADER_LINES + rows]
    assert [line.split("  ")[0].startswith(("P", "patient-")) for line in body] == [True] * rows
    assert all(cell_len(line) <= WIDTH for line in lines)
    assert body[0].startswith("P0 ")
    assert body[299].startswith("patient-xxxx")
    assert "…" in body[299]
    assert body[299].split("  ")[0].endswith("-299")  # the end of a cut id stays
    cut = sum("…" in line.split("  ")[0] for line in body)
    assert cut > 0
    assert f"{cut} ids were longer than the ID column" in result.stdout
    assert len(lines) == HEADER_LINES + rows + 2 + FOOTER_LINES  # the note and its blank line


def test_no_note_when_every_id_fits(cli: Invoke) -> None:
    """Ids that fit are shown whole, and then the table says nothing about cutting."""
    result = cli("batch", "-", "--format", "table", input=growing_ids(100))
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    assert "cut" not in result.stdout
    assert "P99  " in result.stdout


@pytest.mark.parametrize("width", [50, 100])
def test_criteria_columns_left_out_of_a_narrow_table_are_said_to_be(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Below about 80 columns the criteria give way to the verdict and counts, and a note says so.

    They went without a word (QA at a 60-column terminal).
    """
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("batch", "-", "--format", "table", input="id,sleep\nP1,yes\n")
    narrow = width < 80
    assert ("Opso-" in result.stdout) is not narrow
    said = " ".join(result.stdout.split())
    note = f"The four criteria columns do not fit in {width} columns; --format csv shows them"
    assert (note in said) is narrow


@pytest.mark.parametrize(
    ("ident", "width"),
    [
        ("P1", 5),
        ("patient-000123", 9),
        ("日本語の長い識別子です", 9),
        ("日本語の長い識別子です", 10),
    ],
)
def test_fit_id_takes_exactly_the_column(ident: str, width: int) -> None:
    """A fitted id takes exactly its column's width in terminal cells, wide characters included."""
    cell, cut = screen.fit_id(ident, width)
    assert cell_len(cell) == width
    assert cut == (cell_len(ident) > width)
    if cut:
        assert cell[0] == ident[0]
        assert cell[-1] == ident[-1]


def test_rows_are_not_laid_out_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console lays out the header, each outcome's words and the footer: never each row.

    A layout a page of 100 rows at a time made 2 million rows take 390 s against 7.7 s for CSV.
    """
    from oms_cli.batch.rows import Good, outcome_for

    answers = ["yes", "no", "unknown"]
    lines = range(2, 5002)
    outcomes = [outcome_for(tuple(answers[(line >> k) % 3] for k in range(6))) for line in lines]
    items = [Good(list(map(str, lines)), outcomes)]
    out = io.StringIO()
    wide = console(out)
    wide.width = WIDTH
    printed = 0
    original = Console.print

    def counting(self: Console, *args: Any, **kwargs: Any) -> None:
        nonlocal printed
        printed += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(Console, "print", counting)
    screen.table(items, wide)
    assert printed <= 2 + len(set(outcomes)) + 1  # header, footer, each outcome, the error word
    assert len(out.getvalue().splitlines()) == HEADER_LINES + len(lines) + FOOTER_LINES
