"""The diagnostic rule for opsoclonus-myoclonus syndrome, any 3 of 4 criteria [4], as data.

Pure, standard library only. A criterion is met when any of its findings is yes, not met when all
are no. The verdict is undetermined while unknown criteria could still decide it: unknown is never
read as no.
"""

import itertools
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import NamedTuple, TypeAlias


class Answer(StrEnum):
    """What is known about one finding."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """Where one criterion stands, given its findings."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    """The outcome of the rule for one person."""

    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"


class AgeGroup(StrEnum):
    """Age group; it never changes the verdict, only the notes."""

    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


class Finding(StrEnum):
    """The six findings behind the four criteria, in the order they are asked and listed."""

    NEUROBLASTOMA = "neuroblastoma"
    OPSOCLONUS = "opsoclonus"
    MYOCLONUS = "myoclonus"
    ATAXIA = "ataxia"
    BEHAVIOR = "behavior"
    SLEEP = "sleep"


FINDINGS: tuple[Finding, ...] = tuple(Finding)


class CriterionId(StrEnum):
    """The four criteria, by the ids of the interface contract, in the order they are listed."""

    NEUROBLASTOMA = "neuroblastoma"
    OPSOCLONUS = "opsoclonus"
    MYOCLONUS_ATAXIA = "myoclonus_ataxia"
    BEHAVIOR_SLEEP = "behavior_sleep"


class NoteKey(StrEnum):
    """The notes a result can carry: which apply is the rule's, what they say is `content`'s."""

    UNDETERMINED = "undetermined"
    TUMOUR_SEARCH = "tumour_search"
    ADULT_ANTI_HU = "adult_anti_hu"
    ADULT_SIGNS = "adult_signs"
    CHILD_ANTI_HU = "child_anti_hu"
    CHILD_SIGNS = "child_signs"


# NamedTuples, not frozen dataclasses: faster to define on every `oms check` (benchmarks/README.md).


class Criterion(NamedTuple):
    """One criterion of a criteria set: met when any of its findings is present."""

    id: CriterionId
    title: str
    findings: tuple[Finding, ...]
    sources: tuple[int, ...] = (4,)

    @property
    def joined_findings(self) -> str:
        """The findings behind the criterion as words, joined by "and/or" where there are two."""
        return " and/or ".join(finding.value for finding in self.findings)


class CriteriaSet(NamedTuple):
    """A set of diagnostic criteria as data: its criteria, how many must be met, its sources."""

    name: str
    criteria: tuple[Criterion, ...]
    required: int
    sources: tuple[int, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings behind the criteria, each once, in the order of the criteria."""
        return tuple(dict.fromkeys(f for criterion in self.criteria for f in criterion.findings))

    @property
    def rule(self) -> str:
        """The rule in short, such as "3 of 4": wording takes it from here, never from literals."""
        return f"{self.required} of {len(self.criteria)}"

    def criterion(self, criterion_id: CriterionId | str) -> Criterion:
        """One criterion by id; KeyError for an id the set does not have."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


OMS_CRITERIA = CriteriaSet(
    name="Orphanet (2014), as given by GARD (2017)",
    criteria=(
        Criterion(CriterionId.NEUROBLASTOMA, "Neuroblastoma", (Finding.NEUROBLASTOMA,)),
        Criterion(CriterionId.OPSOCLONUS, "Opsoclonus", (Finding.OPSOCLONUS,)),
        Criterion(
            CriterionId.MYOCLONUS_ATAXIA,
            "Myoclonus and/or ataxia",
            (Finding.MYOCLONUS, Finding.ATAXIA),
        ),
        Criterion(
            CriterionId.BEHAVIOR_SLEEP,
            "Behavioural and/or sleep disturbance",
            (Finding.BEHAVIOR, Finding.SLEEP),
        ),
    ),
    required=3,
    sources=(4,),
)
"""The diagnostic criteria of OMS: any 3 of these 4 [4]."""

CRITERIA: tuple[Criterion, ...] = OMS_CRITERIA.criteria
REQUIRED: int = OMS_CRITERIA.required
CRITERION_BY_ID: dict[CriterionId, Criterion] = {criterion.id: criterion for criterion in CRITERIA}


class CriterionResult(NamedTuple):
    """A criterion with the answers behind it and the status they give."""

    criterion: Criterion
    status: Status
    answers: tuple[tuple[Finding, Answer], ...]


class Assessment(NamedTuple):
    """The rule applied to one person: every criterion's status, the counts and the verdict."""

    findings: tuple[tuple[Finding, Answer], ...]
    age_group: AgeGroup
    criteria: tuple[CriterionResult, ...]
    met_count: int
    unknown_count: int
    verdict: Verdict
    deciding: tuple[str, ...]  # ids of the unknown criteria that can still decide the verdict
    needed: int  # how many of them must turn out met for the verdict to be met
    note_keys: tuple[NoteKey, ...]  # the notes that apply, in order (`oms_cli.views` words them)
    criteria_set: CriteriaSet

    @property
    def required(self) -> int:
        """How many criteria must be met, by the criteria set applied."""
        return self.criteria_set.required

    def answer(self, finding: Finding) -> Answer:
        """The answer recorded for one finding."""
        return dict(self.findings)[finding]

    def status(self, criterion_id: CriterionId | str) -> Status:
        """The status of one criterion, by id; KeyError for an id the criteria set lacks."""
        for result in self.criteria:
            if result.criterion.id == criterion_id:
                return result.status
        raise KeyError(criterion_id)


