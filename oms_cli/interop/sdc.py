"""The rule inside the FHIR questionnaire (Structured Data Capture): skip logic and calculations.

Two things make a forms tool apply the 3-of-4 rule itself, without oms:

- `enable_when`: the same skip logic as the terminal questionnaire
(`oms_cli.teaching.questionnaire`). The
  second finding of an and/or criterion is asked only while the first is not yes: once the
  first is yes the criterion is met whatever the second is, so the second stays unanswered
  (unknown) and cannot change anything.
- `result_group`: read-only items whose values the form computes with the SDC
  ``calculatedExpression`` extension (FHIRPath): each criterion's status (``met``, ``not_met``,
  ``unknown``), the number of criteria met and unknown, and the verdict (``met``, ``not_met``,
  ``undetermined``): the same words as `oms check --format json`.

Every expression is self-contained (it reads the answers from ``%resource``, the response), so it
does not depend on the order in which a renderer computes the items; the findings are top-level
items of the form, so ``%resource.item`` finds them. A finding with no answer, or
answered ``unknown``, is unknown, never no. Plain data, standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oms_cli.rules import CRITERIA, REQUIRED, Criterion, Finding, Status, Verdict

CALCULATED_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
)
RESULT_LINK_ID = "result"
MET_COUNT_LINK_ID = "result.met_count"
UNKNOWN_COUNT_LINK_ID = "result.unknown_count"
VERDICT_LINK_ID = "result.verdict"


def status_link_id(criterion: Criterion) -> str:
    """The linkId of the computed status of one criterion."""
    return f"result.{criterion.id}"


def result_link_ids() -> tuple[str, ...]:
    """Every linkId inside the result group, in order."""
    return (
        *(status_link_id(criterion) for criterion in CRITERIA),
        MET_COUNT_LINK_ID,
        UNKNOWN_COUNT_LINK_ID,
        VERDICT_LINK_ID,
    )


def _items(criterion: Criterion) -> str:
    """FHIRPath: the response's items for the criterion's findings (top-level, as in the form)."""
    test = " or ".join(f"linkId = '{finding.value}'" for finding in criterion.findings)
    return f"%resource.item.where({test})"


def any_yes(criterion: Criterion) -> str:
    """FHIRPath: whether any finding of the criterion is answered yes (the criterion is met)."""
    return f"{_items(criterion)}.answer.value.where(code = 'yes').exists()"


def all_no(criterion: Criterion) -> str:
    """FHIRPath: whether every finding of the criterion is answered no (it is not met)."""
    return (
        f"({_items(criterion)}.where(answer.value.code = 'no').count() = {len(criterion.findings)})"
    )


def status_expression(criterion: Criterion) -> str:
    """FHIRPath: the criterion's status: met if any finding is yes, not met if all are no."""
    return (
        f"iif({any_yes(criterion)}, '{Status.MET.value}', "
        f"iif({all_no(criterion)}, '{Status.NOT_MET.value}', '{Status.UNKNOWN.value}'))"
    )


def _count(condition: Callable[[Criterion], str]) -> str:
    return "(" + " + ".join(f"iif({condition(c)}, 1, 0)" for c in CRITERIA) + ")"


def met_count_expression() -> str:
    """FHIRPath: how many criteria are met."""
    return _count(any_yes)


def not_met_count_expression() -> str:
    """FHIRPath: how many criteria are not met."""
    return _count(all_no)


def unknown_count_expression() -> str:
    """FHIRPath: how many criteria are unknown: neither met nor not met."""
    return f"{len(CRITERIA)} - {met_count_expression()} - {not_met_count_expression()}"


def verdict_expression() -> str:
    """FHIRPath: the verdict; met with 3 met, not met when 3 cannot be reached, else undetermined.

    The criteria that could still be met are those not ruled out: all but the not-met ones.
    """
    return (
        f"iif({met_count_expression()} >= {REQUIRED}, '{Verdict.MET.value}', "
        f"iif({len(CRITERIA)} - {not_met_count_expression()} < {REQUIRED}, "
        f"'{Verdict.NOT_MET.value}', '{Verdict.UNDETERMINED.value}'))"
    )


def _calculated(link_id: str, text: str, item_type: str, expression: str) -> dict[str, Any]:
    return {
        "linkId": link_id,
        "text": text,
        "type": item_type,
        "readOnly": True,
        "extension": [
            {
                "url": CALCULATED_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            }
        ],
    }


def result_group() -> dict[str, Any]:
    """The read-only group of computed items: four statuses, two counts, the verdict."""
    statuses = [
        _calculated(
            status_link_id(criterion),
            f"{criterion.title}: met, not_met or unknown",
            "string",
            status_expression(criterion),
        )
        for criterion in CRITERIA
    ]
    return {
        "linkId": RESULT_LINK_ID,
        "text": f"Result, computed by the form (any {REQUIRED} of {len(CRITERIA)} criteria)",
        "type": "group",
        "readOnly": True,
        "item": [
            *statuses,
            _calculated(MET_COUNT_LINK_ID, "Criteria met", "integer", met_count_expression()),
            _calculated(
                UNKNOWN_COUNT_LINK_ID,
                "Criteria unknown",
                "integer",
                unknown_count_expression(),
            ),
            _calculated(
                VERDICT_LINK_ID,
                "Verdict: met, not_met or undetermined",
                "string",
                verdict_expression(),
            ),
        ],
    }


def enable_when(finding: Finding, yes: dict[str, str]) -> dict[str, Any]:
    """The enableWhen elements of a finding's item (``yes`` is the coding of yes); empty if none.

    The second finding of a criterion is enabled while the first has no answer or an answer other
    than yes: two conditions joined by ``enableBehavior: any``, since R4 leaves open how ``!=``
    treats a question with no answer.
    """
    criterion = next(criterion for criterion in CRITERIA if finding in criterion.findings)
    position = criterion.findings.index(finding)
    if position == 0:
        return {}
    # The terminal asks a finding unless an earlier partner is yes; with two findings a criterion,
    # "the one earlier partner is not yes" says exactly that.
    assert len(criterion.findings) == 2, "enableWhen is written for pairs"  # noqa: S101  (bug guard)
    partner = criterion.findings[0].value
    return {
        "enableWhen": [
            {"question": partner, "operator": "exists", "answerBoolean": False},
            {"question": partner, "operator": "!=", "answerCoding": yes},
        ],
        "enableBehavior": "any",
    }
