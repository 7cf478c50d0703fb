"""Columns of text for people: a light stand-in for `rich.table.Table`.

Every table oms prints is a few columns of short text. rich's Table measures each cell twice
and shares space out with fractions, and importing it brings `fractions` and `decimal`: it was
the largest cost of `oms check --format text` beyond importing typer and rich's console
(benchmarks/README.md). A grid lays out in one pass:

- a column with a fixed width gets it; a column that does not wrap gets its widest line;
- the columns that wrap share what is left: each gets what its widest line needs when that fits
  in an even share, and the rest split what remains evenly;
- a row is as tall as its tallest cell; lines wrap at spaces, a word too long for its column is
  folded (but never a URL: it gets a line of its own and may run past the column), and a column
  that does not wrap cuts its text (with an ellipsis if it says so).

Like everything that prints for people, a grid is rendered by `oms_cli.views.render`; text arrives
as
`rich.text.Text` (never markup), so nothing in a cell is interpreted.
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text

HEADER_STYLE = "bold"


@dataclass(frozen=True)
class Column:
    """How one column is laid out. ``style`` applies to cells given as plain strings."""

    header: str = ""
    wrap: bool = True
    width: int | None = None
    justify: Literal["left", "right"] = "left"
    overflow: Literal["fold", "ellipsis"] = "fold"
    style: str = ""


def text_width(text: Text) -> int:
    """Columns the widest line of ``text`` takes."""
    return max(cell_len(line) for line in text.plain.split("\n"))


def share(wanted: Sequence[int], room: int) -> list[int]:
    """Widths for columns that want ``wanted`` columns each, sharing ``room`` (at least 1 each).

    Narrow columns get all they want when it is no more than an even share of what is left;
    the others split the rest evenly, the last ones taking any odd column.
    """
    widths = [0] * len(wanted)
    left = len(wanted)
    # Every column is at least 1 wide (text cannot wrap to 0), so it wants at least that.
    for want, index in sorted((max(1, want), index) for index, want in enumerate(wanted)):
        fair = room // left
        widths[index] = max(1, min(want, fair))
        room -= widths[index]
        left -= 1
    return widths


class Grid:
    """Rows of cells under columns, optionally with a header row and a rule below it."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Text | str]] = (),
        *,
        gap: int = 1,
        header: bool = False,
    ) -> None:
        """Columns, then rows of one cell a column; ``gap`` spaces go between columns."""
        self.columns = tuple(columns)
        self.gap = gap
        self.headers = (
            tuple(Text(column.header, style=HEADER_STYLE) for column in self.columns)
            if header
            else None
        )
        self.rows: list[tuple[Text, ...]] = []
        for row in rows:
            self.add_row(*row)

    def add_row(self, *cells: Text | str) -> None:
        """Add a row: one cell a column, as `Text` or as a string styled by its column."""
        self.rows.append(
            tuple(
                Text(cell, style=column.style) if isinstance(cell, str) else cell
                for cell, column in zip(cells, self.columns, strict=True)
            )
        )

    def widths(self, available: int) -> list[int]:
        """Each column's width when the grid may take ``available`` columns."""
        rows = self.rows if self.headers is None else [self.headers, *self.rows]
        wanted = [
            column.width
            if column.width is not None
            else max((text_width(row[index]) for row in rows), default=0)
            for index, column in enumerate(self.columns)
        ]
        flexible = [
            index
            for index, column in enumerate(self.columns)
            if column.wrap and column.width is None
        ]
        fixed = sum(want for index, want in enumerate(wanted) if index not in flexible)
        room = available - fixed - self.gap * (len(self.columns) - 1)
        for index, width in zip(flexible, share([wanted[i] for i in flexible], room), strict=True):
            wanted[index] = width
        return wanted

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """Lay the rows out for the width available; yields lines of segments."""
        widths = self.widths(options.max_width)
        if self.headers is not None:
            yield from self._cropped(self._row(console, self.headers, widths, bottom=True), options)
            rule = "-" if options.ascii_only else "─"
            yield Segment(rule * min(sum(widths) + self.gap * (len(widths) - 1), options.max_width))
            yield Segment.line()
        for row in self.rows:
            yield from self._cropped(self._row(console, row, widths), options)

    def _cropped(self, segments: Iterable[Segment], options: ConsoleOptions) -> Iterator[Segment]:
        """Lines cut at the width available, except a line that holds a URL, which stays whole.

        oms prints with rich's cropping off (`oms_cli.views.render.emit`), so that a URL is never
        cut;
        every other line is cut here, as rich would.
        """
        for line in Segment.split_lines(segments):
            if Segment.get_line_length(line) > options.max_width and not any(
                "://" in segment.text for segment in line
            ):
                yield from Segment.adjust_line_length(line, options.max_width, pad=False)
            else:
                yield from line
            yield Segment.line()

    def _row(
        self,
        console: Console,
        row: Sequence[Text],
        widths: Sequence[int],
        *,
        bottom: bool = False,
    ) -> Iterator[Segment]:
        cells = [
            _lines(console, cell, column, width)
            for cell, column, width in zip(row, self.columns, widths, strict=True)
        ]
        height = max(len(lines) for lines in cells)
        # Headers sit on the bottom line, next to the rule; cells start on the top line.
        tops = [height - len(lines) if bottom else 0 for lines in cells]
        gap = Segment(" " * self.gap)
        for line in range(height):
            shown = [
                lines[line - top] if top <= line < top + len(lines) else None
                for top, lines in zip(tops, cells, strict=True)
            ]
            # Up to the last cell with text on this line: no padding at the end of a line.
            filled = [index for index, text in enumerate(shown) if text and text.plain.strip()]
            last = filled[-1] if filled else -1
            for index, text in enumerate(shown[: last + 1]):
                if index:
                    yield gap
                if text is None:
                    yield Segment(" " * widths[index])
                    continue
                padding = Segment(" " * (widths[index] - cell_len(text.plain)))
                right = self.columns[index].justify == "right"
                if right:
                    yield padding
                yield from _segments(console, text, end_of_line=index == last)
                if index != last and not right:
                    yield padding
            yield Segment.line()


