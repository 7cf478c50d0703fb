"""One picture a step, for step-through slides: ``oms demo CASE --export case.svg --steps``.

A whole case is a tall picture that shrinks to unreadable on a 16:9 slide; each of its five steps
fits one. The files are named after the export's name with the step's number (``case-1.svg`` to
``case-5.svg``), each ends with the disclaimer, and each is written by `oms_cli.views.export` like
any export, never replacing a file without ``force``, and as one set: every name is checked and
every step rendered before the first file is written, and a failure at any step leaves every file
as it was (the steps of an earlier run included) and no new one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType

from oms_cli.files.outfile import write_set
from oms_cli.views.export import OPTION, Look, check_target, document
from oms_cli.views.render import disclaimer


def _framed(step: RenderableType) -> RenderableType:
    """A step as a picture of its own: the step, then the disclaimer that ends every result."""
    return Group(step, disclaimer())


def step_paths(path: Path, count: int) -> list[Path]:
    """The file of each step: the name with ``-1``, ``-2``, ... before its extension."""
    return [path.with_name(f"{path.stem}-{number}{path.suffix}") for number in range(1, count + 1)]


def export_steps(  # noqa: PLR0917  (each argument is distinct and required)
    path: Path,
    force: bool,
    steps: Sequence[RenderableType],
    markdown: Sequence[str],
    title: str,
    look: Look | None = None,
) -> list[Path]:
    """Write each step to its own file (see the module docstring); OutputError if one cannot be.

    ``steps``: the views of the steps (for .svg and .txt); ``markdown``: the Markdown of each
    step, for .html (`oms_cli.views.markdown.case_step_markdown`). Every step is rendered first,
    then the files are
    written as one set (`oms_cli.files.outfile.write_set`): all of them, or none, and no earlier
    file lost.
    """
    targets = step_paths(path, len(steps))
    fmt = check_target(path, force)
    for target in targets:
        check_target(target, force)
    texts = [
        document(
            fmt,
            functools.partial(_framed, step),
            functools.partial(str, page),
            f"{title} · step {number} of {len(steps)}",
            look,
        )
        for number, (step, page) in enumerate(zip(steps, markdown, strict=True), start=1)
    ]
    write_set(list(zip(targets, texts, strict=True)), option=OPTION, force=force)
    return targets
