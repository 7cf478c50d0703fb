"""`oms mcp`: the real server process, spoken to by the MCP SDK's own client over stdio.

One session (a module fixture) makes every call the tests read: `check` for all 729 combinations,
`what_if`, `criteria`, `info` for every topic, `sources`, the resources and the bad inputs; each
test then checks one behaviour against what the commands' own builders give. A few more processes
pin what only a process shows: the ends of a session, the missing extra, the docs' transcript.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import anyio
import jsonschema
import pytest
from mcp import Client, MCPError, StdioServerParameters, stdio_client, types

from oms_cli import content
from oms_cli.content import topics
from oms_cli.content.sources import cite
from oms_cli.interop import schema
from oms_cli.rules import FINDINGS, Answer, all_combinations, evaluate, whatif
from oms_cli.views import markdown, wording
from oms_cli.views.json_object import (
    assessment_dict,
    check_dict,
    criteria_dict,
    info_dict,
    sources_dict,
)
from oms_cli.views.result import CheckResult, headline, what_if_section
from tests.conftest import Invoke, golden
from tests.test_startup_guard import ALL_SIX, imported_modules
from tools import mcp_tools

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "mcp.md"
OMS = shutil.which("oms", path=str(Path(sys.executable).parent)) or "oms"
"""The installed `oms` script beside this interpreter: the command an MCP client runs."""

TERMINATED_LINE = "oms: terminated (SIGTERM)\n"
"""What every command says on standard error when SIGTERM stops it (exit 143)."""


def combination_arguments(answers: tuple[Answer, ...]) -> dict[str, str]:
    """`check` arguments as an assistant passes them: the unknown findings left out."""
    return {
        finding.value: answer.value
        for finding, answer in zip(FINDINGS, answers, strict=True)
        if answer is not Answer.UNKNOWN
    }


COMBINATIONS = list(all_combinations())
EXPLICIT_EVERY = 9
"""Every ninth combination is also sent with its unknown findings given as "unknown"."""
WHAT_IF_EVERY = 27
"""Every 27th combination is also sent to `what_if`."""

BAD_CHECK_ARGUMENTS: dict[str, dict[str, Any]] = {
    "misspelt finding": {"opsoclonos": "yes"},
    "extra key": {"opsoclonus": "yes", "diagnosis": "OMS"},
    "bad value": {"opsoclonus": "maybe"},
    "not a string": {"opsoclonus": True},
    "null": {"sleep": None},
    "bad age group": {"age_group": "teen"},
    "age group not a string": {"age_group": ["child"]},
    "long value with escapes": {"opsoclonus": "\x1b[31m" + "y" * 5000},
}
BAD_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    **{f"check: {name}": ("check", arguments) for name, arguments in BAD_CHECK_ARGUMENTS.items()},
    "what_if: bad value": ("what_if", {"myoclonus": "perhaps"}),
    "criteria: an argument": ("criteria", {"format": "json"}),
    "sources: an argument": ("sources", {"n": 4}),
    "info: unknown topic": ("info", {"topic": "symptom"}),
    "info: extra key": ("info", {"topic": "causes", "language": "fr"}),
    "info: topic not a string": ("info", {"topic": 5}),
    "no such tool": ("diagnose", {}),
    "check: behavior and behaviour differ": ("check", {"behavior": "yes", "behaviour": "no"}),
    "what_if: behavior and behaviour differ": ("what_if", {"behaviour": "u", "behavior": "y"}),
}
BEHAVIOUR_CALLS: dict[str, dict[str, str]] = {
    "check": {"opsoclonus": "yes", "ataxia": "yes", "behaviour": "yes"},
    "what_if": {"opsoclonus": "yes", "behaviour": "no"},
    "both, agreeing": {"opsoclonus": "yes", "behaviour": "yes", "behavior": "yes"},
}
"""The British spelling, as the command line and `oms batch` take it: alone, and with the other."""


@dataclass
class Session:
    """Everything one MCP session with `oms mcp` returned, and what the server wrote on stderr."""

    protocol_version: str = ""
    server_name: str = ""
    instructions: str | None = None
    tools: dict[str, types.Tool] = field(default_factory=dict)
    checks: list[types.CallToolResult] = field(default_factory=list)
    explicit: dict[int, types.CallToolResult] = field(default_factory=dict)
    what_ifs: dict[int, types.CallToolResult] = field(default_factory=dict)
    spellings: types.CallToolResult | None = None
    behaviour: dict[str, types.CallToolResult] = field(default_factory=dict)
    criteria: types.CallToolResult | None = None
    sources: types.CallToolResult | None = None
    info: dict[str | None, types.CallToolResult] = field(default_factory=dict)
    bad: dict[str, types.CallToolResult] = field(default_factory=dict)
    resources: list[types.Resource] = field(default_factory=list)
    contents: dict[str, list[Any]] = field(default_factory=dict)
    resource_error: str = ""
    stderr: str = ""


async def _converse(record: Session, errlog: Any) -> None:
    server = StdioServerParameters(command=OMS, args=["mcp"])
    async with Client(stdio_client(server, errlog=errlog), read_timeout_seconds=30) as client:
        record.protocol_version = client.protocol_version
        record.server_name = client.server_info.name if client.server_info else ""
        record.instructions = client.instructions
        record.tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        for index, answers in enumerate(COMBINATIONS):
            arguments = combination_arguments(answers)
            record.checks.append(await client.call_tool("check", arguments))
            if index % EXPLICIT_EVERY == 0:
                explicit = dict(zip(FINDINGS, (answer.value for answer in answers), strict=True))
                record.explicit[index] = await client.call_tool("check", explicit)
            if index % WHAT_IF_EVERY == 0:
                record.what_ifs[index] = await client.call_tool("what_if", arguments)
        record.spellings = await client.call_tool("check", {**SPELLINGS, "age_group": "Adult"})
        for name, arguments in BEHAVIOUR_CALLS.items():
            tool = "what_if" if name == "what_if" else "check"
            record.behaviour[name] = await client.call_tool(tool, arguments)
        record.criteria = await client.call_tool("criteria", {})
        record.sources = await client.call_tool("sources")
        record.info[None] = await client.call_tool("info", {})
        for topic_id in topics.topic_ids():
            record.info[topic_id] = await client.call_tool("info", {"topic": topic_id})
        for name, (tool, arguments) in BAD_CALLS.items():
            record.bad[name] = await client.call_tool(tool, arguments)
        record.resources = (await client.list_resources()).resources
        for resource in record.resources:
            read = await client.read_resource(str(resource.uri))
            record.contents[str(resource.uri)] = list(read.contents)
        try:
            await client.read_resource("oms://diagnosis")
        except MCPError as error:
            record.resource_error = error.message


@pytest.fixture(scope="module")
def session() -> Session:
    """One whole session with a real `oms mcp` process, ended by the client closing its input."""
    record = Session()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errlog:
        anyio.run(_converse, record, errlog)
        errlog.seek(0)
        record.stderr = errlog.read()
    return record


def text_of(result: types.CallToolResult) -> str:
    """The one text block of a tool result."""
    assert len(result.content) == 1
    block = result.content[0]
    assert isinstance(block, types.TextContent)
    return block.text


# --- the session ---------------------------------------------------------------------------------


def test_the_session_starts_and_lists_the_five_tools(session: Session) -> None:
    """Initialization works; the tools are check, what_if, criteria, info and sources."""
    assert session.server_name == "oms"
    assert session.protocol_version
    assert list(session.tools) == ["check", "what_if", "criteria", "info", "sources"]


def test_every_tool_schema_is_valid_json_schema(session: Session) -> None:
    """Each input schema (and output schema) is a valid draft 2020-12 schema of an object."""
    for tool in session.tools.values():
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)
        assert tool.input_schema["type"] == "object"
        assert tool.input_schema["additionalProperties"] is False
        if tool.output_schema is not None:
            jsonschema.Draft202012Validator.check_schema(tool.output_schema)
    assert session.tools["check"].output_schema == schema.load(schema.SchemaName.CHECK)


def test_check_agrees_with_the_rules_for_all_729_combinations(session: Session) -> None:
    """Each combination, unknown findings left out: the object of `oms check --format json`."""
    assert len(session.checks) == 729
    for answers, result in zip(COMBINATIONS, session.checks, strict=True):
        assert not result.is_error
        expected = evaluate(combination_arguments(answers))
        assert result.structured_content == assessment_dict(expected)


def test_an_omitted_finding_reads_as_unknown(session: Session) -> None:
    """Leaving a finding out and passing "unknown" give the same result, never a no."""
    assert len(session.explicit) == 81
    for index, result in session.explicit.items():
        assert result.structured_content == session.checks[index].structured_content
    # Nothing given at all: every finding unknown, the verdict undetermined.
    nothing = session.checks[COMBINATIONS.index((Answer.UNKNOWN,) * 6)].structured_content
    assert nothing is not None
    assert set(nothing["findings"].values()) == {"unknown"}
    assert nothing["verdict"] == "undetermined"


SPELLINGS = {"opsoclonus": "Y", "ataxia": "TRUE", "sleep": "0", "behavior": "u"}
"""Other spellings the command line takes: `check` reads them as `oms batch` does."""


def test_check_reads_the_spellings_of_the_command_line(session: Session) -> None:
    """Y, TRUE, 0, u and Adult read as the rules read them: yes, yes, no, unknown and adult."""
    assert session.spellings is not None
    assert not session.spellings.is_error
    data = session.spellings.structured_content
    assert data == assessment_dict(evaluate(SPELLINGS, "adult"))
    assert data is not None
    assert data["findings"]["sleep"] == "no"
    assert data["findings"]["behavior"] == "unknown"


def test_behaviour_is_the_finding_behavior_as_on_the_command_line(session: Session) -> None:
    """`behaviour` alone, or with `behavior` and the same answer, reads as `behavior`."""
    for name, arguments in BEHAVIOUR_CALLS.items():
        result = session.behaviour[name]
        assert not result.is_error, text_of(result)
        findings = {key: value for key, value in arguments.items() if key != "behaviour"}
        findings["behavior"] = arguments["behaviour"]
        assessment = evaluate(findings)
        if name == "what_if":
            expected = check_dict(CheckResult(assessment, what_if=whatif.changes(assessment)))
        else:
            expected = assessment_dict(assessment)
        assert result.structured_content == expected
    check = session.behaviour["check"].structured_content
    assert check is not None
    assert (check["verdict"], check["findings"]["behavior"]) == ("met", "yes")
    for name in ("check", "what_if"):
        schema = session.tools[name].input_schema
        for arguments in BEHAVIOUR_CALLS.values():
            jsonschema.validate(arguments, schema)
        assert schema["properties"]["behaviour"]["enum"] == ["yes", "no", "unknown"]


def test_check_text_gives_verdict_reasons_what_decides_and_disclaimer(session: Session) -> None:
    """The text: the verdict line, each reason with its source, what decides, the disclaimer."""
    for answers, result in zip(COMBINATIONS, session.checks, strict=True):
        assessment = evaluate(combination_arguments(answers))
        text = text_of(result)
        data = result.structured_content
        assert data is not None
        assert text.splitlines()[0] == f"{headline(assessment)}."
        assert f"{content.DISCLAIMER} [GARD]" in text
        assert "[4]" in text  # the rule's source, on the reasons
        assert ("Deciding: " in text) == (data["verdict"] == "undetermined")
        for criterion in assessment.deciding:
            assert CRITERION_TITLES[criterion] in text
        # The not-met caveat where it applies, and only there.
        assert ("rules nothing out" in text) == (data["verdict"] == "not_met")


CRITERION_TITLES = {
    "neuroblastoma": "neuroblastoma",
    "opsoclonus": "opsoclonus",
    "myoclonus_ataxia": "myoclonus and/or ataxia",
    "behavior_sleep": "behavioural and/or sleep disturbance",
}


def test_what_if_lists_the_single_changes_of_oms_check(session: Session) -> None:
    """`what_if` gives the object of `oms check --format json --what-if` and its lines."""
    assert len(session.what_ifs) == 27
    for index, result in session.what_ifs.items():
        assessment = evaluate(combination_arguments(COMBINATIONS[index]))
        changes = whatif.changes(assessment)
        assert result.structured_content == check_dict(CheckResult(assessment, what_if=changes))
        for line in what_if_section(changes).lines:
            assert line in text_of(result)


def test_criteria_and_sources_say_what_the_commands_say(session: Session) -> None:
    """`criteria` and `sources`: the JSON and the Markdown of the commands, [n] citations in it."""
    assert session.criteria is not None
    assert session.sources is not None
    assert session.criteria.structured_content == criteria_dict()
    assert text_of(session.criteria) == markdown.page(wording.criteria_page())
    assert "[4]" in text_of(session.criteria)
    assert session.sources.structured_content == sources_dict()
    assert text_of(session.sources) == markdown.page(wording.sources_page())
    for label in ("[GARD]", "[1]", "[2]", "[3]", "[4]", "[5]"):
        assert label in text_of(session.sources)


def test_info_gives_every_topic_with_its_citations(session: Session) -> None:
    """Each topic (and the overview): the command's content, each statement with its [n]."""
    assert set(session.info) == {None, *topics.topic_ids()}
    for topic_id, result in session.info.items():
        shown = None if topic_id is None else (topics.find_topic(topic_id),)
        assert result.structured_content == info_dict(shown)
        text = text_of(result)
        assert text == markdown.page(wording.info_page(shown))
        statements = (
            topics.INTRO
            if shown is None
            else [statement for section in shown[0].sections for statement in section.statements]
        )
        for statement in statements:  # a note of the tool's own cites nothing
            cited = f" {cite(statement.sources)}" if statement.sources else ""
            assert f"{statement.text}{cited}" in text


