"""Results as data and as plain text formats (JSON, Markdown): everything that needs no terminal.

The JSON envelope is versioned (`SCHEMA_VERSION`); its keys are the interface contract. This module
never imports rich, so that `oms check --format json` starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from oms_cli import __version__, content
from oms_cli.content import Note
from oms_cli.rules import (
    CRITERIA,
    CRITERION_BY_ID,
    FINDINGS,
    REQUIRED,
    Answer,
    Assessment,
    CriterionId,
    CriterionResult,
    NoteKey,
    Status,
    Verdict,
)
from oms_cli.sources import GARD, SOURCES, Source, cite

# The topics are imported inside the functions that use them: `oms check` never needs them, and
# `oms check --format json` must start fast.
if TYPE_CHECKING:
    from oms_cli.cases import Case
    from oms_cli.topics import Statement, Topic

SCHEMA_VERSION = 1
TOOL = {"name": "oms-cli", "version": __version__}

STATUS_WORDS: dict[Status, str] = {
    Status.MET: "MET",
    Status.NOT_MET: "NOT MET",
    Status.UNKNOWN: "UNKNOWN",
}
STATUS_SAID: dict[Status, str] = {
    Status.MET: "met",
    Status.NOT_MET: "not met",
    Status.UNKNOWN: "unknown",
}
"""A status in a sentence ("2 criteria are met", "Opsoclonus is not met")."""
VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.MET: "Criteria met",
    Verdict.NOT_MET: "Criteria not met",
    Verdict.UNDETERMINED: "Criteria undetermined",
}


def headline(assessment: Assessment) -> str:
    """The verdict in words, first thing a reader sees: "Criteria met: 3 of 4 met, 3 needed"."""
    parts = [f"{assessment.met_count} of {len(CRITERIA)} met"]
    if assessment.unknown_count:
        parts.append(f"{assessment.unknown_count} unknown")
    parts.append(f"{REQUIRED} needed")
    return f"{VERDICT_WORDS[assessment.verdict]}: {', '.join(parts)}"


def findings_summary(assessment: Assessment, criterion_index: int) -> str:
    """The answers behind one criterion, for example "myoclonus: yes, ataxia: unknown"."""
    result = assessment.criteria[criterion_index]
    return ", ".join(
        f"{content.FINDING_TEXT[finding].label}: {answer.value}"
        for finding, answer in result.answers
    )


def _criteria_named(assessment: Assessment, status: Status) -> tuple[int, str]:
    """How many criteria have ``status``, and their titles as one phrase ("a; b")."""
    titles = [r.criterion.title.lower() for r in assessment.criteria if r.status is status]
    return len(titles), "; ".join(titles)


def _tally(assessment: Assessment) -> str:
    """The criteria counted by status and named, such as "2 criteria are met (a; b), 1 is ..."."""
    parts: list[str] = []
    for status in (Status.MET, Status.UNKNOWN, Status.NOT_MET):
        count, titles = _criteria_named(assessment, status)
        word = STATUS_SAID[status]
        if count:
            verb = "is" if count == 1 else "are"
            if not parts:
                verb = f"criterion {verb}" if count == 1 else f"criteria {verb}"
            parts.append(f"{count} {verb} {word} ({titles})")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes of a result, worded: the keys `rules` chose, the texts `content` holds."""
    return tuple(_note(key, assessment) for key in assessment.note_keys)


def _note(key: NoteKey, assessment: Assessment) -> Note:
    if key is not NoteKey.UNDETERMINED:
        text = content.NOTE_TEXT[key]
        return Note(key, text.text, text.sources)
    deciding = [CRITERION_BY_ID[CriterionId(criterion_id)] for criterion_id in assessment.deciding]
    titles = "; ".join(criterion.title.lower() for criterion in deciding)
    needed = assessment.needed
    if needed == len(deciding) == 1:
        which = f"the unknown criterion ({titles}) must turn out met"
    elif needed == len(deciding):
        which = f"all {needed} unknown criteria ({titles}) must turn out met"
    else:
        which = (
            f"at least {needed} of the {len(deciding)} unknown criteria ({titles}) "
            "must turn out met"
        )
    to_assess = ", ".join(
        content.FINDING_TEXT[finding].label
        for finding in FINDINGS
        if assessment.answer(finding) is Answer.UNKNOWN
        and any(finding in criterion.findings for criterion in deciding)
    )
    template = content.UNDETERMINED_NOTE
    return Note(
        key, template.text.format(which=which, unknown_findings=to_assess), template.sources
    )


