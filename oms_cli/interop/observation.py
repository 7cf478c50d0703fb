"""The assessment as a FHIR R4 Observation, for a record or a pipeline, as plain data.

The verdict is its value; a component per criterion and per finding says an unknown with a
``dataAbsentReason``, never as not met or no (docs/interop.md shows one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oms_cli import __version__, content
from oms_cli.content.sources import cite
from oms_cli.interop.fhir import ANSWER_DISPLAY, ANSWER_SYSTEM, coding, hpo_coding
from oms_cli.rules import CRITERIA, REQUIRED, Answer, Assessment, Status
from oms_cli.views.result import VERDICT_WORDS, cited_sources, headline, notes
from oms_cli.views.wording import source_line

ASSESSMENT_SYSTEM = "urn:oms-cli:codesystem:assessment"
CRITERION_SYSTEM = "urn:oms-cli:codesystem:criterion"
STATUS_SYSTEM = "urn:oms-cli:codesystem:criterion-status"
VERDICT_SYSTEM = "urn:oms-cli:codesystem:verdict"
METHOD_SYSTEM = "urn:oms-cli:codesystem:method"
ROW_ID_SYSTEM = "urn:oms-cli:batch-row-id"  # the identifier of a row of `oms batch`
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

STATUS_DISPLAY = {Status.MET: "Met", Status.NOT_MET: "Not met"}


def _concept(coded: dict[str, str], text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [coded]}
    if text is not None:
        concept["text"] = text
    return concept


def _component(code: dict[str, Any], value: dict[str, str] | None, unknown: str) -> dict[str, Any]:
    """A component with its coded value, or with a dataAbsentReason saying ``unknown`` (not no)."""
    if value is not None:
        return {"code": code, "valueCodeableConcept": _concept(value)}
    absent = coding(DATA_ABSENT_SYSTEM, "unknown", "Unknown")
    return {"code": code, "dataAbsentReason": _concept(absent, unknown)}


def _components(assessment: Assessment) -> list[dict[str, Any]]:
    components = []
    for result in assessment.criteria:
        criterion, status = result.criterion, result.status
        code = _concept(coding(CRITERION_SYSTEM, criterion.id, criterion.title))
        value = None
        if status is not Status.UNKNOWN:
            value = coding(STATUS_SYSTEM, status.value, STATUS_DISPLAY[status])
        unknown = f"{criterion.title}: not enough of its findings are known"
        components.append(_component(code, value, unknown))
    for key, display, count in (
        ("met_count", "Criteria met", assessment.met_count),
        ("unknown_count", "Criteria unknown", assessment.unknown_count),
    ):
        components.append(
            {"code": _concept(coding(ASSESSMENT_SYSTEM, key, display)), "valueInteger": count}
        )
    for finding, answer in assessment.findings:
        value = None
        if answer is not Answer.UNKNOWN:
            value = coding(ANSWER_SYSTEM, answer.value, ANSWER_DISPLAY[answer])
        unknown = f"{finding.value}: unknown ({content.UNKNOWN_MEANS})"
        components.append(_component(_concept(hpo_coding(finding), finding.value), value, unknown))
    return components


def _notes(assessment: Assessment) -> list[dict[str, str]]:
    # A note in the tool's own words (the not-met caveat) has no sources, so no marks.
    items = [{"text": f"{note.text} {cite(note.sources)}".rstrip()} for note in notes(assessment)]
    cited = (f"{source.label} {source_line(source)}" for source in cited_sources(assessment))
    items.append({"text": f"Sources: {'; '.join(cited)}"})
    items.append({"text": f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}"})
    return items


def observation(
    assessment: Assessment,
    *,
    derived_from: Mapping[str, Any] | None = None,
    row_id: str | None = None,
) -> dict[str, Any]:
    """The FHIR R4 Observation of one assessment (derived from a response, or a batch row's)."""
    rule = f"{REQUIRED} of {len(CRITERIA)}"
    resource: dict[str, Any] = {"resourceType": "Observation"}
    if row_id is not None:
        resource["identifier"] = [{"system": ROW_ID_SYSTEM, "value": row_id}]
    resource |= {
        "status": "final",
        "category": [_concept(coding(CATEGORY_SYSTEM, "survey", "Survey"))],
        "code": _concept(
            coding(ASSESSMENT_SYSTEM, "oms-criteria", "OMS diagnostic criteria"),
            f"Opsoclonus-myoclonus syndrome ({content.SYNDROME_CODE[0]}): diagnostic criteria, "
            f"any {rule} {cite((4,))}",
        ),
        "valueCodeableConcept": _concept(
            coding(VERDICT_SYSTEM, assessment.verdict.value, VERDICT_WORDS[assessment.verdict]),
            headline(assessment),
        ),
        "method": _concept(
            {
                "system": METHOD_SYSTEM,
                "version": __version__,
                "code": "any-3-of-4",
                "display": f"Any {rule} criteria {cite((4,))}",
            },
            f"The {REQUIRED}-of-{len(CRITERIA)} rule [4], applied by oms-cli {__version__}",
        ),
    }
    if derived_from is not None:
        resource["derivedFrom"] = [dict(derived_from)]
    resource["note"] = _notes(assessment)
    resource["component"] = _components(assessment)
    return resource
