"""``--export FILE``: a result written to a file from its view or its Markdown (docs/exports.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from oms_cli.errors import UsageError, notice
from oms_cli.files import outfile
from oms_cli.files.outfile import StrPath
from oms_cli.files.textsafe import quoted, visible
from oms_cli.views.themes import ExportShape

if TYPE_CHECKING:  # rich is loaded by oms_cli.views.pictures, only when a view is exported
    from rich.console import RenderableType


class ExportFormat(StrEnum):
    """The formats a result can be exported to, named by their file extension."""

    SVG = "svg"
    HTML = "html"
    MD = "md"
    TXT = "txt"


EXTENSIONS: tuple[str, ...] = tuple(f".{fmt.value}" for fmt in ExportFormat)
OPTION = "--export"


@dataclass(frozen=True)
class Look:
    """How a picture or page looks: its theme, width, and shape (`ExportShape`: fit or slide)."""

    theme: str = "light"
    width: int = 100
    shape: str = "fit"
    box: tuple[float, float] | None = None  # a set of slides: the size they share (`slides`)


def export_format(path: Path) -> ExportFormat:
    """The format a file name asks for, by its extension (any case); UsageError if none."""
    try:
        return ExportFormat(path.suffix.lower().removeprefix("."))
    except ValueError:
        valid = ", ".join(EXTENSIONS)
        raise UsageError(
            f"--export: {quoted(path.name)} has no known extension; use one of {valid}"
        ) from None


def check_target(path: StrPath, force: bool, inputs: Iterable[StrPath] = ()) -> ExportFormat:
    """The format of ``path``; OutputError unless it is writable and not one of ``inputs``."""
    outfile.check_target(path, option=OPTION, force=force, inputs=inputs)
    return export_format(Path(path))


def document(
    fmt: ExportFormat,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str,
    look: Look | None = None,
) -> str:
    """The text of an exported file; a view too tall for a slide raises `pictures.SlideError`."""
    if fmt is ExportFormat.MD:
        return markdown()
    from oms_cli.views import pictures  # noqa: PLC0415  (rich only when a view is exported)

    look = look or Look()
    if fmt is ExportFormat.HTML:
        return pictures.html_page(markdown(), title, look.theme, look.width)
    if fmt is ExportFormat.SVG:
        slide = look.shape == ExportShape.SLIDE
        return pictures.svg(view(), title, look.theme, look.width, slide=slide, box=look.box)
    return pictures.plain_text(view(), look.width)


# A file of a set, its view, its Markdown and its title (as `document` takes them).
Factories = tuple[StrPath, Callable[[], "RenderableType"], Callable[[], str], str]


def write_set(files: Sequence[Factories], force: bool, look: Look | None = None) -> None:
    """Export several files, every name checked first, all or none (`outfile.write_set`)."""
    formats = [check_target(path, force) for path, *_ in files]
    texts = [
        (path, document(fmt, view, markdown, title, look))
        for fmt, (path, view, markdown, title) in zip(formats, files, strict=True)
    ]
    outfile.write_set(texts, option=OPTION, force=force)


def look_of(
    export: str | None, theme: str | None, width: int | None, shape: str | None = None
) -> Look | None:
    """The look --theme, --width and --shape ask for (None: the default); exit 2 where not fit."""
    given = [
        name
        for name, value in (("--theme", theme), ("--width", width), ("--shape", shape))
        if value is not None
    ]
    if not given:
        return None
    names, one = " and ".join(given), len(given) == 1
    if export is None:
        raise UsageError(
            f"{names} {'applies' if one else 'apply'} to --export only; add --export FILE"
        )
    suffix = Path(export).suffix.lower()
    if suffix == ".md" or (theme is not None and suffix == ".txt"):
        raise UsageError(f"{names} {'does' if one else 'do'} not apply to --export {suffix}")
    if shape is not None and suffix != ".svg":
        raise UsageError(f"--shape applies to an .svg picture only, not to --export {suffix}")
    return Look(theme or Look.theme, width or Look.width, shape or Look.shape)


def checked_look(
    export: str | None,
    force: bool,
    theme: str | None,
    width: int | None,
    inputs: Iterable[str] = (),
    *,
    shape: str | None = None,
) -> Look | None:
    """The look of an export (`look_of`), once its file is known to be writable; else exit 2."""
    look = look_of(export, theme, width, shape)
    if export is not None:
        check_target(export, force, inputs)
    return look


def write(
    path: str,
    force: bool,
    view: Callable[[], RenderableType],
    markdown: Callable[[], str],
    title: str,
    *,
    look: Look | None = None,
) -> None:
    """Export to ``path``, titled ``title``, and say so; a file not written is exit 2."""
    text = document(check_target(path, force), view, markdown, title, look)
    outfile.write_text(path, text, option=OPTION, force=force)
    notice(f"wrote {visible(path, None)}")  # a file name whole, never cut
