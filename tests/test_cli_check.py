"""`oms check`, `oms criteria`, `oms sources` and `oms --version`, run in process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oms_cli import __version__, content
from oms_cli.exitcodes import ExitCode
from tests.conftest import Invoke, golden

FINDINGS = ("neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep")
CONTRACT_KEYS = [
    "schema_version",
    "verdict",
    "met_count",
    "unknown_count",
    "required",
    "criteria",
    "findings",
    "age_group",
    "deciding",
    "needed",
    "notes",
    "sources",
    "tool",
]
CASES = {
    "met": ["--opsoclonus", "--myoclonus", "--behavior"],
    "not-met": ["--no-neuroblastoma", "--no-opsoclonus", "--ataxia", "--sleep"],
    "undetermined": ["--opsoclonus", "--ataxia", "--age-group", "child"],
}


def check_json(cli: Invoke, *args: str) -> dict[str, object]:
    """Run `oms check --no-input --format json` and parse what it prints."""
    result = cli("check", "--no-input", "--format", "json", *args)
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("finding", FINDINGS)
def test_each_finding_flag_is_tri_state(cli: Invoke, finding: str) -> None:
    """--X means yes, --no-X means no, neither means unknown; the others stay unknown."""
    yes = check_json(cli, f"--{finding}")["findings"]
    no = check_json(cli, f"--no-{finding}")["findings"]
    neither = check_json(cli)["findings"]
    assert isinstance(yes, dict)
    assert isinstance(no, dict)
    assert yes == {name: ("yes" if name == finding else "unknown") for name in FINDINGS}
    assert no == {name: ("no" if name == finding else "unknown") for name in FINDINGS}
    assert neither == dict.fromkeys(FINDINGS, "unknown")


@pytest.mark.parametrize(
    ("args", "code", "verdict"),
    [
        (CASES["met"], 0, "met"),
        (CASES["not-met"], 1, "not_met"),
        (CASES["undetermined"], 3, "undetermined"),
        ([f"--{f}" for f in FINDINGS], 0, "met"),
        ([f"--no-{f}" for f in FINDINGS], 1, "not_met"),
        ([], 3, "undetermined"),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_exit_code_follows_the_verdict_in_every_format(
    cli: Invoke, args: list[str], code: int, verdict: str, fmt: str
) -> None:
    """Exit 0 met, 1 not met, 3 undetermined, whatever the output format."""
    result = cli("check", "--no-input", "--format", fmt, *args)
    assert result.exit_code == code
    assert result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout)["verdict"] == verdict


def test_json_has_the_contract_keys_in_order(cli: Invoke) -> None:
    """The JSON object carries every key of the contract, in a stable order, with right types."""
    data = check_json(cli, *CASES["undetermined"])
    assert list(data)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert data["schema_version"] == 1
    assert data["required"] == 3
    assert (data["met_count"], data["unknown_count"]) == (2, 2)
    assert data["age_group"] == "child"
    assert data["deciding"] == ["neuroblastoma", "behavior_sleep"]
    assert data["needed"] == 1
    assert data["tool"] == {"name": "oms-cli", "version": __version__}
    criteria = data["criteria"]
    assert isinstance(criteria, list)
    assert [c["id"] for c in criteria] == [
        "neuroblastoma",
        "opsoclonus",
        "myoclonus_ataxia",
        "behavior_sleep",
    ]
    assert criteria[2] == {
        "id": "myoclonus_ataxia",
        "title": "Myoclonus and/or ataxia",
        "status": "met",
        "findings": {"myoclonus": "unknown", "ataxia": "yes"},
        "sources": [4],
    }
    notes = data["notes"]
    assert isinstance(notes, list)
    assert all(set(n) >= {"text", "sources"} and n["sources"] for n in notes)
    sources = data["sources"]
    assert isinstance(sources, list)
    cited = {n for c in criteria for n in c["sources"]} | {n for x in notes for n in x["sources"]}
    assert cited <= {s["n"] for s in sources}
    assert all({"n", "title", "url"} <= set(s) for s in sources)


def test_json_for_a_decided_verdict_has_nothing_deciding(cli: Invoke) -> None:
    """A met result lists no deciding criteria and needs none."""
    data = check_json(cli, *CASES["met"])
    assert (data["verdict"], data["deciding"], data["needed"]) == ("met", [], 0)


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_output_matches_golden(cli: Invoke, case: str) -> None:
    """The text result (verdict first, criteria table, notes, sources, disclaimer) is stable."""
    result = cli("check", "--no-input", *CASES[case])
    golden(f"check-{case}.txt", result.stdout)


@pytest.mark.parametrize("case", sorted(CASES))
def test_markdown_output_matches_golden(cli: Invoke, case: str) -> None:
    """The Markdown result carries the same content as a document."""
    result = cli("check", "--no-input", "--format", "markdown", *CASES[case])
    golden(f"check-{case}.md", result.stdout)


def test_text_states_the_verdict_first_in_words(cli: Invoke) -> None:
    """The first line is the verdict in words; statuses are words; the disclaimer ends it."""
    lines = cli("check", "--no-input", *CASES["met"]).stdout.splitlines()
    assert lines[0] == "Criteria met: 3 of 4 met, 1 unknown, 3 needed"
    text = "\n".join(lines)
    assert "MET" in text
    assert "UNKNOWN" in text
    assert "not a diagnosis" in lines[-1] or "not a diagnosis" in lines[-2]
    assert "you have" not in text.lower()


REASONING = {
    "met": (
        ["--opsoclonus", "--myoclonus", "--behavior"],
        ExitCode.MET,
        [
            "3 criteria are met (opsoclonus; myoclonus and/or ataxia; behavioural and/or sleep "
            "disturbance) and 1 is unknown (neuroblastoma).",
            "The 3-of-4 rule needs 3, so the criteria are met. The unknown criterion cannot "
            "change that. [4]",
        ],
    ),
    "not met": (
        ["--no-neuroblastoma", "--no-opsoclonus", "--ataxia", "--sleep"],
        ExitCode.NOT_MET,
        [
            "2 criteria are met (myoclonus and/or ataxia; behavioural and/or sleep disturbance) "
            "and 2 are not met (neuroblastoma; opsoclonus); no criterion is left unknown.",
            "The 3-of-4 rule needs 3, so the criteria are not met. [4]",
            content.NOT_MET_CAVEAT,
        ],
    ),
    "not met with unknowns": (
        ["--no-neuroblastoma", "--no-opsoclonus", "--myoclonus"],
        ExitCode.NOT_MET,
        [
            "1 criterion is met (myoclonus and/or ataxia), 1 is unknown (behavioural and/or sleep "
            "disturbance) and 2 are not met (neuroblastoma; opsoclonus).",
            "Not met although findings are unknown: even if every unknown criterion were met, 3 "
            "could not be reached (at most 2 of 4), so the criteria are not met. [4]",
            content.NOT_MET_CAVEAT,
        ],
    ),
    "undetermined": (
        ["--opsoclonus", "--ataxia"],
        ExitCode.UNDETERMINED,
        [
            "2 criteria are met (opsoclonus; myoclonus and/or ataxia) and 2 are unknown "
            "(neuroblastoma; behavioural and/or sleep disturbance).",
            "The 3-of-4 rule needs 3, and whether that is reached depends on the unknown "
            "criteria, so the criteria are undetermined. [4]",
        ],
    ),
}


@pytest.mark.parametrize("output_format", ["text", "markdown"])
@pytest.mark.parametrize("verdict", sorted(REASONING))
def test_each_verdict_explains_itself(cli: Invoke, verdict: str, output_format: str) -> None:
    """Right below the headline, the result says why: the criteria by status, then the rule.

    Met, not met (all assessed), not met although findings are unknown, and undetermined each
    print their reasoning, cited [4]; only a not-met result adds that it describes the recorded
    answers and rules nothing out, with a doctor to talk to (the tool's own words, uncited).
    """
    args, code, reasons = REASONING[verdict]
    result = cli("check", "--no-input", "--format", output_format, *args)
    assert result.exit_code == code
    shown = " ".join(result.stdout.split())
    headline_at = shown.index("3 needed")
    table_at = shown.index("| Criterion |" if output_format == "markdown" else "Criterion Status")
    for reason in reasons:
        assert reason in shown
        assert headline_at < shown.index(reason) < table_at
    assert (content.NOT_MET_CAVEAT in shown) is (code == ExitCode.NOT_MET)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--age-group", "teen"], ["'teen'", "child", "adult"]),
        (["--format", "xml"], ["'xml'", "text", "json", "markdown"]),
        (["--opsoclonus=maybe"], ["--opsoclonus"]),
        (["--tremor"], ["--tremor"]),
        (["extra"], ["extra"]),
    ],
)
def test_bad_usage_exits_2_naming_the_problem(
    cli: Invoke, args: list[str], named: list[str]
) -> None:
    """A bad option or value is exit 2 with a message on stderr that names it and the choices."""
    result = cli("check", "--no-input", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    for word in named:
        assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_version(cli: Invoke) -> None:
    """--version prints the tool's name and version and exits 0."""
    result = cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"oms-cli {__version__}\n")


