"""Text from a user or a file, shown safely to people: nothing in it acts on the terminal.

Control characters (escape sequences among them), bidirectional overrides and other invisible
formatting characters are shown as escapes, and long values are cut with a mark. Machine outputs
(CSV, JSON) keep the exact input. A name that is none of the choices is answered with the closest.
"""

import difflib
import json
import unicodedata
from collections.abc import Iterable, Sequence

ASCII_ERRORS = "oms-ascii"
"""The codec error handler of a standard stream that is not UTF-8 (``LC_ALL=C``): `cli.process`
registers it."""

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


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant (ignoring case), or None when none is close."""
    by_folded = {choice.casefold(): choice for choice in choices}
    wanted = word.casefold()
    matches = difflib.get_close_matches(wanted, list(by_folded), n=1, cutoff=0.6)
    # Or the one choice that begins with it: "scan" for "scan-pending".
    begun = [folded for folded in by_folded if wanted and folded.startswith(wanted)]
    matches = matches or (begun if len(begun) == 1 else [])
    return by_folded[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    match = closest(word, choices)
    return f" (did you mean {quoted(match)}?)" if match is not None else ""


def unknown_name(kind: str, name: str, valid: Sequence[str]) -> str:
    """The error for a name that is none of ``valid``: the closest one, else every one."""
    suggestion = did_you_mean(name, valid)
    if suggestion:
        return f"unknown {kind} {quoted(name)}{suggestion}"
    return f"unknown {kind} {quoted(name)}; choose one of: {', '.join(valid)}"
