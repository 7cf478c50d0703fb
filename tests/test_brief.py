"""`oms check --brief`, the verdict repeated on a terminal, and options that contradict."""

from __future__ import annotations

import pytest

from oms_cli import content
from oms_cli.rules import Finding, NoteKey, Verdict, all_combinations, evaluate, evaluate_answers
from oms_cli.views.output import brief_text
from oms_cli.views.result import CheckResult, deciding_line, headline, notes, to_settle

from .conftest import Invoke


def test_brief_is_the_verdict_line_the_deciding_line_and_the_disclaimer(cli: Invoke) -> None:
    """Undetermined: three lines, the first the full result's verdict line, word for word."""
    result = cli("check", "--opsoclonus", "--ataxia", "--age-group", "adult", "--brief")
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == headline(evaluate({"opsoclonus": "yes", "ataxia": "yes"}))
    assert lines[1] == (
        "Deciding: at least 1 of the 2 unknown criteria (neuroblastoma; behavioural and/or sleep "
        "disturbance) must turn out met; assess neuroblastoma, behaviour, sleep."
    )
    assert lines[2].startswith("Educational aid, not a diagnosis")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--opsoclonus", "--ataxia", "--sleep"), 0),
        (("--no-opsoclonus", "--no-myoclonus", "--no-ataxia"), 1),
    ],
)
def test_brief_of_a_settled_verdict_has_no_deciding_line(
    cli: Invoke, args: tuple[str, ...], code: int
) -> None:
    """Met or not met: no deciding line; the exit code is the verdict's.

    Met: the verdict line and the disclaimer. Not met: between them, the caveat that the verdict
    rules nothing out (issue 23), in the one wording every output uses, uncited.
    """
    result = cli("check", *args, "--brief", "--no-input")
    assert result.exit_code == code
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Criteria ")
    assert lines[-1].startswith("Educational aid, not a diagnosis")
    assert lines[1:-1] == ([content.NOT_MET_CAVEAT] if code == 1 else [])
    assert "Deciding" not in result.stdout


def test_brief_says_the_not_met_caveat_exactly_when_the_verdict_is_not_met() -> None:
    """Over all 729 answer sets, `--brief` carries the caveat for not met and for nothing else."""
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        lines = brief_text(CheckResult(assessment)).splitlines()
        # A line of its own, no marks after it: the tool's words, not the page's.
        assert (content.NOT_MET_CAVEAT in lines) is (assessment.verdict is Verdict.NOT_MET)


def test_deciding_line_names_the_unknown_findings_behind_the_deciding_criteria() -> None:
    """Only findings that could still decide are named: not those of a settled criterion."""
    assessment = evaluate(
        {"neuroblastoma": "yes", "opsoclonus": "no", "myoclonus": "no", "behavior": "yes"}
    )
    assert to_settle(assessment) == [Finding.ATAXIA]
    assert deciding_line(assessment) == (
        "Deciding: the unknown criterion (myoclonus and/or ataxia) must turn out met; "
        "assess ataxia."
    )
    assert deciding_line(evaluate({"opsoclonus": "yes", "ataxia": "yes", "sleep": "yes"})) is None


def test_the_deciding_line_says_what_the_note_says_for_every_undetermined_result() -> None:
    """One wording of what would decide: --brief's line is the note's, shorter, for all 729.

    The same criteria, the same number that must turn out met, the same findings by the same
    names ("behaviour" in prose, as everywhere), never words of its own.
    """
    undetermined = 0
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        line = deciding_line(assessment)
        note = {n.key: n.text for n in notes(assessment)}.get(NoteKey.UNDETERMINED)
        assert (line is None) is (note is None), answers
        if line is None or note is None:
            continue
        undetermined += 1
        which, findings = line.removeprefix("Deciding: ").removesuffix(".").split("; assess ")
        assert f"Undetermined: {which} for the 3-of-4 rule" in note, answers
        assert note.endswith(f"To settle it, assess: {findings}."), answers
    assert undetermined == 411


def test_brief_wraps_at_spaces_with_a_hanging_indent_for_a_terminal() -> None:
    """Given a width, no line is longer, no word is split, continued lines are indented."""
    text = brief_text(CheckResult(evaluate({"opsoclonus": "yes", "ataxia": "yes"})), 60)
    lines = text.splitlines()
    assert all(len(line) < 60 for line in lines)
    assert any(line.startswith("  ") for line in lines)
    assert (
        text.split()
        == brief_text(CheckResult(evaluate({"opsoclonus": "yes", "ataxia": "yes"}))).split()
    )


def test_verdict_is_not_repeated_off_a_terminal(cli: Invoke) -> None:
    """Piped output is unchanged: the verdict line appears once, first."""
    result = cli("check", "--opsoclonus", "--myoclonus", "--behavior", "--no-input")
    assert result.stdout.count("Criteria met: 3 of 4 met") == 1
    assert result.stdout.startswith("Criteria met")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("-f", "json", "--export", "x.md"), "--format json and --export 'x.md'"),
        (("--format", "markdown", "--export", "x.svg"), "--format markdown and --export 'x.svg'"),
        (("--brief", "-f", "json"), "--brief and --format json"),
        (("--brief", "--export", "x.txt"), "--brief and --export"),
        (("--brief", "--what-if"), "--brief and --what-if"),
    ],
)
def test_contradictory_output_options_are_refused(
    cli: Invoke, args: tuple[str, ...], named: str, tmp_path: object
) -> None:
    """Two different outputs asked for: exit 2 naming both, and no file written."""
    result = cli("check", "--opsoclonus", "--no-input", *args)
    assert result.exit_code == 2
    assert named in result.stderr
    assert "contradict" in result.stderr
    assert result.stdout == ""


def test_markdown_format_with_a_markdown_export_is_the_same_output(
    cli: Invoke, tmp_path: pytest.TempPathFactory
) -> None:
    """-f markdown --export x.md asks for one output twice: it is written, not refused."""
    target = f"{tmp_path}/x.md"
    result = cli("check", "--opsoclonus", "--no-input", "-f", "markdown", "--export", target)
    assert result.exit_code == 3, result.stderr
    assert "wrote" in result.stderr
