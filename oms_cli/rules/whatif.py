"""What-if for ``oms check --what-if``: every change of one finding that would change the verdict.

Pure and standard library only; `oms_cli.views` words the changes.
"""

from dataclasses import dataclass

from oms_cli.rules import FINDINGS, Answer, Assessment, Finding, Verdict, evaluate_answers


@dataclass(frozen=True)
class Change:
    """One finding answered otherwise, and the verdict the rule then gives."""

    finding: Finding
    before: Answer
    after: Answer
    verdict: Verdict


def changes(assessment: Assessment) -> tuple[Change, ...]:
    """Each one-finding change giving another verdict, in `FINDINGS` then answer order.

    The age group and the criteria set of the assessment are kept.
    """
    answers = tuple(answer for _, answer in assessment.findings)
    found: list[Change] = []
    for index, finding in enumerate(FINDINGS):
        for other in Answer:
            if other is answers[index]:
                continue
            changed = (*answers[:index], other, *answers[index + 1 :])
            result = evaluate_answers(changed, assessment.age_group, assessment.criteria_set)
            if result.verdict is not assessment.verdict:
                found.append(Change(finding, answers[index], other, result.verdict))
    return tuple(found)
