"""`oms quiz`: fictional cases to practise the 3-of-4 rule on, corrected at once, with a score.

Pure: a session talks only through injected ``ask(prompt) -> line`` and ``say(text)`` functions,
as the questionnaire does (`oms_cli.teaching.questionnaire`), so the same flow runs in a terminal,
from a
pipe and in tests; `oms_cli.teaching.terminal.conversation` wires it to the terminal.

A quiz is made from a seed: the same seed and count give the same cases in the same order. The
cases alternate between generated ones and the demo cases (`oms_cli.content.cases`), shuffled. A
generated
case is a set of six findings told as a short story, one sentence a finding
(`oms_cli.teaching.quiz_text`):
yes as a sign seen, no as looked for and not found, unknown as not checked yet. Most generated
cases are chosen so that one of the known traps (`Trap`) would give the wrong verdict.

Each answer is compared with `rules.evaluate`; a wrong one is named when it is what a known trap
gives. The reasoning shown comes from one function, `reasoning`.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import product
from pathlib import Path

from rich.color import ColorSystem
from rich.style import Style

from oms_cli import content
from oms_cli.cli.process import fail
from oms_cli.content.cases import CASES, Case
from oms_cli.content.sources import SOURCES, Source, cite
from oms_cli.content.topics import Statement
from oms_cli.files.outfile import OutputError
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    TYPED_ANSWERS,
    AgeGroup,
    Answer,
    Assessment,
    CriterionResult,
    Finding,
    Status,
    Verdict,
    all_combinations,
    criterion_status,
    decide,
    evaluate_answers,
)
from oms_cli.teaching import quiz_text as text
from oms_cli.teaching import terminal
from oms_cli.teaching.questionnaire import Ask, Say, ask_choice
from oms_cli.views.export import check_target
from oms_cli.views.json_object import criteria_sources
from oms_cli.views.render import console
from oms_cli.views.result import (
    STATUS_SAID,
    STATUS_WORDS,
    VERDICT_SAID,
    VERDICT_SENTENCE,
    age_line,
    answers_said,
    verdict_reasons,
)
from oms_cli.views.wording import FICTION_NOTICE, criterion_reasoning, source_line

DEFAULT_COUNT = 5
TRAP_SHARE = 0.75
"""The share of generated cases chosen so that a known trap would give the wrong verdict."""

VERDICT_OF_ANSWER: dict[Answer, Verdict] = {
    Answer.YES: Verdict.MET,
    Answer.NO: Verdict.NOT_MET,
    Answer.UNKNOWN: Verdict.UNDETERMINED,
}
STATUS_OF_ANSWER: dict[Answer, Status] = {
    Answer.YES: Status.MET,
    Answer.NO: Status.NOT_MET,
    Answer.UNKNOWN: Status.UNKNOWN,
}
# A verdict or status is answered as a finding is typed (y: met, n: not met, u: undetermined or
# unknown), or in the result's own words.
VERDICT_ANSWERS: dict[str, Verdict] = {
    **{word: VERDICT_OF_ANSWER[answer] for word, answer in TYPED_ANSWERS.items()},
    "met": Verdict.MET,
    "not met": Verdict.NOT_MET,
    "undetermined": Verdict.UNDETERMINED,
}
STATUS_ANSWERS: dict[str, Status] = {
    **{word: STATUS_OF_ANSWER[answer] for word, answer in TYPED_ANSWERS.items()},
    "met": Status.MET,
    "not met": Status.NOT_MET,
}


# --- the known traps ----------------------------------------------------------------------------


class Trap(StrEnum):
    """A known mistake in applying the rule."""

    UNKNOWN_AS_NO = "unknown_as_no"
    MOVEMENT_TWICE = "myoclonus_ataxia_twice"
    TUMOUR_ASSUMED = "unconfirmed_tumour"
    BEHAVIOUR_SLEEP_TWICE = "behaviour_sleep_twice"


TRAP_TEXT: dict[Trap, text.TrapText] = {
    Trap.UNKNOWN_AS_NO: text.UNKNOWN_AS_NO,
    Trap.MOVEMENT_TWICE: text.MOVEMENT_TWICE,
    Trap.TUMOUR_ASSUMED: text.TUMOUR_ASSUMED,
    Trap.BEHAVIOUR_SLEEP_TWICE: text.BEHAVIOUR_SLEEP_TWICE,
}
_PAIRS: dict[Trap, tuple[Finding, Finding]] = {
    Trap.MOVEMENT_TWICE: (Finding.MYOCLONUS, Finding.ATAXIA),
    Trap.BEHAVIOUR_SLEEP_TWICE: (Finding.BEHAVIOR, Finding.SLEEP),
}


def trap_verdict(trap: Trap, answers: tuple[Answer, ...]) -> Verdict:
    """The verdict someone who falls into ``trap`` gives for six answers in `FINDINGS` order.

    Unknown read as no: every unknown answer taken as no. An unconfirmed tumour counted as yes:
    an unknown neuroblastoma taken as yes. A pair counted as two: its two findings counted as two
    criteria of their own (each met when yes, not met when no), the 3 needed staying the same.
    """
    by_finding = dict(zip(FINDINGS, answers, strict=True))
    if trap is Trap.UNKNOWN_AS_NO:
        misread = tuple(Answer.NO if a is Answer.UNKNOWN else a for a in answers)
        return evaluate_answers(misread).verdict
    if trap is Trap.TUMOUR_ASSUMED:
        if by_finding[Finding.NEUROBLASTOMA] is Answer.UNKNOWN:
            by_finding[Finding.NEUROBLASTOMA] = Answer.YES
        return evaluate_answers(tuple(by_finding.values())).verdict
    pair = _PAIRS[trap]
    statuses: list[Status] = []
    for criterion in CRITERIA:
        if criterion.findings == pair:
            statuses += [criterion_status((by_finding[finding],)) for finding in pair]
        else:
            statuses.append(criterion_status(tuple(by_finding[f] for f in criterion.findings)))
    return decide(statuses.count(Status.MET), statuses.count(Status.UNKNOWN))


@cache  # 729 combinations at most
def misleading_traps(answers: tuple[Answer, ...]) -> tuple[tuple[Trap, Verdict], ...]:
    """The traps that give another verdict than the rule for these answers, with that verdict."""
    correct = evaluate_answers(answers).verdict
    found = ((trap, trap_verdict(trap, answers)) for trap in Trap)
    return tuple((trap, verdict) for trap, verdict in found if verdict is not correct)


def verdict_traps(answers: tuple[Answer, ...], given: Verdict) -> tuple[Trap, ...]:
    """The traps that explain a wrong verdict: those that give exactly the verdict answered."""
    return tuple(trap for trap, verdict in misleading_traps(answers) if verdict is given)


def criterion_traps(result: CriterionResult, given: Status) -> tuple[Trap, ...]:
    """The traps that explain a wrong status given for one criterion."""
    if result.status is not Status.UNKNOWN:
        return ()
    if given is Status.NOT_MET:
        return (Trap.UNKNOWN_AS_NO,)
    if given is Status.MET and result.criterion.findings == (Finding.NEUROBLASTOMA,):
        return (Trap.TUMOUR_ASSUMED,)
    return ()


# --- cases --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuizCase:
    """One fictional case of a quiz: its story, the findings recorded, and where it comes from."""

    story: str
    findings: tuple[tuple[Finding, Answer], ...]
    """All six findings in `FINDINGS` order."""
    age_group: AgeGroup
    demo: Case | None = None
    """The demo case it is, or None for a generated case."""

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The six answers in `FINDINGS` order."""
        return tuple(answer for _, answer in self.findings)

    def assessment(self) -> Assessment:
        """The rule applied to this case."""
        return evaluate_answers(self.answers, self.age_group)

    def lesson(self) -> tuple[Statement, ...]:
        """What the case teaches beyond the rule, each statement with its sources.

        A demo case's teaching point; for a generated case, what each finding its story tells
        as seen or as looked for is, as the reference page describes it.
        """
        if self.demo is not None:
            return self.demo.teaching
        return tuple(
            statement
            for finding, answer in self.findings
            if answer is not Answer.UNKNOWN
            for statement in text.SIGNS[finding]
        )


