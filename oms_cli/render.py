"""Output for people: the only module that imports rich, and the owner of the consoles.

Status is always a word (MET / NOT MET / UNKNOWN), colour only repeats it; ``NO_COLOR`` is
honoured (rich reads it). Text is built from `rich.text.Text` objects, never from markup strings,
so nothing from content or input is ever interpreted as markup.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.control import Control
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import ControlType
from rich.table import Table
from rich.text import Text

from oms_cli import content
from oms_cli.report import (
    CASE_STEPS,
    FICTION_NOTICE,
    STATUS_WORDS,
    VERDICT_WORDS,
    case_sources,
    cited_sources,
    criterion_reasoning,
    findings_summary,
    headline,
    source_line,
    verdict_reasoning,
)
from oms_cli.rules import CRITERIA, Assessment, Status, Verdict
from oms_cli.sources import SOURCE_BY_N, SOURCES, Source, cite

if TYPE_CHECKING:  # for annotations only: the result views never load the teaching cases
    from oms_cli.cases import Case

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
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Finding", overflow="fold")
    table.add_column("Answer")
    table.add_column("Criterion", overflow="fold")
    for finding, answer in case.findings:
        criterion = next(c for c in CRITERIA if finding in c.findings)
        table.add_row(content.FINDING_TEXT[finding.value].label, answer.value, criterion.title)
    return Group(table, Text(f"Age group: {case.age_group.value}", style="dim"))


def _case_criteria(assessment: Assessment) -> RenderableType:
    # A list, not a table: the reasons are sentences, and they must read well on narrow terminals.
    parts: list[RenderableType] = []
    for result in assessment.criteria:
        line = Text.assemble(
            (result.criterion.title, "bold"),
            ": ",
            (STATUS_WORDS[result.status], STATUS_STYLE[result.status]),
            " ",
            (cite(result.criterion.sources), "dim"),
        )
        parts += [line, Padding(Text(criterion_reasoning(result)), (0, 0, 0, 2))]
    return Group(*parts)


def _case_verdict(assessment: Assessment) -> RenderableType:
    parts: list[RenderableType] = [
        Text(headline(assessment), style=VERDICT_STYLE[assessment.verdict]),
        Text(verdict_reasoning(assessment)),
    ]
    if assessment.notes:
        parts += [Text(), bullets(cited(note.text, note.sources) for note in assessment.notes)]
    return Group(*parts)


def _case_teaching(case: Case, assessment: Assessment) -> RenderableType:
    return Group(
        bullets(cited(statement.text, statement.sources) for statement in case.teaching),
        Text(),
        section("Sources"),
        sources_list(case_sources(case, assessment)),
    )


def case_steps(case: Case) -> tuple[RenderableType, ...]:
    """A teaching case as its five steps (see `CASE_STEPS`), each headed "Step n of 5"."""
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
    return tuple(steps)


def cases_view(cases: Iterable[Case]) -> RenderableType:
    """Teaching cases walked through in full, one after another, with the disclaimer once."""
    parts: list[RenderableType] = []
    for case in cases:
        parts += case_steps(case)
    return Group(*parts, disclaimer())


def case_list_view(cases: Iterable[Case]) -> RenderableType:
    """The teaching cases: id, title and the verdict each one shows."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Case", no_wrap=True)
    table.add_column("Title")
    table.add_column("Verdict", no_wrap=True)
    for case in cases:
        verdict = case.assessment().verdict
        verdict_text = Text(VERDICT_WORDS[verdict], style=VERDICT_STYLE[verdict])
        table.add_row(case.id, case.title, verdict_text)
    hint = Text(
        "Every case is fictional, made up for teaching. Walk through one with 'oms demo CASE', "
        "or all of them with 'oms demo --all'."
    )
    return Group(section("Teaching cases"), table, Text(), hint, Text(), disclaimer())


def demo_view(cases: Sequence[Case]) -> RenderableType:
    """What ``oms demo`` shows: the cases walked through, or with none chosen, the list."""
    from oms_cli.cases import CASES  # noqa: PLC0415  (the result views never load the cases)

    return cases_view(cases) if cases else case_list_view(CASES)


PAUSE_PROMPT = "Enter: next step · q: stop"


def show_pause_prompt(out: Console) -> None:
    """Show the prompt of a paused walk-through, on the current line."""
    out.print(Text(PAUSE_PROMPT, style="reverse"), end="")


def clear_pause_prompt(out: Console) -> None:
    """Remove the pause prompt, so that the walk-through reads as if printed at once."""
    out.control(Control((ControlType.CARRIAGE_RETURN,), (ControlType.ERASE_IN_LINE, 2)))
