"""One picture a step: ``oms demo CASE --export case.svg --steps`` (docs/exports.md)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from rich.console import Group, RenderableType

from oms_cli.views import export
from oms_cli.views.render import disclaimer


def export_steps(  # noqa: PLR0917  (each argument is distinct and required)
    path: Path,
    force: bool,
    steps: Sequence[RenderableType],
    markdown: Sequence[str],
    title: str,
    look: export.Look | None = None,
) -> list[Path]:
    """Write each step with the disclaimer to its own file, ``case-1.svg`` on: all or none."""
    export.export_format(path)  # an unknown extension named as given, not as step 1's
    count = len(steps)
    targets = [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, count + 1)]
    files: list[export.Factories] = []
    for n, (target, step, page) in enumerate(zip(targets, steps, markdown, strict=True), start=1):
        framed = partial(Group, step, disclaimer())
        files.append((target, framed, partial(str, page), f"{title} · step {n} of {count}"))
    export.write_set(files, force, look)
    return targets
