"""Output for people, laid out with rich, and the owner of the consoles.

The words come from `result` and `wording`; this module composes no sentence. Text is built from
`rich.text.Text` objects, never markup, so nothing from content or input is read as markup.
"""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.control import Control
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import ControlType, Segment
from rich.table import Column, Table
from rich.text import Text

from oms_cli import content
from oms_cli.content import CitedText
from oms_cli.content.sources import Source, cite
from oms_cli.rules import CRITERIA, Assessment, Status, Verdict
from oms_cli.views import wording
from oms_cli.views.json_object import criteria_sources
from oms_cli.views.pager import UserPager
from oms_cli.views.result import VERDICT_WORDS, CheckResult, Section, headline

if TYPE_CHECKING:  # for annotations only: cases and topics never load for `oms check`
    from oms_cli.content.cases import Case
    from oms_cli.content.topics import Topic

STATUS_STYLE = {Status.MET: "bold green", Status.NOT_MET: "bold red", Status.UNKNOWN: "bold yellow"}
VERDICT_STYLE = {
    Verdict.MET: "bold green",
    Verdict.NOT_MET: "bold red",
    Verdict.UNDETERMINED: "bold yellow",
}


class _Console(Console):
    """rich's console, leaving a closed pipe to the CLI (exit 141, not rich's "not met" 1)."""

    def on_broken_pipe(self) -> None:
        """Stop writing and let the error reach `oms_cli.cli.process`."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console(file: TextIO | None = None) -> Console:
    """A console for results (standard output unless another file is given)."""
    return _Console(
        file=file if file is not None else sys.stdout, highlight=False, emoji=False, markup=False
    )


def error_console() -> Console:
    """The console for messages to standard error."""
    return _Console(stderr=True, highlight=False, emoji=False, markup=False)


EXPORT_WIDTH = 100
"""Columns of an exported picture or text: fixed, so a file does not depend on the terminal."""


def recording_console(width: int = EXPORT_WIDTH) -> Console:
    """A console that records, for exports: colour kept under NO_COLOR (a file is no terminal)."""
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


@dataclass
class Trimmed:
    """A view without the spaces at the ends of its lines that rich pads table cells with."""

    view: RenderableType

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """The view's lines, each ending at its last character that is not a space."""
        for line in Segment.split_lines(console.render(self.view, options)):
            while line and not line[-1].control and not line[-1].text.strip():
                line.pop()
            if line and not line[-1].control:
                text, style, control = line.pop()
                line.append(Segment(text.rstrip(), style, control))
            yield from line
            yield Segment.line()


def emit(renderable: RenderableType, target: Console | None = None) -> None:
    """Print a view, trimmed (`Trimmed`), uncropped: a URL may run past the width."""
    out = target if target is not None else console()
    out.print(Trimmed(renderable), crop=False)


def emit_paged(renderable: RenderableType, *, paged: bool = True) -> None:
    """Print a view; on a terminal and if ``paged``, through a pager when taller than it."""
    out = console()
    # The stream itself, not rich's view of it: FORCE_COLOR makes rich treat a pipe as a terminal.
    isatty = getattr(out.file, "isatty", None)
    if not (paged and out.is_terminal and isatty is not None and isatty()):
        emit(renderable, out)
        return
    with out.pager(UserPager(out.file, out.height), styles=True, links=True):
        out.print(Trimmed(renderable), crop=False)


# --- the parts of every view ---------------------------------------------------------------------


def headed_table(*columns: str | Column) -> Table:
    """A borderless table, a bold header and a rule under it, two spaces between columns."""
    made = [Column(c, overflow="fold") if isinstance(c, str) else c for c in columns]
    for column in made:  # a span, not rich's header_style: the header bold, not its padding
        column.header = Text.assemble((str(column.header), "bold"))
    # Padding on the right, then the column divider (a space): two spaces between columns.
    return Table(
        *made,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="",
    )


