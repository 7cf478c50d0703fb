"""FHIR Observation output: `oms check --format fhir` and `oms batch --format fhir-ndjson`.

Validated with fhir.resources' R4B models (R4 with technical corrections; see tests/test_fhir.py),
and read back element by element: the verdict, each criterion, the counts, each finding, and an
unknown never written as a "no" or "not met" value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome

from oms_cli import __version__, content
from oms_cli.interop import fhir, observation
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    AgeGroup,
    Answer,
    Assessment,
    Status,
    Verdict,
    all_combinations,
    evaluate_answers,
)
from tests.conftest import Invoke
from tests.test_fhir import coded_enums, response

DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource, after checking that it is a valid R4(B) Observation that loses nothing."""
    model = Observation.model_validate(resource)
    assert model.model_dump(mode="json", by_alias=True, exclude_none=True) == resource
    for path, value, allowed in coded_enums(model):
        assert value in allowed, path
    return resource


def check_against(resource: dict[str, Any], assessment: Assessment) -> None:
    """Every element of the Observation says what the assessment says; unknown is never a value."""
    assert resource["status"] == "final"
    [verdict] = resource["valueCodeableConcept"]["coding"]
    assert (verdict["system"], verdict["code"]) == (
        observation.VERDICT_SYSTEM,
        assessment.verdict.value,
    )
    components = resource["component"]
    by_code = {component["code"]["coding"][0]["code"]: component for component in components}
    assert len(by_code) == len(components) == len(CRITERIA) + 2 + len(FINDINGS)
    for result in assessment.criteria:
        component = by_code[result.criterion.id]
        if result.status is Status.UNKNOWN:
            assert "valueCodeableConcept" not in component
            assert component["dataAbsentReason"]["coding"][0]["system"] == DATA_ABSENT
            assert component["dataAbsentReason"]["coding"][0]["code"] == "unknown"
        else:
            assert "dataAbsentReason" not in component
            [status] = component["valueCodeableConcept"]["coding"]
            assert status["code"] == result.status.value
    assert by_code["met_count"]["valueInteger"] == assessment.met_count
    assert by_code["unknown_count"]["valueInteger"] == assessment.unknown_count
    for finding, answer in assessment.findings:
        component = by_code[content.HPO_TERMS[finding][0]]
        assert component["code"]["coding"][0]["system"] == fhir.HPO_SYSTEM
        if answer is Answer.UNKNOWN:
            assert "valueCodeableConcept" not in component
            assert component["dataAbsentReason"]["coding"][0]["code"] == "unknown"
            # Worded as everywhere else (issue 23: it said "not assessed").
            said = f"{finding.value}: unknown ({content.UNKNOWN_MEANS})"
            assert component["dataAbsentReason"]["text"] == said
        else:
            assert component["valueCodeableConcept"]["coding"][0]["code"] == answer.value


def test_every_combination_is_a_valid_observation_of_its_assessment() -> None:
    """All 729 answer sets (age groups in turn): a valid Observation saying what evaluate says."""
    groups = tuple(AgeGroup)
    for index, answers in enumerate(all_combinations()):
        assessment = evaluate_answers(answers, groups[index % len(groups)])
        check_against(validated(observation.observation(assessment)), assessment)


def test_the_method_names_the_rule_and_the_tool_version() -> None:
    """method: the 3-of-4 rule, coded with the tool's version; the disclaimer is a note."""
    resource = observation.observation(evaluate_answers((Answer.YES,) * 6))
    [method] = resource["method"]["coding"]
    assert method["version"] == __version__
    assert method["code"] == "any-3-of-4"
    assert f"oms-cli {__version__}" in resource["method"]["text"]
    assert any("not a diagnosis" in note["text"] for note in resource["note"])
    assert any("Orphanet" in note["text"] for note in resource["note"])


def test_a_not_met_observation_says_first_that_it_rules_nothing_out() -> None:
    """A not-met Observation's first note is the caveat, uncited; no other verdict has it.

    The Observation is the output most likely to end up in a record, so the caveat travels with
    the verdict (issue 23): the one wording (`content.NOT_MET_CAVEAT`), with no source marks.
    """
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        texts = [note["text"] for note in observation.observation(assessment)["note"]]
        if assessment.verdict is Verdict.NOT_MET:
            assert texts[0] == content.NOT_MET_CAVEAT
        else:
            assert not [text for text in texts if "rules nothing out" in text]


