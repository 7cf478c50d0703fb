"""Words for people beyond a check result (`result`): sources, patient information, teaching cases.

`render` and `markdown` lay them out, composing no sentence of their own, so that the text and the
Markdown say the same. Standard library only.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from oms_cli import content
from oms_cli.content import CitedText, Note
from oms_cli.content.sources import SOURCES, Source
from oms_cli.rules import CRITERIA, Answer, CriterionResult, Status, Verdict
from oms_cli.views.json_object import info_sources, info_statements
from oms_cli.views.result import VERDICT_SAID, CheckResult, age_line, cited_sources, sources_of

if TYPE_CHECKING:  # for annotations only: the topics, cases and batch load where they are used
    from oms_cli.batch.rows import Summary
    from oms_cli.content.cases import Case
    from oms_cli.content.topics import Topic

Cited = CitedText | Note
"""A statement and the numbers of its sources: a text of `content`, a result's note."""
DISCLAIMER = CitedText(content.DISCLAIMER, content.DISCLAIMER_SOURCES)
"""The closing line of every result: an educational aid, not a diagnosis."""


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


def sources_view() -> list[tuple[Source, list[tuple[str, str]]]]:
    """`oms sources`: every source, the page first, with its details (empty ones left out)."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    cited_by = topics.sources_cited_by_topic()
    view = []
    for source in SOURCES:
        fields = [("Author", source.author), ("Publisher", source.publisher)]
        fields += [("Date", source.date), ("URL", source.url)]
        citing = ", ".join(cited_by.get(source.n, ())) or "none"
        view.append((source, [*((n, v) for n, v in fields if v), ("Cited by topics", citing)]))
    return view


# --- patient information (`oms info`) ------------------------------------------------------------

INFO_TITLE = "Opsoclonus-myoclonus syndrome (OMS): patient information"
INFO_HINT = "Read one topic with 'oms info TOPIC', or every topic with 'oms info --all'."
INFO_DISCLAIMER = CitedText(content.DISCLAIMER_SHORT, content.DISCLAIMER_SOURCES)
"""The closing line of `oms info`: the disclaimer, its date said once in the provenance line."""


class InfoView(NamedTuple):
    """Patient information (`oms info`): the overview and list of topics, or whole topics."""

    title: str | None
    """Over the overview and over several topics, not over a single one."""
    intro: tuple[CitedText, ...]
    topic_list: tuple[tuple[str, str], ...]
    """Each topic's id and summary (with the overview)."""
    hint: str | None
    topics: "tuple[Topic, ...]"
    sources: tuple[Source, ...]
    provenance: tuple[CitedText, ...]
    """Said once, at the end: the page's notes on itself, then where the facts come from."""


def info_view(shown: "Sequence[Topic] | None") -> InfoView:
    """Patient information: one topic, several, or (``None``) the short overview and topic list."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    overview = shown is None
    page_notes = tuple(s for topic in shown or () for s in topic.page_notes)
    cites = any(statement.sources for statement in info_statements(shown))
    return InfoView(
        title=INFO_TITLE if shown is None or len(shown) > 1 else None,
        intro=tuple(info_statements(None)) if overview else (),
        topic_list=tuple((t.id, t.summary) for t in topics.TOPICS) if overview else (),
        hint=INFO_HINT if overview else None,
        topics=tuple(shown or ()),
        sources=info_sources(shown),
        provenance=(*page_notes, *((CitedText(topics.PROVENANCE, ()),) if cites else ())),
    )


# --- teaching cases (`oms demo`) -----------------------------------------------------------------

FICTION_NOTICE = "Fictional case, made up for teaching: not a real person; name and age invented."
"""The label every teaching case carries wherever it is shown."""
CASE_STEPS = ("The case", "Findings", "Criterion by criterion", "Verdict", "Teaching point")
"""The steps of a walk-through, in order; text and Markdown show the same five."""


class CaseView(NamedTuple):
    """A teaching case worded for the five steps of `CASE_STEPS`."""

    id: str
    title: str
    vignette: str
    findings: tuple[tuple[str, str, str], ...]
    """Each finding's label, answer and criterion title."""
    age_line: str
    reasoning: tuple[str, ...]
    """Why each criterion has its status, in the order of `result.rows`."""
    result: CheckResult
    """The verdict step: its headline, reasons and notes, as `oms check` says them."""
    teaching: tuple[CitedText, ...]
    sources: tuple[Source, ...]


