"""Exported pictures (SVG) and pages (HTML) made for a projector and the web.

- Light by default (`oms_cli.views.themes`); every text colour, dimmed text included, at least
4.5:1.
- Nothing remote: rich's SVG template loads its font from a CDN; these templates name local
  monospace fonts only, so a file looks the same offline (the tool promises to work offline).
- HTML: a ``<title>``, a viewport for phones, lines that wrap instead of being cut, and every URL
  a link.

The view is printed to a recording console, as on a terminal; before export, what was recorded
is adjusted for paper and screens: dimmed text gets the theme's readable grey (rich would blend
it to 40-50% of the text colour, about 3:1), and each URL gets a link.
"""

from __future__ import annotations

import html
import re

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style

from oms_cli.views.render import recording_console
from oms_cli.views.themes import PALETTES, ExportTheme, Palette

FONTS = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
FONT_ASPECT_RATIO = 0.61
"""Width to height of a character of the fonts above (DejaVu Sans Mono: 0.602), with a margin:
at exactly 0.6 the last column of a full line was clipped (seen in rsvg-convert)."""

_URL = re.compile(r"https?://[^\s<>\"']+")
_TITLE_MARK = "@@oms-title@@"

# rich's SVG template (rich/_export_format.py), without the remote font and the comment naming
# rich's site; the placeholders are rich's.
SVG_FORMAT = (
    """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <style>
    .{unique_id}-matrix {{
        font-family: """
    + FONTS
    + """;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: sans-serif;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})"
       clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""
)

HTML_FORMAT = (
    """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>"""
    + _TITLE_MARK
    + """</title>
<style>
{stylesheet}
body {{
    color: {foreground};
    background-color: {background};
    margin: 0;
}}
pre {{
    font-family: """
    + FONTS
    + """;
    font-size: 16px;
    line-height: 1.4;
    white-space: pre-wrap;
    overflow-wrap: break-word;
    margin: 1.5em auto;
    padding: 0 1em;
    max-width: 100ch;
}}
a {{
    color: inherit;
}}
</style>
</head>
<body>
<pre><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""
)


def record(view: RenderableType, width: int) -> Console:
    """A recording console at ``width`` columns, holding ``view`` as printed."""
    recorder = recording_console(width)
    recorder.print(view)
    return recorder


def _adjusted(segment: Segment, palette: Palette) -> list[Segment]:
    """One recorded segment for export: dimmed text readable, URLs linked."""
    text, style, control = segment
    if control:
        return [segment]
    style = style or Style.null()
    if style.dim:
        style = style + Style(dim=False, color=f"rgb{palette.dim}")
    if "://" not in text:
        return [Segment(text, style)]
    pieces: list[Segment] = []
    start = 0
    for found in _URL.finditer(text):
        if found.start() > start:
            pieces.append(Segment(text[start : found.start()], style))
        url = found.group().rstrip(".,;:)")
        pieces.append(Segment(url, style + Style(link=url)))
        start = found.start() + len(url)
    if start < len(text):
        pieces.append(Segment(text[start:], style))
    return pieces


def _prepare(recorder: Console, palette: Palette) -> None:
    # rich keeps what it recorded in this list (rich is pinned to 15.x); rewritten in place.
    buffer = recorder._record_buffer
    buffer[:] = [piece for segment in buffer for piece in _adjusted(segment, palette)]


def svg(recorder: Console, title: str, theme: str) -> str:
    """The recorded view as an SVG picture in ``theme``, its window named ``title``."""
    palette = PALETTES[ExportTheme(theme)]
    _prepare(recorder, palette)
    return recorder.export_svg(
        title=title,
        theme=palette.terminal_theme(),
        code_format=SVG_FORMAT,
        font_aspect_ratio=FONT_ASPECT_RATIO,
    )


def html_page(recorder: Console, title: str, theme: str) -> str:
    """The recorded view as a web page in ``theme``, titled ``title``."""
    palette = PALETTES[ExportTheme(theme)]
    _prepare(recorder, palette)
    # Inline styles: rich writes links (<a href>) only then.
    page = recorder.export_html(
        theme=palette.terminal_theme(), code_format=HTML_FORMAT, inline_styles=True
    )
    return page.replace(_TITLE_MARK, html.escape(title), 1)
