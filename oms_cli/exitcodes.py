"""Exit codes, documented once and used everywhere (see the README's table)."""

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
    HUNG_UP = 129
    """Stopped by SIGHUP (the terminal was closed); 128 + the signal's number, as shells report."""
    INTERRUPTED = 130
    """Interrupted by Ctrl-C (SIGINT)."""
    CLOSED_PIPE = 141
    """Standard output was closed by its reader (``oms info --all | head -1``).

    128 + SIGPIPE, as a shell reports a program a closed pipe stopped; not 0 or 1, which for
    `oms check` are verdicts."""
    TERMINATED = 143
    """Stopped by SIGTERM."""
