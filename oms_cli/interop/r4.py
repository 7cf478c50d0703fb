"""FHIR R4 rules for a QuestionnaireResponse's elements: the keys each may hold, and their kind.

`check_elements` and `check_item_tree` refuse a key that its element does not define where it
stands (read as nothing, a misspelt ``answers`` or ``items`` would turn answered questions into
unknown ones), a modifier (``modifierExtension``, ``implicitRules``: FHIR forbids a reader to
ignore one it does not know), and a value whose JSON kind or R4 pattern is wrong. They raise
`ElementError` with the element's path; `oms_cli.interop.fhir` reads what they let through.

Each element's FHIR kind comes from r4_elements.json beside this module, made from the official
R4B models by ``python -m tools.r4_elements`` (its docstring lists the kinds); this module adds
what is oms's own: the elements the reader reads itself (`READ_BY_OMS`), the modifiers, and the
R4 patterns of the primitive types. Standard library only.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from oms_cli.files.jsonread import json_kind
from oms_cli.files.textsafe import quoted, visible


class ElementError(ValueError):
    """An element that R4 does not allow where it stands: its path, and what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def shown(value: object) -> str:
    """A JSON value as a message names it: a string quoted, an object or array by its kind."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict | list):
        return json_kind(value)
    return visible(json.dumps(value))


def wrong_type(value: object, expected: str, path: str) -> ElementError:
    """The error for a value of another JSON kind than ``expected``."""
    return ElementError(path, f"expected {expected}, got {json_kind(value)}")


def as_object(value: object, path: str) -> dict[str, Any]:
    """``value`` if it is a JSON object; `ElementError` at ``path`` if not."""
    if not isinstance(value, dict):
        raise wrong_type(value, "an object", path)
    return value


def as_array(value: object, path: str) -> list[Any]:
    """``value`` if it is a JSON array; `ElementError` at ``path`` if not."""
    if not isinstance(value, list):
        raise wrong_type(value, "an array", path)
    return value


READ = "read"
"""Checked by the reader where it reads the element (its meaning, not only its form)."""
MODIFIER = "modifier"
"""An element that may change the meaning of what holds it: refused, as FHIR requires of a reader
that does not know it (modifierExtension, implicitRules)."""
MODIFIERS = frozenset({"modifierExtension", "implicitRules"})
READ_BY_OMS: dict[str, frozenset[str]] = {
    "QuestionnaireResponse": frozenset({"resourceType", "id", "questionnaire", "status", "item"}),
    "QuestionnaireResponseItem": frozenset({"linkId", "answer", "item"}),
    "QuestionnaireResponseItemAnswer": frozenset({"valueCoding", "item"}),
    "Coding": frozenset({"system", "code"}),
}
"""The elements `oms_cli.interop.fhir` reads itself, per table."""
ELEMENTS_FILE = Path(__file__).with_name("r4_elements.json")
_EXTENSIONS = "extensions"
_DATA_TYPES = ("Reference", "Narrative", "Meta", "Identifier")
"""The data types the resource holds but oms does not read: their keys and kinds are checked, one
level deep (what is inside their own objects only for its kind)."""


@dataclass(frozen=True)
class Table:
    """The elements of one FHIR type: each key's FHIR kind, and how oms treats it."""

    name: str
    what: str
    kinds: dict[str, str]
    """The FHIR kind of each element (from r4_elements.json)."""
    required: tuple[str, ...] = ()

    def rule(self, key: str, *, read: bool) -> str | None:
        """READ, MODIFIER, the kind to check, or None for a key the type does not define."""
        if key in MODIFIERS:
            return MODIFIER
        kind = self.kinds.get(key)
        if key in READ_BY_OMS.get(self.name, ()):
            return kind if not read and kind in _PRIMITIVE_KINDS else READ
        return kind


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


@cache
def table(name: str) -> Table:
    """The elements of ``name`` (``QuestionnaireResponse``, ``Coding``, ``Reference``...)."""
    data = json.loads(ELEMENTS_FILE.read_text(encoding="utf-8"))
    whats = {
        "QuestionnaireResponse": "a QuestionnaireResponse",
        "QuestionnaireResponseItem": "a QuestionnaireResponse item",
        "QuestionnaireResponseItemAnswer": "an answer",
    }
    required = tuple(data["required"].get(name, ()))
    return Table(name, whats.get(name, _article(name)), data[name], required)


