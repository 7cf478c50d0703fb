"""The JSON contract: the objects `--format json` prints, keys in a stable order, versioned.

Standard library only: this module is on the path of `oms check --format json`.
"""

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from oms_cli import content
from oms_cli.content.sources import GARD, SOURCES, Source
from oms_cli.rules import CRITERIA, REQUIRED, Assessment
from oms_cli.version import __version__
from oms_cli.views.result import CheckResult, cited_sources, notes, sources_of

if TYPE_CHECKING:  # the topics load only for `oms info` and `oms sources`
    from oms_cli.content.topics import Statement, Topic

SCHEMA_VERSION = 1
TOOL = {"name": "oms-cli", "version": __version__}


def to_json(data: Any) -> str:
    """JSON as every command prints it: indented, UTF-8 kept readable, newline-terminated."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """The result as the contract's JSON object."""
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
            for note in notes(assessment)
        ],
        "sources": [source_dict(source) for source in cited_sources(assessment)],
        "tool": TOOL,
        "disclaimer": content.DISCLAIMER,
        # Added in schema_version 1 (the contract lets keys be added); after the contract's keys.
        "codes": codes_dict(),
    }


def check_dict(result: CheckResult) -> dict[str, Any]:
    """`oms check --format json`: `assessment_dict`, then ``what_if``, ``not_counted`` if asked."""
    data = assessment_dict(result.assessment)
    if result.what_if is not None:
        data["what_if"] = [
            {
                "finding": change.finding.value,
                "from": change.before.value,
                "to": change.after.value,
                "verdict": change.verdict.value,
            }
            for change in result.what_if
        ]
    if result.not_counted is not None:
        data["not_counted"] = [
            {
                "path": entry.path,
                "id": entry.id,
                "label": entry.label,
                "excluded": entry.excluded,
                "finding": entry.finding.value if entry.finding is not None else None,
                "reason": entry.reason,
            }
            for entry in result.not_counted
        ]
    return data


def codes_dict() -> dict[str, Any]:
    """The standard codes: the syndrome's Orphanet number, each finding's HPO term."""
    syndrome_id, syndrome_label = content.SYNDROME_CODE
    return {
        "syndrome": {"id": syndrome_id, "label": syndrome_label},
        "findings": {
            name: {"id": term_id, "label": label}
            for name, (term_id, label) in content.HPO_TERMS.items()
        },
    }


def criteria_sources() -> tuple[Source, ...]:
    """The sources that `oms criteria` cites: the rule's and the disclaimer's."""
    return sources_of(content.RULE_SOURCES)


def criteria_dict() -> dict[str, Any]:
    """The rule and its four criteria (`oms criteria --format json`)."""
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


def sources_dict() -> dict[str, Any]:
    """Every source, the page first, with the topics citing it (`oms sources --format json`)."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    cited_by = topics.sources_cited_by_topic()
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": [
            {
                **source_dict(source),
                "kind": "page" if source.n == GARD else "reference",
                "cited_by_topics": list(cited_by.get(source.n, ())),
            }
            for source in SOURCES
        ],
        "content_date": topics.CONTENT_DATE,
        "tool": TOOL,
    }


def info_statements(shown: "Sequence[Topic] | None") -> "list[Statement]":
    """Every statement that ``oms info`` shows: the short overview when no topics are given."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    if shown is None:
        return list(topics.INTRO)
    return [s for topic in shown for section in topic.sections for s in section.statements]


def info_sources(shown: "Sequence[Topic] | None") -> tuple[Source, ...]:
    """The sources that patient information cites, disclaimer included, in numbered order."""
    return sources_of(*(statement.sources for statement in info_statements(shown)))


def info_dict(shown: "Sequence[Topic] | None") -> dict[str, Any]:
    """Patient information (`oms info --format json`): whole topics, or the overview and list."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if shown is None:
        data["intro"] = [_statement_dict(statement) for statement in info_statements(None)]
        data["topics"] = [_topic_heading_dict(topic) for topic in topics.TOPICS]
    else:
        data["topics"] = [
            {
                **_topic_heading_dict(topic),
                "sections": [
                    {
                        "heading": section.heading,
                        "statements": [_statement_dict(s) for s in section.statements],
                    }
                    for section in topic.sections
                ],
            }
            for topic in shown
        ]
    data["sources"] = [source_dict(source) for source in info_sources(shown)]
    data["content_date"] = topics.CONTENT_DATE
    data["disclaimer"] = content.DISCLAIMER
    data["tool"] = TOOL
    return data


def _statement_dict(statement: "Statement") -> dict[str, Any]:
    return {"text": statement.text, "sources": list(statement.sources)}


def _topic_heading_dict(topic: "Topic") -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "summary": topic.summary}