WHY_SOURCES = content.RULE_SOURCES
"""The reasoning applies the page's 3-of-4 rule, so it cites the rule's source."""
NOT_MET_SCOPE = (
    "Not met describes only the answers recorded here, checked against this rule; it rules "
    "nothing out. Please talk the findings over with a doctor."
)
NOT_MET_SCOPE_SOURCES = (0,)


def verdict_reasons(assessment: Assessment) -> tuple[Note, ...]:
    """Why the verdict is what it is: the criteria counted and named, then what follows.

    Pure: the same sentences (with their sources) for text, Markdown and the teaching cases.
    Key ``why`` explains the verdict; a not-met result adds ``not_met_scope``, which says calmly
    that it describes the recorded answers and rules nothing out [GARD].
    """
    tally = _tally(assessment)
    tally = tally[0].upper() + tally[1:]
    unknown, _ = _criteria_named(assessment, Status.UNKNOWN)
    if assessment.verdict is Verdict.MET:
        why = f"{tally}. The 3-of-4 rule needs {REQUIRED}, so the criteria are met."
        if unknown:
            which = "criterion" if unknown == 1 else "criteria"
            why += f" The unknown {which} cannot change that."
    elif assessment.verdict is Verdict.NOT_MET and unknown:
        reachable = assessment.met_count + unknown
        why = (
            f"{tally}. Not met although findings are unknown: even if every unknown criterion "
            f"were met, {REQUIRED} could not be reached (at most {reachable} of "
            f"{len(CRITERIA)}), so the criteria are not met."
        )
    elif assessment.verdict is Verdict.NOT_MET:
        why = (
            f"{tally}; no criterion is left unknown. The 3-of-4 rule needs {REQUIRED}, so the "
            "criteria are not met."
        )
    else:
        why = (
            f"{tally}. The 3-of-4 rule needs {REQUIRED}, and whether that is reached depends on "
            f"the unknown {'criterion' if unknown == 1 else 'criteria'}, so the criteria are "
            "undetermined."
        )
    reasons = [Note("why", why, WHY_SOURCES)]
    if assessment.verdict is Verdict.NOT_MET:
        reasons.append(Note("not_met_scope", NOT_MET_SCOPE, NOT_MET_SCOPE_SOURCES))
    return tuple(reasons)


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


def source_line(source: Source) -> str:
    """One source as a single line of text, without its label."""
    fields = [source.author, source.title, source.publisher, source.date, source.url]
    line = ""
    for field in filter(None, fields):
        if line:
            # A title ending in "?" or "!" is already closed: no full stop after it.
            line += " " if line.endswith(("?", "!")) else ". "
        line += field.rstrip(".")
    return line


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


def _md_sources(sources: Iterable[Source]) -> list[str]:
    return [f"- {source.label} {source_line(source)}" for source in sources]


def _md_paragraphs(texts: Iterable[str]) -> list[str]:
    return [line for text in texts for line in (text, "")]


def _md_disclaimer() -> list[str]:
    return ["---", "", f"*{content.DISCLAIMER}* {cite(content.DISCLAIMER_SOURCES)}"]


