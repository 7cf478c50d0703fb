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

from oms_cli.content import CitedText
from oms_cli.content.sources import Source, cite
from oms_cli.rules import Assessment, Status, Verdict
from oms_cli.views import wording
from oms_cli.views.pager import UserPager
from oms_cli.views.result import VERDICT_WORDS, CheckResult, Row, Section, headline

if TYPE_CHECKING:  # for annotations only: cases and topics never load for `oms check`
    from oms_cli.content.cases import Case

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
    # A dumb terminal (TERM=dumb: an editor's shell) cannot run a pager: less stops to warn.
    if not (paged and out.is_terminal and not out.is_dumb_terminal and isatty and isatty()):
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


def _status(row: Row) -> Text:
    return Text.assemble((row.status_word, STATUS_STYLE[row.status]))


def _criterion(row: Row, details: Text) -> list[RenderableType]:
    """A criterion as an item of a list: status, title and marks in a line, then ``details``."""
    # Status first: a short word at the start of a line is never split by wrapping.
    line = Text.assemble(_status(row), "  ", (row.title, "bold"), " ", (cite(row.sources), "dim"))
    return [line, _indented(details)]


def _indented(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 2))


# --- oms check -----------------------------------------------------------------------------------


def verdict_line(assessment: Assessment) -> Text:
    """The verdict in words (`result.headline`), in the verdict's colour."""
    return Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict])


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
        wide.add_row(row.title, _status(row), details, cite(row.sources))
        narrow += _criterion(row, details)
    parts: list[RenderableType] = [
        verdict_line(result.assessment),
        *map(cited, result.reasons),
        Text(result.age_line, style="dim"),
        Text(),
        Responsive(wide, narrow),
    ]
    return Group(*parts, *_page_parts(wording.check_page(result)))


# --- a page (`wording.Page`): oms criteria, oms info, the list of cases -------------------------


def page(view: wording.Page) -> Group:
    """A page: its title, its parts a blank line apart, the sources, the notes, the closing line."""
    parts = _page_parts(view)
    if view.title is None:
        return Group(*parts[1:])  # the first part opens the page: no blank line above it
    return Group(Text(view.title, style="bold"), *parts)


def _page_parts(view: wording.Page) -> list[RenderableType]:
    """A page under its title: each part after a blank line, the sources, notes, closing line."""
    parts: list[RenderableType] = []
    for part in view.parts:
        parts += [Text(), _part(part)]
    if view.sources:
        parts += [Text(), section("Sources"), sources_list(view.sources)]
    if view.closing is None:
        return parts
    if view.about is None:
        parts.append(Text())
    elif view.about:
        about = Text.assemble(("About the source: ", "bold"))
        parts += [Text(), about.append_text(Text(" ").join(map(cited, view.about)))]
    return [*parts, disclaimer(view.closing)]


def _part(part: wording.Part) -> RenderableType:
    """A part of a page, under its heading if it has one."""
    match part:
        case wording.Bullets(heading, lines):
            body: RenderableType = cited_lines(lines)
        case wording.Listing(heading, items):
            body = Labelled(((name, Text(line)) for name, line in items), gap=2)
        case wording.Table(heading, columns, rows):
            body = _table(columns, rows)
        case Section(heading, intro, lines, after):
            shown: list[RenderableType] = [Text(intro)] if intro is not None else []
            shown.append(bullets(Text(line) for line in lines))
            body = Group(*shown, *([cited(after)] if after is not None else []))
        case wording.Chapter(title, summary, sections):
            chapter = (item for bullets in sections for item in (Text(), _part(bullets)))
            return Group(
                Text(title.upper(), style="bold"), Text(f"{summary}.", style="italic"), *chapter
            )
        case wording.Entries(items):
            entries: list[tuple[str, Text]] = []
            for label, title, details in items:
                # "Name: value" lines, not an aligned column: a long URL then fits at 100 columns.
                entry = Text.assemble((title, "bold"))  # a span: a base style would cover all
                for name, value in details:
                    entry.append_text(Text.assemble("\n", (f"{name}: ", "dim"), value))
                entries += [("", Text()), (label, entry)] if entries else [(label, entry)]
            return Labelled(entries, label_style="dim")
        case _:
            # A paragraph: the commands it names in quotes, as a terminal user types them.
            return cited(CitedText(part.text.replace("`", "'"), part.sources))
    return body if heading is None else Group(section(heading), body)


def _cell(cell: wording.Cell) -> Text:
    match cell:
        case wording.Code(text):
            return Text(text)
        case Verdict():
            return Text(VERDICT_WORDS[cell], style=VERDICT_STYLE[cell])
        case (title, wording.Code(code)):
            return Text.assemble(title, "\n", (code, "dim"))
    return Text(cell)


def _table(columns: tuple[str, ...], rows: tuple[tuple[wording.Cell, ...], ...]) -> Responsive:
    """A table on a wide console; each row as its first and last cell, then the rest, if narrow."""
    names = [
        Column(name, no_wrap=True)
        if all(isinstance(row[index], wording.Code | Verdict) for row in rows)
        else name
        for index, name in enumerate(columns)
    ]
    wide = headed_table(*names)
    narrow: list[RenderableType] = []
    for row in rows:
        cells = [_cell(cell) for cell in row]
        wide.add_row(*cells)
        first = cells[0].split("\n")[0]
        narrow.append(Text.assemble((first.plain, "bold"), "  ", cells[-1]))
        narrow.append(_indented(Text("\n").join(cells[1:-1])))
    return Responsive(wide, narrow)


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
        criteria += _criterion(row, Text(reasoning))
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
        Group(findings, Text(result.age_line, style="dim")),
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


PAUSE_PROMPT = "Enter: next step · q: stop"


def show_pause_prompt(out: Console) -> None:
    """Show the prompt of a paused walk-through, on the current line."""
    out.print(Text(PAUSE_PROMPT, style="reverse"), end="")


def clear_pause_prompt(out: Console) -> None:
    """Remove the pause prompt, so that the walk-through reads as if printed at once."""
    if out.is_dumb_terminal:  # no control codes there: end the prompt's line instead
        out.print()
        return
    out.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))
