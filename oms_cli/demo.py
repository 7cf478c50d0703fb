"""The step-through of ``oms demo``: show steps one at a time, pausing between them.

The flow is pure; what shows a step and what waits for a key are passed in, so that the pauses can
be tested without a terminal. On a terminal, `key_wait` with `read_key` pauses for a key press:
q stops, any other key (Enter) goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TextIO, TypeVar

if sys.platform != "win32":
    import termios

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
    changed = list(saved)
    # Local modes: no echo, and no line editing, so that a key arrives without Enter. Signals
    # (ISIG) stay on: Ctrl-C interrupts as anywhere else.
    changed[3] = saved[3] & ~(termios.ECHO | termios.ICANON)
    control_chars = list(saved[6])
    control_chars[termios.VMIN] = 1
    control_chars[termios.VTIME] = 0
    changed[6] = control_chars
    termios.tcsetattr(descriptor, termios.TCSANOW, changed)
    try:
        # Up to 16 bytes: an arrow key sends several at once, and they must not leak to the shell.
        return os.read(descriptor, 16).decode("utf-8", errors="replace")
    finally:
        termios.tcsetattr(descriptor, termios.TCSANOW, saved)
