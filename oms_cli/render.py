"""Output for people: the only module that imports rich, and the owner of the consoles.

Status is always a word (MET / NOT MET / UNKNOWN), colour only repeats it; ``NO_COLOR`` is
honoured (rich reads it). Text is built from `rich.text.Text` objects, never from markup strings,
so nothing from content or input is ever interpreted as markup.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from oms_cli import content
from oms_cli.report import STATUS_WORDS, cited_sources, findings_summary, headline, source_line
from oms_cli.rules import CRITERIA, Assessment, Status, Verdict
from oms_cli.sources import SOURCE_BY_N, SOURCES, Source, cite
from oms_cli.textsafe import visible

if TYPE_CHECKING:  # the batch module is loaded only by `oms batch`, not by `oms check`
    from oms_cli import batch

STATUS_STYLE: dict[Status, str] = {
    Status.MET: "bold green",
    Status.NOT_MET: "bold red",
    Status.UNKNOWN: "bold yellow",
}
VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.MET: "bold green",
    Verdict.NOT_MET: "bold red",
    Verdict.UNDETERMINED: "bold yellow",
}


def console(file: TextIO | None = None, *, record: bool = False) -> Console:
    """A console for results (standard output unless another file is given)."""
    return Console(
        file=file if file is not None else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
        record=record,
    )


def error_console() -> Console:
    """The console for messages to standard error."""
    return Console(stderr=True, highlight=False, emoji=False, markup=False)


def cited(text: str, sources: Iterable[int]) -> Text:
    """A statement followed by its citation marks, the marks dimmed."""
    line = Text(text)
    marks = cite(tuple(sources))
    if marks:
        line.append(" ")
        line.append(marks, style="dim")
    return line


def bullets(lines: Iterable[Text]) -> Table:
    """Lines as an indented bullet list that wraps under its own text."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for line in lines:
        table.add_row("•", line)
    return table


def section(title: str) -> Text:
    """A section heading."""
    return Text(title, style="bold underline")


def sources_list(sources: Iterable[Source]) -> Table:
    """Numbered sources, label then the reference, wrapping under itself."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold")
    for source in sources:
        table.add_row(source.label, source_line(source))
    return table


def disclaimer() -> Text:
    """The closing line of every result: an educational aid, not a diagnosis."""
    line = cited(content.DISCLAIMER, content.DISCLAIMER_SOURCES)
    line.stylize("italic")
    return line


def assessment_view(assessment: Assessment) -> RenderableType:
    """The whole result: verdict first, then the criteria, notes, sources and disclaimer."""
    verdict = Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict])
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Criterion", ratio=3)
    table.add_column("Status", no_wrap=True)
    table.add_column("Findings", ratio=3)
    table.add_column("Meaning", ratio=5)
    table.add_column("Src", no_wrap=True)
    for index, result in enumerate(assessment.criteria):
        table.add_row(
            result.criterion.title,
            Text(STATUS_WORDS[result.status], style=STATUS_STYLE[result.status]),
            findings_summary(assessment, index),
            content.CRITERION_TEXT[result.criterion.id].meaning,
            cite(result.criterion.sources),
        )
    parts: list[RenderableType] = [verdict, Text(), table]
    parts.append(Text(f"Age group: {assessment.age_group.value}", style="dim"))
    if assessment.notes:
        parts += [Text(), section("Notes")]
        parts.append(bullets(cited(note.text, note.sources) for note in assessment.notes))
    parts += [Text(), section("Sources"), sources_list(cited_sources(assessment))]
    parts += [Text(), disclaimer()]
    return Group(*parts)


def criteria_view() -> RenderableType:
    """The rule and its four criteria."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Criterion", ratio=3)
    table.add_column("Met when any of", ratio=3)
    table.add_column("Meaning", ratio=5)
    table.add_column("Src", no_wrap=True)
    for criterion in CRITERIA:
        table.add_row(
            Text.assemble(criterion.title, "\n", (criterion.id, "dim")),
            criterion.joined_findings,
            content.CRITERION_TEXT[criterion.id].meaning,
            cite(criterion.sources),
        )
    rule_sources = [SOURCE_BY_N[n] for n in content.RULE_SOURCES]
    rule = cited(content.RULE, content.RULE_SOURCES)
    rule.stylize("bold")
    return Group(
        rule,
        Text(),
        table,
        Text(),
        bullets([Text(content.AND_OR), Text(content.UNKNOWN_POLICY)]),
        Text(),
        section("Sources"),
        sources_list(rule_sources),
        Text(),
        disclaimer(),
    )


def sources_view() -> RenderableType:
    """Every source, the page first."""
    return Group(section("Sources"), sources_list(SOURCES))


# --- oms batch -----------------------------------------------------------------------------------

