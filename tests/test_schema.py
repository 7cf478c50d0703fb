"""`oms schema`: the JSON Schemas accept every real output and reject what breaks the contract."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from oms_cli.interop.schema import SchemaName, load
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    AgeGroup,
    Assessment,
    all_combinations,
    evaluate,
    evaluate_answers,
)
from oms_cli.views.json_object import assessment_dict
from tests.conftest import Invoke
from tools import json_schemas

AGE_GROUPS = tuple(AgeGroup)


def combinations() -> Iterator[tuple[int, Assessment]]:
    """All 729 combinations; the age group cycles so that every group's notes are covered."""
    for index, answers in enumerate(all_combinations()):
        yield index, evaluate_answers(answers, AGE_GROUPS[index % len(AGE_GROUPS)])


def closed(schema: Any) -> Any:
    """The schema with every described object closed: an undescribed key then fails validation."""
    schema = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and node.get("type") == "object":
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


Mutation = Callable[[dict[str, Any]], None]


def errors(validator: Draft202012Validator, instance: object) -> list[str]:
    """Every validation error as a readable line, for assertion messages."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


SCHEMAS = {name: load(name) for name in SchemaName}
CHECK_SCHEMA = SCHEMAS[SchemaName.CHECK]
BATCH_ROW_SCHEMA = SCHEMAS[SchemaName.BATCH_ROW]
CHECK = Draft202012Validator(CHECK_SCHEMA)
BATCH_ROW = Draft202012Validator(BATCH_ROW_SCHEMA)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    """Each published schema is itself a valid draft 2020-12 schema and says so."""
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_combination_validates_against_the_check_schema() -> None:
    """All 729 outputs (every age group's notes too) are valid, even with every object closed.

    Closing only adds constraints, so this also shows them valid against the published schema,
    and that the schema leaves no key of the output undescribed.
    """
    strict = Draft202012Validator(closed(CHECK_SCHEMA))
    for index, assessment in combinations():
        assert errors(strict, assessment_dict(assessment)) == [], index


def test_closing_the_schema_only_adds_constraints() -> None:
    """The closed schema differs from the published one only by `additionalProperties: false`."""
    strict = closed(CHECK_SCHEMA)
    assert strict != CHECK_SCHEMA
    assert json.dumps(strict).replace(', "additionalProperties": false', "") == json.dumps(
        CHECK_SCHEMA
    ).replace(', "additionalProperties": false', "")
    assert '"not":' not in json.dumps(CHECK_SCHEMA)  # no negation that closing could loosen


def test_real_cli_output_validates(cli: Invoke) -> None:
    """What `oms check --format json` prints, for each verdict, is valid against the schema."""
    for args in (["--opsoclonus", "--ataxia", "--sleep"], ["--no-opsoclonus"], []):
        result = cli("check", "--no-input", "--format", "json", *args)
        assert errors(CHECK, json.loads(result.stdout)) == []


def check_data(**findings: str) -> dict[str, Any]:
    """The JSON dict of one check, findings given by name."""
    return assessment_dict(evaluate(findings))


MET = {"opsoclonus": "yes", "ataxia": "yes", "sleep": "yes"}
UNDETERMINED = {"opsoclonus": "yes", "ataxia": "yes"}


def _criteria_reversed(data: dict[str, Any]) -> None:
    data["criteria"].reverse()


def _fifth_criterion(data: dict[str, Any]) -> None:
    data["criteria"].append(dict(data["criteria"][0]))


def _finding_dropped(data: dict[str, Any]) -> None:
    del data["findings"]["sleep"]


def _finding_added(data: dict[str, Any]) -> None:
    data["findings"]["tremor"] = "yes"


def _criterion_finding_swapped(data: dict[str, Any]) -> None:
    data["criteria"][2]["findings"] = {"behavior": "yes", "sleep": "yes"}


def _note_without_sources(data: dict[str, Any]) -> None:
    data["notes"] = [{"key": "x", "text": "A note.", "sources": []}]


def _source_out_of_range(data: dict[str, Any]) -> None:
    data["sources"][0]["n"] = 6


@pytest.mark.parametrize(
    ("base", "mutate", "why"),
    [
        (MET, lambda d: d.update(verdict="maybe"), "verdict outside the enum"),
        (MET, lambda d: d.update(met_count=5), "more than four criteria met"),
        (MET, lambda d: d.update(schema_version=2), "another schema version"),
        (MET, lambda d: d.update(required=2), "a different rule"),
        (MET, lambda d: d.update(age_group="teen"), "age group outside the enum"),
        (MET, lambda d: d.pop("unknown_count"), "a contract key missing"),
        (MET, lambda d: d.update(tool={"name": "other", "version": "1"}), "another tool"),
        (MET, lambda d: d.update(deciding=["opsoclonus"]), "a met verdict with deciding criteria"),
        (MET, lambda d: d.update(met_count=2), "met with fewer than three met"),
        (UNDETERMINED, lambda d: d.update(needed=0), "undetermined needing nothing"),
        (UNDETERMINED, lambda d: d.update(deciding=[]), "undetermined with nothing deciding"),
        (UNDETERMINED, lambda d: d.update(deciding=["tremor"]), "an unknown criterion id"),
        (MET, _criteria_reversed, "criteria out of order"),
        (MET, _fifth_criterion, "a fifth criterion"),
        (MET, _finding_dropped, "a finding missing"),
        (MET, _finding_added, "a seventh finding"),
        (MET, _criterion_finding_swapped, "a criterion with another's findings"),
        (UNDETERMINED, _note_without_sources, "a note without a source"),
        (MET, _source_out_of_range, "a source number that does not exist"),
    ],
)
def test_the_check_schema_rejects_broken_output(
    base: dict[str, str], mutate: Mutation, why: str
) -> None:
    """Each way of breaking the contract is caught by the schema (it is not vacuous)."""
    data = check_data(**base)
    assert errors(CHECK, data) == []
    mutate(data)
    assert errors(CHECK, data), why


def batch_row(row_id: str, assessment: Assessment) -> dict[str, Any]:
    """A jsonl row as the contract describes it (until the real `oms batch` is validated below)."""
    return {
        "id": row_id,
        "verdict": assessment.verdict.value,
        "met_count": assessment.met_count,
        "unknown_count": assessment.unknown_count,
        **{result.criterion.id: result.status.value for result in assessment.criteria},
        "findings": {finding.value: answer.value for finding, answer in assessment.findings},
    }


def test_rows_of_every_combination_validate_against_the_batch_row_schema() -> None:
    """A row for each of the 729 combinations, as the contract describes it, is valid."""
    for index, assessment in combinations():
        assert errors(BATCH_ROW, batch_row(str(index), assessment)) == [], index


def test_a_keep_going_error_row_validates() -> None:
    """With --keep-going a bad row carries its id and an `error`, and no result."""
    row = {"id": "7", "error": "cases.jsonl:7: key 'sleep': 'perhaps' is not yes, no or unknown"}
    assert errors(BATCH_ROW, row) == []
    assert errors(BATCH_ROW, {**row, "verdict": None}) == []


GOOD_ROW = batch_row("a", evaluate(MET))


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ({**GOOD_ROW, "id": 1}, "an id that is a number"),
        ({k: v for k, v in GOOD_ROW.items() if k != "id"}, "no id"),
        ({k: v for k, v in GOOD_ROW.items() if k != "behavior_sleep"}, "a criterion missing"),
        ({k: v for k, v in GOOD_ROW.items() if k != "findings"}, "no findings"),
        ({**GOOD_ROW, "opsoclonus": "yes"}, "a criterion status that is an answer"),
        ({**GOOD_ROW, "error": "bad"}, "an error on a row that has a result"),
        ({"id": "a", "error": ""}, "an empty error"),
        ({"id": "a"}, "neither a result nor an error"),
    ],
)
def test_the_batch_row_schema_rejects_broken_rows(row: dict[str, Any], why: str) -> None:
    """Each way of breaking the row contract is caught."""
    assert errors(BATCH_ROW, GOOD_ROW) == []
    assert errors(BATCH_ROW, row), why


def test_oms_schema_prints_each_schema(cli: Invoke) -> None:
    """`oms schema NAME` prints exactly the published schema as JSON and exits 0."""
    for name, schema in SCHEMAS.items():
        result = cli("schema", name)
        assert (result.exit_code, result.stderr) == (0, "")
        assert json.loads(result.stdout) == schema


def test_oms_schema_without_a_name_lists_them(cli: Invoke) -> None:
    """`oms schema` alone lists each schema's name with what it describes."""
    result = cli("schema")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == list(SCHEMAS)
    assert "oms check --format json" in result.stdout


def test_oms_schema_refuses_an_unknown_name(cli: Invoke) -> None:
    """An unknown schema name is exit 2, naming it and the valid names."""
    result = cli("schema", "table")
    assert result.exit_code == 2
    assert result.stdout == ""
    for word in ("'table'", "check", "batch-row"):
        assert word in result.stderr


def test_the_schema_files_are_what_the_closed_sets_make() -> None:
    """Each published file is exactly what tools/json_schemas.py builds from the rules' sets."""
    assert list(json_schemas.SCHEMAS) == list(SchemaName)
    for name, built in json_schemas.SCHEMAS.items():
        assert SCHEMAS[name] == built, "run python -m tools.json_schemas"
    assert json_schemas.main(["--check"]) == 0


def test_the_schema_follows_the_rules_closed_sets() -> None:
    """Findings and criteria in the schema are the rules' own, in their order."""
    assert list(CHECK_SCHEMA["$defs"]["findings"]["properties"]) == [f.value for f in FINDINGS]
    prefix = CHECK_SCHEMA["properties"]["criteria"]["prefixItems"]
    assert [item["properties"]["id"]["const"] for item in prefix] == [c.id for c in CRITERIA]


def test_real_batch_rows_validate(cli: Invoke, tmp_path: Path) -> None:
    """Every row `oms batch --format jsonl` writes for all 729 combinations is valid."""
    cases = tmp_path / "cases.jsonl"
    lines = []
    for index, answers in enumerate(all_combinations()):
        row = {
            "id": f"case-{index}",
            **{f.value: a.value for f, a in zip(FINDINGS, answers, strict=True)},
        }
        lines.append(json.dumps(row))
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("batch", str(cases), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 729
    for row in rows:
        assert errors(BATCH_ROW, row) == [], row


def test_real_keep_going_rows_validate(cli: Invoke, tmp_path: Path) -> None:
    """With --keep-going, good rows and the bad row's error row are all valid."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "good", "opsoclonus": "yes"}\n{"id": "bad", "sleep": "perhaps"}\n',
        encoding="utf-8",
    )
    result = cli("batch", str(cases), "--format", "jsonl", "--keep-going")
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["good", "bad"]
    assert rows[1]["error"]
    for row in rows:
        assert errors(BATCH_ROW, row) == [], row


@pytest.mark.parametrize(("key", "nothing"), [("deciding", "[]"), ("needed", "0")])
def test_deciding_and_needed_say_what_they_mean_when_nothing_is_pending(
    key: str, nothing: str
) -> None:
    """`deciding` and `needed` are described for both cases: undetermined, and decided (issue 15).

    The description says what the key holds when the verdict is undetermined, and that a decided
    verdict (met or not_met) has nothing pending, shown as [] or 0; the types stay as they were.
    """
    described = CHECK_SCHEMA["properties"][key]
    text = described["description"]
    assert "undetermined" in text
    assert "met or not_met it is decided, nothing is pending" in text
    assert f"this is {nothing}." in text
    assert described["type"] == ("array" if key == "deciding" else "integer")


def test_answer_says_no_means_looked_for_and_not_found() -> None:
    """The schema's `answer` says what no and unknown mean, in the words used everywhere."""
    text = CHECK_SCHEMA["$defs"]["answer"]["description"]
    assert "no (looked for and not found)" in text
    assert "unknown (not looked for, or not known; never read as no)" in text
