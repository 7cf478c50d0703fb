"""The ``oms`` command and ``python -m oms_cli``: the CLI, with the garbage collector paused.

Python's cyclic garbage collector looks for unreachable cycles every few hundred new objects, and
once more over every object at exit. Starting oms creates tens of thousands of objects (importing
typer, rich and oms itself), all still in use, so each of those scans finds nothing: together they
were about a sixth of `oms check`'s run time (benchmarks/README.md). So the collector is paused
before anything of size is imported, and at exit every object is frozen (`gc.freeze`), which
the final scan skips. (The package itself loads first, with the collector running: Python imports
`oms_cli/__init__` before this module, which is why that file loads its API only on first use.)
Reference counting frees memory as usual throughout; a command whose work grows with its input
(`oms batch`) resumes the collector (`oms_cli.cli.process.resume_garbage_collection`).

Only this entry point does this: importing `oms_cli` as a library leaves the collector alone.
"""

import contextlib
import gc
import sys

from oms_cli.exitcodes import ExitCode


def main() -> None:
    """Run the ``oms`` command line as the whole process (see the module docstring)."""
    gc.disable()
    try:
        try:
            from oms_cli.cli.app import main as run_cli  # noqa: PLC0415  (after pausing the collector)
        except KeyboardInterrupt:  # Ctrl-C while typer and oms load: end as a command would
            # The line `oms_cli.cli.process.notice` writes for Ctrl-C, written here by hand: process
            # imports typer, which may be what was loading (tests/test_architecture.py checks it).
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
    finally:
        gc.freeze()  # the process is ending: nothing left to collect, so skip the final scan


if __name__ == "__main__":
    main()
