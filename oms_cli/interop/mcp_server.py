"""`oms mcp`: the rule, its reasoning and its sources for AI assistants, over MCP.

MCP is the Model Context Protocol.

An MCP server over standard input and output, built on the official Python SDK (the optional extra
``oms-cli[mcp]``). It lives in `oms_cli.interop`, beside FHIR, phenopackets and the JSON Schemas,
because it is one more way for another program to talk to oms; and in one module, because what it
adds is small: a description and an input schema for each tool, the reading of a tool's arguments,
and the glue to the SDK. Every word it returns comes from the builders the commands use
(`oms_cli.views.json_object`, `oms_cli.views.result`, `oms_cli.views.markdown`,
`oms_cli.rules.whatif`), so a tool says what its command says.

The module has two halves. The first is plain data and pure functions, standard library only:
`TOOLS`, `RESOURCES`, `INSTRUCTIONS` and `call`, which reads a tool's arguments and answers with a
`ToolAnswer` (text, structured content, or the one-line error the command line would give). The
second, `command`, imports the SDK, the one heavy optional dependency of oms, inside the function:
`oms check` never pays for it, and an install without the extra can still say how to add it.
Nothing is logged or stored: a call's arguments live as long as the call.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from oms_cli import __version__, content
from oms_cli.cli.process import did_you_mean, fail, unknown_name
from oms_cli.cli.stopping import Stopped
from oms_cli.content import topics
from oms_cli.content.sources import SOURCE_BY_N, cite
from oms_cli.files.textsafe import quoted, visible
from oms_cli.interop import schema
from oms_cli.interop.schema import SchemaName
from oms_cli.rules import (
    CRITERION_BY_ID,
    FINDINGS,
    AgeGroup,
    Answer,
    Assessment,
    Finding,
    evaluate,
    parse_age_group,
    parse_answer,
    whatif,
)
from oms_cli.views import markdown, wording
from oms_cli.views.json_object import (
    assessment_dict,
    check_dict,
    criteria_dict,
    info_dict,
    sources_dict,
)
from oms_cli.views.result import (
    CheckResult,
    deciding_line,
    headline,
    verdict_reasons,
    what_if_section,
)

SERVER_NAME = "oms"

EXTRA_MISSING = "'oms mcp' needs the MCP SDK, an optional extra: pip install 'oms-cli[mcp]'"
"""The one line `oms mcp` gives on standard error (exit 2) when the SDK is not installed."""

INSTRUCTIONS = (
    "This server applies the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS) to the "
    f"findings you pass it. {content.RULE} {cite(content.RULE_SOURCES)} It also gives patient "
    "information with numbered sources. It is an educational aid, not a diagnosis, and it does "
    "not replace a doctor. Its limits: the content restates one patient-information page last "
    "updated in 2017; the result describes only the findings given; a verdict of not met rules "
    "nothing out. When you use it: pass a finding only when the conversation states it; leave "
    "out every finding that was not mentioned (it is then unknown), and never turn 'not "
    "mentioned' into 'no'. Report the result as 'the criteria are met', 'not met' or "
    "'undetermined', never as 'the person has OMS', with the reasons, what would decide an "
    f"undetermined result, the [n] citations and the closing disclaimer: {content.DISCLAIMER}"
)
"""What the server tells an assistant at the start of a session (the MCP ``instructions``)."""


# --- tools: descriptions and input schemas ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tool:
    """One tool as the server lists it: name, description for a model, and JSON Schemas."""

    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any] | None


AGE_GROUP = "age_group"
"""The argument of `check` and `what_if` that is not a finding."""
TOPIC = "topic"
"""The argument of `info`."""


def _finding_schema(finding: Finding) -> dict[str, Any]:
    text = content.FINDING_TEXT[finding]
    criterion = next(c for c in CRITERION_BY_ID.values() if finding in c.findings)
    return {
        "type": "string",
        "enum": [answer.value for answer in Answer],
        "description": (
            f"{text.label.capitalize()}: {text.definition} {cite(criterion.sources)}. "
            f"{text.no_means} Leave it out when it is not mentioned."
        ),
    }


def _findings_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {finding.value: _finding_schema(finding) for finding in FINDINGS}
    properties[AGE_GROUP] = {
        "type": "string",
        "enum": [group.value for group in AgeGroup],
        "description": (
            f"{content.AGE_GROUP_HELP} {cite(content.AGE_GROUP_HELP_SOURCES)} "
            "Leave it out when it is not known."
        ),
    }
    return {"type": "object", "properties": properties, "additionalProperties": False}


FINDINGS_ARGUMENTS = (
    f"Every argument is optional. Each finding is 'yes' (present), 'no' ({content.NO_MEANS}) or "
    f"'unknown' ({content.UNKNOWN_MEANS}); a finding left out is unknown. Pass 'no' only when the "
    "conversation says the finding was looked for and not found: never turn 'not mentioned' into "
    "'no', which can change the verdict."
)

CHECK_DESCRIPTION = (
    "Check one person's findings against the diagnostic criteria of opsoclonus-myoclonus "
    f"syndrome (OMS). {content.RULE} {cite(content.RULE_SOURCES)} "
    f"{FINDINGS_ARGUMENTS} "
    "Returns the verdict (the criteria are met, not met, or undetermined when unknown findings "
    "could change it), the status of each criterion, what would decide an undetermined result, "
    "notes and numbered sources, as the same JSON object as 'oms check --format json'; the text "
    "gives the verdict line, the reasons, what decides, and the disclaimer. Quote the verdict as "
    "the criteria being met, not met or undetermined, never as a diagnosis."
)

WHAT_IF_DESCRIPTION = (
    "For one person's findings, list every change of a single finding that would change the "
    "verdict of the 3-of-4 rule for opsoclonus-myoclonus syndrome (OMS), the other findings as "
    "given: which findings matter, and what one more assessment could settle. "
    f"{FINDINGS_ARGUMENTS} "
    "Returns the object of 'oms check --format json --what-if': the result, plus 'what_if', each "
    "change as finding, from, to and the verdict it would give."
)

CRITERIA_DESCRIPTION = (
    "The diagnostic rule for opsoclonus-myoclonus syndrome (OMS): any 3 of 4 criteria, what each "
    "criterion means, how 'and/or' and unknown findings are read, with numbered sources [n]. The "
    "same content as 'oms criteria'. No arguments."
)

INFO_DESCRIPTION = (
    "Patient information about opsoclonus-myoclonus syndrome (OMS) in plain words, each "
    "statement with its numbered sources [n] ([GARD] is the reference page itself). Without a "
    "topic: a short overview and the list of topics; with a topic, that topic in full. The same "
    "content as 'oms info [TOPIC]'."
)

SOURCES_DESCRIPTION = (
    "The sources behind everything this server says: the reference page [GARD], then its "
    "references [1]-[5], each with title, publisher, date, address and the info topics citing "
    "it. The same content as 'oms sources'. No arguments."
)

NO_ARGUMENTS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}

CHECK_OUTPUT: dict[str, Any] = schema.load(SchemaName.CHECK)
"""The output schema of `check` and `what_if`: that of `oms check --format json`, read once."""

TOOLS: tuple[Tool, ...] = (
    Tool(
        "check",
        "Check findings against the OMS criteria",
        CHECK_DESCRIPTION,
        _findings_schema(),
        CHECK_OUTPUT,
    ),
    Tool(
        "what_if",
        "Which single finding would change the verdict",
        WHAT_IF_DESCRIPTION,
        _findings_schema(),
        CHECK_OUTPUT,
    ),
    Tool("criteria", "The OMS diagnostic criteria", CRITERIA_DESCRIPTION, NO_ARGUMENTS, None),
    Tool(
        "info",
        "Patient information about OMS",
        INFO_DESCRIPTION,
        {
            "type": "object",
            "properties": {
                TOPIC: {
                    "type": "string",
                    "enum": list(topics.topic_ids()),
                    "description": "The topic; leave it out for the overview and the list.",
                }
            },
            "additionalProperties": False,
        },
        None,
    ),
    Tool("sources", "The sources, numbered", SOURCES_DESCRIPTION, NO_ARGUMENTS, None),
)


# --- resources -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource: the same Markdown document as the command's ``--format markdown``."""

    uri: str
    name: str
    title: str
    description: str
    text: Callable[[], str]


