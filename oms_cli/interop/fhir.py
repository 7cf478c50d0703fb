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
``answers`` would otherwise turn an answered question into an unknown one). The computed result
in a response is never read: oms computes it again from the answers.

Standard library only: no FHIR model package is needed to write or read these few elements (the
tests validate them with one).
"""

from __future__ import annotations

import difflib
import json
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
    json_kind,
    read_file_text,
)
from oms_cli.files.textsafe import quoted, visible
from oms_cli.interop import codes, sdc
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
        "text": content.FINDING_TEXT[finding].question,
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


def _shown(value: object) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict | list):
        return json_kind(value)
    return visible(json.dumps(value))


def _fail(path: str, problem: str) -> ResponseError:
    return ResponseError(problem, path)


def _wrong_type(value: object, expected: str, path: str) -> ResponseError:
    return _fail(path, f"expected {expected}, got {json_kind(value)}")


def _object(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong_type(value, "an object", path)
    return value


def _array(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _wrong_type(value, "an array", path)
    return value


# The elements of a QuestionnaireResponse in FHIR R4, and what each must be. A key that its
# element does not define is refused: read as nothing, a misspelt "answers" or "items" would turn
# answered questions into unknown ones. Kinds: READ (checked where the reader uses it), a JSON
# kind ("object", "objects": an array of objects, "boolean", "number"), a FHIR primitive type
# ("string", "code", "uri", "dateTime") or "extensions" (an array of Extension, checked inside).
READ = "read"
MODIFIER = "modifier"
"""An element that may change the meaning of what holds it: refused, as FHIR requires of a reader
that does not know it (modifierExtension, implicitRules)."""

_EXTENSIONS = "extensions"
_REFERENCE = "Reference"
_RESOURCE_ELEMENTS: dict[str, str] = {
    "resourceType": READ,
    "id": READ,
    "meta": "Meta",
    "implicitRules": MODIFIER,
    "language": "code",
    "text": "Narrative",
    "contained": "objects",
    "extension": _EXTENSIONS,
    "modifierExtension": MODIFIER,
    "identifier": "Identifier",
    "basedOn": "References",
    "partOf": "References",
    "questionnaire": READ,
    "status": READ,
    "subject": _REFERENCE,
    "encounter": _REFERENCE,
    "authored": "dateTime",
    "author": _REFERENCE,
    "source": _REFERENCE,
    "item": READ,
}
_ITEM_ELEMENTS: dict[str, str] = {
    "id": "string",
    "extension": _EXTENSIONS,
    "modifierExtension": MODIFIER,
    "linkId": READ,
    "definition": "uri",
    "text": "string",
    "answer": READ,
    "item": READ,
}
_ANSWER_ELEMENTS: dict[str, str] = {
    "id": "string",
    "extension": _EXTENSIONS,
    "modifierExtension": MODIFIER,
    "valueBoolean": "boolean",
    "valueDecimal": "decimal",
    "valueInteger": "integer",
    "valueDate": "date",
    "valueDateTime": "dateTime",
    "valueTime": "time",
    "valueString": "string",
    "valueUri": "uri",
    "valueAttachment": "object",
    "valueCoding": READ,
    "valueQuantity": "object",
    "valueReference": _REFERENCE,
    "item": READ,
}
_CODING_ELEMENTS: dict[str, str] = {
    "id": "string",
    "extension": _EXTENSIONS,
    "system": READ,
    "version": "string",
    "code": READ,
    "display": "string",
    "userSelected": "boolean",
}
_EXTENSION_PRIMITIVES = {
    "Base64Binary": "base64Binary",
    "Boolean": "boolean",
    "Canonical": "uri",
    "Code": "code",
    "Date": "date",
    "DateTime": "dateTime",
    "Decimal": "decimal",
    "Id": "id",
    "Instant": "instant",
    "Integer": "integer",
    "Markdown": "string",
    "Oid": "oid",
    "PositiveInt": "positiveInt",
    "String": "string",
    "Time": "time",
    "UnsignedInt": "unsignedInt",
    "Uri": "uri",
    "Url": "uri",
    "Uuid": "uuid",
}
_EXTENSION_COMPLEX = [
    "Address",
    "Age",
    "Annotation",
    "Attachment",
    "CodeableConcept",
    "Coding",
    "ContactPoint",
    "Count",
    "Distance",
    "Duration",
    "HumanName",
    "Identifier",
    "Money",
    "Period",
    "Quantity",
    "Range",
    "Ratio",
    "Reference",
    "SampledData",
    "Signature",
    "Timing",
    "ContactDetail",
    "Contributor",
    "DataRequirement",
    "Expression",
    "ParameterDefinition",
    "RelatedArtifact",
    "TriggerDefinition",
    "UsageContext",
    "Dosage",
]
_EXTENSION_ELEMENTS: dict[str, str] = {
    "id": "string",
    "extension": _EXTENSIONS,
    "url": "uri",
    **{f"value{name}": kind for name, kind in _EXTENSION_PRIMITIVES.items()},
    **{f"value{name}": "object" for name in _EXTENSION_COMPLEX},
}
"""Extension in R4: its url and one value of the R4 value[x] types (extensions are not read)."""
_COMPLEX_ELEMENTS: dict[str, tuple[str, dict[str, str]]] = {
    _REFERENCE: (
        "a Reference",
        {
            "id": "string",
            "extension": _EXTENSIONS,
            "reference": "string",
            "type": "uri",
            "identifier": "object",
            "display": "string",
        },
    ),
    "Narrative": (
        "a Narrative",
        {"id": "string", "extension": _EXTENSIONS, "status": "code", "div": "string"},
    ),
    "Meta": (
        "a Meta",
        {
            "id": "string",
            "extension": _EXTENSIONS,
            "versionId": "id",
            "lastUpdated": "instant",
            "source": "uri",
            "profile": "uris",
            "security": "objects",
            "tag": "objects",
        },
    ),
    "Identifier": (
        "an Identifier",
        {
            "id": "string",
            "extension": _EXTENSIONS,
            "use": "code",
            "type": "object",
            "system": "uri",
            "value": "string",
            "period": "object",
            "assigner": _REFERENCE,
        },
    ),
}
"""The elements of the data types the resource holds but oms does not read: their keys and kinds
are checked, one level deep (what is inside their own objects only for its kind)."""
_PRIMITIVE_ELEMENT = {"id": "string", "extension": _EXTENSIONS}
"""What ``_name`` may hold beside a primitive ``name``: an id and extensions (FHIR JSON)."""

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DAY = r"(0[1-9]|[1-2][0-9]|3[0-1])"
_MONTH = r"(0[1-9]|1[0-2])"
_PRIMITIVE_PATTERNS = {
    "string": re.compile(r"[ \r\n\t\S]+"),
    "code": re.compile(r"[^\s]+(\s[^\s]+)*"),
    "uri": re.compile(r"\S*"),
    "id": re.compile(r"[A-Za-z0-9\-.]{1,64}"),
    "oid": re.compile(r"urn:oid:[0-2](\.(0|[1-9][0-9]*))+"),
    "uuid": re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "base64Binary": re.compile(r"(\s*([0-9a-zA-Z+/=]){4}\s*)+"),
    "date": re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY})?)?"),
    "dateTime": re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY}(T{_TIME}{_ZONE})?)?)?"),
    "instant": re.compile(rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}"),
    "time": re.compile(_TIME),
}
"""The R4 regular expressions of the primitive types written as strings (matching the whole)."""
_SMALLEST = {"integer": -(2**31), "unsignedInt": 0, "positiveInt": 1}
"""The R4 integer types (32 bits), each with its smallest value."""
_PRIMITIVE_KINDS = frozenset({*_PRIMITIVE_PATTERNS, *_SMALLEST, "boolean", "decimal"})


def _undefined(key: str, elements: Mapping[str, str], what: str, path: str) -> ResponseError:
    close = difflib.get_close_matches(key, [name for name in elements if name != "id"], n=1)
    hint = f" (did you mean {quoted(close[0])}?)" if close else ""
    return _fail(
        f"{path}.{visible(key)}" if path else visible(key),
        f"not an element of {what} in FHIR R4{hint}",
    )


def _check_kind(value: object, kind: str, path: str) -> None:  # noqa: PLR0912  (one branch a kind)
    if kind in _COMPLEX_ELEMENTS or kind.removesuffix("s") in _COMPLEX_ELEMENTS:
        many = kind not in _COMPLEX_ELEMENTS
        what, elements = _COMPLEX_ELEMENTS[kind.removesuffix("s")]
        for index, element in enumerate(_array(value, path) if many else [value]):
            child_path = f"{path}[{index}]" if many else path
            child = _object(element, child_path)
            if not child:
                raise _fail(child_path, "empty; FHIR has no empty elements")
            _check_elements(child, elements, what, child_path)
            for required in ("status", "div") if what == "a Narrative" else ():
                if required not in child:
                    raise _fail(f"{child_path}.{required}", f"missing (required in {what})")
        return
    if kind == "uris":
        for index, element in enumerate(_array(value, path)):
            _check_kind(element, "uri", f"{path}[{index}]")
        return
    if kind in ("object", "objects", _EXTENSIONS):
        for index, element in enumerate(_array(value, path) if kind != "object" else [value]):
            child_path = path if kind == "object" else f"{path}[{index}]"
            child = _object(element, child_path)
            if kind == _EXTENSIONS:
                _check_elements(child, _EXTENSION_ELEMENTS, "an Extension", child_path)
                if "url" not in child:
                    raise _fail(f"{child_path}.url", "missing (every extension has one)")
                values = [visible(key) for key in child if key.startswith("value")]
                if len(values) > 1 or (values and "extension" in child):
                    parts = ", ".join([*values, *(["extension"] if "extension" in child else [])])
                    raise _fail(child_path, f"{parts}: an extension has one value or extensions")
        return
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "decimal":
        ok = number
    elif kind in _SMALLEST:
        ok = number and isinstance(value, int)
        if isinstance(value, int) and ok and not _SMALLEST[kind] <= value < 2**31:
            raise _fail(path, f"{_shown(value)} is out of the range of a FHIR {kind}")
    else:
        ok = isinstance(value, str) and _PRIMITIVE_PATTERNS[kind].fullmatch(value) is not None
        if isinstance(value, str) and not ok:
            raise _fail(path, f"{_shown(value)} is not a FHIR {kind}")
    if not ok:
        expected = "a boolean" if kind == "boolean" else "a string"
        expected = "a number" if kind == "decimal" else expected
        expected = "a whole number" if kind in _SMALLEST else expected
        raise _wrong_type(value, expected, path)


_READ_PRIMITIVES = {
    "linkId": "string",
    "code": "code",
    "system": "uri",
    "status": "code",
    "questionnaire": "uri",
}
"""The primitive types of READ elements: checked by kind where the reader does not read them (in
the computed result), and those that may have a ``_name`` beside them."""


def _primitive_beside(key: str, elements: Mapping[str, str]) -> bool:
    """Whether ``key`` is ``_name`` beside a primitive ``name`` (R4B: not for ids or extensions)."""
    name = key[1:]
    if not key.startswith("_") or name == "id" or elements is _EXTENSION_ELEMENTS:
        return False
    kind = elements.get(name)
    return kind in _PRIMITIVE_KINDS or (kind == READ and name in _READ_PRIMITIVES)


def _check_elements(
    element: dict[str, Any],
    elements: Mapping[str, str],
    what: str,
    path: str,
    *,
    read: bool = True,
) -> None:
    """Refuse a key ``elements`` does not define, a modifier, or a value of the wrong kind.

    Elements marked READ are checked where the reader uses them (``read``), or here by their
    kind. ``_name`` beside a primitive ``name`` (its id and extensions, in FHIR's JSON) is
    accepted.
    """
    for key, value in element.items():
        kind = elements.get(key)
        if kind == READ and not read:
            kind = _READ_PRIMITIVES.get(key, READ)
        if kind is None and _primitive_beside(key, elements):
            if not _object(value, f"{path}.{key}" if path else key):
                raise _fail(f"{path}.{key}" if path else key, "empty; FHIR has no empty elements")
            _check_elements(
                value,
                _PRIMITIVE_ELEMENT,
                "a primitive element",
                f"{path}.{key}" if path else key,
            )
            continue
        if kind is None:
            raise _undefined(key, elements, what, path)
        key_path = f"{path}.{key}" if path else key
        if kind == MODIFIER:
            raise _fail(
                key_path,
                "it may change what its element means, and oms does not know it, so the response "
                "cannot be read (FHIR forbids ignoring it)",
            )
        if kind != READ:
            _check_kind(value, kind, key_path)


def _check_item_tree(item: dict[str, Any], path: str, *, read: bool = True) -> None:
    """Check the elements of an item, its answers, their codings, and every item nested in them.

    ``read``: whether the reader reads the item (a question) or not (the computed result).
    """
    _check_elements(item, _ITEM_ELEMENTS, "a QuestionnaireResponse item", path, read=read)
    for index, element in enumerate(_array(item.get("answer", []), f"{path}.answer")):
        answer_path = f"{path}.answer[{index}]"
        answer = _object(element, answer_path)
        _check_elements(answer, _ANSWER_ELEMENTS, "an answer", answer_path, read=read)
        if "valueCoding" in answer:
            coding_path = f"{answer_path}.valueCoding"
            coding = _object(answer["valueCoding"], coding_path)
            _check_elements(coding, _CODING_ELEMENTS, "a Coding", coding_path, read=read)
        _check_children(answer, answer_path, read=read)
    _check_children(item, path, read=read)


def _check_children(parent: dict[str, Any], path: str, *, read: bool) -> None:
    for index, element in enumerate(_array(parent.get("item", []), f"{path}.item")):
        child_path = f"{path}.item[{index}]"
        _check_item_tree(_object(element, child_path), child_path, read=read)


_ANSWER_CODES: dict[str, Answer] = {answer.value: answer for answer in Answer}
_AGE_GROUP_CODES: dict[str, AgeGroup] = {group.value: group for group in AGE_GROUP_DISPLAY}
_LINK_IDS = (AGE_GROUP_LINK_ID, *(finding.value for finding in FINDINGS))


def _check_help_items(children: object, path: str, link_id: str) -> None:
    """Nested items may only echo the question's help text, which carries no answer."""
    expected = f"{link_id}.help"
    for index, element in enumerate(_array(children, path)):
        child_path = f"{path}[{index}]"
        child = _object(element, child_path)
        if child.get("linkId") != expected:
            raise _fail(
                f"{child_path}.linkId",
                f"{_shown(child.get('linkId'))} is not part of question {link_id!r}",
            )
        if "answer" in child or "item" in child:
            raise _fail(child_path, f"{expected!r} is help text and takes no answer")


def _check_result_items(children: object, path: str) -> None:
    """The result group holds only the computed items of the questionnaire."""
    known = sdc.result_link_ids()
    for index, element in enumerate(_array(children, path)):
        child_path = f"{path}[{index}].linkId"
        link_id = _object(element, f"{path}[{index}]").get("linkId")
        if link_id not in known:
            raise _fail(child_path, f"{_shown(link_id)} is not a computed item of the result")


def _coded_answer(item: dict[str, Any], path: str, link_id: str) -> str | None:
    """The code of the item's one answer, or None when it has none."""
    answers = _array(item.get("answer", []), f"{path}.answer")
    if len(answers) > 1:
        raise _fail(f"{path}.answer[1]", "a second answer; each question takes one")
    if not answers:
        return None
    answer_path = f"{path}.answer[0]"
    answer = _object(answers[0], answer_path)
    if "item" in answer:
        _check_help_items(answer["item"], f"{answer_path}.item", link_id)
    # Only keys of the answer's elements are here (checked before), shown safely all the same.
    values = [visible(key) for key in answer if key.startswith("value")]
    if len(values) > 1:
        raise _fail(answer_path, f"more than one value ({', '.join(values)}); an answer has one")
    if "valueCoding" not in answer:
        if values:
            raise _fail(f"{answer_path}.{values[0]}", "answers are codings (valueCoding)")
        raise _fail(answer_path, "no valueCoding")
    coding_path = f"{answer_path}.valueCoding"
    coding = _object(answer["valueCoding"], coding_path)
    system = AGE_GROUP_SYSTEM if link_id == AGE_GROUP_LINK_ID else ANSWER_SYSTEM
    if "system" in coding and coding["system"] != system:
        raise _fail(f"{coding_path}.system", f"{_shown(coding['system'])} is not {system}")
    if "code" not in coding:
        raise _fail(f"{coding_path}.code", "missing")
    code = coding["code"]
    valid = _AGE_GROUP_CODES if link_id == AGE_GROUP_LINK_ID else _ANSWER_CODES
    if not isinstance(code, str) or code not in valid:
        words = ", ".join(valid)
        raise _fail(f"{coding_path}.code", f"{_shown(code)} is not one of: {words}")
    return code


def _check_header(data: dict[str, Any]) -> None:
    resource_type = data.get("resourceType")
    if resource_type != "QuestionnaireResponse":
        problem = "missing" if resource_type is None else f"{_shown(resource_type)} is not"
        raise _fail("resourceType", f"{problem} 'QuestionnaireResponse'")
    status = data.get("status")
    if status is not None and status not in RESPONSE_STATUSES:
        raise _fail("status", f"{_shown(status)} is not one of: {', '.join(RESPONSE_STATUSES)}")
    if status == "entered-in-error":
        raise _fail("status", "the response is marked entered-in-error, so it is not evaluated")
    if "questionnaire" in data:
        canonical = data["questionnaire"]
        if not isinstance(canonical, str) or canonical.split("|", 1)[0] != QUESTIONNAIRE_URL:
            raise _fail(
                "questionnaire",
                f"{_shown(canonical)} is not this tool's questionnaire ({QUESTIONNAIRE_URL})",
            )
        # A canonical reference may pin a version after "|"; only this tool's version is read.
        version = canonical.partition("|")[2]
        if version and version != QUESTIONNAIRE_VERSION:
            raise _fail(
                "questionnaire",
                f"{_shown(canonical)} answers version {_shown(version)} of the questionnaire; "
                f"this oms reads version {QUESTIONNAIRE_VERSION} (see 'oms questionnaire')",
            )


_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
"""A FHIR logical id (R4 datatype `id`)."""


def _response_id(resource: dict[str, Any]) -> str | None:
    if "id" not in resource:
        return None
    value = resource["id"]
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise _fail("id", f"{_shown(value)} is not a FHIR id (1-64 of A-Z a-z 0-9 - .)")
    return value


def parse_response(data: object) -> ResponseAnswers:
    """Read a QuestionnaireResponse (parsed JSON) to `questionnaire()`.

    Unanswered questions are unknown. Raises `ResponseError` naming the first element that does
    not fit: the resource type, a key that FHIR R4 does not define where it stands (such as
    ``item[0].answers``), a modifier (``modifierExtension``, ``implicitRules``), an unknown or
    repeated linkId, a value that is not one of the questionnaire's codings, or a response marked
    entered-in-error.
    """
    resource = _object(data, "")
    _check_header(resource)
    _check_elements(resource, _RESOURCE_ELEMENTS, "a QuestionnaireResponse", "")
    findings = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    age_group = AgeGroup.UNKNOWN
    first_seen: dict[str, int] = {}
    for index, element in enumerate(_array(resource.get("item", []), "item")):
        path = f"item[{index}]"
        item = _object(element, path)
        _check_item_tree(item, path, read=item.get("linkId") != sdc.RESULT_LINK_ID)
        if "linkId" not in item:
            raise _fail(f"{path}.linkId", "missing")
        link_id = item["linkId"]
        if not isinstance(link_id, str):
            raise _wrong_type(link_id, "a string", f"{path}.linkId")
        if link_id == sdc.RESULT_LINK_ID and link_id not in first_seen:
            # What the form computed: checked for shape, never read; oms computes it again.
            _check_result_items(item.get("item", []), f"{path}.item")
            first_seen[link_id] = index
            continue
        if link_id not in _LINK_IDS:
            raise _fail(
                f"{path}.linkId",
                f"{quoted(link_id)} is not a question here; the questions are: "
                + ", ".join(_LINK_IDS),
            )
        if link_id in first_seen:
            first = f"item[{first_seen[link_id]}]"
            raise _fail(f"{path}.linkId", f"{link_id!r} appears twice (first at {first})")
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
