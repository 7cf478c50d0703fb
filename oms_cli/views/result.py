"""The result of the rule in words: `CheckResult`, the one model every format of `oms check` reads.

Standard library only, records as NamedTuples: this is on the path of `oms check --format json`.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from oms_cli import content
from oms_cli.content import CitedText, Note
from oms_cli.content.sources import SOURCES, Source
from oms_cli.files.textsafe import visible
from oms_cli.rules import (
    CRITERIA,
    CRITERION_BY_ID,
    FINDINGS,
    REQUIRED,
    AgeGroup,
    Answer,
    Assessment,
    Criterion,
    CriterionId,
    Finding,
    NoteKey,
    Status,
    Verdict,
)

if TYPE_CHECKING:  # for annotations only: what-if loads where it is used
    from oms_cli.rules.whatif import Change

STATUS_SAID = {status: status.value.replace("_", " ") for status in Status}
"""A status in a sentence: "2 criteria are met", "not met", "unknown"."""
STATUS_WORDS = {status: said.upper() for status, said in STATUS_SAID.items()}
"""A status as a table shows it: "MET", "NOT MET", "UNKNOWN"."""
VERDICT_SAID = {verdict: verdict.value.replace("_", " ") for verdict in Verdict}
"""A verdict in a sentence, as the quiz quotes an answer: "met", "not met", "undetermined"."""
VERDICT_WORDS = {verdict: f"Criteria {said}" for verdict, said in VERDICT_SAID.items()}
"""The verdict as the first words of a result: "Criteria not met"."""
VERDICT_SENTENCE = {verdict: f"the criteria are {said}" for verdict, said in VERDICT_SAID.items()}
"""A verdict as a clause: the end of a result's reason, the quiz's answer key."""


class Row(NamedTuple):
    """One criterion of a result: its status in words and the answers behind it (`answers_said`)."""

    title: str
    status: Status
    status_word: str
    findings: str
    meaning: str
    sources: tuple[int, ...]


class Section(NamedTuple):
    """A section a result adds after its notes: a heading, an intro, its lines, a cited close.

    ``literal``: its lines quote a file (ids, labels), so a markup format shows them as written.
    """

    heading: str
    intro: str | None
    lines: tuple[str, ...]
    after: CitedText | None = None
    literal: bool = False


class NotCountedFeature(NamedTuple):
    """A feature, disease or histology that made no finding yes or no, shown so none goes unseen."""

    path: str  # where it is, such as phenotypicFeatures[2]
    id: str
    label: str | None  # the label the file gives the term, if any
    excluded: bool
    finding: Finding | None = None  # the finding the term is near, when the review names one
    reason: str | None = None  # why it is not counted, when the review says
    name: str | None = None  # the term's name in the review, when the review has one


class CheckResult(NamedTuple):
    """One result of `oms check`: the assessment, its what-if and not-counted lists if asked."""

    assessment: Assessment
    what_if: "tuple[Change, ...] | None" = None
    not_counted: tuple[NotCountedFeature, ...] | None = None

    @property
    def headline(self) -> str:
        """The verdict line: "Criteria met: 3 of 4 met, 3 needed"."""
        return headline(self.assessment)

    @property
    def reasons(self) -> tuple[Note, ...]:
        """Why the verdict is what it is; for not met, the caveat after it."""
        return verdict_reasons(self.assessment)

    @property
    def age_line(self) -> str:
        """The age group as a line: "Age group: child"."""
        return age_line(self.assessment.age_group)

    @property
    def rows(self) -> tuple[Row, ...]:
        """Each criterion with its status and the answers behind it."""
        return tuple(
            Row(
                result.criterion.title,
                result.status,
                STATUS_WORDS[result.status],
                answers_said(result.answers),
                content.CRITERION_TEXT[result.criterion.id].meaning,
                result.criterion.sources,
            )
            for result in self.assessment.criteria
        )

    @property
    def notes(self) -> tuple[Note, ...]:
        """The notes under the criteria (the caveat is among the reasons, not here)."""
        return keyed_notes(self.assessment)

    @property
    def sections(self) -> tuple[Section, ...]:
        """What the result was asked to add after its notes: the what-if, features not counted."""
        sections = []
        if self.what_if is not None:
            sections.append(what_if_section(self.what_if))
        if self.not_counted:
            lines = tuple(not_counted_line(entry) for entry in self.not_counted)
            sections.append(Section(NOT_COUNTED_HEADING, NOT_COUNTED_INTRO, lines, literal=True))
        return tuple(sections)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources the result cites, in numbered order."""
        return cited_sources(self.assessment)


