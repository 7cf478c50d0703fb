"""Exported pictures (SVG) and pages (HTML) made for a projector, print and the web.

- Pictures are the terminal view, drawn as text on a plain background: no window frame. A
  ``slide`` picture is 16:9, with text at least `SLIDE_MIN_TEXT_PX` tall on a 1920x1080 slide;
  a view too tall for that is refused with a one-line message (`SlideError`).
- Pages are documents, not a picture of a terminal: the command's Markdown rendered to HTML
  (headings, tables, lists, links), with a stylesheet for screens from a phone up and one for print.
- Light by default (`oms_cli.views.themes`); every text colour, dimmed text included, at least
  4.5:1. Nothing remote: fonts are local ones, named; a file looks the same offline (the tool
  promises to work offline).

The picture is drawn from the view's rendered lines (rich's public `Console.render`), each run
of text at its column; dimmed text gets the theme's readable grey (rich would blend it to 40-50%
of the text colour, about 3:1), and each URL is a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme

from oms_cli.files.outfile import OutputError
from oms_cli.views.render import recording_console
from oms_cli.views.themes import PALETTES, RGB, ExportTheme, Palette

FONTS = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
PAGE_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
FONT_ASPECT_RATIO = 0.61
"""Width to height of a character of the fonts above (DejaVu Sans Mono: 0.602), with a margin:
at exactly 0.6 the last column of a full line was clipped (seen in rsvg-convert)."""
FONT_SIZE = 20
"""The size of a picture's text, in its own units (every run of text has this one size)."""
LINE_HEIGHT = 1.2
"""A line's height, in font sizes."""
PADDING = 16
"""The empty border around a picture's text, in its own units."""

SLIDE = (1920, 1080)
"""The slide a ``slide`` picture is made for: 16:9, full HD."""
SLIDE_MIN_TEXT_PX = 24
"""The smallest text a ``slide`` picture may have on `SLIDE` (a projector's back row)."""
SLIDE_WIDTHS = (50, 60, 70, 80, 90, 100, 110, 120, 127)
"""Columns tried to lay a view out on a slide: narrow gives large text, wide fewer lines. 127 is
the most that fit across a slide at 24 px."""

_URL = re.compile(r"https?://[^\s<>\"']+")
_URL_END = ".,;:)"


class SlideError(OutputError):
    """A view too tall for a slide with readable text; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text of one style, at a column of a line."""

    column: int
    text: str
    style: Style


def rendered_lines(view: RenderableType, width: int) -> list[list[Run]]:
    """The view as printed at ``width`` columns: each line's runs of styled text.

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
    # Blank lines and rules around the view separate results on a terminal; a picture has none.
    while lines and not _text(lines[-1]).strip(_FRAMING):
        lines.pop()
    while lines and not _text(lines[0]).strip(_FRAMING):
        lines.pop(0)
    return lines


_FRAMING = " ─"
"""What a line that only separates views holds: spaces and a horizontal rule."""


def _text(runs: Sequence[Run]) -> str:
    return "".join(run.text for run in runs)


def plain_text(lines: Sequence[Sequence[Run]]) -> str:
    """The lines as plain text, without styles or trailing spaces."""
    return "".join("".join(run.text for run in runs).rstrip() + "\n" for runs in lines)


def used_columns(lines: Sequence[Sequence[Run]]) -> int:
    """How many columns the text of the lines takes, trailing spaces left out."""
    used = 0
    for runs in lines:
        for run in runs:
            if run.text.strip():
                used = max(used, run.column + cell_len(run.text.rstrip()))
    return used


@dataclass(frozen=True, slots=True)
class Box:
    """A picture's size in its own units: width and height."""

    width: float
    height: float


def text_box(lines: Sequence[Sequence[Run]]) -> Box:
    """The size of the text of these lines, padding included."""
    char_width = FONT_SIZE * FONT_ASPECT_RATIO
    return Box(
        used_columns(lines) * char_width + 2 * PADDING,
        len(lines) * FONT_SIZE * LINE_HEIGHT + 2 * PADDING,
    )


def slide_box(text: Box) -> Box:
    """The 16:9 box around a text box: as small as holds it."""
    ratio = SLIDE[0] / SLIDE[1]
    width = max(text.width, text.height * ratio)
    return Box(width, width / ratio)


def smallest_text_px(box: Box, slide_width: int = SLIDE[0]) -> float:
    """The height of the picture's text on a slide ``slide_width`` pixels wide that it fills."""
    return FONT_SIZE * slide_width / box.width