MARKDOWN = "text/markdown"

RESOURCES: tuple[Resource, ...] = (
    Resource(
        "oms://criteria",
        "criteria",
        "The OMS diagnostic criteria",
        "The 3-of-4 rule and its four criteria, with sources: 'oms criteria --format markdown'.",
        lambda: markdown.page(wording.criteria_page()),
    ),
    Resource(
        "oms://sources",
        "sources",
        "The sources, numbered",
        "The reference page and its five references: 'oms sources --format markdown'.",
        lambda: markdown.page(wording.sources_page()),
    ),
)
RESOURCE_BY_URI = {resource.uri: resource for resource in RESOURCES}


# --- calls ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ToolAnswer:
    """What a tool call returns: text for the reader, the JSON object, or an error line."""

    text: str
    structured: dict[str, Any] | None = None
    is_error: bool = False


FINDINGS_EXPECTED = f"a finding ({', '.join(FINDINGS)}) or {AGE_GROUP}"
"""What `check` and `what_if` take, as an error about an unknown key names it."""


class BadArguments(ValueError):
    """A tool's arguments are not what its schema allows; the message is one line."""


def _refuse_other_keys(
    arguments: Mapping[str, Any], allowed: tuple[str, ...], expected: str
) -> None:
    """BadArguments for the first key not ``allowed`` (the words of `oms batch` for JSON Lines)."""
    for key in arguments:
        if key not in allowed:
            raise BadArguments(
                f"key {quoted(key)}: unknown key{did_you_mean(key, allowed)}; expected {expected}"
            )


