"""FHIR R4 (Structured Data Capture): the findings as a Questionnaire, and responses read back.

`questionnaire()` is the form, with the rule inside it, as the data file questionnaire.json holds
it (written by ``python -m tools.questionnaire``); `read_response()` reads a QuestionnaireResponse
to it strictly (R4's tables, `R4Schema`), and never reads the result a form computed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

from oms_cli import content
from oms_cli.errors import UserError
from oms_cli.files import jsonread
from oms_cli.files.textsafe import quoted
from oms_cli.interop import strict
from oms_cli.interop.strict import Field, Invalid, expect, shown
from oms_cli.rules import FINDINGS, AgeGroup, Answer, Finding

QUESTIONNAIRE_FILE = Path(__file__).with_name("questionnaire.json")
QUESTIONNAIRE_URL = "urn:oms-cli:questionnaire:oms-criteria"
QUESTIONNAIRE_VERSION = "0.1.0"
"""The form's own version, not oms's: it changes when a question, an answer code or the skip logic
changes (a test pins them), so that responses stay readable after an upgrade of oms. A response to
another version is refused. 0.1.0 is the release of oms that first published the form."""
# How FHIR servers often store the form a response answers: a literal reference, by the form's id.
LITERAL_REFERENCE = re.compile(r"([^|]*/)?Questionnaire/oms-criteria")
ANSWER_SYSTEM = "urn:oms-cli:codesystem:finding-answer"
AGE_GROUP_LINK_ID = "age_group"
HPO_SYSTEM = "http://human-phenotype-ontology.org"  # as HL7 Terminology names the HPO

ANSWER_DISPLAY: dict[Answer, str] = {
    Answer.YES: "Yes",
    Answer.NO: f"No ({content.NO_MEANS})",
    Answer.UNKNOWN: f"Unknown ({content.UNKNOWN_MEANS})",
}

RESPONSE_STATUSES = ("in-progress", "completed", "amended", "entered-in-error", "stopped")
MAX_BYTES = 1 << 20  # a response to this questionnaire is a few kilobytes


def coding(system: str, code: str, display: str) -> dict[str, str]:
    """A FHIR Coding."""
    return {"system": system, "code": code, "display": display}


def hpo_coding(finding: Finding) -> dict[str, str]:
    """A finding's HPO term (`content.HPO_TERMS`) as a FHIR Coding."""
    return coding(HPO_SYSTEM, *content.HPO_TERMS[finding])


