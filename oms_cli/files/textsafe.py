"""Showing text that came from a user or a file, safely, on a terminal.

Input is shown literally: control characters (including escape sequences), bidirectional
overrides and other invisible formatting characters are made visible as escapes, and very long
values are cut with a mark. Machine outputs (CSV, JSON) keep the exact input; this is for people.
"""

from __future__ import annotations

import unicodedata

MAX_SHOWN = 80
"""Longest value shown in a message or table cell before it is cut."""

_CUT_MARK = "…"


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _needs_escape(char: str) -> bool:
    # Cc: C0/C1 controls and DEL (ESC starts terminal sequences); Cf: format characters such as
    # bidi overrides (U+202E) and zero-width joiners, which can make text read differently from
    # what it is; Zl/Zp: line and paragraph separators.
    return unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def visible(text: str, limit: int | None = MAX_SHOWN) -> str:
    """Text with each control or invisible formatting character shown as an escape, cut at limit."""
    if text.isprintable() and (limit is None or len(text) <= limit):
        return text
    shown = "".join(_escape(char) if _needs_escape(char) else char for char in text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + _CUT_MARK
    return shown


def visible_json(text: str) -> str:
    """JSON text with each control or invisible formatting character written as a JSON escape.

    Read back, it is the same JSON value; shown on a terminal, nothing in it acts on the terminal.
    Nothing is cut. (``json.dumps`` already escapes C0 controls; DEL, C1 controls, bidi overrides
    and the like it writes as they are.)
    """
    if text.isprintable():
        return text
    return "".join(_json_escape(char) if _needs_escape(char) else char for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # JSON escapes only 16-bit units: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def quoted(text: str, limit: int | None = MAX_SHOWN) -> str:
    """A value for an error message: made visible, then quoted, for example 'perhaps'."""
    return "'" + visible(text, limit) + "'"
