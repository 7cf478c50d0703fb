"""Output for people and the owner of the consoles: the views of `oms_cli.views.wording`, laid out.

Every phrase arrives worded (`oms_cli.views.wording`); this module chooses tables, lists, headings
and
styles. Its parts (`cited`, `bullets`, `section`, the consoles) serve the other rich users too:
the teaching studio's views and `oms_cli.batch.screen`; `oms_cli.views.grid` lays out the tables.

Status is always a word (MET / NOT MET / UNKNOWN), colour only repeats it; ``NO_COLOR`` is
honoured (rich reads it). Text is built from `rich.text.Text` objects, never from markup strings,
so nothing from content or input is ever interpreted as markup.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.control import Control
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import ControlType
from rich.text import Text

from oms_cli.content.sources import Source, cite
from oms_cli.rules import Assessment, Status, Verdict
from oms_cli.views import wording
from oms_cli.views.grid import Column, Grid
from oms_cli.views.pager import UserPager
from oms_cli.views.result import CheckResult
from oms_cli.views.wording import Cited, Reference

if TYPE_CHECKING:  # for annotations only: cases and topics never load for `oms check`
    from oms_cli.content.cases import Case
    from oms_cli.content.topics import Topic

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


class _Console(Console):
    """rich's console, except that a closed pipe is left to the CLI to end (exit 141, quietly).

    rich's own answer is `SystemExit(1)`, which for `oms check` would read as "criteria not met".
    """

    def on_broken_pipe(self) -> None:
        """Stop writing and let the error reach `oms_cli.cli.process`, which ends with 141."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console(file: TextIO | None = None) -> Console:
    """A console for results (standard output unless another file is given)."""
    return _Console(
        file=file if file is not None else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
    )


def emit(renderable: RenderableType, target: Console | None = None) -> None:
    """Print a view; off a terminal, without the padding rich adds at line ends."""
    out = target if target is not None else console()
    if out.is_terminal:
        out.print(renderable, crop=False)  # a URL may run past the width
        return
    with out.capture() as captured:
        out.print(renderable, crop=False)
    out.file.write("\n".join(line.rstrip() for line in captured.get().split("\n")))


def emit_paged(renderable: RenderableType, *, paged: bool = True) -> None:
    """Print a view to standard output; on a terminal, through a pager if it is taller than it.

    See `oms_cli.views.pager`. Off a terminal, or unless ``paged``, as `emit`.
    """
    out = console()
    # The stream itself, not rich's view of it: FORCE_COLOR makes rich treat a pipe as a terminal.
    isatty = getattr(out.file, "isatty", None)
    if not (paged and out.is_terminal and isatty is not None and isatty()):
        emit(renderable, out)
        return
    with out.pager(UserPager(out.file, out.height), styles=True, links=True):
        out.print(renderable, crop=False)


EXPORT_WIDTH = 100
"""Columns of an exported picture or text: fixed, so a file does not depend on the terminal."""


def recording_console(width: int = EXPORT_WIDTH) -> Console:
    """A console that records what it prints, for export to SVG, HTML or plain text.

    Colour is kept even under NO_COLOR: an exported file is a document, not a terminal, and every
    status is spelled out in words anyway.
    """
    return Console(
        file=io.StringIO(),
        width=width,
        record=True,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        highlight=False,
        emoji=False,
        markup=False,
    )


def error_console() -> Console:
    """The console for messages to standard error."""
    return _Console(stderr=True, highlight=False, emoji=False, markup=False)


def cited(text: str, sources: Iterable[int]) -> Text:
    """A statement followed by its citation marks, the marks dimmed."""
    line = Text(text)
    marks = cite(tuple(sources))
    if marks:
        line.append(" ")
        line.append(marks, style="dim")
    return line


def bullets(lines: Iterable[Text]) -> Grid:
    """Lines as an indented bullet list that wraps under its own text."""
    return Grid([Column(wrap=False), Column()], (("•", line) for line in lines))


def section(title: str) -> Text:
    """A section heading."""
    return Text(title, style="bold underline")


def references_list(entries: Iterable[Reference]) -> Grid:
    """Numbered sources, label then the reference, wrapping under itself."""
    columns = [Column(wrap=False, style="dim"), Column()]
    return Grid(columns, ((entry.label, entry.text) for entry in entries))


def sources_list(sources: Iterable[Source]) -> Grid:
    """Numbered sources (`references_list` of `wording.references`)."""
    return references_list(wording.references(sources))


def disclaimer(line: Cited = wording.DISCLAIMER) -> Text:
    """The closing line of every result: an educational aid, not a diagnosis."""
    text = cited(line.text, line.sources)
    text.stylize("italic")
    return text


def cited_lines(statements: Iterable[Cited]) -> Grid:
    """Cited statements as a bullet list."""
    return bullets(cited(statement.text, statement.sources) for statement in statements)


NARROW = 60
"""Below this many columns, tables become lists: a table that narrow cuts words."""
TABLE_GAP = 2
"""Spaces between the columns of a table with a header."""