def story(name: str, answers: tuple[Answer, ...]) -> str:
    """A generated case's story, one sentence a finding.

    The opening, then the signs seen, those looked for and not found, and those not checked yet,
    each group in `FINDINGS` order.
    """
    sentences = [text.OPENING]
    for wanted in (Answer.YES, Answer.NO, Answer.UNKNOWN):
        sentences += [
            text.STORY[finding][answer]
            for finding, answer in zip(FINDINGS, answers, strict=True)
            if answer is wanted
        ]
    return " ".join(sentences).format(name=name)


def from_demo(case: Case) -> QuizCase:
    """A demo case as a quiz case (its title is not shown: it would give the answer away)."""
    return QuizCase(case.vignette, case.findings, case.age_group, case)


@cache
def generated_pool() -> tuple[tuple[Answer, ...], ...]:
    """Every combination a generated case may have: at least one sign seen besides a tumour."""
    tumour = FINDINGS.index(Finding.NEUROBLASTOMA)
    return tuple(
        answers
        for answers in all_combinations()
        if any(a is Answer.YES for index, a in enumerate(answers) if index != tumour)
    )


def generate(rng: random.Random, name: str, avoid: Iterable[tuple[Answer, ...]] = ()) -> QuizCase:
    """A generated case, drawn with ``rng``; it has none of the combinations in ``avoid``.

    Most are drawn from the combinations where a known trap would give the wrong verdict.
    """
    avoided = set(avoid)
    pool = [answers for answers in generated_pool() if answers not in avoided]
    tricky = [answers for answers in pool if misleading_traps(answers)]
    answers = rng.choice(tricky if tricky and rng.random() < TRAP_SHARE else pool)
    findings = tuple(zip(FINDINGS, answers, strict=True))
    return QuizCase(story(name, answers), findings, AgeGroup.CHILD)


