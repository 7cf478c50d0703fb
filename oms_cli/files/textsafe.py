"""Text from a user or a file, shown safely to people: nothing in it acts on the terminal.

Control characters (escape sequences among them), bidirectional overrides and other invisible
formatting characters are shown as escapes, and long values are cut with a mark. Machine outputs
(CSV, JSON) keep the exact input.
"""

import json
import unicodedata

MAX_SHOWN = 80  # longest value shown in a message or table cell before it is cut

# Cc: C0 and C1 controls and DEL (ESC starts terminal sequences); Cf: format characters such as
# bidi overrides and zero-width joiners, which make text read as other text; Zl, Zp: separators.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, limit: int | None = MAX_SHOWN) -> str:
    """Text with each control or invisible formatting character shown as an escape, cut at limit."""
    if text.isprintable() and (limit is None or len(text) <= limit):
        return text
    shown = "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def visible_json(text: str) -> str:
    """JSON text with each control or invisible formatting character written as a JSON escape.

    Read back, it is the same JSON value; nothing in it acts on a terminal. (``json.dumps``
    escapes C0 controls already, but writes DEL, C1 controls and bidi overrides as they are.)
    """
    if text.isprintable():
        return text
    # json.dumps of one character: its \\u escape, as a surrogate pair above U+FFFF.
    return "".join(json.dumps(c)[1:-1] if unicodedata.category(c) in _HIDDEN else c for c in text)


def quoted(text: str, limit: int | None = MAX_SHOWN) -> str:
    """A value for an error message: made visible, then quoted, for example 'perhaps'."""
    return "'" + visible(text, limit) + "'"