class Responsive:
    """A table on a wide console, the same rows as a list on a narrow one."""

    def __init__(self, wide: Grid, narrow: RenderableType) -> None:
        """Keep both layouts; rich asks for the one that fits when printing."""
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        """Choose the layout by the width available."""
        yield self.wide if options.max_width >= NARROW else self.narrow


def verdict_line(assessment: Assessment) -> Text:
    """The verdict in words (`wording.headline`), in the verdict's colour."""
    return Text(wording.headline(assessment), style=VERDICT_STYLE[assessment.verdict])


def _section(part: wording.Section) -> RenderableType:
    parts: list[RenderableType] = [section(part.heading)]
    if part.intro is not None:
        parts.append(Text(part.intro))
    parts.append(bullets(Text(line) for line in part.lines))
    if part.after is not None:
        parts.append(cited(part.after.text, part.after.sources))
    return Group(*parts)


def assessment_view(result: CheckResult) -> RenderableType:
    """The whole result: verdict first, then the criteria, notes, sources and disclaimer.

    Its sections (what-if, features not counted) come after the notes, before the sources.
    """
    view = wording.check_view(result)
    columns = [
        Column("Criterion"),
        Column("Status", wrap=False),
        Column("Findings and meaning"),
        Column("Src", wrap=False),
    ]
    table = Grid(columns, gap=TABLE_GAP, header=True)
    narrow: list[RenderableType] = []
    for row in view.rows:
        details = Text(row.findings)
        details.append("\n")
        details.append(row.meaning, style="dim")
        status = Text(row.status_word, style=STATUS_STYLE[row.status])
        marks = cite(row.sources)
        table.add_row(row.title, status, details, marks)
        # Status first: a short word at the start of a line is never split by wrapping.
        narrow.append(Text.assemble(status, "  ", (row.title, "bold"), " ", (marks, "dim")))
        narrow.append(Padding(details, (0, 0, 0, 2)))
    parts: list[RenderableType] = [
        Text(view.headline, style=VERDICT_STYLE[view.verdict]),
        *_cited_each(view.reasons),
        Text(view.age_line, style="dim"),
        Text(),
        Responsive(table, Group(*narrow)),
    ]
    if view.notes:
        parts += [Text(), section("Notes"), cited_lines(view.notes)]
    for part in view.sections:
        parts += [Text(), _section(part)]
    parts += [Text(), section("Sources"), references_list(view.references)]
    parts += [Text(), disclaimer(view.disclaimer)]
    return Group(*parts)


def _cited_each(statements: Iterable[Cited]) -> list[Text]:
    return [cited(statement.text, statement.sources) for statement in statements]


def criteria_view() -> RenderableType:
    """The rule and its four criteria."""
    view = wording.criteria_view()
    columns = [Column("Criterion"), Column("Met when any of"), Column("Meaning"), Column("Src")]
    table = Grid(columns, gap=TABLE_GAP, header=True)
    narrow: list[RenderableType] = []
    for row in view.rows:
        marks = cite(row.sources)
        table.add_row(
            Text.assemble(row.title, "\n", (row.id, "dim")), row.findings, row.meaning, marks
        )
        narrow.append(Text.assemble((row.title, "bold"), " ", (marks, "dim")))
        details = Text.assemble("met when any of: ", row.findings, "\n", row.meaning)
        narrow.append(Padding(details, (0, 0, 0, 2)))
    rule = cited(view.rule.text, view.rule.sources)
    rule.stylize("bold")
    return Group(
        rule,
        Text(),
        Responsive(table, Group(*narrow)),
        Text(),
        bullets(Text(policy) for policy in view.policies),
        Text(),
        section("Sources"),
        references_list(view.references),
        Text(),
        disclaimer(view.disclaimer),
    )


def sources_view() -> RenderableType:
    """Every source, the page first: title, then its details and the topics citing it."""
    table = Grid([Column(wrap=False, style="dim"), Column()])
    for index, source in enumerate(wording.sources_view()):
        # "Name: value" lines rather than an aligned column: a long URL then fits at 100 columns.
        entry = Text.assemble((source.title, "bold"))  # a span: a base style would cover all
        for name, value in source.fields:
            entry.append("\n")
            entry.append_text(Text.assemble((f"{name}: ", "dim"), value))
        if index:
            table.add_row("", "")
        table.add_row(source.label, entry)
    return Group(section("Sources"), Text(), table)


def _topic_parts(topic: wording.TopicView) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(topic.title.upper(), style="bold"),
        Text(topic.lead, style="italic"),
    ]
    for heading, statements in topic.sections:
        parts += [Text(), section(heading), cited_lines(statements)]
    return parts


