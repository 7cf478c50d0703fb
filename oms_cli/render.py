"""Output for people: the only module that imports rich, and the owner of the consoles.

Status is always a word (MET / NOT MET / UNKNOWN), colour only repeats it; ``NO_COLOR`` is
honoured (rich reads it). Text is built from `rich.text.Text` objects, never from markup strings,
so nothing from content or input is ever interpreted as markup.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from oms_cli import content
from oms_cli.report import (
    CITED_BY,
    INFO_HINT,
    INFO_TITLE,
    STATUS_WORDS,
    cited_sources,
    citing_topics,
    criteria_sources,
    findings_summary,
    headline,
    info_sources,
    info_statements,
    source_fields,
    source_line,
)
from oms_cli.rules import CRITERIA, Assessment, Status, Verdict
from oms_cli.sources import SOURCES, Source, cite
from oms_cli.topics import CONTENT_DATE, TOPICS, Topic, sources_cited_by_topic

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


def emit(renderable: RenderableType, target: Console | None = None) -> None:
    """Print a view; off a terminal, without the padding rich adds at line ends."""
    out = target if target is not None else console()
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    out.file.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


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


NARROW = 60
"""Below this many columns, tables become lists: a table that narrow cuts words."""


class Responsive:
    """A table on a wide console, the same rows as a list on a narrow one."""

    def __init__(self, wide: Table, narrow: RenderableType) -> None:
        """Keep both layouts; rich asks for the one that fits when printing."""
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        """Choose the layout by the width available."""
        yield self.wide if options.max_width >= NARROW else self.narrow


def _criterion_rows(assessment: Assessment) -> Iterator[tuple[str, Text, Text, str]]:
    for index, result in enumerate(assessment.criteria):
        details = Text(findings_summary(assessment, index))
        details.append("\n")
        details.append(content.CRITERION_TEXT[result.criterion.id].meaning, style="dim")
        status = Text(STATUS_WORDS[result.status], style=STATUS_STYLE[result.status])
        yield result.criterion.title, status, details, cite(result.criterion.sources)


def assessment_view(assessment: Assessment) -> RenderableType:
    """The whole result: verdict first, then the criteria, notes, sources and disclaimer."""
    verdict = Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict])
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Criterion")
    table.add_column("Status", no_wrap=True)
    table.add_column("Findings and meaning")
    table.add_column("Src", no_wrap=True)
    narrow: list[RenderableType] = []
    for title, status, details, marks in _criterion_rows(assessment):
        table.add_row(title, status, details, marks)
        narrow.append(Text.assemble((title, "bold"), ": ", status, " ", (marks, "dim")))
        narrow.append(Padding(details, (0, 0, 0, 2)))
    age = Text(f"Age group: {assessment.age_group.value}", style="dim")
    parts: list[RenderableType] = [verdict, age, Text(), Responsive(table, Group(*narrow))]
    if assessment.notes:
        parts += [Text(), section("Notes")]
        parts.append(bullets(cited(note.text, note.sources) for note in assessment.notes))
    parts += [Text(), section("Sources"), sources_list(cited_sources(assessment))]
    parts += [Text(), disclaimer()]
    return Group(*parts)


def criteria_view() -> RenderableType:
    """The rule and its four criteria."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Criterion")
    table.add_column("Met when any of")
    table.add_column("Meaning")
    table.add_column("Src", no_wrap=True)
    narrow: list[RenderableType] = []
    for criterion in CRITERIA:
        meaning = content.CRITERION_TEXT[criterion.id].meaning
        marks = cite(criterion.sources)
        table.add_row(
            Text.assemble(criterion.title, "\n", (criterion.id, "dim")),
            criterion.joined_findings,
            meaning,
            marks,
        )
        narrow.append(Text.assemble((criterion.title, "bold"), " ", (marks, "dim")))
        details = Text.assemble("met when any of: ", criterion.joined_findings, "\n", meaning)
        narrow.append(Padding(details, (0, 0, 0, 2)))
    rule = cited(content.RULE, content.RULE_SOURCES)
    rule.stylize("bold")
    return Group(
        rule,
        Text(),
        Responsive(table, Group(*narrow)),
        Text(),
        bullets([Text(content.AND_OR), Text(content.UNKNOWN_POLICY)]),
        Text(),
        section("Sources"),
        sources_list(criteria_sources()),
        Text(),
        disclaimer(),
    )


def sources_view() -> RenderableType:
    """Every source, the page first: title, then its details and the topics citing it."""
    cited_by = sources_cited_by_topic()
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column()
    for index, source in enumerate(SOURCES):
        # "Name: value" lines rather than an aligned column: a long URL then fits at 100 columns.
        fields = [*source_fields(source), (CITED_BY, citing_topics(cited_by.get(source.n, ())))]
        lines = [
            Text.assemble((f"{name}: ", "dim"), value, overflow="fold") for name, value in fields
        ]
        if index:
            table.add_row("", "")
        table.add_row(source.label, Group(Text(source.title, style="bold"), *lines))
    return Group(section("Sources"), Text(), table)


def _topic_parts(topic: Topic) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(topic.title.upper(), style="bold"),
        Text(f"{topic.summary}.", style="italic"),
    ]
    for part in topic.sections:
        parts += [Text(), section(part.heading)]
        parts.append(
            bullets(cited(statement.text, statement.sources) for statement in part.statements)
        )
    return parts


def info_view(shown: Sequence[Topic] | None) -> RenderableType:
    """Patient information: one topic, several, or (``None``) the short overview and topic list.

    Sources, the content's date and the disclaimer follow.
    """
    parts: list[RenderableType] = []
    if shown is None:
        parts += [Text(INFO_TITLE, style="bold"), Text()]
        parts.append(bullets(cited(s.text, s.sources) for s in info_statements(None)))
        topic_list = Table.grid(padding=(0, 2))
        topic_list.add_column(no_wrap=True)
        topic_list.add_column()
        for topic in TOPICS:
            topic_list.add_row(topic.id, topic.summary)
        parts += [Text(), section("Topics"), topic_list, Text(), Text(INFO_HINT)]
    else:
        if len(shown) > 1:
            parts += [Text(INFO_TITLE, style="bold"), Text()]
        for index, topic in enumerate(shown):
            if index:
                parts.append(Text())
            parts += _topic_parts(topic)
    parts += [Text(), section("Sources"), sources_list(info_sources(shown))]
    parts += [Text(), Text(f"{CONTENT_DATE}."), disclaimer()]
    return Group(*parts)