@dataclass(frozen=True, slots=True)
class Quiz:
    """A quiz: its seed, its cases, and whether each criterion is asked too."""

    seed: int
    cases: tuple[QuizCase, ...]
    criteria: bool = False

    @property
    def command(self) -> str:
        """The command that gives this quiz again."""
        words = ["oms", "quiz", "--seed", str(self.seed), "--count", str(len(self.cases))]
        return " ".join([*words, *(["--criteria"] if self.criteria else [])])


def make_quiz(seed: int, count: int = DEFAULT_COUNT, criteria: bool = False) -> Quiz:
    """The quiz for a seed: ``count`` cases, generated and demo cases taking turns.

    The same seed and count always give the same cases in the same order.
    """
    rng = random.Random(seed)  # noqa: S311  (teaching cases, not secrets: a seed must repeat)
    demos = list(CASES)
    rng.shuffle(demos)
    names = list(text.NAMES)
    rng.shuffle(names)
    cases: list[QuizCase] = []
    for index in range(count):
        if index % 2 and demos:
            cases.append(from_demo(demos.pop()))
        else:
            name = names[len(cases) % len(names)]
            cases.append(generate(rng, name, avoid=(case.answers for case in cases)))
    return Quiz(seed, tuple(cases), criteria)


def new_seed() -> int:
    """A seed for a quiz nobody asked a seed for; shown, so that the quiz can be given again."""
    return random.SystemRandom().randrange(1, 10_000)


# --- what is said about an answer ---------------------------------------------------------------


def reasoning(assessment: Assessment) -> tuple[Statement, ...]:
    """Why the verdict is what it is: one line a criterion, then the count, each with sources.

    The one place the quiz and its answer key take their reasoning from. It uses the reasoning
    of the demo walk-through (`wording.criterion_reasoning`, `wording.verdict_reasons`); point it
    at another explanation of an `Assessment` and every quiz text follows.
    """
    lines = [
        Statement(
            f"{result.criterion.title}: {criterion_reasoning(result)}", result.criterion.sources
        )
        for result in assessment.criteria
    ]
    # The count and, for a not-met verdict, its caveat (uncited: the tool's own words).
    lines += [Statement(note.text, note.sources) for note in verdict_reasons(assessment)]
    return tuple(lines)


