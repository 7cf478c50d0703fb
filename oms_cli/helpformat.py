"""Help text that never breaks a word at a hyphen: ``--age-group`` stays whole when wrapped.

Click wraps help with `textwrap`, whose default breaks words after hyphens, so an option named in
a help text could be shown as ``--age-`` at the end of one line and ``group`` on the next. While
help is formatted, Click's wrapper is swapped for one that breaks at spaces only. Loaded only to
show help (see `oms_cli.process.HelpContext`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from typer._click import _textwrap


class _WholeWords(_textwrap.TextWrapper):
    """Click's text wrapper, breaking lines at spaces only: never inside a flag, URL or word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["break_on_hyphens"] = False
        kwargs["break_long_words"] = False
        super().__init__(*args, **kwargs)


@contextlib.contextmanager
def whole_words() -> Iterator[None]:
    """While formatting help: Click wraps with `_WholeWords` (it looks the class up each time)."""
    original = _textwrap.TextWrapper
    _textwrap.TextWrapper = _WholeWords  # type: ignore[misc]  # restored below
    try:
        yield
    finally:
        _textwrap.TextWrapper = original  # type: ignore[misc]