AnswerLike: TypeAlias = Answer | bool | int | str | None
"""What `evaluate` accepts for one finding: the Enum, True/False/None, 1/0, or a word ("yes")."""

FINDING_ALIASES: dict[str, Finding] = {"behaviour": Finding.BEHAVIOR}
"""Other spellings of a finding's name: the British one that the tool's own text uses."""
_FINDING_NAMES: dict[str, Finding] = {f.value: f for f in Finding} | FINDING_ALIASES

TYPED_ANSWERS: dict[str, Answer] = {word: a for a in Answer for word in (a.value, a.value[0])}
"""An answer as a person types it, its word or first letter: the questionnaire and the quiz."""

_ANSWER_WORDS: dict[str, Answer] = TYPED_ANSWERS | {
    "true": Answer.YES,
    "1": Answer.YES,
    "false": Answer.NO,
    "0": Answer.NO,
    "": Answer.UNKNOWN,
}
ANSWER_WORDS: tuple[str, ...] = tuple(word for word in _ANSWER_WORDS if word)
"""Every accepted spelling of an answer (case-insensitive; an empty value is unknown too)."""


def parse_answer(value: AnswerLike) -> Answer:
    """Read one answer (see `AnswerLike`); ValueError for anything else: a typo is no answer."""
    if value is None:
        return Answer.UNKNOWN
    if isinstance(value, int) and value in (0, 1):  # True and False are 1 and 0
        return Answer.YES if value else Answer.NO
    if isinstance(value, str):  # an Answer too: its value is one of the words
        answer = _ANSWER_WORDS.get(value.strip().lower())
        if answer is not None:
            return answer
    raise ValueError(f"{value!r} is not yes, no or unknown")


def parse_age_group(value: AgeGroup | str | None) -> AgeGroup:
    """Read an age group: the Enum, "child", "adult", "unknown"/"" or None (unknown)."""
    try:
        return AgeGroup((value or "").strip().lower() or AgeGroup.UNKNOWN)
    except ValueError:
        raise ValueError(f"{value!r} is not child, adult or unknown") from None


def criterion_status(answers: tuple[Answer, ...]) -> Status:
    """Met if any answer is yes, not met if all are no, otherwise unknown."""
    if Answer.YES in answers:
        return Status.MET
    if all(answer is Answer.NO for answer in answers):
        return Status.NOT_MET
    return Status.UNKNOWN