def test_resources_are_the_criteria_table_and_the_sources_list(session: Session) -> None:
    """Two Markdown resources, the documents of `--format markdown`; another address is refused."""
    assert [str(resource.uri) for resource in session.resources] == [
        "oms://criteria",
        "oms://sources",
    ]
    expected = {
        "oms://criteria": markdown.page(wording.criteria_page()),
        "oms://sources": markdown.page(wording.sources_page()),
    }
    for uri, contents in session.contents.items():
        assert len(contents) == 1
        assert isinstance(contents[0], types.TextResourceContents)
        assert contents[0].mime_type == "text/markdown"
        assert contents[0].text == expected[uri]
    assert session.resource_error == "unknown resource 'oms://diagnosis'; choose one of: " + (
        "oms://criteria, oms://sources"
    )


def test_the_instructions_state_the_educational_aid_limits(session: Session) -> None:
    """The server's instructions: not a diagnosis, omit what is not mentioned, the disclaimer."""
    assert session.instructions is not None
    for words in (
        "educational aid, not a diagnosis",
        "never turn 'not mentioned' into 'no'",
        "rules nothing out",
        "never as 'the person has OMS'",
        content.DISCLAIMER,
    ):
        assert words in session.instructions


def test_check_description_says_omitted_is_unknown_never_no(session: Session) -> None:
    """The check and what_if descriptions teach a model the tri-state findings (hazard H1)."""
    for name in ("check", "what_if"):
        tool = session.tools[name]
        assert tool.description is not None
        description = " ".join(tool.description.split())
        assert "a finding left out is unknown" in description
        assert "'no' (looked for and not found)" in description
        assert "never turn 'not mentioned' into 'no'" in description
        properties = tool.input_schema["properties"]
        assert list(properties) == [*FINDINGS, "behaviour", "age_group"]
        assert tool.input_schema.get("required", []) == []
        for finding in FINDINGS:
            assert properties[finding]["enum"] == ["yes", "no", "unknown"]
            assert "Leave it out when it is not mentioned." in properties[finding]["description"]


