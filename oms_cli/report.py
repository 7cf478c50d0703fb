"""Results as data and as plain text formats (JSON, Markdown): everything that needs no terminal.

The JSON envelope is versioned (`SCHEMA_VERSION`); its keys are the interface contract. This module
never imports rich, so that `oms check --format json` starts fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from oms_cli import __version__, content
from oms_cli.rules import CRITERIA, REQUIRED, Assessment, Status, Verdict
from oms_cli.sources import SOURCES, Source, cite

SCHEMA_VERSION = 1
TOOL = {"name": "oms-cli", "version": __version__}

STATUS_WORDS: dict[Status, str] = {
    Status.MET: "MET",
    Status.NOT_MET: "NOT MET",
    Status.UNKNOWN: "UNKNOWN",
}
VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.MET: "Criteria met",
    Verdict.NOT_MET: "Criteria not met",
    Verdict.UNDETERMINED: "Criteria undetermined",
}


def headline(assessment: Assessment) -> str:
    """The verdict in words, first thing a reader sees: "Criteria met: 3 of 4 present, 3 needed"."""
    parts = [f"{assessment.met_count} of {len(CRITERIA)} present"]
    if assessment.unknown_count:
        parts.append(f"{assessment.unknown_count} unknown")
    parts.append(f"{REQUIRED} needed")
    return f"{VERDICT_WORDS[assessment.verdict]}: {', '.join(parts)}"


def findings_summary(assessment: Assessment, criterion_index: int) -> str:
    """The answers behind one criterion, for example "myoclonus: yes, ataxia: unknown"."""
    result = assessment.criteria[criterion_index]
    return ", ".join(f"{finding.value}: {answer.value}" for finding, answer in result.answers)


def cited_sources(assessment: Assessment) -> tuple[Source, ...]:
    """The sources that the result cites, in numbered order."""
    numbers = set(content.DISCLAIMER_SOURCES)
    for result in assessment.criteria:
        numbers.update(result.criterion.sources)
    for note in assessment.notes:
        numbers.update(note.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def source_dict(source: Source) -> dict[str, Any]:
    """One source as JSON-ready data."""
    return {
        "n": source.n,
        "label": source.label,
        "author": source.author,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
    }


def source_line(source: Source) -> str:
    """One source as a single line of text, without its label."""
    fields = [source.author, source.title, source.publisher, source.date, source.url]
    return ". ".join(field.rstrip(".") for field in fields if field)


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The result as the contract's JSON object, keys in a stable order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": assessment.verdict.value,
        "met_count": assessment.met_count,
        "unknown_count": assessment.unknown_count,
        "required": assessment.required,
        "criteria": [
            {
                "id": result.criterion.id,
                "title": result.criterion.title,
                "status": result.status.value,
                "findings": {finding.value: answer.value for finding, answer in result.answers},
                "sources": list(result.criterion.sources),
            }
            for result in assessment.criteria
        ],
        "findings": {finding.value: answer.value for finding, answer in assessment.findings},
        "age_group": assessment.age_group.value,
        "deciding": list(assessment.deciding),
        "needed": assessment.needed,
        "notes": [
            {"key": note.key, "text": note.text, "sources": list(note.sources)}
            for note in assessment.notes
        ],
        "sources": [source_dict(source) for source in cited_sources(assessment)],
        "tool": TOOL,
        "disclaimer": content.DISCLAIMER,
    }


def to_json(data: Any) -> str:
    """JSON as every command prints it: indented, UTF-8 kept readable, newline-terminated."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md_sources(sources: Iterable[Source]) -> list[str]:
    return [f"- {source.label} {source_line(source)}" for source in sources]


def _md_disclaimer() -> list[str]:
    return ["---", "", f"*{content.DISCLAIMER}* {cite(content.DISCLAIMER_SOURCES)}"]


def assessment_markdown(assessment: Assessment) -> str:
    """The result as a Markdown document, with the same content as the text output."""
    lines = [
        "# OMS diagnostic criteria check",
        "",
        f"**{headline(assessment)}.**",
        "",
        "| Criterion | Status | Findings | Meaning | Sources |",
        "|---|---|---|---|---|",
    ]
    for index, result in enumerate(assessment.criteria):
        meaning = content.CRITERION_TEXT[result.criterion.id]
        lines.append(
            f"| {result.criterion.title} | {STATUS_WORDS[result.status]} "
            f"| {findings_summary(assessment, index)} | {meaning.meaning} "
            f"| {cite(result.criterion.sources)} |"
        )
    lines += ["", f"Age group: {assessment.age_group.value}.", ""]
    if assessment.notes:
        lines += ["## Notes", ""]
        lines += [f"- {note.text} {cite(note.sources)}" for note in assessment.notes]
        lines.append("")
    lines += ["## Sources", "", *_md_sources(cited_sources(assessment)), "", *_md_disclaimer()]
    return "\n".join(lines) + "\n"


def criteria_sources() -> tuple[Source, ...]:
    """The sources that `oms criteria` cites: the rule's and the disclaimer's."""
    numbers = set(content.RULE_SOURCES) | set(content.DISCLAIMER_SOURCES)
    return tuple(source for source in SOURCES if source.n in numbers)


def criteria_dict() -> dict[str, Any]:
    """The rule and its four criteria as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "rule": content.RULE,
        "required": REQUIRED,
        "and_or": content.AND_OR,
        "unknown": content.UNKNOWN_POLICY,
        "criteria": [
            {
                "id": criterion.id,
                "title": criterion.title,
                "findings": [finding.value for finding in criterion.findings],
                "meaning": content.CRITERION_TEXT[criterion.id].meaning,
                "sources": list(criterion.sources),
            }
            for criterion in CRITERIA
        ],
        "sources": [source_dict(source) for source in criteria_sources()],
        "tool": TOOL,
    }


def criteria_markdown() -> str:
    """The rule and its four criteria as a Markdown document."""
    lines = [
        "# OMS diagnostic criteria",
        "",
        f"{content.RULE} {cite(content.RULE_SOURCES)}",
        "",
        "| Criterion | Met when any of | Meaning | Sources |",
        "|---|---|---|---|",
    ]
    for criterion in CRITERIA:
        lines.append(
            f"| {criterion.title} (`{criterion.id}`) | {criterion.joined_findings} "
            f"| {content.CRITERION_TEXT[criterion.id].meaning} | {cite(criterion.sources)} |"
        )
    lines += ["", content.AND_OR, "", content.UNKNOWN_POLICY, "", "## Sources", ""]
    lines += _md_sources(criteria_sources())
    lines += ["", *_md_disclaimer()]
    return "\n".join(lines) + "\n"


def sources_dict() -> dict[str, Any]:
    """Every source, the page first, as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": [source_dict(source) for source in SOURCES],
        "tool": TOOL,
    }


def sources_markdown() -> str:
    """Every source, the page first, as a Markdown list."""
    return "\n".join(["# Sources", "", *_md_sources(SOURCES)]) + "\n"
