"""Steps that a signal must not split: signals held back for a moment, then handled as usual.

Creating a temporary file and recording its name for clean-up are two steps; a Ctrl-C or SIGTERM
between them would raise before the name is known, and leave the file behind. Inside `signals()`,
the process blocks Ctrl-C, SIGTERM and SIGHUP; one that arrives meanwhile waits, and its handler
runs (raising as usual) as soon as the block ends, when the clean-up knows what to remove.

A mask belongs to one thread, so this holds while the main thread is the only one: oms creates
its temporary files before any other starts (`oms batch` opens its output file before the
progress bar starts drawing from a thread of its own). A thread started earlier could be given
the signal instead, and the handler could then run inside the block.
"""

import contextlib
import signal
from collections.abc import Iterator

HELD = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def signals() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while the block runs; handle any that came, after it."""
    if not hasattr(signal, "pthread_sigmask"):  # no signal masks here (Windows): nothing to hold
        yield
        return
    # The mask as it is, read without changing it: Python runs the handler of any signal that
    # came just before inside pthread_sigmask, after changing the mask, so a signal's exception
    # from the call that blocks must find the restoring ``finally`` already in force.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