def cited(statement: Statement) -> str:
    """A statement followed by its citation marks."""
    marks = cite(statement.sources)
    return f"{statement.text} {marks}" if marks else statement.text


def trap_line(trap: Trap) -> str:
    """The line naming a trap and saying why it is one, with its sources."""
    trap_text = TRAP_TEXT[trap]
    return cited(
        Statement(text.TRAP.format(name=trap_text.name, why=trap_text.why), trap_text.sources)
    )


@dataclass(frozen=True, slots=True)
class Feedback:
    """What is said after an answer: whether it is right (the marked line), then the rest."""

    right: bool
    mark: str
    """The right/wrong line, shown marked (`run`'s ``mark``)."""
    details: tuple[str, ...]
    """The trap named or the criteria misread, the reasoning and its sources."""
    traps: tuple[Trap, ...]
    """The known traps the answer fell into (for the score)."""


def misreadings(
    assessment: Assessment, given: Verdict
) -> tuple[tuple[CriterionResult, Status], ...]:
    """The criteria that, read as another status (the rest as they are), give ``given``.

    Each with the status it would need: computed from the case, whatever the answer was.
    """
    statuses = [result.status for result in assessment.criteria]
    found: list[tuple[CriterionResult, Status]] = []
    for index, result in enumerate(assessment.criteria):
        for status in Status:
            changed = [*statuses[:index], status, *statuses[index + 1 :]]
            if status is not result.status and _verdict_of(changed) is given:
                found.append((result, status))
    return tuple(found)


def fewest_misread(assessment: Assessment, given: Verdict) -> int:
    """How many criteria at the fewest must be read otherwise for the rule to give ``given``."""
    statuses = [result.status for result in assessment.criteria]
    return min(
        sum(read is not status for read, status in zip(reading, statuses, strict=True))
        for reading in product(Status, repeat=len(statuses))
        if _verdict_of(list(reading)) is given
    )


def _verdict_of(statuses: list[Status]) -> Verdict:
    return decide(statuses.count(Status.MET), statuses.count(Status.UNKNOWN))


def _misread_lines(assessment: Assessment, given: Verdict) -> list[str]:
    """Which criteria, read otherwise, would make ``given`` right (verdict asked alone)."""
    found = misreadings(assessment, given)
    if not found:
        count = fewest_misread(assessment, given)
        return [text.MISREAD_MANY.format(given=VERDICT_SAID[given], count=count)]
    options = " or ".join(
        text.MISREAD_OPTION.format(
            title=result.criterion.title, read=STATUS_SAID[read], status=STATUS_SAID[result.status]
        )
        for result, read in found
    )
    return [text.MISREAD_ONE.format(given=VERDICT_SAID[given], options=options)]


def _own_reading_lines(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...]
) -> tuple[list[str], tuple[Trap, ...]]:
    """A wrong verdict after the criteria were asked: explained by the student's own answers."""
    assessment = case.assessment()
    own = _verdict_of(list(statuses))
    if own is given:  # the verdict follows: the mistake is in the criteria read otherwise
        misread = [
            (result, status)
            for result, status in zip(assessment.criteria, statuses, strict=True)
            if status is not result.status
        ]
        named = ", ".join(
            text.OWN_MISREAD.format(
                title=result.criterion.title,
                given=STATUS_SAID[status],
                status=STATUS_SAID[result.status],
            )
            for result, status in misread
        )
        # The traps of those criteria (named as each was marked) gave this verdict too.
        traps = tuple(dict.fromkeys(t for r, s in misread for t in criterion_traps(r, s)))
        return [text.FOLLOWS.format(criteria=named)], traps
    # The verdict does not follow from the student's own criteria: a counting trap, or the rule.
    traps = tuple(trap for trap in verdict_traps(case.answers, given) if trap in _PAIRS)
    if traps and statuses == tuple(result.status for result in assessment.criteria):
        return _trap_lines(traps), traps
    line = text.NOT_FOLLOWS.format(
        met=statuses.count(Status.MET),
        unknown=statuses.count(Status.UNKNOWN),
        verdict=VERDICT_SAID[own],
        given=VERDICT_SAID[given],
    )
    return [line], ()


