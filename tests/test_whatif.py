"""`oms check --what-if`: exactly the one-finding changes that change the verdict, all formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from oms_cli import content
from oms_cli.exitcodes import ExitCode
from oms_cli.interop import schema
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    AgeGroup,
    Answer,
    Assessment,
    CriteriaSet,
    Verdict,
    all_combinations,
    evaluate,
    evaluate_answers,
    whatif,
)
from oms_cli.views.json_object import check_dict
from oms_cli.views.markdown import assessment_markdown
from oms_cli.views.result import (
    WHAT_IF_AFTER,
    WHAT_IF_HEADING,
    WHAT_IF_INTRO,
    WHAT_IF_NOTHING,
    CheckResult,
    change_text,
    what_if_section,
)
from tests.conftest import Invoke
from tests.test_export import parse_html, svg_text
from tests.test_schema import closed, errors

ANSWER_WORDS = {Answer.YES: "yes", Answer.NO: "no", Answer.UNKNOWN: "unknown"}


def expected_changes(answers: tuple[Answer, ...]) -> set[tuple[str, str, str, str]]:
    """Independently of rules.whatif: try every other answer of every finding with evaluate."""
    pairs = zip(FINDINGS, answers, strict=True)
    findings = {finding.value: ANSWER_WORDS[answer] for finding, answer in pairs}
    before = evaluate(findings).verdict
    found = set()
    for name, answer in findings.items():
        for other in ("yes", "no", "unknown"):
            if other == answer:
                continue
            verdict = evaluate({**findings, name: other}).verdict
            if verdict != before:
                found.add((name, answer, other, verdict.value))
    return found


def test_every_combination_lists_exactly_the_changes_that_change_the_verdict() -> None:
    """For all 729 combinations, the listed changes are those the rule engine says matter."""
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        listed = check_dict(CheckResult(assessment, whatif.changes(assessment)))["what_if"]
        as_tuples = [(c["finding"], c["from"], c["to"], c["verdict"]) for c in listed]
        assert len(as_tuples) == len(set(as_tuples)), answers  # none listed twice
        assert set(as_tuples) == expected_changes(answers), answers


def test_changes_come_in_finding_order_and_the_age_group_changes_nothing() -> None:
    """Changes are listed finding by finding; a child's or an adult's list is the same."""
    for answers in list(all_combinations())[::7]:
        order = [FINDINGS.index(c.finding) for c in whatif.changes(evaluate_answers(answers))]
        assert order == sorted(order)
        lists = {whatif.changes(evaluate_answers(answers, age)) for age in AgeGroup}
        assert len(lists) == 1


def test_every_line_says_the_change_and_the_verdict_it_gives() -> None:
    """Each line names the finding, its new answer and the verdict in the project's words.

    A new "no" says it means looked for and not found. With no change that matters, the one line
    says so.
    """
    words = {"met": "would be met", "not_met": "would not be met", "undetermined": "undetermined"}
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        found = whatif.changes(assessment)
        lines = list(what_if_section(found).lines)
        assert lines == ([change_text(c) for c in found] if found else [WHAT_IF_NOTHING])
        for change in found:
            line = change_text(change)
            assert content.FINDING_TEXT[change.finding.value].label in line
            assert change.after.value in line
            assert words[change.verdict.value] in line
            assert line.startswith("If ")
            assert line.endswith(".")
            if change.after is Answer.NO:  # no always means looked for and not found
                assert "no (looked for and not found)" in line


def test_with_nothing_that_matters_the_section_says_so(cli: Invoke) -> None:
    """All four criteria met twice over: no one change can undo it, and the output says so."""
    args = ["--neuroblastoma", "--opsoclonus", "--myoclonus", "--ataxia", "--behavior", "--sleep"]
    assert whatif.changes(evaluate_answers((Answer.YES,) * 6)) == ()
    result = cli("check", *args, "--what-if")
    assert result.exit_code == ExitCode.MET
    assert WHAT_IF_NOTHING in result.stdout


def test_text_lists_the_changes_before_the_sources(cli: Invoke) -> None:
    """In text, the section comes after the notes and before the sources, each change a bullet."""
    result = cli("check", "--opsoclonus", "--ataxia", "--no-input", "--what-if")
    assert result.exit_code == ExitCode.UNDETERMINED
    out = result.stdout
    assert out.index("Notes") < out.index(WHAT_IF_HEADING) < out.index("Sources")
    assert "• If neuroblastoma turned out yes: the criteria would be met." in out
    assert "• If behaviour turned out yes: the criteria would be met." in out
    assert "Each line applies the 3-of-4 rule to the findings with that one change. [4]" in out


def test_without_the_flag_nothing_changes(cli: Invoke) -> None:
    """Without --what-if, text and JSON are what they were: no section, no what_if key."""
    text = cli("check", "--opsoclonus", "--ataxia", "--no-input").stdout
    assert WHAT_IF_HEADING not in text
    data = json.loads(cli("check", "--opsoclonus", "--no-input", "--format", "json").stdout)
    assert "what_if" not in data


def test_json_adds_only_the_what_if_key(cli: Invoke) -> None:
    """--what-if adds `what_if` at the end; every other key keeps its value and its place."""
    args = ["check", "--opsoclonus", "--ataxia", "--no-sleep", "--format", "json"]
    plain = json.loads(cli(*args).stdout)
    result = cli(*args, "--what-if")
    assert result.exit_code == ExitCode.UNDETERMINED
    data = json.loads(result.stdout)
    assert list(data) == [*plain, "what_if"]
    assert {key: data[key] for key in plain} == plain
    assert data["what_if"] == [
        {"finding": "neuroblastoma", "from": "unknown", "to": "yes", "verdict": "met"},
        {"finding": "behavior", "from": "unknown", "to": "yes", "verdict": "met"},
        {"finding": "sleep", "from": "no", "to": "yes", "verdict": "met"},
    ]


def test_every_combination_with_what_if_validates_against_the_closed_schema() -> None:
    """All 729 `what_if` lists are valid even with every object closed: each key is described.

    The whole output is validated for a sample (the rest of it is validated for all 729 in
    test_schema.py); the `what_if` part alone for every combination, which is much faster.
    """
    strict = closed(schema.load(schema.SchemaName.CHECK))
    whole = Draft202012Validator(strict)
    part = Draft202012Validator({**strict["properties"]["what_if"], "$defs": strict["$defs"]})
    for index, answers in enumerate(all_combinations()):
        assessment = evaluate_answers(answers)
        data = check_dict(CheckResult(assessment, whatif.changes(assessment)))
        assert errors(part, data["what_if"]) == [], answers
        if index % 50 == 0:
            assert errors(whole, data) == [], answers


def test_the_schema_rejects_a_broken_what_if() -> None:
    """A change with an answer outside the enum, or without its verdict, fails the schema."""
    check = Draft202012Validator(schema.load(schema.SchemaName.CHECK))
    assessment = evaluate({"opsoclonus": "yes"})
    data = check_dict(CheckResult(assessment, whatif.changes(assessment)))
    assert errors(check, data) == []
    for broken in (
        [{"finding": "tremor", "from": "unknown", "to": "yes", "verdict": "met"}],
        [{"finding": "sleep", "from": "unknown", "to": "maybe", "verdict": "met"}],
        [{"finding": "sleep", "from": "unknown", "to": "yes"}],
    ):
        assert errors(check, {**data, "what_if": broken}), broken


def test_markdown_has_the_section_with_its_source(cli: Invoke) -> None:
    """In Markdown, a headed section before the sources, one list item a change, cited [4]."""
    result = cli("check", "--opsoclonus", "--ataxia", "--format", "markdown", "--what-if")
    text = result.stdout
    assert f"## {WHAT_IF_HEADING}" in text
    assert text.index(f"## {WHAT_IF_HEADING}") < text.index("## Sources")
    assert "- If sleep turned out yes: the criteria would be met." in text
    assert f"{WHAT_IF_AFTER.text} [4]" in text


def test_a_recorded_finding_says_what_it_was(cli: Invoke) -> None:
    """Changing a finding given as yes or no says so; unknown is worded as everywhere else."""
    result = cli("check", "--opsoclonus", "--myoclonus", "--behavior", "--what-if")
    out = " ".join(result.stdout.split())
    assert (
        "If opsoclonus were no (looked for and not found) instead of yes: the verdict would be "
        "undetermined." in out
    )
    assert "If opsoclonus were unknown (not looked for, or not known) instead of yes" in out


@pytest.mark.parametrize("extension", [".md", ".svg", ".html", ".txt"])
def test_export_carries_the_what_if_section(cli: Invoke, tmp_path: Path, extension: str) -> None:
    """--export with --what-if writes the section in every format."""
    target = tmp_path / f"r{extension}"
    result = cli("check", "--opsoclonus", "--ataxia", "--what-if", "--export", str(target))
    assert result.exit_code == ExitCode.UNDETERMINED
    raw = target.read_text(encoding="utf-8")
    if extension == ".svg":
        text = svg_text(target)
    elif extension == ".html":
        text = "".join(parse_html(raw).text)
    else:
        text = raw
    text = " ".join(text.split())
    assert WHAT_IF_HEADING in text
    assert "If neuroblastoma turned out yes: the criteria would be met." in text


def test_the_questionnaire_replay_keeps_what_if(cli: Invoke) -> None:
    """After questions, the equivalent command carries --what-if, so it prints the same output."""
    result = cli("check", "-i", "--what-if", "--format", "json", input="u\ny\nu\nn\ny\nn\nn\n")
    assert result.exit_code == ExitCode.UNDETERMINED
    replay = result.stderr.strip().splitlines()[-1]
    assert replay == (
        "Same result without questions: oms check --neuroblastoma --no-myoclonus --ataxia "
        "--no-behavior --no-sleep --format json --what-if --no-input"
    )
    again = cli(*replay.split(": ", 1)[1].split()[1:])
    assert again.stdout == result.stdout


def test_a_change_from_a_recorded_no_says_it_was_no() -> None:
    """A finding recorded as no, changed to yes or unknown, says "instead of no", not "turned out".

    "Turned out" is only for a finding that was unknown; a recorded no was looked for.
    """
    assessment = evaluate({"opsoclonus": "yes", "ataxia": "yes", "behavior": "no", "sleep": "no"})
    texts = what_if_section(whatif.changes(assessment)).lines
    assert "If behaviour were yes instead of no: the criteria would be met." in texts
    assert "If sleep were yes instead of no: the criteria would be met." in texts
    assert not any(text.startswith("If behaviour turned out") for text in texts)


def _what_if_markdown(assessment: Assessment) -> list[str]:
    """The lines of the Markdown result from the what-if section's heading on."""
    lines = assessment_markdown(CheckResult(assessment, whatif.changes(assessment))).splitlines()
    return lines[lines.index(f"## {WHAT_IF_HEADING}") :]


