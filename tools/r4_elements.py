"""The FHIR R4 elements of a QuestionnaireResponse, as tables the strict reader checks keys against.

``python -m tools.r4_elements`` rewrites ``oms_cli/interop/r4_elements.json`` from the official
``fhir.resources`` models (R4B, which for these elements is R4 but for two extension value types
R4B added); ``--check`` only compares (tests/test_fhir.py fails when they disagree). The package
is a test dependency: the reader itself needs only this file.

The tables are those of `oms_cli.interop.strict`: each element's JSON key maps to ``[kind,
repeated, oneof]``. A kind is a FHIR primitive type (``"string"``, ``"code"``, ``"uri"``...;
``canonical`` and ``url`` read as ``uri``, ``markdown`` and ``xhtml`` as ``string``),
``"message:NAME"`` for a type whose own elements are checked (the response's parts, and the data
types it holds one level deep), or ``"object"`` for the rest (checked only for its JSON kind).
``required`` lists the elements each type must have.
"""

from __future__ import annotations

import types
import typing
import uuid
from pathlib import Path
from typing import Any

from oms_cli.interop.fhir import ELEMENTS_FILE
from tools import generated

TARGET = Path(ELEMENTS_FILE)
R4B_ONLY = frozenset({"valueCodeableReference", "valueRatioRange"})
"""Extension value types that R4B added to R4: not R4, so not accepted."""
_AS = {"canonical": "uri", "url": "uri", "markdown": "string", "xhtml": "string"}
_PLAIN: dict[Any, str] = {bool: "boolean", uuid.UUID: "uuid"}
"""The primitive types the models give as plain Python types."""
RESPONSE = (
    "QuestionnaireResponse",
    "QuestionnaireResponseItem",
    "QuestionnaireResponseItemAnswer",
    "Coding",
)
DATA_TYPES = ("Reference", "Narrative", "Meta", "Identifier", "FHIRPrimitiveExtension")
"""The data types a response holds but oms does not read: their own elements are checked, and
inside them only references and extensions (one level deep)."""


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


def elements(model: Any, walked: tuple[str, ...]) -> dict[str, list[Any]]:
    """The rows of a model's elements, by JSON key; the types in ``walked`` are checked inside."""
    rows: dict[str, list[Any]] = {}
    for field in model.model_fields.values():
        key = field.alias
        if key == "fhir_comments" or key in R4B_ONLY:
            continue
        name, many = _type(field.annotation)
        if name[0].islower():
            kind = _AS.get(name, name)
        else:
            kind = f"message:{name}" if name in walked else "object"
        oneof = (field.json_schema_extra or {}).get("one_of_many")
        if model.__name__ == "Extension" and key == "extension":
            oneof = "value"  # ext-1: an extension has a value or extensions, not both
        rows[key] = [kind, many, oneof]
    return dict(sorted(rows.items()))


def table() -> dict[str, Any]:
    """The tables, read from the R4B models."""
    from fhir.resources.R4B import (
        coding,
        extension,
        fhirprimitiveextension,
        identifier,
        meta,
        narrative,
        questionnaireresponse,
        reference,
    )

    qr = questionnaireresponse
    models: dict[str, Any] = {
        "QuestionnaireResponse": qr.QuestionnaireResponse,
        "QuestionnaireResponseItem": qr.QuestionnaireResponseItem,
        "QuestionnaireResponseItemAnswer": qr.QuestionnaireResponseItemAnswer,
        "Coding": coding.Coding,
        "Extension": extension.Extension,
        "Reference": reference.Reference,
        "Narrative": narrative.Narrative,
        "Meta": meta.Meta,
        "Identifier": identifier.Identifier,
        "FHIRPrimitiveExtension": fhirprimitiveextension.FHIRPrimitiveExtension,
    }
    walked = {
        **dict.fromkeys(RESPONSE, tuple(models)),
        **dict.fromkeys(DATA_TYPES, ("Reference", "Extension", "FHIRPrimitiveExtension")),
        "Extension": ("Extension",),
    }
    tables = {name: elements(model, walked[name]) for name, model in models.items()}
    # FHIR JSON names the resource's type in the resource itself; the models keep it apart.
    tables["QuestionnaireResponse"]["resourceType"] = ["code", False, None]
    required = {
        name: sorted(
            field.alias
            for field in model.model_fields.values()
            if (field.json_schema_extra or {}).get("element_required")
        )
        for name, model in models.items()
    }
    return {
        "root": "QuestionnaireResponse",
        "tables": tables,
        "required": {name: keys for name, keys in required.items() if keys},
    }


def render() -> str:
    """The text of the JSON file: one table a line."""
    return generated.json_text(table(), one_a_line=("tables",))


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.r4_elements", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
