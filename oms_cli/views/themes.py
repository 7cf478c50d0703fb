"""The colours of exported pictures and pages: a light theme (the default) and a dark one.

The colours are data (`themes.json`): each theme's background, text, dimmed text and the eight
ANSI colours that rich's style names ("green", "red", ...) stand for, each readable on the
background (docs/exports.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path


class ExportTheme(StrEnum):
    """The themes `--theme` offers for exported pictures and pages."""

    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True)
class Palette:
    """A theme's colours, each as ``#rrggbb``."""

    background: str
    foreground: str
    dim: str
    """Dimmed text (citation marks, labels): rich would blend it too faint to read."""
    ansi: tuple[str, ...]
    """black, red, green, yellow, blue, magenta, cyan, white."""


@cache
def palette(theme: str) -> Palette:
    """The colours of ``theme`` (an `ExportTheme` value)."""
    data = json.loads(Path(__file__).with_name("themes.json").read_text(encoding="utf-8"))
    colours = data[ExportTheme(theme)]
    return Palette(
        colours["background"], colours["foreground"], colours["dim"], tuple(colours["ansi"])
    )
