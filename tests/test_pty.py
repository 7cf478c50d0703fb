"""The installed ``oms`` in a real pseudo-terminal, and as a subprocess with no terminal at all.

What only a real process shows: that `oms check` asks when it runs in a terminal, that Ctrl-C
typed at the keyboard (the terminal's interrupt character, not an exception raised in a test)
leaves cleanly, and that without a terminal it never waits for an answer.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
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

    def __init__(
        self, *args: str, size: tuple[int, int] = (100, 40), env: dict[str, str] | None = None
    ) -> None:
        columns, lines = size
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "COLUMNS": str(columns),
            "LINES": str(lines),
            "TERM": "xterm",
            **(env or {}),
        }
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
        # The window size too, for programs that ask the terminal rather than the environment.
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
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
        def __init__(
            self, *args: str, size: tuple[int, int] = (100, 40), env: dict[str, str] | None = None
        ) -> None:
            super().__init__(*args, size=size, env=env)
            started.append(self)

    yield Tracked
    for term in started:
        term.close()


def test_in_a_terminal_oms_check_asks_explains_and_gives_the_verdict(
    terminal: type[Terminal],
) -> None:
    """Plain ``oms check`` in a terminal asks; ``?`` explains; the answers give verdict and exit."""
    term = terminal("check", "--no-neuroblastoma")
    term.answer("child or an adult?", "child", choices="[child/adult/unknown/?]")
    term.answer("(2 of 6)", "?")
    term.expect("Opsoclonus means eye movements")
    term.expect("[2][3]")
    term.answer("(2 of 6)", "y")
    term.answer("(3 of 6)", "y")
    term.expect("(4 of 6) Ataxia: not asked, because myoclonus is yes")
    term.answer("(5 of 6)", "y")
    term.expect(DECIDED)  # 3 of 4 met: sleep could not change it
    assert term.wait() == ExitCode.MET
    assert "Criteria met: 3 of 4 met" in term.output
    assert "(6 of 6)" not in term.output
    assert "Traceback" not in term.output
    # The replay line, cut between words with a shell continuation to fit the 100 columns, then
    # the verdict repeated as the last line (see the 80x24 tests below).
    assert (
        plain(term.output)
        .rstrip()
        .endswith(
            "Same result without questions: oms check --no-neuroblastoma --opsoclonus "
            "--myoclonus --behavior \\\n"
            "    --age-group child --no-input\n"
            "Criteria met: 3 of 4 met, 3 needed"
        )
    )


def test_ctrl_c_at_the_first_question_leaves_cleanly_with_130(terminal: type[Terminal]) -> None:
    """Ctrl-C typed at the first question: one "interrupted" line, exit 130, no traceback."""
    term = terminal("check")
    term.expect("[child/adult/unknown/?]")
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


SMALL = (80, 24)
"""A clinician's default terminal: the verdict line must be in view, long text must page."""


