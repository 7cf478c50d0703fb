"""What-if for ``oms check --what-if``: every change of one finding that would change the verdict.

Pure and standard library only. For each of the six findings, each answer it does not have now is
tried in turn, the other five staying as they are; a change is listed when `rules.evaluate`
gives another verdict with it. A student sees which findings matter; a clinician sees what is one
finding away. Imported only when ``--what-if`` is given.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from oms_cli import content
from oms_cli.content.sources import cite
from oms_cli.rules import FINDINGS, Answer, Assessment, Finding, Verdict, evaluate_answers

RULE_SOURCES = (4,)
"""Each line applies the 3-of-4 rule, which the reference page cites to Orphanet."""

JSON_KEY = "what_if"
"""The key `oms check --format json --what-if` adds; no other key changes."""

HEADING = "What if one finding were different"
INTRO = "Each change of one finding that would change the verdict, the other findings as recorded:"
NOTHING = "No change of any one finding would change the verdict."
AFTER = "Each line applies the 3-of-4 rule to the findings with that one change."

WOULD_BE: dict[Verdict, str] = {
    Verdict.MET: "the criteria would be met",
    Verdict.NOT_MET: "the criteria would not be met",
    Verdict.UNDETERMINED: "the verdict would be undetermined",
}


ANSWER_SAID: dict[Answer, str] = {
    Answer.YES: "yes",
    Answer.NO: f"no ({content.NO_MEANS})",
    Answer.UNKNOWN: f"unknown ({content.UNKNOWN_MEANS})",
}
"""A new answer in words: no and unknown always say what they mean, as everywhere else."""


class Change(NamedTuple):
    """One finding answered otherwise, and the verdict the rule then gives."""

    finding: Finding
    before: Answer
    after: Answer
    verdict: Verdict


def changes(assessment: Assessment) -> tuple[Change, ...]:
    """Every change of one finding that gives another verdict, in `FINDINGS` then answer order.

    The age group and the criteria set are kept: the age group never changes the verdict anyway.
    """
    answers = tuple(answer for _, answer in assessment.findings)
    found: list[Change] = []
    for index, finding in enumerate(FINDINGS):
        for other in Answer:
            if other is answers[index]:
                continue
            changed = (*answers[:index], other, *answers[index + 1 :])
            result = evaluate_answers(changed, assessment.age_group, assessment.criteria_set)
            verdict = result.verdict
            if verdict is not assessment.verdict:
                found.append(Change(finding, answers[index], other, verdict))
    return tuple(found)


def change_text(change: Change) -> str:
    """One change in words, such as "If neuroblastoma turned out yes: the criteria would be met."

    A finding already recorded as yes or no says what it was recorded as.
    """
    name = content.FINDING_TEXT[change.finding].label
    after = ANSWER_SAID[change.after]
    if change.before is Answer.UNKNOWN:
        condition = f"If {name} turned out {after}"
    else:
        condition = f"If {name} were {after} instead of {change.before.value}"
    return f"{condition}: {WOULD_BE[change.verdict]}."


def as_json(assessment: Assessment) -> list[dict[str, Any]]:
    """The changes as JSON-ready data: finding, from, to, and the verdict with the change."""
    return [
        {
            "finding": change.finding.value,
            "from": change.before.value,
            "to": change.after.value,
            "verdict": change.verdict.value,
        }
        for change in changes(assessment)
    ]


def with_what_if(data: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    """The JSON object of `oms check` with the `what_if` key added at the end."""
    return {**data, JSON_KEY: as_json(assessment)}


def lines(assessment: Assessment) -> list[str]:
    """The what-if lines, without marks: one a change, or one saying that there is none."""
    found = changes(assessment)
    return [change_text(change) for change in found] if found else [NOTHING]


def markdown_lines(assessment: Assessment) -> list[str]:
    """The what-if section of the Markdown result, headed and cited like the rest of it."""
    found = changes(assessment)
    section = [f"## {HEADING}", ""]
    if found:
        section += [INTRO, ""]
    section += [f"- {line}" for line in lines(assessment)]
    return [*section, "", f"{AFTER} {cite(RULE_SOURCES)}", ""]
