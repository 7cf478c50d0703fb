"""Output for people and the owner of the consoles; with `oms_cli.grid`, the only rich user.

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

from oms_cli import content
from oms_cli.grid import Column, Grid
from oms_cli.report import (
    CASE_STEPS,
    CITED_BY,
    FICTION_NOTICE,
    INFO_HINT,
    INFO_TITLE,
    STATUS_WORDS,
    VERDICT_WORDS,
    case_sources,
    cited_sources,
    citing_topics,
    criteria_sources,
    criterion_reasoning,
    findings_summary,
    headline,
    info_sources,
    info_statements,
    notes,
    source_fields,
    source_line,
    verdict_reasons,
)
from oms_cli.rules import CRITERIA, Assessment, Status, Verdict
from oms_cli.sources import SOURCES, Source, cite

if TYPE_CHECKING:  # for annotations only: cases and topics never load for `oms check`
    from oms_cli.cases import Case
    from oms_cli.topics import Topic

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
        """Stop writing and let the error reach `oms_cli.process`, which ends with 141."""
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

    See `oms_cli.pager`. Off a terminal, or unless ``paged``, as `emit`.
    """
    out = console()
    # The stream itself, not rich's view of it: FORCE_COLOR makes rich treat a pipe as a terminal.
    isatty = getattr(out.file, "isatty", None)
    if not (paged and out.is_terminal and isatty is not None and isatty()):
        emit(renderable, out)
        return
    from oms_cli import pager  # noqa: PLC0415  (only a terminal pages)

    with out.capture() as captured:
        out.print(renderable, crop=False)
    pager.show(captured.get(), out.file, out.height)


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


def sources_list(sources: Iterable[Source]) -> Grid:
    """Numbered sources, label then the reference, wrapping under itself."""
    columns = [Column(wrap=False, style="dim"), Column()]
    return Grid(columns, ((source.label, source_line(source)) for source in sources))


def disclaimer() -> Text:
    """The closing line of every result: an educational aid, not a diagnosis."""
    line = cited(content.DISCLAIMER, content.DISCLAIMER_SOURCES)
    line.stylize("italic")
    return line


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


def _criterion_rows(assessment: Assessment) -> Iterator[tuple[str, Text, Text, str]]:
    for index, result in enumerate(assessment.criteria):
        details = Text(findings_summary(assessment, index))
        details.append("\n")
        details.append(content.CRITERION_TEXT[result.criterion.id].meaning, style="dim")
        status = Text(STATUS_WORDS[result.status], style=STATUS_STYLE[result.status])
        yield result.criterion.title, status, details, cite(result.criterion.sources)


def verdict_line(assessment: Assessment) -> Text:
    """The verdict in words (`report.headline`), in the verdict's colour."""
    return Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict])


def assessment_view(assessment: Assessment, extra: Sequence[RenderableType] = ()) -> RenderableType:
    """The whole result: verdict first, then the criteria, notes, sources and disclaimer.

    ``extra`` (such as the what-if section) comes after the notes, before the sources.
    """
    verdict = verdict_line(assessment)
    columns = [
        Column("Criterion"),
        Column("Status", wrap=False),
        Column("Findings and meaning"),
        Column("Src", wrap=False),
    ]
    table = Grid(columns, gap=TABLE_GAP, header=True)
    narrow: list[RenderableType] = []
    for title, status, details, marks in _criterion_rows(assessment):
        table.add_row(title, status, details, marks)
        # Status first: a short word at the start of a line is never split by wrapping.
        narrow.append(Text.assemble(status, "  ", (title, "bold"), " ", (marks, "dim")))
        narrow.append(Padding(details, (0, 0, 0, 2)))
    age = Text(f"Age group: {assessment.age_group.value}", style="dim")
    parts: list[RenderableType] = [verdict, *reasons_view(assessment), age, Text()]
    parts.append(Responsive(table, Group(*narrow)))
    if assessment.note_keys:
        parts += [Text(), section("Notes")]
        parts.append(bullets(cited(note.text, note.sources) for note in notes(assessment)))
    for part in extra:
        parts += [Text(), part]
    parts += [Text(), section("Sources"), sources_list(cited_sources(assessment))]
    parts += [Text(), disclaimer()]
    return Group(*parts)


def reasons_view(assessment: Assessment) -> list[Text]:
    """Why the verdict is what it is (`report.verdict_reasons`), one cited line each."""
    return [cited(reason.text, reason.sources) for reason in verdict_reasons(assessment)]


def criteria_view() -> RenderableType:
    """The rule and its four criteria."""
    columns = [Column("Criterion"), Column("Met when any of"), Column("Meaning"), Column("Src")]
    table = Grid(columns, gap=TABLE_GAP, header=True)
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
    from oms_cli.topics import sources_cited_by_topic  # noqa: PLC0415  (see info_view)

    cited_by = sources_cited_by_topic()
    table = Grid([Column(wrap=False, style="dim"), Column()])
    for index, source in enumerate(SOURCES):
        # "Name: value" lines rather than an aligned column: a long URL then fits at 100 columns.
        fields = [*source_fields(source), (CITED_BY, citing_topics(cited_by.get(source.n, ())))]
        entry = Text.assemble((source.title, "bold"))  # a span: a base style would cover all
        for name, value in fields:
            entry.append("\n")
            entry.append_text(Text.assemble((f"{name}: ", "dim"), value))
        if index:
            table.add_row("", "")
        table.add_row(source.label, entry)
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
    # Imported here: the topics cost about 4 ms to load, and `oms check` never shows them.
    from oms_cli.topics import CONTENT_DATE, TOPICS  # noqa: PLC0415

    parts: list[RenderableType] = []
    if shown is None:
        parts += [Text(INFO_TITLE, style="bold"), Text()]
        parts.append(bullets(cited(s.text, s.sources) for s in info_statements(None)))
        topic_list = Grid(
            [Column(wrap=False), Column()],
            ((topic.id, topic.summary) for topic in TOPICS),
            gap=2,
        )
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


