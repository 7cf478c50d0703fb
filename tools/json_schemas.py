"""Writes the JSON Schemas (draft 2020-12) of what programs read from ``oms``, as data files.

``python -m tools.json_schemas`` rewrites ``oms_cli/interop/schemas/*.schema.json``; ``--check``
only compares (tests/test_schema.py fails when they disagree). The schemas are built here from the
rules' closed sets (findings, criteria, answers, statuses, verdicts, age groups, source numbers),
so that a schema cannot drift from the output it describes; ``oms schema NAME`` prints the files.
There is no validator in the product: the tests validate real outputs with ``jsonschema``.

The published schemas describe every key the output has, require the keys that the interface
contract makes binding, and leave objects open (``additionalProperties`` is not false) because the
contract allows keys to be added without a new ``schema_version``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from oms_cli import content
from oms_cli.content.sources import SOURCES
from oms_cli.interop.schema import SchemaName, schema_file
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    REQUIRED,
    AgeGroup,
    Answer,
    Criterion,
    Status,
    Verdict,
)
from oms_cli.views.json_object import SCHEMA_VERSION, TOOL, to_json
from tools import generated

DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]


def _enum(values: Iterable[StrEnum], description: str) -> Schema:
    return {"description": description, "enum": [value.value for value in values]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _object(properties: Schema, required: Iterable[str], **more: Any) -> Schema:
    return {"type": "object", "properties": properties, "required": list(required), **more}


DEFS: Schema = {
    "answer": _enum(
        Answer,
        f"A finding: yes; no ({content.NO_MEANS}); or unknown ({content.UNKNOWN_MEANS}; never "
        "read as no).",
    ),
    "status": _enum(Status, "A criterion: met if any of its findings is yes, not met if all no."),
    "verdict": _enum(Verdict, "The 3-of-4 rule's outcome; never a diagnosis."),
    "age_group": _enum(AgeGroup, "Age group; it changes the notes, never the verdict."),
    "criterion_id": {
        "description": "The id of one of the four criteria.",
        "enum": [criterion.id for criterion in CRITERIA],
    },
    "count": {"type": "integer", "minimum": 0, "maximum": len(CRITERIA)},
    "source_number": {
        "description": "A source as numbered in `oms sources`: 0 is the reference page itself.",
        "enum": [source.n for source in SOURCES],
    },
    "source_numbers": {"type": "array", "items": _ref("source_number"), "minItems": 1},
    "findings": _object(
        {finding.value: _ref("answer") for finding in FINDINGS},
        (finding.value for finding in FINDINGS),
        description="All six findings, each yes, no or unknown.",
        additionalProperties=False,
    ),
}


def _criterion(criterion: Criterion) -> Schema:
    """One entry of `criteria`: its id is fixed by its position, its findings by its id."""
    return _object(
        {
            "id": {"const": criterion.id},
            "title": {"type": "string"},
            "status": _ref("status"),
            "findings": _object(
                {finding.value: _ref("answer") for finding in criterion.findings},
                (finding.value for finding in criterion.findings),
                additionalProperties=False,
            ),
            "sources": _ref("source_numbers"),
        },
        ("id", "status", "findings", "sources"),
    )


def _term(term: tuple[str, str]) -> Schema:
    term_id, label = term
    return _object({"id": {"const": term_id}, "label": {"const": label}}, ("id", "label"))


def _codes() -> Schema:
    """The standard codes beside the tool's own: added in schema_version 1, an open object."""
    return _object(
        {
            "syndrome": _term(content.SYNDROME_CODE),
            "findings": _object(
                {finding.value: _term(term) for finding, term in content.HPO_TERMS.items()},
                (finding.value for finding in FINDINGS),
                description="Each finding's Human Phenotype Ontology (HPO) term.",
            ),
        },
        ("syndrome", "findings"),
        description="The syndrome's Orphanet code and each finding's HPO term.",
    )


def _when_verdict(verdict: Verdict, then: Schema) -> Schema:
    return {
        "if": {"properties": {"verdict": {"const": verdict.value}}, "required": ["verdict"]},
        "then": {"properties": then},
    }


