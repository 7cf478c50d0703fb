"""`oms batch` for people: the table (`--format table`), the summary and the progress bar.

The table streams one line a row: every column but the id holds a word from a short list, so the
widths are known before the first row (the id's from the terminal and the first rows), and the
text after the id is built once per outcome. An id longer than its column is cut in the middle
(never wrapped) and counted in a note below. Ids are shown literally (`textsafe.visible`); styles
are the console's (none off a terminal or under ``NO_COLOR``); every status stays a word.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from rich.cells import cell_len, set_cell_size
from rich.console import Console, Group, RenderableType
from rich.table import Column, Table
from rich.text import Text

from oms_cli.batch.rows import Item, Outcome, RowError, Summary
from oms_cli.files.textsafe import visible
from oms_cli.rules import CRITERIA, CriterionId, Status, Verdict
from oms_cli.views.render import (
    STATUS_STYLE,
    VERDICT_STYLE,
    disclaimer,
    emit,
    error_console,
    headed_table,
)
from oms_cli.views.result import STATUS_WORDS
from oms_cli.views.wording import batch_summary

VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.MET: "MET",
    Verdict.NOT_MET: "NOT MET",
    Verdict.UNDETERMINED: "UNDETERMINED",
}
CRITERION_HEADINGS: dict[CriterionId, str] = {
    CriterionId.NEUROBLASTOMA: "Neuro-\nblastoma",
    CriterionId.OPSOCLONUS: "Opso-\nclonus",
    CriterionId.MYOCLONUS_ATAXIA: "Myoclonus/\nataxia",
    CriterionId.BEHAVIOR_SLEEP: "Behaviour/\nsleep",
}
ERROR_WORD = "ERROR"
GAP = 2  # spaces between columns (as in `oms_cli.views.render.headed_table`)
ID_WIDTH = (2, 30)
"""Narrowest id column, and its width when the terminal has room whatever the first ids: ids
often grow further down a file (line numbers do)."""
ID_KEPT = 10  # id width below which the criteria columns give way (verdict and counts stay)
MEASURED_ROWS = 100  # rows read before the id column is sized (wider than 30 only if they need)
WRITE_ROWS = 100  # rows written at once: a table on a terminal appears as it is read
CUT_MARK = "…"


def column_widths(ids: Iterable[str], width: int) -> list[int]:
    """Column widths (id, verdict, met, unknown, then the four criteria) for a console width.

    The id column takes what the other columns leave, up to ``ID_WIDTH[1]`` or, when the first
    ids are longer, up to the longest of them.
    """
    widths = [len(VERDICT_WORDS[Verdict.UNDETERMINED]), len("Met"), len("Unk.")]
    for criterion in CRITERIA:
        heading_lines = CRITERION_HEADINGS[criterion.id].splitlines()
        widths.append(max(len(STATUS_WORDS[Status.NOT_MET]), *map(len, heading_lines)))
    shortest, preferred = ID_WIDTH
    wanted = max([preferred, *(cell_len(visible(ident, None)) for ident in ids)])
    room = width - sum(widths) - GAP * len(widths)
    if room < min(wanted, ID_KEPT):
        widths = widths[:3]  # too narrow for the criteria: verdict and counts only
        room = width - sum(widths) - GAP * len(widths)
    return [max(shortest, min(wanted, room)), *widths]


def fit_id(ident: str, width: int) -> tuple[str, bool]:
    """An id made visible and padded to ``width`` columns; if longer, cut in the middle.

    The start and the end both stay (ids often differ only in their last characters, as in
    ``patient-0001`` and ``patient-0002``), joined by an ellipsis. Returns the cell and whether
    the id was cut.
    """
    shown = visible(ident, None)  # cut here, keeping both ends
    if shown.isascii():
        if len(shown) <= width:
            return shown.ljust(width), False
        tail = (width - 1) // 2
        return shown[: width - 1 - tail] + CUT_MARK + shown[len(shown) - tail :], True
    size = cell_len(shown)
    if size <= width:
        return shown + " " * (width - size), False
    end = ""
    for char in reversed(shown):
        if cell_len(end) + cell_len(char) > (width - 1) // 2:
            break
        end = char + end
    head = set_cell_size(shown, width - 1 - cell_len(end))
    return head + CUT_MARK + end, True


class _Cells:
    """The text of each word in its column, padded and styled once by the console."""

    def __init__(self, out: Console, widths: list[int]) -> None:
        self.out = out
        self.widths = widths
        self.gap = " " * GAP
        self.verdicts = {
            verdict: self.styled(word, VERDICT_STYLE[verdict], widths[1], last=False)
            for verdict, word in VERDICT_WORDS.items()
        }
        self.error = self.styled(ERROR_WORD, "bold red", widths[1], last=True)
        self.statuses = [
            {
                status: self.styled(
                    word, STATUS_STYLE[status], widths[column], last=column == len(widths) - 1
                )
                for status, word in STATUS_WORDS.items()
            }
            for column in range(4, len(widths))
        ]
        self._tails: dict[Outcome, str] = {}
        self.cut = 0
        """Ids cut short so far."""

    def styled(self, word: str, style: str, width: int, *, last: bool) -> str:
        """``word`` in ``style`` as the console writes it, padded to ``width`` unless ``last``."""
        with self.out.capture() as captured:
            self.out.print(Text(word, style=style), end="", soft_wrap=True)
        return captured.get() + ("" if last else " " * (width - len(word)))

    def tail(self, outcome: Outcome) -> str:
        """Everything after the id of a row with this outcome, built once per outcome."""
        text = self._tails.get(outcome)
        if text is None:
            assessment = outcome.assessment
            cells = [
                self.verdicts[assessment.verdict],
                str(assessment.met_count).rjust(self.widths[2]),
                str(assessment.unknown_count).rjust(self.widths[3]),
            ]
            cells += [
                statuses[result.status]
                for statuses, result in zip(self.statuses, assessment.criteria, strict=False)
            ]
            text = self._tails[outcome] = self.gap + self.gap.join(cells)
        return text


def _header(widths: list[int]) -> Table:
    headings = ["ID", "Verdict", "Met", "Unk."]
    headings += [CRITERION_HEADINGS[criterion.id] for criterion in CRITERIA]
    columns = [
        Column(
            heading,
            width=width,
            justify="right" if index in {2, 3} else "left",
            vertical="bottom",
        )
        for index, (heading, width) in enumerate(zip(headings, widths, strict=False))
    ]
    header = headed_table(*columns)
    header.width = sum(widths) + GAP * (len(widths) - 1)  # as wide as the rows, on any terminal
    return header


def _rows(items: Iterable[Item]) -> Iterator[tuple[str, Outcome | None]]:
    """Each row's id and outcome (None for a bad row)."""
    for item in items:
        if isinstance(item, RowError):
            yield item.id, None
        else:
            yield from zip(item.ids, item.outcomes, strict=True)


