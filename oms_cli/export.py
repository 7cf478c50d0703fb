"""Writing a result to a file for slides and handouts: ``--export FILE``.

The file's extension chooses the format: ``.svg``, ``.html`` and ``.txt`` record the terminal view
(rich's recording console, see `oms_cli.render.recording_console`), ``.md`` is the Markdown
renderer's text. Any command can export: it passes two factories, one for the terminal view and one
for the Markdown, and only the one the format needs is called.

A file is written whole or not at all (a temporary file in the same folder, then a rename) and an
existing file is never replaced without ``force``. Problems a user can cause raise `ExportError`
with a one-line message; the CLI prints it and exits 2.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from oms_cli import held
from oms_cli.textsafe import quoted

if TYPE_CHECKING:  # for annotations only: rich is imported by oms_cli.render, when it is needed
    from rich.console import RenderableType


class ExportFormat(StrEnum):
    """The formats a result can be exported to, named by their file extension."""

    SVG = "svg"
    HTML = "html"
    MD = "md"
    TXT = "txt"


EXTENSIONS: tuple[str, ...] = tuple(f".{fmt.value}" for fmt in ExportFormat)


class Look(NamedTuple):
    """How a picture or page looks: its theme (`oms_cli.themes.ExportTheme` value) and width."""

    theme: str = "light"
    width: int = 100


class ExportError(Exception):
    """An export the user asked for cannot be done; the message says why, in one line."""


def export_format(path: Path) -> ExportFormat:
    """The format a file name asks for, by its extension (any case); ExportError if none."""
    try:
        return ExportFormat(path.suffix.lower().removeprefix("."))
    except ValueError:
        valid = ", ".join(EXTENSIONS)
        raise ExportError(
            f"--export: {quoted(path.name)} has no known extension; use one of {valid}"
        ) from None


def _exists_error(path: Path) -> ExportError:
    return ExportError(f"--export: {quoted(str(path))} already exists; add --force to replace it")


def check_target(path: Path, force: bool) -> ExportFormat:
    """Check that a result can be exported to ``path``, before any work; ExportError if not.

    Commands call this first, so that a wrong name fails at once, not after questions or work.
    """
    if path.is_dir():
        raise ExportError(f"--export: {quoted(str(path))} is a folder, not a file")
    fmt = export_format(path)
    if path.exists() and not force:
        raise _exists_error(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"--export: the folder {quoted(str(folder))} does not exist")
    return fmt


def document(
    fmt: ExportFormat,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str,
    look: Look | None = None,
) -> str:
    """The text of the exported file: Markdown, or the recorded view as SVG, HTML or plain text.

    ``look``: the theme and width of a picture or page (see `oms_cli.pictures`).
    """
    if fmt is ExportFormat.MD:
        return markdown()
    # rich only when a view is exported, not for .md
    from oms_cli import pictures  # noqa: PLC0415

    look = look or Look()
    recorder = pictures.record(view(), look.width)
    if fmt is ExportFormat.SVG:
        return pictures.svg(recorder, title, look.theme)
    if fmt is ExportFormat.HTML:
        return pictures.html_page(recorder, title, look.theme)
    return recorder.export_text()


def write_atomically(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` whole or not at all; ExportError on failure.

    The text goes to a temporary file in the same folder, which is then renamed into place. Without
    ``force`` the final step is a hard link, which fails rather than replace a file that appeared
    in the meantime.
    """
    temp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    created = False
    try:
        try:
            with held.signals():  # created and known together: a signal cannot fall between
                descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                created = True
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if force:
                os.replace(temp, path)
            else:
                _link_new(temp, path)
        finally:
            if created:  # not when the name was taken: that file is someone else's
                temp.unlink(missing_ok=True)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ExportError(f"--export: cannot write {quoted(str(path))}: {reason}") from None


def _link_new(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: check, then rename (a small race, but still whole).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)


def export_result(
    path: Path,
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
    write_atomically(path, document(fmt, view, markdown, title, look), force)
    return fmt
