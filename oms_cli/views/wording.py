"""Every view for people, worded once as plain data; `render` (rich) and `markdown` lay it out.

Each command's view (a check result, the criteria, the sources, patient information, a teaching
case and the list of cases, a batch's summary) is a typed record of finished phrases: headline,
reasons, rows with their status words and findings, notes with their sources, the disclaimer.
The layouts choose headings, tables, bullets and styles, and compose no sentence of their own, so
that the text and the Markdown output say the same.

The notes of a result are contract data (the JSON output carries them): `oms_cli.views.json_object`
words
them, and this module takes them from there. Standard library only, no rich: `oms check --brief`
and the JSON output's neighbours stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from oms_cli import content
from oms_cli.content import Note
from oms_cli.content.sources import SOURCES, Source
from oms_cli.rules import (
    CRITERIA,
    REQUIRED,
    AgeGroup,
    Answer,
    Assessment,
    CriterionResult,
    Finding,
    Status,
    Verdict,
)
from oms_cli.views.json_object import (
    caveat,
    cited_sources,
    criteria_sources,
    info_sources,
    info_statements,
    keyed_notes,
)
from oms_cli.views.result import CheckResult

# Imported where they are used: `oms check` never needs the topics or the cases.
if TYPE_CHECKING:
    from oms_cli.batch.rows import Summary
    from oms_cli.content.cases import Case
    from oms_cli.content.topics import Topic
    from oms_cli.rules.whatif import Change

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
VERDICT_SAID: dict[Verdict, str] = {
    Verdict.MET: "met",
    Verdict.NOT_MET: "not met",
    Verdict.UNDETERMINED: "undetermined",
}
"""A verdict in a sentence, as the quiz quotes an answer ("met")."""
VERDICT_SENTENCE: dict[Verdict, str] = {
    Verdict.MET: "the criteria are met",
    Verdict.NOT_MET: "the criteria are not met",
    Verdict.UNDETERMINED: "the criteria are undetermined",
}
"""What a verdict says, as a clause: the end of `verdict_reasons`' reason, the answer key's."""


# --- the records ---------------------------------------------------------------------------------


Cited = content.CitedText
"""A statement and the numbers of its sources (0 is the page), shown as ``[n]`` marks."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One source in a result's list of sources: its label ("[4]") and the reference in a line."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A section a result adds after its notes: a heading, an intro, its lines, a cited close."""

    heading: str
    intro: str | None
    lines: tuple[str, ...]
    after: Cited | None = None


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One criterion of a result: its status in words and the answers behind it."""

    title: str
    status: Status
    status_word: str
    findings: str
    """The answers behind it, such as "myoclonus: yes, ataxia: unknown"."""
    meaning: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CheckView:
    """A result of `oms check`: verdict first, then criteria, notes, sources and disclaimer."""

    verdict: Verdict
    headline: str
    reasons: tuple[Cited, ...]
    age_line: str
    rows: tuple[CriterionRow, ...]
    notes: tuple[Cited, ...]
    references: tuple[Reference, ...]
    disclaimer: Cited
    sections: tuple[Section, ...] = ()
    """What the result was asked to add after its notes: the what-if, features not counted."""


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One of the four criteria as `oms criteria` shows it."""

    title: str
    id: str
    findings: str
    """The findings behind it, joined: "myoclonus and/or ataxia"."""
    meaning: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CriteriaView:
    """The rule and its four criteria (`oms criteria`)."""

    rule: Cited
    rows: tuple[RuleRow, ...]
    policies: tuple[str, ...]
    """How and/or and unknown findings are read."""
    references: tuple[Reference, ...]
    disclaimer: Cited


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source as `oms sources` shows it: its details as (name, value), empty ones left out."""

    label: str
    title: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class TopicView:
    """One topic of patient information, in headed sections of cited statements."""

    title: str
    lead: str
    """The topic's summary as a sentence."""
    sections: tuple[tuple[str, tuple[Cited, ...]], ...]


@dataclass(frozen=True, slots=True)
class InfoView:
    """Patient information (`oms info`): the overview and list of topics, or whole topics."""

    title: str | None
    """The page's title: over the overview and over several topics, not over a single one."""
    intro: tuple[Cited, ...]
    topic_list: tuple[tuple[str, str], ...]
    """Each topic's id and summary (with the overview)."""
    hint: str | None
    topics: tuple[TopicView, ...]
    references: tuple[Reference, ...]
    provenance: tuple[Cited, ...]
    """Said once, at the end: what the page says about itself (`Topic.page_notes`), the tool's notes
    on it, and where the facts come from and when (`topics.PROVENANCE`)."""
    disclaimer: Cited