CASES = [
    (["--opsoclonus", "--myoclonus", "--behavior", "--no-input"], 0, "met"),
    (["--no-neuroblastoma", "--no-opsoclonus", "--myoclonus", "--no-input"], 1, "not_met"),
    (["--opsoclonus", "--no-input"], 3, "undetermined"),
]


@pytest.mark.parametrize(("args", "code", "verdict"), CASES)
def test_check_format_fhir_prints_the_observation(
    cli: Invoke, args: list[str], code: int, verdict: str
) -> None:
    """`oms check --format fhir`: the Observation on stdout, the verdict's exit code."""
    result = cli("check", "--format", "fhir", *args)
    assert (result.exit_code, result.stderr) == (code, "")
    resource = validated(json.loads(result.stdout))
    assert resource["valueCodeableConcept"]["coding"][0]["code"] == verdict
    assert "derivedFrom" not in resource


def test_from_a_response_the_observation_is_derived_from_it(cli: Invoke, tmp_path: Path) -> None:
    """With --from-fhir the Observation points at the response: by its id, or says where it was."""
    resource = response((Answer.YES, Answer.NO, Answer.YES, Answer.UNKNOWN, Answer.UNKNOWN,
                         Answer.YES), AgeGroup.CHILD)  # fmt: skip
    path = tmp_path / "response.json"
    path.write_text(json.dumps({**resource, "id": "qr-7"}), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path), "--format", "fhir")
    assert result.exit_code == 0, result.stderr
    made = validated(json.loads(result.stdout))
    assert made["derivedFrom"] == [{"reference": "QuestionnaireResponse/qr-7"}]
    anonymous = cli("check", "--from-fhir", "-", "--format", "fhir", input=json.dumps(resource))
    [reference] = validated(json.loads(anonymous.stdout))["derivedFrom"]
    assert reference == {
        "type": "QuestionnaireResponse",
        "display": "QuestionnaireResponse read from standard input",
    }


def test_a_response_with_a_bad_id_is_refused(cli: Invoke, tmp_path: Path) -> None:
    """An `id` that is not a FHIR id is exit 2 naming `id`, before anything is printed."""
    path = tmp_path / "response.json"
    bad = {**response((Answer.YES,) * 6, AgeGroup.UNKNOWN), "id": "no spaces allowed"}
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path), "--format", "fhir")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"oms: error: {path}: id: 'no spaces allowed' is not a FHIR id")


def test_batch_fhir_ndjson_is_one_observation_a_row(cli: Invoke) -> None:
    """All 729 rows: one valid Observation a line, in order, its identifier the row's id."""
    lines = ["id," + ",".join(FINDINGS)]
    combinations = list(all_combinations())
    lines += [
        f"r{n}," + ",".join(a.value for a in answers) for n, answers in enumerate(combinations)
    ]
    result = cli("batch", "-", "--input-format", "csv", "--format", "fhir-ndjson",
                 input="\n".join(lines) + "\n")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    rows = result.stdout.splitlines()
    assert len(rows) == 729
    for n, (line, answers) in enumerate(zip(rows, combinations, strict=True)):
        resource = json.loads(line)
        assert resource["identifier"] == [{"system": observation.ROW_ID_SYSTEM, "value": f"r{n}"}]
        check_against(resource, evaluate_answers(answers))
        if n % 50 == 0:
            validated(resource)


def test_batch_fhir_ndjson_keep_going_writes_an_operation_outcome(cli: Invoke) -> None:
    """With --keep-going a bad row is a valid OperationOutcome carrying the row and the message."""
    text = "id,opsoclonus\nA,yes\nB,perhaps\n"
    result = cli("batch", "-", "--format", "fhir-ndjson", "--keep-going", input=text)
    assert result.exit_code == 2
    good, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert good["resourceType"] == "Observation"
    OperationOutcome.model_validate(bad)
    [issue] = bad["issue"]
    assert issue["diagnostics"].startswith("row B: <stdin>:3: column 2 (opsoclonus): 'perhaps'")


def test_what_if_is_refused_beside_format_fhir(cli: Invoke) -> None:
    """--what-if has no place in an Observation: exit 2 with one line, nothing printed."""
    result = cli("check", "--opsoclonus", "--no-input", "--format", "fhir", "--what-if")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--what-if is not part of a FHIR Observation" in result.stderr
    assert result.stderr.count("\n") == 1