# --- bad input -----------------------------------------------------------------------------------

FINDING_LIST = "neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep"

EXPECTED_ERRORS = {
    "check: misspelt finding": (
        "key 'opsoclonos': unknown key (did you mean 'opsoclonus'?); expected a finding "
        f"({FINDING_LIST}) or age_group"
    ),
    "check: extra key": (
        f"key 'diagnosis': unknown key; expected a finding ({FINDING_LIST}) or age_group"
    ),
    "check: bad value": "key 'opsoclonus': 'maybe' is not yes, no or unknown",
    "check: not a string": "key 'opsoclonus': true is not yes, no or unknown",
    "check: null": "key 'sleep': null is not yes, no or unknown",
    "check: bad age group": "key 'age_group': 'teen' is not child, adult or unknown",
    "check: age group not a string": (
        "key 'age_group': [\"child\"] is not child, adult or unknown"
    ),
    "check: long value with escapes": (
        "key 'opsoclonus': '\\x1b[31m" + "y" * 71 + "…' is not yes, no or unknown"
    ),
    "what_if: bad value": "key 'myoclonus': 'perhaps' is not yes, no or unknown",
    "criteria: an argument": "key 'format': unknown key; expected no arguments",
    "sources: an argument": "key 'n': unknown key; expected no arguments",
    "info: unknown topic": "unknown topic 'symptom' (did you mean 'symptoms'?)",
    "info: extra key": "key 'language': unknown key; expected topic",
    "info: topic not a string": (
        "unknown topic '5'; choose one of: overview, symptoms, causes, diagnosis, treatment, "
        "prognosis, visit"
    ),
    "no such tool": (
        "unknown tool 'diagnose'; choose one of: check, what_if, criteria, info, sources"
    ),
    "check: behavior and behaviour differ": (
        "keys 'behavior' and 'behaviour' contradict each other; give one of them"
    ),
    "what_if: behavior and behaviour differ": (
        "keys 'behaviour' and 'behavior' contradict each other; give one of them"
    ),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_input_is_a_tool_error_of_one_line(session: Session, name: str) -> None:
    """A bad key, value or name: an error result, one line, no structured content."""
    result = session.bad[name]
    assert result.is_error
    assert result.structured_content is None
    assert text_of(result) == EXPECTED_ERRORS[name]


@pytest.mark.parametrize("name", list(BAD_CHECK_ARGUMENTS))
def test_the_check_schema_refuses_what_the_server_refuses(session: Session, name: str) -> None:
    """The published schema agrees with the server: each bad input fails validation too."""
    schema = session.tools["check"].input_schema
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(BAD_CHECK_ARGUMENTS[name], schema)
    jsonschema.validate(combination_arguments(COMBINATIONS[100]), schema)


def test_bad_values_get_the_words_of_the_command_line(session: Session, cli: Invoke) -> None:
    """A bad answer and an unknown topic: the same message as `oms batch` and `oms info`."""
    batch = cli("batch", "--input-format", "jsonl", "-", input='{"opsoclonus": "maybe"}\n')
    assert batch.exit_code == 2
    assert batch.stderr == f"oms: error: <stdin>:1: {EXPECTED_ERRORS['check: bad value']}\n"
    info = cli("info", "symptom")
    assert info.exit_code == 2
    expected = EXPECTED_ERRORS["info: unknown topic"]
    assert info.stderr == f"oms: error: {expected}; see 'oms info --help'\n"


def test_nothing_is_logged(session: Session) -> None:
    """After the whole session, bad inputs included, the server wrote nothing on stderr."""
    assert session.stderr == ""


# --- the process ---------------------------------------------------------------------------------

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}


