"""Ctrl-C, SIGTERM and SIGHUP as exceptions, from the first line of `oms` to its exit.

`catch` is the first thing `oms_cli.__main__.main` does, before typer loads; from then on every
``finally`` runs and no temporary file is left behind. `oms_cli.cli.process` says the ending.
Standard library only (``signal``, ``sys``, and `oms_cli.errors` for `Stopped`), so that it loads
within a few milliseconds.
"""

import signal
import sys

from oms_cli.errors import Stopped

HANDLED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end `oms` through its own path (SIGHUP where there is one: POSIX)."""


class Work:
    """The state of the run, as the signal handler sees it."""

    done = False
    """The work is over: a signal now has nothing left to interrupt."""
    received: int | None = None
    """A signal raised as an exception, its ending not reported yet (`raise_lost` raises it again
    where Python lost it: a ``__del__``, a callback in the import lock)."""


def signal_error(signum: int) -> KeyboardInterrupt | Stopped:
    """The exception a signal raises: KeyboardInterrupt for Ctrl-C, `Stopped` for the others."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def signal_of(error: BaseException) -> int | None:
    """The signal ``error`` is the exception of, or that was raised as it was made; else None."""
    # Python 3.11 passes a signal's exception on as a RuntimeError from ``__set_name__``.
    if isinstance(error, Stopped):
        return error.signum
    if isinstance(error, KeyboardInterrupt):
        return signal.SIGINT
    return Work.received


def ending(signum: int) -> str:
    """How the end of a run by a signal is said: ``interrupted``, ``terminated (SIGTERM)``."""
    if signum == signal.SIGINT:
        return "interrupted"
    return f"terminated ({signal.Signals(signum).name})"


def handle(signum: int, frame: object) -> None:
    """Raise the signal's exception, unless the work is done (it would escape as a traceback)."""
    if Work.done:
        return
    Work.received = signum
    raise signal_error(signum)


def catch() -> None:
    """From now on, Ctrl-C, SIGTERM and SIGHUP raise; not where they are ignored (``nohup``)."""
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


def raise_lost() -> None:
    """Raise again the exception of a signal that was lost on its way."""
    signum = Work.received
    if signum is not None and not Work.done:
        raise signal_error(signum)


def release() -> None:
    """After the last clean-up: a signal now ends the process as it would any program."""
    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
