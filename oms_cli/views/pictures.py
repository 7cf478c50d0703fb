"""Exported pictures (SVG), text and pages (HTML): see docs/exports.md.

A picture is the terminal view as rich renders it (`Console.render`), each run of text drawn at
its column on a plain background, as tall as its text or on a 16:9 slide; dimmed text gets the
theme's readable grey (rich would blend it to about 3:1), and each URL is a link. A page is the
command's Markdown as a document (markdown-it), in the `page.html` template.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from rich.cells import cell_len
from rich.color import parse_rgb_hex
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme

from oms_cli.files.outfile import OutputError
from oms_cli.views.render import recording_console
from oms_cli.views.themes import ExportTheme, Palette, palette

FONTS = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
FONT_SIZE = 20
"""The size of a picture's text, in its own units."""
CHAR_WIDTH = FONT_SIZE * 0.61
"""DejaVu Sans Mono is 0.602 wide; at 0.6 the last column of a full line was clipped."""
LINE_HEIGHT = FONT_SIZE * 1.2
PADDING = 16
"""The empty border around a picture's text."""
SLIDE = (1920, 1080)
SLIDE_MIN_TEXT_PX = 24
"""The smallest text a slide picture may have on `SLIDE` (a projector's back row)."""
SLIDE_WIDTHS = (50, 60, 70, 80, 90, 100, 110, 120, 127)
"""Columns tried on a slide: narrow gives large text, wide fewer lines; 127 fit at 24 px."""

_URL = re.compile(r"""(https?://[^\s<>"']*[^\s<>"'.,;:)])""")
"""An address, without the punctuation that ends a sentence after it."""
_FRAMING = " ─"
"""What a line that only separates views holds: spaces and a horizontal rule."""
_STATUS_CLASS = {"MET": "met", "NOT MET": "not-met", "UNKNOWN": "unknown"}
_PAGE = Template(Path(__file__).with_name("page.html").read_text(encoding="utf-8"))


class SlideError(OutputError):
    """A view too tall for a slide with readable text; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text of one style, at a column of a line."""

    column: int
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class Box:
    """A picture's size in its own units."""

    width: float
    height: float


def rendered_lines(view: RenderableType, width: int) -> list[list[Run]]:
    """The view as printed at ``width`` columns, without the blank lines and rules around it.

    Lines are not cut at the width (a URL may run past it, as on a terminal).
    """
    console = recording_console(width)
    segments = console.render(view, console.options.update(width=width))
    lines: list[list[Run]] = []
    for line in Segment.split_lines(Segment.filter_control(segments)):
        runs: list[Run] = []
        column = 0
        for text, style, _ in line:
            if text:
                runs.append(Run(column, text, style or Style.null()))
                column += cell_len(text)
        lines.append(runs)
    while lines and not _text(lines[-1]).strip(_FRAMING):
        lines.pop()
    while lines and not _text(lines[0]).strip(_FRAMING):
        lines.pop(0)
    return lines


def _text(runs: Sequence[Run]) -> str:
    return "".join(run.text for run in runs)


def plain_text(view: RenderableType, width: int) -> str:
    """The view as plain text at ``width`` columns, without styles or trailing spaces."""
    return "".join(_text(runs).rstrip() + "\n" for runs in rendered_lines(view, width))


def _text_box(lines: Sequence[Sequence[Run]]) -> Box:
    """The size of the text of these lines (trailing spaces left out), padding included."""
    columns = max(
        (
            run.column + cell_len(run.text.rstrip())
            for runs in lines
            for run in runs
            if run.text.strip()
        ),
        default=0,
    )
    return Box(columns * CHAR_WIDTH + 2 * PADDING, len(lines) * LINE_HEIGHT + 2 * PADDING)


def _laid_out(view: RenderableType, width: int, slide: bool) -> tuple[list[list[Run]], Box]:
    """The view's lines at ``width`` columns, and its picture's size: the text's, or 16:9."""
    lines = rendered_lines(view, width)
    box = _text_box(lines)
    if slide:
        slide_width = max(box.width, box.height * SLIDE[0] / SLIDE[1])
        box = Box(slide_width, slide_width * SLIDE[1] / SLIDE[0])
    return lines, box


def svg(view: RenderableType, title: str, theme: str, width: int, *, slide: bool = False) -> str:
    """The view as an SVG picture in ``theme``, titled ``title`` (for readers, not drawn).

    ``width``: its columns. ``slide``: 16:9 with the largest text, the text centred: each of
    `SLIDE_WIDTHS` is tried after ``width``, the narrowest picture kept (``width`` on a tie), and
    `SlideError` raised when its text is under `SLIDE_MIN_TEXT_PX`.
    """
    tried = [width, *sorted(set(SLIDE_WIDTHS) - {width})] if slide else [width]
    lines, box = min(
        (_laid_out(view, columns, slide) for columns in tried), key=lambda laid: laid[1].width
    )
    if slide and FONT_SIZE * SLIDE[0] / box.width < SLIDE_MIN_TEXT_PX:
        most = int((SLIDE[1] * FONT_SIZE / SLIDE_MIN_TEXT_PX - 2 * PADDING) / LINE_HEIGHT)
        raise SlideError(
            f"--shape slide: the picture has {len(lines)} lines, more than the {most} that fit on "
            f"a 16:9 slide with text at least {SLIDE_MIN_TEXT_PX} px tall; export .html, or for a "
            "demo case one slide a step (--steps)"
        )
    return _drawn(lines, box, title, palette(theme))


