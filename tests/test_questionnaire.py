"""Tests for the questionnaire: the question flow with a scripted prompt, and `oms check -i`."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oms_cli import content
from oms_cli.cli import intake
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import (
    FINDINGS,
    AgeGroup,
    Answer,
    Finding,
    Verdict,
    all_combinations,
    evaluate,
)
from oms_cli.teaching import questionnaire, terminal
from oms_cli.teaching.questionnaire import (
    AGE_HINT,
    AGE_PROMPT,
    DECIDED_LINE,
    FINDING_WORDS,
    INTRO,
    EndOfInput,
    Interview,
    UnclearAnswer,
    interview,
    replay_command,
)
from tests.conftest import Invoke

OMS = Path(sys.executable).with_name("oms")
ALL_UNKNOWN: dict[Finding, Answer] = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
WORD_FOR: dict[Answer, str] = {Answer.YES: "y", Answer.NO: "n", Answer.UNKNOWN: "u"}


@dataclass
class Script:
    """A prompt function that answers from a list of lines, recording what it was shown."""

    lines: list[str]
    prompts: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        self.transcript.append(f"ASK {prompt}")
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)
        self.transcript.append(f"SAY {text}")


def run(
    lines: Iterable[str],
    given_answers: dict[Finding, Answer] | None = None,
    age_group: AgeGroup | None = AgeGroup.UNKNOWN,
) -> tuple[Interview, Script]:
    """Run the interview over scripted lines; the age group is given unless None is passed."""
    script = Script(list(lines))
    result = interview(given_answers or {}, age_group, script.ask, script.say)
    return result, script


def asked_findings(script: Script) -> list[str]:
    """The finding question texts in the order they were asked."""
    questions = {content.FINDING_TEXT[f.value].question: f.value for f in FINDINGS}
    order = []
    for prompt in script.prompts:
        for question, name in questions.items():
            if question in prompt:
                order.append(name)
    return order


@dataclass
class TruthfulScript(Script):
    """Answers each finding question from a fixed truth table, whatever order it comes in."""

    truth: dict[Finding, Answer] = field(default_factory=dict)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        for finding in FINDINGS:
            if content.FINDING_TEXT[finding.value].question in prompt:
                self.lines.append(WORD_FOR[self.truth[finding]])
                return self.lines[-1]
        raise AssertionError(f"unexpected prompt {prompt!r}")


# --- order and what is asked -------------------------------------------------------------------


def test_age_group_first_then_findings_in_order_with_positions() -> None:
    """Without flags: the intro, the age group, then the six findings in order, "(n of 6)"."""
    result, script = run(["child", "n", "n", "n", "n", "n", "n"], age_group=None)
    assert script.said[0] == INTRO
    assert script.prompts[0] == AGE_PROMPT
    assert asked_findings(script) == [f.value for f in FINDINGS]
    for position, prompt in enumerate(script.prompts[1:], start=1):
        assert prompt.startswith(f"({position} of 6) ")
    assert result.age_group is AgeGroup.CHILD
    assert result.answers == dict.fromkeys(FINDINGS, Answer.NO)
    assert result.asked == FINDINGS
    assert result.skipped == ()


def test_findings_given_as_flags_are_never_asked() -> None:
    """A finding given yes or no is not asked again; the others are, in order."""
    given_answers = {Finding.OPSOCLONUS: Answer.YES, Finding.SLEEP: Answer.NO}
    result, script = run(["n", "n", "n", "n"], given_answers)
    assert asked_findings(script) == ["neuroblastoma", "myoclonus", "ataxia", "behavior"]
    assert result.answers[Finding.OPSOCLONUS] is Answer.YES
    assert result.answers[Finding.SLEEP] is Answer.NO


def test_age_group_given_is_not_asked() -> None:
    """With an age group given (even unknown), the first question is the first finding."""
    result, script = run(["u"] * 6, age_group=AgeGroup.ADULT)
    assert AGE_PROMPT not in script.prompts
    assert result.age_group is AgeGroup.ADULT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("c", AgeGroup.CHILD),
        ("Child", AgeGroup.CHILD),
        ("a", AgeGroup.ADULT),
        (" ADULT ", AgeGroup.ADULT),
        ("unknown", AgeGroup.UNKNOWN),
        ("u", AgeGroup.UNKNOWN),
    ],
)
def test_age_group_answers(line: str, expected: AgeGroup) -> None:
    """The age group is child, adult or unknown, by word or first letter, any case."""
    result, _ = run([line, *["u"] * 6], age_group=None)
    assert result.age_group is expected


@pytest.mark.parametrize(("word", "expected"), sorted(FINDING_WORDS.items()))
def test_every_answer_word_is_accepted_in_any_case_and_spacing(word: str, expected: Answer) -> None:
    """y/yes, n/no, u/unknown/not checked are read regardless of case and extra spaces."""
    spaced = "  " + word.upper().replace(" ", "   ") + " "
    result, _ = run([spaced, "u", "u", "u", "u", "u"])
    assert result.answers[Finding.NEUROBLASTOMA] is expected


# --- skipping ----------------------------------------------------------------------------------


def test_ataxia_not_asked_once_myoclonus_is_yes() -> None:
    """Myoclonus yes meets its criterion: ataxia is skipped, a line says why, it stays unknown."""
    result, script = run(["n", "n", "y", "n", "n"])
    assert "ataxia" not in asked_findings(script)
    assert result.skipped == (Finding.ATAXIA,)
    assert result.answers[Finding.ATAXIA] is Answer.UNKNOWN
    [line] = [text for text in script.said if "not asked" in text]
    assert line.startswith("(4 of 6) Ataxia: not asked")
    assert "myoclonus is yes" in line
    assert '"Myoclonus and/or ataxia"' in line
    assert "\n" not in line


def test_sleep_not_asked_once_behaviour_is_yes() -> None:
    """The same for the other and/or pair: behaviour yes skips sleep."""
    result, script = run(["n", "n", "n", "n", "y"])
    assert asked_findings(script)[-1] == "behavior"
    assert result.skipped == (Finding.SLEEP,)


def test_partner_given_as_a_flag_skips_the_earlier_finding() -> None:
    """Ataxia given yes on the command line: myoclonus, asked before it, is skipped too."""
    result, script = run(["n", "n", "n", "n"], {Finding.ATAXIA: Answer.YES})
    assert "myoclonus" not in asked_findings(script)
    assert result.skipped == (Finding.MYOCLONUS,)
    assert any(text.startswith("(3 of 6) Myoclonus: not asked") for text in script.said)


def test_with_every_a_partner_yes_skips_nothing() -> None:
    """``every`` (-i): myoclonus yes and behaviour yes, yet ataxia and sleep are asked too."""
    script = Script(["n", "n", "y", "n", "y", "n"])
    result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, every=True)
    assert asked_findings(script) == [f.value for f in FINDINGS]
    assert result.skipped == ()
    assert not any("not asked" in text for text in script.said)
    assert (result.answers[Finding.ATAXIA], result.answers[Finding.SLEEP]) == (Answer.NO,) * 2


@pytest.mark.parametrize("partner_answer", ["n", "u"])
def test_partner_no_or_unknown_does_not_skip(partner_answer: str) -> None:
    """Only a yes meets the criterion; after no or unknown the partner is still asked."""
    _, script = run(["n", "n", partner_answer, "n", "n", "n"])
    assert "ataxia" in asked_findings(script)


def test_skipping_never_changes_the_verdict_or_any_criterion() -> None:
    """For all 729 truths, answering truthfully gives the statuses and verdict of the truth."""
    for combination in all_combinations():
        truth = dict(zip(FINDINGS, combination, strict=True))
        script = TruthfulScript([], truth=truth)
        result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say)
        expected, actual = evaluate(truth), evaluate(result.answers)
        assert actual.verdict is expected.verdict, truth
        assert [r.status for r in actual.criteria] == [r.status for r in expected.criteria]


# --- help and invalid answers ------------------------------------------------------------------


@pytest.mark.parametrize("word", ["?", "help", " HELP "])
def test_help_explains_the_finding_then_asks_the_same_question(word: str) -> None:
    """``?``/``help`` shows what the finding is, its role in the rule and sources, then re-asks."""
    result, script = run([word, "y", "n", "n", "n", "n", "n"])
    assert script.prompts[0] == script.prompts[1]
    help_text = script.said[1]
    text = content.FINDING_TEXT["neuroblastoma"]
    assert questionnaire.explanation(Finding.NEUROBLASTOMA) in help_text
    assert text.no_means in help_text
    assert "[4]" in help_text
    assert '"Neuroblastoma"; three of the four criteria must be met.' in help_text
    assert result.answers[Finding.NEUROBLASTOMA] is Answer.YES


def test_help_for_a_paired_finding_names_its_criterion_and_all_its_sources() -> None:
    """The help for myoclonus cites [4] for its definition and [2][3] for its signs.

    It also names the criterion, "Myoclonus and/or ataxia".
    """
    _, script = run(["n", "n", "?", "n", "n", "n", "n"])
    help_text = next(text for text in script.said if "Myoclonus means" in text)
    assert "sudden muscle jerks. With ataxia" in help_text
    assert "[4]" in help_text
    assert "[2][3]" in help_text
    assert '"Myoclonus and/or ataxia"' in help_text


def test_help_for_the_age_group_says_it_never_changes_the_verdict() -> None:
    """``?`` at the age question explains that age changes only the notes, with [4]."""
    _, script = run(["?", "u", *["u"] * 6], age_group=None)
    assert script.prompts[:2] == [AGE_PROMPT, AGE_PROMPT]
    assert "never changes the verdict" in script.said[1]
    assert script.said[1].endswith("[4]")


@pytest.mark.parametrize("line", ["maybe", "", "   ", "yess", "1", "true", "\x1b[31mred"])
def test_any_other_answer_re_asks_with_a_one_line_hint(line: str) -> None:
    """An unknown answer (or none) is never taken as a default: a hint, then the same question."""
    result, script = run([line, "n", "n", "n", "n", "n", "n"])
    assert script.prompts[0] == script.prompts[1]
    hint = script.said[1]
    assert hint.startswith(
        "Please answer y (yes), n (no: looked for and not found), "
        "u (unknown: not looked for, or not known) or ? (help)"
    )
    assert "\n" not in hint
    assert "\x1b" not in hint
    assert result.answers[Finding.NEUROBLASTOMA] is Answer.NO


def test_hint_shows_the_answer_given_safely() -> None:
    """The hint quotes what was typed, with control characters made visible."""
    _, script = run(["\x1b[31mred", "n", "n", "n", "n", "n", "n"])
    assert script.said[1].endswith("got '\\x1b[31mred'.")


def test_invalid_age_answer_re_asks_with_its_own_hint() -> None:
    """At the age question the hint lists child, adult and unknown."""
    _, script = run(["old", "a", *["u"] * 6], age_group=None)
    assert script.said[1] == (
        "Please answer c (child), a (adult), u (unknown) or ? (help); got 'old'."
    )


def test_the_age_question_and_the_flag_share_their_words(cli: Invoke) -> None:
    """One vocabulary: the question shows the words --age-group takes, and takes each of them.

    The prompt and the hint show child, adult and unknown; the flag's help lists the same words,
    every word the flag takes is an answer, and no other word is (an older prompt's skip and s).
    """
    words = [group.value for group in AgeGroup]
    assert AGE_PROMPT.endswith(f"[{'/'.join(words)}/?] ")
    assert "skip" not in AGE_PROMPT + AGE_HINT
    for word in words:
        assert f"({word})" in AGE_HINT
        result, _ = run([word, *["u"] * 6], age_group=None)
        assert result.age_group is AgeGroup(word)
        assert cli("check", "--age-group", word, "--no-input", "-f", "json").exit_code == 3
    assert f"<{'|'.join(words)}>" in cli("check", "--help").stdout


# --- end of input ------------------------------------------------------------------------------


def test_end_of_input_names_the_question_left_unanswered() -> None:
    """Running out of answers raises EndOfInput naming the question that was waiting."""
    with pytest.raises(EndOfInput, match=r"before question 3 of 6 \(myoclonus\) was answered"):
        run(["n", "n"])


def test_end_of_input_at_the_age_question() -> None:
    """With no input at all, the age question is the one left unanswered."""
    with pytest.raises(EndOfInput, match="the age-group question"):
        run([], age_group=None)


def test_end_of_input_after_only_invalid_answers() -> None:
    """Invalid answers until the input ends still end with EndOfInput, not a loop or a default."""
    with pytest.raises(EndOfInput, match="question 1 of 6"):
        run(["maybe", "perhaps"])


# --- replay command ----------------------------------------------------------------------------


def test_replay_command_lists_flags_in_order() -> None:
    """Yes and no become flags in finding order; age group and extra options follow."""
    answers = dict(zip(FINDINGS, [Answer.NO, Answer.YES, Answer.YES, Answer.NO] * 2, strict=False))
    assert replay_command(answers, AgeGroup.CHILD, ["--format", "json"]) == (
        "oms check --no-neuroblastoma --opsoclonus --myoclonus --no-ataxia --no-behavior "
        "--sleep --age-group child --format json"
    )


def test_replay_command_adds_no_input_when_a_finding_is_unknown() -> None:
    """An unknown finding is left out, and --no-input keeps the replay from asking for it."""
    answers = {**ALL_UNKNOWN, Finding.OPSOCLONUS: Answer.YES}
    assert replay_command(answers, AgeGroup.UNKNOWN) == "oms check --opsoclonus --no-input"


# --- through the CLI ---------------------------------------------------------------------------


def test_cli_interactive_asks_and_prints_the_result(cli: Invoke) -> None:
    """``oms check -i``: questions on stderr, the usual result on stdout, the verdict's exit."""
    result = cli("check", "-i", input="child\ny\ny\ny\nn\nn\nn\n")
    assert result.exit_code == ExitCode.MET
    assert result.stdout.startswith("Criteria met: 3 of 4 met")
    assert "(1 of 6) Has a scan or test found a neuroblastoma" in result.stderr
    assert "(4 of 6) Is there a lack of coordination" in result.stderr
    assert "found a neuroblastoma" not in result.stdout
    assert result.stderr.rstrip().endswith(
        "Same result without questions: oms check --neuroblastoma --opsoclonus --myoclonus "
        "--no-ataxia --no-behavior --no-sleep --age-group child"
    )


def test_cli_piped_answers_one_a_finding_never_shift_after_a_partner_yes() -> None:
    """The QA case: -i from a pipe asks ataxia though myoclonus is yes: nothing shifts, met.

    Before, ataxia was skipped, its line answered behaviour, and sleep's line was dropped.
    """
    answers = "child\nn\ny\ny\nn\nn\ny\n"  # age, then the six findings in order
    brief, json_run = (
        subprocess.run(
            [str(OMS), "check", "-i", *extra],
            input=answers,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        for extra in (["--brief"], ["--format", "json"])
    )
    assert brief.returncode == ExitCode.MET, brief.stderr
    assert brief.stdout.startswith("Criteria met: 3 of 4 met")
    assert "not asked, because" not in brief.stderr
    assert json_run.returncode == ExitCode.MET
    findings = json.loads(json_run.stdout)["findings"]
    assert (findings["ataxia"], findings["behavior"], findings["sleep"]) == ("no", "no", "yes")


@pytest.mark.parametrize(("extra", "line"), [("y\n", 8), ("\n \ny", 10), ("y\nn\n", 8)])
def test_cli_piped_answers_left_after_the_last_question_are_exit_2(
    cli: Invoke, extra: str, line: int
) -> None:
    """A non-blank line after the last question answers nothing: exit 2 naming it, no result."""
    result = cli("check", "-i", "--format", "json", input="child\nn\ny\ny\nn\nn\ny\n" + extra)
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr.endswith(
        f"oms: error: standard input, line {line}: more answers than questions: 'y' comes after "
        "the last question; piped answers are read one a question, so nothing was evaluated\n"
    )


def test_a_real_pipe_with_a_line_left_over_is_exit_2_and_one_held_open_is_not_waited_on() -> None:
    """Through a real pipe, a line after the last answer is refused; an open pipe is not awaited.

    A program that keeps the pipe open after its last answer, waiting for the result, gets it.
    """
    answers = "child\nn\ny\ny\nn\nn\ny\n"
    left_over = subprocess.run(
        [str(OMS), "check", "-i", "--brief"],
        input=answers + "y\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (left_over.returncode, left_over.stdout) == (ExitCode.USAGE, "")
    assert "line 8: more answers than questions" in left_over.stderr
    with subprocess.Popen(
        [str(OMS), "check", "-i", "--brief"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as held_open:
        assert held_open.stdin is not None
        assert held_open.stdout is not None
        held_open.stdin.write(answers)
        held_open.stdin.flush()  # and not closed: the result comes all the same
        try:
            assert held_open.wait(timeout=60) == ExitCode.MET
        finally:
            held_open.kill()
        assert held_open.stdout.read().startswith("Criteria met: 3 of 4 met")
        held_open.stdin.close()


def test_cli_blank_lines_after_the_last_answer_are_fine(cli: Invoke) -> None:
    """Only a non-blank line left over is refused: trailing blank lines (an editor's) are not."""
    result = cli("check", "-i", "--brief", input="child\nn\ny\ny\nn\nn\ny\n\n  \n")
    assert result.exit_code == ExitCode.MET


def test_cli_interactive_echoes_piped_answers_safely(cli: Invoke) -> None:
    """Piped answers are echoed after their prompt, with escape sequences made visible.

    Not understood, the answer ends the run (exit 2) and the error quotes it safely too.
    """
    result = cli("check", "-i", "--age-group", "adult", input="\x1b]0;x\x07\nu\nu\nu\nu\nu\nu\n")
    assert "[y/n/u/?] \\x1b]0;x\\x07\n" in result.stderr
    assert "\x1b" not in result.stderr
    assert result.exit_code == ExitCode.USAGE
    assert "standard input, line 1: '\\x1b]0;x\\x07' does not answer question 1" in result.stderr


def test_cli_interactive_json_after_questions_is_valid_json(cli: Invoke) -> None:
    """``-i --format json``: stdout holds exactly one JSON object; the questions are on stderr."""
    result = cli("check", "-i", "--format", "json", input="a\nn\ny\nn\ny\nn\ny\n")
    data = json.loads(result.stdout)
    assert data["verdict"] == "met"
    assert data["age_group"] == "adult"
    assert data["findings"] == {
        "neuroblastoma": "no",
        "opsoclonus": "yes",
        "myoclonus": "no",
        "ataxia": "yes",
        "behavior": "no",
        "sleep": "yes",
    }
    assert "--format json" in result.stderr.splitlines()[-1]


# The `cli` fixture only sets environment variables and builds a stateless runner, so sharing it
# between generated inputs is safe.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    truth=st.tuples(*[st.sampled_from(list(Answer)) for _ in FINDINGS]),
    age=st.sampled_from(["child", "adult", "unknown", "u"]),
    output_format=st.sampled_from(["text", "json", "markdown"]),
)
def test_cli_replay_command_reproduces_the_result(
    cli: Invoke, truth: tuple[Answer, ...], age: str, output_format: str
) -> None:
    """The replay line, run as given, prints the same stdout and exits with the same code."""
    script = TruthfulScript([], truth=dict(zip(FINDINGS, truth, strict=True)))
    interview({}, AgeGroup.UNKNOWN, script.ask, script.say, every=True)
    lines = [age, *script.lines]  # the answers -i's questions want: one a finding
    asked = cli("check", "-i", "--format", output_format, input="\n".join(lines) + "\n")
    replay = asked.stderr.splitlines()[-1].removeprefix("Same result without questions: ")
    words = shlex.split(replay)
    assert words[:2] == ["oms", "check"]
    again = cli(*words[1:])
    assert again.stderr == ""
    assert again.stdout == asked.stdout
    assert again.exit_code == asked.exit_code


def test_cli_interactive_asks_only_what_flags_leave_out(cli: Invoke) -> None:
    """Flags given with -i are not asked; with every finding and the age group given, nothing is."""
    partial = cli("check", "-i", "--opsoclonus", "--no-neuroblastoma", input="u\ny\nn\nn\nn\n")
    assert partial.exit_code == ExitCode.NOT_MET
    assert "found a neuroblastoma" not in partial.stderr
    assert "(3 of 6)" in partial.stderr
    complete = cli(
        "check",
        "-i",
        *("--no-" + f.value for f in FINDINGS),
        "--age-group",
        "child",
        input="",
    )
    assert complete.stderr == ""
    assert complete.exit_code == ExitCode.NOT_MET


def test_cli_interactive_with_only_the_age_group_missing_asks_only_it(cli: Invoke) -> None:
    """-i with all six findings given asks just the age group, and the replay includes it."""
    result = cli("check", "-i", *("--" + f.value for f in FINDINGS), input="adult\n")
    assert result.exit_code == ExitCode.MET
    assert "(1 of 6)" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith("--behavior --sleep --age-group adult")


def test_cli_end_of_input_exits_2_with_a_clear_message_and_no_result(cli: Invoke) -> None:
    """Running out of piped answers: one error line naming the question, exit 2, empty stdout."""
    result = cli("check", "-i", "--format", "json", input="child\ny\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "oms: error: input ended before question 2 of 6 (opsoclonus) was answered"
    )
    assert "Traceback" not in result.stderr


def test_cli_input_not_utf8_exits_2(cli: Invoke) -> None:
    """Answers that are not UTF-8 text end with a clear message and exit 2, not a traceback."""
    result = cli("check", "-i", input=b"\xff\xfe\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == "oms: error: standard input is not UTF-8 text"


def test_cli_ctrl_c_at_a_question_is_one_line_and_exit_130(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt while asking: "oms: interrupted" on stderr, exit 130, no result."""

    def interrupted(self: object, prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(terminal.Terminal, "ask", interrupted)
    result = cli("check", "-i")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stdout == ""
    assert result.stderr.endswith("\noms: interrupted\n")


def test_cli_interactive_and_no_input_together_is_a_usage_error(cli: Invoke) -> None:
    """``-i --no-input`` contradicts itself: exit 2 naming both options."""
    result = cli("check", "-i", "--no-input", input="y\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "oms: error: --interactive and --no-input cannot be used together; see 'oms check --help'\n"
    )


def test_cli_default_never_prompts_when_stdin_is_not_a_terminal(cli: Invoke) -> None:
    """No flag, input from a pipe: nothing asked, input left unread, findings stay unknown."""
    result = cli("check", "--opsoclonus", input="y\ny\ny\ny\ny\ny\ny\n")
    assert result.exit_code == ExitCode.UNDETERMINED
    assert result.stderr == ""
    assert "opsoclonus: yes" in result.stdout
    assert "neuroblastoma: unknown" in result.stdout


@pytest.mark.parametrize(
    ("terminals", "asks"),
    [
        ({"stdin", "stdout", "stderr"}, True),
        ({"stdin", "stdout"}, False),
        ({"stdin", "stderr"}, False),
        ({"stdout", "stderr"}, False),
    ],
)
def test_cli_default_asks_only_when_every_stream_is_a_terminal(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, terminals: set[str], asks: bool
) -> None:
    """Without -i, questions come only when stdin, stdout and stderr are all terminals."""
    import sys

    def is_terminal(stream: object) -> bool:
        return any(stream is getattr(sys, name) for name in terminals)

    monkeypatch.setattr(intake, "is_terminal", is_terminal)
    # Age unknown, then neuroblastoma, myoclonus, ataxia no: not met, so nothing more is asked.
    result = cli("check", "--opsoclonus", input="u\nn\nn\nn\n")
    assert ("(1 of 6)" in result.stderr) is asks
    assert result.exit_code == (ExitCode.NOT_MET if asks else ExitCode.UNDETERMINED)


def test_cli_default_with_every_finding_given_never_asks(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a terminal, with all six findings given, nothing is asked (not even the age group)."""
    monkeypatch.setattr(intake, "is_terminal", lambda stream: True)
    result = cli("check", *("--" + f.value for f in FINDINGS), input="")
    assert result.stderr == ""
    assert result.exit_code == ExitCode.MET


# --- piped answers never shift onto the next question -----------------------------------------


@pytest.mark.parametrize(("line", "shown"), [("maybe", "'maybe'"), ("", "an empty line")])
def test_without_retry_an_answer_not_understood_raises_naming_the_question(
    line: str, shown: str
) -> None:
    """Answers from a pipe: the question is not asked again, which would shift every later one."""
    script = Script(["n", line, "y", "y", "y", "y"])
    with pytest.raises(UnclearAnswer) as raised:
        interview({}, AgeGroup.UNKNOWN, script.ask, script.say, retry=False)
    assert str(raised.value) == (
        f"{shown} does not answer question 2 of 6 (opsoclonus): the answers are y, n, u or ?"
    )
    assert len(script.prompts) == 2


@pytest.mark.parametrize("line", ["teen", "s", "skip"])
def test_without_retry_the_age_group_names_its_own_answers(line: str) -> None:
    """At the age question, the message lists c, a and u, the answers shown; s and skip are none."""
    script = Script([line])
    with pytest.raises(UnclearAnswer) as raised:
        interview({}, None, script.ask, script.say, retry=False)
    assert str(raised.value) == (
        f"'{line}' does not answer the age-group question: the answers are c, a, u or ?"
    )


def test_without_retry_help_still_explains_and_asks_again() -> None:
    """``?`` is not an answer but a request: it is shown, and the next line answers the question."""
    script = Script(["?", "n", *["n"] * 5])
    result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, retry=False)
    assert script.prompts[0] == script.prompts[1]
    assert set(result.answers.values()) == {Answer.NO}


MEANT_MET = "child\ny\ny\nn\nn\ny\nn\n"
"""Answers that mean met (neuroblastoma, opsoclonus, behaviour), one a line, one a finding."""


def test_cli_piped_answers_after_a_byte_order_mark_are_read_as_meant(cli: Invoke) -> None:
    """A file that starts with a UTF-8 BOM: the first answer is read, nothing shifts: met."""
    plain = cli("check", "-i", "--format", "json", input=MEANT_MET)
    with_bom = cli("check", "-i", "--format", "json", input="\ufeff" + MEANT_MET)
    assert plain.exit_code == ExitCode.MET
    assert (with_bom.exit_code, with_bom.stdout) == (plain.exit_code, plain.stdout)


def test_cli_a_mistyped_piped_answer_is_exit_2_naming_the_question_and_line(cli: Invoke) -> None:
    """One mistyped answer: exit 2 naming it, never a re-ask that gives it the next line."""
    result = cli("check", "-i", "--format", "json", input="child\ny\nyes please\nn\ny\nn\n")
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr.endswith(
        "oms: error: standard input, line 3: 'yes please' does not answer question 2 of 6 "
        "(opsoclonus): the answers are y, n, u or ?; piped answers are never asked again, so "
        "nothing was evaluated\n"
    )
    assert result.stderr.count("(2 of 6)") == 1
    assert "Please answer" not in result.stderr


@pytest.mark.parametrize(
    ("data", "code", "error"),
    [
        (b"\xef\xbb\xbf" + MEANT_MET.encode(), ExitCode.MET, ""),
        (b"\xef\xbb\xbf" + MEANT_MET.replace("child", "chidl").encode(), ExitCode.USAGE, "line 1"),
        (MEANT_MET.replace("y\nn\nn", "y\nN0\nn").encode(), ExitCode.USAGE, "line 4: 'N0'"),
        (MEANT_MET.replace("\n", "\r\n").encode(), ExitCode.MET, ""),
    ],
)
def test_answers_from_a_file_never_shift(
    tmp_path: Path, data: bytes, code: int, error: str
) -> None:
    """The installed ``oms`` with standard input from a real file: read as meant, or exit 2."""
    answers = tmp_path / "answers.txt"
    answers.write_bytes(data)
    with answers.open("rb") as stdin:
        result = subprocess.run(
            [str(OMS), "check", "-i", "--format", "json"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == code
    if error:
        assert result.stdout == ""
        assert f"oms: error: standard input, {error}" in result.stderr
    else:
        assert json.loads(result.stdout)["verdict"] == "met"


# --- no needless questions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        (("--opsoclonus", "--ataxia", "--behavior"), ExitCode.MET),
        (("--no-opsoclonus", "--no-neuroblastoma"), ExitCode.NOT_MET),
        (("--neuroblastoma", "--opsoclonus", "--myoclonus", "--age-group", "child"), ExitCode.MET),
    ],
)
def test_cli_default_in_a_terminal_asks_nothing_once_the_verdict_is_decided(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...], code: int
) -> None:
    """No answer could change the verdict: no question, one line saying -i asks the rest."""
    monkeypatch.setattr(intake, "is_terminal", lambda stream: True)
    result = cli("check", *flags, input="")
    assert result.exit_code == code
    assert result.stderr == intake.SETTLED_LINE + "\n"
    assert "-i" in intake.SETTLED_LINE


def test_the_nothing_asked_line_is_wrapped_at_spaces_to_the_terminal(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns the line is cut between words, each piece narrower than the terminal."""
    monkeypatch.setattr(intake, "is_terminal", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("check", "--opsoclonus", "--ataxia", "--behavior", input="")
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert all(len(line) < 80 for line in lines)
    assert " ".join(lines) == intake.SETTLED_LINE


@pytest.mark.parametrize("fmt", ["json", "markdown", "fhir"])
def test_cli_default_in_a_terminal_never_prompts_for_another_format(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`--format json` (markdown, fhir) in a terminal: no question without -i; with -i, asked."""
    monkeypatch.setattr(intake, "is_terminal", lambda stream: True)
    silent = cli("check", "--opsoclonus", "--format", fmt, input="")
    assert (silent.exit_code, silent.stderr) == (ExitCode.UNDETERMINED, "")
    asked = cli("check", "-i", "--opsoclonus", "--format", fmt, input="u\ny\ny\ny\ny\ny\n")
    assert asked.exit_code == ExitCode.MET
    assert "(1 of 6)" in asked.stderr


@given(answers=st.tuples(*[st.sampled_from(list(Answer))] * len(FINDINGS)))
def test_asking_is_decided_by_whether_an_answer_could_change_the_verdict(
    answers: tuple[Answer, ...],
) -> None:
    """In a terminal with text output, asked exactly when the verdict is undetermined."""
    given_answers = dict(zip(FINDINGS, answers, strict=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake, "is_terminal", lambda stream: True)
        decided = intake.asking(given_answers, None, interactive=False, no_input=False)
    verdict = evaluate(given_answers).verdict
    if Answer.UNKNOWN not in answers:
        assert decided is intake.Asking.SILENT
    elif verdict.value == "undetermined":
        assert decided is intake.Asking.ASK
    else:
        assert decided is intake.Asking.SETTLED


@pytest.mark.parametrize(
    ("lines", "asked", "verdict"),
    [
        (["n", "n"], 2, Verdict.NOT_MET),  # at most 2 of 4 criteria can be met
        (["y", "y", "y"], 3, Verdict.MET),  # 3 of 4 met, whatever the rest
        (["n", "y", "n", "n"], 4, Verdict.NOT_MET),  # behaviour and sleep cannot make it 3
    ],
)
def test_the_questions_stop_once_the_answers_decide_the_verdict(
    lines: list[str], asked: int, verdict: Verdict
) -> None:
    """``stop_when_decided``: no question after the answer that decides; one line says so, last."""
    script = Script(list(lines))
    result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, stop_when_decided=True)
    assert len(script.prompts) == asked
    assert script.lines == []
    assert result.asked == FINDINGS[:asked]
    assert result.unneeded == FINDINGS[asked:]
    assert script.said[-1] == DECIDED_LINE
    assert script.said.count(DECIDED_LINE) == 1
    assert evaluate(result.answers).verdict is verdict
    assert all(result.answers[f] is Answer.UNKNOWN for f in result.unneeded)


def test_the_decided_line_is_one_line_at_80_columns_and_names_i() -> None:
    """One calm line, with room to spare on an 80-column terminal, saying how to answer the rest."""
    assert len(DECIDED_LINE) < 79
    assert "\n" not in DECIDED_LINE
    assert "Add -i" in DECIDED_LINE


def test_an_answer_that_leaves_the_verdict_open_is_followed_by_the_next_question() -> None:
    """While 3 criteria can still be met and fewer are, the questions go on to the last one.

    Neuroblastoma no and opsoclonus unknown leave 3 criteria possible; no line says otherwise.
    """
    script = Script(["n", "u", "y", "n", "u"])
    result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, stop_when_decided=True)
    assert DECIDED_LINE not in script.said
    assert result.unneeded == ()
    assert result.skipped == (Finding.ATAXIA,)
    assert evaluate(result.answers).verdict is Verdict.UNDETERMINED


def test_without_i_the_questions_stop_exactly_when_the_answers_decide_the_verdict() -> None:
    """For all 729 truths, answered truthfully: each question is asked while the verdict is open.

    The questions stop, with `DECIDED_LINE`, at the first point where the answers decide it, and
    the verdict is the truth's. Every finding is asked, skipped (partner yes) or unneeded, once.
    """
    for combination in all_combinations():
        truth = dict(zip(FINDINGS, combination, strict=True))
        script = TruthfulScript([], truth=truth)
        result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, stop_when_decided=True)
        assert evaluate(result.answers).verdict is evaluate(truth).verdict, truth
        known: dict[Finding, Answer] = {}
        for finding in result.asked:
            assert evaluate(known).verdict is Verdict.UNDETERMINED, (truth, finding)
            known[finding] = truth[finding]
        decided = evaluate(result.answers).verdict is not Verdict.UNDETERMINED
        assert (DECIDED_LINE in script.said) is bool(result.unneeded), truth
        if result.unneeded:
            assert decided, truth
            assert evaluate(known).verdict is not Verdict.UNDETERMINED
        parts = [*result.asked, *result.skipped, *result.unneeded]
        assert sorted(parts) == sorted(FINDINGS), truth


def test_with_every_the_questions_go_on_after_the_verdict_is_decided(cli: Invoke) -> None:
    """-i asks every finding not given, also after no, no; its piped lines stay one a finding."""
    script = Script(["n", "n", "y", "n", "n", "y"])
    result = interview({}, AgeGroup.UNKNOWN, script.ask, script.say, every=True)
    assert result.asked == FINDINGS
    assert DECIDED_LINE not in script.said
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake, "is_terminal", lambda stream: True)
        asked = cli("check", "-i", "--format", "json", input="child\nn\nn\ny\nn\nn\ny\n")
    assert asked.exit_code == ExitCode.NOT_MET
    assert "(6 of 6)" in asked.stderr
    assert "No more questions" not in asked.stderr
    findings = json.loads(asked.stdout)["findings"]
    assert list(findings.values()) == ["no", "no", "yes", "no", "no", "yes"]


@pytest.mark.parametrize(
    ("answers", "code", "replay"),
    [
        ("n\nn\n", ExitCode.NOT_MET, "--no-neuroblastoma --no-opsoclonus --age-group child"),
        ("y\ny\ny\n", ExitCode.MET, "--neuroblastoma --opsoclonus --myoclonus --age-group child"),
    ],
)
def test_cli_default_in_a_terminal_stops_asking_once_the_answers_decide_the_verdict(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, answers: str, code: int, replay: str
) -> None:
    """The QA case: after no, no (or yes, yes, yes) nothing more is asked; the result follows.

    The line is said once, between the last question and the result, and the replay leaves the
    rest unknown with --no-input; no answer is left over for a later question.
    """
    monkeypatch.setattr(intake, "is_terminal", lambda stream: True)
    result = cli("check", "--age-group", "child", input=answers)
    assert result.exit_code == code
    asked = answers.count("\n")
    assert f"({asked} of 6)" in result.stderr
    assert f"({asked + 1} of 6)" not in result.stderr
    assert result.stderr.count(DECIDED_LINE) == 1
    assert intake.SETTLED_LINE not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Same result without questions: oms check {replay} --no-input"
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    truth=st.tuples(*[st.sampled_from(list(Answer)) for _ in FINDINGS]),
    age=st.sampled_from(["child", "adult", "unknown"]),
)
def test_cli_replay_after_the_questions_stopped_early_reproduces_the_result(
    cli: Invoke, truth: tuple[Answer, ...], age: str
) -> None:
    """Without -i, in a terminal: the replay line, run as given, prints the same result.

    The findings left unasked stay unknown in both: the verdict was decided without them.
    """
    script = TruthfulScript([], truth=dict(zip(FINDINGS, truth, strict=True)))
    interview({}, AgeGroup.UNKNOWN, script.ask, script.say, stop_when_decided=True)
    lines = [age, *script.lines]  # the age group, then the answers the questions asked want
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake, "is_terminal", lambda stream: True)
        asked = cli("check", input="\n".join(lines) + "\n")
    replay = asked.stderr.splitlines()[-1].removeprefix("Same result without questions: ")
    words = shlex.split(replay)
    assert words[:2] == ["oms", "check"]
    again = cli(*words[1:])
    assert again.stderr == ""
    assert (again.stdout, again.exit_code) == (asked.stdout, asked.exit_code)


def test_the_strict_input_page_shows_the_real_piped_message(cli: Invoke) -> None:
    """docs/strict-input.md's piped example ends with the line `oms check -i` really prints."""
    result = cli("check", "-i", input="child\ny\nyes please\n")
    page = (Path(__file__).parents[1] / "docs" / "strict-input.md").read_text(encoding="utf-8")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] in page


def test_an_arrow_key_in_an_answer_is_named_as_such() -> None:
    """Left to correct a typed answer sends an escape sequence; the hint says what happened."""
    _, script = run(["y\x1b[D", "n", "n", "n", "n", "n", "n"])
    assert script.said[1].endswith("got 'y\\x1b[D' (arrow keys do not edit it: type it again).")
    _, colour = run(["\x1b[31mred", "n", "n", "n", "n", "n", "n"])
    assert "arrow keys" not in colour.said[1]  # another escape sequence is no arrow key
