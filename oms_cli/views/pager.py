"""Long output for people through a pager, as git and gh do: ``$PAGER``, else ``less -FRX``.

Only on a terminal (never when the output is piped or redirected), only when the text is taller
than the terminal, and never with ``--no-pager``. ``PAGER`` set to an empty string or ``cat``
turns paging off; ``LESS`` is set to `LESS_DEFAULT` when unset: ``FRX``, as git does, so that
``less`` quits when the text fits, keeps colours, and leaves the text on the screen, and a prompt
that says how to page and quit (`PROMPT`) instead of a bare ``:``. A ``LESS`` of the user's own is
kept as it is. A pager that cannot be started, or that fails (exits with a code above 0:
``PAGER=false``), is not an error: the text is printed as it would be without one. A pager the
user quits early exits 0, and nothing more is printed.

The text reaches the pager encoded as standard output would encode it, with the same stand-ins
for what its encoding lacks (``LC_ALL=C``: see `oms_cli.cli.process`), never ``?``. When `oms` is
stopped (SIGTERM, SIGHUP) while the pager runs, the pager is stopped too, and the terminal's
settings it changed are put back.

rich's ``Console.pager`` collects what is printed and hands the text to a `rich.pager.Pager`
(`oms_cli.views.render.emit_paged`); `UserPager` is that pager. rich's own, `SystemPager`, goes
through `pydoc.pager`, which runs ``$PAGER`` through a shell, shows nothing when it is empty, and
sets no ``LESS``.
"""

import contextlib
import os
import shlex
import signal
import subprocess
from collections.abc import Iterator, Mapping
from typing import IO

try:
    import termios
except ImportError:  # not POSIX (Windows): no terminal settings to keep
    termios = None  # type: ignore[assignment]

from rich.pager import Pager

DEFAULT_PAGER = "less -FRX"
OFF = {"", "cat"}
PROMPT = r"?e(END) :Space\: next page, .b\: back, q\: quit"
"""The prompt of ``less`` (its ``-Ps`` syntax, ``:`` and ``.`` escaped): "Space: next page, b: back,
q: quit", and at the end of the text "(END) b: back, q: quit"."""
LESS_DEFAULT = f"FRX -Ps{PROMPT}$"
"""``LESS`` when the user has none: the options git sets, and `PROMPT` (``$`` ends its text)."""
STOP_WAIT = 2.0
"""Seconds a pager is given to end after it is asked to (SIGTERM), before it is killed."""


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run, as a command line; None when paging is turned off."""
    value = environ.get("PAGER", DEFAULT_PAGER)
    if value.strip() in OFF:
        return None
    try:
        words = shlex.split(value)
    except ValueError:  # an unbalanced quote: treat as no pager rather than fail the output
        return None
    return words or None


def fits(text: str, height: int) -> bool:
    """Whether ``text`` fits on a screen of ``height`` lines, leaving one for the prompt."""
    return text.count("\n") < height


class UserPager(Pager):
    """The user's pager, for rich's ``Console.pager``: text taller than the screen goes to it."""

    def __init__(self, out: IO[str], height: int) -> None:
        """``out``: the terminal, where text that fits is written; ``height``: its lines."""
        self.out = out
        self.height = height

    def show(self, content: str) -> None:
        """Show what rich collected (see `show`)."""
        show(content, self.out, self.height)


def show(text: str, out: IO[str], height: int) -> None:
    """Write ``text`` to ``out``, a terminal, through the pager when it is taller than the screen.

    Ctrl-C is the pager's while it runs (``less`` uses it to stop a search); `oms` ignores it
    until the pager is done. Quitting the pager early is the normal end, not an error; a pager
    that fails (an exit code above 0) leaves the text to be printed here.
    """
    command = pager_command(os.environ)
    if command is None or fits(text, height):
        out.write(text)
        return
    out.flush()
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULT)
    env.setdefault("LV", "-c")  # the same for `lv`, as git sets it
    data = text.encode(getattr(out, "encoding", None) or "utf-8", _errors(out))
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _terminal_kept(out):
            code = _run(command, env, data)
    finally:
        signal.signal(signal.SIGINT, previous)
    if code is None or code > 0:  # not started, or failed: print the text as it is
        out.write(text)


def _errors(out: IO[str]) -> str:
    """How characters the terminal's encoding lacks are shown: as standard output shows them."""
    errors = getattr(out, "errors", None)
    return errors if isinstance(errors, str) and errors != "strict" else "backslashreplace"


def _run(command: list[str], env: dict[str, str], data: bytes) -> int | None:
    """Run the pager on ``data``: its exit code, or None if it could not be started.

    Whatever ends `oms` meanwhile (SIGTERM, SIGHUP, as exceptions) ends the pager first.
    """
    try:
        # The user's own pager, from their environment, without a shell (no word is run as
        # shell code); the text goes to its standard input.
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)  # noqa: S603
    except OSError:  # not installed, not executable
        return None
    try:
        assert process.stdin is not None  # noqa: S101  (stdin=PIPE; for mypy)
        with contextlib.suppress(BrokenPipeError):  # the reader quit before the end
            process.stdin.write(data)
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        return process.wait()
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a pager that `oms` is leaving: asked first (SIGTERM), killed if it does not go."""
    with contextlib.suppress(OSError):
        process.terminate()
    try:
        process.wait(STOP_WAIT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()


@contextlib.contextmanager
def _terminal_kept(out: IO[str]) -> Iterator[None]:
    """Put back the terminal's settings (echo, line mode) if a stopped pager left them changed."""
    saved = None
    if termios is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError, termios.error):
            descriptor = out.fileno()
            saved = termios.tcgetattr(descriptor)
    try:
        yield
    except BaseException:
        if saved is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)
        raise