def plain(output: str) -> str:
    """Output without its styles (bold stays under NO_COLOR, as rich keeps it)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


def last_line(output: str) -> str:
    """The last line with text on it, without styles."""
    return plain(output).rstrip().splitlines()[-1]


def test_at_80x24_the_verdict_is_the_last_line_of_oms_check(terminal: type[Terminal]) -> None:
    """The result is taller than 24 lines: its verdict line, first, is repeated as the last."""
    term = terminal("check", "--opsoclonus", "--myoclonus", "--behavior", "--no-input", size=SMALL)
    assert term.wait() == ExitCode.MET
    lines = plain(term.output).rstrip().splitlines()
    assert len(lines) > 24
    assert lines[0] == "Criteria met: 3 of 4 met, 1 unknown, 3 needed"
    assert lines[-1] == lines[0]
    assert all(len(line) <= 80 for line in lines)


def test_at_80x24_the_questionnaire_result_ends_with_the_verdict(terminal: type[Terminal]) -> None:
    """After the questions and the result, the verdict line is the last thing on the screen."""
    term = terminal("check", "--age-group", "adult", "--no-neuroblastoma", size=SMALL)
    for position, key in (("(2 of 6)", "y"), ("(3 of 6)", "n"), ("(4 of 6)", "n")):
        term.answer(position, key)
    assert term.wait() == ExitCode.NOT_MET
    assert last_line(term.output) == "Criteria not met: 1 of 4 met, 1 unknown, 3 needed"


def test_at_80x24_brief_prints_the_verdict_and_what_would_decide_it(
    terminal: type[Terminal],
) -> None:
    """--brief: the verdict line, the deciding line wrapped at spaces, the disclaimer; no more."""
    term = terminal("check", "--opsoclonus", "--ataxia", "--brief", "--no-input", size=SMALL)
    assert term.wait() == ExitCode.UNDETERMINED
    lines = plain(term.output).rstrip().splitlines()
    assert lines[0] == "Criteria undetermined: 2 of 4 met, 2 unknown, 3 needed"
    assert lines[1].startswith("Deciding: at least 1 of the 2 unknown criteria")
    assert lines[-1].endswith("[GARD]")
    assert len(lines) <= 8
    assert all(len(line) < 80 for line in lines)


def test_at_80x24_long_output_goes_through_less(terminal: type[Terminal]) -> None:
    """`oms info --all` at 80x24: less shows the first screen and waits; q ends it with exit 0."""
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    env = {"PAGER": "less -FRX", "LESS": ""}  # the default pager, whatever the test run's own
    term = terminal("info", "--all", size=SMALL, env=env)
    term.expect("patient information")
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:  # anything printed past the first screen arrives now
        term._read(0.1)
    assert os.waitpid(term.pid, os.WNOHANG) == (0, 0)  # still running: the pager waits
    assert "medicine moves on" not in term.output  # the disclaimer is far below the first screen
    assert term.output.endswith("\n:\x1b[K")  # less's prompt on the last line of the screen
    assert plain(term.output).count("\n") == 23  # a screen of 24 lines: 23 of text, the prompt
    term.press("q")
    assert term.wait() == ExitCode.OK
    assert "Traceback" not in term.output


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
    term.expect("Enter: next case")
    term.press("\r")
    term.expect("Case 2 of 2")
    term.answer("Are the criteria met?", "y")
    term.expect("Not right: you answered met; the criteria are not met.")
    term.expect("That is a known trap, myoclonus and ataxia counted as two criteria")
    term.expect("Enter: the score")
    term.press("\r")
    term.expect("Score: 1 of 2 right.")
    assert term.wait() == ExitCode.OK
    assert "Traceback" not in term.output


def test_at_80x24_no_pager_prints_everything(terminal: type[Terminal]) -> None:
    """--no-pager: the whole text at once, ending with the disclaimer, even on a terminal."""
    term = terminal("info", "--all", "--no-pager", size=SMALL, env={"PAGER": "less -FRX"})
    assert term.wait() == ExitCode.OK
    assert last_line(term.output).endswith("[GARD]")


def test_pager_is_the_users_pager_and_gets_the_whole_text(
    terminal: type[Terminal], tmp_path: Path
) -> None:
    """$PAGER is run (without a shell) with the text on its input; short text is not paged."""
    paged = tmp_path / "paged.txt"
    copy = "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())"
    pager = f'{sys.executable} -c "{copy}" {paged}'
    term = terminal("sources", size=SMALL, env={"PAGER": pager})
    assert term.wait() == ExitCode.OK
    text = paged.read_text(encoding="utf-8")
    assert plain(text).startswith("Sources")
    assert "[5]" in text
    assert "Sources" not in term.output  # the pager had it all; it printed nothing itself
    short = terminal(
        "demo", size=SMALL, env={"PAGER": f"{sys.executable} -c 'raise SystemExit(9)'"}
    )
    assert short.wait() == ExitCode.OK
    assert "Teaching cases" in short.output  # fits on the screen: printed, no pager started


def test_batch_reading_a_terminal_says_so_and_how_to_end(terminal: type[Terminal]) -> None:
    """`oms batch -` with the keyboard as input: a hint first, then rows typed, Ctrl-D ends."""
    term = terminal("batch", "-", "--format", "csv")
    term.expect("reading CSV or JSON Lines from the terminal")
    term.expect("Ctrl-D")
    term.press("id,sleep\rP1,yes\r\x04")
    assert term.wait() == ExitCode.OK
    assert "P1,undetermined" in term.output


def test_batch_reading_phenopackets_from_a_terminal_names_them(terminal: type[Terminal]) -> None:
    """With --input-format phenopackets, the hint names phenopackets, not CSV (issue 26)."""
    term = terminal("batch", "-", "--input-format", "phenopackets", "--format", "csv")
    term.expect("reading phenopackets (JSON, one a line) from the terminal")
    term.press("\x04")  # nothing typed: an empty input, refused as every empty input is
    assert term.wait() == ExitCode.USAGE
    assert "CSV or JSON Lines" not in term.output


def test_at_80x24_a_walked_case_ends_with_its_verdict(terminal: type[Terminal]) -> None:
    """Stepping through a case on a terminal: its last step repeats the verdict of step 4."""
    term = terminal("demo", "scan-pending", size=SMALL)
    for _ in range(4):
        term.expect("Enter: next step")
        term.press("\r")
    assert term.wait() == ExitCode.OK
    text = plain(term.output)
    last_step = text[text.index("Step 5 of 5") :]
    assert "Case scan-pending: Criteria undetermined:" in last_step
    assert text.rstrip().endswith("[GARD]")


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
    term.expect("Enter: next case")
    term.press("\r")
    term.expect("Case 2 of 2")
    term.expect("[y/n/u/?]")
    term.press("\x04")
    assert term.wait() == ExitCode.USAGE
    last = term.output.rstrip().splitlines()[-1]
    assert last == "oms: error: input ended before the verdict of case 2 of 2 was answered"
    assert "Traceback" not in term.output


def test_in_a_terminal_an_answer_not_understood_is_asked_again(terminal: type[Terminal]) -> None:
    """A person typing: a mistyped answer gets a hint and the same question again.

    Piped answers end with exit 2 instead (see `test_answers_from_a_file_never_shift`).
    """
    term = terminal("check", "-i", "--age-group", "adult", "--no-neuroblastoma", size=SMALL)
    term.answer("(2 of 6)", "yes please")
    term.expect("Please answer y (yes)")
    term.expect("got 'yes please'.")
    term.answer("(2 of 6)", "y")
    for position, key in (
        ("(3 of 6)", "y"),
        ("(4 of 6)", "u"),
        ("(5 of 6)", "y"),
        ("(6 of 6)", "u"),
    ):
        term.answer(position, key)
    assert term.wait() == ExitCode.MET
    assert last_line(term.output) == "Criteria met: 3 of 4 met, 3 needed"


SETTLED = "Nothing asked: the findings given already decide the verdict. Add -i to answer the"
"""The start of the line `oms check` prints instead of questions nobody needs (it may wrap)."""


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        (("--opsoclonus", "--ataxia", "--behavior"), ExitCode.MET),
        (("--no-opsoclonus", "--no-neuroblastoma"), ExitCode.NOT_MET),
    ],
)
def test_at_80x24_check_asks_nothing_once_the_flags_decide_the_verdict(
    terminal: type[Terminal], flags: tuple[str, ...], code: int
) -> None:
    """Met (or not met) whatever the rest: no age group, no finding asked; one line says why."""
    term = terminal("check", *flags, size=SMALL)
    assert term.wait() == code
    output = " ".join(plain(term.output).split())
    assert SETTLED in output
    assert "[child/adult/unknown/?]" not in output
    assert "[y/n/u/?]" not in output


DECIDED = "No more questions: the answers decide the verdict. Add -i to answer the rest."
"""The line the questions end with once the answers decide the verdict (one line at 80)."""


@pytest.mark.parametrize(
    ("keys", "code", "replay"),
    [
        ("nn", ExitCode.NOT_MET, "--no-neuroblastoma --no-opsoclonus --age-group child"),
        ("yyy", ExitCode.MET, "--neuroblastoma --opsoclonus --myoclonus --age-group child"),
    ],
)
def test_at_80x24_the_questions_stop_once_the_answers_decide_the_verdict(
    terminal: type[Terminal], keys: str, code: int, replay: str
) -> None:
    """The QA case: no question after the answer that decides; one line says so, then the result.

    Not met after no, no (at most 2 of 4 left); met after yes, yes, yes (3 of 4 whatever the rest).
    """
    term = terminal("check", "--age-group", "child", size=SMALL)
    for position, key in enumerate(keys, start=1):
        term.answer(f"({position} of 6)", key)
    term.expect(DECIDED)
    assert term.wait() == code
    lines = plain(term.output).splitlines()
    assert DECIDED in lines  # whole, on a line of its own
    assert term.output.count("[y/n/u/?]") == len(keys)
    assert f"({len(keys) + 1} of 6)" not in term.output
    assert "not asked, because" not in term.output
    assert " ".join(plain(term.output).replace("\\\n", " ").split()).endswith(
        f"Same result without questions: oms check {replay} --no-input "
        + " ".join(last_line(term.output).split())
    )
    assert "Traceback" not in term.output


def test_at_80x24_interactive_asks_on_after_the_answers_decide_the_verdict(
    terminal: type[Terminal],
) -> None:
    """-i: after no, no (not met whatever the rest) every other finding is still asked."""
    term = terminal("check", "-i", "--age-group", "child", size=SMALL)
    for position, key in enumerate("nnynny", start=1):
        term.answer(f"({position} of 6)", key)
    assert term.wait() == ExitCode.NOT_MET
    assert "No more questions" not in term.output
    assert last_line(term.output) == "Criteria not met: 2 of 4 met, 3 needed"


@pytest.mark.parametrize("fmt", ["json", "fhir", "markdown"])
def test_at_80x24_check_with_another_format_never_prompts(
    terminal: type[Terminal], fmt: str
) -> None:
    """`--format json` in a terminal: the result at once (undetermined), no prompt, no wait."""
    term = terminal("check", "--opsoclonus", "--format", fmt, size=SMALL)
    assert term.wait() == ExitCode.UNDETERMINED
    assert "[child/adult/unknown/?]" not in term.output
    assert "[y/n/u/?]" not in term.output
    assert "Nothing asked" not in term.output
    if fmt == "json":
        assert '"verdict": "undetermined"' in term.output


def test_at_80x24_interactive_asks_even_when_the_verdict_is_decided(
    terminal: type[Terminal],
) -> None:
    """-i asks for every finding its flags leave out, also those a partner already meets."""
    term = terminal(
        "check", "-i", "--opsoclonus", "--ataxia", "--behavior", "--format", "json", size=SMALL
    )
    term.answer("child or an adult?", "unknown", choices="[child/adult/unknown/?]")
    term.answer("(1 of 6)", "u")
    term.answer("(3 of 6)", "u")  # ataxia is yes: asked all the same under -i
    term.answer("(6 of 6)", "u")  # behaviour is yes: likewise
    assert term.wait() == ExitCode.MET
    assert "Nothing asked" not in term.output
    assert "not asked, because" not in term.output
    assert '"verdict": "met"' in term.output


def screen(output: str, lines: int = 24) -> list[str]:
    """What a terminal of ``lines`` rows shows at the end of ``output`` (oms wraps every line)."""
    return plain(output).split("\n")[-lines:]


def settle(term: Terminal, seconds: float = 1.0) -> None:
    """Read whatever arrives for ``seconds``: anything printed without waiting shows up now."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        term._read(0.1)


