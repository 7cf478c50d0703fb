"""Text from users and files is shown literally and safely on a terminal."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from oms_cli.files import textsafe
from oms_cli.files.textsafe import MAX_SHOWN, quoted, visible, visible_json


def test_plain_text_is_unchanged() -> None:
    """Ordinary text, including accents and rich markup, comes back as it is."""
    assert visible("Zoë [bold]7[/bold]") == "Zoë [bold]7[/bold]"


def test_escape_sequences_are_made_visible() -> None:
    """ESC and other C0/C1 controls and DEL become backslash escapes, not terminal commands."""
    assert visible("a\x1b[31mred\x07\x7f\x9b") == "a\\x1b[31mred\\x07\\x7f\\x9b"
    assert visible("two\nlines\r\t") == "two\\x0alines\\x0d\\x09"


def test_bidi_and_invisible_format_characters_are_made_visible() -> None:
    """Bidi overrides, zero-width characters and line separators cannot disguise text."""
    assert visible("abc\u202edef") == "abc\\u202edef"
    assert visible("a\u200bb\u2066c\u2028") == "a\\u200bb\\u2066c\\u2028"


def test_long_values_are_cut_with_a_mark() -> None:
    """A value longer than the limit is cut to the limit, ending in an ellipsis."""
    shown = visible("x" * 500)
    assert len(shown) == MAX_SHOWN
    assert shown.endswith("…")
    assert visible("y" * 500, limit=None) == "y" * 500


def test_quoted_wraps_the_visible_value() -> None:
    """Error messages quote the value after making it visible."""
    assert quoted("per\x1bhaps") == "'per\\x1bhaps'"


@given(st.text())
def test_output_never_contains_control_or_format_characters(text: str) -> None:
    """Whatever the input, what is shown has no character a terminal would act on."""
    shown = visible(text, limit=None)
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"} for c in shown)


def test_escapes_take_the_width_of_their_code_point() -> None:
    """Up to U+00FF an x escape, up to U+FFFF a u escape, above it a U escape: never cut short.

    Each boundary has a format character on it or beside it: U+00AD (soft hyphen), U+FEFF (the
    byte-order mark), U+FFF9 (an annotation anchor), U+E0001 (a language tag, above U+FFFF).
    """
    assert visible("a\xadb") == "a\\xadb"
    assert visible("\ufeffid") == "\\ufeffid"
    assert visible("\ufff9") == "\\ufff9"
    assert visible("x\U000e0001") == "x\\U000e0001"
    assert visible("\x00\x9f") == "\\x00\\x9f"


def test_the_limit_is_inclusive_and_counts_the_shown_text() -> None:
    """A value exactly at the limit is whole; one more character and it is cut to the limit.

    The limit applies to the text as shown: escapes make a short value long enough to be cut.
    """
    assert visible("x" * MAX_SHOWN) == "x" * MAX_SHOWN
    assert visible("x" * (MAX_SHOWN + 1)) == "x" * (MAX_SHOWN - 1) + "…"
    assert visible("abcdef", limit=6) == "abcdef"
    assert visible("abcdefg", limit=6) == "abcde…"
    escaped = visible("\x1b" * 30, limit=10)
    assert escaped == "\\x1b\\x1b\\…"
    assert len(escaped) == 10
    assert visible("\x1b" * 30, limit=None) == "\\x1b" * 30
    exactly = "\x1b" + "x" * (MAX_SHOWN - 4)  # shown as exactly MAX_SHOWN characters: kept whole
    assert visible(exactly) == "\\x1b" + "x" * (MAX_SHOWN - 4)
    assert quoted("abcdefg", limit=6) == "'abcde…'"
    assert quoted("x" * 100, limit=None) == "'" + "x" * 100 + "'"


def test_unprintable_but_harmless_characters_are_left_as_they_are() -> None:
    """A no-break space or a combining mark is not printable to Python yet acts on no terminal."""
    assert visible("a\xa0b") == "a\xa0b"
    assert visible("e\u0301") == "e\u0301"
    assert visible_json("a\xa0b") == "a\xa0b"


def test_visible_json_escapes_what_json_dumps_leaves_and_reads_back_the_same() -> None:
    """DEL, C1 controls, bidi overrides and astral format characters become JSON escapes.

    An astral character is written as its UTF-16 surrogate pair, as JSON requires; read back by
    `json.loads`, the text is the original value.
    """
    raw = json.dumps({"id": "a\x7fb\x9bc\u202ed\U000e0001e"}, ensure_ascii=False)
    shown = visible_json(raw)
    assert shown == '{"id": "a\\u007fb\\u009bc\\u202ed\\udb40\\udc01e"}'
    assert json.loads(shown) == json.loads(raw)
    assert visible_json('{"id": "Zoë"}') == '{"id": "Zoë"}'


@given(st.text())
def test_visible_json_is_the_same_json_value_and_safe(text: str) -> None:
    """For any text, the shown JSON reads back as the same value and holds no control character."""
    raw = json.dumps(text, ensure_ascii=False)
    shown = visible_json(raw)
    assert json.loads(shown) == text
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"} for c in shown)


def test_a_name_cut_short_is_suggested_when_only_one_choice_begins_with_it() -> None:
    """'scan' means 'scan-pending' (difflib finds it too far); a start that two share, nothing."""
    assert textsafe.closest("scan", ["scan-pending", "adult", "all-four"]) == "scan-pending"
    assert textsafe.closest("Scan", ["scan-pending", "scan-pending-too"]) is None
    assert textsafe.closest("", ["scan-pending"]) is None