def _lines(console: Console, cell: Text, column: Column, width: int) -> list[Text]:
    """The lines a cell takes in its column, not yet padded to the column's width."""
    plain = cell.plain
    if "\n" not in plain and cell_len(plain) <= width:
        return [cell]  # most cells fit on one line: no need to wrap (the costly part)
    if column.wrap and _long_url(plain, width):
        return _lines_keeping_words(cell, width)
    wrapped = cell.wrap(
        console, width, justify=column.justify, overflow=column.overflow, no_wrap=not column.wrap
    )
    return list(wrapped)


def _lines_keeping_words(cell: Text, width: int) -> list[Text]:
    """The cell wrapped at spaces only: a word longer than the column gets a line of its own.

    For a URL, which folded can no longer be copied or clicked: on its own line it runs past the
    column, and the terminal wraps it softly. (rich's overflow "ignore" would not wrap at all.)
    """
    lines: list[Text] = []
    for line in cell.split(allow_blank=True):
        parts = line.divide(_breaks_at_spaces(line.plain, width))
        for part in parts:
            part.rstrip_end(width)
        lines += parts
    return lines


_WORD = re.compile(r"\S+\s*")


def _breaks_at_spaces(plain: str, width: int) -> list[int]:
    """Where ``plain`` is cut into lines of ``width`` columns: before a word that would not fit."""
    breaks: list[int] = []
    used = 0
    for word in _WORD.finditer(plain):
        size = cell_len(word.group().rstrip())
        if used and used + size > width:
            breaks.append(word.start())
            used = 0
        used += cell_len(word.group())
    return breaks


def _long_url(plain: str, width: int) -> bool:
    """Whether the text holds a URL longer than ``width``."""
    return any(len(word) > width and "://" in word for word in plain.split())


def _segments(console: Console, text: Text, *, end_of_line: bool) -> Iterable[Segment]:
    """``text`` as segments, in its own style: `Text.render` drops it from text without spans.

    At the end of a line, trailing spaces are left out.
    """
    if end_of_line and text.plain != text.plain.rstrip():
        text = text.copy()
        text.rstrip()
    if text.spans:
        return text.render(console)
    return [Segment(text.plain, console.get_style(text.style) if text.style else None)]
