"""FHIR R4's rules for a QuestionnaireResponse: its elements and the forms of their values.

The tables are r4_elements.json (``python -m tools.r4_elements``, from the R4B models); a modifier
is refused anywhere, since FHIR forbids a reader to ignore one it does not know.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from functools import cache
from pathlib import Path

from oms_cli.files.jsonread import json_kind
from oms_cli.files.textsafe import quoted
from oms_cli.interop import strict
from oms_cli.interop.strict import Field, Invalid, expect, shown

ELEMENTS_FILE = Path(__file__).with_name("r4_elements.json")
MODIFIERS = frozenset({"modifierExtension", "implicitRules"})
WHAT = {  # how messages name the objects of a table, where not by its type's name
    "QuestionnaireResponse": "a QuestionnaireResponse",
    "QuestionnaireResponseItem": "a QuestionnaireResponse item",
    "QuestionnaireResponseItemAnswer": "an answer",
    "FHIRPrimitiveExtension": "a primitive element",
}

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DAY = r"(0[1-9]|[1-2][0-9]|3[0-1])"
_MONTH = r"(0[1-9]|1[0-2])"
PATTERNS = {
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
SMALLEST = {"integer": -(2**31), "unsignedInt": 0, "positiveInt": 1}  # 32-bit integer types


class R4(strict.Schema):
    """The R4 tables, with the modifiers refused and FHIR's rule that no object is empty."""

    empty = "empty; FHIR has no empty elements"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        for table in self.tables.values():  # refused where R4 defines them, and elsewhere too
            table.update({key: Field("modifier", key=key) for key in MODIFIERS})

    def what(self, name: str) -> str:
        return WHAT.get(name) or (f"an {name}" if name[0] in "AEIOU" else f"a {name}")

    def unknown(self, key: str, name: str) -> str:
        names = sorted(k for k in self.tables[name] if k[0] != "_" and k not in {"id", *MODIFIERS})
        close = get_close_matches(key, names, n=1)
        hint = f" (did you mean {quoted(close[0])}?)" if close else ""
        return f"not an element of {self.what(name)} in FHIR R4{hint}"

    def scalar(self, value: object, kind: str, path: str) -> None:
        if kind == "modifier":
            raise Invalid(
                path,
                "it may change what its element means, and oms does not know it, so the response "
                "cannot be read (FHIR forbids ignoring it)",
            )
        if kind == "object":
            expect(value, dict, "an object", path)
        elif kind == "boolean":
            expect(value, bool, "a boolean", path)
        elif kind == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise Invalid(path, f"expected a number, got {json_kind(value)}")
        elif kind in SMALLEST:
            if not SMALLEST[kind] <= expect(value, int, "a whole number", path) < 2**31:
                raise Invalid(path, f"{shown(value)} is out of the range of a FHIR {kind}")
        elif PATTERNS[kind].fullmatch(expect(value, str, "a string", path)) is None:
            raise Invalid(path, f"{shown(value)} is not a FHIR {kind}")


@cache
def schema() -> R4:
    """The R4 tables, read from r4_elements.json."""
    return R4(ELEMENTS_FILE)


def check(resource: object) -> None:
    """Refuse anything in a QuestionnaireResponse that R4 does not allow; `Invalid` names it."""
    schema().check(resource)
