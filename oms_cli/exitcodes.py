"""Exit codes, documented once and used everywhere (see the README's table)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the process's exit status means, for every command."""

    OK = 0
    """Success; for `oms check`: the criteria are met."""
    MET = 0
    NOT_MET = 1
    """`oms check`: the criteria are not met."""
    USAGE = 2
    """A usage or input error; a message on standard error names what was wrong."""
    UNDETERMINED = 3
    """`oms check`: the verdict depends on findings not yet assessed."""
    INTERRUPTED = 130
    """Interrupted by Ctrl-C (SIGINT)."""
    TERMINATED = 143
    """Stopped by SIGTERM."""
