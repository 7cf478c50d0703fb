"""Reading an answer from a terminal: a line as typed, and a signal always ends the wait."""

from __future__ import annotations

import io
import os
import pty
import signal
from collections.abc import Iterator
from typing import TextIO

import pytest

from oms_cli.teaching.terminal import _read_line


class Interrupted(Exception):
    """Raised by the test's signal handler, as Ctrl-C's handler raises KeyboardInterrupt."""


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A pseudo-terminal: the master side to type into, the slave side read as standard input."""
    master, slave = pty.openpty()
    stream = open(slave, encoding="utf-8")  # noqa: SIM115  (closed below, after the test)
    try:
        yield master, stream
    finally:
        stream.close()
        os.close(master)


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_typed_line_is_read_as_typed(terminal: tuple[int, TextIO]) -> None:
    """On a terminal the answer comes back whole, line end included, as readline gives it."""
    master, stream = terminal
    os.write(master, b"yes\n")
    assert _read_line(stream) == "yes\n"


def test_a_signal_during_the_wait_ends_it_through_its_handler(
    terminal: tuple[int, TextIO],
) -> None:
    """A signal whose handler raises ends the wait for a line with that handler's exception."""
    _, stream = terminal

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Interrupted):
            _read_line(stream)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_wake_up_pipe_is_closed_and_the_previous_one_restored(
    terminal: tuple[int, TextIO],
) -> None:
    """After a read no descriptor is left open and the process's wake-up fd is as it was (none)."""
    master, stream = terminal
    before = _open_descriptors()
    os.write(master, b"n\n")
    _read_line(stream)
    assert _open_descriptors() == before
    assert signal.set_wakeup_fd(-1) == -1  # nothing was left installed


def test_a_stream_that_is_not_a_terminal_is_read_plainly() -> None:
    """Piped answers are read as before: one line a call, the empty string at the end."""
    stream = io.StringIO("u\n")
    assert _read_line(stream) == "u\n"
    assert _read_line(stream) == ""
