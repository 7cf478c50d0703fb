"""Exported pictures (SVG) and pages (HTML) made for a projector and the web.

- Light by default (`oms_cli.views.themes`); every text colour, dimmed text included, at least
4.5:1.
- Nothing remote: rich's SVG template loads its font from a CDN; these templates name local
  monospace fonts only, so a file looks the same offline (the tool promises to work offline).
- HTML: a ``<title>``, a viewport for phones, lines that wrap instead of being cut, and every URL
  a link.

The view is printed to a recording console, as on a terminal, adjusted for paper and screens as
it is rendered (`ForExport`): dimmed text gets the theme's readable grey (rich would blend it to
40-50% of the text colour, about 3:1), and each URL gets a link.
"""

import html
import re
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderableType
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


def record(view: RenderableType, width: int, theme: str) -> Console:
    """A recording console at ``width`` columns, holding ``view`` as exported in ``theme``."""
    recorder = recording_console(width)
    recorder.print(ForExport(view, PALETTES[ExportTheme(theme)]))
    return recorder


class ForExport:
    """A view as it is exported: dimmed text in the palette's readable grey, every URL a link."""

    def __init__(self, view: RenderableType, palette: Palette) -> None:
        """The view, and the palette of the export's theme."""
        self.view = view
        self.palette = palette

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """The view's segments, each adjusted (`_adjusted`)."""
        for segment in console.render(self.view, options):
            yield from _adjusted(segment, self.palette)


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


def svg(recorder: Console, title: str, theme: str) -> str:
    """The recorded view as an SVG picture in ``theme``, its window named ``title``."""
    palette = PALETTES[ExportTheme(theme)]
    return recorder.export_svg(
        title=title,
        theme=palette.terminal_theme(),
        code_format=SVG_FORMAT,
        font_aspect_ratio=FONT_ASPECT_RATIO,
    )


def html_page(recorder: Console, title: str, theme: str) -> str:
    """The recorded view as a web page in ``theme``, titled ``title``."""
    palette = PALETTES[ExportTheme(theme)]
    # Inline styles: rich writes links (<a href>) only then.
    page = recorder.export_html(
        theme=palette.terminal_theme(), code_format=HTML_FORMAT, inline_styles=True
    )
    return page.replace(_TITLE_MARK, html.escape(title), 1)