def test_the_markdown_intro_line_comes_only_with_changes() -> None:
    """The section says what its list is when there is one, and only the "no change" line if not."""
    undecided = evaluate({"opsoclonus": "yes", "ataxia": "yes"})
    with_changes = _what_if_markdown(undecided)
    assert with_changes[:4] == [f"## {WHAT_IF_HEADING}", "", WHAT_IF_INTRO, ""]
    settled = evaluate(dict.fromkeys(("opsoclonus", "ataxia", "behavior", "neuroblastoma"), "yes"))
    without = _what_if_markdown(settled)
    assert without[:3] == [f"## {WHAT_IF_HEADING}", "", f"- {WHAT_IF_NOTHING}"]
    assert WHAT_IF_INTRO not in without


def test_what_if_applies_the_criteria_set_of_the_result() -> None:
    """The changes are worked out with the set that gave the result, not always the shipped one."""
    lenient = CriteriaSet("two of four, for the test", CRITERIA, required=2, sources=())
    assessment = evaluate({"opsoclonus": "yes", "ataxia": "no", "myoclonus": "no"}, None, lenient)
    assert assessment.verdict is Verdict.UNDETERMINED
    found = {(c.finding.value, c.after.value, c.verdict) for c in whatif.changes(assessment)}
    yes_each = ("neuroblastoma", "myoclonus", "ataxia", "behavior", "sleep")
    assert found == {(name, "yes", Verdict.MET) for name in yes_each}
    shipped = evaluate({"opsoclonus": "yes", "ataxia": "no", "myoclonus": "no"})
    assert ("neuroblastoma", "yes") not in {
        (c.finding.value, c.after.value) for c in whatif.changes(shipped)
    }
