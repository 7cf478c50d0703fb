"""JSON from outside, read with limits: size, nesting depth, number length, repeated keys.

Every JSON input of oms goes through `JsonReader` (a batch JSON Lines row, a FHIR response), so
that no input can make the parser recurse until Python gives up (RecursionError), convert a
number of thousands of digits (ValueError from int()), or have a repeated key silently take the
last value. Each refusal is a `JsonError` whose message is one line without a position; callers
add the file, line and column (`JsonError.line` and `JsonError.column` when the error has them).

`read_file_text` reads such a file (or standard input) with the same checks and messages for
every reader. Standard library only, and nothing of oms but `textsafe`, so that any reader can
use it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from oms_cli.files.textsafe import quoted, visible

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted: oms's own inputs need fewer than ten."""
MAX_NUMBER = 100
"""Longest number (in characters) converted to a Python number; Python refuses ints over 4,300."""


class JsonError(ValueError):
    """JSON that is refused: the message is the problem, one line, without the file's name."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        """The line of the error (from 1), None when the parser cannot say."""
        self.column = column
        """The column of the error (from 1), None when the parser cannot say."""


class JsonSyntaxError(JsonError):
    """Not JSON at all: the parser's own message (such as "Expecting value"), line and column."""


class JsonTooDeep(JsonError):
    """Arrays or objects nested more deeply than the reader's limit."""


class JsonTooLarge(JsonError):
    """A text longer than the reader's limit."""


class JsonNumberTooLong(JsonError):
    """A number with more characters than the reader's limit (only where numbers are converted)."""


class JsonRepeatedKey(JsonError):
    """An object with the same key twice, which JSON parsers resolve differently."""

    def __init__(self, key: str) -> None:
        super().__init__(f"key {quoted(key)} appears twice")
        self.key = key


# A string (closed or not) or a bracket: strings are skipped whole, so that brackets inside them
# are never counted.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*+"?|[\[\]{}]', re.DOTALL)


def _too_deep(text: str, limit: int) -> JsonTooDeep | None:
    """The error for the first bracket nested deeper than ``limit``, None if there is none."""
    if text.count("[") + text.count("{") <= limit:  # cannot be deeper: the common case, in C
        return None
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > limit:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - text.rfind("\n", 0, offset)
                return JsonTooDeep(f"nested more than {limit} levels deep", line, column)
        elif bracket in ("]", "}"):
            depth -= 1
    return None


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonRepeatedKey(key)
            seen.add(key)
    return value


class JsonReader:
    """Parse one JSON text within limits; raises `JsonError` for anything refused.

    Objects become dicts (a repeated key is refused), arrays lists, strings str. With
    ``numbers_as_text`` numbers stay their literal text (1e3 reads as "1e3"), and so do NaN and
    Infinity; otherwise they become int or float, each at most ``max_number``
    characters long, and NaN and Infinity are refused as not JSON.
    """

    def __init__(
        self,
        *,
        max_chars: int,
        max_depth: int = MAX_DEPTH,
        max_number: int = MAX_NUMBER,
        numbers_as_text: bool = False,
    ) -> None:
        self.max_chars = max_chars
        self.max_depth = max_depth
        self.max_number = max_number
        if numbers_as_text:
            decoder = json.JSONDecoder(
                object_pairs_hook=_object, parse_int=str, parse_float=str, parse_constant=str
            )
        else:
            decoder = json.JSONDecoder(
                object_pairs_hook=_object,
                parse_int=self._number(int),
                parse_float=self._number(float),
                parse_constant=_no_constant,
            )
        self._decode = decoder.decode

    def _number(self, convert: Callable[[str], object]) -> Callable[[str], object]:
        limit = self.max_number

        def number(text: str) -> object:
            if len(text) > limit:
                raise JsonNumberTooLong(f"a number longer than {limit} characters")
            return convert(text)

        return number

    def __call__(self, text: str) -> object:
        """The value of a JSON text; `JsonError` (a subclass saying which) if it is refused."""
        if len(text) > self.max_chars:
            raise JsonTooLarge(f"longer than {self.max_chars} characters")
        deep = _too_deep(text, self.max_depth)
        if deep is not None:
            raise deep
        try:
            return self._decode(text)
        except json.JSONDecodeError as error:
            raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None
        except RecursionError:  # a bug guard: the depth check keeps the parser far from it
            raise JsonTooDeep("nested too deeply") from None


def _no_constant(name: str) -> object:
    raise JsonSyntaxError(f"{name} is not a JSON value")


def json_kind(value: object) -> str:
    """What a JSON value is, as messages name it: "an object", "an array", "a string", ..."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


class InputFileError(ValueError):
    """A JSON input file that cannot be read as text: the message, without the file's name."""


def file_label(file_name: str) -> str:
    """How messages name an input file: ``<stdin>`` for ``-``, the name made visible otherwise."""
    return "<stdin>" if file_name == "-" else visible(file_name) or "''"


def read_file_text(file_name: str, *, max_bytes: int, too_large: str, on_terminal: str) -> str:
    """The UTF-8 text of a JSON input file (``-`` is standard input), at most ``max_bytes``.

    `InputFileError` if it cannot be had: ``too_large`` and ``on_terminal`` are the messages for
    a file over the limit and for a standard input that is a terminal (nothing was piped in).
    """
    data = _read_bytes(file_name, max_bytes, on_terminal)
    if len(data) > max_bytes:
        raise InputFileError(too_large)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(f"not UTF-8 text (byte {error.start})") from None


def _read_bytes(file_name: str, max_bytes: int, on_terminal: str) -> bytes:
    if file_name == "-":
        if sys.stdin.isatty():
            raise InputFileError(on_terminal)
        return sys.stdin.buffer.read(max_bytes + 1)
    path = Path(file_name)
    if not file_name:
        raise InputFileError("no such file")
    if path.is_dir():
        raise InputFileError("is a folder, not a file")
    try:
        with path.open("rb") as stream:
            return stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputFileError("no such file") from None
    except OSError as error:
        raise InputFileError(f"cannot be read: {error.strerror or error}") from None
