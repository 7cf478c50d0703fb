"""One picture a step: ``oms demo CASE --export case.svg --steps`` (docs/exports.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from rich.console import Group, RenderableType

from oms_cli.views import export, pictures
from oms_cli.views.render import disclaimer
from oms_cli.views.themes import ExportShape


def export_steps(  # noqa: PLR0917  (each argument is distinct and required)
    path: Path,
    force: bool,
    steps: Sequence[RenderableType],
    markdown: Sequence[str],
    title: str,
    look: export.Look | None = None,
) -> list[Path]:
    """Write each step with the disclaimer to its own file, ``case-1.svg`` on: all or none."""
    fmt = export.export_format(path)  # an unknown extension named as given, not as step 1's
    look = look or export.Look()
    if fmt is export.ExportFormat.SVG and look.shape == ExportShape.SLIDE:
        # One scale for the deck: every slide the size of the one that needs the largest.
        sizes = [pictures.slide_size(Group(step, disclaimer()), look.width) for step in steps]
        look = replace(look, box=max(sizes))
    count = len(steps)
    targets = [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, count + 1)]
    files: list[export.Factories] = []
    for n, (target, step, page) in enumerate(zip(targets, steps, markdown, strict=True), start=1):
        framed = partial(Group, step, disclaimer())
        files.append((target, framed, partial(str, page), f"{title} · step {n} of {count}"))
    export.write_set(files, force, look)
    return targets
