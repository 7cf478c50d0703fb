"""FHIR: `oms questionnaire` is a valid R4 Questionnaire, and `oms check --from-fhir` reads answers.

The resources are validated with fhir.resources' R4B models: R4B (4.3.0) is R4 (4.0.1) with
technical corrections, and its Questionnaire and QuestionnaireResponse differ from R4's only in the
versions of bound value sets, whereas the package's default models are R5, whose elements differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from oms_cli import content
from oms_cli.content.sources import cite, explanation
from oms_cli.interop import fhir
from oms_cli.interop.strict import Invalid
from oms_cli.rules import (
    FINDINGS,
    AgeGroup,
    Answer,
    Finding,
    all_combinations,
    evaluate,
    evaluate_answers,
)
from tests.conftest import Invoke
from tools import questionnaire as form
from tools import r4_elements as r4_tool

R4_ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
    "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
AGE_GROUPS = tuple(AgeGroup)


def coded_enums(model: BaseModel, path: str = "") -> Iterator[tuple[str, object, list[str]]]:
    """Every code element whose model lists its complete set of allowed codes, with its value.

    The models check structure and types but not required bindings, so the tests check these.
    A list ending in "+" is incomplete in the package and is left to the explicit checks.
    """
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        extra = field.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("enum_values"), list):
            codes = extra["enum_values"]
            if "+" not in codes:
                yield f"{path}{name}", value, codes
        for element in value if isinstance(value, list) else [value]:
            if isinstance(element, BaseModel):
                yield from coded_enums(element, f"{path}{name}.")


def all_items(items: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item of a questionnaire, nested ones too."""
    for item in items:
        yield item
        yield from all_items(item.get("item", []))


def test_the_questionnaire_validates_as_fhir_r4() -> None:
    """The resource parses as an R4(B) Questionnaire, loses nothing, and uses only valid codes."""
    resource = fhir.questionnaire()
    model = Questionnaire.model_validate(resource)
    assert model.model_dump(mode="json", by_alias=True, exclude_none=True) == resource
    for path, value, codes in coded_enums(model):
        assert value in codes, path
    assert all(item["type"] in R4_ITEM_TYPES for item in all_items(resource["item"]))


def test_the_questionnaire_keeps_r4_invariants() -> None:
    """Computable name (que-0), unique linkIds, options on choices only, answerless help items.

    Items that are neither questions nor help are the computed result: read-only, no options.
    """
    resource = fhir.questionnaire()
    assert re.fullmatch(r"[A-Z][A-Za-z0-9_]{0,254}", resource["name"])
    items = list(all_items(resource["item"]))
    link_ids = [item["linkId"] for item in items]
    assert len(link_ids) == len(set(link_ids))
    for item in items:
        if item["type"] == "display":
            assert not {"answerOption", "required", "repeats", "item"} & set(item), item["linkId"]
        elif item["type"] == "choice":
            assert item["answerOption"], item["linkId"]
        else:
            assert item["type"] in {"group", "string", "integer"}, item["linkId"]
            assert item["linkId"].startswith("result"), item["linkId"]
            assert item["readOnly"] is True
            assert "answerOption" not in item


def option_codes(item: dict[str, Any]) -> list[tuple[str, str]]:
    """The (system, code) of each answer option."""
    return [
        (option["valueCoding"]["system"], option["valueCoding"]["code"])
        for option in item["answerOption"]
    ]


def test_the_questionnaire_asks_the_age_group_then_the_six_findings() -> None:
    """linkIds are `age_group` and the finding ids; codes child/adult and yes/no/unknown.

    The computed result group comes last.
    """
    *items, result = fhir.questionnaire()["item"]
    assert result["linkId"] == "result"
    assert [item["linkId"] for item in items] == ["age_group", *(f.value for f in FINDINGS)]
    age_system = form.AGE_GROUP_SYSTEM
    assert option_codes(items[0]) == [(age_system, "child"), (age_system, "adult")]
    for item in items[1:]:
        answer_system = fhir.ANSWER_SYSTEM
        assert option_codes(item) == [(answer_system, code) for code in ("yes", "no", "unknown")]
        assert item["text"] == content.FINDING_TEXT[item["linkId"]].form_question