def slide_lines(view: RenderableType, width: int) -> list[list[Run]]:
    """The view laid out for a 16:9 slide with the largest text; SlideError below 24 px.

    Each of `SLIDE_WIDTHS` and ``width`` is tried: a narrow layout of a short view gives large
    text, a wide one fits a long view. Of equal sizes, ``width`` is kept.
    """
    best: tuple[float, list[list[Run]]] | None = None
    for columns in sorted({width, *SLIDE_WIDTHS}, key=lambda w: (w != width, w)):
        lines = rendered_lines(view, columns)
        size = smallest_text_px(slide_box(text_box(lines)))
        if best is None or size > best[0]:
            best = (size, lines)
    assert best is not None  # noqa: S101  (a bug guard: at least one width is tried)
    size, lines = best
    if size >= SLIDE_MIN_TEXT_PX:
        return lines
    most = int((SLIDE[1] * FONT_SIZE / SLIDE_MIN_TEXT_PX - 2 * PADDING) / (FONT_SIZE * LINE_HEIGHT))
    raise SlideError(
        f"--shape slide: the picture has {len(lines)} lines, more than the {most} that fit on a "
        f"16:9 slide with text at least {SLIDE_MIN_TEXT_PX} px tall; export .html, or for a demo "
        "case one slide a step (--steps)"
    )


