"""FHIR R4 (Structured Data Capture): the findings as a Questionnaire, and answers read back.

`questionnaire()` builds the Questionnaire resource as plain data: one question a finding (its
linkId is the finding's id, its code the finding's HPO term) and one for the age group
(`age_group`), answered with codings whose codes are ``yes``/``no``/``unknown`` and
``child``/``adult``, each finding with help text and its sources. The rule travels with it
(`oms_cli.interop.sdc`): the terminal questionnaire's skip logic as enableWhen, and a read-only
result
group that any SDC renderer computes (each criterion's status, the counts and the verdict).
`read_response()` reads a QuestionnaireResponse to it and returns the findings and the age group;
anything that does not fit raises `ResponseError` naming the element at fault, such as
``item[2].answer[0].valueCoding.code``. The reader is strict: a key that R4 does not define
where it stands, or a modifier it does not know, is refused, never read as nothing (a misspelt
``answers`` would otherwise turn an answered question into an unknown one; the rules of R4's
elements are `oms_cli.interop.r4`'s). The computed result in a response is never read: oms
computes it again from the answers.

Standard library only: no FHIR model package is needed to write or read these few elements (the
tests validate them with one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oms_cli import __version__, content
from oms_cli.content.sources import SOURCES, cite
from oms_cli.files.jsonread import (
    InputFileError,
    JsonError,
    JsonReader,
    JsonSyntaxError,
    JsonTooDeep,
    file_label,
    read_file_text,
)
from oms_cli.files.textsafe import quoted, visible
from oms_cli.interop import codes, r4, sdc
from oms_cli.interop.r4 import ElementError, as_array, as_object, shown, wrong_type
from oms_cli.rules import FINDINGS, AgeGroup, Answer, Finding
from oms_cli.teaching.questionnaire import explanation
from oms_cli.views.wording import source_line

QUESTIONNAIRE_URL = "urn:oms-cli:questionnaire:oms-criteria"
"""Canonical identity of the questionnaire; a response that names another one is refused."""
QUESTIONNAIRE_VERSION = __version__
"""The questionnaire's version: the tool's. A response naming another version is refused."""
ANSWER_SYSTEM = "urn:oms-cli:codesystem:finding-answer"
AGE_GROUP_SYSTEM = "urn:oms-cli:codesystem:age-group"
AGE_GROUP_LINK_ID = "age_group"
ITEM_CONTROL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"

ANSWER_DISPLAY: dict[Answer, str] = {
    Answer.YES: "Yes",
    Answer.NO: f"No ({content.NO_MEANS})",
    Answer.UNKNOWN: f"Unknown ({content.UNKNOWN_MEANS})",
}
AGE_GROUP_DISPLAY: dict[AgeGroup, str] = {AgeGroup.CHILD: "Child", AgeGroup.ADULT: "Adult"}
AGE_GROUP_ITEM_TEXT = "Age group (it changes the notes, never the verdict)"
"""The text of the Questionnaire's age-group item (a label for a form, not a question asked)."""

RESPONSE_STATUSES = ("in-progress", "completed", "amended", "entered-in-error", "stopped")
"""QuestionnaireResponse.status codes in R4; `entered-in-error` is refused, the others read."""

MAX_BYTES = 1 << 20
"""Largest response file read: a response to this questionnaire is a few kilobytes."""


def help_link_id(finding: Finding) -> str:
    """The linkId of a finding's help text (a display item nested under its question)."""
    return f"{finding.value}.help"


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _radio_buttons() -> dict[str, Any]:
    """The itemControl extension showing a choice as radio buttons: three options, all in view."""
    return {
        "url": ITEM_CONTROL_EXTENSION,
        "valueCodeableConcept": {
            "coding": [_coding(ITEM_CONTROL_SYSTEM, "radio-button", "Radio Button")]
        },
    }