@dataclass(frozen=True, slots=True)
class CaseCriterion:
    """One criterion of a teaching case, with the reason for its status in a sentence."""

    title: str
    status: Status
    status_word: str
    sources: tuple[int, ...]
    reasoning: str


@dataclass(frozen=True, slots=True)
class CaseView:
    """A teaching case walked through in the five steps of `CASE_STEPS`."""

    id: str
    title: str
    notice: str
    vignette: str
    findings: tuple[tuple[str, str, str], ...]
    """Each finding's label, answer and criterion title."""
    age_line: str
    criteria: tuple[CaseCriterion, ...]
    verdict: Verdict
    headline: str
    reasons: tuple[Cited, ...]
    notes: tuple[Cited, ...]
    teaching: tuple[Cited, ...]
    references: tuple[Reference, ...]


@dataclass(frozen=True, slots=True)
class CaseListEntry:
    """One teaching case in the list: id, title and the verdict it shows."""

    id: str
    title: str
    verdict: Verdict
    verdict_word: str


@dataclass(frozen=True, slots=True)
class CaseListView:
    """The teaching cases (`oms demo` without a case)."""

    cases: tuple[CaseListEntry, ...]
    hint: str
    disclaimer: Cited


@dataclass(frozen=True, slots=True)
class Count:
    """One count of a batch summary; ``verdict`` None for the bad rows."""

    words: str
    verdict: Verdict | None
    zero: bool


@dataclass(frozen=True, slots=True)
class BatchSummaryView:
    """The line `oms batch` ends with on a terminal: rows, then each count, then where to."""

    rows: str
    counts: tuple[Count, ...]
    destination: str


# --- phrases -------------------------------------------------------------------------------------


def headline(assessment: Assessment) -> str:
    """The verdict in words, first thing a reader sees: "Criteria met: 3 of 4 met, 3 needed"."""
    parts = [f"{assessment.met_count} of {len(CRITERIA)} met"]
    if assessment.unknown_count:
        parts.append(f"{assessment.unknown_count} unknown")
    parts.append(f"{REQUIRED} needed")
    return f"{VERDICT_WORDS[assessment.verdict]}: {', '.join(parts)}"


def answers_said(answers: Iterable[tuple[Finding, Answer]]) -> str:
    """Findings and their answers in one phrase: "myoclonus: yes, ataxia: unknown"."""
    return ", ".join(
        f"{content.FINDING_TEXT[finding].label}: {answer.value}" for finding, answer in answers
    )


def findings_summary(assessment: Assessment, criterion_index: int) -> str:
    """The answers behind one criterion, for example "myoclonus: yes, ataxia: unknown"."""
    return answers_said(assessment.criteria[criterion_index].answers)


def age_line(age_group: AgeGroup) -> str:
    """The age group, as a line under the findings or the verdict: "Age group: child"."""
    return f"Age group: {age_group.value}"


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


WHY_SOURCES = content.RULE_SOURCES
"""The reasoning applies the page's 3-of-4 rule, so it cites the rule's source."""


def verdict_reasons(assessment: Assessment) -> tuple[Note, ...]:
    """Why the verdict is what it is: the criteria counted and named, then what follows.

    Pure: the same sentences (with their sources) for text, Markdown and the teaching cases.
    Key ``why`` explains the verdict; a not-met result adds its caveat
    (`oms_cli.views.json_object.caveat`: it describes the recorded answers and rules nothing out),
    in the tool's own words and so uncited.
    """
    tally = _tally(assessment)
    tally = tally[0].upper() + tally[1:]
    unknown, _ = _criteria_named(assessment, Status.UNKNOWN)
    verdict = VERDICT_SENTENCE[assessment.verdict]
    if assessment.verdict is Verdict.MET:
        why = f"{tally}. The 3-of-4 rule needs {REQUIRED}, so {verdict}."
        if unknown:
            which = "criterion" if unknown == 1 else "criteria"
            why += f" The unknown {which} cannot change that."
    elif assessment.verdict is Verdict.NOT_MET and unknown:
        reachable = assessment.met_count + unknown
        why = (
            f"{tally}. Not met although findings are unknown: even if every unknown criterion "
            f"were met, {REQUIRED} could not be reached (at most {reachable} of "
            f"{len(CRITERIA)}), so {verdict}."
        )
    elif assessment.verdict is Verdict.NOT_MET:
        why = (
            f"{tally}; no criterion is left unknown. The 3-of-4 rule needs {REQUIRED}, so "
            f"{verdict}."
        )
    else:
        why = (
            f"{tally}. The 3-of-4 rule needs {REQUIRED}, and whether that is reached depends on "
            f"the unknown {'criterion' if unknown == 1 else 'criteria'}, so {verdict}."
        )
    return (Note("why", why, WHY_SOURCES), *caveat(assessment))


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


