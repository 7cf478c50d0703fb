"""The JSON Schemas (draft 2020-12) of what programs read from ``oms``, published by `oms schema`.

The schemas are data files in ``schemas/`` beside this module, written by ``python -m
tools.json_schemas`` from the rules' closed sets (findings, criteria, answers, statuses, verdicts,
age groups, source numbers), so that a schema cannot drift from the output it describes
(tests/test_schema.py checks the files are current). They describe every key the output has,
require the keys that the interface contract makes binding, and leave objects open
(``additionalProperties`` is not false) because the contract allows keys to be added without a
new ``schema_version``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any


class SchemaName(StrEnum):
    """The published JSON Schemas, by the name `oms schema NAME` takes."""

    CHECK = "check"
    BATCH_ROW = "batch-row"


def schema_file(name: SchemaName) -> Path:
    """The file of a published schema."""
    return Path(__file__).with_name("schemas") / f"{name.value}.schema.json"


def schema_text(name: SchemaName) -> str:
    """A schema as `oms schema NAME` prints it: indented JSON, newline-terminated."""
    return schema_file(name).read_text(encoding="utf-8")


def load(name: SchemaName) -> dict[str, Any]:
    """A schema as data."""
    data: dict[str, Any] = json.loads(schema_text(name))
    return data
