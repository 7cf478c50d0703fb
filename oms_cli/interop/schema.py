"""The JSON Schemas (draft 2020-12) of what programs read from ``oms``, published by `oms schema`.

Data files in ``schemas/``, written from the rules' closed sets by ``python -m tools.json_schemas``.
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
