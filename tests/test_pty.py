"""The installed ``oms`` in a real pseudo-terminal, and as a subprocess with no terminal at all.

What only a real process shows: that `oms check` asks when it runs in a terminal, that Ctrl-C
typed at the keyboard (the terminal's interrupt character, not an exception raised in a test)
leaves cleanly, and that without a terminal it never waits for an answer.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oms_cli.exitcodes import ExitCode

OMS = Path(sys.executable).with_name("oms")
TIMEOUT = 20.0
"""Seconds to wait for any one expected output; generous for a loaded machine."""

pytestmark = pytest.mark.skipif(not OMS.exists(), reason=f"console script not installed: {OMS}")


class Terminal:
    """One ``oms`` process on its own pseudo-terminal: type into it, read what it shows."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}
        env.pop("FORCE_COLOR", None)
        self.inherited = (
            signal.pthread_sigmask(signal.SIG_BLOCK, ()),
            signal.getsignal(signal.SIGINT),
        )
        """What the child inherits from this process: the blocked signals, the SIGINT handler."""
        pid, fd = pty.fork()
        if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
            # As a shell does for a job in the foreground: Ctrl-C interrupts it, even when this
            # test run was started in the background with SIGINT ignored (which is inherited).
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                os.execve(OMS, [str(OMS), *args], env)  # noqa: S606  (a fixed program, no shell)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.output = ""
        self.seen = 0
        """Where in the output the next `expect` starts looking."""
        self.status: int | None = None

    def _read(self, timeout: float) -> bool:
        """Read what is available within ``timeout``; False once the terminal has closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the process closed its side of the terminal
            return False
        if not data:
            return False
        self.output += data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> None:
        """Wait until ``text`` is shown after the previous match; fail after the timeout."""
        deadline = time.monotonic() + TIMEOUT
        while (found := self.output.find(text, self.seen)) < 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(min(remaining, 0.5)):
                if (found := self.output.find(text, self.seen)) >= 0:
                    break
                pytest.fail(f"{text!r} not shown; output so far:\n{self.output}")
        self.seen = found + len(text)

    def press(self, keys: str) -> None:
        """Type keys as a person would; Enter is a carriage return."""
        os.write(self.fd, keys.encode())

    def answer(self, question: str, keys: str, choices: str = "[y/n/u/?]") -> None:
        """Wait for a question and its choices, type the answer and press Enter."""
        self.expect(question)
        self.expect(choices)
        self.press(keys + "\r")

    def wait(self) -> int:
        """Read until the process ends and return its exit status."""
        deadline = time.monotonic() + TIMEOUT
        while self._read(0.5):
            if time.monotonic() > deadline:
                pytest.fail(f"oms did not finish; output so far:\n{self.output}\n{self.state()}")
        _, status = os.waitpid(self.pid, 0)
        self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def state(self) -> str:
        """Why a process may not have ended: its signals and its terminal, for a failure message.

        A Ctrl-C shown (^C) but not acted on is a SIGINT blocked, ignored or pending in the
        process, a terminal with ISIG off, or a process outside the terminal's foreground group.
        """
        blocked, handler = self.inherited
        lines = [f"inherited at fork: blocked {sorted(blocked)}, SIGINT handler {handler!r}"]
        try:
            status = Path(f"/proc/{self.pid}/status").read_text(encoding="ascii")
            wanted = ("State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")
            lines += [line for line in status.splitlines() if line.startswith(wanted)]
            lines.append("waiting in: " + Path(f"/proc/{self.pid}/wchan").read_text("ascii"))
        except OSError as error:  # not Linux, or the process is gone
            lines.append(f"no /proc: {error}")
        try:
            flags = termios.tcgetattr(self.fd)[3]
            foreground = os.tcgetpgrp(self.fd)
            lines.append(
                f"ISIG {bool(flags & termios.ISIG)}, foreground group {foreground}, "
                f"process group {os.getpgid(self.pid)}"
            )
        except OSError as error:
            lines.append(f"terminal: {error}")
        return "\n".join(lines)

    def close(self) -> None:
        """Stop the process if it is still running and release the terminal."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


@pytest.fixture
def terminal() -> Iterator[type[Terminal]]:
    """Start ``oms`` in terminals; every one started is stopped and closed after the test."""
    started: list[Terminal] = []

    class Tracked(Terminal):
        def __init__(self, *args: str) -> None:
            super().__init__(*args)
            started.append(self)

    yield Tracked
    for term in started:
        term.close()


