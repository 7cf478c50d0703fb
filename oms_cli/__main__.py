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
    except KeyboardInterrupt:  # Ctrl-C while typer and oms load: end as a command would
        # The line `oms_cli.cli.process.notice` writes for Ctrl-C, written here by hand: process
        # imports typer, which may be what was loading.
        _say("oms: interrupted\n")
        raise SystemExit(_code("INTERRUPTED")) from None
    except Exception as error:  # MemoryError under a small ulimit -v, a broken install
        # A shared library the loader cannot map (ImportError) is memory running out too.
        short = isinstance(error, MemoryError) or "failed to map segment" in str(error)
        reason = "not enough memory" if short else repr(error)
        _say(f"oms: error: cannot start ({reason[:200]})\n")
        raise SystemExit(_code("USAGE")) from None
    except BaseException as error:  # SIGTERM or SIGHUP (`stopping.Stopped`) while oms loads
        signum = getattr(error, "signum", None)
        if not isinstance(signum, int):
            raise
        import signal  # noqa: PLC0415  (loaded already: `stopping` imports it)

        name = signal.Signals(signum).name
        _say(f"oms: terminated ({name})\n")
        raise SystemExit(_code("TERMINATED" if name == "SIGTERM" else "HUNG_UP")) from None
    run_cli()


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