def test_each_finding_has_help_text_with_its_sources() -> None:
    """A nested display item marked as help explains the finding and cites its [n] sources."""
    for item in fhir.questionnaire()["item"][1:-1]:
        text = content.FINDING_TEXT[item["linkId"]]
        [help_item] = item["item"]
        assert help_item["linkId"] == f"{item['linkId']}.help"
        finding = Finding(item["linkId"])
        assert help_item["text"] == f"{explanation(finding)} {text.no_means}"
        assert cite(text.details[0].sources) in help_item["text"]
        [control] = help_item["extension"]
        assert control["url"] == form.ITEM_CONTROL_EXTENSION
        assert control["valueCodeableConcept"]["coding"][0]["code"] == "help"


def test_the_description_states_the_rule_the_disclaimer_and_every_source_cited() -> None:
    """The questionnaire carries the rule [4], the disclaimer, and a line for each source cited."""
    resource = fhir.questionnaire()
    description = resource["description"]
    assert content.RULE in description
    assert content.DISCLAIMER in description
    labels = set(re.findall(r"\[(?:GARD|\d)\]", description.split("Sources:")[0]))
    for item in all_items(resource["item"]):
        labels |= set(re.findall(r"\[(?:GARD|\d)\]", item.get("text", "")))
    listed = set(re.findall(r"^- (\[(?:GARD|\d)\])", description, re.MULTILINE))
    assert labels <= listed
    assert resource["experimental"] is True


def test_oms_questionnaire_prints_the_resource(cli: Invoke) -> None:
    """`oms questionnaire` and `--format fhir` print the same resource as JSON, exit 0."""
    default = cli("questionnaire")
    explicit = cli("questionnaire", "--format", "fhir")
    assert default.exit_code == explicit.exit_code == 0
    assert default.stdout == explicit.stdout
    assert json.loads(default.stdout) == fhir.questionnaire()


def test_the_questionnaire_file_is_what_the_rule_and_its_words_make() -> None:
    """questionnaire.json is exactly what tools/questionnaire.py builds, with the form's version."""
    assert form.TARGET.read_text(encoding="utf-8") == form.render(), (
        "run python -m tools.questionnaire"
    )
    assert form.main(["--check"]) == 0
    assert fhir.questionnaire() == form.resource()
    assert fhir.questionnaire()["version"] == fhir.QUESTIONNAIRE_VERSION


def _what_a_response_answers(items: list[dict[str, Any]]) -> list[object]:
    """Each item's linkId, type, answer codes and skip logic, nested items too: not the words."""
    return [
        [
            item["linkId"],
            item["type"],
            [
                (o["valueCoding"]["system"], o["valueCoding"]["code"])
                for o in item.get("answerOption", [])
            ],
            item.get("enableWhen"),
            item.get("enableBehavior"),
            _what_a_response_answers(item.get("item", [])),
        ]
        for item in items
        for options in [item.get("answerOption", [])]
    ]


# The questions of each version of the form, as a digest of `_what_a_response_answers`.
FORM_VERSIONS = {"0.1.0": "a9ee8b04a15bbb12f239ae95d2b21f361c9985f1acca2609891dcc28c6366a67"}


def test_the_forms_version_changes_with_what_a_response_answers() -> None:
    """Questions, answer codes or skip logic changed: the form needs a new version (not a release).

    Responses to a version are read as that version's; the wording of the help may improve within
    a version, what a response answers may not.
    """
    shape = json.dumps(_what_a_response_answers(fhir.questionnaire()["item"]), sort_keys=True)
    digest = hashlib.sha256(shape.encode()).hexdigest()
    assert FORM_VERSIONS.get(fhir.QUESTIONNAIRE_VERSION) == digest, (
        "the questions changed: give fhir.QUESTIONNAIRE_VERSION a new value and pin its digest"
    )