def test_no_command_shows_help(cli: Invoke) -> None:
    """`oms` alone shows the commands instead of doing something surprising."""
    result = cli()
    assert "check" in result.stdout + result.stderr
    assert "criteria" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["criteria", "sources"])
def test_reference_commands_in_every_format(cli: Invoke, command: str) -> None:
    """`criteria` and `sources` print text, JSON and Markdown, each exiting 0."""
    text = cli(command)
    assert text.exit_code == 0
    data = json.loads(cli(command, "--format", "json").stdout)
    assert data["schema_version"] == 1
    markdown = cli(command, "--format", "markdown").stdout
    assert markdown.startswith("# ")
    assert "[4]" in text.stdout
    assert "[4]" in markdown


def test_criteria_explains_the_rule(cli: Invoke) -> None:
    """`oms criteria` states 3 of 4, lists the four criteria with their findings and and/or."""
    data = json.loads(cli("criteria", "--format", "json").stdout)
    assert data["required"] == 3
    assert [(c["id"], c["findings"]) for c in data["criteria"]] == [
        ("neuroblastoma", ["neuroblastoma"]),
        ("opsoclonus", ["opsoclonus"]),
        ("myoclonus_ataxia", ["myoclonus", "ataxia"]),
        ("behavior_sleep", ["behavior", "sleep"]),
    ]
    assert "counts once" in data["and_or"]
    assert [s["n"] for s in data["sources"]] == [0, 4]
    text = cli("criteria").stdout
    assert "any 3 of 4 criteria" in text
    assert "and/or" in text


