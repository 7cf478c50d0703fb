"""The ``oms`` command and ``python -m oms_cli``.

Nothing is imported at the top but `sys` (loaded already): the first thing `main` does is to
make Ctrl-C, SIGTERM and SIGHUP raise (`oms_cli.cli.stopping`), so that one path ends the run
from its first milliseconds to its exit.
"""

import sys


def main() -> None:
    """Run the ``oms`` command line as the whole process.

    The CLI is imported here, not at the top, so that a failure to load it (memory running out
    under a small ``ulimit -v``, an incomplete installation, Ctrl-C or SIGTERM while typer loads)
    still ends with one line and a documented exit code rather than a traceback.
    """
    try:
        from oms_cli.cli import stopping  # noqa: PLC0415  (first of all: see the module)

        stopping.catch()
        from oms_cli.cli.app import main as run_cli  # noqa: PLC0415  (see the docstring)

        run_cli()  # ends the process (SystemExit) with the run's code
    except SystemExit:
        raise
    except BaseException as error:  # a signal before `process.run` catches it, or a failed load
        signum = _signal_of(error)
        if signum is not None:  # a signal while typer and oms load: end as a command would
            # The line `oms_cli.cli.process.notice` writes, written here by hand: process
            # imports typer, which may be what was loading.
            _say("oms: interrupted\n" if signum == 2 else f"oms: terminated ({_name(signum)})\n")
            raise SystemExit(128 + signum) from None  # 130, 143, 129: see oms_cli.exitcodes
        if not isinstance(error, Exception):
            raise
        # MemoryError under a small ulimit -v, a broken install. A shared library the loader
        # cannot map (ImportError) is memory running out too.
        short = isinstance(error, MemoryError) or "failed to map segment" in str(error)
        reason = "not enough memory" if short else repr(error)
        _say(f"oms: error: cannot start ({reason[:200]})\n")
        raise SystemExit(_code("USAGE")) from None


def _signal_of(error: BaseException) -> int | None:
    """The signal that ``error`` is the exception of, or that caused it; None if none did.

    A signal's exception can arrive wrapped: raised while a class is made (a ``__set_name__``),
    Python 3.11 passes it on as a RuntimeError. `stopping` records every signal it raises for.
    """
    if isinstance(error, KeyboardInterrupt):
        return 2  # SIGINT
    signum = getattr(error, "signum", None)  # `stopping.Stopped`
    if isinstance(signum, int):
        return signum
    stopping = sys.modules.get("oms_cli.cli.stopping")
    received = getattr(getattr(stopping, "Work", None), "received", None)
    return received if isinstance(received, int) else None


def _name(signum: int) -> str:
    """A signal's name (SIGTERM); `signal` is loaded by then (`stopping` imports it)."""
    import signal  # noqa: PLC0415  (loaded already)

    return signal.Signals(signum).name


def _say(line: str) -> None:
    """Write one line (ending with its newline) to standard error, if there is one."""
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or None: nobody to tell
        pass


def _code(name: str) -> int:
    """The documented exit code ``name`` (`oms_cli.exitcodes`), loaded only when it is needed."""
    from oms_cli.exitcodes import ExitCode  # noqa: PLC0415  (enum: kept off the start-up)

    return int(ExitCode[name])


if __name__ == "__main__":
    main()