class Labelled:
    """Lines each after a label, wrapped under their own text: bullets, numbered sources.

    Not a `rich.table.Table`, which cuts a cell: a URL too long gets a line of its own, whole.
    """

    def __init__(
        self, rows: Iterable[tuple[str, Text]], *, gap: int = 1, label_style: str = ""
    ) -> None:
        """Rows of (label, text); ``gap`` spaces between the widest label and the texts."""
        self.rows = [(Text(label, style=label_style), text) for label, text in rows]
        self.indent = max((label.cell_len for label, _ in self.rows), default=0) + gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """Each row's lines, wrapped for the width available."""
        width = max(options.max_width - self.indent, 1)
        for label, text in self.rows:
            url = any(len(word) > width and "://" in word for word in text.plain.split())
            for index, line in enumerate(
                _at_spaces(text, width) if url else text.wrap(console, width)
            ):
                line.rstrip()
                head = label if index == 0 else Text()
                if not line.plain:  # a blank line: the label alone, if any
                    yield head
                    continue
                yield Text.assemble(head, " " * (self.indent - head.cell_len), end="")
                line.no_wrap, line.overflow = True, "ignore"  # a URL runs past the width
                yield line


def _at_spaces(text: Text, width: int) -> list[Text]:
    """``text`` in lines cut at spaces only: a word longer than ``width`` gets a line of its own."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        breaks: list[int] = []
        used = 0
        for word in re.finditer(r"\S+\s*", line.plain):
            if used and used + cell_len(word.group().rstrip()) > width:
                breaks.append(word.start())
                used = 0
            used += cell_len(word.group())
        lines += line.divide(breaks)
    return lines


def cited(statement: wording.Cited) -> Text:
    """A statement followed by its citation marks, the marks dimmed."""
    line = Text(statement.text)
    marks = cite(statement.sources)
    if marks:
        line.append(" ")
        line.append(marks, style="dim")
    return line


def bullets(lines: Iterable[Text]) -> Labelled:
    """Lines as an indented bullet list that wraps under its own text."""
    return Labelled(("•", line) for line in lines)


def cited_lines(statements: Iterable[wording.Cited]) -> Labelled:
    """Cited statements as a bullet list."""
    return bullets(map(cited, statements))


def section(title: str) -> Text:
    """A section heading."""
    return Text(title, style="bold underline")


def sources_list(sources: Iterable[Source]) -> Labelled:
    """Numbered sources, label then the reference in a line, wrapping under itself."""
    rows = ((source.label, Text(wording.source_line(source))) for source in sources)
    return Labelled(rows, label_style="dim")


def disclaimer(line: CitedText = wording.DISCLAIMER) -> Text:
    """The closing line of every result: an educational aid, not a diagnosis."""
    text = cited(line)
    text.stylize("italic")
    return text


def _closing(
    sources: Iterable[Source], line: CitedText = wording.DISCLAIMER
) -> list[Text | Labelled]:
    return [Text(), section("Sources"), sources_list(sources), Text(), disclaimer(line)]


NARROW = 60
"""Below this many columns, tables become lists: a table that narrow cuts words."""


class Responsive:
    """A table on a wide console, the same rows as a list on a narrow one."""

    def __init__(self, wide: Table, narrow: Sequence[RenderableType]) -> None:
        """Keep both layouts; rich chooses when printing."""
        self.wide = wide
        self.narrow = Group(*narrow)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        """Choose the layout by the width available."""
        yield self.wide if options.max_width >= NARROW else self.narrow


def _status_line(word: Text, title: str, sources: tuple[int, ...]) -> Text:
    # Status first: a short word at the start of a line is never split by wrapping.
    return Text.assemble(word, "  ", (title, "bold"), " ", (cite(sources), "dim"))


def _indented(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 2))


# --- oms check -----------------------------------------------------------------------------------


def verdict_line(assessment: Assessment) -> Text:
    """The verdict in words (`result.headline`), in the verdict's colour."""
    return Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict])