def _trap_lines(traps: tuple[Trap, ...]) -> list[str]:
    """The known traps a wrong verdict is what of: one named and explained, several listed."""
    if len(traps) < 2:
        return [trap_line(trap) for trap in traps]
    names = "; ".join(TRAP_TEXT[trap].name for trap in traps)
    sources = sorted({n for trap in traps for n in TRAP_TEXT[trap].sources})
    return [f"{text.TRAPS_MANY.format(count=len(traps), names=names)} {cite(sources)}"]


def verdict_feedback(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...] | None = None
) -> Feedback:
    """What is said after a verdict is answered: right or not, the mistake, the findings, why.

    A wrong verdict names the known trap it is what of, else the criteria that, read otherwise,
    would give it. ``statuses``: the student's answers for the four criteria, when they were
    asked; then the mistake is read from them instead.
    """
    assessment = case.assessment()
    correct = VERDICT_SENTENCE[assessment.verdict]
    right = given is assessment.verdict
    details: list[str] = []
    traps: tuple[Trap, ...] = ()
    if right:
        mark = text.RIGHT.format(answer=correct)
    else:
        mark = text.WRONG.format(given=VERDICT_SAID[given], answer=correct)
        if statuses is not None:
            details, traps = _own_reading_lines(case, given, statuses)
        else:
            traps = verdict_traps(case.answers, given)
            details = _trap_lines(traps) or _misread_lines(assessment, given)
    details += [findings_line(case), "Why:"]
    details += [f"  {cited(statement)}" for statement in reasoning(assessment)]
    if case.demo is not None:
        details.append(text.FROM_DEMO.format(case=case.demo.id))
    return Feedback(right, mark, tuple(details), traps)


def criterion_feedback(result: CriterionResult, given: Status) -> Feedback:
    """What is said after one criterion's status is answered."""
    correct = f"{result.criterion.title} is {STATUS_SAID[result.status]}"
    why = f"{criterion_reasoning(result)} {cite(result.criterion.sources)}"
    if given is result.status:
        return Feedback(True, f"{text.RIGHT.format(answer=correct)} {why}", (), ())
    traps = criterion_traps(result, given)
    mark = f"{text.WRONG.format(given=STATUS_SAID[given], answer=correct)} {why}"
    return Feedback(False, mark, tuple(trap_line(trap) for trap in traps), traps)


RULE_STATEMENTS = (
    Statement(content.RULE, content.RULE_SOURCES),
    Statement(content.AND_OR, ()),
    Statement(content.UNKNOWN_POLICY, ()),
)
"""The rule, what "and/or" means and what unknown means: what ``?`` shows, and the worksheet's."""


def rule_help() -> str:
    """What ``?`` shows: the rule, what "and/or" means, and what unknown means."""
    return "\n".join(f"  {cited(statement)}" for statement in RULE_STATEMENTS)


def findings_line(case: QuizCase) -> str:
    """The findings as recorded, for example "neuroblastoma: unknown, opsoclonus: yes, ..."."""
    findings = answers_said(case.findings)
    return f"{text.FINDINGS_LINE.format(findings=findings)} {age_line(case.age_group)}."


def case_heading(number: int, count: int) -> str:
    """The heading of a case in a session, with the label saying that it is fictional."""
    return f"{text.CASE_HEADING.format(number=number, count=count)} · {FICTION_NOTICE}"


def plural_cases(count: int) -> str:
    """The word for this many cases: case or cases."""
    return "case" if count == 1 else "cases"


# --- a session ----------------------------------------------------------------------------------