def references(sources: Iterable[Source]) -> tuple[Reference, ...]:
    """Sources as a result lists them: label, then the reference in one line."""
    return tuple(Reference(source.label, source_line(source)) for source in sources)


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

DISCLAIMER = Cited(content.DISCLAIMER, content.DISCLAIMER_SOURCES)
"""The closing line of every result: an educational aid, not a diagnosis."""


# --- the views -----------------------------------------------------------------------------------


def _cited(statements: Iterable[Note]) -> tuple[Cited, ...]:
    return tuple(Cited(statement.text, statement.sources) for statement in statements)


def check_view(result: CheckResult) -> CheckView:
    """The result of `oms check` for people, with the sections it was asked for."""
    assessment = result.assessment
    sections: list[Section] = []
    if result.what_if is not None:
        sections.append(what_if_section(result.what_if))
    if result.not_counted:
        from oms_cli.views import not_counted  # noqa: PLC0415  (only a phenopacket's result)

        lines = not_counted.lines(result.not_counted)
        sections.append(Section(not_counted.HEADING, not_counted.INTRO, lines))
    rows = tuple(
        CriterionRow(
            result.criterion.title,
            result.status,
            STATUS_WORDS[result.status],
            findings_summary(assessment, index),
            content.CRITERION_TEXT[result.criterion.id].meaning,
            result.criterion.sources,
        )
        for index, result in enumerate(assessment.criteria)
    )
    return CheckView(
        assessment.verdict,
        headline(assessment),
        _cited(verdict_reasons(assessment)),
        age_line(assessment.age_group),
        rows,
        _cited(keyed_notes(assessment)),
        references(cited_sources(assessment)),
        DISCLAIMER,
        tuple(sections),
    )


# --- what if one finding were different (`oms check --what-if`) ---------------------------------

WHAT_IF_HEADING = "What if one finding were different"
WHAT_IF_INTRO = (
    "Each change of one finding that would change the verdict, the other findings as recorded:"
)
WHAT_IF_NOTHING = "No change of any one finding would change the verdict."
WHAT_IF_AFTER = Cited(
    "Each line applies the 3-of-4 rule to the findings with that one change.", content.RULE_SOURCES
)
WOULD_BE: dict[Verdict, str] = {
    Verdict.MET: "the criteria would be met",
    Verdict.NOT_MET: "the criteria would not be met",
    Verdict.UNDETERMINED: "the verdict would be undetermined",
}
ANSWER_SAID: dict[Answer, str] = {
    Answer.YES: "yes",
    Answer.NO: f"no ({content.NO_MEANS})",
    Answer.UNKNOWN: f"unknown ({content.UNKNOWN_MEANS})",
}
"""A new answer in words: no and unknown always say what they mean, as everywhere else."""


def change_text(change: Change) -> str:
    """One change in words, such as "If neuroblastoma turned out yes: the criteria would be met."

    A finding already recorded as yes or no says what it was recorded as.
    """
    name = content.FINDING_TEXT[change.finding].label
    after = ANSWER_SAID[change.after]
    if change.before is Answer.UNKNOWN:
        condition = f"If {name} turned out {after}"
    else:
        condition = f"If {name} were {after} instead of {change.before.value}"
    return f"{condition}: {WOULD_BE[change.verdict]}."


def what_if_section(changes: Sequence[Change]) -> Section:
    """The what-if section: each change that matters, or one line saying that there is none."""
    lines = tuple(change_text(change) for change in changes) or (WHAT_IF_NOTHING,)
    return Section(WHAT_IF_HEADING, WHAT_IF_INTRO if changes else None, lines, WHAT_IF_AFTER)


def criteria_view() -> CriteriaView:
    """The rule and its four criteria (`oms criteria`)."""
    rows = tuple(
        RuleRow(
            criterion.title,
            criterion.id,
            criterion.joined_findings,
            content.CRITERION_TEXT[criterion.id].meaning,
            criterion.sources,
        )
        for criterion in CRITERIA
    )
    return CriteriaView(
        Cited(content.RULE, content.RULE_SOURCES),
        rows,
        (content.AND_OR, content.UNKNOWN_POLICY),
        references(criteria_sources()),
        DISCLAIMER,
    )


def sources_view() -> tuple[SourceEntry, ...]:
    """Every source, the page first, each with its details and the topics citing it."""
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    cited_by = topics.sources_cited_by_topic()
    return tuple(
        SourceEntry(
            source.label,
            source.title,
            (*source_fields(source), (CITED_BY, citing_topics(cited_by.get(source.n, ())))),
        )
        for source in SOURCES
    )


INFO_TITLE = "Opsoclonus-myoclonus syndrome (OMS): patient information"
INFO_HINT = "Read one topic with 'oms info TOPIC', or every topic with 'oms info --all'."


