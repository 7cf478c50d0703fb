"""Long output on a terminal through the user's pager, as git does (docs/conventions.md).

rich's ``Console.pager`` collects the text (`oms_cli.views.render.emit_paged`) and hands it to
`UserPager`. rich's own pager (`pydoc.pager`) and click's ``echo_via_pager`` set no ``LESS``,
encode what the terminal lacks as ``?`` instead of as standard output would, and show nothing
when the pager fails; this one leaves the text printed then.
"""

import contextlib
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import IO

from rich.pager import Pager

if sys.platform != "win32":
    import termios

DEFAULT_PAGER = "less -FRX"
PROMPT = r"?e(END) :Space\: next page, .b\: back, q\: quit"
"""The prompt of ``less`` (its ``-Ps`` syntax): "Space: next page, b: back, q: quit"."""
LESS_DEFAULT = f"FRX -Ps{PROMPT}$"
"""``LESS`` when the user has none: git's options (quit if the text fits, keep colours, leave
the text on the screen) and `PROMPT`."""
STOP_WAIT = 2.0
"""Seconds a pager is given to end after it is asked to (SIGTERM), before it is killed."""


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """``$PAGER`` (default ``less -FRX``) split as a shell would; None when paging is off.

    Empty, ``cat`` or an unbalanced quote turn paging off.
    """
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

        One line is kept for the pager's prompt. The text reaches the pager encoded as standard
        output would encode it (`oms_cli.cli.process`'s stand-ins), and Ctrl-C is the pager's
        while it runs. A pager that cannot start or fails (an exit code above 0) leaves the text
        to be printed here; one the user quits early had it all.
        """
        command = pager_command(os.environ)
        if command is None or content.count("\n") < self.height:
            self.out.write(content)
            return
        self.out.flush()
        errors = getattr(self.out, "errors", None)
        if not isinstance(errors, str) or errors == "strict":
            errors = "backslashreplace"
        data = content.encode(getattr(self.out, "encoding", None) or "utf-8", errors)
        env = {"LESS": LESS_DEFAULT, "LV": "-c", **os.environ}  # LV: the same for `lv`, as git
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            with _terminal_kept(self.out):
                code = _run(command, env, data)
        finally:
            signal.signal(signal.SIGINT, previous)
        if code > 0:
            self.out.write(content)


def _run(command: list[str], env: dict[str, str], data: bytes) -> int:
    """Run the pager on ``data``: its exit code, 1 if it cannot start.

    Whatever ends `oms` meanwhile (SIGTERM, SIGHUP, as exceptions) ends the pager first: asked,
    then killed if it does not go.
    """
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
        raise
    return process.returncode


@contextlib.contextmanager
def _terminal_kept(out: IO[str]) -> Iterator[None]:
    """Put back the terminal's settings (echo, line mode) if a stopped pager left them changed."""
    saved = None
    if sys.platform != "win32":
        with contextlib.suppress(OSError, ValueError, AttributeError, termios.error):
            saved = termios.tcgetattr(out.fileno())
    try:
        yield
    except BaseException:
        if saved is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(out.fileno(), termios.TCSADRAIN, saved)
        raise
