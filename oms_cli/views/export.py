"""Writing a result to a file for slides and handouts: ``--export FILE``.

The file's extension chooses the format: ``.svg`` draws the terminal view as a picture and
``.txt`` writes it as plain text (see `oms_cli.views.pictures`); ``.md`` is the Markdown
renderer's text and ``.html`` that Markdown as a web page: a document with headings, tables and
lists. Any command can export: it passes two factories, one for the terminal view and one for the
Markdown, and only the one the format needs is called.

The file is written as every output is (`oms_cli.files.outfile`): whole or not at all, an existing
file
never replaced without ``force``. Problems a user can cause raise `OutputError` (`ExportError` for
a name without a known extension) with a one-line message; the CLI prints it and exits 2
(`look_of`, `refuse_unwritable` and `write` are what the commands call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from oms_cli.cli.options import ExportShape
from oms_cli.cli.process import fail, notice, usage_error
from oms_cli.files.outfile import OutputError, StrPath, write_text
from oms_cli.files.outfile import check_target as check_output
from oms_cli.files.textsafe import quoted, visible

if (
    TYPE_CHECKING
):  # for annotations only: rich is imported by oms_cli.views.render, when it is needed
    from rich.console import RenderableType


class ExportFormat(StrEnum):
    """The formats a result can be exported to, named by their file extension."""

    SVG = "svg"
    HTML = "html"
    MD = "md"
    TXT = "txt"


EXTENSIONS: tuple[str, ...] = tuple(f".{fmt.value}" for fmt in ExportFormat)


OPTION = "--export"


@dataclass(frozen=True, slots=True)
class Look:
    """How a picture or page looks: its theme (an `ExportTheme` value), width and shape."""

    theme: str = "light"
    width: int = 100
    shape: str = "fit"
    """A picture's shape (an `ExportShape` value): as its text (fit), or 16:9 (slide)."""


class ExportError(OutputError):
    """A file name that names no export format; the message says why, in one line."""


def export_format(path: Path) -> ExportFormat:
    """The format a file name asks for, by its extension (any case); ExportError if none."""
    try:
        return ExportFormat(path.suffix.lower().removeprefix("."))
    except ValueError:
        valid = ", ".join(EXTENSIONS)
        raise ExportError(
            f"--export: {quoted(path.name)} has no known extension; use one of {valid}"
        ) from None


def check_target(path: StrPath, force: bool, inputs: Iterable[StrPath] = ()) -> ExportFormat:
    """Check that a result can be exported to ``path``, before any work; OutputError if not.

    Commands call this first, so that a wrong name fails at once, not after questions or work.
    The name is checked as every output is (`oms_cli.files.outfile.check_target`); ``inputs`` are
    the
    files the command reads, which it may never write.
    """
    check_output(path, option=OPTION, force=force, inputs=inputs)
    return export_format(Path(path))


def document(
    fmt: ExportFormat,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str,
    look: Look | None = None,
) -> str:
    """The text of the exported file: Markdown, a page made from it, or the view drawn or as text.

    ``.md`` is the Markdown; ``.html`` the Markdown as a web page; ``.svg`` the terminal view as
    a picture; ``.txt`` the terminal view as plain text. ``look``: the theme, width and shape of
    a picture or page (see `oms_cli.views.pictures`). A view too tall for ``--shape slide``
    raises `oms_cli.views.pictures.SlideError` (an OutputError).
    """
    if fmt is ExportFormat.MD:
        return markdown()
    # rich only when a view is exported, not for .md
    from oms_cli.views import pictures  # noqa: PLC0415

    look = look or Look()
    if fmt is ExportFormat.HTML:
        return pictures.html_page(markdown(), title, look.theme, look.width)
    if fmt is ExportFormat.SVG:
        if look.shape == ExportShape.SLIDE:
            lines = pictures.slide_lines(view(), look.width)
        else:
            lines = pictures.rendered_lines(view(), look.width)
        return pictures.svg(lines, title, look.theme, slide=look.shape == ExportShape.SLIDE)
    return pictures.plain_text(pictures.rendered_lines(view(), look.width))


def export_result(
    path: StrPath,
    force: bool,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str = "oms",
    *,
    look: Look | None = None,
) -> ExportFormat:
    """Export a result to ``path`` in the format its extension names; ExportError if it cannot.

    ``view`` builds the terminal view (for .svg, .html, .txt), ``markdown`` the Markdown text
    (for .md); only the one needed is called. ``title`` names the window drawn in an SVG and the
    page of an HTML file; ``look`` sets their theme and width.
    """
    fmt = check_target(path, force)
    write_text(path, document(fmt, view, markdown, title, look), option=OPTION, force=force)
    return fmt


def look_of(
    export: str | None, theme: str | None, width: int | None, shape: str | None = None
) -> Look | None:
    """The look --theme, --width and --shape ask for (None: the default); exit 2 where not fit.

    ``theme``: an `oms_cli.views.themes.ExportTheme` value; ``shape``: an `ExportShape` value.
    """
    given = [
        name
        for name, value in (("--theme", theme), ("--width", width), ("--shape", shape))
        if value is not None
    ]
    if not given:
        return None
    names, one = " and ".join(given), len(given) == 1
    if export is None:
        usage_error(f"{names} {'applies' if one else 'apply'} to --export only; add --export FILE")
    suffix = Path(export).suffix.lower()
    if suffix == ".md" or (theme is not None and suffix == ".txt"):
        does = "does" if one else "do"
        usage_error(f"{names} {does} not apply to --export {suffix}")
    if shape is not None and suffix != ".svg":
        usage_error(f"--shape applies to an .svg picture only, not to --export {suffix}")
    default = Look()
    return Look(
        theme=str(theme or default.theme),
        width=width or default.width,
        shape=str(shape or default.shape),
    )


def checked_look(
    export: str | None,
    force: bool,
    theme: str | None,
    width: int | None,
    inputs: Iterable[str] = (),
    *,
    shape: str | None = None,
) -> Look | None:
    """The look of an export (`look_of`), once its file is known to be writable; else exit 2.

    ``inputs``: the files the command reads, never to be written.
    """
    look = look_of(export, theme, width, shape)
    if export is not None:
        refuse_unwritable(export, force, inputs)
    return look


def refuse_unwritable(path: str, force: bool, inputs: Iterable[str] = ()) -> None:
    """Exit 2 at once when --export cannot write to ``path``: before any other work.

    ``inputs``: the files the command reads, never to be written.
    """
    try:
        check_target(path, force, inputs)
    except OutputError as error:
        fail(str(error))


def write(
    path: str,
    force: bool,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str,
    *,
    look: Look | None = None,
) -> None:
    """Write the output to ``path`` (format by extension), and say so on standard error.

    A file that cannot be written is one line and exit 2.
    """
    try:
        export_result(path, force, view, markdown, title, look=look)
    except OutputError as error:
        fail(str(error))
    notice(f"wrote {visible(path, None)}")  # a file name whole, never cut
