"""Teaching cases for ``oms demo``: fictional people, each showing one lesson about the rule.

The cases are data (`cases.json`); tests hold each expected verdict to the rules engine.
"""

from dataclasses import dataclass
from typing import Any

from oms_cli.content import CitedText, by_member, read
from oms_cli.content.topics import Statement
from oms_cli.rules import AgeGroup, Answer, Assessment, Finding, Verdict, evaluate


@dataclass(frozen=True, slots=True)
class Case:
    """A fictional case: its story, all six findings, the verdict it shows, its cited lesson."""

    id: str
    title: str
    vignette: str
    findings: tuple[tuple[Finding, Answer], ...]
    age_group: AgeGroup
    expected: Verdict
    teaching: tuple[Statement, ...]

    def assessment(self) -> Assessment:
        """The rule applied to this case's findings and age group."""
        return evaluate(dict(self.findings), self.age_group)


def _case(findings: Any, age_group: str, expected: str, teaching: Any, **words: str) -> Case:
    return Case(
        findings=tuple((f, Answer(a)) for f, a in by_member(Finding, findings).items()),
        age_group=AgeGroup(age_group),
        expected=Verdict(expected),
        teaching=tuple(CitedText(**statement) for statement in teaching),
        **words,
    )


CASES: tuple[Case, ...] = tuple(_case(**record) for record in read("cases.json"))
CASE_BY_ID: dict[str, Case] = {case.id: case for case in CASES}


def case_ids() -> tuple[str, ...]:
    """The ids of the teaching cases, in the order they are shown."""
    return tuple(CASE_BY_ID)
