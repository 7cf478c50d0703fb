"""Long output on a terminal through the user's pager, as git does (docs/conventions.md)."""

import codecs
import contextlib
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import IO

from rich.pager import Pager

if sys.platform != "win32":
    import termios

DEFAULT_PAGER = "less -FRX"
# LESS when the user has none: git's options (quit if the text fits, keep colours, leave the text
# on the screen) and a prompt naming the keys (less's -Ps syntax, ending at the $).
LESS_DEFAULT = r"FRX -Ps?e(END) :Space\: next page, .b\: back, q\: quit$"
STOP_WAIT = 2.0  # seconds a pager asked to end (SIGTERM) has before it is killed


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """``$PAGER`` split as a shell would; None when it is empty, ``cat`` or unbalanced."""
    try:
        words = shlex.split(environ.get("PAGER", DEFAULT_PAGER))
    except ValueError:
        return None
    return None if words in ([], ["cat"]) else words


class UserPager(Pager):
    """The user's pager, for rich's ``Console.pager``: text taller than the screen goes to it."""

    def __init__(self, out: IO[str], height: int) -> None:
        """``out``: the terminal, where text that fits is written; ``height``: its lines."""
        self.out = out
        self.height = height

    def show(self, content: str) -> None:
        """Write ``content`` to the terminal, through the pager when it is taller than the screen.

        A pager that cannot start or fails leaves the text to be printed here.
        """
        command = pager_command(os.environ)
        if command is None or content.count("\n") < self.height:
            self.out.write(content)
            return
        self.out.flush()
        errors = getattr(self.out, "errors", None)
        if not isinstance(errors, str) or errors == "strict":
            errors = "backslashreplace"
        encoding = getattr(self.out, "encoding", None) or "utf-8"
        data = content.encode(encoding, errors)
        env = {"LESS": LESS_DEFAULT, "LV": "-c", **os.environ}  # LV: the same for lv, as git
        if codecs.lookup(encoding).name == "utf-8":  # as sent: else less shows <E2><80><A2> for •
            env.setdefault("LESSCHARSET", "utf-8")  # in the C locale (Python's UTF-8 mode)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            code = _run(command, env, data, self.out)
        finally:
            signal.signal(signal.SIGINT, previous)
        if code > 0:
            self.out.write(content)


def _run(command: list[str], env: dict[str, str], data: bytes, terminal: IO[str]) -> int:
    """Run the pager on ``data``: its exit code, 1 if it cannot start.

    Whatever ends `oms` meanwhile ends the pager first and restores the terminal's settings.
    """
    saved = None
    if sys.platform != "win32":
        with contextlib.suppress(OSError, ValueError, AttributeError, termios.error):
            saved = termios.tcgetattr(terminal.fileno())
    try:
        # The user's own pager, without a shell: no word of $PAGER is run as shell code.
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)  # noqa: S603
    except OSError:  # not installed, not executable
        return 1
    try:
        process.communicate(data)  # a pager quit before the end is not an error
    except BaseException:
        process.terminate()
        try:
            process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
        if saved is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(terminal.fileno(), termios.TCSADRAIN, saved)
        raise
    return process.returncode
