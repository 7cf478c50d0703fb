"""`oms mcp`: the rule, its reasoning and its sources for AI assistants, over MCP.

A Model Context Protocol server over stdio on the official SDK's low-level `Server` (the extra
``oms-cli[mcp]``, imported by `command` only; docs/mcp.md says why not `MCPServer`). Every answer
comes from the builders the commands use, so that a tool says what its command says.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oms_cli import __version__, content, rules
from oms_cli.content import topics
from oms_cli.content.sources import SOURCE_BY_N, cite
from oms_cli.errors import Stopped, UserError
from oms_cli.files.textsafe import did_you_mean, quoted, unknown_name, visible
from oms_cli.rules import FINDING_ALIASES, FINDINGS, Answer, Assessment, Finding, whatif
from oms_cli.views import json_object, markdown, wording
from oms_cli.views.result import (
    CheckResult,
    deciding_line,
    headline,
    verdict_reasons,
    what_if_section,
)

if TYPE_CHECKING:
    from mcp.server.lowlevel import Server

EXTRA_MISSING = "'oms mcp' needs the MCP SDK, an optional extra: pip install 'oms-cli[mcp]'"
"""The one line `oms mcp` gives on standard error (exit 2) when the SDK is not installed."""
TOOLS_FILE = Path(__file__).with_name("mcp_tools.json")
"""What the server lists: instructions, tools and resources (``python -m tools.mcp_tools``)."""
AGE_GROUP = "age_group"
TOPIC = "topic"
RESOURCES: dict[str, Callable[[], str]] = {  # each the document of `--format markdown`
    "oms://criteria": lambda: markdown.page(wording.criteria_page()),
    "oms://sources": lambda: markdown.page(wording.sources_page()),
}


# --- tools --------------------------------------------------------------------------------------


class BadArguments(ValueError):
    """A tool's arguments are not what its schema allows; the message is one line."""


def _assessment(arguments: Mapping[str, Any]) -> Assessment:
    """The assessment of `check` and `what_if`: each value a string the command line reads."""
    answers: dict[Finding, tuple[str, Answer]] = {}  # each finding's key and answer
    for key, value in arguments.items():
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            if key == AGE_GROUP:
                rules.parse_age_group(value)
                continue
            answer = rules.parse_answer(value)
        except ValueError:
            said = "child, adult or unknown" if key == AGE_GROUP else "yes, no or unknown"
            shown = quoted(value) if isinstance(value, str) else visible(json.dumps(value))
            raise BadArguments(f"key {quoted(key)}: {shown} is not {said}") from None
        # `behaviour` is `behavior` as on the command line: both at once must agree.
        first, before = answers.setdefault(FINDING_ALIASES.get(key) or Finding(key), (key, answer))
        if before is not answer:
            raise BadArguments(
                f"keys {quoted(first)} and {quoted(key)} contradict each other; give one of them"
            )
    findings = {finding: answer for finding, (_, answer) in answers.items()}
    return rules.evaluate(findings, arguments.get(AGE_GROUP))