def info_view(shown: Sequence[Topic] | None) -> RenderableType:
    """Patient information: one topic, several, or (``None``) the short overview and topic list.

    Sources, the content's date and the disclaimer follow.
    """
    view = wording.info_view(shown)
    parts: list[RenderableType] = []
    if view.title is not None:
        parts += [Text(view.title, style="bold"), Text()]
    if view.hint is not None:
        topic_list = Grid([Column(wrap=False), Column()], view.topic_list, gap=2)
        parts.append(cited_lines(view.intro))
        parts += [Text(), section("Topics"), topic_list, Text(), Text(view.hint)]
    for index, topic in enumerate(view.topics):
        if index:
            parts.append(Text())
        parts += _topic_parts(topic)
    parts += [Text(), section("Sources"), references_list(view.references)]
    if view.provenance:
        about = Text.assemble(("About the source: ", "bold"))
        about.append_text(Text(" ").join(_cited_each(view.provenance)))
        parts += [Text(), about]
    parts.append(disclaimer(view.disclaimer))
    return Group(*parts)


# --- teaching cases (`oms demo`) -----------------------------------------------------------------


def _step_heading(view: wording.CaseView, index: int) -> Text:
    steps = wording.CASE_STEPS
    return Text.assemble(
        (f"Step {index + 1} of {len(steps)} · {steps[index]}", "bold"),
        (f" · case {view.id}", "dim"),
    )


def _case_story(view: wording.CaseView) -> RenderableType:
    title = Text(view.title, style="bold underline")
    notice = Text(view.notice, style="italic dim")
    return Group(title, notice, Text(), Text(view.vignette))


def _case_rule() -> Rule:
    """The line that opens each case, so that cases stand apart when shown one after another."""
    return Rule(style="dim")


def _case_findings(view: wording.CaseView) -> RenderableType:
    table = Grid(
        [Column("Finding"), Column("Answer"), Column("Criterion")], gap=TABLE_GAP, header=True
    )
    for label, answer, criterion in view.findings:
        table.add_row(label, answer, criterion)
    return Group(table, Text(view.age_line, style="dim"))


def _case_criteria(view: wording.CaseView) -> RenderableType:
    # A list, not a table: the reasons are sentences, and they must read well on narrow terminals.
    parts: list[RenderableType] = []
    for row in view.criteria:
        line = Text.assemble(
            # Status first: a short word at the start of a line is never split by wrapping.
            (row.status_word, STATUS_STYLE[row.status]),
            "  ",
            (row.title, "bold"),
            " ",
            (cite(row.sources), "dim"),
        )
        parts += [line, Padding(Text(row.reasoning), (0, 0, 0, 2))]
    return Group(*parts)


def _case_verdict(view: wording.CaseView) -> RenderableType:
    parts: list[RenderableType] = [
        Text(view.headline, style=VERDICT_STYLE[view.verdict]),
        *_cited_each(view.reasons),
    ]
    if view.notes:
        parts += [Text(), cited_lines(view.notes)]
    return Group(*parts)


def _case_teaching(view: wording.CaseView) -> RenderableType:
    return Group(
        cited_lines(view.teaching),
        Text(),
        section("Sources"),
        references_list(view.references),
    )


def case_steps(case: Case, *, reminder: bool = False) -> tuple[RenderableType, ...]:
    """A teaching case as its five steps (see `wording.CASE_STEPS`), each headed "Step n of 5".

    With ``reminder``, the last step ends with the case's verdict line again, for a terminal.
    """
    view = wording.case_view(case)
    bodies = (
        _case_story(view),
        _case_findings(view),
        _case_criteria(view),
        _case_verdict(view),
        _case_teaching(view),
    )
    steps = [Group(_step_heading(view, index), body, Text()) for index, body in enumerate(bodies)]
    steps[0] = Group(_case_rule(), steps[0])
    if reminder:
        verdict = Text(view.headline, style=VERDICT_STYLE[view.verdict])
        line = Text.assemble((f"Case {view.id}: ", "bold"), verdict)
        steps[-1] = Group(steps[-1], line, Text())
    return tuple(steps)


def cases_view(cases: Iterable[Case]) -> RenderableType:
    """Teaching cases walked through in full, one after another, with the disclaimer once."""
    parts: list[RenderableType] = []
    for case in cases:
        parts += case_steps(case)
    return Group(*parts, disclaimer())


def _quoted_command(command: str) -> str:
    return f"'{command}'"


def case_list_view(cases: Iterable[Case]) -> RenderableType:
    """The teaching cases: id, title and the verdict each one shows."""
    view = wording.case_list_view(cases, _quoted_command)
    columns = [Column("Case", wrap=False), Column("Title"), Column("Verdict", wrap=False)]
    table = Grid(columns, gap=TABLE_GAP, header=True)
    for entry in view.cases:
        verdict_text = Text(entry.verdict_word, style=VERDICT_STYLE[entry.verdict])
        table.add_row(entry.id, entry.title, verdict_text)
    hint = Text(view.hint)
    return Group(
        section("Teaching cases"), table, Text(), hint, Text(), disclaimer(view.disclaimer)
    )


PAUSE_PROMPT = "Enter: next step · q: stop"


def show_pause_prompt(out: Console) -> None:
    """Show the prompt of a paused walk-through, on the current line."""
    out.print(Text(PAUSE_PROMPT, style="reverse"), end="")


def clear_pause_prompt(out: Console) -> None:
    """Remove the pause prompt, so that the walk-through reads as if printed at once."""
    out.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))
