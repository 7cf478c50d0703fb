"""Colours of exported pictures and pages: a light theme for projectors and print, a dark one.

A projector washes out dark backgrounds and thin light text, so exports are light by default. In
both themes every colour text can take, dimmed text included, has a contrast of at least 4.5:1
with the background (WCAG 2 level AA for body text); `contrast` computes it, and the tests check
every pair. The colours are the eight ANSI colours rich maps its style names to ("green", "red",
...), so the views need no change: only the export chooses the palette. `ExportTheme` names
the themes `--theme` offers.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # for annotations only: only exports need rich
    from rich.terminal_theme import TerminalTheme

RGB = tuple[int, int, int]


class ExportTheme(StrEnum):
    """The themes `--theme` offers for exported pictures and pages."""

    LIGHT = "light"
    DARK = "dark"


class Palette(NamedTuple):
    """A theme's colours: background, text, the eight ANSI colours, and dimmed text."""

    background: RGB
    foreground: RGB
    ansi: tuple[RGB, RGB, RGB, RGB, RGB, RGB, RGB, RGB]
    """black, red, green, yellow, blue, magenta, cyan, white: each readable on the background."""
    dim: RGB
    """Dimmed text (citation marks, labels): rich would blend it to 40-50%, too faint to read."""

    def terminal_theme(self) -> TerminalTheme:
        """The palette as rich's export theme (bright colours are the same as normal ones)."""
        from rich.terminal_theme import TerminalTheme  # noqa: PLC0415  (only exports need rich)

        return TerminalTheme(self.background, self.foreground, list(self.ansi), list(self.ansi))

    def text_colours(self) -> tuple[RGB, ...]:
        """Every colour text can have in this theme."""
        return (self.foreground, self.dim, *self.ansi)


PALETTES: dict[ExportTheme, Palette] = {
    ExportTheme.LIGHT: Palette(
        background=(255, 255, 255),
        foreground=(26, 26, 26),
        ansi=(
            (26, 26, 26),  # black: the text colour
            (176, 0, 32),  # red
            (0, 110, 40),  # green
            (122, 86, 0),  # yellow: a dark amber, as yellow on white cannot be read
            (0, 70, 170),  # blue
            (140, 0, 130),  # magenta
            (0, 100, 110),  # cyan
            (64, 64, 64),  # white: dark grey, as white on white cannot be read
        ),
        dim=(90, 90, 90),
    ),
    ExportTheme.DARK: Palette(
        background=(24, 24, 24),
        foreground=(230, 230, 230),
        ansi=(
            (170, 170, 170),  # black: light grey, as black on black cannot be read
            (255, 120, 120),  # red
            (110, 220, 120),  # green
            (240, 200, 80),  # yellow
            (120, 170, 255),  # blue
            (230, 140, 230),  # magenta
            (100, 210, 220),  # cyan
            (240, 240, 240),  # white
        ),
        dim=(170, 170, 170),
    ),
}


def _luminance(colour: RGB) -> float:
    """Relative luminance, as WCAG 2 defines it."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def hex_colour(text: str) -> RGB:
    """``#rrggbb`` as a colour."""
    value = text.removeprefix("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
