"""`oms quiz`'s worksheet (`oms_cli.teaching.quiz.Worksheet`) for people, shown or exported."""

from __future__ import annotations

from functools import partial

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from oms_cli.errors import notice
from oms_cli.files.textsafe import visible
from oms_cli.teaching.quiz import Quiz, Worksheet, answers_path, worksheet
from oms_cli.views import export, markdown
from oms_cli.views.export import Look
from oms_cli.views.render import (
    bullets,
    cited_lines,
    disclaimer,
    emit_paged,
    section,
    sources_list,
)
from oms_cli.views.wording import FICTION_NOTICE


def _title(line: str, sheet: Worksheet) -> RenderableType:
    return Group(Text(line, style="bold underline"), Text(sheet.intro, style="italic"))


def _question_parts(sheet: Worksheet) -> list[RenderableType]:
    parts: list[RenderableType] = [_title(sheet.questions_title, sheet), Text()]
    parts += [section(sheet.rule_heading), cited_lines(sheet.rule)]
    for case in sheet.cases:
        parts += [
            Text(),
            Text(f"{case.heading} · {FICTION_NOTICE}", style="bold"),
            Text(case.story),
            *(Padding(Text(blank), (0, 0, 0, 2)) for blank in case.blanks),
            Text(sheet.verdict_blank),
        ]
    return parts


def _answer_parts(sheet: Worksheet) -> list[RenderableType]:
    parts: list[RenderableType] = [_title(sheet.answers_title, sheet)]
    for entry in sheet.key:
        parts += [Text(), Text(entry.heading, style="bold"), Text(entry.findings)]
        parts += [Text(entry.statuses), Text("Why:"), cited_lines(entry.why)]
        if entry.traps:
            parts.append(Text(f"{sheet.traps_heading}:"))
            parts.append(bullets(Text(line) for line in entry.traps))
        if entry.lesson:
            parts += [Text(f"{entry.lesson_heading}:"), cited_lines(entry.lesson)]
        if entry.demo:
            parts.append(Text(entry.demo, style="dim"))
    return parts


def sheets(sheet: Worksheet, *, questions: bool = True, answers: bool = True) -> RenderableType:
    """The question sheet, the answer key, or both one after the other (``oms quiz --no-input``)."""
    parts: list[RenderableType] = []
    if questions:
        parts += _question_parts(sheet)
    if questions and answers:
        parts += [Text(), Rule(style="dim")]
    if answers:
        parts += _answer_parts(sheet)
    sources = sheet.key_sources if answers else sheet.question_sources
    return Group(*parts, Text(), section("Sources"), sources_list(sources), Text(), disclaimer())


def questions_markdown(sheet: Worksheet) -> str:
    """The question sheet as Markdown: the rule, then every case with blanks for the answers."""
    lines = [f"# {sheet.questions_title}", "", sheet.intro, ""]
    lines += [f"## {sheet.rule_heading}", "", *markdown.bullets(sheet.rule), ""]
    for case in sheet.cases:
        lines += [f"## {case.heading}", "", f"*{FICTION_NOTICE}*", "", case.story, ""]
        if case.blanks:
            lines += [*(f"- {blank}" for blank in case.blanks), ""]
        lines += [sheet.verdict_blank, ""]
    return markdown.document(
        [*lines, *markdown.closing(sheet.question_sources), *markdown.disclaimer_lines()]
    )


def answers_markdown(sheet: Worksheet) -> str:
    """The answer key as Markdown: each case's verdict, reasoning, traps and lesson."""
    lines = [f"# {sheet.answers_title}", "", sheet.intro, ""]
    for entry in sheet.key:
        lines += [f"## {entry.heading}", "", entry.findings, "", entry.statuses, "", "Why:", ""]
        lines += [*markdown.bullets(entry.why), ""]
        if entry.traps:
            lines += [f"{sheet.traps_heading}:", "", *(f"- {line}" for line in entry.traps), ""]
        if entry.lesson:
            lines += [f"{entry.lesson_heading}:", "", *markdown.bullets(entry.lesson), ""]
        if entry.demo:
            lines += [entry.demo, ""]
    return markdown.document(
        [*lines, *markdown.closing(sheet.key_sources), *markdown.disclaimer_lines()]
    )


def show_worksheet(
    quiz: Quiz, path: str | None, force: bool, *, look: Look | None = None, paged: bool = True
) -> None:
    """The worksheet shown (paged on a terminal), or written to ``path`` with its answer key."""
    sheet = worksheet(quiz)
    if path is None:
        emit_paged(sheets(sheet), paged=paged)
        return
    answers, title = answers_path(path), quiz.command
    files = [
        (answers, partial(sheets, sheet, questions=False), partial(answers_markdown, sheet), title),
        (path, partial(sheets, sheet, answers=False), partial(questions_markdown, sheet), title),
    ]
    export.write_set(files, force, look)
    notice(f"wrote {visible(path, None)} (questions) and {visible(answers, None)} (answer key)")
