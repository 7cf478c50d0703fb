"""Tests for `oms demo`: the list, one case, --all, errors, the step-through and its renderers."""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oms_cli.content.cases import CASE_BY_ID, CASES, case_ids
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import FINDINGS, Status, Verdict, all_combinations, evaluate_answers
from oms_cli.teaching import demo as flow
from oms_cli.views.markdown import case_markdown, cases_markdown, page
from oms_cli.views.result import VERDICT_WORDS, verdict_reasons
from oms_cli.views.wording import CASE_STEPS, FICTION_NOTICE, case_list_page, criterion_reasoning
from tests.conftest import Invoke, golden

PROMPT = "Enter: next step"


def step_headings(text: str) -> list[str]:
    """The "Step n of 5 · Title" headings in an output, in order, without the case id."""
    return re.findall(r"Step \d of \d · [A-Za-z ]+?(?= · case )", text)


def expected_headings(count: int = 1) -> list[str]:
    """The headings of ``count`` full walk-throughs."""
    total = len(CASE_STEPS)
    one = [f"Step {n} of {total} · {title}" for n, title in enumerate(CASE_STEPS, start=1)]
    return one * count


# --- the list -----------------------------------------------------------------------------------


def test_list_shows_every_case_with_title_and_verdict(cli: Invoke) -> None:
    """`oms demo` lists each case's id, title and verdict in words, and says they are fictional."""
    result = cli("demo")
    assert result.exit_code == ExitCode.OK
    lines = result.stdout.splitlines()
    for case in CASES:
        row = next(line for line in lines if line.startswith(case.id + " "))
        assert case.title in row
        assert VERDICT_WORDS[case.expected] in row
    assert "fictional" in result.stdout
    assert "not a diagnosis" in result.stdout
    assert result.stderr == ""


# --- one case, all cases ------------------------------------------------------------------------


def test_one_case_walks_through_all_five_steps(cli: Invoke) -> None:
    """`oms demo CASE` off a terminal prints the five steps at once, in order, without pausing."""
    result = cli("demo", "scan-pending")
    assert result.exit_code == ExitCode.OK
    assert step_headings(result.stdout) == expected_headings()
    assert FICTION_NOTICE in result.stdout
    assert PROMPT not in result.stdout
    assert result.stdout.rstrip().endswith("[GARD]")
    golden("demo_scan-pending.txt", result.stdout)


@pytest.mark.parametrize("case_id", case_ids())
def test_each_case_shows_story_reasoning_verdict_and_teaching(cli: Invoke, case_id: str) -> None:
    """Each walk-through shows the fiction label, every criterion, the verdict and the sources."""
    result = cli("demo", case_id)
    assert result.exit_code == ExitCode.OK
    text = " ".join(result.stdout.split())  # undo wrapping
    current = CASE_BY_ID[case_id]
    assessment = current.assessment()
    assert FICTION_NOTICE in text
    assert current.vignette in text
    for criterion_result in assessment.criteria:
        assert criterion_result.criterion.title in text
    assert VERDICT_WORDS[current.expected] in text
    for statement in current.teaching:
        assert statement.text in text
    assert "Sources" in text


def test_all_walks_through_every_case_with_one_disclaimer(cli: Invoke) -> None:
    """`oms demo --all` shows every case in order, five steps each, and the disclaimer once."""
    result = cli("demo", "--all", "--no-input")
    assert result.exit_code == ExitCode.OK
    assert step_headings(result.stdout) == expected_headings(len(CASES))
    positions = [result.stdout.index(f"case {case.id}\n") for case in CASES]
    assert positions == sorted(positions)
    assert result.stdout.count("not a diagnosis") == 1


# --- errors -------------------------------------------------------------------------------------


def test_unknown_case_exits_2_listing_the_valid_ids(cli: Invoke) -> None:
    """An unknown case is a usage error: exit 2, one line on stderr naming every valid id."""
    result = cli("demo", "no-such-case")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.startswith("oms: error: unknown case 'no-such-case'; choose one of: ")
    assert result.stderr.count("\n") == 1
    for case in CASES:
        assert case.id in result.stderr


def test_unknown_case_name_is_shown_safely(cli: Invoke) -> None:
    """An escape sequence in a case name is shown as text, never sent to the terminal."""
    result = cli("demo", "\x1b[31mred")
    assert result.exit_code == ExitCode.USAGE
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mred" in result.stderr


