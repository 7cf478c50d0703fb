"""Writes what `oms mcp` lists: its instructions, its tools with their schemas, its resources.

``python -m tools.mcp_tools`` rewrites ``oms_cli/interop/mcp_tools.json``; ``--check`` only
compares (tests/test_mcp.py fails when they disagree). The descriptions are written here for a
model, with the rule's and the findings' words taken from ``oms_cli.content``; each input schema
takes the arguments the server reads (`mcp_server.TOOLS`), all optional, and nothing else; `check`
and `what_if` return the object of ``oms schema check``. The file is what the server sends, as the
MCP ``tools/list`` and ``resources/list`` results hold it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from oms_cli import content
from oms_cli.content import topics
from oms_cli.content.sources import cite
from oms_cli.interop import mcp_server, schema
from oms_cli.rules import CRITERIA, FINDING_ALIASES, AgeGroup, Answer, Finding
from tools import generated

TARGET = Path(mcp_server.TOOLS_FILE)

RULE = f"{content.RULE} {cite(content.RULE_SOURCES)}"
INSTRUCTIONS = (
    "This server applies the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS) to the "
    f"findings you pass it. {RULE} It also gives patient information with numbered sources. It is "
    "an educational aid, not a diagnosis, and it does not replace a doctor. Its limits: the "
    "content restates one patient-information page last updated in 2017; the result describes "
    "only the findings given; a verdict of not met rules nothing out. When you use it: pass a "
    "finding only when the conversation states it; leave out every finding that was not "
    "mentioned (it is then unknown), and never turn 'not mentioned' into 'no'. Report the result "
    "as 'the criteria are met', 'not met' or 'undetermined', never as 'the person has OMS', with "
    "the reasons, what would decide an undetermined result, the [n] citations and the closing "
    f"disclaimer: {content.DISCLAIMER}"
)
FINDINGS_ARGUMENTS = (
    f"Every argument is optional. Each finding is 'yes' (present), 'no' ({content.NO_MEANS}) or "
    f"'unknown' ({content.UNKNOWN_MEANS}); a finding left out is unknown. Pass 'no' only when the "
    "conversation says the finding was looked for and not found: never turn 'not mentioned' into "
    "'no', which can change the verdict."
)
TOOLS = {
    "check": (
        "Check findings against the OMS criteria",
        "Check one person's findings against the diagnostic criteria of opsoclonus-myoclonus "
        f"syndrome (OMS). {RULE} {FINDINGS_ARGUMENTS} Returns the verdict (the criteria are met, "
        "not met, or undetermined when unknown findings could change it), the status of each "
        "criterion, what would decide an undetermined result, notes and numbered sources, as the "
        "same JSON object as 'oms check --format json'; the text gives the verdict line, the "
        "reasons, what decides, and the disclaimer. Quote the verdict as the criteria being met, "
        "not met or undetermined, never as a diagnosis.",
    ),
    "what_if": (
        "Which single finding would change the verdict",
        "For one person's findings, list every change of a single finding that would change the "
        "verdict of the 3-of-4 rule for opsoclonus-myoclonus syndrome (OMS), the other findings "
        "as given: which findings matter, and what one more assessment could settle. "
        f"{FINDINGS_ARGUMENTS} Returns the object of 'oms check --format json --what-if': the "
        "result, plus 'what_if', each change as finding, from, to and the verdict it would give.",
    ),
    "criteria": (
        "The OMS diagnostic criteria",
        "The diagnostic rule for opsoclonus-myoclonus syndrome (OMS): any 3 of 4 criteria, what "
        "each criterion means, how 'and/or' and unknown findings are read, with numbered sources "
        "[n]. The same content as 'oms criteria'. No arguments.",
    ),
    "info": (
        "Patient information about OMS",
        "Patient information about opsoclonus-myoclonus syndrome (OMS) in plain words, each "
        "statement with its numbered sources [n] ([GARD] is the reference page itself). Without "
        "a topic: a short overview and the list of topics; with a topic, that topic in full. The "
        "same content as 'oms info [TOPIC]'.",
    ),
    "sources": (
        "The sources, numbered",
        "The sources behind everything this server says: the reference page [GARD], then its "
        "references [1]-[5], each with title, publisher, date, address and the info topics "
        "citing it. The same content as 'oms sources'. No arguments.",
    ),
}
"""Each tool's title and description, in the order the server lists them."""
RESOURCES = {
    "oms://criteria": (
        "criteria",
        "The OMS diagnostic criteria",
        "The 3-of-4 rule and its four criteria, with sources: 'oms criteria --format markdown'.",
    ),
    "oms://sources": (
        "sources",
        "The sources, numbered",
        "The reference page and its five references: 'oms sources --format markdown'.",
    ),
}


def argument(key: str) -> dict[str, Any]:
    """The schema of one argument: a finding (or its other spelling), the age group or the topic."""
    if key == mcp_server.TOPIC:
        description = "The topic; leave it out for the overview and the list."
        return {"type": "string", "enum": list(topics.topic_ids()), "description": description}
    if key == mcp_server.AGE_GROUP:
        sources = cite(content.AGE_GROUP_HELP_SOURCES)
        description = f"{content.AGE_GROUP_HELP} {sources} Leave it out when it is not known."
        return {
            "type": "string",
            "enum": [group.value for group in AgeGroup],
            "description": description,
        }
    if key in FINDING_ALIASES:
        same = FINDING_ALIASES[key].value
        description = f"Another spelling of '{same}': the same finding; pass one of the two."
        return {**argument(same), "description": description}
    finding = Finding(key)
    text = content.FINDING_TEXT[finding]
    [criterion] = [c for c in CRITERIA if finding in c.findings]
    description = (
        f"{text.label.capitalize()}: {text.definition} {cite(criterion.sources)}. "
        f"{text.no_means} Leave it out when it is not mentioned."
    )
    return {
        "type": "string",
        "enum": [answer.value for answer in Answer],
        "description": description,
    }


def listing() -> dict[str, Any]:
    """The instructions, the tools and the resources, as the server sends them."""
    check = schema.load(schema.SchemaName.CHECK)
    hints = {"readOnlyHint": True, "openWorldHint": False, "idempotentHint": True}
    tools = []
    for name, (title, description) in TOOLS.items():
        arguments = mcp_server.TOOLS[name].arguments
        properties = {key: argument(key) for key in arguments}
        tool: dict[str, Any] = {
            "name": name,
            "title": title,
            "description": description,
            "inputSchema": {
                "type": "object",
                "properties": properties,
                "additionalProperties": False,
            },
            "annotations": hints,
        }
        if name in ("check", "what_if"):
            tool["outputSchema"] = check
        tools.append(tool)
    resources = [
        {"uri": uri, "name": name, "title": title, "description": text, "mimeType": "text/markdown"}
        for uri, (name, title, text) in RESOURCES.items()
    ]
    return {"instructions": INSTRUCTIONS, "tools": tools, "resources": resources}


def render() -> str:
    """The text of the JSON file."""
    return json.dumps(listing(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.mcp_tools", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