ANSWERS_SAID = "yes, no or unknown"
AGE_GROUPS_SAID = "child, adult or unknown"


def _bad_value(key: str, value: object, kinds: str) -> BadArguments:
    """The error for a value of ``key`` that is none of ``kinds``, such as "'maybe' is not ...".

    The words of `oms batch` (and of `rules.parse_answer`); the value quoted and cut, however long.
    """
    shown = quoted(value) if isinstance(value, str) else visible(json.dumps(value))
    return BadArguments(f"key {quoted(key)}: {shown} is not {kinds}")


def read_findings(arguments: Mapping[str, Any]) -> Assessment:
    """The assessment that `check` and `what_if` give for these arguments; BadArguments if bad.

    Each value must be a string that the rules' own readers take (`parse_answer`,
    `parse_age_group`: the spellings of the command line); a finding left out is unknown.
    """
    _refuse_other_keys(arguments, (*FINDINGS, AGE_GROUP), FINDINGS_EXPECTED)
    findings: dict[Finding, str] = {}
    for finding in FINDINGS:
        if finding in arguments:
            value = arguments[finding]
            try:
                if not isinstance(value, str):
                    raise ValueError(value)
                parse_answer(value)
            except ValueError:
                raise _bad_value(finding, value, ANSWERS_SAID) from None
            findings[finding] = value
    age_group = arguments.get(AGE_GROUP)
    if AGE_GROUP in arguments:
        try:
            if not isinstance(age_group, str):
                raise ValueError(age_group)
            parse_age_group(age_group)
        except ValueError:
            raise _bad_value(AGE_GROUP, age_group, AGE_GROUPS_SAID) from None
    return evaluate(findings, age_group)


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