def test_sources_are_numbered_as_on_the_page(cli: Invoke) -> None:
    """`oms sources` lists the page first, then [1]-[5] with the page's titles and URLs."""
    data = json.loads(cli("sources", "--format", "json").stdout)
    sources = data["sources"]
    assert [s["n"] for s in sources] == [0, 1, 2, 3, 4, 5]
    assert sources[0]["label"] == "[GARD]"
    assert sources[4]["publisher"] == "Orphanet"
    assert sources[4]["url"] == "http://www.orpha.net/consor/cgi-bin/OC_Exp.php?Lng=EN&Expert=1183"
    assert sources[5]["title"] == "Opsoclonus myoclonus ataxia"
    text = cli("sources").stdout
    for label in ("[GARD]", "[1]", "[2]", "[3]", "[4]", "[5]"):
        assert label in text


def oms_script() -> Path:
    """The installed console script beside this interpreter."""
    return Path(sys.executable).with_name("oms")


def test_installed_console_script_and_module_agree() -> None:
    """The installed `oms` and `python -m oms_cli` run the same check with the same exit code."""
    script = oms_script()
    if not script.exists():
        pytest.skip(f"console script not installed at {script}")
    args = ["check", "--opsoclonus", "--myoclonus", "--behavior", "--no-input", "--format", "json"]
    env = {**os.environ, "NO_COLOR": "1"}
    via_script = subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    via_module = subprocess.run(
        [sys.executable, "-m", "oms_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert via_script.returncode == via_module.returncode == 0
    assert via_script.stdout == via_module.stdout
    assert json.loads(via_script.stdout)["verdict"] == "met"
    assert via_script.stderr == via_module.stderr == ""


@pytest.mark.parametrize("finding", FINDINGS)
@pytest.mark.parametrize("order", ["yes-first", "no-first"])
def test_contradictory_finding_flags_are_refused(cli: Invoke, finding: str, order: str) -> None:
    """--X with --no-X is exit 2 naming both, in either order: no flag silently wins."""
    flags = [f"--{finding}", f"--no-{finding}"]
    if order == "no-first":
        flags.reverse()
    result = cli("check", "--no-input", "--format", "json", *flags)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--{finding} and --no-{finding} contradict each other" in result.stderr


def test_repeating_a_flag_the_same_way_is_fine(cli: Invoke) -> None:
    """The same flag twice is no contradiction."""
    data = check_json(cli, "--sleep", "--sleep", "--age-group=CHILD")
    assert isinstance(data["findings"], dict)
    assert data["findings"]["sleep"] == "yes"
    assert data["age_group"] == "child"


@pytest.mark.parametrize(
    "args",
    [
        ["--age-group", "child", "--age-group", "adult"],
        ["--age-group=adult", "--age-group=child"],
        ["--age-group", "child", "--age-group", "child"],
    ],
)
def test_an_age_group_given_twice_is_refused(cli: Invoke, args: list[str]) -> None:
    """--age-group twice is exit 2, not the last one silently (as every option with a value)."""
    result = cli("check", "--no-input", *args)
    assert result.exit_code == 2
    assert "--age-group given twice" in result.stderr


@pytest.mark.parametrize(
    ("flag", "answer"),
    [
        ("--behaviour", "yes"),
        ("--no-behaviour", "no"),
        ("--behavior", "yes"),
        ("--no-behavior", "no"),
    ],
)
def test_behaviour_is_taken_as_behavior(cli: Invoke, flag: str, answer: str) -> None:
    """--behaviour/--no-behaviour, as the tool spells the word, are --behavior/--no-behavior."""
    data = check_json(cli, "--opsoclonus", "--ataxia", flag)
    assert data["findings"] == {
        "neuroblastoma": "unknown",
        "opsoclonus": "yes",
        "myoclonus": "unknown",
        "ataxia": "yes",
        "behavior": answer,
        "sleep": "unknown",
    }
    assert data["verdict"] == ("met" if answer == "yes" else "undetermined")


@pytest.mark.parametrize(
    "flags",
    [
        ("--behaviour", "--no-behavior"),
        ("--no-behavior", "--behaviour"),
        ("--behavior", "--no-behaviour"),
        ("--no-behaviour", "--behaviour"),
    ],
)
def test_behaviour_spellings_that_contradict_are_refused(
    cli: Invoke, flags: tuple[str, str]
) -> None:
    """Yes in one spelling and no in the other is a contradiction (exit 2), whatever the order."""
    result = cli("check", "--no-input", "--format", "json", *flags)
    assert result.exit_code == 2
    assert result.stdout == ""
    yes, no = sorted(flags, key=lambda flag: flag.startswith("--no-"))
    assert f"{yes} and {no} contradict each other" in result.stderr


def test_behavior_stays_the_flag_shown(cli: Invoke) -> None:
    """The help shows --behavior (the contract's name) and names --behaviour in its text only."""
    shown = cli("check", "--help").stdout
    row = next(line for line in shown.splitlines() if "--no-behavior" in line)
    assert row.split()[1:3] == ["--behavior", "--no-behavior"]
    assert "Also --behaviour, --no-behaviour." in " ".join(shown.split())
    replay = cli("check", "-i", "--opsoclonus", "--behaviour", input="c\nu\nu\nu\nu\n")
    assert "--behavior" in replay.stderr
    assert "--behaviour" not in replay.stderr
