"""Ctrl-C, SIGTERM and SIGHUP from the first line of `oms` to its exit: one path, as exceptions.

`catch` is the first thing `oms_cli.__main__.main` does, before the CLI (typer, rich, oms's own
modules) is loaded: from then on Ctrl-C raises KeyboardInterrupt and SIGTERM or SIGHUP raise
`Stopped`, so that every ``finally`` runs and no temporary file is left behind, whatever the
program is doing. `oms_cli.cli.process` turns them into their one line and exit code (130, 143,
129). Not where whoever started `oms` ignores them (``nohup oms ...`` keeps SIGHUP ignored).

A signal's exception can be lost: raised where Python cannot pass it on (a weak reference's
callback while a module loads, inside the import lock; a ``__del__``), it was printed as
"Exception ignored ... KeyboardInterrupt" and the run went on to exit 0. Every signal is recorded
as it is raised and forgotten when its ending is reported (`reported`); one still recorded was
lost, and `raise_lost` raises it again where it can end the run (when a command starts, and
before the exit). Python's "Exception ignored" message for it is not printed.

Before ``catch`` runs, Python's own start-up (the interpreter, ``site``, the package's first
line) handles Ctrl-C as any Python program does; that window is a few milliseconds, and is why
``import oms_cli`` loads nothing of the library until it is used (see `oms_cli`).

This module imports nothing but the standard library's ``signal`` and ``sys``, so that it is
loaded within a few milliseconds of the start (the exit codes are `oms_cli.cli.process`'s).
"""

import signal
import sys


class Stopped(BaseException):
    """A signal asked `oms` to stop (SIGTERM, SIGHUP).

    Raised wherever the program is, so that it unwinds like Ctrl-C: every ``finally`` runs, and
    no temporary file is left behind. A BaseException, so that no ``except Exception`` stops it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that raise `Stopped`: SIGTERM, and SIGHUP where there is one (POSIX)."""
HANDLED = (signal.SIGINT, *STOPS)
"""The signals that end `oms` through its own path: Ctrl-C, SIGTERM, SIGHUP."""


class Work:
    """The state of the run, as the signal handler sees it."""

    done = False
    """The command's work is over: a signal now has nothing left to interrupt (see `handle`)."""
    received: int | None = None
    """A signal raised as an exception whose ending has not been reported (see `reported`)."""


def signal_error(signum: int) -> KeyboardInterrupt | Stopped:
    """The exception a signal raises: KeyboardInterrupt for Ctrl-C, `Stopped` for the others."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def handle(signum: int, frame: object) -> None:
    """The handler of every signal in `HANDLED`: raise its exception, unless the work is done.

    Once the work is done, a signal passes without effect until `release`: raised then, between
    the last ``except`` and the exit, an exception would escape as a traceback.
    """
    if Work.done:
        return
    Work.received = signum
    raise signal_error(signum)


def catch() -> None:
    """From now on, Ctrl-C, SIGTERM and SIGHUP raise (see the module's docstring)."""
    Work.done = False
    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, handle)
    sys.unraisablehook = _unraisable


def _unraisable(unraisable: object) -> None:  # sys.UnraisableHookArgs (typeshed's is private)
    """A signal's exception Python could not pass on is kept for `raise_lost`, not printed."""
    error = getattr(unraisable, "exc_value", None)
    if isinstance(error, KeyboardInterrupt | Stopped) and Work.received is not None:
        return
    sys.__unraisablehook__(unraisable)  # type: ignore[arg-type]  # what Python gave the hook


def reported() -> None:
    """The ending of the last signal was reported: it was not lost."""
    Work.received = None


def raise_lost() -> None:
    """Raise again the exception of a signal that was lost on its way (see the docstring)."""
    signum = Work.received
    if signum is not None and not Work.done:
        raise signal_error(signum)


def release() -> None:
    """After the last clean-up: a signal now ends the process as it would any program.

    Python is about to exit; an exception raised while it tears down would only print
    "Exception ignored ...".
    """
    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