# --- the verdict ---------------------------------------------------------------------------------


def headline(assessment: Assessment) -> str:
    """The verdict in words, first thing a reader sees: "Criteria met: 3 of 4 met, 3 needed"."""
    parts = [f"{assessment.met_count} of {len(assessment.criteria)} met"]
    if assessment.unknown_count:
        parts.append(f"{assessment.unknown_count} unknown")
    parts.append(f"{assessment.required} needed")
    return f"{VERDICT_WORDS[assessment.verdict]}: {', '.join(parts)}"


def answers_said(answers: "tuple[tuple[Finding, Answer], ...]") -> str:
    """Findings and their answers in one phrase: "myoclonus: yes, ataxia: unknown"."""
    return ", ".join(
        f"{content.FINDING_TEXT[finding].label}: {answer.value}" for finding, answer in answers
    )


def age_line(age_group: AgeGroup) -> str:
    """The age group, as a line under the findings or the verdict: "Age group: child"."""
    return f"Age group: {age_group.value}"


def _titles(assessment: Assessment, status: Status) -> list[str]:
    return [r.criterion.title.lower() for r in assessment.criteria if r.status is status]


def _tally(assessment: Assessment) -> str:
    """The criteria counted by status and named: "2 criteria are met (a; b) and 1 is ..."."""
    parts: list[str] = []
    for status in (Status.MET, Status.UNKNOWN, Status.NOT_MET):
        titles = _titles(assessment, status)
        if titles:
            verb = "is" if len(titles) == 1 else "are"
            if not parts:
                verb = f"{'criterion' if len(titles) == 1 else 'criteria'} {verb}"
            parts.append(f"{len(titles)} {verb} {STATUS_SAID[status]} ({'; '.join(titles)})")
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def verdict_reasons(assessment: Assessment) -> tuple[Note, ...]:
    """Why the verdict is what it is (key ``why``), then for not met the caveat, uncited."""
    tally = _tally(assessment)
    tally = tally[0].upper() + tally[1:]
    unknown = len(_titles(assessment, Status.UNKNOWN))
    which = "criterion" if unknown == 1 else "criteria"
    rule = f"{assessment.required}-of-{len(assessment.criteria)} rule"
    needs = f"The {rule} needs {assessment.required}"
    verdict = VERDICT_SENTENCE[assessment.verdict]
    if assessment.verdict is Verdict.MET:
        why = f"{tally}. {needs}, so {verdict}."
        if unknown:
            why += f" The unknown {which} cannot change that."
    elif assessment.verdict is Verdict.NOT_MET and unknown:
        why = (
            f"{tally}. Not met although findings are unknown: even if every unknown criterion "
            f"were met, {assessment.required} could not be reached (at most "
            f"{assessment.met_count + unknown} of {len(assessment.criteria)}), so {verdict}."
        )
    elif assessment.verdict is Verdict.NOT_MET:
        why = f"{tally}; no criterion is left unknown. {needs}, so {verdict}."
    else:
        why = (
            f"{tally}. {needs}, and whether that is reached depends on the unknown {which}, "
            f"so {verdict}."
        )
    return (Note("why", why, content.RULE_SOURCES), *caveat(assessment))


# --- the notes (also the JSON `notes`) -----------------------------------------------------------


def notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes of a result as JSON gives them: the not-met caveat if any, then `keyed_notes`."""
    return (*caveat(assessment), *keyed_notes(assessment))


def caveat(assessment: Assessment) -> tuple[Note, ...]:
    """For a not-met result, its caveat (`content.NOT_MET_CAVEAT`, uncited); else none."""
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
    which = what_decides(assessment)
    return Note(
        key, template.text.format(which=which, unknown_findings=to_assess), template.sources
    )


def _deciding(assessment: Assessment) -> list[Criterion]:
    return [CRITERION_BY_ID[CriterionId(criterion_id)] for criterion_id in assessment.deciding]


def what_decides(assessment: Assessment) -> str:
    """Which unknown criteria must turn out met for an undetermined result to be met."""
    deciding = _deciding(assessment)
    titles = "; ".join(criterion.title.lower() for criterion in deciding)
    needed = assessment.needed
    if needed == len(deciding) == 1:
        return f"the unknown criterion ({titles}) must turn out met"
    if needed == len(deciding):
        return f"all {needed} unknown criteria ({titles}) must turn out met"
    return f"at least {needed} of the {len(deciding)} unknown criteria ({titles}) must turn out met"


def to_settle(assessment: Assessment) -> list[Finding]:
    """The unknown findings behind the deciding criteria (not those of a criterion already met)."""
    deciding = _deciding(assessment)
    return [
        finding
        for finding in FINDINGS
        if assessment.answer(finding) is Answer.UNKNOWN
        and any(finding in criterion.findings for criterion in deciding)
    ]


def deciding_line(assessment: Assessment) -> str | None:
    """What would decide an undetermined verdict, in one line; None for a settled one."""
    if not assessment.deciding:
        return None
    findings = ", ".join(content.FINDING_TEXT[finding].label for finding in to_settle(assessment))
    return f"Deciding: {what_decides(assessment)}; assess {findings}."


def sources_of(*cited: Iterable[int]) -> tuple[Source, ...]:
    """The sources of these numbers and the disclaimer's, in numbered order."""
    numbers = set(content.DISCLAIMER_SOURCES).union(*cited)
    return tuple(source for source in SOURCES if source.n in numbers)


def cited_sources(assessment: Assessment) -> tuple[Source, ...]:
    """The sources that the result cites, in numbered order."""
    criteria = (result.criterion.sources for result in assessment.criteria)
    return sources_of(*criteria, *(note.sources for note in notes(assessment)))


# --- what if one finding were different (`oms check --what-if`) ---------------------------------

WHAT_IF_HEADING = "What if one finding were different"
WHAT_IF_INTRO = (
    "Each change of one finding that would change the verdict, the other findings as recorded:"
)
WHAT_IF_NOTHING = "No change of any one finding would change the verdict."
WHAT_IF_AFTER = CitedText(
    f"Each line applies the {REQUIRED}-of-{len(CRITERIA)} rule to the findings with that one "
    "change.",
    content.RULE_SOURCES,
)
WOULD_BE = {
    Verdict.MET: "the criteria would be met",
    Verdict.NOT_MET: "the criteria would not be met",
    Verdict.UNDETERMINED: "the verdict would be undetermined",
}
ANSWER_SAID = {
    Answer.YES: "yes",
    Answer.NO: f"no ({content.NO_MEANS})",
    Answer.UNKNOWN: f"unknown ({content.UNKNOWN_MEANS})",
}
"""A new answer in words: no and unknown always say what they mean, as everywhere else."""


def change_text(change: "Change") -> str:
    """One change in words: "If neuroblastoma turned out yes: the criteria would be met."."""
    name = content.FINDING_TEXT[change.finding].label
    after = ANSWER_SAID[change.after]
    if change.before is Answer.UNKNOWN:
        condition = f"If {name} turned out {after}"
    else:
        condition = f"If {name} were {after} instead of {change.before.value}"
    return f"{condition}: {WOULD_BE[change.verdict]}."


def what_if_section(changes: "tuple[Change, ...]") -> Section:
    """The what-if section: each change that matters, or one line saying that there is none."""
    lines = tuple(change_text(change) for change in changes) or (WHAT_IF_NOTHING,)
    return Section(WHAT_IF_HEADING, WHAT_IF_INTRO if changes else None, lines, WHAT_IF_AFTER)


# --- a phenopacket's features not counted (`oms check --from-phenopacket`) ----------------------

NOT_COUNTED_HEADING = "Not counted from the phenopacket"
NOT_COUNTED_INTRO = (
    "These features, diseases or histologies made no finding yes or no: their terms are not "
    "among the terms this tool counts (see docs/phenopackets.md)."
)


def not_counted_line(entry: NotCountedFeature) -> str:
    """One feature not counted, named by this tool's review or else by its label in the file."""
    name = entry.name or (visible(entry.label) if entry.label else "(no label)")
    state = "excluded " if entry.excluded else ""
    reason = f": {entry.reason}" if entry.reason else ""
    return f"{state}{visible(entry.id)} {name}, at {entry.path}{reason}"


def not_counted_notice(entries: tuple[NotCountedFeature, ...]) -> str:
    """The notice for standard error, beside outputs that have no place for the list."""
    shown = ", ".join(visible(entry.id) for entry in entries)
    return f"note: not counted from the phenopacket: {shown} (see docs/phenopackets.md)"