def _drawn(lines: Sequence[Sequence[Run]], box: Box, title: str, colours: Palette) -> str:
    """The lines drawn in ``box``, centred: one ``<text>`` a line, a ``<tspan>`` a run of text.

    Each run is as wide as its characters (``textLength``), so a font a little wider or narrower
    keeps the columns.
    """
    ansi: list[tuple[int, int, int]] = [parse_rgb_hex(colour[1:]) for colour in colours.ansi]
    theme = TerminalTheme(
        parse_rgb_hex(colours.background[1:]), parse_rgb_hex(colours.foreground[1:]), ansi, ansi
    )
    used = _text_box(lines)
    left = PADDING + (box.width - used.width) / 2
    top = PADDING + (box.height - used.height) / 2
    classes: dict[str, str] = {}
    rects: list[str] = []
    texts: list[str] = []
    for number, runs in enumerate(lines):
        y = top + number * LINE_HEIGHT
        spans: list[str] = []
        for run in runs:
            x = left + run.column * CHAR_WIDTH
            css, background = _css(run.style, colours, theme)
            if background is not None:
                rects.append(
                    f'<rect x="{x:g}" y="{y:g}" width="{cell_len(run.text) * CHAR_WIDTH:g}" '
                    f'height="{LINE_HEIGHT:g}" fill="{background}"/>'
                )
            spans += _spans(run.text, x, classes.setdefault(css, f"r{len(classes) + 1}"))
        if spans:
            texts.append(f'<text y="{y + FONT_SIZE:g}">{"".join(spans)}</text>')
    styles = "".join(f"    .{name} {{ {css} }}\n" for css, name in classes.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {box.width:g} {box.height:g}" '
        f'xml:space="preserve" role="img" aria-label="{html.escape(title)}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n<style>\n"
        f"    text {{ font-family: {FONTS}; font-size: {FONT_SIZE}px; white-space: pre; }}\n"
        f'{styles}</style>\n<rect width="100%" height="100%" fill="{colours.background}"/>\n'
        + "".join(f"{line}\n" for line in rects + texts)
        + "</svg>\n"
    )


def _css(style: Style, colours: Palette, theme: TerminalTheme) -> tuple[str, str | None]:
    """A run's style as CSS, and its background colour (None: the picture's own)."""
    text = colours.foreground
    if style.color is not None and not style.color.is_default:
        text = style.color.get_truecolor(theme).hex
    if style.dim:
        text = colours.dim
    background = None
    if style.bgcolor is not None and not style.bgcolor.is_default:
        background = style.bgcolor.get_truecolor(theme, foreground=False).hex
    if style.reverse:
        text, background = background or colours.background, text
    flags = {
        "font-weight: bold": style.bold,
        "font-style: italic": style.italic,
        "text-decoration: underline": style.underline,
    }
    rules = [f"fill: {text}", *(rule for rule, wanted in flags.items() if wanted)]
    return "; ".join(rules), background


def _spans(text: str, x: float, name: str) -> Iterator[str]:
    """A run's text as ``<tspan>`` elements from ``x``: each URL a link, spaces around left out."""
    for index, piece in enumerate(_URL.split(text)):
        word = piece.strip()
        if word:
            start = x + cell_len(piece[: len(piece) - len(piece.lstrip())]) * CHAR_WIDTH
            span = (
                f'<tspan class="{name}" x="{start:g}" textLength="'
                f'{cell_len(word) * CHAR_WIDTH:g}" lengthAdjust="spacingAndGlyphs">'
                f"{html.escape(word, quote=False)}</tspan>"
            )
            yield f'<a href="{html.escape(word)}">{span}</a>' if index % 2 else span
        x += cell_len(piece) * CHAR_WIDTH


def html_page(markdown: str, title: str, theme: str, width: int) -> str:
    """A command's Markdown as a web page in ``theme``, titled ``title``.

    ``width``: the page's widest line of text, in characters. Markdown is CommonMark with
    tables; HTML in it is shown as text, never as markup. Each table sits in a scrolling box,
    each cell labelled with its column's header (on a phone a row is a block), each status cell
    classed for its colour, and each URL is a link.
    """
    parser = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    parser.add_render_rule("text", _linked_text)
    parser.add_render_rule("table_open", lambda *_: '<div class="table"><table>\n')
    parser.add_render_rule("table_close", lambda *_: "</table></div>\n")
    tokens = parser.parse(markdown)
    headers: list[str] = []
    column = 0
    for token, inline in itertools.pairwise(tokens):
        if token.type == "thead_open":
            headers = []
        elif token.type == "th_open":
            headers.append(inline.content)
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open":
            token.attrSet("data-label", headers[column] if column < len(headers) else "")
            if inline.content in _STATUS_CLASS:
                token.attrSet("class", f"status {_STATUS_CLASS[inline.content]}")
            column += 1
    colours = palette(theme)
    _, red, green, yellow, blue, *_ = colours.ansi
    return _PAGE.substitute(
        title=html.escape(title),
        scheme="dark" if theme == ExportTheme.DARK else "light",
        foreground=colours.foreground,
        background=colours.background,
        mono=FONTS,
        width=width,
        link=blue,
        rule=colours.dim,
        met=green,
        not_met=red,
        unknown=yellow,
        body=parser.renderer.render(tokens, parser.options, {}),
    )


def _linked_text(_renderer: object, tokens: Sequence[Token], index: int, *_: object) -> str:
    """A text's HTML, each URL in it a link."""
    pieces = _URL.split(tokens[index].content)
    return "".join(
        f'<a href="{escapeHtml(piece)}">{escapeHtml(piece)}</a>'
        if number % 2
        else escapeHtml(piece)
        for number, piece in enumerate(pieces)
    )