def _hex(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _colours(style: Style, palette: Palette, theme: TerminalTheme) -> tuple[str, str | None]:
    """A run's text colour and its background colour (None: the picture's own)."""
    text = _hex(palette.foreground)
    if style.color is not None and not style.color.is_default:
        text = style.color.get_truecolor(theme).hex
    if style.dim:
        text = _hex(palette.dim)
    background = None
    if style.bgcolor is not None and not style.bgcolor.is_default:
        background = style.bgcolor.get_truecolor(theme, foreground=False).hex
    if style.reverse:
        text, background = background or _hex(palette.background), text
    return text, background


def _css(style: Style, colour: str) -> str:
    rules = [f"fill: {colour}"]
    if style.bold:
        rules.append("font-weight: bold")
    if style.italic:
        rules.append("font-style: italic")
    if style.underline:
        rules.append("text-decoration: underline")
    return "; ".join(rules)


def _linked(text: str) -> Iterable[tuple[str, str | None]]:
    """A run's text in pieces, each URL with its address."""
    start = 0
    for found in _URL.finditer(text):
        url = found.group().rstrip(_URL_END)
        if found.start() > start:
            yield text[start : found.start()], None
        yield url, url
        start = found.start() + len(url)
    if start < len(text):
        yield text[start:], None


def svg(lines: Sequence[Sequence[Run]], title: str, theme: str, *, slide: bool = False) -> str:
    """The lines as an SVG picture in ``theme``, titled ``title`` (not drawn: no window frame).

    ``slide``: 16:9, the text in the middle. Each line is one ``<text>``; each run of text in
    it a ``<tspan>`` at its column, as wide as its characters (``textLength``), so a font a
    little wider or narrower keeps the columns.
    """
    palette = PALETTES[ExportTheme(theme)]
    terminal = palette.terminal_theme()
    box = used = text_box(lines)
    if slide:
        box = slide_box(used)
    # On a slide the text is centred: the spare room shared on both sides.
    left = PADDING + (box.width - used.width) / 2
    top_margin = PADDING + (box.height - used.height) / 2
    char_width = FONT_SIZE * FONT_ASPECT_RATIO
    line_height = FONT_SIZE * LINE_HEIGHT
    classes: dict[str, str] = {}
    drawn: list[str] = []
    backgrounds: list[str] = []
    for number, runs in enumerate(lines):
        top = top_margin + number * line_height
        spans: list[str] = []
        for run in runs:
            text, style = run.text, run.style
            colour, background = _colours(style, palette, terminal)
            x = left + run.column * char_width
            if background is not None:
                backgrounds.append(
                    f'<rect x="{x:g}" y="{top:g}" width="{cell_len(text) * char_width:g}" '
                    f'height="{line_height:g}" fill="{background}"/>'
                )
            name = classes.setdefault(_css(style, colour), f"r{len(classes) + 1}")
            for piece, url in _linked(text):
                word = piece.strip()
                if word:  # drawn without the spaces around it, at the column where it starts
                    start = x + cell_len(piece[: len(piece) - len(piece.lstrip())]) * char_width
                    span = (
                        f'<tspan class="{name}" x="{start:g}" textLength="'
                        f'{cell_len(word) * char_width:g}" lengthAdjust="spacingAndGlyphs">'
                        f"{html.escape(word, quote=False)}</tspan>"
                    )
                    if url is not None:
                        span = f'<a href="{html.escape(url)}">{span}</a>'
                    spans.append(span)
                x += cell_len(piece) * char_width
        if spans:
            drawn.append(f'<text y="{top + FONT_SIZE:g}">{"".join(spans)}</text>')
    styles = "\n".join(f"    .{name} {{ {css} }}" for css, name in classes.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {box.width:g} {box.height:g}" '
        f'xml:space="preserve" role="img" aria-label="{html.escape(title)}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        "<style>\n"
        f"    text {{ font-family: {FONTS}; font-size: {FONT_SIZE}px; white-space: pre; }}\n"
        f"{styles}\n"
        "</style>\n"
        f'<rect width="100%" height="100%" fill="{_hex(palette.background)}"/>\n'
        + "".join(f"{rect}\n" for rect in backgrounds)
        + "".join(f"{text}\n" for text in drawn)
        + "</svg>\n"
    )


# --- pages --------------------------------------------------------------------------------------

_STATUS_CELL = re.compile(r"<td>(MET|NOT MET|UNKNOWN)</td>")
_STATUS_CLASS = {"MET": "met", "NOT MET": "not-met", "UNKNOWN": "unknown"}
_BARE_URL = re.compile(r'(?<![="])(https?://[^\s<>"\']+)')


_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
_HEADER = re.compile(r"<th>(.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr>.*?</tr>", re.DOTALL)


def _labelled(table: re.Match[str]) -> str:
    """A table in its scrolling box, each cell labelled with its column's header.

    The labels show on a phone, where each row is laid out as a block (see `PAGE_STYLE`).
    """
    headers = [re.sub(r"<[^>]*>", "", header) for header in _HEADER.findall(table.group())]

    def row(found: re.Match[str]) -> str:
        cells = iter(headers)
        return re.sub(
            r"<td(?=[ >])",
            lambda _: f'<td data-label="{html.escape(next(cells, ""))}"',
            found.group(),
        )

    return f'<div class="table">{_ROW.sub(row, table.group())}</div>'


def _markdown_html(markdown: str) -> str:
    """Markdown as HTML: CommonMark and tables; raw HTML in it shown as text, never as markup."""
    parser = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    body = parser.render(markdown)

    def link(found: re.Match[str]) -> str:
        url = found.group(1)
        kept = url.rstrip(_URL_END)
        return f'<a href="{kept}">{kept}</a>{url[len(kept) :]}'

    body = _BARE_URL.sub(link, body)  # addresses are already escaped (&amp;) in the text
    body = _STATUS_CELL.sub(
        lambda found: f'<td class="status {_STATUS_CLASS[found[1]]}">{found[1]}</td>', body
    )
    return _TABLE.sub(_labelled, body)


PAGE_STYLE = """\
:root {{ color-scheme: {scheme}; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
    margin: 0;
    color: {foreground};
    background-color: {background};
    font-family: {fonts};
    font-size: 1.0625rem;
    line-height: 1.5;
}}
main {{ max-width: {width}ch; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }}
h2 {{ font-size: 1.25rem; line-height: 1.3; margin: 2rem 0 0.75rem; }}
h3 {{ font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }}
p, ul, ol {{ margin: 0 0 1rem; }}
li {{ margin: 0.25rem 0; }}
a {{ color: {link}; overflow-wrap: anywhere; }}
code {{ font-family: {mono}; font-size: 0.92em; }}
hr {{ border: 0; border-top: 1px solid {rule}; margin: 2rem 0 1rem; }}
.table {{ overflow-x: auto; margin: 0 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.4rem 0.6rem;
    border-bottom: 1px solid {rule}; }}
th {{ white-space: nowrap; border-bottom: 2px solid {foreground}; }}
td.status {{ font-weight: bold; white-space: nowrap; }}
td.met {{ color: {met}; }}
td.not-met {{ color: {not_met}; }}
td.unknown {{ color: {unknown}; }}
@media screen and (max-width: 40rem) {{
    body {{ font-size: 1rem; }}
    main {{ padding: 1rem 0.75rem 2rem; }}
    table, tbody, tr, td {{ display: block; width: auto; }}
    thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
    tr {{ border-bottom: 1px solid {rule}; padding: 0.5rem 0; }}
    td {{ border: 0; padding: 0.1rem 0; white-space: normal; }}
    td::before {{ content: attr(data-label) ": "; font-weight: bold; color: {foreground}; }}
}}
@media print {{
    @page {{ margin: 1.5cm; }}
    :root {{ color-scheme: light; }}
    body {{ color: #000; background: #fff; font-size: 11pt; }}
    main {{ max-width: none; padding: 0; }}
    a {{ color: inherit; }}
    .table {{ overflow: visible; }}
    th {{ border-bottom-color: #000; }}
    td.met, td.not-met, td.unknown {{ color: #000; }}
    h1, h2, h3 {{ break-after: avoid; }}
    tr, li {{ break-inside: avoid; }}
}}
"""


def html_page(markdown: str, title: str, theme: str, width: int) -> str:
    """A command's Markdown as a web page in ``theme``: a real document, titled ``title``.

    ``width``: the page's widest line of text, in characters (the export's ``--width``).
    """
    palette = PALETTES[ExportTheme(theme)]
    _, red, green, yellow, blue, *_ = palette.ansi
    style = PAGE_STYLE.format(
        scheme="dark" if theme == ExportTheme.DARK else "light",
        foreground=_hex(palette.foreground),
        background=_hex(palette.background),
        fonts=PAGE_FONTS,
        mono=FONTS,
        width=width,
        link=_hex(blue),
        rule=_hex(palette.dim),
        met=_hex(green),
        not_met=_hex(red),
        unknown=_hex(yellow),
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
        f"<main>\n{_markdown_html(markdown)}</main>\n</body>\n</html>\n"
    )