def read_reply(process: subprocess.Popen[str]) -> dict[str, Any]:
    """The next message the server writes; if none comes within 30 s, the server is killed."""
    assert process.stdout is not None
    timer = threading.Timer(30, process.kill)
    timer.start()
    try:
        line = process.stdout.readline()
    finally:
        timer.cancel()
    assert line, "no reply from the server within 30 s"
    reply: dict[str, Any] = json.loads(line)
    return reply


@pytest.fixture
def started() -> Iterator[subprocess.Popen[str]]:
    """`oms mcp` started and initialized over raw stdio; killed if a test leaves it running."""
    process = subprocess.Popen(
        [OMS, "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(INITIALIZE) + "\n")
    process.stdin.flush()
    reply = read_reply(process)
    assert reply["id"] == 1
    assert reply["result"]["serverInfo"]["name"] == "oms"
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


def test_end_of_input_ends_the_server_cleanly(started: subprocess.Popen[str]) -> None:
    """The client closes standard input: exit 0, nothing on standard error."""
    out, err = started.communicate(timeout=30)
    assert (started.returncode, out, err) == (0, "", "")


def test_sigterm_ends_the_server_cleanly(started: subprocess.Popen[str]) -> None:
    """SIGTERM, standard input still open: exit 143 and the one line every command gives."""
    started.send_signal(signal.SIGTERM)
    assert started.wait(timeout=30) == 143
    assert started.stderr is not None
    assert started.stderr.read() == TERMINATED_LINE


def test_without_the_extra_one_line_says_how_to_add_it() -> None:
    """No SDK installed: exit 2, one line on stderr naming the extra to install."""
    blocked = "import sys; sys.modules['mcp'] = None; sys.argv = ['oms', 'mcp']"
    result = subprocess.run(
        [sys.executable, "-c", f"{blocked}; from oms_cli.__main__ import main; main()"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "oms: error: 'oms mcp' needs the MCP SDK, an optional extra: pip install 'oms-cli[mcp]'\n"
    )


def test_the_plain_install_does_not_pull_the_sdk() -> None:
    """The SDK is required only under an extra (`mcp`, and `dev` for the suite), never plainly."""
    requirements = metadata.requires("oms-cli") or []
    sdk = [line for line in requirements if re.match(r"mcp\b", line)]
    extras = {re.sub(r".*extra == ['\"](\w+)['\"].*", r"\1", line) for line in sdk}
    assert extras == {"mcp", "dev"}, sdk


def test_messages_split_or_joined_in_the_pipe_are_all_answered(
    started: subprocess.Popen[str],
) -> None:
    """A message written in two pieces, and two messages in one write, each get their reply."""
    assert started.stdin is not None
    assert started.stdout is not None
    first, second = (
        json.dumps(
            {
                "jsonrpc": "2.0",
                "id": n,
                "method": "tools/call",
                "params": {"name": "check", "arguments": {"opsoclonus": "yes"}},
            }
        )
        for n in (2, 3)
    )
    started.stdin.write(first[:40])
    started.stdin.flush()
    time.sleep(0.2)  # the server has read the first piece on its own
    started.stdin.write(first[40:] + "\n")
    started.stdin.flush()
    assert read_reply(started)["id"] == 2
    started.stdin.write(second + "\n" + second.replace('"id": 3', '"id": 4') + "\n")
    started.stdin.flush()
    replies = [read_reply(started) for _ in range(2)]
    assert sorted(reply["id"] for reply in replies) == [3, 4]
    assert all(
        reply["result"]["structuredContent"]["verdict"] == "undetermined" for reply in replies
    )
    out, err = started.communicate(timeout=30)
    assert (started.returncode, out, err) == (0, "", "")


def test_oms_check_json_never_imports_the_sdk() -> None:
    """`oms check --format json` loads neither the SDK nor the server module: start-up unchanged."""
    modules, result = imported_modules("check", "--no-input", "--format", "json", *ALL_SIX)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["verdict"] == "met"
    assert not any(name == "mcp" or name.startswith("mcp.") for name in modules)
    assert "oms_cli.interop.mcp_server" not in modules


def test_mcp_help_matches_its_snapshot(cli: Invoke) -> None:
    """`oms mcp --help`, at 100 columns without colour, is its golden file."""
    result = cli("mcp", "--help")
    assert result.exit_code == 0
    golden("help/mcp.txt", result.stdout)


# --- the docs' transcript ------------------------------------------------------------------------

MESSAGE = re.compile(r"^(?P<who>Client|Server):\n\n```json\n(?P<json>.*?)\n```$", re.M | re.S)
TRANSCRIPT = re.compile(r"(<!-- transcript: start -->\n).*(<!-- transcript: end -->)", re.S)


def transcript(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The messages of docs/mcp.md's transcript, in order: who sent each, and the message."""
    found = TRANSCRIPT.search(text)
    assert found is not None, "docs/mcp.md has lost its transcript markers"
    return [(m["who"], json.loads(m["json"])) for m in MESSAGE.finditer(found.group(0))]


def converse(sent: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Send each message to a real `oms mcp`, reading the reply to each request before the next."""
    process = subprocess.Popen(
        [OMS, "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    messages: list[tuple[str, dict[str, Any]]] = []
    try:
        for message in sent:
            process.stdin.write(json.dumps(message) + "\n")
            process.stdin.flush()
            messages.append(("Client", message))
            if "id" in message:  # a request: one reply; a notification has none
                messages.append(("Server", read_reply(process)))
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert (process.returncode, err) == (0, "")
    return messages


def shown(messages: list[tuple[str, dict[str, Any]]]) -> str:
    """A transcript as docs/mcp.md shows it: who, then the message, indented."""
    return "".join(
        f"{who}:\n\n```json\n{json.dumps(message, indent=2, ensure_ascii=False)}\n```\n\n"
        for who, message in messages
    )


def test_the_docs_transcript_is_what_the_server_says() -> None:
    """The client's messages of docs/mcp.md, sent to `oms mcp`, get exactly the replies shown."""
    text = DOC.read_text(encoding="utf-8")
    documented = transcript(text)
    sent = [message for who, message in documented if who == "Client"]
    assert [message.get("method") for message in sent[:2]] == [
        "initialize",
        "notifications/initialized",
    ]
    real = converse(sent)
    if os.environ.get("OMS_UPDATE_GOLDEN") == "1":  # rewritten after a deliberate change
        text = TRANSCRIPT.sub(lambda m: m[1] + shown(real) + m[2], text)
        DOC.write_text(text, encoding="utf-8")
        documented = transcript(text)
    assert real == documented


def test_the_tool_listing_is_current() -> None:
    """mcp_tools.json is exactly what tools/mcp_tools.py makes from the content and the schemas."""
    assert mcp_tools.TARGET.read_text(encoding="utf-8") == mcp_tools.render(), (
        "run python -m tools.mcp_tools"
    )