def test_oms_questionnaire_refuses_another_format(cli: Invoke) -> None:
    """An unknown format is exit 2 naming it and the valid one."""
    result = cli("questionnaire", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml'" in result.stderr
    assert "fhir" in result.stderr


ANSWER_STYLES = ("coded", "left out")


def response(answers: Sequence[Answer], age_group: AgeGroup, style: int = 0) -> dict[str, Any]:
    """A QuestionnaireResponse as a forms tool would write it.

    Unknown is written in one of two ways, chosen by `style`: the code `unknown`, or the question
    left out (an empty answer list is no FHIR); the age group is left out when unknown.
    """
    items: list[dict[str, Any]] = []
    if age_group is not AgeGroup.UNKNOWN:
        coding = {"system": form.AGE_GROUP_SYSTEM, "code": age_group.value}
        items.append({"linkId": "age_group", "answer": [{"valueCoding": coding}]})
    for finding, answer in zip(FINDINGS, answers, strict=True):
        coding = {"system": fhir.ANSWER_SYSTEM, "code": answer.value}
        item: dict[str, Any] = {"linkId": finding.value, "answer": [{"valueCoding": coding}]}
        if answer is Answer.UNKNOWN and ANSWER_STYLES[style % 2] == "left out":
            continue
        items.append(item)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{fhir.QUESTIONNAIRE_URL}|0.1.0",
        "status": "completed",
        "item": items,
    }