_PRIMITIVE_ELEMENT = Table(
    "Element", "a primitive element", {"id": "string", "extension": _EXTENSIONS}
)
"""What ``_name`` may hold beside a primitive ``name``: an id and extensions (FHIR JSON)."""

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DAY = r"(0[1-9]|[1-2][0-9]|3[0-1])"
_MONTH = r"(0[1-9]|1[0-2])"
_PRIMITIVE_PATTERNS = {
    "string": re.compile(r"[ \r\n\t\S]+"),
    "code": re.compile(r"[^\s]+(\s[^\s]+)*"),
    "uri": re.compile(r"\S*"),
    "id": re.compile(r"[A-Za-z0-9\-.]{1,64}"),
    "oid": re.compile(r"urn:oid:[0-2](\.(0|[1-9][0-9]*))+"),
    "uuid": re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "base64Binary": re.compile(r"(\s*([0-9a-zA-Z+/=]){4}\s*)+"),
    "date": re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY})?)?"),
    "dateTime": re.compile(rf"{_YEAR}(-{_MONTH}(-{_DAY}(T{_TIME}{_ZONE})?)?)?"),
    "instant": re.compile(rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}"),
    "time": re.compile(_TIME),
}
"""The R4 regular expressions of the primitive types written as strings (matching the whole)."""
_SMALLEST = {"integer": -(2**31), "unsignedInt": 0, "positiveInt": 1}
"""The R4 integer types (32 bits), each with its smallest value."""
_PRIMITIVE_KINDS = frozenset({*_PRIMITIVE_PATTERNS, *_SMALLEST, "boolean", "decimal"})


def _undefined(key: str, table: Table, path: str) -> ElementError:
    names = {*table.kinds, *READ_BY_OMS.get(table.name, ())} - {"id"}
    close = difflib.get_close_matches(key, sorted(names), n=1)
    hint = f" (did you mean {quoted(close[0])}?)" if close else ""
    return ElementError(
        f"{path}.{visible(key)}" if path else visible(key),
        f"not an element of {table.what} in FHIR R4{hint}",
    )


def _each(value: object, path: str, *, many: bool) -> list[tuple[dict[str, Any], str]]:
    """The objects of an element (an array of them when ``many``), each with its path."""
    if not many:
        return [(as_object(value, path), path)]
    return [
        (as_object(element, f"{path}[{index}]"), f"{path}[{index}]")
        for index, element in enumerate(as_array(value, path))
    ]


def _check_data_type(value: object, kind: str, path: str) -> None:
    """A Reference, Meta... (or an array of them, when ``kind`` ends in s): keys one level deep."""
    many = kind not in _DATA_TYPES
    elements = table(kind.removesuffix("s"))
    for child, child_path in _each(value, path, many=many):
        if not child:
            raise ElementError(child_path, "empty; FHIR has no empty elements")
        check_elements(child, elements, child_path)
        for required in elements.required:
            if required not in child:
                raise ElementError(
                    f"{child_path}.{required}", f"missing (required in {elements.what})"
                )


def _check_extensions(value: object, path: str) -> None:
    """Extensions: each with its url, and one value or nested extensions (not both)."""
    for child, child_path in _each(value, path, many=True):
        check_elements(child, table("Extension"), child_path)
        if "url" not in child:
            raise ElementError(f"{child_path}.url", "missing (every extension has one)")
        parts = [visible(key) for key in child if key.startswith("value")]
        parts += ["extension"] if "extension" in child else []
        if len(parts) > 1:
            raise ElementError(
                child_path, f"{', '.join(parts)}: an extension has one value or extensions"
            )


