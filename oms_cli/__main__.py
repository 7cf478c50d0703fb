"""The ``oms`` command and ``python -m oms_cli``.

Only `sys` is imported at the top: everything else, `oms_cli.cli.stopping` first, loads inside
`main`'s ``try``, so that a signal at any moment of the start ends with its line and exit code.
"""

import sys


def main() -> None:
    """Run the ``oms`` command line as the whole process; signals are caught before typer loads."""
    try:
        from oms_cli.cli import stopping  # noqa: PLC0415  (inside the ``try``: see the module)

        stopping.catch()
        from oms_cli.cli.app import main as run_cli  # noqa: PLC0415  (after `catch`: see above)

        run_cli()  # ends the process (SystemExit) with the run's code
    except SystemExit:
        raise
    except BaseException as error:  # before `process.run` handles it: a signal, a failed load
        loaded = sys.modules.get("oms_cli.cli.stopping")  # absent if Ctrl-C came as it loaded
        if loaded is not None and (signum := loaded.signal_of(error)) is not None:
            _say(loaded.ending(signum))
            raise SystemExit(128 + signum) from None  # 130, 143, 129, as `process` ends
        if isinstance(error, KeyboardInterrupt):  # as `stopping` loaded
            _say("interrupted")
            raise SystemExit(130) from None  # ExitCode.INTERRUPTED (not loaded yet)
        if not isinstance(error, Exception):
            raise
        # `process` says these, but it imports typer, which may be what failed to load.
        short = isinstance(error, MemoryError) or "failed to map segment" in str(error)
        _say(f"error: cannot start ({'not enough memory' if short else repr(error)[:200]})")
        raise SystemExit(2) from None  # ExitCode.USAGE


def _say(text: str) -> None:
    """Write ``oms: TEXT`` to standard error, if there is one (as `process.notice`)."""
    try:
        sys.stderr.write(f"oms: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed or None: nobody to tell
        pass


if __name__ == "__main__":
    main()