def _help_item(finding: Finding) -> dict[str, Any]:
    return {
        "linkId": help_link_id(finding),
        "text": f"{explanation(finding)} {content.FINDING_TEXT[finding].no_means}",
        "type": "display",
        "extension": [
            {
                "url": ITEM_CONTROL_EXTENSION,
                "valueCodeableConcept": {
                    "coding": [_coding(ITEM_CONTROL_SYSTEM, "help", "Help-Button")]
                },
            }
        ],
    }


def _finding_item(finding: Finding) -> dict[str, Any]:
    return {
        "linkId": finding.value,
        "text": content.FINDING_TEXT[finding].form_question,
        "code": [codes.hpo_coding(finding)],
        "type": "choice",
        "extension": [_radio_buttons()],
        **sdc.enable_when(finding, _coding(ANSWER_SYSTEM, Answer.YES, ANSWER_DISPLAY[Answer.YES])),
        "answerOption": [
            {"valueCoding": _coding(ANSWER_SYSTEM, answer.value, ANSWER_DISPLAY[answer])}
            for answer in Answer
        ],
        "item": [_help_item(finding)],
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


def questionnaire() -> dict[str, Any]:
    """The FHIR R4 Questionnaire resource: the age group, the six findings, the computed result."""
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
        "code": [codes.syndrome_coding()],
        "item": [
            {
                "linkId": AGE_GROUP_LINK_ID,
                "text": AGE_GROUP_ITEM_TEXT,
                "type": "choice",
                "extension": [_radio_buttons()],
                "answerOption": [
                    {"valueCoding": _coding(AGE_GROUP_SYSTEM, group.value, display)}
                    for group, display in AGE_GROUP_DISPLAY.items()
                ],
            },
            *(_finding_item(finding) for finding in FINDINGS),
            sdc.result_group(),
        ],
    }


class ResponseError(ValueError):
    """A QuestionnaireResponse that cannot be read; the message names the element at fault."""

    def __init__(self, problem: str, where: str = "", *, at_position: bool = False) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.at_position = at_position
        """True when `where` is a line:column position rather than an element's path."""

    def in_file(self, file_name: str) -> str:
        """The message for a file: ``name:3:7: ...`` or ``name: item[0].linkId: ...``."""
        return f"{file_name}{':' if self.at_position else ': '}{self}"


@dataclass(frozen=True, slots=True)
class ResponseAnswers:
    """What a QuestionnaireResponse says: every finding (unanswered ones unknown), the age group."""

    findings: Mapping[Finding, Answer]
    age_group: AgeGroup
    response_id: str | None = None
    """The response's logical id, if it has one (for the Observation's derivedFrom)."""


_ANSWER_CODES: dict[str, Answer] = {answer.value: answer for answer in Answer}
_AGE_GROUP_CODES: dict[str, AgeGroup] = {group.value: group for group in AGE_GROUP_DISPLAY}
_LINK_IDS = (AGE_GROUP_LINK_ID, *(finding.value for finding in FINDINGS))


def _check_help_items(children: object, path: str, link_id: str) -> None:
    """Nested items may only echo the question's help text, which carries no answer."""
    expected = f"{link_id}.help"
    for index, element in enumerate(as_array(children, path)):
        child_path = f"{path}[{index}]"
        child = as_object(element, child_path)
        if child.get("linkId") != expected:
            raise ElementError(
                f"{child_path}.linkId",
                f"{shown(child.get('linkId'))} is not part of question {link_id!r}",
            )
        if "answer" in child or "item" in child:
            raise ElementError(child_path, f"{expected!r} is help text and takes no answer")


def _check_result_items(children: object, path: str) -> None:
    """The result group holds only the computed items of the questionnaire."""
    known = sdc.result_link_ids()
    for index, element in enumerate(as_array(children, path)):
        child_path = f"{path}[{index}].linkId"
        link_id = as_object(element, f"{path}[{index}]").get("linkId")
        if link_id not in known:
            raise ElementError(child_path, f"{shown(link_id)} is not a computed item of the result")