def _check_primitive(value: object, kind: str, path: str) -> None:
    """A boolean, a number of an R4 number type, or a string matching its R4 pattern."""
    if kind == "boolean":
        if not isinstance(value, bool):
            raise wrong_type(value, "a boolean", path)
    elif kind == "decimal":
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise wrong_type(value, "a number", path)
    elif kind in _SMALLEST:
        if not isinstance(value, int) or isinstance(value, bool):
            raise wrong_type(value, "a whole number", path)
        if not _SMALLEST[kind] <= value < 2**31:
            raise ElementError(path, f"{shown(value)} is out of the range of a FHIR {kind}")
    elif not isinstance(value, str):
        raise wrong_type(value, "a string", path)
    elif _PRIMITIVE_PATTERNS[kind].fullmatch(value) is None:
        raise ElementError(path, f"{shown(value)} is not a FHIR {kind}")


def _check_kind(value: object, kind: str, path: str) -> None:
    """Refuse a value that is not of ``kind`` (see the module's docstring for the kinds)."""
    if kind.removesuffix("s") in _DATA_TYPES:
        _check_data_type(value, kind, path)
    elif kind == _EXTENSIONS:
        _check_extensions(value, path)
    elif kind in ("object", "objects"):
        _each(value, path, many=kind == "objects")
    elif kind == "uris":
        for index, element in enumerate(as_array(value, path)):
            _check_primitive(element, "uri", f"{path}[{index}]")
    else:
        _check_primitive(value, kind, path)


def _primitive_beside(key: str, elements: Table) -> bool:
    """Whether ``key`` is ``_name`` beside a primitive ``name`` (R4B: not for ids or extensions)."""
    name = key[1:]
    if not key.startswith("_") or name == "id" or elements.name == "Extension":
        return False
    return elements.kinds.get(name) in _PRIMITIVE_KINDS


def check_elements(
    element: dict[str, Any], elements: Table, path: str, *, read: bool = True
) -> None:
    """Refuse a key ``elements`` does not define, a modifier, or a value of the wrong kind.

    Elements oms reads (`READ_BY_OMS`) are checked where the reader uses them (``read``), or
    here by their kind. ``_name`` beside a primitive ``name`` (its id and extensions, in FHIR's
    JSON) is accepted.
    """
    for key, value in element.items():
        key_path = f"{path}.{key}" if path else key
        kind = elements.rule(key, read=read)
        if kind is None and _primitive_beside(key, elements):
            if not as_object(value, key_path):
                raise ElementError(key_path, "empty; FHIR has no empty elements")
            check_elements(value, _PRIMITIVE_ELEMENT, key_path)
            continue
        if kind is None:
            raise _undefined(key, elements, path)
        if kind == MODIFIER:
            raise ElementError(
                key_path,
                "it may change what its element means, and oms does not know it, so the response "
                "cannot be read (FHIR forbids ignoring it)",
            )
        if kind != READ:
            _check_kind(value, kind, key_path)


def check_resource(resource: dict[str, Any]) -> None:
    """Check the elements of a QuestionnaireResponse itself (its items apart)."""
    check_elements(resource, table("QuestionnaireResponse"), "")


def check_item_tree(item: dict[str, Any], path: str, *, read: bool = True) -> None:
    """Check the elements of an item, its answers, their codings, and every item nested in them.

    ``read``: whether the reader reads the item (a question) or not (the computed result).
    """
    check_elements(item, table("QuestionnaireResponseItem"), path, read=read)
    for index, element in enumerate(as_array(item.get("answer", []), f"{path}.answer")):
        answer_path = f"{path}.answer[{index}]"
        answer = as_object(element, answer_path)
        check_elements(answer, table("QuestionnaireResponseItemAnswer"), answer_path, read=read)
        if "valueCoding" in answer:
            coding_path = f"{answer_path}.valueCoding"
            coding = as_object(answer["valueCoding"], coding_path)
            check_elements(coding, table("Coding"), coding_path, read=read)
        _check_children(answer, answer_path, read=read)
    _check_children(item, path, read=read)


def _check_children(parent: dict[str, Any], path: str, *, read: bool) -> None:
    for index, element in enumerate(as_array(parent.get("item", []), f"{path}.item")):
        child_path = f"{path}.item[{index}]"
        check_item_tree(as_object(element, child_path), child_path, read=read)