INFO_DISCLAIMER = Cited(content.DISCLAIMER_SHORT, content.DISCLAIMER_SOURCES)
"""The closing line of `oms info`: the disclaimer, its date said once in the provenance line."""


def _topic_view(topic: Topic) -> TopicView:
    sections = tuple((section.heading, section.statements) for section in topic.main_sections)
    return TopicView(topic.title, f"{topic.summary}.", sections)


def _provenance(shown: Sequence[Topic] | None) -> tuple[Cited, ...]:
    """The provenance line: the page's notes on itself, then (if any fact is shown) its date."""
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    notes = tuple(s for topic in shown or () for s in topic.page_notes)
    cites = any(statement.sources for statement in info_statements(shown))
    return (*notes, *((Cited(topics.PROVENANCE, ()),) if cites else ()))


def info_view(shown: Sequence[Topic] | None) -> InfoView:
    """Patient information: one topic, several, or (``None``) the short overview and topic list."""
    from oms_cli.content import topics  # noqa: PLC0415  (lazy: see the TYPE_CHECKING block)

    overview = shown is None
    return InfoView(
        title=INFO_TITLE if shown is None or len(shown) > 1 else None,
        intro=tuple(info_statements(None)) if overview else (),
        topic_list=tuple((t.id, t.summary) for t in topics.TOPICS) if overview else (),
        hint=INFO_HINT if overview else None,
        topics=tuple(_topic_view(topic) for topic in shown or ()),
        references=references(info_sources(shown)),
        provenance=_provenance(shown),
        disclaimer=INFO_DISCLAIMER,
    )


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


def case_sources(case: Case, assessment: Assessment) -> tuple[Source, ...]:
    """The sources a walk-through cites: the result's and the teaching point's, in order."""
    numbers = {source.n for source in cited_sources(assessment)}
    for statement in case.teaching:
        numbers.update(statement.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def case_view(case: Case) -> CaseView:
    """A teaching case, worded for its five steps."""
    assessment = case.assessment()
    findings = tuple(
        (
            content.FINDING_TEXT[finding].label,
            answer.value,
            next(c for c in CRITERIA if finding in c.findings).title,
        )
        for finding, answer in case.findings
    )
    criteria = tuple(
        CaseCriterion(
            result.criterion.title,
            result.status,
            STATUS_WORDS[result.status],
            result.criterion.sources,
            criterion_reasoning(result),
        )
        for result in assessment.criteria
    )
    return CaseView(
        id=case.id,
        title=f"Teaching case: {case.title}",
        notice=FICTION_NOTICE,
        vignette=case.vignette,
        findings=findings,
        age_line=age_line(case.age_group),
        criteria=criteria,
        verdict=assessment.verdict,
        headline=headline(assessment),
        reasons=_cited(verdict_reasons(assessment)),
        notes=_cited(keyed_notes(assessment)),
        teaching=tuple(case.teaching),
        references=references(case_sources(case, assessment)),
    )


def run_hint(case_id: str, code: Callable[[str], str]) -> str:
    """How to walk through one case, its command marked by ``code``: "Run it with `oms ...`."."""
    return f"Run it with {code(f'oms demo {case_id}')}."


def case_list_view(cases: Iterable[Case], code: Callable[[str], str]) -> CaseListView:
    """The teaching cases and the verdict each one shows; commands in the hint marked by ``code``.

    ``code`` marks a command as its layout shows one: in quotes on screen, in backticks in Markdown.
    """
    entries = []
    for case in cases:
        verdict = case.assessment().verdict
        entries.append(CaseListEntry(case.id, case.title, verdict, VERDICT_WORDS[verdict]))
    hint = (
        f"{content.CASE_LIST_FICTIONAL} Walk through one with {code('oms demo CASE')}, or all of "
        f"them with {code('oms demo --all')}."
    )
    return CaseListView(tuple(entries), hint, DISCLAIMER)


# --- oms batch -----------------------------------------------------------------------------------


def batch_summary(summary: Summary, destination: str) -> BatchSummaryView:
    """What a batch did, for its last line on a terminal: rows, the counts, where they went."""
    counts = summary.verdicts
    parts = [
        (f"{counts[Verdict.MET]:,} met", Verdict.MET),
        (f"{counts[Verdict.NOT_MET]:,} not met", Verdict.NOT_MET),
        (f"{counts[Verdict.UNDETERMINED]:,} undetermined", Verdict.UNDETERMINED),
        (f"{summary.errors:,} errors" if summary.errors != 1 else "1 error", None),
    ]
    return BatchSummaryView(
        f"{summary.rows:,} row: " if summary.rows == 1 else f"{summary.rows:,} rows: ",
        tuple(Count(words, verdict, words[0] == "0") for words, verdict in parts),
        f"; written to {destination}.",
    )
