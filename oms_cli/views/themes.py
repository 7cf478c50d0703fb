"""The colours of exported pictures and pages: light and dark themes, as data (themes.json)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType

ANSI = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")  # in their order


class ExportShape(StrEnum):
    """The shapes of an exported picture (--shape)."""

    FIT = "fit"
    SLIDE = "slide"


class ExportTheme(StrEnum):
    """The themes `--theme` offers for exported pictures and pages."""

    LIGHT = "light"
    DARK = "dark"


@cache
def palette(theme: str) -> Mapping[str, str]:
    """The colours of ``theme`` by name: background, foreground, dim and the `ANSI` names."""
    themes = json.loads(Path(__file__).with_name("themes.json").read_text(encoding="utf-8"))
    return MappingProxyType(themes[ExportTheme(theme)])
