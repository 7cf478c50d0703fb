"""Exports: pictures (SVG) and text from a view, pages (HTML) from Markdown (docs/exports.md)."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
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
from oms_cli.views.themes import ANSI, palette

FONTS = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
FONT_SIZE = 20  # in a picture's own units
CHAR_WIDTH = FONT_SIZE * 0.61  # DejaVu Sans Mono is 0.602 wide; 0.6 clipped the last column
LINE_HEIGHT = FONT_SIZE * 1.2
PADDING = 16  # the empty border around the text
SLIDE = (1920, 1080)
SLIDE_MIN_TEXT_PX = 24  # on `SLIDE`, for a projector's back row
SLIDE_WIDTHS = (50, 60, 70, 80, 90, 100, 110, 120, 127)  # narrow: large text; 127 fit at 24 px

_URL = re.compile(r"""(https?://[^\s<>"']*[^\s<>"'.,;:)])""")  # without a sentence's end
_FRAMING = " ─"  # what lines that only separate views hold: spaces and rules
_STATUS_CLASS = {"MET": "met", "NOT MET": "not-met", "UNKNOWN": "unknown"}
_PAGE = Template(Path(__file__).with_name("page.html").read_text(encoding="utf-8"))
_PICTURE = Template(Path(__file__).with_name("picture.svg").read_text(encoding="utf-8"))


class SlideError(OutputError):
    """A view too tall for a slide with readable text; the message says why, in one line."""


def rendered_lines(view: RenderableType, width: int) -> list[list[Segment]]:
    """The view at ``width`` columns (a URL may run past), without the blank lines round it."""
    console = recording_console(width)
    segments = console.render(view, console.options.update(width=width))
    lines = [
        [segment for segment in line if segment.text]
        for line in Segment.split_lines(Segment.filter_control(segments))
    ]
    while lines and not _text(lines[-1]).strip(_FRAMING):
        lines.pop()
    while lines and not _text(lines[0]).strip(_FRAMING):
        lines.pop(0)
    return lines


def _text(line: Sequence[Segment]) -> str:
    return "".join(segment.text for segment in line)


def plain_text(view: RenderableType, width: int) -> str:
    """The view as plain text at ``width`` columns, without styles or trailing spaces."""
    return "".join(_text(line).rstrip() + "\n" for line in rendered_lines(view, width))


def _size(lines: Sequence[Sequence[Segment]], slide: bool) -> tuple[float, float]:
    """A picture's width and height: its text's (padding included), or the 16:9 slide round it."""
    columns = max((cell_len(_text(line).rstrip()) for line in lines), default=0)
    width = columns * CHAR_WIDTH + 2 * PADDING
    height = len(lines) * LINE_HEIGHT + 2 * PADDING
    if not slide:
        return width, height
    ratio = SLIDE[0] / SLIDE[1]
    width = max(width, height * ratio)
    return width, width / ratio


def _layout(view: RenderableType, width: int, slide: bool) -> list[list[Segment]]:
    """The view's lines at ``width``; for a slide at the width that gives the largest text."""
    tried = [width, *sorted(set(SLIDE_WIDTHS) - {width})] if slide else [width]
    layouts = (rendered_lines(view, columns) for columns in tried)
    return min(layouts, key=lambda layout: _size(layout, slide=True))


def slide_size(view: RenderableType, width: int) -> tuple[float, float]:
    """The 16:9 size `svg` gives ``view`` as a slide; the slides of a set share the largest."""
    return _size(_layout(view, width, slide=True), slide=True)


def svg(
    view: RenderableType,
    title: str,
    theme: str,
    width: int,
    *,
    slide: bool = False,
    box: tuple[float, float] | None = None,
) -> str:
    """The view at ``width`` columns as an SVG picture, titled ``title`` (for readers).

    ``slide``: 16:9, at the one of ``width`` and `SLIDE_WIDTHS` that gives the largest text;
    ``box``: at least this size (`slide_size` of a set's tallest slide), so a set keeps one scale.
    """
    lines = _layout(view, width, slide)
    box_width, box_height = _size(lines, slide)
    if box is not None:
        box_width, box_height = max(box_width, box[0]), max(box_height, box[1])
    text_width, text_height = _size(lines, slide=False)
    if slide and FONT_SIZE * SLIDE[0] / box_width < SLIDE_MIN_TEXT_PX:
        most = int((SLIDE[1] * FONT_SIZE / SLIDE_MIN_TEXT_PX - 2 * PADDING) / LINE_HEIGHT)
        raise SlideError(
            f"--shape slide: the picture has {len(lines)} lines, more than the {most} that fit on "
            f"a 16:9 slide with text at least {SLIDE_MIN_TEXT_PX} px tall; export .html, or for a "
            "demo case one slide a step (--steps)"
        )
    colours = palette(theme)
    rgb = {name: parse_rgb_hex(colour[1:]) for name, colour in colours.items()}
    ansi: list[tuple[int, int, int]] = [rgb[name] for name in ANSI]
    terminal = TerminalTheme(rgb["background"], rgb["foreground"], ansi, ansi)
    left = PADDING + (box_width - text_width) / 2
    top = PADDING + (box_height - text_height) / 2
    classes: dict[str, str] = {}
    texts: list[str] = []
    for number, line in enumerate(lines):
        spans: list[str] = []
        column = 0
        for text, style, _ in line:
            css = _css(style or Style.null(), colours, terminal)
            name = classes.setdefault(css, f"r{len(classes) + 1}")
            spans += _spans(text, left + column * CHAR_WIDTH, name)
            column += cell_len(text)
        if spans:
            y = top + number * LINE_HEIGHT + FONT_SIZE
            texts.append(f'<text y="{y:g}">{"".join(spans)}</text>\n')
    return _PICTURE.substitute(
        width=f"{box_width:g}",
        height=f"{box_height:g}",
        label=html.escape(title),
        title=html.escape(title, quote=False),
        mono=FONTS,
        font_size=FONT_SIZE,
        styles="".join(f"    .{name} {{ {css} }}\n" for css, name in classes.items()),
        background=colours["background"],
        drawn="".join(texts),
    )


def _css(style: Style, colours: Mapping[str, str], terminal: TerminalTheme) -> str:
    """A run's style as CSS: its colour (dimmed text the theme's readable grey), weight, slant."""
    colour = colours["foreground"]
    if style.dim:
        colour = colours["dim"]
    elif style.color is not None and not style.color.is_default:
        colour = style.color.get_truecolor(terminal).hex
    flags = {
        "font-weight: bold": style.bold,
        "font-style: italic": style.italic,
        "text-decoration: underline": style.underline,
    }
    return "; ".join([f"fill: {colour}", *(rule for rule, wanted in flags.items() if wanted)])


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
    """A command's Markdown as a web page, its lines at most ``width`` characters.

    HTML in the Markdown is shown as text; table cells carry their header (for a phone).
    """
    parser = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    parser.add_render_rule("text", _linked_text)
    parser.add_render_rule("table_open", lambda *_: '<div class="table"><table>\n')
    parser.add_render_rule("table_close", lambda *_: "</table></div>\n")
    tokens = parser.parse(markdown)
    headers: list[str] = []
    labels = iter(headers)
    for token, inline in itertools.pairwise(tokens):
        if token.type == "thead_open":
            headers = []
        elif token.type == "th_open":
            headers.append(inline.content)
        elif token.type == "tr_open":
            labels = iter(headers)
        elif token.type == "td_open":
            token.attrSet("data-label", next(labels, ""))
            if inline.content in _STATUS_CLASS:
                token.attrSet("class", f"status {_STATUS_CLASS[inline.content]}")
    return _PAGE.substitute(
        palette(theme),
        theme=theme,
        title=html.escape(title),
        mono=FONTS,
        width=width,
        body=parser.renderer.render(tokens, parser.options, {}),
    )


def _linked_text(_renderer: object, tokens: Sequence[Token], index: int, *_: object) -> str:
    """A text's HTML, each URL in it a link."""
    pieces = [escapeHtml(piece) for piece in _URL.split(tokens[index].content)]
    return "".join(f'<a href="{p}">{p}</a>' if n % 2 else p for n, p in enumerate(pieces))