def assessment_markdown(assessment: Assessment, extra: Sequence[str] = ()) -> str:
    """The result as a Markdown document, with the same content as the text output.

    ``extra`` lines (such as the what-if section) come after the notes, before the sources.
    """
    lines = [
        "# OMS diagnostic criteria check",
        "",
        f"**{headline(assessment)}.**",
        "",
        *_md_paragraphs(f"{r.text} {cite(r.sources)}" for r in verdict_reasons(assessment)),
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
    if assessment.note_keys:
        lines += ["## Notes", ""]
        lines += [f"- {note.text} {cite(note.sources)}" for note in notes(assessment)]
        lines.append("")
    lines += extra
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


def source_fields(source: Source) -> list[tuple[str, str]]:
    """The details of one source below its title, as (name, value) pairs; empty ones left out."""
    fields = [
        ("Author", source.author),
        ("Publisher", source.publisher),
        ("Date", source.date),
        ("URL", source.url),
    ]
    return [(name, value) for name, value in fields if value]


def citing_topics(topic_ids: Sequence[str]) -> str:
    """Which ``oms info`` topics cite a source, as one line: "overview, diagnosis" or "none"."""
    return ", ".join(topic_ids) or "none"


CITED_BY = "Cited by topics"
"""The name of the line that says which topics cite a source."""


def sources_dict() -> dict[str, Any]:
    """Every source, the page first, with the topics citing it, as JSON-ready data."""
    from oms_cli import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

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


def sources_markdown() -> str:
    """Every source, the page first, each with its details and the topics citing it."""
    from oms_cli import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    cited_by = topics.sources_cited_by_topic()
    lines = ["# Sources", ""]
    for source in SOURCES:
        lines += [f"## {source.label} {source.title}", ""]
        lines += [f"- {name}: {value}" for name, value in source_fields(source)]
        lines += [f"- {CITED_BY}: {citing_topics(cited_by.get(source.n, ()))}", ""]
    return "\n".join(lines)


# --- patient information (`oms info`) ------------------------------------------------------------

INFO_TITLE = "Opsoclonus-myoclonus syndrome (OMS): patient information"
INFO_HINT = "Read one topic with 'oms info TOPIC', or every topic with 'oms info --all'."


def info_statements(shown: Sequence[Topic] | None) -> list[Statement]:
    """Every statement that ``oms info`` shows: the short overview when no topics are given."""
    from oms_cli import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    if shown is None:
        return list(topics.INTRO)
    return [
        statement
        for topic in shown
        for section in topic.sections
        for statement in section.statements
    ]


def info_sources(shown: Sequence[Topic] | None) -> tuple[Source, ...]:
    """The sources that patient information cites, disclaimer included, in numbered order."""
    numbers = set(content.DISCLAIMER_SOURCES)
    for statement in info_statements(shown):
        numbers.update(statement.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def info_dict(shown: Sequence[Topic] | None) -> dict[str, Any]:
    """Patient information as JSON-ready data: whole topics, or (``None``) the overview and list.

    Without topics, ``intro`` holds the short overview and each entry of ``topics`` only its
    ``id``, ``title`` and ``summary``; with topics, each entry also has its ``sections``.
    """
    from oms_cli import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

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


def _statement_dict(statement: Statement) -> dict[str, Any]:
    return {"text": statement.text, "sources": list(statement.sources)}


def _topic_heading_dict(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "summary": topic.summary}


def _md_cited(statement: Statement) -> str:
    return f"- {statement.text} {cite(statement.sources)}"


def _md_topic(topic: Topic, level: int) -> list[str]:
    lines = [f"{'#' * level} {topic.title}", "", f"*{topic.summary}.*", ""]
    for section in topic.sections:
        lines += [f"{'#' * (level + 1)} {section.heading}", ""]
        lines += [_md_cited(statement) for statement in section.statements]
        lines.append("")
    return lines


def info_markdown(shown: Sequence[Topic] | None) -> str:
    """Patient information as Markdown: one topic, several, or (``None``) the overview and list."""
    from oms_cli import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    if shown is None:
        lines = [f"# {INFO_TITLE}", ""]
        lines += [_md_cited(statement) for statement in info_statements(None)]
        lines += ["", "## Topics", ""]
        lines += [f"- `{topic.id}`: {topic.summary}" for topic in topics.TOPICS]
        lines += ["", INFO_HINT, ""]
    elif len(shown) == 1:
        lines = _md_topic(shown[0], 1)
    else:
        lines = [f"# {INFO_TITLE}", ""]
        for topic in shown:
            lines += _md_topic(topic, 2)
    lines += ["## Sources", "", *_md_sources(info_sources(shown)), ""]
    lines += [f"{topics.CONTENT_DATE}.", "", *_md_disclaimer()]
    return "\n".join(lines) + "\n"


# --- teaching cases (`oms demo`) -----------------------------------------------------------------

FICTION_NOTICE = "Fictional case, made up for teaching: not a real person; name and age invented."
"""The label every teaching case carries wherever it is shown."""

CASE_STEPS: tuple[str, ...] = (
    "The case",
    "Findings",
    "Criterion by criterion",
    "Verdict",
    "Teaching point",
)
"""The steps of a walk-through, in order; text and Markdown renderers show the same five."""


def _finding_label(result: CriterionResult, answer: Answer) -> list[str]:
    return [content.FINDING_TEXT[f].label for f, a in result.answers if a is answer]


def _joined(labels: list[str]) -> str:
    return " and ".join(labels)


def criterion_reasoning(result: CriterionResult) -> str:
    """Why one criterion has its status, in a sentence: "Sleep was looked for and not found."."""
    yes = _finding_label(result, Answer.YES)
    no = _finding_label(result, Answer.NO)
    unknown = _finding_label(result, Answer.UNKNOWN)
    if result.status is Status.MET:
        if len(yes) > 1:
            reason = f"{_joined(yes)} are both yes; together they still count once."
        elif no or unknown:
            reason = f"{yes[0]} is yes, which is enough for this criterion on its own"
            rest = [f"{label} was {content.NO_MEANS}" for label in no]
            rest += [f"{label} is unknown" for label in unknown]
            reason += f" ({', '.join(rest)})."
        else:
            reason = f"{yes[0]} is yes."
    elif result.status is Status.NOT_MET:
        both = " both" if len(no) > 1 else ""
        reason = f"{_joined(no)} {'were' if no[1:] else 'was'}{both} {content.NO_MEANS}."
    elif no:
        reason = f"{_joined(no)} was {content.NO_MEANS}, and {_joined(unknown)} is unknown."
    elif len(unknown) > 1:
        reason = f"{_joined(unknown)} are both unknown ({content.UNKNOWN_MEANS})."
    else:
        reason = f"{unknown[0]} is unknown ({content.UNKNOWN_MEANS}), so this criterion is open."
    return reason[0].upper() + reason[1:]


def verdict_reasoning(assessment: Assessment) -> str:
    """How the counts give the verdict, as plain text: the ``why`` of `verdict_reasons`.

    It applies the rule, so it is cited with `WHY_SOURCES`; a not-met result's ``not_met_scope``
    (cited [GARD]) is left to `verdict_reasons`, which gives each sentence with its own sources.
    """
    return verdict_reasons(assessment)[0].text


def case_sources(case: Case, assessment: Assessment) -> tuple[Source, ...]:
    """The sources a walk-through cites: the result's and the teaching point's, in order."""
    numbers = {source.n for source in cited_sources(assessment)}
    for statement in case.teaching:
        numbers.update(statement.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def _case_markdown_lines(case: Case, level: int) -> list[str]:
    assessment = case.assessment()
    heading = "#" * level
    sub = "#" * (level + 1)
    titles = [f"{sub} {n}. {title}" for n, title in enumerate(CASE_STEPS, start=1)]
    lines = [
        f"{heading} Teaching case: {case.title}",
        "",
        f"*{FICTION_NOTICE}* Run it with `oms demo {case.id}`.",
        "",
        titles[0],
        "",
        case.vignette,
        "",
        titles[1],
        "",
        "| Finding | Answer |",
        "|---|---|",
        *(
            f"| {content.FINDING_TEXT[finding].label} | {answer.value} |"
            for finding, answer in case.findings
        ),
        "",
        f"Age group: {case.age_group.value}.",
        "",
        titles[2],
        "",
        "| Criterion | Status | Why | Sources |",
        "|---|---|---|---|",
        *(
            f"| {result.criterion.title} | {STATUS_WORDS[result.status]} "
            f"| {criterion_reasoning(result)} | {cite(result.criterion.sources)} |"
            for result in assessment.criteria
        ),
        "",
        titles[3],
        "",
        f"**{headline(assessment)}.**",
        "",
        *_md_paragraphs(f"{r.text} {cite(r.sources)}" for r in verdict_reasons(assessment)),
    ]
    lines += [f"- {note.text} {cite(note.sources)}" for note in notes(assessment)]
    if assessment.note_keys:
        lines.append("")
    lines += [titles[4], ""]
    lines += [f"- {statement.text} {cite(statement.sources)}" for statement in case.teaching]
    lines += ["", f"{sub} Sources", "", *_md_sources(case_sources(case, assessment)), ""]
    return lines


def case_markdown(case: Case) -> str:
    """One teaching case, walked through in five steps, as a Markdown document."""
    return "\n".join([*_case_markdown_lines(case, 1), *_md_disclaimer()]) + "\n"


def cases_markdown(cases: Iterable[Case]) -> str:
    """Several teaching cases in one Markdown document, each walked through in full."""
    lines = ["# OMS teaching cases", ""]
    for case in cases:
        lines += _case_markdown_lines(case, 2)
    return "\n".join([*lines, *_md_disclaimer()]) + "\n"


def case_list_markdown(cases: Iterable[Case]) -> str:
    """The teaching cases as a Markdown table: id, title and the verdict each one shows."""
    lines = [
        "# OMS teaching cases",
        "",
        "| Case | Title | Verdict |",
        "|---|---|---|",
        *(
            f"| `{case.id}` | {case.title} | {VERDICT_WORDS[case.assessment().verdict]} |"
            for case in cases
        ),
        "",
        f"{content.CASE_LIST_FICTIONAL} Walk through one with `oms demo CASE`, or all of them "
        "with `oms demo --all`.",
        "",
        *_md_disclaimer(),
    ]
    return "\n".join(lines) + "\n"