def test_a_response_for_every_combination_gives_the_flags_verdict() -> None:
    """All 729 responses are valid R4(B) and read back to the same assessment as the flags."""
    for index, answers in enumerate(all_combinations()):
        age_group = AGE_GROUPS[index % len(AGE_GROUPS)]
        resource = response(answers, age_group, style=index // 3)
        QuestionnaireResponse.model_validate(resource)
        read = fhir.parse_response(resource)
        assert read.age_group is age_group
        assert tuple(read.findings.values()) == answers
        assert evaluate(read.findings, read.age_group) == evaluate_answers(answers, age_group)


FLAG_CASES = [
    (("yes", "yes", "no", "yes", "unknown", "no"), "child"),
    (("no", "no", "yes", "unknown", "unknown", "yes"), "adult"),
    (("unknown", "yes", "unknown", "yes", "unknown", "unknown"), "unknown"),
    (("no",) * 6, "unknown"),
    (("unknown",) * 6, "child"),
]


def flags(answers: Sequence[str], age_group: str) -> list[str]:
    """The `oms check` flags that say the same as the answers."""
    args = [
        f"--{finding.value}" if answer == "yes" else f"--no-{finding.value}"
        for finding, answer in zip(FINDINGS, answers, strict=True)
        if answer != "unknown"
    ]
    return [*args, "--age-group", age_group] if age_group != "unknown" else args


@pytest.mark.parametrize(("answers", "age_group"), FLAG_CASES)
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_from_fhir_prints_what_the_flags_print(
    cli: Invoke, tmp_path: Path, answers: tuple[str, ...], age_group: str, fmt: str
) -> None:
    """`oms check --from-fhir FILE` prints the same result, with the same exit code, as flags."""
    path = tmp_path / "response.json"
    resource = response(tuple(map(Answer, answers)), AgeGroup(age_group), style=len(answers))
    path.write_text(json.dumps(resource), encoding="utf-8")
    from_file = cli("check", "--no-input", "--format", fmt, "--from-fhir", str(path))
    from_flags = cli("check", "--no-input", "--format", fmt, *flags(answers, age_group))
    assert from_file.stderr == ""
    assert (from_file.exit_code, from_file.stdout) == (from_flags.exit_code, from_flags.stdout)


def test_check_reads_a_response_from_standard_input(cli: Invoke) -> None:
    """`--from-fhir -` reads the response from standard input; a UTF-8 BOM is accepted."""
    resource = response((Answer.YES,) * 6, AgeGroup.UNKNOWN)
    result = cli(
        "check", "--from-fhir", "-", "--format", "json", input="\ufeff" + json.dumps(resource)
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "met"


def test_an_empty_or_bare_response_leaves_everything_unknown() -> None:
    """A response with no items, or questions without answers, is all unknown, not all no."""
    bare = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    unanswered = {**bare, "item": [{"linkId": f.value} for f in FINDINGS]}
    for resource in (bare, unanswered):
        read = fhir.parse_response(resource)
        assert set(read.findings.values()) == {Answer.UNKNOWN}
        assert read.age_group is AgeGroup.UNKNOWN


def test_help_items_echoed_in_a_response_are_accepted() -> None:
    """A forms tool that copies the help display items into the response is still read."""
    resource = response((Answer.YES,) * 6, AgeGroup.ADULT)
    resource["item"][1]["item"] = [{"linkId": "neuroblastoma.help", "text": "..."}]
    resource["item"][2]["answer"][0]["item"] = [{"linkId": "opsoclonus.help"}]
    assert fhir.parse_response(resource).findings[FINDINGS[0]] is Answer.YES


Change = Callable[[dict[str, Any]], None]
BASE = response(
    (Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.YES, Answer.NO, Answer.YES), AgeGroup.CHILD
)
# item[0] is age_group, item[1] neuroblastoma, item[2] opsoclonus, item[3] myoclonus (unknown) ...


def _item(index: int, **changes: Any) -> Change:
    return lambda resource: resource["item"][index].update(changes)


def _coding(index: int, **changes: Any) -> Change:
    return lambda resource: resource["item"][index]["answer"][0]["valueCoding"].update(changes)


def _drop_code(resource: dict[str, Any]) -> None:
    del resource["item"][2]["answer"][0]["valueCoding"]["code"]


def _drop_link_id(resource: dict[str, Any]) -> None:
    del resource["item"][4]["linkId"]


def _answer_boolean(resource: dict[str, Any]) -> None:
    resource["item"][2]["answer"][0] = {"valueBoolean": True}


def _coding_and_string(resource: dict[str, Any]) -> None:
    resource["item"][2]["answer"][0]["valueString"] = "yes"


def _two_answers(resource: dict[str, Any]) -> None:
    answer = resource["item"][2]["answer"]
    answer.append(answer[0])


def _set(**changes: Any) -> Change:
    return lambda resource: resource.update(changes)


def _append_item(resource: dict[str, Any]) -> None:
    resource["item"].append("sleep")


CODE = "item[2].answer[0].valueCoding.code"
HELP_ECHO = [{"linkId": "opsoclonus.help", "answer": [{"valueString": "x"}]}]
NO_EMPTY_ARRAY = "empty; FHIR has no empty arrays (leave the element out)"


@pytest.mark.parametrize(
    ("change", "element", "problem"),
    [
        (_coding(2, code="maybe"), CODE, "'maybe' is not one of: yes, no, unknown"),
        (_coding(2, code="Yes"), CODE, "'Yes' is not one of: yes, no, unknown"),
        (_coding(2, code=True), CODE, "true is not one of: yes, no, unknown"),
        (_drop_code, CODE, "missing"),
        (
            _coding(0, code="teen"),
            "item[0].answer[0].valueCoding.code",
            "'teen' is not one of: child, adult",
        ),
        (
            _coding(2, system="http://loinc.org"),
            "item[2].answer[0].valueCoding.system",
            "'http://loinc.org' is not urn:oms-cli:codesystem:finding-answer",
        ),
        (
            _item(2, linkId="tremor"),
            "item[2].linkId",
            "'tremor' is not a question here; the questions are: age_group, neuroblastoma,",
        ),
        (
            _item(5, linkId="opsoclonus"),
            "item[5].linkId",
            "'opsoclonus' appears twice (first at item[2])",
        ),
        (_item(2, linkId=7), "item[2].linkId", "expected a string, got a number"),
        (_drop_link_id, "item[4].linkId", "missing"),
        (_answer_boolean, "item[2].answer[0].valueBoolean", "answers are codings (valueCoding)"),
        (_item(2, answer=[{}]), "item[2].answer[0]", "no valueCoding"),
        (
            _coding_and_string,
            "item[2].answer[0]",
            "more than one value (valueCoding, valueString); an answer has one",
        ),
        (_item(2, answer={}), "item[2].answer", "expected an array, got an object"),
        (_item(2, answer=[]), "item[2].answer", NO_EMPTY_ARRAY),
        (_set(item=[]), "item", NO_EMPTY_ARRAY),
        (_item(2, item=[]), "item[2].item", NO_EMPTY_ARRAY),
        (_set(meta={"tag": []}), "meta.tag", NO_EMPTY_ARRAY),
        (
            _set(extension=[{"url": "http://e", "extension": []}]),
            "extension[0].extension",
            NO_EMPTY_ARRAY,
        ),
        (_two_answers, "item[2].answer[1]", "a second answer; each question takes one"),
        (
            _item(2, item=[{"linkId": "sleep"}]),
            "item[2].item[0].linkId",
            "'sleep' is not part of question 'opsoclonus'",
        ),
        (_item(2, item=HELP_ECHO), "item[2].item[0]", "'opsoclonus.help' is help text"),
        (
            _set(resourceType="Questionnaire"),
            "resourceType",
            "'Questionnaire' is not 'QuestionnaireResponse'",
        ),
        (lambda r: r.pop("resourceType"), "resourceType", "missing 'QuestionnaireResponse'"),
        (_set(status="done"), "status", "'done' is not one of: in-progress, completed,"),
        (_set(status="entered-in-error"), "status", "the response is marked entered-in-error"),
        (
            _set(questionnaire="http://example.org/Questionnaire/phq-9"),
            "questionnaire",
            "'http://example.org/Questionnaire/phq-9' is not this tool's questionnaire",
        ),
        (_set(item={"linkId": "sleep"}), "item", "expected an array, got an object"),
        (_append_item, "item[7]", "expected an object, got a string"),
        (
            _item(2, linkId="\x1b[31mred\u202e"),
            "item[2].linkId",
            "'\\x1b[31mred\\u202e' is not a question",
        ),
    ],
)
def test_a_response_that_does_not_fit_names_the_element(
    cli: Invoke, tmp_path: Path, change: Change, element: str, problem: str
) -> None:
    """Exit 2 with one line on stderr: the file, then the path of the bad element and why."""
    resource = json.loads(json.dumps(BASE))
    change(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path), "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"oms: error: {path}: {element}: {problem}")
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr


EMPTY = ": empty: expected a FHIR QuestionnaireResponse in JSON"
BROKEN_JSON = b'{"resourceType": "QuestionnaireResponse",\n  "item": [,]}'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BROKEN_JSON, ":2:12: not valid JSON: Expecting value"),
        (b"", EMPTY),
        (b" \n\t", EMPTY),
        (b"[]", ": expected an object, got an array"),
        (b"\xff{}", ": not UTF-8 text (byte 0)"),
        ("{}".encode("utf-16"), ": is UTF-16 text; save it as UTF-8"),  # PowerShell 5's ">"
        (b"[" * 100_000, ": nested too deeply to be a QuestionnaireResponse"),
        (b'{"a": ' * 3_000, ": nested too deeply to be a QuestionnaireResponse"),
        (
            b'{"resourceType": "QuestionnaireResponse", "resourceType": "Patient"}',
            ": key 'resourceType' appears twice",
        ),
        (
            b'{"resourceType": "QuestionnaireResponse", "item": [' + b"9" * 5_000 + b"]}",
            ": a number longer than 100 characters",
        ),
        (
            b'{"resourceType": "QuestionnaireResponse", "n": NaN}',
            ": not valid JSON: NaN is not a JSON value",
        ),
        (b" " * (fhir.MAX_BYTES + 1), ": larger than 1024 KiB; not a response to oms"),
    ],
)
def test_a_file_that_is_not_a_response_is_named(
    cli: Invoke, tmp_path: Path, data: bytes, message: str
) -> None:
    """Not JSON (with line:column), empty, not an object, not UTF-8, too deep or large: exit 2.

    Read by the guarded reader: a repeated key or a number of thousands of digits is refused too.
    """
    path = tmp_path / "response.json"
    path.write_bytes(data)
    result = cli("check", "--from-fhir", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {path}{message}\n"


def test_a_missing_file_or_a_folder_is_exit_2(cli: Invoke, tmp_path: Path) -> None:
    """A file that does not exist (or no name at all), or a folder: named with what is wrong."""
    missing = cli("check", "--from-fhir", str(tmp_path / "nope.json"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"oms: error: {tmp_path}/nope.json: no such file\n",
    )
    unnamed = cli("check", "--from-fhir", "")
    assert (unnamed.exit_code, unnamed.stderr) == (2, "oms: error: '': no such file\n")
    folder = cli("check", "--from-fhir", str(tmp_path))
    assert (folder.exit_code, folder.stderr) == (
        2,
        f"oms: error: {tmp_path}: is a folder, not a file\n",
    )


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--opsoclonus"], "--opsoclonus"),
        (["--no-sleep", "--ataxia"], "--ataxia, --no-sleep"),
        (["--age-group", "adult"], "--age-group"),
    ],
)
def test_from_fhir_refuses_competing_flags(
    cli: Invoke, tmp_path: Path, extra: list[str], named: str
) -> None:
    """The file is the whole record: finding flags or --age-group beside it are exit 2, named."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps(BASE), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path), *extra)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "cannot be combined with" in result.stderr
    assert named in result.stderr


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_value_is_read_or_refused_cleanly(value: object) -> None:
    """Whatever JSON comes in, the reader returns answers or raises ResponseError, nothing else."""
    message = "no error"
    try:
        fhir.parse_response(value)
    except fhir.ResponseError as error:
        message = str(error)
    assert message


def _json_positions(node: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _json_positions(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _json_positions(value, (*path, index))


POSITIONS = list(_json_positions(BASE))[1:]


@settings(max_examples=150, deadline=None)
@given(position=st.sampled_from(POSITIONS), value=JSON_VALUES)
def test_any_element_replaced_is_read_or_refused_cleanly(
    position: tuple[object, ...], value: object
) -> None:
    """Replacing any element of a good response by any JSON value never crashes the reader."""
    resource: Any = json.loads(json.dumps(BASE))
    parent = resource
    for step in position[:-1]:
        parent = parent[step]
    parent[position[-1]] = value
    try:
        read = fhir.parse_response(resource)
    except fhir.ResponseError as error:
        message = str(error)
    else:
        message = "read"
        assert set(read.findings) == set(FINDINGS)
    assert message


def test_the_product_imports_no_validator() -> None:
    """The FHIR and schema modules use the standard library only (test-only dependencies)."""
    code = (
        "import sys, oms_cli.interop.fhir, oms_cli.interop.schema, oms_cli.cli.app\n"
        "heavy = {'jsonschema', 'fhir', 'pydantic', 'rich'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "reads"),
    [
        (("questionnaire",), True),
        (("check", "--no-input", "--format", "json", "--opsoclonus"), False),
        (("check", "--no-input", "--format", "fhir", "--opsoclonus"), False),
    ],
)
def test_only_the_questionnaire_and_its_reader_open_the_form_file(
    args: tuple[str, ...], reads: bool
) -> None:
    """questionnaire.json is read by `oms questionnaire` and --from-fhir, not by `oms check`."""
    code = (
        "import runpy, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, a: opened.append(str(a[0])) if event == 'open' else 0)\n"
        f"sys.argv = ['oms', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('oms_cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(f'\\nopened: {sorted(set(opened))}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "opened: " in result.stderr, result.stderr[-2000:]
    assert result.stdout.strip()
    assert (str(fhir.QUESTIONNAIRE_FILE) in result.stderr.rpartition("opened: ")[2]) is reads


# The reader is strict (FHIR R4): a key its element does not define is refused, naming its path,
# never read as nothing; so is a modifier it cannot know. The official R4B models agree.


def _add(path: Sequence[object], key: str, value: object) -> Change:
    def change(resource: dict[str, Any]) -> None:
        target: Any = resource
        for step in path:
            target = target[step]
        target[key] = value

    return change


MODIFIER = [{"url": "http://example.org/fhir/StructureDefinition/not-asked", "valueBoolean": True}]
UNDEFINED = [
    (
        _add(["item", 2], "answers", [{"valueCoding": {"code": "yes"}}]),
        "item[2].answers",
        "'answer'",
    ),
    (_add([], "items", [{"linkId": "sleep"}]), "items", "'item'"),
    (_add(["item", 2, "answer", 0], "valueCodings", {}), "item[2].answer[0].valueCodings", ""),
    (
        _add(["item", 2, "answer", 0, "valueCoding"], "Code", "yes"),
        CODE.replace("code", "Code"),
        "",
    ),
    (
        _add(["item", 2], "extension", [{"uri": "http://example.org/x", "valueString": "x"}]),
        "item[2].extension[0].uri",
        "'url'",
    ),
    (_add(["item", 2], "answer_", []), "item[2].answer_", "'answer'"),
]


@pytest.mark.parametrize(("change", "element", "suggestion"), UNDEFINED)
def test_a_key_fhir_does_not_define_is_refused_by_oms_and_by_the_r4b_models(
    cli: Invoke, tmp_path: Path, change: Change, element: str, suggestion: str
) -> None:
    """`item[0].answers`, top-level `items`, a misspelt coding key: exit 2 naming the path.

    Read as nothing, each would leave answered questions unknown: a weaker verdict, exit 0.
    """
    resource = json.loads(json.dumps(BASE))
    change(resource)
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        QuestionnaireResponse.model_validate(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path), "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"oms: error: {path}: {element}: not an element of ")
    assert "in FHIR R4" in result.stderr
    if suggestion:
        assert f"(did you mean {suggestion}?)" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("where", "element"),
    [
        ([], "modifierExtension"),
        (["item", 2], "item[2].modifierExtension"),
        (["item", 2, "answer", 0], "item[2].answer[0].modifierExtension"),
    ],
)
def test_a_modifier_extension_is_never_ignored(
    cli: Invoke, tmp_path: Path, where: list[object], element: str
) -> None:
    """FHIR: a reader that does not know a modifier extension must not ignore it. Exit 2, named.

    The R4B models accept it (they check its form, not its meaning): refusing it is the reader's
    duty, so this is one place where oms is stricter than the models.
    """
    resource = json.loads(json.dumps(BASE))
    _add(where, "modifierExtension", MODIFIER)(resource)
    QuestionnaireResponse.model_validate(resource)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"oms: error: {path}: {element}: it may change what its element means, and oms does not "
        "know it, so the response cannot be read (FHIR forbids ignoring it)\n"
    )


def test_implicit_rules_are_a_modifier_too() -> None:
    """`implicitRules` may change what the whole resource means: refused like a modifier."""
    resource = {**json.loads(json.dumps(BASE)), "implicitRules": "http://example.org/rules"}
    with pytest.raises(fhir.ResponseError, match=r"^implicitRules: it may change what"):
        fhir.parse_response(resource)


FULL = {
    **json.loads(json.dumps(BASE)),
    "id": "r1",
    "meta": {"versionId": "2", "lastUpdated": "2024-05-01T10:00:00Z"},
    "language": "en-GB",
    "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'},
    "identifier": {"system": "urn:example", "value": "7"},
    "basedOn": [{"reference": "ServiceRequest/1"}],
    "subject": {"reference": "Patient/p1"},
    "encounter": {"reference": "Encounter/e1"},
    "authored": "2024-05-01T10:00:00+02:00",
    "author": {"display": "A. Clinician"},
    "source": {"reference": "Patient/p1"},
    "_status": {"extension": [{"url": "http://example.org/why", "valueString": "signed"}]},
    "extension": [
        {"url": "http://example.org/a", "valueCodeableConcept": {"text": "x"}},
        {"url": "http://example.org/b", "extension": [{"url": "c", "valueInteger": 3}]},
    ],
}
"""A response with every element a forms tool may add that oms does not read."""


def _full() -> dict[str, Any]:
    resource: dict[str, Any] = json.loads(json.dumps(FULL))
    item = resource["item"][2]
    item.update(
        id="i2", text="Opsoclonus?", definition="http://example.org/q#2", _linkId={"id": "l"}
    )
    item["answer"][0].update(
        id="a1", extension=[{"url": "http://example.org/c", "valueDate": "2024"}]
    )
    item["answer"][0]["valueCoding"].update(
        version="1", display="Yes", userSelected=True, _code={"id": "c"}
    )
    return resource


def test_every_element_r4_defines_is_accepted_and_read_the_same() -> None:
    """Elements oms does not read (meta, subject, extensions, ``_status``...) change nothing."""
    resource = _full()
    QuestionnaireResponse.model_validate(resource)
    read = fhir.parse_response(resource)
    assert read == dataclasses.replace(fhir.parse_response(BASE), response_id="r1")


def _model_names(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()} - {"fhir_comments"}


def test_the_element_tables_are_what_the_official_models_define() -> None:
    """r4_elements.json is exactly what tools/r4_elements.py makes from the R4B models."""
    assert r4_tool.TARGET.read_text(encoding="utf-8") == r4_tool.render(), (
        "run python -m tools.r4_elements"
    )


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("QuestionnaireResponse", QuestionnaireResponse),
        ("QuestionnaireResponseItem", QuestionnaireResponseItem),
        ("QuestionnaireResponseItemAnswer", QuestionnaireResponseItemAnswer),
        ("Coding", Coding),
        ("Extension", Extension),
    ],
)
def test_the_reader_knows_no_element_the_r4b_models_do_not(
    name: str, model: type[BaseModel]
) -> None:
    """Every key oms accepts is one the official model defines (``resourceType`` aside).

    And in each of them a modifier extension is refused, though the model defines it.
    """
    accepted = set(fhir.r4_schema().tables[name]) - {"resourceType", *fhir.MODIFIERS}
    assert accepted <= _model_names(model)
    with pytest.raises(Invalid, match=r"^modifierExtension: it may change what its element means"):
        fhir.r4_schema().check({"modifierExtension": MODIFIER}, name)


def _object_paths(node: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _object_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _object_paths(value, (*path, index))


RESPONSE_TABLES = (
    "QuestionnaireResponse",
    "QuestionnaireResponseItem",
    "QuestionnaireResponseItemAnswer",
    "Coding",
)
FULL_OBJECTS = [
    path
    for path in _object_paths(_full())
    # Inside elements oms does not read (meta, subject...) only the kind of the whole is checked.
    if not (path and path[0] in ("meta", "text", "identifier", "basedOn", "subject"))
    and not (path and path[0] in ("encounter", "author", "source"))
    and "valueCodeableConcept" not in path
]
KEYS = sorted(
    {
        "resourceType",
        *(
            key
            for name in RESPONSE_TABLES
            for key in fhir.r4_schema().tables[name]
            if not key.startswith("_")
        ),
        "url",
        "valueString",
        "answers",
        "items",
        "Item",
        "_status",
        "_code",
        "_text",
        "_answer",
        "fhir_comments",
        "valueFoo",
    }
    # contained: whole resources of other types, which oms does not read (their own models check
    # them); modifiers are refused (see above).
    - {"modifierExtension", "implicitRules", "contained"}
)
VALUES: list[object] = [
    *("x", "en", "2024-05-01", "2024-13", "urn:oid:1.2", " ", ""),
    *(True, 3, 0, -1, 1.5),
    *({}, {"id": "z"}, [], [{"url": "http://e"}]),
]


def test_what_the_reader_accepts_the_r4b_models_accept() -> None:
    """Any one key set anywhere oms reads, to any of the values: if oms reads it, R4B validates it.

    Every combination (about 22,000): oms parses each; those it reads go to the models.
    """
    read = []
    for position, key, value in itertools.product(FULL_OBJECTS, KEYS, VALUES):
        resource = _full()
        target: Any = resource
        for step in position:
            target = target[step]
        target[key] = value
        try:
            fhir.parse_response(resource)
        except fhir.ResponseError:
            continue
        read.append(resource)
    for resource in read:
        QuestionnaireResponse.model_validate(resource)
    assert len(read) > 300  # the test reaches the accepting side, many times


def test_the_strict_input_page_shows_the_real_message(cli: Invoke, tmp_path: Path) -> None:
    """docs/strict-input.md's example is what `oms check --from-fhir` prints for `answers`."""
    resource = json.loads(json.dumps(BASE))
    resource["item"][2]["answers"] = resource["item"][2].pop("answer")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path))
    page = (Path(__file__).parents[1] / "docs" / "strict-input.md").read_text(encoding="utf-8")
    assert result.exit_code == 2
    assert result.stderr.replace(str(path), "r.json") in page