CHECK_SCHEMA: Schema = {
    "$schema": DIALECT,
    "title": "oms check --format json",
    "description": (
        "One person's findings checked against the 3-of-4 rule for opsoclonus-myoclonus "
        "syndrome. An educational aid, not a diagnosis."
    ),
    "type": "object",
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "verdict": _ref("verdict"),
        "met_count": _ref("count"),
        "unknown_count": _ref("count"),
        "required": {"const": REQUIRED},
        "criteria": {
            "description": "The four criteria, always in this order.",
            "type": "array",
            "prefixItems": [_criterion(criterion) for criterion in CRITERIA],
            "items": False,
            "minItems": len(CRITERIA),
        },
        "findings": _ref("findings"),
        "codes": _codes(),
        "age_group": _ref("age_group"),
        "deciding": {
            "description": (
                "When the verdict is undetermined: the ids of the unknown criteria, each of which "
                "could still change the verdict (at least one). When the verdict is met or "
                "not_met it is decided, nothing is pending, and this is []."
            ),
            "type": "array",
            "items": _ref("criterion_id"),
            "uniqueItems": True,
        },
        "needed": {
            "description": (
                "When the verdict is undetermined: how many of the `deciding` criteria must turn "
                "out met for the verdict to become met (at least 1); if fewer do, it becomes "
                "not_met. When the verdict is met or not_met it is decided, nothing is pending, "
                "and this is 0."
            ),
            "type": "integer",
            "minimum": 0,
            "maximum": REQUIRED,
        },
        "notes": {
            "type": "array",
            "items": _object(
                {
                    "key": {"type": "string"},
                    "text": {"type": "string", "minLength": 1},
                    "sources": {
                        "description": (
                            "The note's source numbers; none only for the tool's own words "
                            f"(the not-met caveat, key {content.NOT_MET_CAVEAT_KEY})."
                        ),
                        "type": "array",
                        "items": _ref("source_number"),
                    },
                },
                ("text", "sources"),
                # The not-met caveat cites nothing; every other note cites at least one source.
                **{
                    "if": {
                        "properties": {"key": {"const": content.NOT_MET_CAVEAT_KEY}},
                        "required": ["key"],
                    },
                    "then": {"properties": {"sources": {"maxItems": 0}}},
                    "else": {"properties": {"sources": {"minItems": 1}}},
                },
            ),
        },
        "sources": {
            "description": "The sources cited in this output.",
            "type": "array",
            "items": _object(
                {
                    "n": _ref("source_number"),
                    "label": {"type": "string"},
                    "author": {"type": "string"},
                    "title": {"type": "string", "minLength": 1},
                    "publisher": {"type": "string"},
                    "date": {"type": "string"},
                    # The reference page has no address, so `url` can be empty: no "format": "uri".
                    "url": {"type": "string"},
                },
                ("n", "title", "url"),
            ),
        },
        "tool": _object(
            {"name": {"const": TOOL["name"]}, "version": {"type": "string", "minLength": 1}},
            ("name", "version"),
        ),
        "disclaimer": {"type": "string"},
        "not_counted": {
            "description": (
                "Only with --from-phenopacket: each phenotypic feature, disease or histology that "
                "made no finding yes or no (its term is not in this tool's counted sets, see "
                "docs/phenopackets.md); [] when every one counted. `finding` and `reason` are this "
                "tool's review, when it has one for the term; `label` is the phenopacket's own."
            ),
            "type": "array",
            "items": _object(
                {
                    "path": {"type": "string", "minLength": 1},
                    "id": {"type": "string", "minLength": 1},
                    "label": {"type": ["string", "null"]},
                    "excluded": {"type": "boolean"},
                    "finding": {"enum": [*(finding.value for finding in FINDINGS), None]},
                    "reason": {"type": ["string", "null"]},
                },
                ("path", "id", "label", "excluded", "finding", "reason"),
            ),
        },
        "what_if": {
            "description": (
                "Only with --what-if: each change of one finding, the others as recorded, that "
                "would give another verdict, and that verdict; [] when no single change would."
            ),
            "type": "array",
            "items": _object(
                {
                    "finding": {"enum": [finding.value for finding in FINDINGS]},
                    "from": _ref("answer"),
                    "to": _ref("answer"),
                    "verdict": _ref("verdict"),
                },
                ("finding", "from", "to", "verdict"),
            ),
        },
    },
    "required": [
        "schema_version",
        "verdict",
        "met_count",
        "unknown_count",
        "required",
        "criteria",
        "findings",
        "age_group",
        "deciding",
        "needed",
        "notes",
        "sources",
        "tool",
    ],
    "allOf": [
        _when_verdict(
            Verdict.MET,
            {
                "met_count": {"minimum": REQUIRED},
                "deciding": {"maxItems": 0},
                "needed": {"const": 0},
            },
        ),
        _when_verdict(
            Verdict.NOT_MET,
            {
                "met_count": {"maximum": REQUIRED - 1},
                "deciding": {"maxItems": 0},
                "needed": {"const": 0},
            },
        ),
        _when_verdict(
            Verdict.UNDETERMINED,
            {
                "met_count": {"maximum": REQUIRED - 1},
                "unknown_count": {"minimum": 1},
                "deciding": {"minItems": 1},
                "needed": {"minimum": 1},
            },
        ),
    ],
    "$defs": DEFS,
}

# The batch row, in one place so that it can follow `oms batch` as it lands (interface contract,
# section `oms batch`; issue 7): `id` always a string; the verdict and counts; the four criteria
# statuses keyed by criterion id (as the CSV columns are); the findings as read, nested, because
# two criterion ids are also finding ids; and with --keep-going an `error` on a row that could not
# be read, which then carries no result.
_RESULT_KEYS = ("verdict", "met_count", "unknown_count", *(c.id for c in CRITERIA))

BATCH_ROW_SCHEMA: Schema = {
    "$schema": DIALECT,
    "title": "oms batch --format jsonl: one row",
    "description": (
        "One line of `oms batch --format jsonl`: one person's verdict, or with --keep-going the "
        "error that kept a row from being read. An educational aid, not a diagnosis."
    ),
    "type": "object",
    "properties": {"id": {"type": "string"}},
    "required": ["id"],
    "oneOf": [
        {
            "title": "evaluated row",
            "properties": {
                "verdict": _ref("verdict"),
                "met_count": _ref("count"),
                "unknown_count": _ref("count"),
                **{criterion.id: _ref("status") for criterion in CRITERIA},
                "findings": _ref("findings"),
                "error": {"type": "null"},
            },
            "required": [*_RESULT_KEYS, "findings"],
        },
        {
            "title": "row with an error (--keep-going)",
            "properties": {
                "error": {"type": "string", "minLength": 1},
                **{key: {"type": "null"} for key in _RESULT_KEYS},
            },
            "required": ["error"],
        },
    ],
    "$defs": DEFS,
}

SCHEMAS: dict[SchemaName, Schema] = {
    SchemaName.CHECK: CHECK_SCHEMA,
    SchemaName.BATCH_ROW: BATCH_ROW_SCHEMA,
}
"""Every published schema by the name `oms schema NAME` takes."""


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with --check say whether they are up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0],
        "tools.json_schemas",
        lambda: {schema_file(name): to_json(schema) for name, schema in SCHEMAS.items()},
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
