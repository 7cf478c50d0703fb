"""Text from users and files is shown literally and safely on a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from oms_cli.files.textsafe import MAX_SHOWN, quoted, visible


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
