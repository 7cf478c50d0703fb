"""Markdown output (`--format markdown`, ``.md`` and ``.html`` exports): the words, laid out.

Every sentence comes from `result` or `wording`, as the text output's. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from oms_cli.content import CitedText
from oms_cli.content.sources import Source, cite
from oms_cli.rules import Verdict
from oms_cli.views import wording
from oms_cli.views.result import VERDICT_WORDS, CheckResult, Section

if TYPE_CHECKING:
    from oms_cli.content.cases import Case


# Every character that can begin or form CommonMark (or GitHub table and strikethrough) markup,
# in a line or at its start (a heading, a quote, a list item such as "-", "+" or "1."), or HTML.
_MARKUP = re.compile(r"[\\`*_\[\]<>&|~#+\-=.!()]")


def literal(text: str) -> str:
    """Text from a file as Markdown that shows it as written: each markup character escaped."""
    return _MARKUP.sub(lambda match: "\\" + match[0], text)


def _cited(statement: wording.Cited) -> str:
    """A statement and its marks; the tool's own words (no sources) stand alone."""
    marks = cite(statement.sources)
    return f"{statement.text} {marks}" if marks else statement.text


def bullets(statements: Iterable[wording.Cited]) -> list[str]:
    """Cited statements as a Markdown list."""
    return [f"- {_cited(statement)}" for statement in statements]


def source_lines(sources: Iterable[Source]) -> list[str]:
    """Sources as a Markdown list, label then the reference."""
    return [f"- {source.label} {wording.source_line(source)}" for source in sources]


def disclaimer_lines(disclaimer: CitedText = wording.DISCLAIMER) -> list[str]:
    """The rule and the disclaimer that end every Markdown document."""
    return ["---", "", f"*{disclaimer.text}* {cite(disclaimer.sources)}"]


def document(lines: Iterable[str]) -> str:
    """Lines as one Markdown document, ending in one line end."""
    return "\n".join(lines).rstrip("\n") + "\n"


def closing(sources: Iterable[Source], heading: str = "##") -> list[str]:
    """The sources section that closes a document."""
    return [f"{heading} Sources", "", *source_lines(sources), ""]


def section_lines(section: Section, depth: int = 2) -> list[str]:
    """A section of a result (what-if, features not counted) as Markdown lines, headed."""
    lines = [f"{'#' * depth} {section.heading}", ""]
    if section.intro is not None:
        lines += [section.intro, ""]
    shown = map(literal, section.lines) if section.literal else section.lines
    lines += [*(f"- {line}" for line in shown), ""]
    if section.after is not None:
        lines += [_cited(section.after), ""]
    return lines


def _verdict(result: CheckResult) -> list[str]:
    lines = [f"**{result.headline}.**", ""]
    return lines + [line for reason in result.reasons for line in (_cited(reason), "")]


def assessment_markdown(result: CheckResult) -> str:
    """The result as a Markdown document, with the same content as the text output."""
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
    lines += ["", f"{result.age_line}.", "", *_page_lines(wording.check_page(result), 2)]
    return document(lines)


def page(view: wording.Page) -> str:
    """A page (`wording.Page`) as a Markdown document, with the same content as the text output."""
    if view.title is None:
        return document(_page_lines(view, 1))
    return document([f"# {view.title}", "", *_page_lines(view, 2)])


def _page_lines(view: wording.Page, depth: int) -> list[str]:
    """A page under its title, the headings of its parts at ``depth``."""
    lines = [line for part in view.parts for line in _part(part, depth)]
    if view.sources:
        lines += closing(view.sources)
    if view.about:
        lines += [f"**About the source:** {' '.join(map(_cited, view.about))}", ""]
    ending = disclaimer_lines(view.closing) if view.closing is not None else []
    return [*lines, *ending]


def _part(part: wording.Part, depth: int) -> list[str]:
    """A part of a page, its heading (if any) at ``depth``."""
    heading = "#" * depth
    match part:
        case wording.Bullets(title, statements):
            body = bullets(statements)
        case wording.Listing(title, items):
            body = [f"- `{name}`: {line}" for name, line in items]
        case wording.Table(title, columns, rows):
            body = [f"| {' | '.join(columns)} |", f"|{'---|' * len(columns)}"]
            body += [f"| {' | '.join(map(_cell, row))} |" for row in rows]
        case Section():
            return section_lines(part, depth)
        case wording.Chapter(title, summary, sections):
            head = [f"{heading} {title}", "", f"*{summary}.*", ""]
            return head + [line for bullets in sections for line in _part(bullets, depth + 1)]
        case wording.Entries(items):
            return [
                line
                for label, title, details in items
                for line in (f"{heading} {label} {title}", "", *_fields(details), "")
            ]
        case _:
            return [_cited(part), ""]
    return [*([f"{heading} {title}", ""] if title else []), *body, ""]


def _fields(details: Iterable[tuple[str, str]]) -> list[str]:
    return [f"- {name}: {value}" for name, value in details]


def _cell(cell: wording.Cell) -> str:
    match cell:
        case wording.Code(text):
            return f"`{text}`"
        case Verdict():
            return VERDICT_WORDS[cell]
        case (title, wording.Code(code)):
            return f"{title} (`{code}`)"
    return cell


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
            f"{result.age_line}.",
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
            *bullets(result.notes),
            *([""] if result.notes else []),
        ],
        [titles[4], "", *bullets(view.teaching), ""],
    ]
    head = [f"{'#' * level} {view.title}", "", notice, ""]
    return head, steps, closing(view.sources, sub)


def _case(case: Case, level: int) -> list[str]:
    head, steps, sources = _case_parts(case, level)
    return [*head, *(line for step in steps for line in step), *sources]


def case_markdown(case: Case) -> str:
    """One teaching case, walked through in five steps, as a Markdown document."""
    return document([*_case(case, 1), *disclaimer_lines()])


def case_step_markdown(case: Case) -> list[str]:
    """Each step of a case as a document of its own (``--steps``), with the title and sources."""
    head, steps, sources = _case_parts(case, 1)
    return [document([*head, *step, *sources, *disclaimer_lines()]) for step in steps]


def cases_markdown(cases: Iterable[Case]) -> str:
    """Several teaching cases in one Markdown document, each walked through in full."""
    lines = ["# OMS teaching cases", ""]
    for case in cases:
        lines += _case(case, 2)
    return document([*lines, *disclaimer_lines()])