def _section(part: Section) -> Group:
    parts: list[RenderableType] = [section(part.heading)]
    if part.intro is not None:
        parts.append(Text(part.intro))
    parts.append(bullets(Text(line) for line in part.lines))
    if part.after is not None:
        parts.append(cited(part.after))
    return Group(*parts)


def assessment_view(result: CheckResult) -> Group:
    """The whole result: verdict, criteria, notes, its sections, sources and disclaimer."""
    wide = headed_table(
        "Criterion",
        Column("Status", no_wrap=True),
        "Findings and meaning",
        Column("Src", no_wrap=True),
    )
    narrow: list[RenderableType] = []
    for row in result.rows:
        details = Text.assemble(row.findings, "\n", (row.meaning, "dim"))
        status = Text.assemble((row.status_word, STATUS_STYLE[row.status]))
        wide.add_row(row.title, status, details, cite(row.sources))
        narrow += [_status_line(status, row.title, row.sources), _indented(details)]
    parts: list[RenderableType] = [
        verdict_line(result.assessment),
        *map(cited, result.reasons),
        Text(result.age_line, style="dim"),
        Text(),
        Responsive(wide, narrow),
    ]
    if result.notes:
        parts += [Text(), section("Notes"), cited_lines(result.notes)]
    for part in result.sections:
        parts += [Text(), _section(part)]
    return Group(*parts, *_closing(result.sources))


# --- oms criteria, oms sources, oms info ---------------------------------------------------------


def criteria_view() -> Group:
    """The rule and its four criteria."""
    wide = headed_table("Criterion", "Met when any of", "Meaning", "Src")
    narrow: list[RenderableType] = []
    for criterion in CRITERIA:
        meaning = content.CRITERION_TEXT[criterion.id].meaning
        marks = cite(criterion.sources)
        title = Text.assemble(criterion.title, "\n", (criterion.id, "dim"))
        wide.add_row(title, criterion.joined_findings, meaning, marks)
        narrow.append(Text.assemble((criterion.title, "bold"), " ", (marks, "dim")))
        details = Text.assemble("met when any of: ", criterion.joined_findings, "\n", meaning)
        narrow.append(_indented(details))
    rule = cited(CitedText(content.RULE, content.RULE_SOURCES))
    rule.stylize("bold")
    policies = bullets(Text(policy) for policy in (content.AND_OR, content.UNKNOWN_POLICY))
    return Group(
        rule, Text(), Responsive(wide, narrow), Text(), policies, *_closing(criteria_sources())
    )


def sources_view() -> Group:
    """Every source, the page first: title, then its details and the topics citing it."""
    rows = []
    for index, (source, fields) in enumerate(wording.sources_view()):
        # "Name: value" lines rather than an aligned column: a long URL then fits at 100 columns.
        entry = Text.assemble((source.title, "bold"))  # a span: a base style would cover all
        for name, value in fields:
            entry.append_text(Text.assemble("\n", (f"{name}: ", "dim"), value))
        if index:
            rows.append(("", Text()))
        rows.append((source.label, entry))
    return Group(section("Sources"), Text(), Labelled(rows, label_style="dim"))


def info_view(shown: Sequence[Topic] | None) -> Group:
    """Patient information: one topic, several, or (``None``) the overview and topic list."""
    view = wording.info_view(shown)
    parts: list[RenderableType] = []
    if view.title is not None:
        parts += [Text(view.title, style="bold"), Text()]
    if view.hint is not None:
        topic_list = Labelled(((id_, Text(summary)) for id_, summary in view.topic_list), gap=2)
        parts.append(cited_lines(view.intro))
        parts += [Text(), section("Topics"), topic_list, Text(), Text(view.hint)]
    for index, topic in enumerate(view.topics):
        if index:
            parts.append(Text())
        parts += [
            Text(topic.title.upper(), style="bold"),
            Text(f"{topic.summary}.", style="italic"),
        ]
        for part in topic.main_sections:
            parts += [Text(), section(part.heading), cited_lines(part.statements)]
    parts += [Text(), section("Sources"), sources_list(view.sources)]
    if view.provenance:
        about = Text.assemble(("About the source: ", "bold"))
        about.append_text(Text(" ").join(map(cited, view.provenance)))
        parts += [Text(), about]
    parts.append(disclaimer(wording.INFO_DISCLAIMER))
    return Group(*parts)


