"""Markdown output (`--format markdown`, ``.md`` exports): the views of `wording`, laid out.

Headings, tables and bullets only: every sentence comes worded from `oms_cli.views.wording`, the
same
as the text output's. Standard library only, no rich.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from oms_cli.content.sources import cite
from oms_cli.views import wording
from oms_cli.views.wording import Cited, Reference, Section, TopicView

if TYPE_CHECKING:
    from oms_cli.content.cases import Case
    from oms_cli.content.sources import Source
    from oms_cli.content.topics import Statement, Topic
    from oms_cli.teaching.quiz import Worksheet
    from oms_cli.views.result import CheckResult


def _code(command: str) -> str:
    return f"`{command}`"


def _cited(statement: Cited | Statement) -> str:
    """A statement and its marks; the tool's own words (no sources) stand alone."""
    marks = cite(statement.sources)
    return f"{statement.text} {marks}" if marks else statement.text


def _bullets(statements: Iterable[Cited | Statement]) -> list[str]:
    return [f"- {_cited(statement)}" for statement in statements]


def _paragraphs(statements: Iterable[Cited]) -> list[str]:
    return [line for statement in statements for line in (_cited(statement), "")]


def _references(entries: Iterable[Reference]) -> list[str]:
    return [f"- {entry.label} {entry.text}" for entry in entries]


def source_lines(sources: Iterable[Source]) -> list[str]:
    """Sources as a Markdown list, label then the reference (for the quiz's sheets too)."""
    return _references(wording.references(sources))


def disclaimer_lines(disclaimer: Cited = wording.DISCLAIMER) -> list[str]:
    """The rule and the disclaimer that end every Markdown document."""
    return ["---", "", f"*{disclaimer.text}* {cite(disclaimer.sources)}"]


def _document(lines: Iterable[str]) -> str:
    return "\n".join(lines) + "\n"


def section_lines(section: Section) -> list[str]:
    """A section of a result (what-if, features not counted) as Markdown lines, headed."""
    lines = [f"## {section.heading}", ""]
    if section.intro is not None:
        lines += [section.intro, ""]
    lines += [*(f"- {line}" for line in section.lines), ""]
    if section.after is not None:
        lines += [_cited(section.after), ""]
    return lines


def assessment_markdown(result: CheckResult) -> str:
    """The result as a Markdown document, with the same content as the text output.

    Its sections (what-if, features not counted) come after the notes, before the sources.
    """
    view = wording.check_view(result)
    lines = [
        "# OMS diagnostic criteria check",
        "",
        f"**{view.headline}.**",
        "",
        *_paragraphs(view.reasons),
        "| Criterion | Status | Findings | Meaning | Sources |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {row.title} | {row.status_word} | {row.findings} | {row.meaning} "
        f"| {cite(row.sources)} |"
        for row in view.rows
    ]
    lines += ["", f"{view.age_line}.", ""]
    if view.notes:
        lines += ["## Notes", "", *_bullets(view.notes), ""]
    for section in view.sections:
        lines += section_lines(section)
    lines += ["## Sources", "", *_references(view.references), ""]
    return _document([*lines, *disclaimer_lines(view.disclaimer)])


def criteria_markdown() -> str:
    """The rule and its four criteria as a Markdown document."""
    view = wording.criteria_view()
    lines = [
        "# OMS diagnostic criteria",
        "",
        _cited(view.rule),
        "",
        "| Criterion | Met when any of | Meaning | Sources |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {row.title} (`{row.id}`) | {row.findings} | {row.meaning} | {cite(row.sources)} |"
        for row in view.rows
    ]
    lines.append("")
    for policy in view.policies:
        lines += [policy, ""]
    lines += ["## Sources", "", *_references(view.references), ""]
    return _document([*lines, *disclaimer_lines(view.disclaimer)])


def sources_markdown() -> str:
    """Every source, the page first, each with its details and the topics citing it."""
    lines = ["# Sources", ""]
    for entry in wording.sources_view():
        lines += [f"## {entry.label} {entry.title}", ""]
        lines += [f"- {name}: {value}" for name, value in entry.fields]
        lines.append("")
    return "\n".join(lines)


def _topic(topic: TopicView, level: int) -> list[str]:
    lines = [f"{'#' * level} {topic.title}", "", f"*{topic.lead}*", ""]
    for heading, statements in topic.sections:
        lines += [f"{'#' * (level + 1)} {heading}", "", *_bullets(statements), ""]
    return lines


def info_markdown(shown: Sequence[Topic] | None) -> str:
    """Patient information as Markdown: one topic, several, or (``None``) the overview and list."""
    view = wording.info_view(shown)
    lines = [f"# {view.title}", ""] if view.title is not None else []
    if view.hint is not None:
        lines += [*_bullets(view.intro), "", "## Topics", ""]
        lines += [f"- `{topic_id}`: {summary}" for topic_id, summary in view.topic_list]
        lines += ["", view.hint, ""]
    for topic in view.topics:
        lines += _topic(topic, 1 if view.title is None else 2)
    lines += ["## Sources", "", *_references(view.references), ""]
    if view.provenance:
        about = " ".join(_cited(statement) for statement in view.provenance)
        lines += [f"**About the source:** {about}", ""]
    lines += disclaimer_lines(view.disclaimer)
    return _document(lines)