def test_case_and_all_together_is_a_usage_error(cli: Invoke) -> None:
    """Naming a case and --all at once is exit 2 with a message."""
    result = cli("demo", "adult", "--all")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("oms: error: give a CASE or --all, not both")


# --- step-through: in process, with the terminal injected ---------------------------------------


def test_pauses_on_a_terminal_and_q_stops(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the walk-through waits after step 1; q stops it there, exit 0."""
    keys = iter(["\n", "q"])
    monkeypatch.setattr("oms_cli.teaching.terminal.on_terminal", lambda: True)
    monkeypatch.setattr(flow, "read_key", lambda: next(keys))
    result = cli("demo", "adult")
    assert result.exit_code == ExitCode.OK
    assert step_headings(result.stdout) == expected_headings()[:2]
    assert "not a diagnosis" in result.stdout


def test_no_input_never_pauses_on_a_terminal(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --no-input no key is read even on a terminal, and every step is shown."""

    def no_key() -> str:
        raise AssertionError("read a key despite --no-input")

    monkeypatch.setattr("oms_cli.teaching.terminal.on_terminal", lambda: True)
    monkeypatch.setattr(flow, "read_key", no_key)
    result = cli("demo", "adult", "--no-input")
    assert result.exit_code == ExitCode.OK
    assert step_headings(result.stdout) == expected_headings()


def test_ctrl_c_while_paused_exits_130(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C at a pause leaves cleanly with exit 130, no traceback."""

    def interrupt() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("oms_cli.teaching.terminal.on_terminal", lambda: True)
    monkeypatch.setattr(flow, "read_key", interrupt)
    result = cli("demo", "adult")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert "Traceback" not in result.stderr


def test_step_through_without_wait_shows_everything() -> None:
    """With no wait function every step is shown and the result is True."""
    shown: list[int] = []
    assert flow.step_through([1, 2, 3], shown.append, None) is True
    assert shown == [1, 2, 3]


def test_step_through_waits_only_between_steps() -> None:
    """The wait function is asked once between each two steps, never before the first."""
    shown: list[int] = []
    calls: list[int] = []

    def wait() -> bool:
        calls.append(len(shown))
        return True

    assert flow.step_through([1, 2, 3], shown.append, wait) is True
    assert calls == [1, 2]


def test_step_through_stops_when_wait_says_so() -> None:
    """When the wait function says stop, no later step is shown and the result is False."""
    shown: list[int] = []
    assert flow.step_through([1, 2, 3], shown.append, lambda: False) is False
    assert shown == [1]


@pytest.mark.parametrize(
    ("key", "goes_on"),
    [("\n", True), (" ", True), ("x", True), ("q", False), ("Q", False), ("", False)],
)
def test_key_wait_stops_on_q_or_end_of_input(key: str, goes_on: bool) -> None:
    """Enter or any other key goes on; q, Q and end of input stop; the prompt is always cleared."""
    events: list[str] = []
    goes = flow.key_wait(lambda: key, lambda: events.append("show"), lambda: events.append("clear"))
    assert goes is goes_on
    assert events == ["show", "clear"]


def test_key_wait_clears_the_prompt_when_interrupted() -> None:
    """Ctrl-C while waiting still clears the prompt, then propagates."""
    events: list[str] = []

    def interrupt() -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        flow.key_wait(interrupt, lambda: events.append("show"), lambda: events.append("clear"))
    assert events == ["show", "clear"]


# --- step-through: a real terminal --------------------------------------------------------------


def _installed_oms() -> Path:
    oms = Path(sys.executable).with_name("oms")
    if not oms.is_file():
        pytest.skip(f"installed oms not found at {oms}")
    return oms


def _read_until(fd: int, needle: str, seen: list[str], timeout: float = 10.0) -> str:
    """Read from a pty until ``needle`` appears in all output so far; return that output."""
    deadline = time.monotonic() + timeout
    while needle not in "".join(seen):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{needle!r} not seen; output so far: {''.join(seen)!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child has closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{needle!r} not seen before end: {''.join(seen)!r}")
            seen.append(chunk.decode("utf-8", errors="replace"))
    return "".join(seen)


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX only")
def test_real_terminal_pauses_and_q_stops() -> None:
    """In a real terminal: a pause after step 1, Enter shows step 2, q ends it (exit 0)."""
    import pty

    oms = _installed_oms()
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "NO_COLOR": "1", "TERM": "xterm"}
    process = subprocess.Popen(
        [str(oms), "demo", "adult"], stdin=secondary, stdout=secondary, stderr=secondary, env=env
    )
    os.close(secondary)
    seen: list[str] = []
    try:
        output = _read_until(primary, PROMPT, seen)
        assert "Step 1 of 5" in output
        assert "Step 2 of 5" not in output
        time.sleep(0.2)  # still paused: nothing more arrives until a key is pressed
        assert "Step 2 of 5" not in _read_until(primary, PROMPT, seen, timeout=0.1)
        os.write(primary, b"\r")
        output = _read_until(primary, "Step 2 of 5", seen)
        _read_until(primary, PROMPT, seen)
        seen.clear()
        os.write(primary, b"q")
        assert process.wait(timeout=10) == ExitCode.OK
        with contextlib.suppress(AssertionError):  # unread pty output may go when the child ends
            _read_until(primary, "[GARD]", seen, timeout=2)
        assert "Step 3 of 5" not in "".join(seen)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(primary)


# --- renderers: reasoning and Markdown ----------------------------------------------------------


def test_criterion_reasoning_matches_the_status_for_every_combination() -> None:
    """For all 3**6 answers, each criterion's reason agrees with its status, in the words of no.

    A met criterion says which finding is yes; a not-met one that its findings were looked for
    and not found; an unknown one that a finding is unknown. None says "present" or "absent".
    """
    says = {
        Status.MET: " yes",
        Status.NOT_MET: "looked for and not found",
        Status.UNKNOWN: "unknown",
    }
    never = {
        Status.MET: ("present", "absent"),
        Status.NOT_MET: ("yes", "unknown", "present", "absent"),
        Status.UNKNOWN: ("yes", "present", "absent", "either way"),
    }
    for answers in all_combinations():
        for result in evaluate_answers(answers).criteria:
            reason = criterion_reasoning(result)
            assert says[result.status] in reason, (answers, reason)
            assert not any(word in reason for word in never[result.status]), (answers, reason)
            assert reason[0].isupper()
            assert reason.endswith(".")


def test_verdict_reasoning_names_the_verdict_for_every_combination() -> None:
    """For all 3**6 answers, the verdict's reason names the verdict it explains, in its words."""
    says = {
        Verdict.MET: "so the criteria are met.",
        Verdict.NOT_MET: "so the criteria are not met.",
        Verdict.UNDETERMINED: "so the criteria are undetermined.",
    }
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        reasoning = verdict_reasons(assessment)[0].text  # the "why", which applies the rule
        assert says[assessment.verdict] in reasoning
        others = set(says.values()) - {says[assessment.verdict]}
        assert not any(other in reasoning for other in others)


def test_case_markdown_has_steps_verdict_and_sources() -> None:
    """A case in Markdown has its five steps, fiction label, verdict, sources and disclaimer."""
    case = CASE_BY_ID["scan-pending"]
    text = case_markdown(case)
    for n, title in enumerate(CASE_STEPS, start=1):
        assert f"## {n}. {title}" in text
    assert FICTION_NOTICE in text
    assert "**Criteria undetermined" in text
    assert "## Sources" in text
    assert "- [4] Opsoclonus-myoclonus syndrome. Orphanet." in text
    assert text.rstrip().endswith("[GARD]")


def test_all_cases_markdown_and_list_markdown() -> None:
    """All cases in one Markdown document have a section each; the list has a row each."""
    text = cases_markdown(CASES)
    listing = page(case_list_page(CASES))
    for case in CASES:
        assert f"## Teaching case: {case.title}" in text
        assert f"| `{case.id}` | {case.title} | {VERDICT_WORDS[case.expected]} |" in listing
    assert text.count("not a diagnosis") == 1


def test_findings_table_in_markdown_follows_findings_order() -> None:
    """The findings step lists the six findings in their usual order."""
    text = case_markdown(CASE_BY_ID["adult"])
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.count("|") == 3]
    assert len(rows) == len(FINDINGS) + 1  # header and six findings


def test_choose_gives_the_cases_and_the_title_of_their_export() -> None:
    """`demo.choose`: none (the list), one case or every case, each with its export's title."""
    assert flow.choose(None, run_all=False) == ((), "oms demo")
    assert flow.choose("adult", run_all=False) == ((CASE_BY_ID["adult"],), "oms demo adult")
    assert flow.choose(None, run_all=True) == (CASES, "oms demo --all")
