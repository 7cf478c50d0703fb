"""JSON from outside, read with limits: size, nesting depth, number length, no repeated key.

A refusal is a `JsonError`: a one-line problem, and its line and column where known; callers add
the file's name.
"""

import codecs
import json
import re
import sys
from collections.abc import Callable
from functools import partial

from oms_cli.files.textsafe import quoted, visible

MAX_DEPTH = 64  # deepest nesting of arrays and objects: oms's own inputs need fewer than ten
MAX_NUMBER = 100  # longest number (in characters) converted; Python refuses ints over 4,300 digits


class JsonError(ValueError):
    """JSON that is refused: the problem in one line, and its line and column (from 1) if known."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


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


# A string (closed or not), skipped whole so that its brackets are not counted, or a bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*+"?|[\[\]{}]', re.DOTALL)


def _too_deep(text: str, limit: int) -> JsonTooDeep | None:
    """The error for the first bracket nested deeper than ``limit``, None if there is none.

    `json` has no depth limit, and its RecursionError (far deeper) says nowhere: hence this scan.
    """
    if text.count("[") + text.count("{") <= limit:  # cannot be deeper: the common case, in C
        return None
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        if match.group() in ("[", "{"):
            depth += 1
            if depth > limit:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - text.rfind("\n", 0, offset)
                return JsonTooDeep(f"nested more than {limit} levels deep", line, column)
        elif match.group() in ("]", "}"):
            depth -= 1
    return None


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonRepeatedKey(f"key {quoted(key)} appears twice")
            seen.add(key)
    return value


def _number(convert: Callable[[str], object], limit: int, text: str) -> object:
    if len(text) > limit:
        raise JsonNumberTooLong(f"a number longer than {limit} characters")
    return convert(text)


def _no_constant(name: str) -> object:
    raise JsonSyntaxError(f"{name} is not a JSON value")


class JsonReader:
    """Parse one JSON text within limits; raises `JsonError` for anything refused.

    Objects become dicts, arrays lists, strings str. With ``numbers_as_text`` numbers (and NaN
    and Infinity) stay their literal text (1e3 reads as "1e3"); otherwise they become int or
    float, each at most ``max_number`` characters long, and NaN and Infinity are refused.
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
        self._decode = json.JSONDecoder(
            object_pairs_hook=_object,
            parse_int=str if numbers_as_text else partial(_number, int, max_number),
            parse_float=str if numbers_as_text else partial(_number, float, max_number),
            parse_constant=str if numbers_as_text else _no_constant,
        ).decode

    def __call__(self, text: str) -> object:
        """The value of a JSON text; `JsonError` (a subclass saying which) if it is refused."""
        if len(text) > self.max_chars:
            raise JsonTooLarge(f"longer than {self.max_chars} characters")
        if deep := _too_deep(text, self.max_depth):
            raise deep
        try:
            return self._decode(text)
        except json.JSONDecodeError as error:
            raise JsonSyntaxError(error.msg, error.lineno, error.colno) from None


_KINDS = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}


def json_kind(value: object) -> str:
    """What a JSON value is, as messages name it: "an object", "an array", "a string", ..."""
    if value is None:
        return "null"
    return _KINDS.get(type(value), "a number")


class InputFileError(ValueError):
    """A JSON input file that cannot be read as text: the message, without the file's name."""


def file_label(file_name: str) -> str:
    """How messages name an input file: ``<stdin>`` for ``-``, the name made visible otherwise."""
    return "<stdin>" if file_name == "-" else visible(file_name) or "''"


UTF16 = "is UTF-16 text; save it as UTF-8"
"""Said of an input saved as UTF-16 (Windows PowerShell 5's ``>`` writes it), after its name."""


def is_utf16(data: bytes) -> bool:
    """Whether bytes begin with a UTF-16 byte-order mark."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def read_file_text(file_name: str, *, max_bytes: int, too_large: str, on_terminal: str) -> str:
    """The UTF-8 text of a JSON input file (``-`` is standard input), at most ``max_bytes``.

    Else `InputFileError`, with ``too_large`` or ``on_terminal`` (nothing piped in) as message.
    """
    if file_name == "-":
        if sys.stdin.isatty():
            raise InputFileError(on_terminal)
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            with open(file_name, "rb") as stream:
                data = stream.read(max_bytes + 1)
        except FileNotFoundError:  # the empty name too
            raise InputFileError("no such file") from None
        except IsADirectoryError:
            raise InputFileError("is a folder, not a file") from None
        except OSError as error:
            raise InputFileError(f"cannot be read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise InputFileError(too_large)
    if is_utf16(data):
        raise InputFileError(UTF16)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(f"not UTF-8 text (byte {error.start})") from None