def test_at_80x24_quiz_feedback_stays_on_screen_until_enter(terminal: type[Terminal]) -> None:
    """The right/wrong line and its reasons are on the 24-line screen while the quiz waits.

    The next case appears only after Enter; the findings as recorded only with the feedback.
    """
    term = terminal("quiz", "--seed", "7", "--count", "2", size=SMALL)
    term.expect("Case 1 of 2")
    term.expect("[y/n/u/?]")
    assert "Recorded findings" not in term.output  # the story alone, before the answer
    term.press("y\r")
    term.expect("Not right: you answered met; the criteria are not met.")
    term.expect("Recorded findings:")
    term.expect("Enter: next case")
    settle(term)
    shown = screen(term.output)
    assert any(line.startswith("Not right: you answered met") for line in shown), shown
    assert shown[-1].startswith("Enter: next case")
    assert all(len(line) <= 80 for line in shown)
    assert "Case 2 of 2" not in term.output  # still waiting
    term.press("\r")
    term.expect("Case 2 of 2")
    term.answer("Are the criteria met?", "y")
    term.expect("Enter: the score")
    settle(term, 0.5)
    assert "Score:" not in plain(term.output)[term.seen :]
    term.press("\r")
    term.expect("Score: 0 of 2 right.")
    assert term.wait() == ExitCode.OK


