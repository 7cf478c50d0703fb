"""The terminal side of the questions: reading answers, deciding when to ask.

The question flow itself is pure (`oms_cli.teaching.questionnaire`, `oms_cli.teaching.quiz`); this
module wires it to
standard input and error, decides when asking makes sense, and leaves cleanly on Ctrl-C or at the
end of input. (The demo's step-through, which reads keys, is `oms_cli.teaching.demo`'s.)
"""

import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, TextIO, TypeVar

from oms_cli.cli.process import fail
from oms_cli.cli.stopping import Stopped
from oms_cli.rules import AgeGroup, Answer, Finding, Verdict, evaluate

if TYPE_CHECKING:  # for annotations only
    from oms_cli.teaching.questionnaire import Ask, Say

_T = TypeVar("_T")


def is_terminal(stream: TextIO | None) -> bool:
    # A stream can be None when its file descriptor was closed before start (`oms check <&-`).
    return stream is not None and stream.isatty()


def width() -> int:
    """Columns of the terminal (or ``COLUMNS``), as wide as the other output is laid out."""
    return shutil.get_terminal_size().columns


class Asking(Enum):
    """Whether `oms check` runs the questionnaire."""

    ASK = "ask"
    SILENT = "silent"
    """Nothing is asked, and nothing needs saying (no terminal, --no-input, another format)."""
    SETTLED = "settled"
    """Nothing is asked because the findings given decide the verdict: one line says so."""


SETTLED_LINE = (
    "Nothing asked: the findings given already decide the verdict. "
    "Add -i to answer the other questions."
)


def asking(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    *,
    interactive: bool,
    no_input: bool,
    text_output: bool = True,
) -> Asking:
    """Whether to run the questionnaire: the one place that decides when `oms check` asks.

    With -i: whenever a finding or the age group is missing. Without it: only for a person at a
    terminal reading text output (a JSON or FHIR result goes to a program, which answers no
    questions), and only while an answer could still change the verdict.
    """
    if no_input:
        return Asking.SILENT
    if interactive:
        missing = age_group is None or Answer.UNKNOWN in given.values()
        return Asking.ASK if missing else Asking.SILENT
    # Standard error too: the questions go there, and nobody answers questions they cannot see.
    if not (
        text_output
        and Answer.UNKNOWN in given.values()
        and is_terminal(sys.stdin)
        and is_terminal(sys.stdout)
        and is_terminal(sys.stderr)
    ):
        return Asking.SILENT
    undecided = evaluate(given).verdict is Verdict.UNDETERMINED
    return Asking.ASK if undecided else Asking.SETTLED


def say_settled() -> None:
    """The line for `Asking.SETTLED`, on standard error (the result follows on standard output)."""
    sys.stderr.write(SETTLED_LINE + "\n")
    sys.stderr.flush()


_HANGING = r"\s*(\(\d+ of \d+\) )?"
"""What continued lines are indented by: a line's own indent and a question's number (compiled
on first use, by `re`'s cache: most runs ask nothing)."""


def _hanging_indent(line: str) -> str:
    found = re.match(_HANGING, line)
    return " " * (found.end() if found is not None else 0)


def _read_line(stream: TextIO) -> str:
    """One line from ``stream``; on a terminal, a Ctrl-C just before the read is not lost.

    CPython runs a signal's handler between bytecodes. A Ctrl-C that lands after the last such
    check but before the blocking read begins interrupts nothing: the read waits for Enter, and
    the screen shows ``^C`` with no effect. On a terminal the wait is therefore a ``select`` on
    the terminal and on a wake-up pipe that the signal writes to (`signal.set_wakeup_fd`), so the
    wait ends either way and the handler runs. A terminal in canonical mode gives one line a read,
    so nothing can be waiting in the stream's buffer when the select starts.
    """
    if not stream.isatty():
        return stream.readline()
    import os
    import select
    import signal

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


