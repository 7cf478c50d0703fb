"""Markdown output (`--format markdown`, ``.md`` and ``.html`` exports): the words, laid out.

Headings, tables and bullets only: every sentence comes from `oms_cli.views.result` (a check
result), `oms_cli.views.wording` or `content`, the same as the text output's. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from oms_cli import content
from oms_cli.content import CitedText
from oms_cli.content.sources import Source, cite
from oms_cli.rules import CRITERIA
from oms_cli.views import wording
from oms_cli.views.json_object import criteria_sources
from oms_cli.views.result import VERDICT_WORDS, CheckResult, Section

if TYPE_CHECKING:
    from oms_cli.content.cases import Case
    from oms_cli.content.topics import Topic
    from oms_cli.teaching.quiz import Worksheet


def _cited(statement: wording.Cited) -> str:
    """A statement and its marks; the tool's own words (no sources) stand alone."""
    marks = cite(statement.sources)
    return f"{statement.text} {marks}" if marks else statement.text


def _bullets(statements: Iterable[wording.Cited]) -> list[str]:
    return [f"- {_cited(statement)}" for statement in statements]


def source_lines(sources: Iterable[Source]) -> list[str]:
    """Sources as a Markdown list, label then the reference."""
    return [f"- {source.label} {wording.source_line(source)}" for source in sources]


def disclaimer_lines(disclaimer: CitedText = wording.DISCLAIMER) -> list[str]:
    """The rule and the disclaimer that end every Markdown document."""
    return ["---", "", f"*{disclaimer.text}* {cite(disclaimer.sources)}"]


def _document(lines: Iterable[str]) -> str:
    return "\n".join(lines) + "\n"


def _closing(sources: Iterable[Source], heading: str = "##") -> list[str]:
    return [f"{heading} Sources", "", *source_lines(sources), ""]


def section_lines(section: Section) -> list[str]:
    """A section of a result (what-if, features not counted) as Markdown lines, headed."""
    lines = [f"## {section.heading}", ""]
    if section.intro is not None:
        lines += [section.intro, ""]
    lines += [*(f"- {line}" for line in section.lines), ""]
    if section.after is not None:
        lines += [_cited(section.after), ""]
    return lines


def _verdict(result: CheckResult) -> list[str]:
    lines = [f"**{result.headline}.**", ""]
    return lines + [line for reason in result.reasons for line in (_cited(reason), "")]


def assessment_markdown(result: CheckResult) -> str:
    """The result as a Markdown document, with the same content as the text output.

    Its sections (what-if, features not counted) come after the notes, before the sources.
    """
    lines = [
        "# OMS diagnostic criteria check",
        "",
        *_verdict(result),
        "| Criterion | Status | Findings | Meaning | Sources |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {row.title} | {row.status_word} | {row.findings} | {row.meaning} "
        f"| {cite(row.sources)} |"
        for row in result.rows
    ]
    lines += ["", f"{result.age_line}.", ""]
    if result.notes:
        lines += ["## Notes", "", *_bullets(result.notes), ""]
    for section in result.sections:
        lines += section_lines(section)
    return _document([*lines, *_closing(result.sources), *disclaimer_lines()])


def criteria_markdown() -> str:
    """The rule and its four criteria as a Markdown document."""
    lines = [
        "# OMS diagnostic criteria",
        "",
        _cited(CitedText(content.RULE, content.RULE_SOURCES)),
        "",
        "| Criterion | Met when any of | Meaning | Sources |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {c.title} (`{c.id}`) | {c.joined_findings} | {content.CRITERION_TEXT[c.id].meaning} "
        f"| {cite(c.sources)} |"
        for c in CRITERIA
    ]
    lines += ["", content.AND_OR, "", content.UNKNOWN_POLICY, ""]
    return _document([*lines, *_closing(criteria_sources()), *disclaimer_lines()])


def sources_markdown() -> str:
    """Every source, the page first, each with its details and the topics citing it."""
    lines = ["# Sources", ""]
    for source, fields in wording.sources_view():
        lines += [f"## {source.label} {source.title}", ""]
        lines += [*(f"- {name}: {value}" for name, value in fields), ""]
    return "\n".join(lines)


def info_markdown(shown: Sequence[Topic] | None) -> str:
    """Patient information as Markdown: one topic, several, or (``None``) the overview and list."""
    view = wording.info_view(shown)
    lines = [f"# {view.title}", ""] if view.title is not None else []
    if view.hint is not None:
        lines += [*_bullets(view.intro), "", "## Topics", ""]
        lines += [f"- `{topic_id}`: {summary}" for topic_id, summary in view.topic_list]
        lines += ["", view.hint, ""]
    for topic in view.topics:
        heading = "#" if view.title is None else "##"  # under the page's title, if any
        lines += [f"{heading} {topic.title}", "", f"*{topic.summary}.*", ""]
        for section in topic.main_sections:
            lines += [f"{heading}# {section.heading}", "", *_bullets(section.statements), ""]
    lines += _closing(view.sources)
    if view.provenance:
        about = " ".join(_cited(statement) for statement in view.provenance)
        lines += [f"**About the source:** {about}", ""]
    return _document([*lines, *disclaimer_lines(wording.INFO_DISCLAIMER)])


# --- teaching cases (`oms demo`) -----------------------------------------------------------------


def _case_parts(case: Case, level: int) -> tuple[list[str], list[list[str]], list[str]]:
    """A case's Markdown in three parts: its title and notice, its five steps, its sources."""
    view = wording.case_view(case)
    result = view.result
    sub = "#" * (level + 1)
    titles = [f"{sub} {n}. {title}" for n, title in enumerate(wording.CASE_STEPS, start=1)]
    notice = f"*{wording.FICTION_NOTICE}* Run it with `oms demo {view.id}`."
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
                f"| {row.title} | {row.status_word} | {reasoning} | {cite(row.sources)} |"
                for row, reasoning in zip(result.rows, view.reasoning, strict=True)
            ),
            "",
        ],
        [
            titles[3],
            "",
            *_verdict(result),
            *_bullets(result.notes),
            *([""] if result.notes else []),
        ],
        [titles[4], "", *_bullets(view.teaching), ""],
    ]
    head = [f"{'#' * level} {view.title}", "", notice, ""]
    return head, steps, _closing(view.sources, sub)


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
    lines = ["# OMS teaching cases", "", "| Case | Title | Verdict |", "|---|---|---|"]
    lines += [
        f"| `{id_}` | {title} | {VERDICT_WORDS[v]} |" for id_, title, v in wording.case_list(cases)
    ]
    lines += ["", wording.case_list_hint(lambda command: f"`{command}`"), ""]
    return _document([*lines, *disclaimer_lines()])


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
    return _document([*lines, *_closing(sheet.question_sources), *disclaimer_lines()])


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
    return _document([*lines, *_closing(sheet.key_sources), *disclaimer_lines()])
