"""The ``oms`` command and ``python -m oms_cli``."""

import contextlib
import sys

from oms_cli.exitcodes import ExitCode


def main() -> None:
    """Run the ``oms`` command line as the whole process.

    The CLI is imported here, not at the top, so that a failure to load it (memory running out
    under a small ``ulimit -v``, an incomplete installation, Ctrl-C while typer loads) still ends
    with one line and a documented exit code rather than a traceback.
    """
    try:
        from oms_cli.cli.app import main as run_cli  # noqa: PLC0415  (see the docstring)
    except KeyboardInterrupt:  # Ctrl-C while typer and oms load: end as a command would
        # The line `oms_cli.cli.process.notice` writes for Ctrl-C, written here by hand: process
        # imports typer, which may be what was loading.
        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed or None
            sys.stderr.write("oms: interrupted\n")
        raise SystemExit(ExitCode.INTERRUPTED) from None
    except Exception as error:  # MemoryError under a small ulimit -v, a broken install
        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed or None
            # A shared library the loader cannot map (ImportError) is memory running out too.
            short = isinstance(error, MemoryError) or "failed to map segment" in str(error)
            reason = "not enough memory" if short else repr(error)
            sys.stderr.write(f"oms: error: cannot start ({reason[:200]})\n")
        raise SystemExit(ExitCode.USAGE) from None
    run_cli()


if __name__ == "__main__":
    main()