# --- teaching cases (`oms demo`) -----------------------------------------------------------------


def _step_heading(case: Case, index: int) -> Text:
    return Text.assemble(
        (f"Step {index + 1} of {len(CASE_STEPS)} · {CASE_STEPS[index]}", "bold"),
        (f" · case {case.id}", "dim"),
    )


def _case_story(case: Case) -> RenderableType:
    title = Text(f"Teaching case: {case.title}", style="bold underline")
    notice = Text(FICTION_NOTICE, style="italic dim")
    return Group(title, notice, Text(), Text(case.vignette))


def _case_rule() -> Rule:
    """The line that opens each case, so that cases stand apart when shown one after another."""
    return Rule(style="dim")


def _case_findings(case: Case) -> RenderableType:
    table = Grid(
        [Column("Finding"), Column("Answer"), Column("Criterion")], gap=TABLE_GAP, header=True
    )
    for finding, answer in case.findings:
        criterion = next(c for c in CRITERIA if finding in c.findings)
        table.add_row(content.FINDING_TEXT[finding].label, answer.value, criterion.title)
    return Group(table, Text(f"Age group: {case.age_group.value}", style="dim"))


def _case_criteria(assessment: Assessment) -> RenderableType:
    # A list, not a table: the reasons are sentences, and they must read well on narrow terminals.
    parts: list[RenderableType] = []
    for result in assessment.criteria:
        line = Text.assemble(
            # Status first: a short word at the start of a line is never split by wrapping.
            (STATUS_WORDS[result.status], STATUS_STYLE[result.status]),
            "  ",
            (result.criterion.title, "bold"),
            " ",
            (cite(result.criterion.sources), "dim"),
        )
        parts += [line, Padding(Text(criterion_reasoning(result)), (0, 0, 0, 2))]
    return Group(*parts)


def _case_verdict(assessment: Assessment) -> RenderableType:
    parts: list[RenderableType] = [
        Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict]),
        *reasons_view(assessment),
    ]
    if assessment.note_keys:
        parts += [Text(), bullets(cited(note.text, note.sources) for note in notes(assessment))]
    return Group(*parts)


def _case_teaching(case: Case, assessment: Assessment) -> RenderableType:
    return Group(
        bullets(cited(statement.text, statement.sources) for statement in case.teaching),
        Text(),
        section("Sources"),
        sources_list(case_sources(case, assessment)),
    )


def case_steps(case: Case, *, reminder: bool = False) -> tuple[RenderableType, ...]:
    """A teaching case as its five steps (see `CASE_STEPS`), each headed "Step n of 5".

    With ``reminder``, the last step ends with the case's verdict line again, for a terminal.
    """
    assessment = case.assessment()
    bodies = (
        _case_story(case),
        _case_findings(case),
        _case_criteria(assessment),
        _case_verdict(assessment),
        _case_teaching(case, assessment),
    )
    steps = [Group(_step_heading(case, index), body, Text()) for index, body in enumerate(bodies)]
    steps[0] = Group(_case_rule(), steps[0])
    if reminder:
        line = Text.assemble((f"Case {case.id}: ", "bold"), verdict_line(assessment))
        steps[-1] = Group(steps[-1], line, Text())
    return tuple(steps)


def cases_view(cases: Iterable[Case]) -> RenderableType:
    """Teaching cases walked through in full, one after another, with the disclaimer once."""
    parts: list[RenderableType] = []
    for case in cases:
        parts += case_steps(case)
    return Group(*parts, disclaimer())


def case_list_view(cases: Iterable[Case]) -> RenderableType:
    """The teaching cases: id, title and the verdict each one shows."""
    columns = [Column("Case", wrap=False), Column("Title"), Column("Verdict", wrap=False)]
    table = Grid(columns, gap=TABLE_GAP, header=True)
    for case in cases:
        verdict = case.assessment().verdict
        verdict_text = Text(VERDICT_WORDS[verdict], style=VERDICT_STYLE[verdict])
        table.add_row(case.id, case.title, verdict_text)
    hint = Text(
        f"{content.CASE_LIST_FICTIONAL} Walk through one with 'oms demo CASE', or all of them "
        "with 'oms demo --all'."
    )
    return Group(section("Teaching cases"), table, Text(), hint, Text(), disclaimer())


PAUSE_PROMPT = "Enter: next step · q: stop"


def show_pause_prompt(out: Console) -> None:
    """Show the prompt of a paused walk-through, on the current line."""
    out.print(Text(PAUSE_PROMPT, style="reverse"), end="")


def clear_pause_prompt(out: Console) -> None:
    """Remove the pause prompt, so that the walk-through reads as if printed at once."""
    out.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))
