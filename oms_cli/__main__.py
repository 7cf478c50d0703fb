"""The ``oms`` command and ``python -m oms_cli``."""

import sys

from oms_cli.cli import stopping
from oms_cli.exitcodes import ExitCode


def main() -> None:
    """Run the ``oms`` command line as the whole process.

    Signals raise from the first line (`stopping.catch`) and the CLI loads after, so that Ctrl-C,
    SIGTERM or a failed load while typer loads still end with one line and a documented code.
    """
    try:
        stopping.catch()
        from oms_cli.cli.app import main as run_cli  # noqa: PLC0415  (after `catch`: see above)

        run_cli()  # ends the process (SystemExit) with the run's code
    except SystemExit:
        raise
    except BaseException as error:  # before `process.run` handles it: a signal, a failed load
        signum = stopping.signal_of(error)
        if signum is not None:
            _say(stopping.ending(signum))
            raise SystemExit(ExitCode(128 + signum)) from None
        if not isinstance(error, Exception):
            raise
        # `process` says these, but it imports typer, which may be what failed to load.
        short = isinstance(error, MemoryError) or "failed to map segment" in str(error)
        _say(f"error: cannot start ({'not enough memory' if short else repr(error)[:200]})")
        raise SystemExit(ExitCode.USAGE) from None


def _say(text: str) -> None:
    """Write ``oms: TEXT`` to standard error, if there is one (as `process.notice`)."""
    try:
        sys.stderr.write(f"oms: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or None: nobody to tell
        pass


if __name__ == "__main__":
    main()