def decide(met_count: int, unknown_count: int, required: int = REQUIRED) -> Verdict:
    """The verdict from the number of criteria met and unknown, never reading unknown as no."""
    if met_count >= required:
        return Verdict.MET
    if met_count + unknown_count < required:
        return Verdict.NOT_MET
    return Verdict.UNDETERMINED


def evaluate(
    findings: Mapping[Finding, AnswerLike] | Mapping[str, AnswerLike],
    age_group: AgeGroup | str | None = None,
    criteria_set: CriteriaSet = OMS_CRITERIA,
) -> Assessment:
    """Apply a criteria set to one person's findings (name to answer; one left out is unknown).

    A name is a finding's value or alias, in any case. ValueError for an unknown name, answer or
    age group, or a finding given twice.
    """
    answers = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    given: set[Finding] = set()
    for name, value in findings.items():
        finding = _FINDING_NAMES.get(str(name).strip().lower())
        if finding is None:
            raise ValueError(f"{name!r} is not a finding; valid findings: {', '.join(FINDINGS)}")
        if finding in given:
            raise ValueError(f"{name!r} gives the finding {finding.value!r} a second time")
        given.add(finding)
        answers[finding] = parse_answer(value)
    return evaluate_answers(tuple(answers.values()), parse_age_group(age_group), criteria_set)


def evaluate_answers(
    answers: tuple[Answer, ...],
    age_group: AgeGroup = AgeGroup.UNKNOWN,
    criteria_set: CriteriaSet = OMS_CRITERIA,
) -> Assessment:
    """Apply the rule to six answers given in the order of `FINDINGS`; the result is immutable."""
    if len(answers) != len(FINDINGS):
        raise ValueError(f"expected {len(FINDINGS)} answers, got {len(answers)}")
    by_finding = dict(zip(FINDINGS, answers, strict=True))
    results = tuple(
        CriterionResult(
            criterion,
            criterion_status(tuple(by_finding[f] for f in criterion.findings)),
            tuple((f, by_finding[f]) for f in criterion.findings),
        )
        for criterion in criteria_set.criteria
    )
    met_count = sum(result.status is Status.MET for result in results)
    unknown_count = sum(result.status is Status.UNKNOWN for result in results)
    verdict = decide(met_count, unknown_count, criteria_set.required)
    undecided = verdict is Verdict.UNDETERMINED  # then each unknown criterion can decide it
    deciding = tuple(
        r.criterion.id.value for r in results if undecided and r.status is Status.UNKNOWN
    )
    return Assessment(
        findings=tuple(by_finding.items()),
        age_group=age_group,
        criteria=results,
        met_count=met_count,
        unknown_count=unknown_count,
        verdict=verdict,
        deciding=deciding,
        needed=criteria_set.required - met_count if undecided else 0,
        note_keys=_note_keys(by_finding[Finding.NEUROBLASTOMA], age_group, verdict),
        criteria_set=criteria_set,
    )


def _note_keys(neuroblastoma: Answer, age_group: AgeGroup, verdict: Verdict) -> tuple[NoteKey, ...]:
    keys: list[NoteKey] = []
    if verdict is Verdict.UNDETERMINED:
        keys.append(NoteKey.UNDETERMINED)
    if neuroblastoma is Answer.UNKNOWN:
        keys.append(NoteKey.TUMOUR_SEARCH)
    if age_group is AgeGroup.ADULT:
        keys += (NoteKey.ADULT_ANTI_HU, NoteKey.ADULT_SIGNS)
    elif age_group is AgeGroup.CHILD:
        keys += (NoteKey.CHILD_ANTI_HU, NoteKey.CHILD_SIGNS)
    return tuple(keys)


def all_combinations() -> Iterator[tuple[Answer, ...]]:
    """Every one of the 3**6 = 729 ways to answer the six findings, in `FINDINGS` order."""
    return itertools.product(tuple(Answer), repeat=len(FINDINGS))
