"""The JSON contract: the objects `--format json` prints, and the notes and sources they carry.

The envelope is versioned (`SCHEMA_VERSION`); its keys are the interface contract. A result's notes
are contract data, worded here (`notes`); everything else worded for people is in
`oms_cli.views.wording`, laid out by `oms_cli.views.render` and `oms_cli.views.markdown`. Standard
library only, and
only what the JSON needs, so that `oms check --format json` starts fast.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from oms_cli import content
from oms_cli.content import Note
from oms_cli.content.sources import GARD, SOURCES, Source
from oms_cli.rules import (
    CRITERIA,
    CRITERION_BY_ID,
    FINDINGS,
    REQUIRED,
    Answer,
    Assessment,
    Criterion,
    CriterionId,
    Finding,
    NoteKey,
    Verdict,
)
from oms_cli.version import __version__

# The topics are imported inside the functions that use them: `oms check` never needs them, and
# `oms check --format json` must start fast. So annotations naming them are strings: without
# `from __future__ import annotations`, whose module would be one more import on that path.
if TYPE_CHECKING:
    from oms_cli.content.topics import Statement, Topic
    from oms_cli.views.result import CheckResult

SCHEMA_VERSION = 1
TOOL = {"name": "oms-cli", "version": __version__}


def notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes of a result, worded: the not-met caveat if any, then the keys `rules` chose."""
    return (*caveat(assessment), *keyed_notes(assessment))


def caveat(assessment: Assessment) -> tuple[Note, ...]:
    """For a not-met result, its caveat (`content.NOT_MET_CAVEAT`); none for another verdict.

    The tool's own words, so the note cites no source (``sources`` is empty).
    """
    if assessment.verdict is not Verdict.NOT_MET:
        return ()
    return (Note(content.NOT_MET_CAVEAT_KEY, content.NOT_MET_CAVEAT, ()),)


def keyed_notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes `rules` chose for a result (`Assessment.note_keys`), worded by `content`."""
    return tuple(_note(key, assessment) for key in assessment.note_keys)


def _note(key: NoteKey, assessment: Assessment) -> Note:
    if key is not NoteKey.UNDETERMINED:
        text = content.NOTE_TEXT[key]
        return Note(key, text.text, text.sources)
    to_assess = ", ".join(content.FINDING_TEXT[finding].label for finding in to_settle(assessment))
    template = content.UNDETERMINED_NOTE
    return Note(
        key,
        template.text.format(which=what_decides(assessment), unknown_findings=to_assess),
        template.sources,
    )


def what_decides(assessment: Assessment) -> str:
    """Which unknown criteria must turn out met for an undetermined result to be met.

    "the unknown criterion (...) must turn out met", "all 2 unknown criteria (...) ..." or "at
    least 1 of the 2 unknown criteria (...) ...": the note of the result and `--brief` both say it.
    """
    deciding = _deciding_criteria(assessment)
    titles = "; ".join(criterion.title.lower() for criterion in deciding)
    needed = assessment.needed
    if needed == len(deciding) == 1:
        return f"the unknown criterion ({titles}) must turn out met"
    if needed == len(deciding):
        return f"all {needed} unknown criteria ({titles}) must turn out met"
    return f"at least {needed} of the {len(deciding)} unknown criteria ({titles}) must turn out met"


def _deciding_criteria(assessment: Assessment) -> list[Criterion]:
    return [CRITERION_BY_ID[CriterionId(criterion_id)] for criterion_id in assessment.deciding]


def to_settle(assessment: Assessment) -> list[Finding]:
    """The unknown findings behind the deciding criteria, in the order of `FINDINGS`.

    Only those that could still decide: not the unknown findings of a criterion already met.
    """
    deciding = _deciding_criteria(assessment)
    return [
        finding
        for finding in FINDINGS
        if assessment.answer(finding) is Answer.UNKNOWN
        and any(finding in criterion.findings for criterion in deciding)
    ]


def cited_sources(assessment: Assessment) -> tuple[Source, ...]:
    """The sources that the result cites, in numbered order."""
    numbers = set(content.DISCLAIMER_SOURCES)
    for result in assessment.criteria:
        numbers.update(result.criterion.sources)
    for note in notes(assessment):
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
            for note in notes(assessment)
        ],
        "sources": [source_dict(source) for source in cited_sources(assessment)],
        "tool": TOOL,
        "disclaimer": content.DISCLAIMER,
        # Added in schema_version 1 (the contract lets keys be added); after the contract's keys.
        "codes": codes_dict(),
    }


def check_dict(result: "CheckResult") -> dict[str, Any]:
    """`oms check --format json`: the result (`assessment_dict`) and the keys asked for after it.

    ``what_if`` (with --what-if): each change of one finding that changes the verdict;
    ``not_counted`` (with --from-phenopacket): the features that made no finding yes or no.
    """
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
    """The standard codes as the JSON output carries them: the syndrome, each finding's HPO term."""
    syndrome_id, syndrome_label = content.SYNDROME_CODE
    return {
        "syndrome": {"id": syndrome_id, "label": syndrome_label},
        "findings": {
            name: {"id": term_id, "label": label}
            for name, (term_id, label) in content.HPO_TERMS.items()
        },
    }


def to_json(data: Any) -> str:
    """JSON as every command prints it: indented, UTF-8 kept readable, newline-terminated."""
    import json  # noqa: PLC0415  (here, not above: text and Markdown output never need it)

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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


def sources_dict() -> dict[str, Any]:
    """Every source, the page first, with the topics citing it, as JSON-ready data."""
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

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


# --- patient information (`oms info`) ------------------------------------------------------------


def info_statements(shown: "Sequence[Topic] | None") -> "list[Statement]":
    """Every statement that ``oms info`` shows: the short overview when no topics are given."""
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    if shown is None:
        return list(topics.INTRO)
    return [
        statement
        for topic in shown
        for section in topic.sections
        for statement in section.statements
    ]


def info_sources(shown: "Sequence[Topic] | None") -> tuple[Source, ...]:
    """The sources that patient information cites, disclaimer included, in numbered order."""
    numbers = set(content.DISCLAIMER_SOURCES)
    for statement in info_statements(shown):
        numbers.update(statement.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def info_dict(shown: "Sequence[Topic] | None") -> dict[str, Any]:
    """Patient information as JSON-ready data: whole topics, or (``None``) the overview and list.

    Without topics, ``intro`` holds the short overview and each entry of ``topics`` only its
    ``id``, ``title`` and ``summary``; with topics, each entry also has its ``sections``.
    """
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

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