BATCH_VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.MET: "MET",
    Verdict.NOT_MET: "NOT MET",
    Verdict.UNDETERMINED: "UNDETERMINED",
}
BATCH_CRITERION_HEADINGS: dict[str, str] = {
    "neuroblastoma": "Neuro-\nblastoma",
    "opsoclonus": "Opso-\nclonus",
    "myoclonus_ataxia": "Myoclonus/\nataxia",
    "behavior_sleep": "Behaviour/\nsleep",
}
_BATCH_PAGE = 100
"""Rows a table holds before the next one starts: the rows stream, a page at a time."""
_BATCH_ID_WIDTH = (2, 30)
"""Narrowest and widest id column; longer ids fold onto more lines."""
_BATCH_ID_KEPT = 10
"""Id width below which the criteria columns give way (verdict and counts stay)."""
_BATCH_GAP = 2
"""Columns between columns: the (collapsed) padding and the blank rule of the box."""


def _batch_widths(ids: Iterable[str], width: int) -> list[int]:
    """Column widths (id, verdict, met, unknown, then the four criteria) for a console width."""
    widths = [len("UNDETERMINED"), len("Met"), len("Unk.")]
    for criterion in CRITERIA:
        heading_lines = BATCH_CRITERION_HEADINGS[criterion.id].splitlines()
        widths.append(max(len("NOT MET"), *map(len, heading_lines)))
    shortest, longest = _BATCH_ID_WIDTH
    wanted = min(max([shortest, *(len(visible(ident)) for ident in ids)]), longest)
    room = width - sum(widths) - _BATCH_GAP * len(widths)
    if room < min(wanted, _BATCH_ID_KEPT):
        widths = widths[:3]  # too narrow for the criteria: verdict and counts only
        room = width - sum(widths) - _BATCH_GAP * len(widths)
    return [max(shortest, min(wanted, room)), *widths]


def batch_table(items: Iterable[batch.RowResult | batch.RowError], out: Console) -> None:
    """Rows of a batch as a table for people, printed a page at a time as they are read.

    Ids come from the file: shown literally (`textsafe.visible`), never as markup. Every page has
    the same column widths, so the pages read as one table, with the header printed once. When
    the terminal is too narrow for the criteria, the table keeps id, verdict and the counts.
    """
    page: list[batch.RowResult | batch.RowError] = []
    widths: list[int] | None = None
    for item in items:
        page.append(item)
        if len(page) == _BATCH_PAGE:
            widths = _batch_page(page, out, widths)
            page = []
    if page or widths is None:
        _batch_page(page, out, widths)
    out.print(Text())
    out.print(disclaimer())


def _batch_page(
    page: list[batch.RowResult | batch.RowError], out: Console, widths: list[int] | None
) -> list[int]:
    from oms_cli.batch import RowError  # noqa: PLC0415  (loaded by then; see TYPE_CHECKING above)

    first = widths is None
    if widths is None:
        widths = _batch_widths((item.id for item in page), out.width)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        show_header=first,
        padding=(0, 1),
        collapse_padding=True,
    )
    headings = ["ID", "Verdict", "Met", "Unk."]
    headings += [BATCH_CRITERION_HEADINGS[criterion.id] for criterion in CRITERIA]
    for index, width in enumerate(widths):
        numeric = index in {2, 3}
        table.add_column(
            headings[index],
            min_width=width,
            max_width=width,
            justify="right" if numeric else "left",
            overflow="fold" if index == 0 else "ellipsis",
            no_wrap=index != 0,
        )
    for item in page:
        cells: list[Text | str] = [Text(visible(item.id))]
        if isinstance(item, RowError):
            cells.append(Text("ERROR", style="bold red"))
        else:
            assessment = item.outcome.assessment
            verdict = assessment.verdict
            cells.append(Text(BATCH_VERDICT_WORDS[verdict], style=VERDICT_STYLE[verdict]))
            cells += [str(assessment.met_count), str(assessment.unknown_count)]
            cells += [
                Text(STATUS_WORDS[result.status], style=STATUS_STYLE[result.status])
                for result in assessment.criteria
            ]
        table.add_row(*cells[: len(widths)])
    out.print(table)
    return widths


def batch_summary(summary: batch.Summary, destination: str) -> Text:
    """One line for standard error: how many rows, by verdict, and errors."""
    counts = summary.verdicts
    line = Text(f"{summary.rows:,} rows: ", style="bold")
    parts = [
        (f"{counts[Verdict.MET]:,} met", VERDICT_STYLE[Verdict.MET]),
        (f"{counts[Verdict.NOT_MET]:,} not met", VERDICT_STYLE[Verdict.NOT_MET]),
        (f"{counts[Verdict.UNDETERMINED]:,} undetermined", VERDICT_STYLE[Verdict.UNDETERMINED]),
        (f"{summary.errors:,} errors" if summary.errors != 1 else "1 error", "bold red"),
    ]
    for index, (words, style) in enumerate(parts):
        if index:
            line.append(", ")
        line.append(words, style=style if words[0] != "0" else "")
    line.append(f"; written to {destination}.")
    return line


class BatchProgress:
    """A progress bar on standard error, by bytes read (a spinner when the size is unknown)."""

    def __init__(self, total: int | None) -> None:
        from rich.progress import (  # noqa: PLC0415  (only a terminal shows progress)
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            SpinnerColumn() if total is None else BarColumn(),
            DownloadColumn(),
            TextColumn("read"),
            *([] if total is None else [TimeRemainingColumn()]),
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
