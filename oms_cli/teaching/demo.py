"""`oms demo`: the case list, a walk-through (the wait for a key passed in), or an export."""

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from rich.console import RenderableType

from oms_cli.content.cases import CASE_BY_ID, CASES, Case, case_ids
from oms_cli.errors import UsageError, notice
from oms_cli.files.textsafe import unknown_name, visible
from oms_cli.teaching import terminal
from oms_cli.views import export as exporting
from oms_cli.views import markdown as layout
from oms_cli.views import render, wording
from oms_cli.views.slides import export_steps
from oms_cli.views.themes import ExportShape

if sys.platform != "win32":
    import termios
    import tty

Step = TypeVar("Step")

Wait = Callable[[], bool]
"""Called between two steps: True to go on, False to stop."""


def step_through(steps: Iterable[Step], show: Callable[[Step], None], wait: Wait | None) -> bool:
    """Show every step, asking ``wait`` (if any) between two whether to go on; False if stopped."""
    for index, step in enumerate(steps):
        if index and wait is not None and not wait():
            return False
        show(step)
    return True


def key_wait(
    read_key: Callable[[], str], show_prompt: Callable[[], None], clear_prompt: Callable[[], None]
) -> bool:
    """Show a prompt, read a key, clear the prompt (even on Ctrl-C); False for q or end of input."""
    show_prompt()
    try:
        key = read_key()
    finally:
        clear_prompt()
    return key not in {"", "q", "Q"}


def read_key() -> str:
    """One key press from standard input, without echo or Enter ("" at the end of input)."""
    if sys.platform == "win32":  # no termios: a line's first character
        return sys.stdin.readline()[:1]
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    # Not typer.getchar: it flushes input as it switches the mode, which drops a key pressed as
    # the prompt appears, and a pty test hung on it. Signals stay on: Ctrl-C interrupts.
    tty.setcbreak(descriptor, termios.TCSANOW)
    try:
        # Up to 16 bytes: an arrow key sends several at once, and they must not leak to the shell.
        return os.read(descriptor, 16).decode("utf-8", errors="replace")
    finally:
        termios.tcsetattr(descriptor, termios.TCSANOW, saved)


def choose(case_id: str | None, run_all: bool) -> tuple[tuple[Case, ...], str]:
    """The cases ``oms demo`` walks through (none: the list) and the title of its export."""
    if case_id is not None and run_all:
        raise UsageError("give a CASE or --all, not both")
    if case_id is not None and case_id not in CASE_BY_ID:
        raise UsageError(unknown_name("case", case_id, case_ids()))
    if run_all:
        return CASES, "oms demo --all"
    if case_id is not None:
        return (CASE_BY_ID[case_id],), f"oms demo {case_id}"
    return (), "oms demo"


def view(chosen: Sequence[Case]) -> RenderableType:
    """What ``oms demo`` shows at once (an export): the cases walked through, or the list."""
    return render.cases_view(chosen) if chosen else render.page(wording.case_list_page(CASES))


def markdown(chosen: Sequence[Case]) -> str:
    """What ``oms demo`` writes to Markdown: the cases walked through, or with none, the list."""
    if not chosen:
        return layout.page(wording.case_list_page(CASES))
    return layout.case_markdown(chosen[0]) if len(chosen) == 1 else layout.cases_markdown(chosen)


def show(chosen: Sequence[Case], no_input: bool, *, paged: bool = True) -> None:
    """Print ``oms demo``'s output: the list, or the cases, a key a step on a terminal."""
    if not chosen or no_input or not terminal.on_terminal():
        render.emit_paged(view(chosen), paged=paged)
        return
    out = render.console()
    steps = [step for case in chosen for step in render.case_steps(case, reminder=True)]
    show_prompt = partial(render.show_pause_prompt, out)
    wait = partial(key_wait, read_key, show_prompt, partial(render.clear_pause_prompt, out))
    try:
        # A step taller than the screen opens in the pager at its top (the verdict stays seen).
        step_through(steps, partial(render.emit_paged, paged=paged), wait)
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
    """`oms demo`: show the cases, or export them (one file, or one a step: slides by default)."""
    chosen, title = choose(case_id, run_all)
    look = exporting.look_of(export, theme, width, shape)
    if per_step and (export is None or case_id is None or Path(export).suffix.lower() == ".md"):
        raise UsageError("--steps needs --export FILE (.svg, .html or .txt) and one CASE")
    if per_step and shape is None:
        look = replace(look or exporting.Look(), shape=ExportShape.SLIDE)
    if export is None:
        show(chosen, no_input, paged=paged)
    elif per_step:
        steps = render.case_steps(chosen[0])
        pages = layout.case_step_markdown(chosen[0])
        written = export_steps(Path(export), force, steps, pages, title, look)
        notice(f"wrote {visible(str(written[0]), None)} to {visible(str(written[-1]), None)}")
    else:
        exporting.write(
            export, force, lambda: view(chosen), lambda: markdown(chosen), title, look=look
        )