# --- teaching cases (`oms demo`) -----------------------------------------------------------------


def case_steps(case: Case, *, reminder: bool = False) -> tuple[Group, ...]:
    """A teaching case as its five steps; with ``reminder``, the verdict again at the end."""
    view = wording.case_view(case)
    result = view.result
    findings = headed_table("Finding", "Answer", "Criterion")
    for label, answer, criterion in view.findings:
        findings.add_row(label, answer, criterion)
    # The criteria as a list, not a table: the reasons are sentences, for narrow terminals too.
    criteria: list[RenderableType] = []
    for row, reasoning in zip(result.rows, view.reasoning, strict=True):
        status = Text.assemble((row.status_word, STATUS_STYLE[row.status]))
        criteria += [_status_line(status, row.title, row.sources), _indented(Text(reasoning))]
    verdict: list[RenderableType] = [
        verdict_line(result.assessment),
        *map(cited, result.reasons),
    ]
    if result.notes:
        verdict += [Text(), cited_lines(result.notes)]
    bodies = (
        Group(
            Text(view.title, style="bold underline"),
            Text(wording.FICTION_NOTICE, style="italic dim"),
            Text(),
            Text(view.vignette),
        ),
        Group(findings, Text(view.age_line, style="dim")),
        Group(*criteria),
        Group(*verdict),
        Group(cited_lines(view.teaching), Text(), section("Sources"), sources_list(view.sources)),
    )
    steps = []
    for index, (title, body) in enumerate(zip(wording.CASE_STEPS, bodies, strict=True)):
        heading = Text.assemble(
            (f"Step {index + 1} of {len(bodies)} · {title}", "bold"), (f" · case {view.id}", "dim")
        )
        steps.append(Group(heading, body, Text()))
    # A rule opens each case, so that cases stand apart when shown one after another.
    steps[0] = Group(Rule(style="dim"), steps[0])
    if reminder:
        line = Text.assemble((f"Case {view.id}: ", "bold"), verdict_line(result.assessment))
        steps[-1] = Group(steps[-1], line, Text())
    return tuple(steps)


def cases_view(cases: Iterable[Case]) -> Group:
    """Teaching cases walked through in full, one after another, with the disclaimer once."""
    return Group(*(step for case in cases for step in case_steps(case)), disclaimer())


def case_list_view(cases: Iterable[Case]) -> Group:
    """The teaching cases: id, title and the verdict each one shows."""
    wide = headed_table(Column("Case", no_wrap=True), "Title", Column("Verdict", no_wrap=True))
    narrow: list[RenderableType] = []
    for case_id, title, verdict in wording.case_list(cases):
        verdict_text = Text.assemble((VERDICT_WORDS[verdict], VERDICT_STYLE[verdict]))
        wide.add_row(case_id, title, verdict_text)
        narrow += [Text.assemble((case_id, "bold"), "  ", verdict_text), _indented(Text(title))]
    hint = Text(wording.case_list_hint(lambda command: f"'{command}'"))
    table = Responsive(wide, narrow)
    return Group(section("Teaching cases"), table, Text(), hint, Text(), disclaimer())


PAUSE_PROMPT = "Enter: next step · q: stop"


def show_pause_prompt(out: Console) -> None:
    """Show the prompt of a paused walk-through, on the current line."""
    out.print(Text(PAUSE_PROMPT, style="reverse"), end="")


def clear_pause_prompt(out: Console) -> None:
    """Remove the pause prompt, so that the walk-through reads as if printed at once."""
    out.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))
