"""Every text the tool prints, gathered for the faithfulness tests (citations, near-copies, words).

Gathered from the outputs themselves (Markdown renderings of every command, the questions and
their help, the FHIR Questionnaire, the JSON Schemas, every ``--help``), not from a list kept by
hand, so that a new sentence cannot slip past the checks. The text and Markdown renderers show the
same content (tests/test_export.py and the goldens hold them together).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from typer.main import get_command
from typer.testing import CliRunner

from oms_cli import content
from oms_cli.cli import intake
from oms_cli.cli.app import app
from oms_cli.content.cases import CASES
from oms_cli.content.sources import SOURCE_BY_N
from oms_cli.content.topics import TOPICS
from oms_cli.interop import fhir
from oms_cli.interop.schema import SchemaName, load
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    AgeGroup,
    Finding,
    all_combinations,
    evaluate_answers,
    whatif,
)
from oms_cli.teaching import questionnaire, quiz, quiz_sheet
from oms_cli.teaching.quiz_text import Trap
from oms_cli.views import json_object as report
from oms_cli.views import markdown, wording
from oms_cli.views.result import CheckResult

REPO_ROOT = Path(__file__).resolve().parents[1]
_LABELS = {source.label: source.n for source in SOURCE_BY_N.values()}
_MARK_GROUP = re.compile(r"((?:\[(?:\d|GARD)\])+)")


class Cited(NamedTuple):
    """One statement as printed and the source numbers printed after it."""

    where: str
    text: str
    sources: tuple[int, ...]


def _marks(marks: str) -> tuple[int, ...]:
    return tuple(sorted(_LABELS[label] for label in re.findall(r"\[(?:\d|GARD)\]", marks)))


def split_cited(where: str, text: str) -> Iterator[Cited]:
    """The cited statements of a printed text: each run of words before a group of ``[n]`` marks."""
    for line in dict.fromkeys(text.splitlines()):
        if line.startswith("|") or "[" not in line:  # table rows: checked from their data below
            continue
        parts = _MARK_GROUP.split(line)
        for before, marks in zip(parts[0::2], parts[1::2], strict=False):
            statement = " ".join(before.strip(" -*•").split())
            if statement:
                yield Cited(where, statement, _marks(marks))


def _assessments() -> Iterator[Any]:
    for age_group in AgeGroup:
        for answers in all_combinations():
            yield evaluate_answers(answers, age_group)


@cache
def documents() -> tuple[tuple[str, str], ...]:
    """(where, text) for every output for people and programs, and for the README and docs."""
    docs: list[tuple[str, str]] = [
        ("oms info --all", markdown.page(wording.info_page(TOPICS))),
        ("oms info", markdown.page(wording.info_page(None))),
        ("oms demo --all", markdown.cases_markdown(CASES)),
        ("oms demo", markdown.page(wording.case_list_page(CASES))),
        ("oms criteria", markdown.page(wording.criteria_page())),
        ("oms criteria --format json", json.dumps(report.criteria_dict(), ensure_ascii=False)),
        ("oms questionnaire", "\n".join(_strings(fhir.questionnaire()))),
    ]
    docs += [(f"oms schema {name}", "\n".join(_strings(load(name)))) for name in SchemaName]
    checks = {markdown.assessment_markdown(CheckResult(a)) for a in _assessments()}
    docs += [("oms check", text) for text in sorted(checks)]
    what_if = {
        line
        for a in _assessments()
        for line in markdown.assessment_markdown(CheckResult(a, whatif.changes(a))).splitlines()
    }
    docs.append(("oms check --what-if", "\n".join(sorted(what_if))))
    docs += [("oms quiz", text) for text in quiz_texts()]
    docs.append(("oms check (questions)", "\n".join(questionnaire_texts())))
    docs += [(f"oms {' '.join(args)} --help", text) for args, text in help_texts()]
    for path in (REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))):
        docs.append((path.relative_to(REPO_ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return tuple(docs)


@cache
def passages() -> tuple[tuple[str, str], ...]:
    """Every document cut into passages, each distinct passage once: the unit the copy checks read.

    Rendered outputs are cut into lines (a Markdown line is a whole statement, a table row or a
    heading); ``--help``, the README and the docs, whose sentences wrap, into paragraphs.
    """
    seen: dict[str, str] = {}
    for where, text in documents():
        wrapped = where.endswith("--help") or where.endswith(".md")
        pieces = text.split("\n\n") if wrapped else text.splitlines()
        for piece in pieces:
            passage = " ".join(piece.split())
            if passage:
                seen.setdefault(passage, where)
    return tuple((where, piece) for piece, where in seen.items())


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value, keys excepted."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def quiz_texts() -> list[str]:
    """What `oms quiz` can print: its sheets for many seeds (every generated story and lesson)."""
    texts = [quiz.rule_help(), *(quiz.trap_line(trap) for trap in Trap)]
    for seed in range(40):
        made = quiz.make_quiz(seed, count=len(CASES) + 2, criteria=seed % 2 == 0)
        sheet = quiz.worksheet(made)
        texts += [quiz_sheet.questions_markdown(sheet), quiz_sheet.answers_markdown(sheet)]
    return texts


def questionnaire_texts() -> list[str]:
    """What the questionnaire can say: intro, hints, every question, help and skip message."""
    texts = [questionnaire.INTRO, questionnaire.FINDING_HINT, questionnaire.AGE_HINT]
    texts += [questionnaire.DECIDED_LINE, intake.SETTLED_LINE]
    texts += [questionnaire.AGE_PROMPT, questionnaire.age_help()]
    for position, finding in enumerate(FINDINGS, start=1):
        texts += [
            questionnaire.finding_prompt(finding, position),
            questionnaire.finding_help(finding),
        ]
        for partner in questionnaire.criterion_of(finding).findings:
            if partner is not finding:
                texts.append(questionnaire.skip_message(finding, partner, position))
    return texts


@cache
def help_texts() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each command's ``--help``, as printed at 100 columns."""
    runner = CliRunner()
    commands = ((), *((name,) for name in _command_names()))
    return tuple(
        (args, unboxed(runner.invoke(app, [*args, "--help"], terminal_width=100).stdout))
        for args in commands
    )