class Terminal:
    """The questionnaire's prompt and messages on the real terminal: standard error and input.

    ``stream`` is where prompts and messages go: standard error unless another is given.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = min(shutil.get_terminal_size().columns, 100)
        # Piped answers are not echoed by a terminal; echo them so the transcript reads whole.
        self.echo = not is_terminal(sys.stdin)
        self.lines_read = 0
        """Lines read from standard input so far: the number of the last one read."""
        self.line_open = False
        """True while a prompt waits on its line (then a message must start on a new line)."""

    def _wrap(self, text: str, margin: int = 1) -> str:
        # A margin: text that fills the last column makes some terminals wrap an empty line.
        # A hanging indent: continued lines start under the text, after any indent and after a
        # question's number ("(2 of 6) "), so that each question reads as one block.
        return "\n".join(
            textwrap.fill(
                line,
                self.width - margin,
                subsequent_indent=_hanging_indent(line),
                break_on_hyphens=False,
                break_long_words=False,
            )
            for line in text.splitlines()
        )

    def say(self, text: str) -> None:
        self.stream.write(self._wrap(text) + "\n")
        self.stream.flush()  # keep messages in order with standard output, even when buffered

    def ask(self, prompt: str) -> str:
        # Open before writing: Ctrl-C can arrive as soon as the prompt is out, even before flush()
        # returns, and the "cancelled" line must still start on a line of its own.
        self.line_open = True
        self.stream.write(self._wrap(prompt, margin=4) + " ")  # room for a short answer
        self.stream.flush()
        if sys.stdin is None:
            raise EOFError
        line = _read_line(sys.stdin)
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        self.lines_read += 1
        if self.lines_read == 1:  # a file saved by some editors starts with a byte-order mark
            line = line.removeprefix("\ufeff")
        if self.echo:
            from oms_cli.files.textsafe import visible

            self.stream.write(visible(line) + "\n")
            self.stream.flush()
        self.line_open = False
        return line

    def end_line(self) -> None:
        if self.line_open:
            self.stream.write("\n")
            self.stream.flush()
            self.line_open = False


def questionnaire(
    given: Mapping[Finding, Answer], age_group: AgeGroup | None, replay_extra: Sequence[str]
) -> tuple[dict[Finding, Answer], AgeGroup, str]:
    """Run the questionnaire on the terminal; leave cleanly on Ctrl-C and at end of input.

    Returns the answers, the age group and the equivalent command line, which ends with
    ``replay_extra`` (for example the output format).
    """
    from oms_cli.teaching.questionnaire import interview, replay_command

    # A person at a terminal is asked again after an answer not understood; piped answers are
    # not, since each is meant for the question at its line.
    retry = is_terminal(sys.stdin)
    result = _talk(Terminal(), lambda ask, say: interview(given, age_group, ask, say, retry=retry))
    sys.stderr.write("\n")  # the questions end; the result follows
    sys.stderr.flush()
    replay = replay_command(result.answers, result.age_group, list(replay_extra))
    return dict(result.answers), result.age_group, replay


def on_terminal() -> bool:
    """True when a person can answer: standard input and output are both a terminal."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def conversation(talk: "Callable[[Ask, Say], object]") -> None:
    """Run a conversation (`oms quiz`) on standard output and input; leave cleanly when stopped.

    ``talk`` asks and says through the two functions it is given. Everything it says and asks
    goes to standard output: the conversation is the command's result. Ctrl-C ends it with 130
    (see `oms_cli.cli.process`), the end of input with exit 2 and one line on standard error.
    """
    _talk(Terminal(sys.stdout), talk)


def _talk(terminal: Terminal, talk: "Callable[[Ask, Say], _T]") -> _T:
    """Run ``talk`` on ``terminal``; Ctrl-C, a signal or the end of input leave cleanly.

    Ctrl-C and signals go on to their ending (`oms_cli.cli.process`); the end of input, or input
    that
    is not UTF-8 text, is exit 2 with one line. Either way a prompt left open is ended first.
    """
    from oms_cli.teaching.questionnaire import EndOfInput, UnclearAnswer

    try:
        return talk(terminal.ask, terminal.say)
    except (KeyboardInterrupt, Stopped):
        terminal.end_line()  # the line saying so (see `_ending`) starts on a line of its own
        raise
    except EndOfInput as error:
        terminal.end_line()
        fail(str(error))
    except UnclearAnswer as error:
        terminal.end_line()
        fail(
            f"standard input, line {terminal.lines_read}: {error}; piped answers are never "
            "asked again, so nothing was evaluated"
        )
    except UnicodeDecodeError:
        terminal.end_line()
        fail("standard input is not UTF-8 text")