def _coded_answer(item: dict[str, Any], path: str, link_id: str) -> str | None:
    """The code of the item's one answer, or None when it has none."""
    answers = as_array(item.get("answer", []), f"{path}.answer")
    if len(answers) > 1:
        raise ElementError(f"{path}.answer[1]", "a second answer; each question takes one")
    if not answers:
        return None
    answer_path = f"{path}.answer[0]"
    answer = as_object(answers[0], answer_path)
    if "item" in answer:
        _check_help_items(answer["item"], f"{answer_path}.item", link_id)
    # Only keys of the answer's elements are here (checked before), shown safely all the same.
    values = [visible(key) for key in answer if key.startswith("value")]
    if len(values) > 1:
        raise ElementError(
            answer_path, f"more than one value ({', '.join(values)}); an answer has one"
        )
    if "valueCoding" not in answer:
        if values:
            raise ElementError(f"{answer_path}.{values[0]}", "answers are codings (valueCoding)")
        raise ElementError(answer_path, "no valueCoding")
    coding_path = f"{answer_path}.valueCoding"
    coding = as_object(answer["valueCoding"], coding_path)
    system = AGE_GROUP_SYSTEM if link_id == AGE_GROUP_LINK_ID else ANSWER_SYSTEM
    if "system" in coding and coding["system"] != system:
        raise ElementError(f"{coding_path}.system", f"{shown(coding['system'])} is not {system}")
    if "code" not in coding:
        raise ElementError(f"{coding_path}.code", "missing")
    code = coding["code"]
    valid = _AGE_GROUP_CODES if link_id == AGE_GROUP_LINK_ID else _ANSWER_CODES
    if not isinstance(code, str) or code not in valid:
        words = ", ".join(valid)
        raise ElementError(f"{coding_path}.code", f"{shown(code)} is not one of: {words}")
    return code


def _check_header(data: dict[str, Any]) -> None:
    resource_type = data.get("resourceType")
    if resource_type != "QuestionnaireResponse":
        problem = "missing" if resource_type is None else f"{shown(resource_type)} is not"
        raise ElementError("resourceType", f"{problem} 'QuestionnaireResponse'")
    status = data.get("status")
    if status is not None and status not in RESPONSE_STATUSES:
        raise ElementError(
            "status", f"{shown(status)} is not one of: {', '.join(RESPONSE_STATUSES)}"
        )
    if status == "entered-in-error":
        raise ElementError(
            "status", "the response is marked entered-in-error, so it is not evaluated"
        )
    if "questionnaire" in data:
        canonical = data["questionnaire"]
        if not isinstance(canonical, str) or canonical.split("|", 1)[0] != QUESTIONNAIRE_URL:
            raise ElementError(
                "questionnaire",
                f"{shown(canonical)} is not this tool's questionnaire ({QUESTIONNAIRE_URL})",
            )
        # A canonical reference may pin a version after "|"; only this tool's version is read.
        version = canonical.partition("|")[2]
        if version and version != QUESTIONNAIRE_VERSION:
            raise ElementError(
                "questionnaire",
                f"{shown(canonical)} answers version {shown(version)} of the questionnaire; "
                f"this oms reads version {QUESTIONNAIRE_VERSION} (see 'oms questionnaire')",
            )


_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
"""A FHIR logical id (R4 datatype `id`)."""


def _response_id(resource: dict[str, Any]) -> str | None:
    if "id" not in resource:
        return None
    value = resource["id"]
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ElementError("id", f"{shown(value)} is not a FHIR id (1-64 of A-Z a-z 0-9 - .)")
    return value