def check_text(assessment: Assessment) -> str:
    """The text of `check`: verdict line, reasons, what decides, disclaimer, and sources cited."""
    lines = [f"{headline(assessment)}."]
    cited = set(content.DISCLAIMER_SOURCES)
    for reason in verdict_reasons(assessment):
        lines.append(f"{reason.text} {cite(reason.sources)}")
        cited.update(reason.sources)
    deciding = deciding_line(assessment)
    if deciding is not None:
        lines.append(deciding)
    lines.append(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    shown = [SOURCE_BY_N[n] for n in sorted(cited)]
    return "\n".join([*lines, "", "Sources:", *markdown.source_lines(shown)]) + "\n"


def _check(arguments: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    assessment = _assessment(arguments)
    return check_text(assessment), json_object.assessment_dict(assessment)


def _what_if(arguments: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The verdict line, then the what-if section of `oms check`; the object of --what-if."""
    assessment = _assessment(arguments)
    changes = whatif.changes(assessment)
    section = markdown.section_lines(what_if_section(changes))
    lines = [f"{headline(assessment)}.", "", *section, *markdown.disclaimer_lines()]
    return "\n".join(lines) + "\n", json_object.check_dict(CheckResult(assessment, what_if=changes))


def _info(arguments: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    shown = None
    if TOPIC in arguments:
        name = arguments[TOPIC]
        said = name if isinstance(name, str) else json.dumps(name)
        try:
            shown = (topics.find_topic(said),)
        except topics.UnknownTopicError:
            raise BadArguments(unknown_name("topic", said, topics.topic_ids())) from None
    return markdown.page(wording.info_page(shown)), json_object.info_dict(shown)


@dataclass(frozen=True, slots=True)
class Tool:
    """A tool's arguments (each optional), how it answers, and its arguments' words in an error."""

    arguments: tuple[str, ...]
    answer: Callable[[Mapping[str, Any]], tuple[str, dict[str, Any]]]
    expected: str = ""


FINDINGS_TAKEN = (*FINDINGS, *FINDING_ALIASES, AGE_GROUP)
FINDINGS_EXPECTED = f"a finding ({', '.join(FINDINGS)}) or {AGE_GROUP}"
TOOLS = {
    "check": Tool(FINDINGS_TAKEN, _check, FINDINGS_EXPECTED),
    "what_if": Tool(FINDINGS_TAKEN, _what_if, FINDINGS_EXPECTED),
    "criteria": Tool(
        (), lambda _: (markdown.page(wording.criteria_page()), json_object.criteria_dict())
    ),
    "info": Tool((TOPIC,), _info),
    "sources": Tool(
        (), lambda _: (markdown.page(wording.sources_page()), json_object.sources_dict())
    ),
}


def call(name: str, arguments: Mapping[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """The text and object of one tool call; `BadArguments` in the command line's words."""
    tool = TOOLS.get(name)
    if tool is None:
        raise BadArguments(unknown_name("tool", name, tuple(TOOLS)))
    for key in arguments:
        if key not in tool.arguments:
            hint = did_you_mean(key, tool.arguments)
            expected = tool.expected or ", ".join(tool.arguments) or "no arguments"
            raise BadArguments(f"key {quoted(key)}: unknown key{hint}; expected {expected}")
    return tool.answer(arguments)


# --- the server ---------------------------------------------------------------------------------


def _waitable() -> bool:
    """Whether standard input is a pipe, a socket or a terminal: the SDK reads anything else."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or sys.stdin.isatty()


async def _input_lines() -> AsyncIterator[str]:
    """Standard input line by line, read by the event loop: a read that SIGTERM can stop."""
    # The SDK reads in a worker thread, which cannot be cancelled while the client's pipe is open.
    reader = asyncio.StreamReader(limit=sys.maxsize)  # lines of any length, as the SDK reads
    protocol = asyncio.StreamReaderProtocol(reader)
    await asyncio.get_running_loop().connect_read_pipe(lambda: protocol, sys.stdin)
    async for line in reader:
        yield line.decode("utf-8", errors="replace")


def command() -> None:
    """`oms mcp`: serve until standard input ends (exit 0) or SIGTERM (143); no SDK: exit 2."""
    # SIGTERM is held while the SDK loads: pydantic builds its models in compiled code, which
    # turns an exception raised by a signal handler into an error of its own.
    held: list[int] = []
    before = signal.signal(signal.SIGTERM, lambda signum, frame: held.append(signum))
    try:
        import anyio  # noqa: PLC0415  (the optional SDK, for this command only)
        from mcp.server.stdio import stdio_server  # noqa: PLC0415

        server = _server()  # the rest of the SDK loads here
    except ModuleNotFoundError:
        raise UserError(EXTRA_MISSING) from None
    finally:
        signal.signal(signal.SIGTERM, before)
    if held:
        raise Stopped(signal.SIGTERM)
    terminated = False

    async def main() -> None:
        nonlocal terminated
        with anyio.CancelScope() as scope:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, scope.cancel)
            # The SDK types its input as an anyio file; all it does with it is iterate the lines.
            lines = _input_lines() if _waitable() else None
            with_input = stdio_server(stdin=lines)  # type: ignore[arg-type]
            async with with_input as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())
        terminated = scope.cancelled_caught

    # The event loop puts the default back in SIGTERM's place when it stops: the handler of
    # `oms_cli.cli.process` is put back instead, so that a SIGTERM from here on still exits 143.
    handler = signal.getsignal(signal.SIGTERM)
    try:
        anyio.run(main)
    finally:
        signal.signal(signal.SIGTERM, handler)
    if terminated:  # the one line and exit 143 every command gives for SIGTERM
        raise Stopped(signal.SIGTERM)


def _server() -> Server[Any]:
    """The SDK's low-level server, with the tools and resources of this module."""
    from mcp import MCPError, types  # noqa: PLC0415  (the optional SDK, for this command only)
    from mcp.server.lowlevel import Server  # noqa: PLC0415

    listing = json.loads(TOOLS_FILE.read_text(encoding="utf-8"))
    tools = types.ListToolsResult.model_validate({"tools": listing["tools"]})
    resources = types.ListResourcesResult.model_validate({"resources": listing["resources"]})

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return tools

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        failed = False
        try:
            text, structured = call(params.name, params.arguments or {})
        except BadArguments as error:
            text, structured, failed = str(error), None, True
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=text)],
            structured_content=structured,
            is_error=failed,
        )

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        return resources

    async def read_resource(
        ctx: Any, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        if uri not in RESOURCES:
            message = unknown_name("resource", uri, tuple(RESOURCES))
            raise MCPError(code=types.INVALID_PARAMS, message=message)
        text = RESOURCES[uri]()
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=uri, mime_type="text/markdown", text=text)]
        )

    return Server(
        "oms",
        version=__version__,
        title="oms-cli: the OMS diagnostic criteria",
        instructions=listing["instructions"],
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )
