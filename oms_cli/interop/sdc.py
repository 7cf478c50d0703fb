"""The rule inside the FHIR questionnaire (Structured Data Capture): skip logic and calculations.

`enable_when` is the terminal questionnaire's skip logic; `result_group` holds the items a form
computes with FHIRPath, each reading the answers from ``%resource`` so that no order of computing
matters: each criterion's status, the counts and the verdict, as `oms check --format json` says.
"""

from __future__ import annotations

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


def _items(criterion: Criterion) -> str:
    """FHIRPath: the response's items for the criterion's findings (top-level, as in the form)."""
    test = " or ".join(f"linkId = '{finding.value}'" for finding in criterion.findings)
    return f"%resource.item.where({test})"


def _met(criterion: Criterion) -> str:
    """FHIRPath: whether any finding of the criterion is answered yes."""
    return f"{_items(criterion)}.answer.value.where(code = 'yes').exists()"


def _not_met(criterion: Criterion) -> str:
    """FHIRPath: whether every finding of the criterion is answered no."""
    count = len(criterion.findings)
    return f"({_items(criterion)}.where(answer.value.code = 'no').count() = {count})"


def _calculated() -> list[tuple[str, str, str, str]]:
    """Each computed item of the result: its linkId, text, type and FHIRPath expression."""
    met = "(" + " + ".join(f"iif({_met(c)}, 1, 0)" for c in CRITERIA) + ")"
    not_met = "(" + " + ".join(f"iif({_not_met(c)}, 1, 0)" for c in CRITERIA) + ")"
    statuses = [
        (
            status_link_id(c),
            f"{c.title}: met, not_met or unknown",
            "string",
            f"iif({_met(c)}, '{Status.MET.value}', "
            f"iif({_not_met(c)}, '{Status.NOT_MET.value}', '{Status.UNKNOWN.value}'))",
        )
        for c in CRITERIA
    ]
    # Not met when even every criterion not ruled out (not met) could not reach the count.
    verdict = (
        f"iif({met} >= {REQUIRED}, '{Verdict.MET.value}', "
        f"iif({len(CRITERIA)} - {not_met} < {REQUIRED}, "
        f"'{Verdict.NOT_MET.value}', '{Verdict.UNDETERMINED.value}'))"
    )
    unknown = f"{len(CRITERIA)} - {met} - {not_met}"
    return [
        *statuses,
        (MET_COUNT_LINK_ID, "Criteria met", "integer", met),
        (UNKNOWN_COUNT_LINK_ID, "Criteria unknown", "integer", unknown),
        (VERDICT_LINK_ID, "Verdict: met, not_met or undetermined", "string", verdict),
    ]


def result_group() -> dict[str, Any]:
    """The read-only group of computed items: four statuses, two counts, the verdict."""
    return {
        "linkId": RESULT_LINK_ID,
        "text": f"Result, computed by the form (any {REQUIRED} of {len(CRITERIA)} criteria)",
        "type": "group",
        "readOnly": True,
        "item": [
            {
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
            for link_id, text, item_type, expression in _calculated()
        ],
    }


def enable_when(finding: Finding, yes: dict[str, str]) -> dict[str, Any]:
    """The enableWhen of a finding's item (``yes``: the coding of yes); empty for a first finding.

    The second is enabled while the first has no answer or one other than yes (two conditions:
    R4 leaves open how ``!=`` treats a question with no answer).
    """
    criterion = next(criterion for criterion in CRITERIA if finding in criterion.findings)
    if criterion.findings.index(finding) == 0:
        return {}
    # With two findings a criterion, "the earlier partner is not yes" is the terminal's rule.
    assert len(criterion.findings) == 2, "enableWhen is written for pairs"  # noqa: S101  (bug guard)
    partner = criterion.findings[0].value
    return {
        "enableWhen": [
            {"question": partner, "operator": "exists", "answerBoolean": False},
            {"question": partner, "operator": "!=", "answerCoding": yes},
        ],
        "enableBehavior": "any",
    }
