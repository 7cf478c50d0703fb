"""What-if for ``oms check --what-if``: every change of one finding that would change the verdict.

Pure and standard library only. For each of the six findings, each answer it does not have now is
tried in turn, the other five staying as they are; a change is listed when `rules.evaluate`
gives another verdict with it. A student sees which findings matter; a clinician sees what is one
finding away. Imported only when ``--what-if`` is given. The changes are data: `oms_cli.views`
words them (`wording.what_if_section`) and writes them as JSON (`json_object.check_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass

from oms_cli.rules import FINDINGS, Answer, Assessment, Finding, Verdict, evaluate_answers


@dataclass(frozen=True, slots=True)
class Change:
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