class Answered(StrEnum):
    """What a question asked: the verdict, or one criterion's status."""

    VERDICT = "verdict"
    CRITERION = "criterion"


@dataclass(frozen=True, slots=True)
class Mark:
    """One answer of a session, marked."""

    case: int
    """The case's number, from 1."""
    kind: Answered
    right: bool
    traps: tuple[Trap, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """Every answer of a session, marked."""

    marks: tuple[Mark, ...]

    def right(self, kind: Answered | None = None) -> int:
        """How many answers were right (of one kind, or all)."""
        return sum(mark.right for mark in self.marks if kind in (None, mark.kind))

    def total(self, kind: Answered | None = None) -> int:
        """How many answers were given (of one kind, or all)."""
        return sum(kind in (None, mark.kind) for mark in self.marks)

    def traps(self) -> Counter[Trap]:
        """How often each trap caught the student."""
        return Counter(trap for mark in self.marks for trap in mark.traps)


def score_lines(score: Score) -> list[str]:
    """The closing lines of a session: the score, and the traps to look at again."""
    line = text.SCORE.format(right=score.right(), total=score.total())
    if score.total(Answered.CRITERION):
        parts = text.SCORE_PARTS.format(
            verdicts=score.right(Answered.VERDICT),
            cases=score.total(Answered.VERDICT),
            criteria=score.right(Answered.CRITERION),
            criterion_total=score.total(Answered.CRITERION),
        )
        line += f" ({parts})"
    traps = score.traps()
    if not traps:
        return [f"{line}.", text.NO_TRAPS]
    named = ", ".join(
        f"{TRAP_TEXT[trap].name}" + (f" ({count} times)" if count > 1 else "")
        for trap, count in traps.items()
    )
    return [f"{line}.", text.TRAPS_FALLEN.format(traps=named)]


def _ask_verdict(ask: Ask, say: Say, number: int, count: int) -> Verdict:
    return ask_choice(
        ask,
        say,
        f"{text.VERDICT_PROMPT} [y/n/u/?] ",
        VERDICT_ANSWERS,
        help_text=rule_help(),
        hint=text.VERDICT_HINT,
        name=f"the verdict of case {number} of {count}",
    )


def _ask_status(ask: Ask, say: Say, index: int, result: CriterionResult, number: int) -> Status:
    prompt = text.CRITERION_PROMPT.format(number=index + 1, title=result.criterion.title)
    return ask_choice(
        ask,
        say,
        f"{prompt} [y/n/u/?] ",
        STATUS_ANSWERS,
        help_text=rule_help(),
        hint=text.CRITERION_HINT,
        name=f"criterion {index + 1} of case {number}",
    )


def session_sources() -> tuple[Source, ...]:
    """The sources a session cites: the rule's, the traps' and the disclaimer's."""
    numbers = {*content.RULE_SOURCES, *content.DISCLAIMER_SOURCES}
    numbers.update(n for criterion in CRITERIA for n in criterion.sources)
    numbers.update(n for trap in TRAP_TEXT.values() for n in trap.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


Mark_ = Callable[[str, bool], None]
"""Shows the right/wrong line of an answer, given whether it is right (in colour, on a terminal)."""
Pause = Callable[[str], None]
"""Waits, showing a prompt, until the student goes on (Enter); on a terminal only."""


def run(
    quiz: Quiz, ask: Ask, say: Say, *, mark: Mark_ | None = None, pause: Pause | None = None
) -> Score:
    """Present each case, ask, and say at once whether each answer is right and why.

    Each case is its story alone; the findings as recorded come with the feedback, so that the
    story is read before any mapping of it. ``mark`` shows each right/wrong line (default: said
    as any line); ``pause``, when given, waits after each case's feedback, so that it stays on
    the screen until the student goes on.

    Raises `oms_cli.teaching.questionnaire.EndOfInput` when ``ask`` reports the end of input; Ctrl-C
    (KeyboardInterrupt) passes through.
    """
    marked: Mark_ = mark if mark is not None else (lambda line, right: say(line))

    def tell(feedback: Feedback) -> None:
        marked(feedback.mark, feedback.right)
        for line in feedback.details:
            say(line)

    count = len(quiz.cases)
    say(text.INTRO.format(count=count, cases=plural_cases(count)))
    say(text.SEED_LINE.format(seed=quiz.seed, command=quiz.command))
    marks: list[Mark] = []
    for number, case in enumerate(quiz.cases, start=1):
        assessment = case.assessment()
        say("")
        say(case_heading(number, count))
        say(case.story)
        statuses: list[Status] = []
        if quiz.criteria:
            for index, result in enumerate(assessment.criteria):
                status = _ask_status(ask, say, index, result, number)
                feedback = criterion_feedback(result, status)
                tell(feedback)
                statuses.append(status)
                marks.append(Mark(number, Answered.CRITERION, feedback.right, feedback.traps))
        verdict = _ask_verdict(ask, say, number, count)
        feedback = verdict_feedback(case, verdict, tuple(statuses) if quiz.criteria else None)
        tell(feedback)
        marks.append(Mark(number, Answered.VERDICT, feedback.right, feedback.traps))
        if pause is not None:
            pause(text.PAUSE_NEXT if number < count else text.PAUSE_LAST)
    score = Score(tuple(marks))
    say("")
    for line in score_lines(score):
        say(line)
    say("")
    say("Sources")
    for source in session_sources():
        say(f"  {source.label} {source_line(source)}")  # indented: wrapped lines stay under it
    say("")
    say(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    return score


MARK_STYLE: dict[bool, str] = {True: "bold green", False: "bold red"}
"""The colour of a right and of a wrong line; the words say it too ("Right", "Not right")."""


def converse(quiz: Quiz) -> None:
    """`oms quiz` on the terminal: the session, marked in colour and paused where that helps.

    Each right/wrong line is in colour where colour is shown (rich decides: a terminal, NO_COLOR
    unset), and the session pauses after each case where a person answers (input and output a
    terminal); piped, there is no colour and no pause.
    """
    out = console()
    coloured = out.is_terminal and out.color_system is not None and not out.no_color
    paused = terminal.on_terminal()

    def talk(ask: Ask, say: Say) -> Score:
        def mark(line: str, right: bool) -> None:
            style = Style.parse(MARK_STYLE[right])
            say(style.render(line, color_system=ColorSystem.STANDARD) if coloured else line)

        def pause(prompt: str) -> None:
            with contextlib.suppress(EOFError):  # Ctrl-D goes on, as Enter does
                ask(prompt)

        return run(quiz, ask, say, mark=mark, pause=pause if paused else None)

    terminal.conversation(talk)


# --- the worksheet: questions and answer key ----------------------------------------------------


def answers_path(path: str) -> str:
    """Where the answer key goes beside a question sheet: ``quiz.md`` -> ``quiz-answers.md``."""
    questions = Path(path)
    return str(questions.with_name(f"{questions.stem}-answers{questions.suffix}"))


def worksheet_title(quiz: Quiz) -> str:
    """The title of both sheets."""
    count = len(quiz.cases)
    return text.WORKSHEET_TITLE.format(count=count, cases=plural_cases(count))


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One case of the answer key."""

    heading: str
    """"Case 2: the criteria are met"."""
    findings: str
    """The findings as the story tells them (`findings_line`): given with the answers only."""
    statuses: str
    """Each criterion's status in words, in one line."""
    why: tuple[Statement, ...]
    """The reasoning (see `reasoning`)."""
    traps: tuple[str, ...]
    """What each known trap would answer, where that is not the right answer."""
    lesson_heading: str
    lesson: tuple[Statement, ...]
    demo: str
    """For a demo case, where to walk through it; else empty."""


def key_entry(quiz: Quiz, number: int) -> KeyEntry:
    """One case of the answer key, by its number (from 1)."""
    case = quiz.cases[number - 1]
    assessment = case.assessment()
    statuses = ", ".join(
        f"{result.criterion.title} {STATUS_WORDS[result.status]}" for result in assessment.criteria
    )
    traps = [
        text.TRAP_KEY.format(
            name=TRAP_TEXT[trap].name.capitalize(), verdict=f'"{VERDICT_SAID[verdict]}"'
        )
        for trap, verdict in misleading_traps(case.answers)
    ]
    return KeyEntry(
        heading=f"Case {number}: {VERDICT_SENTENCE[assessment.verdict]}",
        findings=findings_line(case),
        statuses=f"{text.STATUSES_LINE} {statuses}.",
        why=reasoning(assessment),
        traps=tuple(traps),
        lesson_heading=text.TEACHING_HEADING if case.demo is not None else text.SIGNS_HEADING,
        lesson=case.lesson(),
        demo=text.FROM_DEMO.format(case=case.demo.id) if case.demo is not None else "",
    )


def key_sources(quiz: Quiz) -> tuple[Source, ...]:
    """The sources the answer key cites, in numbered order."""
    numbers = {source.n for source in session_sources()}
    for case in quiz.cases:
        numbers.update(n for statement in case.lesson() for n in statement.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


@dataclass(frozen=True, slots=True)
class QuestionCase:
    """One case of the question sheet: its heading, story and the blanks to fill in."""

    heading: str
    """"Case 2 of 5"; renderers add the fiction notice (`wording.FICTION_NOTICE`)."""
    story: str
    blanks: tuple[str, ...]
    """One blank a criterion, when the criteria are asked."""


@dataclass(frozen=True, slots=True)
class Worksheet:
    """A quiz's question sheet and answer key as data, built once by `worksheet`.

    `oms_cli.views.quiz_sheet` lays it out for the terminal and pictures, `oms_cli.views.markdown`
    as Markdown (and web pages), from the same record.
    """

    questions_title: str
    answers_title: str
    intro: str
    rule_heading: str
    rule: tuple[Statement, ...]
    """The rule, what "and/or" means and what unknown means."""
    cases: tuple[QuestionCase, ...]
    verdict_blank: str
    question_sources: tuple[Source, ...]
    key: tuple[KeyEntry, ...]
    traps_heading: str
    key_sources: tuple[Source, ...]


def worksheet(quiz: Quiz) -> Worksheet:
    """The worksheet of a quiz: every case with blanks, then the answer key."""
    count = len(quiz.cases)
    blanks = tuple(text.CRITERION_BLANK.format(title=c.title) for c in CRITERIA)
    title = worksheet_title(quiz)
    return Worksheet(
        questions_title=f"{title}: {text.QUESTIONS_TITLE.lower()}",
        answers_title=f"{title}: {text.ANSWERS_TITLE.lower()}",
        intro=text.INTRO_SHEET.format(command=quiz.command),
        rule_heading=text.RULE_HEADING,
        rule=RULE_STATEMENTS,
        cases=tuple(
            QuestionCase(
                text.CASE_HEADING.format(number=number, count=count),
                case.story,
                blanks if quiz.criteria else (),
            )
            for number, case in enumerate(quiz.cases, start=1)
        ),
        verdict_blank=text.VERDICT_BLANK,
        question_sources=criteria_sources(),
        key=tuple(key_entry(quiz, number) for number in range(1, count + 1)),
        traps_heading=text.TRAPS_HEADING,
        key_sources=key_sources(quiz),
    )


def check_worksheet_targets(path: str, force: bool) -> str:
    """Check both files of an export before any work; the answer key's name, or OutputError."""
    check_target(path, force)
    answers = answers_path(path)
    check_target(answers, force)
    return answers


def prepare(seed: int | None, count: int, criteria: bool, export: str | None, force: bool) -> Quiz:
    """The quiz `oms quiz` asks (a new seed unless given); with --export, both files checked first.

    A file that cannot be written is one line and exit 2, before any work.
    """
    if export is not None:
        try:
            check_worksheet_targets(export, force)
        except OutputError as error:
            fail(str(error))
    return make_quiz(seed if seed is not None else new_seed(), count, criteria)