def what_if_text(assessment: Assessment) -> str:
    """The text of `what_if`: the verdict line, then the what-if section of `oms check`."""
    section = what_if_section(whatif.changes(assessment))
    lines = [f"{headline(assessment)}.", "", *markdown.section_lines(section)]
    return "\n".join([*lines, *markdown.disclaimer_lines()]) + "\n"


def _check(arguments: Mapping[str, Any]) -> ToolAnswer:
    assessment = read_findings(arguments)
    return ToolAnswer(check_text(assessment), assessment_dict(assessment))


def _what_if(arguments: Mapping[str, Any]) -> ToolAnswer:
    assessment = read_findings(arguments)
    data = check_dict(CheckResult(assessment, what_if=whatif.changes(assessment)))
    return ToolAnswer(what_if_text(assessment), data)


def _criteria(arguments: Mapping[str, Any]) -> ToolAnswer:
    _refuse_other_keys(arguments, (), "no arguments")
    return ToolAnswer(markdown.page(wording.criteria_page()), criteria_dict())


def _info(arguments: Mapping[str, Any]) -> ToolAnswer:
    _refuse_other_keys(arguments, (TOPIC,), TOPIC)
    shown: tuple[topics.Topic, ...] | None = None
    if TOPIC in arguments:
        name = arguments[TOPIC]
        try:
            if not isinstance(name, str):
                raise topics.UnknownTopicError(name)
            shown = (topics.find_topic(name),)
        except topics.UnknownTopicError:
            said = name if isinstance(name, str) else json.dumps(name)
            raise BadArguments(unknown_name("topic", said, topics.topic_ids())) from None
    return ToolAnswer(markdown.page(wording.info_page(shown)), info_dict(shown))


def _sources(arguments: Mapping[str, Any]) -> ToolAnswer:
    _refuse_other_keys(arguments, (), "no arguments")
    return ToolAnswer(markdown.page(wording.sources_page()), sources_dict())


CALLS: dict[str, Callable[[Mapping[str, Any]], ToolAnswer]] = {
    "check": _check,
    "what_if": _what_if,
    "criteria": _criteria,
    "info": _info,
    "sources": _sources,
}


def call(name: str, arguments: Mapping[str, Any] | None) -> ToolAnswer:
    """Answer one tool call: the tool's text and object, or an error answer with one line."""
    tool = CALLS.get(name)
    if tool is None:
        return ToolAnswer(unknown_name("tool", name, tuple(CALLS)), is_error=True)
    try:
        return tool(arguments or {})
    except BadArguments as error:
        return ToolAnswer(str(error), is_error=True)


# --- the server ----------------------------------------------------------------------------------


STDIN = 0


class InputLines:
    """Standard input line by line, read in the event loop: no thread blocked on a read.

    The SDK reads standard input in a worker thread, and a task waiting for a worker thread
    cannot be cancelled: on SIGTERM, with the client's pipe still open, the server would wait
    for the next line before it could stop. Here the loop waits until input is readable, a wait
    that stops at once, then takes what is there (a read of a ready pipe does not block).
    """

    CHUNK = 65536

    def __init__(self, wait_readable: Callable[[int], Awaitable[None]]) -> None:
        self.wait_readable = wait_readable
        self.pending = bytearray()

    @staticmethod
    def waitable() -> bool:
        """Whether standard input can be waited on: a pipe, a socket or a terminal.

        Not a file or the null device, which the event loop cannot wait on and whose reads never
        block, nor a `sys.stdin` that is not file descriptor 0: those the SDK reads itself.
        """
        try:
            if sys.stdin is None or sys.stdin.fileno() != STDIN:  # replaced, as in tests
                return False
            mode = os.fstat(STDIN).st_mode
        except (OSError, ValueError, io.UnsupportedOperation):
            return False
        return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(STDIN)

    async def __aiter__(self) -> AsyncIterator[str]:
        """Each line with its line end, decoded as the SDK does (UTF-8, errors replaced)."""
        while True:
            end = self.pending.find(b"\n")
            if end >= 0:
                line = bytes(self.pending[: end + 1])
                del self.pending[: end + 1]
                yield line.decode("utf-8", errors="replace")
                continue
            await self.wait_readable(STDIN)
            chunk = os.read(STDIN, self.CHUNK)
            if not chunk:  # end of input
                if self.pending:
                    yield self.pending.decode("utf-8", errors="replace")
                return
            self.pending += chunk


