"""``--help`` in Typer's rich layout: panels for findings, output and export, options in columns.

The app itself keeps ``rich_markup_mode=None``, so that usage errors stay one plain line
(`oms_cli.cli.process`) and no path but help loads rich: help alone is rendered here, by Typer's own
`typer.rich_utils.rich_format_help`, into text that Click then prints as it prints any help (to
standard output for ``--help``, as the message of the error for ``oms`` alone), so that a closed
pipe or a full disk ends as for every other output. Loaded only to show help
(`oms_cli.cli.process.HelpContext`). On a terminal narrower than `RICH_MIN_WIDTH` the help is
Click's
plain layout, wrapped at spaces only, so that ``--age-group`` is never cut.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from collections.abc import Iterator
from typing import Any, Literal

from typer._click import _textwrap

RICH_MIN_WIDTH = 76
"""Narrower terminals get Click's plain help: rich's columns would cut option names short
("--age-grou…") where plain help wraps whole words (tests/test_wrapping.py)."""
MARKUP: Literal["rich"] = "rich"
"""Typer's markup mode for help: rich markup in help texts (oms's use none), never Markdown."""


class _Screen(io.StringIO):
    """Where the help is rendered: a terminal (so in colour, unless NO_COLOR) when asked to be."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        """Whether rich should write for a terminal: colours and styles."""
        return self.terminal


def rich_help(command: Any, ctx: Any, colour: bool) -> str:  # click's Command and Context
    """The help of ``command`` as Typer's rich help lays it out, without trailing spaces.

    ``colour``: styled for a terminal (rich still honours NO_COLOR); else plain text.
    """
    from typer import rich_utils  # noqa: PLC0415  (rich and its markdown: only for help)

    screen = _Screen(colour)
    with contextlib.redirect_stdout(screen):
        rich_utils.rich_format_help(obj=command, ctx=ctx, markup_mode=MARKUP)
    lines = [line.rstrip() for line in screen.getvalue().splitlines()]
    # One blank line at most: the paragraph mark that keeps an example block as laid out for
    # Click's plain help (`oms_cli.cli.options.examples`) is an empty line to rich.
    kept = [line for index, line in enumerate(lines) if line or (index and lines[index - 1])]
    return "\n".join(kept).strip("\n")


def wide_enough() -> bool:
    """Whether the terminal (or ``COLUMNS``) is wide enough for the rich layout."""
    return shutil.get_terminal_size().columns >= RICH_MIN_WIDTH


def on_terminal() -> bool:
    """Whether standard output is a terminal, where help is shown in colour."""
    return sys.stdout is not None and sys.stdout.isatty()


# --- plain help, for narrow terminals ------------------------------------------------------------


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
