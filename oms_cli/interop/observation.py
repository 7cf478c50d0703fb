"""The assessment as a FHIR R4 Observation, for a record or a pipeline, as plain data.

`observation()` builds one Observation: status ``final``; the verdict as its value (a coding of
``met``, ``not_met`` or ``undetermined``); one component per criterion (``met`` or ``not_met``,
or a ``dataAbsentReason`` when it is unknown: an unknown is never written as not met); the number
of criteria met and unknown; one component per finding, coded with its HPO term (``yes`` or
``no`` in the questionnaire's answer codes, or a ``dataAbsentReason`` when unknown). The method
names the rule and the tool's version; the notes (for a not-met verdict its caveat first: it rules
nothing out), the sources cited and the disclaimer go in ``note``. ``derivedFrom`` points at the
QuestionnaireResponse when the findings came from one.

Standard library only; the tests validate the resource with fhir.resources' R4B models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oms_cli import __version__, content
from oms_cli.content.sources import cite
from oms_cli.interop import codes
from oms_cli.interop.fhir import ANSWER_DISPLAY, ANSWER_SYSTEM
from oms_cli.rules import CRITERIA, REQUIRED, Answer, Assessment, Status
from oms_cli.views.result import VERDICT_WORDS, cited_sources, headline, notes
from oms_cli.views.wording import source_line

ASSESSMENT_SYSTEM = "urn:oms-cli:codesystem:assessment"
"""Codes of what the Observation and its count components are."""
CRITERION_SYSTEM = "urn:oms-cli:codesystem:criterion"
STATUS_SYSTEM = "urn:oms-cli:codesystem:criterion-status"
VERDICT_SYSTEM = "urn:oms-cli:codesystem:verdict"
METHOD_SYSTEM = "urn:oms-cli:codesystem:method"
ROW_ID_SYSTEM = "urn:oms-cli:batch-row-id"
"""The system of the identifier that `oms batch --format fhir-ndjson` gives each row's id."""
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

STATUS_DISPLAY = {Status.MET: "Met", Status.NOT_MET: "Not met"}


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _concept(coding: dict[str, str], text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [coding]}
    if text is not None:
        concept["text"] = text
    return concept


def _unknown(text: str) -> dict[str, Any]:
    """A dataAbsentReason: the value is not known (never "no")."""
    return _concept(_coding(DATA_ABSENT_SYSTEM, "unknown", "Unknown"), text)


def _count(code: str, display: str, value: int) -> dict[str, Any]:
    return {"code": _concept(_coding(ASSESSMENT_SYSTEM, code, display)), "valueInteger": value}


def _components(assessment: Assessment) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = []
    for result in assessment.criteria:
        criterion = result.criterion
        component: dict[str, Any] = {
            "code": _concept(_coding(CRITERION_SYSTEM, criterion.id, criterion.title))
        }
        if result.status is Status.UNKNOWN:
            component["dataAbsentReason"] = _unknown(
                f"{criterion.title}: not enough of its findings are known"
            )
        else:
            coding = _coding(STATUS_SYSTEM, result.status.value, STATUS_DISPLAY[result.status])
            component["valueCodeableConcept"] = _concept(coding)
        components.append(component)
    components += [
        _count("met_count", "Criteria met", assessment.met_count),
        _count("unknown_count", "Criteria unknown", assessment.unknown_count),
    ]
    for finding, answer in assessment.findings:
        component = {"code": _concept(codes.hpo_coding(finding), finding.value)}
        if answer is Answer.UNKNOWN:
            component["dataAbsentReason"] = _unknown(
                f"{finding.value}: unknown ({content.UNKNOWN_MEANS})"
            )
        else:
            coding = _coding(ANSWER_SYSTEM, answer.value, ANSWER_DISPLAY[answer])
            component["valueCodeableConcept"] = _concept(coding)
        components.append(component)
    return components


def _notes(assessment: Assessment) -> list[dict[str, str]]:
    # A note in the tool's own words (the not-met caveat) has no sources, so no marks.
    items = [{"text": f"{note.text} {cite(note.sources)}".rstrip()} for note in notes(assessment)]
    sources = "; ".join(
        f"{source.label} {source_line(source)}" for source in cited_sources(assessment)
    )
    items.append({"text": f"Sources: {sources}"})
    items.append({"text": f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}"})
    return items


def observation(
    assessment: Assessment,
    *,
    derived_from: Mapping[str, Any] | None = None,
    row_id: str | None = None,
) -> dict[str, Any]:
    """The FHIR R4 Observation of one assessment.

    ``derived_from`` is a Reference to the QuestionnaireResponse the findings were read from;
    ``row_id`` (from `oms batch`) becomes an identifier.
    """
    resource: dict[str, Any] = {"resourceType": "Observation"}
    if row_id is not None:
        resource["identifier"] = [{"system": ROW_ID_SYSTEM, "value": row_id}]
    resource |= {
        "status": "final",
        "category": [_concept(_coding(CATEGORY_SYSTEM, "survey", "Survey"))],
        "code": _concept(
            _coding(ASSESSMENT_SYSTEM, "oms-criteria", "OMS diagnostic criteria"),
            f"Opsoclonus-myoclonus syndrome ({codes.SYNDROME.id}): diagnostic criteria, "
            f"any {REQUIRED} of {len(CRITERIA)} {cite((4,))}",
        ),
        "valueCodeableConcept": _concept(
            _coding(
                VERDICT_SYSTEM,
                assessment.verdict.value,
                VERDICT_WORDS[assessment.verdict],
            ),
            headline(assessment),
        ),
        "method": _concept(
            {
                "system": METHOD_SYSTEM,
                "version": __version__,
                "code": "any-3-of-4",
                "display": f"Any {REQUIRED} of {len(CRITERIA)} criteria {cite((4,))}",
            },
            f"The {REQUIRED}-of-{len(CRITERIA)} rule [4], applied by oms-cli {__version__}",
        ),
    }
    if derived_from is not None:
        resource["derivedFrom"] = [dict(derived_from)]
    resource["note"] = _notes(assessment)
    resource["component"] = _components(assessment)
    return resource
