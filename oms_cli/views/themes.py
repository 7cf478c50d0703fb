"""The colours of exported pictures and pages: a light theme (the default) and a dark one.

The colours are data (`themes.json`, each ``#rrggbb``): the background, text, dimmed text, and
the eight ANSI colours that rich's style names stand for, each readable on the background
(docs/exports.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType

ANSI = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
"""The eight ANSI colours, in their order."""


class ExportTheme(StrEnum):
    """The themes `--theme` offers for exported pictures and pages."""

    LIGHT = "light"
    DARK = "dark"


@cache
def palette(theme: str) -> Mapping[str, str]:
    """The colours of ``theme`` by name: background, foreground, dim and the `ANSI` names."""
    themes = json.loads(Path(__file__).with_name("themes.json").read_text(encoding="utf-8"))
    return MappingProxyType(themes[ExportTheme(theme)])
