"""Words for people beyond a check result (`result`): pages (`Page`), sources, teaching cases.

`render` and `markdown` lay them out, composing no sentence of their own. Standard library only.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from oms_cli import content
from oms_cli.content import CitedText, Note
from oms_cli.content.sources import SOURCES, Source, cite
from oms_cli.rules import CRITERIA, Answer, CriterionResult, Status, Verdict
from oms_cli.views.json_object import criteria_sources, info_sources, info_statements
from oms_cli.views.result import VERDICT_SAID, CheckResult, Section, sources_of

if TYPE_CHECKING:  # for annotations only: the topics and cases load where they are used
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


# --- a page: what `oms criteria`, `oms info`, `oms sources` and the list of cases say ------------


class Bullets(NamedTuple):
    """Cited lines as a list, under a heading if any."""

    heading: str | None
    lines: tuple[Cited, ...]


class Listing(NamedTuple):
    """Names, each with a line about it (the topics of `oms info`)."""

    heading: str
    items: tuple[tuple[str, str], ...]


class Table(NamedTuple):
    """Rows under column headers; a cell is text, a code (`Code`), a criterion or a verdict."""

    heading: str | None
    columns: tuple[str, ...]
    rows: "tuple[tuple[Cell, ...], ...]"


class Code(NamedTuple):
    """A name the user types: a case, a criterion's id."""

    text: str


Cell = str | Code | Verdict | tuple[str, Code]
"""A table cell; a (title, code) pair is a criterion's title and its id."""


class Entries(NamedTuple):
    """Labelled entries, each a title and its details by name (the sources)."""

    items: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]


class Chapter(NamedTuple):
    """A topic of `oms info`: its title, its summary, its lists of cited lines."""

    title: str
    summary: str
    parts: tuple[Bullets, ...]


Part = Bullets | Listing | Table | Entries | Chapter | Section | Cited
"""A part of a page; a lone statement is a paragraph (commands in it `quoted`, as in Markdown)."""


class Page(NamedTuple):
    """A view for people: a title, its parts, the sources, the notes on them, a closing line."""

    title: str | None
    parts: tuple[Part, ...]
    sources: tuple[Source, ...] = ()
    about: tuple[Cited, ...] | None = None
    """Given (maybe empty), the closing line follows the notes at once, not a paragraph apart."""
    closing: CitedText | None = DISCLAIMER


def check_page(result: CheckResult) -> Page:
    """What `oms check` says after its criteria: the notes, its sections, sources, disclaimer."""
    notes = (Bullets("Notes", result.notes),) if result.notes else ()
    return Page(None, (*notes, *result.sections), result.sources)


def criteria_page() -> Page:
    """`oms criteria`: the rule and its four criteria."""
    rows = tuple(
        (
            (criterion.title, Code(criterion.id)),
            criterion.joined_findings,
            content.CRITERION_TEXT[criterion.id].meaning,
            cite(criterion.sources),
        )
        for criterion in CRITERIA
    )
    policies = (CitedText(content.AND_OR, ()), CitedText(content.UNKNOWN_POLICY, ()))
    return Page(
        "OMS diagnostic criteria",
        (
            CitedText(content.RULE, content.RULE_SOURCES),
            Table(None, ("Criterion", "Met when any of", "Meaning", "Sources"), rows),
            Bullets(None, policies),
        ),
        criteria_sources(),
    )


INFO_TITLE = "Opsoclonus-myoclonus syndrome (OMS): patient information"
INFO_HINT = "Read one topic with 'oms info TOPIC', or every topic with 'oms info --all'."
INFO_DISCLAIMER = CitedText(content.DISCLAIMER_SHORT, content.DISCLAIMER_SOURCES)
"""The closing line of `oms info`: the disclaimer, its date said once in the provenance line."""


def info_page(shown: "Sequence[Topic] | None") -> Page:
    """`oms info`: one topic, several, or (``None``) the short overview and list of topics."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    statements = info_statements(shown)
    parts: list[Part] = [
        Chapter(
            topic.title,
            topic.summary,
            tuple(Bullets(s.heading, s.statements) for s in topic.main_sections),
        )
        for topic in shown or ()
    ]
    if shown is None:
        listing = tuple((topic.id, topic.summary) for topic in topics.TOPICS)
        parts = [
            Bullets(None, tuple(statements)),
            Listing("Topics", listing),
            CitedText(INFO_HINT, ()),
        ]
    notes = [statement for topic in shown or () for statement in topic.page_notes]
    if any(statement.sources for statement in statements):
        notes.append(CitedText(topics.PROVENANCE, ()))
    return Page(
        INFO_TITLE if shown is None or len(shown) > 1 else None,
        tuple(parts),
        info_sources(shown),
        tuple(notes),
        INFO_DISCLAIMER,
    )


def sources_page() -> Page:
    """`oms sources`: every source, the page first, with its details (empty ones left out)."""
    from oms_cli.content import topics  # noqa: PLC0415  (see the TYPE_CHECKING block)

    cited_by = topics.sources_cited_by_topic()
    entries = []
    for source in SOURCES:
        fields = [("Author", source.author), ("Publisher", source.publisher)]
        fields += [("Date", source.date), ("URL", source.url)]
        citing = ", ".join(cited_by.get(source.n, ())) or "none"
        details = (*((name, value) for name, value in fields if value), ("Cited by topics", citing))
        entries.append((source.label, source.title, details))
    return Page("Sources", (Entries(tuple(entries)),), closing=None)


def case_list_page(cases: "Iterable[Case]") -> Page:
    """`oms demo`: the teaching cases, each with the verdict it shows."""
    rows = tuple((Code(case.id), case.title, case.assessment().verdict) for case in cases)
    hint = (
        f"{content.CASE_LIST_FICTIONAL} Walk through one with `oms demo CASE`, or all of them "
        "with `oms demo --all`."
    )
    return Page(
        None,
        (Table("Teaching cases", ("Case", "Title", "Verdict"), rows), CitedText(hint, ())),
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
    result = CheckResult(assessment)
    cited = (source.n for source in result.sources)
    return CaseView(
        id=case.id,
        title=f"Teaching case: {case.title}",
        vignette=case.vignette,
        findings=findings,
        reasoning=tuple(map(criterion_reasoning, assessment.criteria)),
        result=result,
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


def batch_summary(
    verdicts: Mapping[Verdict, int], errors: int, destination: str
) -> BatchSummaryView:
    """What a batch did, for its last line on a terminal: rows, the counts, where they went."""
    parts: list[tuple[str, Verdict | None]] = [
        (f"{verdicts.get(verdict, 0):,} {VERDICT_SAID[verdict]}", verdict) for verdict in Verdict
    ]
    parts.append((f"{errors:,} errors" if errors != 1 else "1 error", None))
    rows = sum(verdicts.values()) + errors
    return BatchSummaryView(
        f"{rows:,} row: " if rows == 1 else f"{rows:,} rows: ",
        tuple(Count(words, verdict, words[0] == "0") for words, verdict in parts),
        f"; written to {destination}.",
    )