def parse_response(data: object) -> ResponseAnswers:
    """Read a QuestionnaireResponse (parsed JSON) to `questionnaire()`.

    Unanswered questions are unknown. Raises `ResponseError` naming the first element that does
    not fit: the resource type, a key that FHIR R4 does not define where it stands (such as
    ``item[0].answers``), a modifier (``modifierExtension``, ``implicitRules``), an unknown or
    repeated linkId, a value that is not one of the questionnaire's codings, or a response marked
    entered-in-error.
    """
    try:
        return _parse(data)
    except ElementError as error:
        raise ResponseError(error.problem, error.path) from None


def _parse(data: object) -> ResponseAnswers:
    resource = as_object(data, "")
    _check_header(resource)
    r4.check_resource(resource)
    findings = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    age_group = AgeGroup.UNKNOWN
    first_seen: dict[str, int] = {}
    for index, element in enumerate(as_array(resource.get("item", []), "item")):
        path = f"item[{index}]"
        item = as_object(element, path)
        r4.check_item_tree(item, path, read=item.get("linkId") != sdc.RESULT_LINK_ID)
        if "linkId" not in item:
            raise ElementError(f"{path}.linkId", "missing")
        link_id = item["linkId"]
        if not isinstance(link_id, str):
            raise wrong_type(link_id, "a string", f"{path}.linkId")
        if link_id == sdc.RESULT_LINK_ID and link_id not in first_seen:
            # What the form computed: checked for shape, never read; oms computes it again.
            _check_result_items(item.get("item", []), f"{path}.item")
            first_seen[link_id] = index
            continue
        if link_id not in _LINK_IDS:
            raise ElementError(
                f"{path}.linkId",
                f"{quoted(link_id)} is not a question here; the questions are: "
                + ", ".join(_LINK_IDS),
            )
        if link_id in first_seen:
            first = f"item[{first_seen[link_id]}]"
            raise ElementError(f"{path}.linkId", f"{link_id!r} appears twice (first at {first})")
        first_seen[link_id] = index
        if "item" in item:
            _check_help_items(item["item"], f"{path}.item", link_id)
        code = _coded_answer(item, path, link_id)
        if code is None:
            continue
        if link_id == AGE_GROUP_LINK_ID:
            age_group = _AGE_GROUP_CODES[code]
        else:
            findings[Finding(link_id)] = _ANSWER_CODES[code]
    return ResponseAnswers(findings, age_group, _response_id(resource))


def parse_response_text(text: str) -> ResponseAnswers:
    """Read a QuestionnaireResponse from JSON text; a syntax error names its line and column."""
    if not text.strip():
        raise ResponseError("empty: expected a FHIR QuestionnaireResponse in JSON")
    try:
        data = _READ(text)
    except JsonSyntaxError as error:
        if error.line is None:  # NaN or Infinity: the parser does not say where
            raise ResponseError(f"not valid JSON: {error}") from None
        where = f"{error.line}:{error.column}"
        raise ResponseError(f"not valid JSON: {error}", where, at_position=True) from None
    except JsonTooDeep:
        raise ResponseError("nested too deeply to be a QuestionnaireResponse") from None
    except JsonError as error:  # a repeated key, a number too long to be a value of oms
        raise ResponseError(str(error)) from None
    return parse_response(data)


_READ = JsonReader(max_chars=MAX_BYTES)
"""Every response is read through the guarded reader: depth, number length, repeated keys."""


def read_response(file_name: str) -> ResponseAnswers:
    """Read a QuestionnaireResponse file (``-`` is standard input), UTF-8 JSON.

    Every problem raises `ResponseError` whose message starts with the file's name, then the
    line and column or the path of the element at fault.
    """
    try:
        try:
            text = read_file_text(
                file_name,
                max_bytes=MAX_BYTES,
                too_large=f"larger than {MAX_BYTES // 1024} KiB; not a response to oms",
                on_terminal="standard input is a terminal; pipe a response in or name a file",
            )
        except InputFileError as error:
            raise ResponseError(str(error)) from None
        return parse_response_text(text)
    except ResponseError as error:
        raise ResponseError(error.in_file(file_label(file_name))) from None
