"""The fields of the GA4GH Phenopacket v2 schema, as data the strict reader checks keys against.

``python -m tools.phenopacket_schema`` rewrites ``oms_cli/interop/phenopacket_v2.json`` from the
official ``phenopackets`` package (its protobuf descriptors); ``--check`` only compares
(tests/test_phenopacket.py fails when they disagree). The package is a test dependency: the
reader itself reads plain JSON with this table, so the product needs no protobuf.

The tables are those of `oms_cli.interop.strict`: each message (by full name) maps each field's
JSON name to ``[kind, repeated, oneof]``, followed by the field's own name when that differs
(protobuf's JSON parser accepts both). Kinds:
``string``, ``bool``, ``int32``, ``int64``, ``uint32``, ``uint64``, ``double``, ``float``,
``timestamp``, ``map`` (text to text), ``enum:NAME`` or ``message:NAME``. ``enums`` lists each
enum's value names; ``v1_fields`` the keys of Phenopacket Schema v1 that v2 does not have (from the
package's v1 schema), each with what v2 has instead, so that a v1 phenopacket is named as one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oms_cli.interop.phenopacket import SCHEMA_FILE
from tools import generated

TARGET = Path(SCHEMA_FILE)
_SCALARS = {
    "TYPE_STRING": "string",
    "TYPE_BOOL": "bool",
    "TYPE_DOUBLE": "double",
    "TYPE_FLOAT": "float",
    "TYPE_INT32": "int32",
    "TYPE_INT64": "int64",
    "TYPE_UINT32": "uint32",
    "TYPE_UINT64": "uint64",
    "TYPE_SINT32": "int32",
    "TYPE_SINT64": "int64",
    "TYPE_FIXED32": "uint32",
    "TYPE_FIXED64": "uint64",
    "TYPE_SFIXED32": "int32",
    "TYPE_SFIXED64": "int64",
}


V1_FIELDS = {
    "negated": "v2 says excluded",
    "genes": "v2 puts genes in interpretations",
    "variants": "v2 puts variants in interpretations",
    "htsFiles": "v2 says files",
    "ageOfOnset": "v2 says onset",
    "ageRangeOfOnset": "v2 says onset",
    "classOfOnset": "v2 says onset",
    "ageAtCollection": "v2 says timeAtLastEncounter",
    "ageRangeAtCollection": "v2 says timeAtLastEncounter",
    "ageOfIndividualAtCollection": "v2 says timeOfCollection",
    "ageRangeOfIndividualAtCollection": "v2 says timeOfCollection",
    "tnmFinding": "v2 says clinicalTnmFinding",
    "isControlSample": "v2 has no such field",
}
"""What v2 has instead of each v1 key it lacks (in the messages a phenopacket holds)."""


def json_keys(descriptor: Any, seen: set[str] | None = None) -> set[tuple[str, str]]:
    """Every (JSON key, message name) of a message and of the messages inside it."""
    seen = set() if seen is None else seen
    if descriptor.full_name in seen:
        return set()
    seen.add(descriptor.full_name)
    found = {(field.json_name, descriptor.name) for field in descriptor.fields}
    for field in descriptor.fields:
        if field.message_type is not None:
            found |= json_keys(field.message_type, seen)
    return found


def v1_fields() -> dict[str, str]:
    """The v1 keys that v2 lacks, outside v1's variant records, with what v2 has instead."""
    from phenopackets.schema.v1 import phenopackets_pb2
    from phenopackets.schema.v2 import Phenopacket

    outer = {"Phenopacket", "PhenotypicFeature", "Disease", "Individual", "Biosample"}
    v2 = {key for key, _ in json_keys(Phenopacket.DESCRIPTOR)}
    v1 = {key for key, message in json_keys(phenopackets_pb2.Phenopacket.DESCRIPTOR)
          if key not in v2 and message in outer}  # fmt: skip
    if v1 != set(V1_FIELDS):
        raise SystemExit(f"the v1 keys v2 lacks are now {sorted(v1)}: update V1_FIELDS")
    return V1_FIELDS


def table() -> dict[str, Any]:
    """The schema table, walked from the Phenopacket message of the official package."""
    from google.protobuf.descriptor import FieldDescriptor
    from phenopackets.schema.v2 import Phenopacket

    type_names = {number: name for name, number in vars(FieldDescriptor).items()
                  if name.startswith("TYPE_")}  # fmt: skip
    messages: dict[str, dict[str, list[Any]]] = {}
    enums: dict[str, list[str]] = {}
    stack = [Phenopacket.DESCRIPTOR]
    while stack:
        message = stack.pop()
        if message.full_name in messages:
            continue
        fields: dict[str, list[Any]] = {}
        for field in message.fields:
            if field.message_type is not None and field.message_type.GetOptions().map_entry:
                kind = "map"
            elif field.message_type is not None and (
                field.message_type.full_name == "google.protobuf.Timestamp"
            ):
                kind = "timestamp"
            elif field.message_type is not None:
                kind = f"message:{field.message_type.full_name}"
                stack.append(field.message_type)
            elif field.enum_type is not None:
                kind = f"enum:{field.enum_type.full_name}"
                enums[field.enum_type.full_name] = [value.name for value in field.enum_type.values]
            else:
                kind = _SCALARS[type_names[field.type]]
            oneof = field.containing_oneof.name if field.containing_oneof is not None else None
            # A map is one JSON object, though protobuf counts it a repeated field of entries.
            row = [kind, field.is_repeated and kind != "map", oneof]
            fields[field.json_name] = row if field.name == field.json_name else [*row, field.name]
        messages[message.full_name] = fields
    return {
        "root": Phenopacket.DESCRIPTOR.full_name,
        "tables": dict(sorted(messages.items())),
        "enums": dict(sorted(enums.items())),
        "v1_fields": v1_fields(),
    }


def render() -> str:
    """The text of the JSON file: one message, or one enum, a line."""
    return generated.json_text(table(), one_a_line=("tables", "enums"))


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.phenopacket_schema", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
