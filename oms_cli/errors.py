"""How any layer ends a run or speaks about itself; `oms_cli.cli.process` says the endings.

A lower layer raises `UserError` or `UsageError` where it finds a problem; the CLI's edge turns
each into one line on standard error and exit 2. Below every subpackage.
"""

import contextlib
import errno
import os
import sys
from typing import TextIO

WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""Errors only writing can meet: a full disk, a quota, a file-size limit."""


class Stopped(BaseException):
    """A signal asked `oms` to stop (SIGTERM, SIGHUP); a BaseException, like KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class UserError(Exception):
    """A problem in what a file or the input holds: ``oms: error: MESSAGE``, exit 2."""


class UsageError(UserError):
    """A mistake on the command line: ``oms: error: MESSAGE; see 'oms COMMAND --help'``, exit 2."""


def message_line(text: str) -> str:
    """How every line `oms` writes about itself to standard error reads: ``oms: TEXT``."""
    return f"oms: {text}"


def notice(text: str) -> None:
    """Write ``oms: TEXT`` to standard error; if even that fails, there is nobody left to tell."""
    try:
        sys.stderr.write(message_line(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # closed, full, or None (fd 2 closed at start)
        silence(sys.stderr)


def silence(stream: TextIO | None) -> None:
    """Point a stream that cannot be written at the null device: Python's flush at exit succeeds."""
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):  # no descriptor (in-process tests)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