def case_view(case: "Case") -> CaseView:
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
    cited = (source.n for source in cited_sources(assessment))
    return CaseView(
        id=case.id,
        title=f"Teaching case: {case.title}",
        vignette=case.vignette,
        findings=findings,
        age_line=age_line(case.age_group),
        reasoning=tuple(criterion_reasoning(result) for result in assessment.criteria),
        result=CheckResult(assessment),
        teaching=tuple(case.teaching),
        sources=sources_of(cited, *(statement.sources for statement in case.teaching)),
    )


def _labels(result: CriterionResult, answer: Answer) -> list[str]:
    return [content.FINDING_TEXT[f].label for f, a in result.answers if a is answer]


def criterion_reasoning(result: CriterionResult) -> str:
    """Why one criterion has its status, in a sentence: "Sleep was looked for and not found."."""
    yes, no = _labels(result, Answer.YES), _labels(result, Answer.NO)
    unknown = _labels(result, Answer.UNKNOWN)
    if result.status is Status.MET:
        if len(yes) > 1:
            reason = f"{' and '.join(yes)} are both yes; together they still count once."
        elif no or unknown:
            rest = [f"{label} was {content.NO_MEANS}" for label in no]
            rest += [f"{label} is unknown" for label in unknown]
            reason = f"{yes[0]} is yes, which is enough for this criterion on its own"
            reason += f" ({', '.join(rest)})."
        else:
            reason = f"{yes[0]} is yes."
    elif result.status is Status.NOT_MET:
        both = " both" if len(no) > 1 else ""
        reason = f"{' and '.join(no)} {'were' if no[1:] else 'was'}{both} {content.NO_MEANS}."
    elif no:
        reason = (
            f"{' and '.join(no)} was {content.NO_MEANS}, and {' and '.join(unknown)} is unknown."
        )
    elif len(unknown) > 1:
        reason = f"{' and '.join(unknown)} are both unknown ({content.UNKNOWN_MEANS})."
    else:
        reason = f"{unknown[0]} is unknown ({content.UNKNOWN_MEANS}), so this criterion is open."
    return reason[0].upper() + reason[1:]


def case_list(cases: "Iterable[Case]") -> list[tuple[str, str, Verdict]]:
    """The teaching cases as (id, title, the verdict each one shows)."""
    return [(case.id, case.title, case.assessment().verdict) for case in cases]


def case_list_hint(code: Callable[[str], str]) -> str:
    """The line under the list of cases; ``code`` marks a command as its layout shows one."""
    return (
        f"{content.CASE_LIST_FICTIONAL} Walk through one with {code('oms demo CASE')}, or all of "
        f"them with {code('oms demo --all')}."
    )


# --- oms batch -----------------------------------------------------------------------------------


class Count(NamedTuple):
    """One count of a batch summary; ``verdict`` None for the bad rows."""

    words: str
    verdict: Verdict | None
    zero: bool


class BatchSummaryView(NamedTuple):
    """The line `oms batch` ends with on a terminal: rows, then each count, then where to."""

    rows: str
    counts: tuple[Count, ...]
    destination: str


def batch_summary(summary: "Summary", destination: str) -> BatchSummaryView:
    """What a batch did, for its last line on a terminal: rows, the counts, where they went."""
    counts = summary.verdicts
    parts: list[tuple[str, Verdict | None]] = [
        (f"{counts[verdict]:,} {VERDICT_SAID[verdict]}", verdict) for verdict in Verdict
    ]
    parts.append((f"{summary.errors:,} errors" if summary.errors != 1 else "1 error", None))
    return BatchSummaryView(
        f"{summary.rows:,} row: " if summary.rows == 1 else f"{summary.rows:,} rows: ",
        tuple(Count(words, verdict, words[0] == "0") for words, verdict in parts),
        f"; written to {destination}.",
    )