# --- teaching cases (`oms demo`) -----------------------------------------------------------------


def _case_parts(case: Case, level: int) -> tuple[list[str], list[list[str]], list[str]]:
    """A case's Markdown in three parts: its title and notice, its five steps, its sources."""
    view = wording.case_view(case)
    heading = "#" * level
    sub = "#" * (level + 1)
    titles = [f"{sub} {n}. {title}" for n, title in enumerate(wording.CASE_STEPS, start=1)]
    notice = f"*{view.notice}* {wording.run_hint(view.id, _code)}"
    head = [f"{heading} {view.title}", "", notice, ""]
    steps = [
        [titles[0], "", view.vignette, ""],
        [
            titles[1],
            "",
            "| Finding | Answer |",
            "|---|---|",
            *(f"| {label} | {answer} |" for label, answer, _ in view.findings),
            "",
            f"{view.age_line}.",
            "",
        ],
        [
            titles[2],
            "",
            "| Criterion | Status | Why | Sources |",
            "|---|---|---|---|",
            *(
                f"| {row.title} | {row.status_word} | {row.reasoning} | {cite(row.sources)} |"
                for row in view.criteria
            ),
            "",
        ],
        [
            titles[3],
            "",
            f"**{view.headline}.**",
            "",
            *_paragraphs(view.reasons),
            *_bullets(view.notes),
            *([""] if view.notes else []),
        ],
        [titles[4], "", *_bullets(view.teaching), ""],
    ]
    return head, steps, [f"{sub} Sources", "", *_references(view.references), ""]


def _case(case: Case, level: int) -> list[str]:
    head, steps, sources = _case_parts(case, level)
    return [*head, *(line for step in steps for line in step), *sources]


def case_markdown(case: Case) -> str:
    """One teaching case, walked through in five steps, as a Markdown document."""
    return _document([*_case(case, 1), *disclaimer_lines()])


def case_step_markdown(case: Case) -> list[str]:
    """Each step of a case as a document of its own (``--steps``), as each step picture is.

    Each keeps the case's title and fiction notice and ends with the sources and the disclaimer.
    """
    head, steps, sources = _case_parts(case, 1)
    return [_document([*head, *step, *sources, *disclaimer_lines()]) for step in steps]


def cases_markdown(cases: Iterable[Case]) -> str:
    """Several teaching cases in one Markdown document, each walked through in full."""
    lines = ["# OMS teaching cases", ""]
    for case in cases:
        lines += _case(case, 2)
    return _document([*lines, *disclaimer_lines()])


def case_list_markdown(cases: Iterable[Case]) -> str:
    """The teaching cases as a Markdown table: id, title and the verdict each one shows."""
    view = wording.case_list_view(cases, _code)
    lines = [
        "# OMS teaching cases",
        "",
        "| Case | Title | Verdict |",
        "|---|---|---|",
        *(f"| `{case.id}` | {case.title} | {case.verdict_word} |" for case in view.cases),
        "",
        view.hint,
        "",
    ]
    return _document([*lines, *disclaimer_lines(view.disclaimer)])


# --- the quiz's worksheet (`oms quiz --export FILE.md`) -------------------------------------------


def questions_markdown(sheet: Worksheet) -> str:
    """The question sheet as Markdown: the rule, then every case with blanks for the answers."""
    lines = [f"# {sheet.questions_title}", "", sheet.intro, ""]
    lines += [f"## {sheet.rule_heading}", "", *_bullets(sheet.rule), ""]
    for case in sheet.cases:
        lines += [f"## {case.heading}", "", f"*{wording.FICTION_NOTICE}*", "", case.story, ""]
        if case.blanks:
            lines += [*(f"- {blank}" for blank in case.blanks), ""]
        lines += [sheet.verdict_blank, ""]
    lines += ["## Sources", "", *source_lines(sheet.question_sources), ""]
    return _document([*lines, *disclaimer_lines()])


def answers_markdown(sheet: Worksheet) -> str:
    """The answer key as Markdown: each case's verdict, reasoning, traps and lesson."""
    lines = [f"# {sheet.answers_title}", "", sheet.intro, ""]
    for entry in sheet.key:
        lines += [f"## {entry.heading}", "", entry.findings, "", entry.statuses, "", "Why:", ""]
        lines += [*_bullets(entry.why), ""]
        if entry.traps:
            lines += [f"{sheet.traps_heading}:", "", *(f"- {line}" for line in entry.traps), ""]
        if entry.lesson:
            lines += [f"{entry.lesson_heading}:", "", *_bullets(entry.lesson), ""]
        if entry.demo:
            lines += [entry.demo, ""]
    lines += ["## Sources", "", *source_lines(sheet.key_sources), ""]
    return _document([*lines, *disclaimer_lines()])
