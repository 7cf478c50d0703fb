"""Views for people of `oms quiz`: the question sheet, the answer key, and both together.

Built from `oms_cli.render`'s parts (sections, bullets, cited lines, sources, the disclaimer) and
`rich.text.Text` objects, never markup, as every view is. The Markdown forms live beside their
data in `oms_cli.quiz`, so that Markdown never needs rich. The what-if view is
`oms_cli.whatif_view`, so that `oms check --what-if` never loads the quiz.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from oms_cli import content
from oms_cli import quiz_text as text
from oms_cli.quiz import (
    Quiz,
    case_heading,
    criteria_and_disclaimer_sources,
    findings_line,
    key_entry,
    key_sources,
    worksheet_title,
)
from oms_cli.render import bullets, cited, disclaimer, section, sources_list
from oms_cli.rules import CRITERIA
from oms_cli.topics import Statement


def _statements(statements: tuple[Statement, ...] | list[Statement]) -> RenderableType:
    return bullets(cited(statement.text, statement.sources) for statement in statements)


def _rule_lines() -> RenderableType:
    rule = cited(content.RULE, content.RULE_SOURCES)
    return bullets([rule, Text(content.AND_OR), Text(content.UNKNOWN_POLICY)])


def _title(quiz: Quiz, sheet: str) -> RenderableType:
    return Group(
        Text(f"{worksheet_title(quiz)}: {sheet.lower()}", style="bold underline"),
        Text(text.INTRO_SHEET.format(command=quiz.command), style="italic"),
    )


def _question_parts(quiz: Quiz) -> list[RenderableType]:
    parts: list[RenderableType] = [_title(quiz, text.QUESTIONS_TITLE), Text()]
    parts += [section(text.RULE_HEADING), _rule_lines()]
    blanks = [text.CRITERION_BLANK.format(title=c.title) for c in CRITERIA] if quiz.criteria else []
    for number, case in enumerate(quiz.cases, start=1):
        parts += [
            Text(),
            Text(case_heading(number, len(quiz.cases)), style="bold"),
            Text(case.story),
            Text(findings_line(case), style="dim"),
            *(Padding(Text(blank), (0, 0, 0, 2)) for blank in blanks),
            Text(text.VERDICT_BLANK),
        ]
    return parts


def _answer_parts(quiz: Quiz) -> list[RenderableType]:
    parts: list[RenderableType] = [_title(quiz, text.ANSWERS_TITLE)]
    for number in range(1, len(quiz.cases) + 1):
        entry = key_entry(quiz, number)
        parts += [Text(), Text(entry.heading, style="bold"), Text(entry.statuses)]
        parts += [Text("Why:"), _statements(entry.why)]
        if entry.traps:
            parts.append(Text(f"{text.TRAPS_HEADING}:"))
            parts.append(bullets(Text(line) for line in entry.traps))
        if entry.lesson:
            parts += [Text(f"{entry.lesson_heading}:"), _statements(entry.lesson)]
        if entry.demo:
            parts.append(Text(entry.demo, style="dim"))
    return parts


def question_sheet(quiz: Quiz) -> RenderableType:
    """The question sheet: the rule, then each case with blanks for the answers."""
    parts = _question_parts(quiz)
    parts += [Text(), section("Sources"), sources_list(criteria_and_disclaimer_sources())]
    return Group(*parts, Text(), disclaimer())


def answer_sheet(quiz: Quiz) -> RenderableType:
    """The answer key: for each case the verdict, the reasoning, the traps and the lesson."""
    parts = _answer_parts(quiz)
    parts += [Text(), section("Sources"), sources_list(key_sources(quiz))]
    return Group(*parts, Text(), disclaimer())


def worksheet(quiz: Quiz) -> RenderableType:
    """Both sheets one after the other, for ``oms quiz --no-input``: questions, then the key."""
    parts = [*_question_parts(quiz), Text(), Rule(style="dim"), *_answer_parts(quiz)]
    parts += [Text(), section("Sources"), sources_list(key_sources(quiz))]
    return Group(*parts, Text(), disclaimer())