def _lines(rows: Iterator[tuple[str, Outcome | None]], cells: _Cells) -> Iterator[str]:
    id_width = cells.widths[0]
    for ident, outcome in rows:
        shown, cut = fit_id(ident, id_width)
        cells.cut += cut
        if outcome is None:
            yield shown + cells.gap + cells.error + "\n"
        else:
            yield shown + cells.tail(outcome) + "\n"


def table(items: Iterable[Item], out: Console) -> int:
    """Print the rows as a table as they are read; return how many ids were cut.

    The header is printed once the first rows are in (they size the id column); the disclaimer
    ends the table.
    """
    rows = _rows(items)
    first = list(itertools.islice(rows, MEASURED_ROWS))
    widths = column_widths((ident for ident, _ in first), out.width)
    emit(_header(widths), out)
    cells = _Cells(out, widths)
    chained = itertools.chain(first, rows)
    write = out.file.write
    batch_lines: list[str] = []
    for line in _lines(chained, cells):
        batch_lines.append(line)
        if len(batch_lines) == WRITE_ROWS:
            write("".join(batch_lines))
            batch_lines.clear()
    write("".join(batch_lines))
    cut = cells.cut
    parts: list[RenderableType] = [Text()]
    if cut:
        ids = "1 id was" if cut == 1 else f"{cut:,} ids were"
        note = f"{ids} longer than the ID column and cut in the middle ({CUT_MARK}); "
        parts += [Text(note + "--format csv shows every id whole."), Text()]
    emit(Group(*parts, disclaimer()), out)
    return cut


# --- standard error, on a terminal ---------------------------------------------------------------


def summary_line(summary: Summary, destination: str) -> Text:
    """One line for standard error: how many rows, by verdict, and errors (`wording`'s words)."""
    view = batch_summary(summary, destination)
    line = Text(view.rows, style="bold")
    for index, count in enumerate(view.counts):
        if index:
            line.append(", ")
        style = VERDICT_STYLE[count.verdict] if count.verdict is not None else "bold red"
        line.append(count.words, style="" if count.zero else style)
    line.append(view.destination)
    return line


def show_summary(summary: Summary, destination: str) -> None:
    """Print `summary_line` on standard error."""
    error_console().print(summary_line(summary, destination))


class Progress:
    """A progress bar on standard error, by bytes read (a spinner when the size is unknown)."""

    def __init__(self, total: int | None) -> None:
        """A bar for ``total`` bytes, not shown until `start`."""
        from rich import progress  # noqa: PLC0415  (only a terminal shows progress)

        self._progress = progress.Progress(
            progress.SpinnerColumn() if total is None else progress.BarColumn(),
            progress.DownloadColumn(),
            progress.TextColumn("read"),
            *([] if total is None else [progress.TimeRemainingColumn()]),
            console=error_console(),
            transient=True,
        )
        self._task = self._progress.add_task("oms batch", total=total)

    def start(self) -> None:
        """Show the bar."""
        self._progress.start()

    def stop(self) -> None:
        """Remove the bar."""
        self._progress.stop()

    def advance(self, size: int) -> None:
        """Count bytes read."""
        self._progress.advance(self._task, size)

    def print(self, line: str) -> None:
        """A message above the bar."""
        self._progress.console.print(Text(line))
