"""``oms demo``: which cases it shows, how it shows them, and the step-through with its pauses.

The one module of the demo's logic: the command's choice of cases (`choose`), its output on the
screen (`show`) and in an export (`view`, `markdown`), and the walk-through. The cases themselves
are data (`oms_cli.content.cases`, which the quiz uses too); the rich views of a case are in
`oms_cli.views.render`, its Markdown in `oms_cli.views.markdown`, beside the views of a result they
share.

The step-through is pure; what shows a step and what waits for a key are passed in, so that the
pauses can be tested without a terminal. On a terminal, `key_wait` with `read_key` pauses for a
key press: q stops, any other key (Enter) goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO, TypeVar

from rich.console import Console, RenderableType

from oms_cli.cli.options import ExportShape
from oms_cli.cli.process import fail, notice, unknown_name, usage_error
from oms_cli.content.cases import CASE_BY_ID, CASES, Case, case_ids
from oms_cli.files.outfile import OutputError
from oms_cli.files.textsafe import visible
from oms_cli.teaching import terminal
from oms_cli.views import export as exporting
from oms_cli.views import markdown as layout
from oms_cli.views import render
from oms_cli.views.slides import export_steps

if sys.platform != "win32":
    import termios
    import tty

Step = TypeVar("Step")

Wait = Callable[[], bool]
"""Called between two steps: True to go on, False to stop."""

STOP_KEYS = frozenset({"q", "Q"})
"""Keys that stop a walk-through; end of input stops it too."""


def step_through(steps: Iterable[Step], show: Callable[[Step], None], wait: Wait | None) -> bool:
    """Show every step, asking ``wait`` between two steps whether to go on.

    With ``wait`` None every step is shown at once. Returns True when all steps were shown, False
    when ``wait`` stopped the walk-through (the steps after it are not shown).
    """
    for index, step in enumerate(steps):
        if index and wait is not None and not wait():
            return False
        show(step)
    return True


def key_wait(
    read_key: Callable[[], str], show_prompt: Callable[[], None], clear_prompt: Callable[[], None]
) -> Wait:
    """A `Wait` that shows a prompt, reads a key, clears the prompt; it stops on q or end of input.

    The prompt is cleared even when reading is interrupted (Ctrl-C), which then propagates.
    """

    def wait() -> bool:
        show_prompt()
        try:
            key = read_key()
        finally:
            clear_prompt()
        return key != "" and key not in STOP_KEYS

    return wait


def read_key(stream: TextIO | None = None) -> str:
    """One key press from a terminal, without echo and without waiting for Enter.

    Returns "" at end of input. Ctrl-C still interrupts (KeyboardInterrupt). Where there is no
    termios (Windows), a whole line is read and its first character returned.
    """
    stream = stream if stream is not None else sys.stdin
    if sys.platform == "win32":
        return stream.readline()[:1]
    descriptor = stream.fileno()
    saved = termios.tcgetattr(descriptor)
    # No echo, no line editing; signals stay on, so Ctrl-C interrupts as anywhere else. TCSANOW,
    # not typer.getchar's flush: a key pressed as the prompt appears is not lost.
    tty.setcbreak(descriptor, termios.TCSANOW)
    try:
        # Up to 16 bytes: an arrow key sends several at once, and they must not leak to the shell.
        return os.read(descriptor, 16).decode("utf-8", errors="replace")
    finally:
        termios.tcsetattr(descriptor, termios.TCSANOW, saved)


class DemoError(Exception):
    """The command line asks for cases that cannot be shown: the message says why."""


def choose(case_id: str | None, run_all: bool) -> tuple[tuple[Case, ...], str]:
    """The cases ``oms demo`` walks through (none: the list) and the title of its export.

    Raises `DemoError` for a case that does not exist, or for a case and --all together.
    """
    if case_id is not None and run_all:
        raise DemoError("give a CASE or --all, not both")
    if case_id is not None and case_id not in CASE_BY_ID:
        raise DemoError(unknown_name("case", case_id, case_ids()))
    if run_all:
        return CASES, "oms demo --all"
    if case_id is not None:
        return (CASE_BY_ID[case_id],), f"oms demo {case_id}"
    return (), "oms demo"


def view(chosen: Sequence[Case]) -> RenderableType:
    """What ``oms demo`` shows at once (an export): the cases walked through, or the list."""
    return render.cases_view(chosen) if chosen else render.case_list_view(CASES)


def markdown(chosen: Sequence[Case]) -> str:
    """What ``oms demo`` writes to Markdown: the cases walked through, or with none, the list."""
    if not chosen:
        return layout.case_list_markdown(CASES)
    return layout.case_markdown(chosen[0]) if len(chosen) == 1 else layout.cases_markdown(chosen)


def show(chosen: Sequence[Case], no_input: bool, *, paged: bool = True) -> None:
    """Print ``oms demo``'s output: the list, or the cases step by step (see `walk_through`).

    Printed at once (the list; every step with ``no_input`` or off a terminal), a long text goes
    through the pager on a terminal unless not ``paged``. Walked through on a terminal, each
    case's last step repeats its verdict, which has scrolled up by then.
    """
    if not chosen or no_input or not terminal.on_terminal():
        render.emit_paged(view(chosen), paged=paged)
        return
    steps = [step for case in chosen for step in render.case_steps(case, reminder=True)]
    walk_through(render.console(), steps, no_input)


def walk_through(out: Console, steps: Sequence[RenderableType], no_input: bool) -> None:
    """Print the steps; on a terminal (and without --no-input) pause between them."""
    wait = None
    if not no_input and terminal.on_terminal():
        wait = key_wait(
            read_key,
            lambda: render.show_pause_prompt(out),
            lambda: render.clear_pause_prompt(out),
        )
    try:
        step_through(steps, lambda step: render.emit(step, out), wait)
    except KeyboardInterrupt:
        sys.stderr.write("\n")  # the pause prompt stays on its line; "interrupted" follows
        raise
    render.emit(render.disclaimer(), out)


def command(
    case_id: str | None,
    run_all: bool,
    no_input: bool,
    *,
    export: str | None,
    force: bool,
    theme: str | None,
    width: int | None,
    per_step: bool,
    paged: bool,
    shape: str | None = None,
) -> None:
    """`oms demo` as the CLI runs it: show the cases, or export them (one file, or one a step).

    Options that cannot go together are usage errors (exit 2), and so is an unknown case. Step
    pictures are slides (16:9) unless ``--shape fit`` is given.
    """
    try:
        chosen, title = choose(case_id, run_all)
    except DemoError as error:
        usage_error(str(error))
    look = exporting.look_of(export, theme, width, shape)
    if per_step and (export is None or case_id is None or Path(export).suffix.lower() == ".md"):
        usage_error("--steps needs --export FILE (.svg, .html or .txt) and one CASE")
    if per_step and shape is None:
        look = replace(look or exporting.Look(), shape=ExportShape.SLIDE)
    if export is None:
        show(chosen, no_input, paged=paged)
    elif per_step:
        steps = render.case_steps(chosen[0])
        pages = layout.case_step_markdown(chosen[0])
        try:
            written = export_steps(Path(export), force, steps, pages, title, look)
        except OutputError as error:
            fail(str(error))
        notice(f"wrote {visible(str(written[0]), None)} to {visible(str(written[-1]), None)}")
    else:
        exporting.refuse_unwritable(export, force)
        exporting.write(
            export, force, lambda: view(chosen), lambda: markdown(chosen), title, look=look
        )
