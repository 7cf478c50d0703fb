"""The walk of both strict readers: every key of a JSON object must be a field of its table.

The tables (phenopacket_v2.json, r4_elements.json) are made from the official packages by tools/.
A reader subclasses `Schema` for its scalar kinds and its words for an unknown key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oms_cli.files.jsonread import json_kind
from oms_cli.files.textsafe import quoted, visible


class Invalid(ValueError):
    """A value the tables do not allow: its JSON path, and what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)


def join(path: str, key: str) -> str:
    """The path of a key below ``path``; a key from a file is shown escaped."""
    return f"{path}.{visible(key)}" if path else visible(key)


def shown(value: object) -> str:
    """A JSON value as a message names it: a string quoted, an object or array by its kind."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict | list):
        return json_kind(value)
    return visible(json.dumps(value))


def expect(value: object, kind: type, name: str, path: str) -> Any:
    """``value`` if it is a ``kind`` (true and false are no numbers); else `Invalid` at ``path``."""
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise Invalid(path, f"expected {name}, got {json_kind(value)}")
    return value


@dataclass(frozen=True, slots=True)
class Field:
    """A field: its kind (``message:NAME``: an object of table NAME), and the rest of its row."""

    kind: str
    repeated: bool = False
    oneof: str | None = None
    key: str = ""


class Schema:
    """Tables of fields, read from a data file, and the walk that checks JSON against them."""

    nulls_absent = False  # protobuf's JSON reads null as an absent field
    empty: str | None = None  # the problem of an empty object, where one is refused

    def __init__(self, path: Path) -> None:
        self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self.tables: dict[str, dict[str, Field]] = {}
        for name, rows in self.data["tables"].items():
            table = self.tables[name] = {}
            # A row is [kind, repeated, oneof], then any other key the field may be given by.
            for key, (kind, repeated, oneof, *aliases) in rows.items():
                for alias in (key, *aliases):
                    table[alias] = Field(kind, repeated, oneof, key)

    def what(self, name: str) -> str:
        """How messages name an object of table ``name``."""
        raise NotImplementedError

    def unknown(self, key: str, name: str) -> str:
        """The problem of a key that table ``name`` does not define."""
        raise NotImplementedError

    def scalar(self, value: object, kind: str, path: str) -> None:
        """Refuse a value that is not of the scalar ``kind``."""
        raise NotImplementedError

    def check(self, value: object, name: str = "", path: str = "") -> None:
        """Refuse what table ``name`` (by default the root's) does not allow in ``value``."""
        name = name or self.data["root"]
        found = expect(value, dict, "an object", path)
        if not found and self.empty is not None:
            raise Invalid(path, self.empty)
        table = self.tables[name]
        given: dict[str, str] = {}
        chosen: dict[str, str] = {}
        for key, element in found.items():
            field = table.get(key)
            where = join(path, key)
            if field is None:
                raise Invalid(where, self.unknown(key, name))
            if field.key in given:
                raise Invalid(where, f"given beside {given[field.key]}; give one of them")
            given[field.key] = key
            if element is None and self.nulls_absent:
                continue
            if field.oneof is not None:
                if field.oneof in chosen:
                    problem = f"given beside {chosen[field.oneof]}; only one may be given"
                    raise Invalid(where, problem)
                chosen[field.oneof] = key
            if field.repeated:
                for index, item in enumerate(expect(element, list, "an array", where)):
                    self.check_value(item, field.kind, f"{where}[{index}]")
            else:
                self.check_value(element, field.kind, where)
        for key in self.data.get("required", {}).get(name, ()):
            if key not in found:
                raise Invalid(join(path, key), f"missing (required in {self.what(name)})")

    def check_value(self, value: object, kind: str, path: str) -> None:
        """Refuse a value that is not of ``kind``: an object of a table, or a scalar."""
        if kind.startswith("message:"):
            self.check(value, kind.removeprefix("message:"), path)
        else:
            self.scalar(value, kind, path)