def test_in_a_terminal_oms_check_asks_explains_and_gives_the_verdict(
    terminal: type[Terminal],
) -> None:
    """Plain ``oms check`` in a terminal asks; ``?`` explains; the answers give verdict and exit."""
    term = terminal("check", "--no-neuroblastoma")
    term.answer("child or an adult?", "child", choices="[child/adult/skip/?]")
    term.answer("(2 of 6)", "?")
    term.expect("Opsoclonus means eye movements")
    term.expect("[2][3]")
    term.answer("(2 of 6)", "y")
    term.answer("(3 of 6)", "n")
    term.answer("(4 of 6)", "y")
    term.answer("(5 of 6)", "y")
    term.expect("(6 of 6) Sleep: not asked, because behaviour is yes")
    assert term.wait() == ExitCode.MET
    assert "Criteria met: 3 of 4 met" in term.output
    assert "Traceback" not in term.output
    assert term.output.rstrip().endswith(
        "Same result without questions: oms check --no-neuroblastoma --opsoclonus "
        "--no-myoclonus --ataxia --behavior --age-group child --no-input"
    )


def test_ctrl_c_at_the_first_question_leaves_cleanly_with_130(terminal: type[Terminal]) -> None:
    """Ctrl-C typed at the first question: one "interrupted" line, exit 130, no traceback."""
    term = terminal("check")
    term.expect("[child/adult/skip/?]")
    term.press("\x03")
    assert term.wait() == ExitCode.INTERRUPTED
    assert term.output.rstrip().endswith("\noms: interrupted")
    assert "Traceback" not in term.output
    assert "Criteria" not in term.output


def test_ctrl_d_before_the_end_leaves_cleanly_with_2(terminal: type[Terminal]) -> None:
    """Ctrl-D (end of input) at a question: one error line on a line of its own, exit 2."""
    term = terminal("check", "--age-group", "adult")
    term.expect("[y/n/u/?]")
    term.press("\x04")
    assert term.wait() == ExitCode.USAGE
    last = term.output.rstrip().splitlines()[-1]
    assert last == "oms: error: input ended before question 1 of 6 (neuroblastoma) was answered"
    assert "Traceback" not in term.output


def test_without_a_terminal_oms_check_never_prompts_or_waits() -> None:
    """Standard input from /dev/null and output to pipes: no question, no wait, undetermined."""
    result = subprocess.run(
        [str(OMS), "check", "--opsoclonus", "--format", "json"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == ExitCode.UNDETERMINED
    assert result.stderr == ""
    assert '"verdict": "undetermined"' in result.stdout


def test_a_quiz_session_in_a_terminal_marks_answers_and_ends_with_the_score(
    terminal: type[Terminal],
) -> None:
    """`oms quiz` in a terminal: ? explains, a junk answer is asked again, each answer is marked."""
    term = terminal("quiz", "--seed", "7", "--count", "2")
    term.expect("Seed 7: 'oms quiz --seed 7 --count 2' gives the same quiz again.")
    term.expect("Case 1 of 2 · Fictional case")
    term.answer("Are the criteria met?", "?")
    term.expect("any 3 of 4 criteria")
    term.answer("Are the criteria met?", "maybe")
    term.expect(
        "Please answer y (met), n (not met), u (undetermined) or ? (the rule); got 'maybe'."
    )
    term.answer("Are the criteria met?", "n")
    term.expect("Right: the criteria are not met.")
    term.expect("Case 2 of 2")
    term.answer("Are the criteria met?", "y")
    term.expect("Not right: you answered met; the criteria are not met.")
    term.expect("That is a known trap, myoclonus and ataxia counted as two criteria")
    term.expect("Score: 1 of 2 right.")
    assert term.wait() == ExitCode.OK
    assert "Traceback" not in term.output


def test_ctrl_c_in_a_quiz_leaves_cleanly_with_130(terminal: type[Terminal]) -> None:
    """Ctrl-C typed at a quiz question: the "interrupted" line on a line of its own, exit 130."""
    term = terminal("quiz", "--seed", "7", "--count", "2", "--criteria")
    term.answer("Criterion 1 of 4", "n")
    term.expect("Right: Neuroblastoma is not met.")
    term.expect("Criterion 2 of 4")
    term.expect("[y/n/u/?]")
    term.press("\x03")
    assert term.wait() == ExitCode.INTERRUPTED
    assert term.output.rstrip().endswith("\noms: interrupted")
    assert "Traceback" not in term.output
    assert "Score" not in term.output


def test_ctrl_d_in_a_quiz_leaves_cleanly_with_2(terminal: type[Terminal]) -> None:
    """Ctrl-D (end of input) at a quiz question: one error line naming the question, exit 2."""
    term = terminal("quiz", "--seed", "7", "--count", "2")
    term.answer("Are the criteria met?", "u")
    term.expect("Case 2 of 2")
    term.expect("[y/n/u/?]")
    term.press("\x04")
    assert term.wait() == ExitCode.USAGE
    last = term.output.rstrip().splitlines()[-1]
    assert last == "oms: error: input ended before the verdict of case 2 of 2 was answered"
    assert "Traceback" not in term.output