def questionnaire() -> dict[str, Any]:
    """The FHIR R4 Questionnaire resource, as questionnaire.json holds it."""
    resource: dict[str, Any] = json.loads(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    return resource


@cache
def _form() -> tuple[dict[str, tuple[str, tuple[str, ...]]], dict[str, list[str]]]:
    """The form's questions (linkId: its answers' system and codes), its computed items by group."""
    questions: dict[str, tuple[str, tuple[str, ...]]] = {}
    computed: dict[str, list[str]] = {}
    for item in questionnaire()["item"]:
        if item["type"] == "group":
            computed[item["linkId"]] = [child["linkId"] for child in item["item"]]
        elif item["type"] == "choice":
            options = [option["valueCoding"] for option in item["answerOption"]]
            questions[item["linkId"]] = (options[0]["system"], tuple(o["code"] for o in options))
    return questions, computed


class ResponseError(UserError):
    """A QuestionnaireResponse that cannot be read; the message names the element at fault."""


@dataclass(frozen=True, slots=True)
class ResponseAnswers:
    """What a QuestionnaireResponse says: every finding (unanswered ones unknown), the age group."""

    findings: Mapping[Finding, Answer]
    age_group: AgeGroup
    response_id: str | None = None  # its logical id, for the Observation's derivedFrom


def parse_response(data: object) -> ResponseAnswers:
    """Read a QuestionnaireResponse (parsed JSON); `ResponseError` names what does not fit."""
    try:
        resource = expect(data, dict, "an object", "")
        _check_header(resource)
        codes = _read_items(expect(resource.get("item", []), list, "an array", "item"))
        r4_schema().check(resource)
        _refuse_empty_arrays(resource, "")
    except Invalid as error:
        raise ResponseError(str(error)) from None
    age_group = codes.get(AGE_GROUP_LINK_ID, AgeGroup.UNKNOWN.value)
    findings = {finding: Answer(codes.get(finding, Answer.UNKNOWN.value)) for finding in FINDINGS}
    return ResponseAnswers(findings, AgeGroup(age_group), resource.get("id"))


def _refuse_empty_arrays(value: object, path: str) -> None:
    """FHIR's JSON has no empty array (an element without values is left out): refuse one anywhere.

    Anywhere: also inside the elements oms does not read (``meta``, extensions...).
    """
    if isinstance(value, dict):
        for key, element in value.items():
            _refuse_empty_arrays(element, strict.join(path, key))
    elif isinstance(value, list):
        if not value:
            raise Invalid(path, "empty; FHIR has no empty arrays (leave the element out)")
        for index, element in enumerate(value):
            _refuse_empty_arrays(element, f"{path}[{index}]")


def _check_header(resource: dict[str, Any]) -> None:
    resource_type = resource.get("resourceType")
    if resource_type != "QuestionnaireResponse":
        problem = "missing" if resource_type is None else f"{shown(resource_type)} is not"
        raise Invalid("resourceType", f"{problem} 'QuestionnaireResponse'")
    status = resource.get("status")
    if status is not None and status not in RESPONSE_STATUSES:
        raise Invalid("status", f"{shown(status)} is not one of: {', '.join(RESPONSE_STATUSES)}")
    if status == "entered-in-error":
        raise Invalid("status", "the response is marked entered-in-error, so it is not evaluated")
    if "questionnaire" in resource:
        canonical = resource["questionnaire"]
        if isinstance(canonical, str) and LITERAL_REFERENCE.fullmatch(canonical):
            return
        if not isinstance(canonical, str) or canonical.split("|", 1)[0] != QUESTIONNAIRE_URL:
            problem = f"is not this tool's questionnaire ({QUESTIONNAIRE_URL})"
            raise Invalid("questionnaire", f"{shown(canonical)} {problem}")
        # A canonical reference may pin a version after "|"; only this tool's version is read.
        version = canonical.partition("|")[2]
        if version and version != QUESTIONNAIRE_VERSION:
            raise Invalid(
                "questionnaire",
                f"{shown(canonical)} answers version {shown(version)} of the questionnaire; "
                f"this oms reads version {QUESTIONNAIRE_VERSION} (see 'oms questionnaire')",
            )


def _read_items(items: list[Any]) -> dict[str, str]:
    """The code answering each question, by linkId; the result group is checked, not read."""
    questions, computed = _form()
    codes: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    for index, element in enumerate(items):
        path = f"item[{index}]"
        item = expect(element, dict, "an object", path)
        if "linkId" not in item:
            raise Invalid(f"{path}.linkId", "missing")
        link_id = expect(item["linkId"], str, "a string", f"{path}.linkId")
        if link_id in computed and link_id not in first_seen:
            parent = "a computed item of the result"
            _check_nested(item.get("item", []), f"{path}.item", computed[link_id], parent)
        elif link_id not in questions:
            problem = f"is not a question here; the questions are: {', '.join(questions)}"
            raise Invalid(f"{path}.linkId", f"{quoted(link_id)} {problem}")
        elif link_id in first_seen:
            first = f"item[{first_seen[link_id]}]"
            raise Invalid(f"{path}.linkId", f"{link_id!r} appears twice (first at {first})")
        else:
            _check_help(item.get("item", []), f"{path}.item", link_id)
            code = _answer_code(item, path, link_id)
            if code is not None:
                codes[link_id] = code
        first_seen[link_id] = index
    return codes


def _check_nested(children: object, path: str, link_ids: list[str], parent: str) -> None:
    """Refuse nested items but the form's own: computed results, or help text (never answered)."""
    for index, element in enumerate(expect(children, list, "an array", path)):
        child = expect(element, dict, "an object", f"{path}[{index}]")
        link_id = child.get("linkId")
        if link_id not in link_ids:
            raise Invalid(f"{path}[{index}].linkId", f"{shown(link_id)} is not {parent}")
        if link_id.endswith(".help") and ("answer" in child or "item" in child):
            raise Invalid(f"{path}[{index}]", f"{link_id!r} is help text and takes no answer")


def _check_help(children: object, path: str, link_id: str) -> None:
    _check_nested(children, path, [f"{link_id}.help"], f"part of question {link_id!r}")


def _answer_code(item: dict[str, Any], path: str, link_id: str) -> str | None:
    """The code of the item's one answer, or None when it has none."""
    answers = expect(item.get("answer", []), list, "an array", f"{path}.answer")
    if len(answers) > 1:
        raise Invalid(f"{path}.answer[1]", "a second answer; each question takes one")
    if not answers:
        return None
    path = f"{path}.answer[0]"
    answer = expect(answers[0], dict, "an object", path)
    _check_help(answer.get("item", []), f"{path}.item", link_id)
    # The answer's values that R4 defines; another key is refused as undefined.
    defined = r4_schema().tables["QuestionnaireResponseItemAnswer"]
    values = [key for key in answer if key.startswith("value") and key in defined]
    if len(values) > 1:
        raise Invalid(path, f"more than one value ({', '.join(values)}); an answer has one")
    if "valueCoding" not in answer:
        if values:
            raise Invalid(f"{path}.{values[0]}", "answers are codings (valueCoding)")
        raise Invalid(path, "no valueCoding")
    path = f"{path}.valueCoding"
    answered = expect(answer["valueCoding"], dict, "an object", path)
    system, codes = _form()[0][link_id]
    if "system" in answered and answered["system"] != system:
        raise Invalid(f"{path}.system", f"{shown(answered['system'])} is not {system}")
    if "code" not in answered:
        raise Invalid(f"{path}.code", "missing")
    code = answered["code"]
    if code not in codes:
        raise Invalid(f"{path}.code", f"{shown(code)} is not one of: {', '.join(codes)}")
    return str(code)


_READ = jsonread.JsonReader(max_chars=MAX_BYTES)  # depth, number length, repeated keys


def read_response(file_name: str) -> ResponseAnswers:
    """Read a QuestionnaireResponse file (``-``: standard input); `ResponseError` names the file."""
    label = jsonread.file_label(file_name)
    try:
        text = jsonread.read_file_text(
            file_name,
            max_bytes=MAX_BYTES,
            too_large=f"larger than {MAX_BYTES // 1024} KiB; not a response to oms",
            on_terminal="standard input is a terminal; pipe a response in or name a file",
        )
        if not text.strip():
            raise ResponseError("empty: expected a FHIR QuestionnaireResponse in JSON")
        return parse_response(_READ(text))
    except jsonread.JsonSyntaxError as error:
        # At its line and column; NaN and Infinity the parser cannot place.
        where = "" if error.line is None else f"{error.line}:{error.column}:"
        raise ResponseError(f"{label}:{where} not valid JSON: {error}") from None
    except jsonread.JsonTooDeep:
        raise ResponseError(f"{label}: nested too deeply to be a QuestionnaireResponse") from None
    except (jsonread.InputFileError, jsonread.JsonError, ResponseError) as error:
        raise ResponseError(f"{label}: {error}") from None


# --- FHIR R4: the elements of a response and the forms of their values ---------------------------

ELEMENTS_FILE = Path(__file__).with_name("r4_elements.json")
MODIFIERS = frozenset({"modifierExtension", "implicitRules"})
WHAT = {  # how messages name the objects of a table, where not by its type's name
    "QuestionnaireResponse": "a QuestionnaireResponse",
    "QuestionnaireResponseItem": "a QuestionnaireResponse item",
    "QuestionnaireResponseItemAnswer": "an answer",
    "FHIRPrimitiveExtension": "a primitive element",
}

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DAY = r"(0[1-9]|[1-2][0-9]|3[0-1])"
_MONTH = r"(0[1-9]|1[0-2])"
PATTERNS = {
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
SMALLEST = {"integer": -(2**31), "unsignedInt": 0, "positiveInt": 1}  # 32-bit integer types


class R4Schema(strict.Schema):
    """R4's tables of a response's elements (r4_elements.json), no object empty, no modifier."""

    empty = "empty; FHIR has no empty elements"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        for table in self.tables.values():  # refused where R4 defines them, and elsewhere too
            table.update({key: Field("modifier", key=key) for key in MODIFIERS})

    def what(self, name: str) -> str:
        return WHAT.get(name) or (f"an {name}" if name[0] in "AEIOU" else f"a {name}")

    def unknown(self, key: str, name: str) -> str:
        hidden = {"id", *MODIFIERS}  # never suggested
        names = sorted(
            known for known in self.tables[name] if known[0] != "_" and known not in hidden
        )
        close = get_close_matches(key, names, n=1)
        hint = f" (did you mean {quoted(close[0])}?)" if close else ""
        return f"not an element of {self.what(name)} in FHIR R4{hint}"

    def scalar(self, value: object, kind: str, path: str) -> None:
        if kind == "modifier":
            raise Invalid(
                path,
                "it may change what its element means, and oms does not know it, so the response "
                "cannot be read (FHIR forbids ignoring it)",
            )
        if kind == "object":
            expect(value, dict, "an object", path)
        elif kind == "boolean":
            expect(value, bool, "a boolean", path)
        elif kind == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise Invalid(path, f"expected a number, got {jsonread.json_kind(value)}")
        elif kind in SMALLEST:
            if not SMALLEST[kind] <= expect(value, int, "a whole number", path) < 2**31:
                raise Invalid(path, f"{shown(value)} is out of the range of a FHIR {kind}")
        elif PATTERNS[kind].fullmatch(expect(value, str, "a string", path)) is None:
            raise Invalid(path, f"{shown(value)} is not a FHIR {kind}")


@cache
def r4_schema() -> R4Schema:
    """The R4 tables, read from r4_elements.json."""
    return R4Schema(ELEMENTS_FILE)