BOX = str.maketrans(dict.fromkeys("│╭╮╰╯─", " "))
"""The lines of the help's panels (Typer's rich help), read as spaces."""


def unboxed(text: str) -> str:
    """Help text without its panels' lines, so that its prose reads as words and spaces."""
    return "\n".join(line.translate(BOX).rstrip() for line in text.splitlines()) + "\n"


def _command_names() -> list[str]:
    """The commands `oms --help` lists, in its order."""
    group = get_command(app)
    return [
        name
        for name in group.list_commands(None)  # type: ignore[attr-defined]  # a click Group
        if not group.get_command(None, name).hidden  # type: ignore[attr-defined]
    ]


@cache
def cited_statements() -> tuple[Cited, ...]:
    """Every cited statement the tool prints, with its printed source numbers, each once.

    From the printed outputs (see `documents`, the README and docs left out: they describe the
    tool and cite only in its examples, which are outputs already) and, for the table cells that
    the Markdown puts in rows, from the data the rows are built from.
    """
    found: dict[tuple[str, tuple[int, ...]], Cited] = {}
    for where, text in documents():
        if where.endswith((".md", "--help", "json")):
            continue  # they describe the tool, or hold labels as data: [GARD] names a source
        for statement in split_cited(where, text):
            found.setdefault((statement.text, statement.sources), statement)
    for criterion in CRITERIA:
        meaning = content.CRITERION_TEXT[criterion.id].meaning
        found.setdefault(
            (meaning, criterion.sources), Cited("criteria table", meaning, criterion.sources)
        )
    return tuple(found.values())


def prose_texts() -> list[tuple[str, str]]:
    """The sentences the tool prints for people, where machine ids must not stand for words.

    Statements, questions, help, notes, reasons, cases and the disclaimer; not ``--help``, JSON or
    the README, which name ids (``--behavior``, ``behavior_sleep``) on purpose.
    """
    texts = [(where, statement.text) for where, statement in _cited_pairs()]
    texts += [("questionnaire", text) for text in questionnaire_texts()]
    for case in CASES:
        texts += [(case.id, case.title), (case.id, case.vignette)]
    for finding in Finding:
        text = content.FINDING_TEXT[finding.value]
        texts += [(finding.value, text.question), (finding.value, text.no_means)]
    texts.append(("disclaimer", content.DISCLAIMER))
    return texts


def _cited_pairs() -> Iterator[tuple[str, Cited]]:
    for statement in cited_statements():
        yield statement.where, statement
