"""Views for people of `oms quiz`: the question sheet, the answer key, and both together.

Built from `oms_cli.views.render`'s parts (sections, bullets, cited lines, sources, the disclaimer)
and
`rich.text.Text` objects, never markup, as every view is, and the export of a worksheet's two
files, which writes these views. The Markdown forms live beside their data in
`oms_cli.teaching.quiz`, so
that Markdown never needs rich. The what-if view is
`oms_cli.views.whatif`, so that `oms check --what-if` never loads the quiz.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from oms_cli import content
from oms_cli.content.topics import Statement
from oms_cli.rules import CRITERIA
from oms_cli.teaching import quiz_text as text
from oms_cli.teaching.quiz import (
    Quiz,
    answers_markdown,
    case_heading,
    check_worksheet_targets,
    criteria_and_disclaimer_sources,
    key_entry,
    key_sources,
    questions_markdown,
    worksheet_title,
)
from oms_cli.views.render import bullets, cited, disclaimer, emit, section, sources_list

if TYPE_CHECKING:  # for annotations only: the export module loads with --export
    from oms_cli.views.export import Look


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
            *(Padding(Text(blank), (0, 0, 0, 2)) for blank in blanks),
            Text(text.VERDICT_BLANK),
        ]
    return parts


def _answer_parts(quiz: Quiz) -> list[RenderableType]:
    parts: list[RenderableType] = [_title(quiz, text.ANSWERS_TITLE)]
    for number in range(1, len(quiz.cases) + 1):
        entry = key_entry(quiz, number)
        parts += [Text(), Text(entry.heading, style="bold"), Text(entry.findings)]
        parts.append(Text(entry.statuses))
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


def export_worksheet(path: str, force: bool, quiz: Quiz, look: Look | None = None) -> str:
    """Write the question sheet to ``path`` and the answer key beside it; the key's name.

    Both go through the project's one file writer (`oms_cli.files.outfile.write_set`), in the
    format the extension names, as one set: both rendered first, then both written, or neither,
    an existing pair (with ``force``) left as it was when either cannot be written. Signals are
    held while the two are put in place, so a Ctrl-C or SIGTERM takes effect once both are whole,
    never between them. OutputError says what went wrong.
    """
    from oms_cli.files.outfile import write_set  # noqa: PLC0415  (only an export needs them)
    from oms_cli.views import export  # noqa: PLC0415  (as above)

    answers = check_worksheet_targets(path, force)
    fmt = export.export_format(Path(path))
    title = quiz.command
    questions_text = export.document(
        fmt, lambda: question_sheet(quiz), lambda: questions_markdown(quiz), title, look
    )
    answers_text = export.document(
        fmt, lambda: answer_sheet(quiz), lambda: answers_markdown(quiz), title, look
    )
    write_set([(answers, answers_text), (path, questions_text)], option=export.OPTION, force=force)
    return answers


def show_worksheet(
    quiz: Quiz, export: str | None, force: bool, *, look: Look | None = None
) -> None:
    """`oms quiz --no-input` or `--export`: the worksheet printed, or written to two files.

    A file that cannot be written is one line and exit 2.
    """
    if export is None:
        emit(worksheet(quiz))
        return
    from oms_cli.cli.process import fail, notice  # noqa: PLC0415  (as for outfile)
    from oms_cli.files.outfile import OutputError  # noqa: PLC0415  (only an export needs it)
    from oms_cli.files.textsafe import visible  # noqa: PLC0415  (as for outfile)

    try:
        answers = export_worksheet(export, force, quiz, look)
    except OutputError as error:
        fail(str(error))
    notice(f"wrote {visible(export)} (questions) and {visible(answers)} (answer key)")
