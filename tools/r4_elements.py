"""The FHIR R4 elements of a QuestionnaireResponse, as data the strict reader checks keys against.

``python -m tools.r4_elements`` rewrites ``oms_cli/interop/r4_elements.json`` from the official
``fhir.resources`` models (R4B, which for these elements is R4 but for two extension value types
R4B added); ``--check`` only compares (tests/test_fhir.py fails when they disagree). The package
is a test dependency: the reader itself needs only this file.

Each table maps an element's JSON key to its kind: a FHIR primitive type (``"string"``,
``"code"``, ``"uri"``...; ``canonical`` and ``url`` read as ``uri``, ``markdown`` and ``xhtml`` as
``string``), ``"uris"`` for an array of uris, ``"extensions"``, ``"Reference"`` (``"References"``
for an array) or one of the other data types checked one level deep, and ``"object"`` or
``"objects"`` for the rest (checked only for their JSON kind). Which elements the reader reads
itself, and which are modifiers, is `oms_cli.interop.r4`'s part.
"""

from __future__ import annotations

import json
import types
import typing
import uuid
from pathlib import Path
from typing import Any

from oms_cli.interop.r4 import ELEMENTS_FILE
from tools import generated

TARGET = Path(ELEMENTS_FILE)
R4B_ONLY = frozenset({"valueCodeableReference", "valueRatioRange"})
"""Extension value types that R4B added to R4: not R4, so not accepted."""
_AS = {"canonical": "uri", "url": "uri", "markdown": "string", "xhtml": "string"}
_PLAIN: dict[Any, str] = {bool: "boolean", uuid.UUID: "uuid"}
"""The primitive types the models give as plain Python types."""
CHECKED = ("Reference", "Narrative", "Meta", "Identifier")
"""The data types a QuestionnaireResponse holds whose own elements are checked, one level deep."""


def _type(annotation: Any) -> tuple[str, bool]:
    """A field's FHIR type name and whether it is an array."""
    options = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(options) == 1:
        return _type(options[0])
    if typing.get_origin(annotation) is list:
        return _type(typing.get_args(annotation)[0])[0], True
    if typing.get_origin(annotation) is typing.Annotated:
        fhir = [type(m).__name__ for m in annotation.__metadata__ if _is_fhir_type(m)]
        if fhir:
            return fhir[-1][0].lower() + fhir[-1][1:], False
        return _type(typing.get_args(annotation)[0])
    if annotation in _PLAIN:
        return _PLAIN[annotation], False
    return str(annotation.__name__).removesuffix("Type"), False


def _is_fhir_type(marker: object) -> bool:
    return type(marker).__module__.startswith("fhir_core.")


def elements(model: Any, checked: tuple[str, ...]) -> dict[str, str]:
    """The kinds of a model's elements, by JSON key (``_name`` beside a primitive left out)."""
    table: dict[str, str] = {}
    for field in model.model_fields.values():
        key = field.alias
        if key == "fhir_comments" or key.startswith("_") or key in R4B_ONLY:
            continue
        name, many = _type(field.annotation)
        if name == "Extension":
            table[key] = "extensions"
            continue
        elif name[0].islower():
            kind = _AS.get(name, name)
            if many and kind != "uri":
                raise ValueError(f"{key}: an array of {kind} is not a kind of the reader")
        elif name in checked:
            kind = name
        else:
            kind = "object"
        table[key] = kind + "s" if many else kind
    return dict(sorted(table.items()))


def table() -> dict[str, Any]:
    """The tables, read from the R4B models."""
    from fhir.resources.R4B import (
        coding,
        extension,
        identifier,
        meta,
        narrative,
        questionnaireresponse,
        reference,
    )

    qr = questionnaireresponse
    data_types: dict[str, Any] = {
        "Reference": reference.Reference,
        "Narrative": narrative.Narrative,
        "Meta": meta.Meta,
        "Identifier": identifier.Identifier,
    }
    return {
        "QuestionnaireResponse": elements(qr.QuestionnaireResponse, CHECKED),
        "QuestionnaireResponseItem": elements(qr.QuestionnaireResponseItem, CHECKED),
        "QuestionnaireResponseItemAnswer": elements(qr.QuestionnaireResponseItemAnswer, CHECKED),
        "Coding": elements(coding.Coding, CHECKED),
        "Extension": elements(extension.Extension, ()),
        **{name: elements(model, ("Reference",)) for name, model in data_types.items()},
        "required": {
            name: sorted(
                field.alias
                for field in model.model_fields.values()
                if (field.json_schema_extra or {}).get("element_required")
            )
            for name, model in data_types.items()
        },
    }


def render() -> str:
    """The text of the JSON file: one table a line."""
    items = list(table().items())
    lines = ["{"]
    for n, (name, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(value)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.r4_elements", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
