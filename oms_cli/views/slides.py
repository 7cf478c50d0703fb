"""One picture a step, for step-through slides: ``oms demo CASE --export case.svg --steps``.

A whole case is a tall picture that shrinks to unreadable on a 16:9 slide; each of its five steps
fits one. The files are named after the export's name with the step's number (``case-1.svg`` to
``case-5.svg``), each ends with the disclaimer, and each is written by `oms_cli.views.export` like
any
export: whole or not at all, never replacing a file without ``force``. Every name is checked
before the first is written, and if one cannot be written, those already written are removed, so
a run leaves all the steps or none.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from oms_cli.files.outfile import OutputError
from oms_cli.views.export import Look, check_target, export_result

if TYPE_CHECKING:  # for annotations only: rich is loaded by oms_cli.views.render
    from rich.console import RenderableType


def _framed(step: RenderableType) -> RenderableType:
    """A step as a picture of its own: the step, then the disclaimer that ends every result."""
    from rich.console import Group  # noqa: PLC0415  (rich only when exporting)

    from oms_cli.views.render import disclaimer  # noqa: PLC0415

    return Group(step, disclaimer())


def step_paths(path: Path, count: int) -> list[Path]:
    """The file of each step: the name with ``-1``, ``-2``, ... before its extension."""
    return [path.with_name(f"{path.stem}-{number}{path.suffix}") for number in range(1, count + 1)]


def export_steps(
    path: Path,
    force: bool,
    steps: Sequence[RenderableType],
    title: str,
    look: Look | None = None,
) -> list[Path]:
    """Write each step to its own file (see the module docstring); OutputError if one cannot be."""
    targets = step_paths(path, len(steps))
    for target in targets:
        check_target(target, force)
    written: list[Path] = []
    try:
        for number, (target, step) in enumerate(zip(targets, steps, strict=True), start=1):
            export_result(
                target,
                force,
                functools.partial(_framed, step),
                lambda: "",  # never called: Markdown is refused before (no view of a step in it)
                f"{title} · step {number} of {len(steps)}",
                look=look,
            )
            written.append(target)
    except (OutputError, KeyboardInterrupt):
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return written
