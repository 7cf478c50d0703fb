"""Writes the FHIR R4 Questionnaire that `oms questionnaire` prints, with the rule inside it (SDC).

``python -m tools.questionnaire`` rewrites ``oms_cli/interop/questionnaire.json``; ``--check``
only compares (tests/test_fhir.py fails when they disagree). The form is built here from the rule
(`rules.OMS_CRITERIA`) and its words (`oms_cli.content`): the age group, the six findings with
their help, and Structured Data Capture's logic: the skip logic of the terminal questionnaire
(``enableWhen``), and a result group whose items a form computes with FHIRPath, each reading the
answers from ``%resource`` so that no order of computing matters: each criterion's status, the
counts and the verdict, as `oms check --format json` says. Its ``version`` is the form's own
(`fhir.QUESTIONNAIRE_VERSION`), which a release of oms does not change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oms_cli import content
from oms_cli.content.sources import SOURCES, cite, explanation
from oms_cli.interop.fhir import (
    AGE_GROUP_LINK_ID,
    ANSWER_DISPLAY,
    ANSWER_SYSTEM,
    QUESTIONNAIRE_FILE,
    QUESTIONNAIRE_URL,
    QUESTIONNAIRE_VERSION,
    coding,
    hpo_coding,
)
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    REQUIRED,
    AgeGroup,
    Answer,
    Criterion,
    Finding,
    Status,
    Verdict,
)
from oms_cli.views.wording import source_line
from tools import generated

TARGET = Path(QUESTIONNAIRE_FILE)

AGE_GROUP_SYSTEM = "urn:oms-cli:codesystem:age-group"
AGE_GROUP_DISPLAY = {AgeGroup.CHILD: "Child", AgeGroup.ADULT: "Adult"}
AGE_GROUP_ITEM_TEXT = "Age group (it changes the notes, never the verdict)"
ITEM_CONTROL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ORPHANET_SYSTEM = "http://www.orpha.net"  # its codes are the bare numbers
CALCULATED_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
)
RESULT_LINK_ID = "result"
MET_COUNT_LINK_ID = "result.met_count"
UNKNOWN_COUNT_LINK_ID = "result.unknown_count"
VERDICT_LINK_ID = "result.verdict"


def syndrome_coding() -> dict[str, str]:
    """The syndrome as a FHIR Coding in Orphanet (the code without its ``ORPHA:`` prefix)."""
    code, label = content.SYNDROME_CODE
    return coding(ORPHANET_SYSTEM, code.removeprefix("ORPHA:"), label)


def _item_control(code: str, display: str) -> dict[str, Any]:
    """The extension saying how a form shows an item: radio buttons, a help button."""
    concept = {"coding": [coding(ITEM_CONTROL_SYSTEM, code, display)]}
    return {"url": ITEM_CONTROL_EXTENSION, "valueCodeableConcept": concept}


def _choice(link_id: str, text: str, system: str, options: Mapping[Any, str]) -> dict[str, Any]:
    """A question answered by one of ``options`` (code: display), its answers all in view."""
    return {
        "linkId": link_id,
        "text": text,
        "type": "choice",
        "extension": [_item_control("radio-button", "Radio Button")],
        "answerOption": [
            {"valueCoding": coding(system, str(code), display)} for code, display in options.items()
        ],
    }


def _finding_item(finding: Finding) -> dict[str, Any]:
    text = content.FINDING_TEXT[finding]
    help_text = {
        "linkId": f"{finding.value}.help",
        "text": f"{explanation(finding)} {text.no_means}",
        "type": "display",
        "extension": [_item_control("help", "Help-Button")],
    }
    yes = coding(ANSWER_SYSTEM, Answer.YES.value, ANSWER_DISPLAY[Answer.YES])
    return {
        **_choice(finding.value, text.form_question, ANSWER_SYSTEM, ANSWER_DISPLAY),
        "code": [hpo_coding(finding)],
        **enable_when(finding, yes),
        "item": [help_text],
    }


def _description() -> str:
    cited = {0, *content.RULE_SOURCES, *content.DISCLAIMER_SOURCES}
    for text in content.FINDING_TEXT.values():
        cited.update(n for detail in text.details for n in detail.sources)
    lines = [
        f"{content.RULE} {cite(content.RULE_SOURCES)}",
        "",
        f"Answer each finding yes, no ({content.NO_MEANS}) or unknown ({content.UNKNOWN_MEANS}); "
        "a question left unanswered counts as unknown. " + content.UNKNOWN_POLICY,
        "",
        f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}",
        "",
        "Sources:",
        "",
        *(f"- {source.label} {source_line(source)}" for source in SOURCES if source.n in cited),
    ]
    return "\n".join(lines)


def resource() -> dict[str, Any]:
    """The Questionnaire resource: the age group, the six findings, the computed result."""
    return {
        "resourceType": "Questionnaire",
        "id": "oms-criteria",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "OmsCriteria",
        "title": "Opsoclonus-myoclonus syndrome: the 3-of-4 criteria (educational aid)",
        "status": "active",
        # An educational aid, not a diagnostic instrument: FHIR's flag for "not for genuine use".
        "experimental": True,
        "subjectType": ["Patient"],
        "publisher": "oms-cli",
        "description": _description(),
        "purpose": content.DISCLAIMER,
        "code": [syndrome_coding()],
        "item": [
            _choice(AGE_GROUP_LINK_ID, AGE_GROUP_ITEM_TEXT, AGE_GROUP_SYSTEM, AGE_GROUP_DISPLAY),
            *(_finding_item(finding) for finding in FINDINGS),
            result_group(),
        ],
    }


# --- Structured Data Capture: the rule as skip logic and calculations ----------------------------


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


def render() -> str:
    """The text of the JSON file."""
    return json.dumps(resource(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.questionnaire", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
