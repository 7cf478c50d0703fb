"""The terminal side of the questions: when `oms check` asks, reading answers, leaving cleanly.

Not typer.prompt (one Abort for Ctrl-C and the end of input) nor rich's Prompt: both read with
`input()`, which echoes no piped answer and can lose an early Ctrl-C.
"""

import os
import re
import select
import signal
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TextIO, TypeVar

from oms_cli.errors import UserError
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import AgeGroup, Answer, Finding
from oms_cli.teaching.questionnaire import (
    Interview,
    UnclearAnswer,
    interview,
    replay_command,
)
from oms_cli.views import is_terminal, width

_T = TypeVar("_T")
_fill = partial(textwrap.fill, break_on_hyphens=False, break_long_words=False)


def on_terminal() -> bool:
    """True when a person can answer: standard input and output are both a terminal."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def _read_line(stream: TextIO) -> str:
    """One line from ``stream``; on a terminal, a Ctrl-C just before the read is not lost.

    A signal between Python's last check and a blocking read would wait for Enter; so the wait is
    a select on the terminal and on the signals' wake-up fd (a terminal gives a line a read).
    """
    if not stream.isatty():
        return stream.readline()
    wake_read, wake_write = os.pipe()
    try:
        os.set_blocking(wake_write, False)
        previous = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        try:
            select.select([stream.fileno(), wake_read], [], [])
        finally:
            signal.set_wakeup_fd(previous)
        return stream.readline()  # a handler that raises has run by now, before the read
    finally:
        os.close(wake_read)
        os.close(wake_write)


def _waiting(stream: TextIO) -> bool:
    """Whether a read of ``stream`` would return at once (input there, or its end)."""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # a stream in memory (tests): a read never waits
        return True
    return bool(select.select([descriptor], [], [], 0)[0])


class Terminal:
    """Prompts and messages on ``stream`` (standard error unless given), answers from stdin."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.echo = not is_terminal(sys.stdin)  # a terminal shows what is typed, a pipe does not
        self.lines_read = 0
        self.lines_said = 0  # lines shown since the last answer: what may have scrolled away
        self.line_open = False  # a prompt waits on its line: a message must start a new one

    @property
    def width(self) -> int:
        """The columns to wrap at, read at each message: a window may be resized meanwhile."""
        return min(width(), 100)

    def _wrap(self, text: str, margin: int = 1) -> str:
        # A margin: some terminals wrap an empty line after a full one. A hanging indent: each
        # question reads as one block, continued under its text and number ("(2 of 6) ").
        lines = []
        for line in text.splitlines():
            hanging = re.match(r"\s*(\(\d+ of \d+\) )?", line)
            indent = " " * (hanging.end() if hanging is not None else 0)
            lines.append(_fill(line, self.width - margin, subsequent_indent=indent))
        return "\n".join(lines)

    def say(self, text: str, style: Callable[[str], str] | None = None) -> None:
        """Show a message, wrapped to the terminal, then styled (escape codes take no columns)."""
        wrapped = self._wrap(text)
        self.lines_said += wrapped.count("\n") + 1
        self.stream.write((style(wrapped) if style is not None else wrapped) + "\n")
        self.stream.flush()  # keep messages in order with standard output, even when buffered

    def ask(self, prompt: str) -> str:
        """Show ``prompt`` and read one line of standard input; EOFError at its end."""
        # Open before writing: a Ctrl-C as soon as the prompt is out must still start a line.
        self.line_open = True
        self.stream.write(self._wrap(prompt, margin=4) + " ")  # room for a short answer
        self.stream.flush()
        line = _read_line(sys.stdin) if sys.stdin is not None else ""
        if not line:
            raise EOFError
        self.lines_read += 1
        self.lines_said = 0
        line = line.rstrip("\r\n")
        if self.lines_read == 1:  # a file saved by some editors starts with a byte-order mark
            line = line.removeprefix("\ufeff")
        if self.echo:
            self.stream.write(visible(line) + "\n")
            self.stream.flush()
        self.line_open = False
        return line

    def refuse_more(self, stopped: str) -> None:
        """Exit 2 at a non-blank line piped after the last question: it answers nothing.

        Reads only what is there already (a select that does not wait): a program that keeps the
        pipe open after its last answer, waiting for the result, gets it; ``yes n |`` is refused.
        ``stopped`` ends the message, saying what is left undone. A terminal is never checked.
        """
        while not is_terminal(sys.stdin) and sys.stdin is not None and _waiting(sys.stdin):
            line = sys.stdin.readline()
            if not line:  # the end of the input
                return
            self.lines_read += 1
            if line.strip():
                raise UserError(
                    f"standard input, line {self.lines_read}: more answers than questions: "
                    f"{quoted(line.strip())} comes after the last question; piped answers are "
                    f"read one a question, so {stopped}"
                )

    def end_line(self) -> None:
        """End a prompt's line left open, so that what follows starts on a line of its own."""
        if self.line_open:
            self.stream.write("\n")
            self.stream.flush()
            self.line_open = False


def conversation(
    talk: Callable[["Terminal"], _T],
    stream: TextIO,
    *,
    stopped: str = "nothing was evaluated",
) -> _T:
    """Run ``talk`` with a `Terminal` on ``stream``; the end of input or a bad piped answer: exit 2.

    ``stopped`` ends the message for a bad piped answer, saying what it left undone.
    """
    terminal = Terminal(stream)
    try:
        try:
            return talk(terminal)
        finally:
            terminal.end_line()  # a prompt left open ends before any line saying why
    except UnclearAnswer as error:
        raise UserError(
            f"standard input, line {terminal.lines_read}: {error}; piped answers are never "
            f"asked again, so {stopped}"
        ) from None
    except UnicodeDecodeError:
        raise UserError("standard input is not UTF-8 text") from None


def questionnaire(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    replay_extra: Sequence[str],
    *,
    every: bool,
) -> tuple[dict[Finding, Answer], AgeGroup, str]:
    """Run the questionnaire on standard error: answers, age group, and the replay command.

    ``every`` (``-i``): ask every finding not given, none skipped; without it, the questions stop
    once the answers decide the verdict (see `interview`).
    """
    # Asked again after an answer not understood: a person, not a pipe (its lines are in order).
    retry = is_terminal(sys.stdin)

    def talk(terminal: Terminal) -> Interview:
        said = interview(
            given,
            age_group,
            terminal.ask,
            terminal.say,
            retry=retry,
            every=every,
            stop_when_decided=not every,
        )
        terminal.refuse_more("nothing was evaluated")
        return said

    result = conversation(talk, sys.stderr)
    sys.stderr.write("\n")  # the questions end; the result follows
    sys.stderr.flush()
    replay = replay_command(result.answers, result.age_group, list(replay_extra))
    return dict(result.answers), result.age_group, replay