def test_the_quiz_marks_right_and_wrong_in_colour_and_words(terminal: type[Terminal]) -> None:
    """Colour where it is allowed: green "Right", red "Not right"; NO_COLOR: the words alone."""
    term = terminal("quiz", "--seed", "7", "--count", "2", size=SMALL, env={"NO_COLOR": ""})
    term.answer("Are the criteria met?", "n")
    term.expect("Enter: next case")
    term.press("\r")
    term.answer("Are the criteria met?", "y")
    term.expect("Enter: the score")
    term.press("\r")
    assert term.wait() == ExitCode.OK
    assert "\x1b[1;32mRight: the criteria are not met." in term.output
    assert "\x1b[1;31mNot right: you answered met" in term.output
    plain_run = terminal("quiz", "--seed", "7", "--count", "1", size=SMALL)  # NO_COLOR=1
    plain_run.answer("Are the criteria met?", "n")
    plain_run.expect("Enter: the score")
    plain_run.press("\r")
    assert plain_run.wait() == ExitCode.OK
    assert "\nRight: the criteria are not met." in plain_run.output
    assert "\x1b[1;32m" not in plain_run.output


def test_a_piped_quiz_neither_pauses_nor_colours() -> None:
    """Answers from a pipe: no pause prompt and no escape sequence, the feedback at once."""
    result = subprocess.run(
        [str(OMS), "quiz", "--seed", "7", "--count", "2"],
        input="n\ny\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "NO_COLOR": "", "TERM": "xterm"},
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert "Score: 1 of 2 right." in result.stdout
    assert "Enter:" not in result.stdout
    assert "\x1b" not in result.stdout


def test_on_a_short_screen_the_quiz_mark_is_shown_again_above_the_pause(
    terminal: type[Terminal],
) -> None:
    """80x15 (a projector's large font): the right/wrong line scrolled away before Enter; again."""
    term = terminal("quiz", "--seed", "7", "--count", "2", size=(80, 15))
    term.answer("Are the criteria met?", "y")
    term.expect("Enter: next case")
    settle(term)
    shown = screen(term.output, 15)
    assert shown[-1].startswith("Enter: next case")
    assert shown[-2].startswith("Not right: you answered met"), shown
    term.press("\r")
    term.answer("Are the criteria met?", "y")
    term.expect("Enter: the score")
    term.press("\r")
    assert term.wait() == ExitCode.OK


def test_on_a_short_screen_a_demo_step_taller_than_it_opens_in_the_pager(
    terminal: type[Terminal], tmp_path: Path
) -> None:
    """80x16: the verdict step's first lines (its verdict) scrolled away; the pager shows them."""
    copy = "import sys; open(sys.argv[1], 'ab').write(sys.stdin.buffer.read())"
    pager = f'{sys.executable} -c "{copy}" {tmp_path / "paged.txt"}'
    term = terminal("demo", "scan-pending", size=(80, 16), env={"PAGER": pager})
    for _ in range(3):
        term.expect("Enter: next step")
        term.press("\r")
    term.expect("Enter: next step")  # at step 4 of 5, the verdict
    paged = (tmp_path / "paged.txt").read_text(encoding="utf-8")
    assert "Step 4 of 5 · Verdict" in paged
    assert "Criteria undetermined" in paged
    term.press("q")
    assert term.wait() == ExitCode.OK


def test_q_at_the_quiz_pause_ends_it_with_the_score(terminal: type[Terminal]) -> None:
    """At a real terminal: q then Enter at the pause scores the cases answered; exit 0."""
    term = terminal("quiz", "--seed", "7", "--count", "3", size=SMALL)
    term.answer("Are the criteria met?", "u")
    term.expect("Enter: next case · q: stop and score")
    term.press("q\r")
    term.expect("Score: ")
    assert term.wait() == ExitCode.OK
    assert "Case 2 of 3" not in term.output
    assert re.search(r"Score: \d of 1 right", plain(term.output))