def command() -> None:
    """`oms mcp`: serve until the client closes standard input (exit 0) or SIGTERM (exit 143).

    Without the SDK: one line on standard error saying how to add it, exit 2.
    """
    # The SDK is a heavy optional dependency (pydantic, starlette, anyio...): imported here, in
    # the one command that needs it, so that no other command loads it and a plain install works.
    # SIGTERM is held while it loads: pydantic builds its models in compiled code, which turns an
    # exception raised by a signal handler into an error of its own.
    held: list[int] = []
    before = signal.signal(signal.SIGTERM, lambda signum, frame: held.append(signum))
    try:
        import anyio  # noqa: PLC0415  (see the comment above)
        from mcp import MCPError, types  # noqa: PLC0415
        from mcp.server.lowlevel import Server  # noqa: PLC0415
        from mcp.server.stdio import stdio_server  # noqa: PLC0415
    except ModuleNotFoundError:
        fail(EXTRA_MISSING)
    finally:
        signal.signal(signal.SIGTERM, before)
    if held:
        raise Stopped(signal.SIGTERM)

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool.name,
                    title=tool.title,
                    description=tool.description,
                    input_schema=tool.input_schema,
                    output_schema=tool.output_schema,
                    annotations=types.ToolAnnotations(
                        read_only_hint=True, open_world_hint=False, idempotent_hint=True
                    ),
                )
                for tool in TOOLS
            ]
        )

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        answer = call(params.name, params.arguments)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=answer.text)],
            structured_content=answer.structured,
            is_error=answer.is_error,
        )

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        return types.ListResourcesResult(
            resources=[
                types.Resource(
                    uri=resource.uri,
                    name=resource.name,
                    title=resource.title,
                    description=resource.description,
                    mime_type=MARKDOWN,
                )
                for resource in RESOURCES
            ]
        )

    async def read_resource(
        ctx: Any, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        resource = RESOURCE_BY_URI.get(str(params.uri))
        if resource is None:
            message = unknown_name("resource", str(params.uri), tuple(RESOURCE_BY_URI))
            raise MCPError(code=types.INVALID_PARAMS, message=message)
        return types.ReadResourceResult(
            contents=[
                types.TextResourceContents(
                    uri=resource.uri, mime_type=MARKDOWN, text=resource.text()
                )
            ]
        )

    server: Server[Any] = Server(
        SERVER_NAME,
        version=__version__,
        title="oms-cli: the OMS diagnostic criteria",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )
    terminated = False

    async def main() -> None:
        async with anyio.create_task_group() as group:

            async def stop_on_sigterm() -> None:
                nonlocal terminated
                with anyio.open_signal_receiver(signal.SIGTERM) as signals:
                    async for _ in signals:
                        terminated = True
                        group.cancel_scope.cancel()

            group.start_soon(stop_on_sigterm)
            lines = InputLines(anyio.wait_readable) if InputLines.waitable() else None
            # The SDK types its input as an anyio file; all it does with it is iterate the lines.
            with_input = stdio_server(stdin=lines)  # type: ignore[arg-type]
            async with with_input as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())
            group.cancel_scope.cancel()

    # The event loop puts the default back in SIGTERM's place when it stops: the handler of
    # `oms_cli.cli.process` is put back instead, so that a SIGTERM from here on still exits 143.
    handler = signal.getsignal(signal.SIGTERM)
    try:
        anyio.run(main)
    finally:
        signal.signal(signal.SIGTERM, handler)
    if terminated:  # the one line and exit 143 every command gives for SIGTERM
        raise Stopped(signal.SIGTERM)
