"""`oms quiz`: fictional cases to practise the 3-of-4 rule on, marked at once, with a score.

The quiz is data (`make_quiz`: generated stories from `quiz_text` and the demo cases, by seed),
marked by pure functions (`verdict_feedback`, `criterion_feedback`). `run` asks it through
injected ``ask``/``say`` functions, as the questionnaire does, and `converse` on the terminal;
`worksheet` is the same quiz on paper with its answer key.
"""

from __future__ import annotations

import contextlib
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import product
from pathlib import Path

from rich.color import ColorSystem
from rich.style import Style

from oms_cli import content, rules
from oms_cli.cli.process import fail
from oms_cli.content.cases import CASES, Case
from oms_cli.content.sources import SOURCES, Source, cite
from oms_cli.content.topics import Statement
from oms_cli.files.outfile import OutputError
from oms_cli.rules import AgeGroup, Answer, Assessment, CriterionResult, Finding, Status, Verdict
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

TRAP_SHARE = 0.75  # of generated cases, chosen so that a known trap gives the wrong verdict

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
# unknown), or in the words the feedback says it in ("not met").
VERDICT_ANSWERS: dict[str, Verdict] = {
    **{word: VERDICT_OF_ANSWER[answer] for word, answer in rules.TYPED_ANSWERS.items()},
    **{said: verdict for verdict, said in VERDICT_SAID.items()},
}
STATUS_ANSWERS: dict[str, Status] = {
    **{word: STATUS_OF_ANSWER[answer] for word, answer in rules.TYPED_ANSWERS.items()},
    **{said: status for status, said in STATUS_SAID.items()},
}
RULE_STATEMENTS = (
    Statement(content.RULE, content.RULE_SOURCES),
    Statement(content.AND_OR, ()),
    Statement(content.UNKNOWN_POLICY, ()),
)
"""The rule, what "and/or" means and what unknown means: what ``?`` shows, and the worksheet's."""


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
COUNTED_TWICE: dict[Trap, tuple[Finding, Finding]] = {
    Trap.MOVEMENT_TWICE: (Finding.MYOCLONUS, Finding.ATAXIA),
    Trap.BEHAVIOUR_SLEEP_TWICE: (Finding.BEHAVIOR, Finding.SLEEP),
}


def _verdict_of(statuses: Sequence[Status]) -> Verdict:
    return rules.decide(statuses.count(Status.MET), statuses.count(Status.UNKNOWN))


def trap_verdict(trap: Trap, answers: tuple[Answer, ...]) -> Verdict:
    """The verdict someone who falls into ``trap`` gives for six answers in `FINDINGS` order."""
    by_finding = dict(zip(rules.FINDINGS, answers, strict=True))
    if trap is Trap.UNKNOWN_AS_NO:
        misread = [Answer.NO if answer is Answer.UNKNOWN else answer for answer in answers]
        return rules.evaluate_answers(tuple(misread)).verdict
    if trap is Trap.TUMOUR_ASSUMED:
        if by_finding[Finding.NEUROBLASTOMA] is Answer.UNKNOWN:
            by_finding[Finding.NEUROBLASTOMA] = Answer.YES
        return rules.evaluate_answers(tuple(by_finding.values())).verdict
    # The pair's findings each count as a criterion (met when yes); as many are still needed.
    pair = COUNTED_TWICE[trap]
    groups: list[tuple[Finding, ...]] = [(finding,) for finding in pair]
    groups += [criterion.findings for criterion in rules.CRITERIA if criterion.findings != pair]
    return _verdict_of(
        [rules.criterion_status(tuple(by_finding[f] for f in group)) for group in groups]
    )


@cache  # 729 combinations at most
def misleading_traps(answers: tuple[Answer, ...]) -> tuple[tuple[Trap, Verdict], ...]:
    """The traps that give another verdict than the rule for these answers, with that verdict."""
    correct = rules.evaluate_answers(answers).verdict
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


@dataclass(frozen=True, slots=True)
class QuizCase:
    """One fictional case of a quiz: its story, the findings recorded, and where it comes from."""

    story: str
    findings: tuple[tuple[Finding, Answer], ...]  # all six, in `FINDINGS` order
    age_group: AgeGroup
    demo: Case | None = None  # None for a generated case

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The six answers in `FINDINGS` order."""
        return tuple(answer for _, answer in self.findings)

    def assessment(self) -> Assessment:
        """The rule applied to this case."""
        return rules.evaluate_answers(self.answers, self.age_group)

    def lesson(self) -> tuple[Statement, ...]:
        """A demo case's teaching point; a generated one's: what each finding assessed is."""
        if self.demo is not None:
            return self.demo.teaching
        return tuple(
            statement
            for finding, answer in self.findings
            if answer is not Answer.UNKNOWN
            for statement in text.SIGNS[finding]
        )


def story(name: str, answers: tuple[Answer, ...]) -> str:
    """A generated case's story: the opening, then one sentence a finding, yes, no, unknown."""
    sentences = [text.OPENING]
    for wanted in (Answer.YES, Answer.NO, Answer.UNKNOWN):
        sentences += [
            text.STORY[finding][answer]
            for finding, answer in zip(rules.FINDINGS, answers, strict=True)
            if answer is wanted
        ]
    return " ".join(sentences).format(name=name)


def from_demo(case: Case) -> QuizCase:
    """A demo case as a quiz case (its title is not shown: it would give the answer away)."""
    return QuizCase(case.vignette, case.findings, case.age_group, case)


@cache
def generated_pool() -> tuple[tuple[Answer, ...], ...]:
    """Every combination a generated case may have: at least one sign seen besides a tumour."""
    tumour = rules.FINDINGS.index(Finding.NEUROBLASTOMA)
    return tuple(
        answers
        for answers in rules.all_combinations()
        if any(a is Answer.YES for index, a in enumerate(answers) if index != tumour)
    )


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


def make_quiz(seed: int, count: int = 5, criteria: bool = False) -> Quiz:
    """The quiz for a seed: ``count`` cases, generated and demo cases taking turns, none twice."""
    rng = random.Random(seed)  # noqa: S311  (teaching cases, not secrets: a seed must repeat)
    demos = list(CASES)
    rng.shuffle(demos)
    names = list(text.NAMES)
    rng.shuffle(names)
    cases: list[QuizCase] = []
    for index in range(count):
        if index % 2 and demos:
            cases.append(from_demo(demos.pop()))
            continue
        used = {case.answers for case in cases}
        pool = [answers for answers in generated_pool() if answers not in used]
        tricky = [answers for answers in pool if misleading_traps(answers)]
        answers = rng.choice(tricky if tricky and rng.random() < TRAP_SHARE else pool)
        name = names[len(cases) % len(names)]
        findings = tuple(zip(rules.FINDINGS, answers, strict=True))
        cases.append(QuizCase(story(name, answers), findings, AgeGroup.CHILD))
    return Quiz(seed, tuple(cases), criteria)


def reasoning(assessment: Assessment) -> tuple[Statement, ...]:
    """Why the verdict is what it is: one line a criterion, then the count, each with sources.

    The one place the session and the answer key take their reasoning from.
    """
    lines = [
        Statement(
            f"{result.criterion.title}: {criterion_reasoning(result)}",
            result.criterion.sources,
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


def rule_help() -> str:
    """What ``?`` shows: the rule, what "and/or" means, and what unknown means."""
    return "\n".join(f"  {cited(statement)}" for statement in RULE_STATEMENTS)


def findings_line(case: QuizCase) -> str:
    """The findings as recorded, for example "neuroblastoma: unknown, opsoclonus: yes, ..."."""
    findings = answers_said(case.findings)
    return f"{text.FINDINGS_LINE.format(findings=findings)} {age_line(case.age_group)}."


def demo_line(case: QuizCase) -> str:
    """For a demo case, where to walk through it; else empty."""
    return text.FROM_DEMO.format(case=case.demo.id) if case.demo is not None else ""


@dataclass(frozen=True, slots=True)
class Feedback:
    """What is said after an answer: whether it is right (the marked line), then the rest."""

    right: bool
    mark: str
    details: tuple[str, ...]
    traps: tuple[Trap, ...]


def _trap_lines(traps: tuple[Trap, ...]) -> list[str]:
    """The known traps a wrong verdict is what of: one named and explained, several listed."""
    if len(traps) < 2:
        return [trap_line(trap) for trap in traps]
    names = "; ".join(TRAP_TEXT[trap].name for trap in traps)
    sources = sorted({n for trap in traps for n in TRAP_TEXT[trap].sources})
    return [f"{text.TRAPS_MANY.format(count=len(traps), names=names)} {cite(sources)}"]


def _misread_lines(assessment: Assessment, given: Verdict) -> list[str]:
    """Which criteria, each read otherwise, would make ``given`` right; else how many at least."""
    statuses = [result.status for result in assessment.criteria]
    found = [
        (result, status)
        for index, result in enumerate(assessment.criteria)
        for status in Status
        if status is not result.status
        and _verdict_of([*statuses[:index], status, *statuses[index + 1 :]]) is given
    ]
    if not found:
        fewest = min(
            sum(read is not status for read, status in zip(reading, statuses, strict=True))
            for reading in product(Status, repeat=len(statuses))
            if _verdict_of(reading) is given
        )
        return [text.MISREAD_MANY.format(given=VERDICT_SAID[given], count=fewest)]
    options = " or ".join(
        text.MISREAD_OPTION.format(
            title=result.criterion.title,
            read=STATUS_SAID[read],
            status=STATUS_SAID[result.status],
        )
        for result, read in found
    )
    return [text.MISREAD_ONE.format(given=VERDICT_SAID[given], options=options)]


def _own_reading_lines(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...]
) -> tuple[list[str], tuple[Trap, ...]]:
    """A wrong verdict after the criteria were asked: explained by the student's own answers."""
    misread = [
        (result, status)
        for result, status in zip(case.assessment().criteria, statuses, strict=True)
        if status is not result.status
    ]
    own = _verdict_of(statuses)
    if own is given:  # the verdict follows: the mistake is in the criteria read otherwise
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
    traps = tuple(trap for trap in verdict_traps(case.answers, given) if trap in COUNTED_TWICE)
    if traps and not misread:
        return _trap_lines(traps), traps
    line = text.NOT_FOLLOWS.format(
        met=statuses.count(Status.MET),
        unknown=statuses.count(Status.UNKNOWN),
        verdict=VERDICT_SAID[own],
        given=VERDICT_SAID[given],
    )
    return [line], ()


def verdict_feedback(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...] | None = None
) -> Feedback:
    """What is said after a verdict is answered: right or not, the mistake, the findings, why.

    A wrong verdict names the known trap it is what of, else the criteria that, read otherwise,
    would give it; with ``statuses`` (the criteria as the student answered them), from those.
    """
    assessment = case.assessment()
    correct = VERDICT_SENTENCE[assessment.verdict]
    details: list[str] = []
    traps: tuple[Trap, ...] = ()
    if given is assessment.verdict:
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
    details += [line for line in [demo_line(case)] if line]
    return Feedback(given is assessment.verdict, mark, tuple(details), traps)


def criterion_feedback(result: CriterionResult, given: Status) -> Feedback:
    """What is said after one criterion's status is answered."""
    correct = f"{result.criterion.title} is {STATUS_SAID[result.status]}"
    why = f"{criterion_reasoning(result)} {cite(result.criterion.sources)}"
    if given is result.status:
        return Feedback(True, f"{text.RIGHT.format(answer=correct)} {why}", (), ())
    traps = criterion_traps(result, given)
    mark = f"{text.WRONG.format(given=STATUS_SAID[given], answer=correct)} {why}"
    return Feedback(False, mark, tuple(trap_line(trap) for trap in traps), traps)


class Answered(StrEnum):
    """What a question asked: the verdict, or one criterion's status."""

    VERDICT = "verdict"
    CRITERION = "criterion"


@dataclass(frozen=True, slots=True)
class Mark:
    """One answer of a session, marked; ``case`` is the case's number, from 1."""

    case: int
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

    def lines(self) -> list[str]:
        """The closing lines of a session: the score, and the traps to look at again."""
        line = text.SCORE.format(right=self.right(), total=self.total())
        if self.total(Answered.CRITERION):
            parts = text.SCORE_PARTS.format(
                verdicts=self.right(Answered.VERDICT),
                cases=self.total(Answered.VERDICT),
                criteria=self.right(Answered.CRITERION),
                criterion_total=self.total(Answered.CRITERION),
            )
            line += f" ({parts})"
        traps = self.traps()
        if not traps:
            return [f"{line}.", text.NO_TRAPS]
        named = ", ".join(
            TRAP_TEXT[trap].name + (f" ({count} times)" if count > 1 else "")
            for trap, count in traps.items()
        )
        return [f"{line}.", text.TRAPS_FALLEN.format(traps=named)]


def session_sources() -> tuple[Source, ...]:
    """The sources a session cites: the rule's, the traps' and the disclaimer's."""
    numbers = {*content.RULE_SOURCES, *content.DISCLAIMER_SOURCES}
    numbers.update(n for criterion in rules.CRITERIA for n in criterion.sources)
    numbers.update(n for trap in TRAP_TEXT.values() for n in trap.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def plural_cases(count: int) -> str:
    """The word for this many cases: case or cases."""
    return "case" if count == 1 else "cases"


Mark_ = Callable[[str, bool], None]
"""Shows the right/wrong line of an answer, given whether it is right (in colour, on a terminal)."""
Pause = Callable[[str], None]
"""Waits, showing a prompt, until the student goes on (Enter); on a terminal only."""


def run(
    quiz: Quiz, ask: Ask, say: Say, *, mark: Mark_ | None = None, pause: Pause | None = None
) -> Score:
    """Present each case, ask, and say at once whether each answer is right and why.

    A case is its story alone; its findings come with the feedback. ``mark`` shows a right/wrong
    line (default: `say`); ``pause`` waits after each case. The end of input raises `EndOfInput`.
    """
    marks: list[Mark] = []
    show_mark = mark if mark is not None else lambda line, right: say(line)

    def tell(number: int, kind: Answered, feedback: Feedback) -> None:
        show_mark(feedback.mark, feedback.right)
        for line in feedback.details:
            say(line)
        marks.append(Mark(number, kind, feedback.right, feedback.traps))

    count = len(quiz.cases)
    say(text.INTRO.format(count=count, cases=plural_cases(count)))
    say(text.SEED_LINE.format(seed=quiz.seed, command=quiz.command))
    for number, case in enumerate(quiz.cases, start=1):
        assessment = case.assessment()
        say("")
        say(f"{text.CASE_HEADING.format(number=number, count=count)} · {FICTION_NOTICE}")
        say(case.story)
        statuses: list[Status] = []
        for index, result in enumerate(assessment.criteria if quiz.criteria else ()):
            prompt = text.CRITERION_PROMPT.format(number=index + 1, title=result.criterion.title)
            status = ask_choice(
                ask,
                say,
                f"{prompt} [y/n/u/?] ",
                STATUS_ANSWERS,
                help_text=rule_help(),
                hint=text.CRITERION_HINT,
                name=f"criterion {index + 1} of case {number}",
            )
            tell(number, Answered.CRITERION, criterion_feedback(result, status))
            statuses.append(status)
        verdict = ask_choice(
            ask,
            say,
            f"{text.VERDICT_PROMPT} [y/n/u/?] ",
            VERDICT_ANSWERS,
            help_text=rule_help(),
            hint=text.VERDICT_HINT,
            name=f"the verdict of case {number} of {count}",
        )
        own = tuple(statuses) if quiz.criteria else None
        tell(number, Answered.VERDICT, verdict_feedback(case, verdict, own))
        if pause is not None:
            pause(text.PAUSE_NEXT if number < count else text.PAUSE_LAST)
    score = Score(tuple(marks))
    for line in ["", *score.lines(), "", "Sources"]:
        say(line)
    for source in session_sources():  # indented: wrapped lines stay under the label
        say(f"  {source.label} {source_line(source)}")
    say("")
    say(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    return score


def converse(quiz: Quiz) -> None:
    """`oms quiz` on standard output; on a terminal in colour, with a pause after each case."""
    out = console()
    coloured = out.is_terminal and out.color_system is not None and not out.no_color

    def talk(ask: Ask, say: Say) -> Score:
        def mark(line: str, right: bool) -> None:
            style = Style.parse("bold green" if right else "bold red")
            say(style.render(line, color_system=ColorSystem.STANDARD) if coloured else line)

        def pause(prompt: str) -> None:
            with contextlib.suppress(EOFError):  # Ctrl-D goes on, as Enter does
                ask(prompt)

        return run(quiz, ask, say, mark=mark, pause=pause if terminal.on_terminal() else None)

    terminal.conversation(talk, sys.stdout)


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One case of the answer key: its verdict, findings, reasoning, traps and lesson."""

    heading: str
    findings: str
    statuses: str
    why: tuple[Statement, ...]
    traps: tuple[str, ...]  # what each misleading trap would answer
    lesson_heading: str
    lesson: tuple[Statement, ...]
    demo: str


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
        demo=demo_line(case),
    )


@dataclass(frozen=True, slots=True)
class QuestionCase:
    """One case of the question sheet: its heading ("Case 2 of 5"), story and blanks to fill."""

    heading: str
    story: str
    blanks: tuple[str, ...]  # one a criterion, when the criteria are asked


@dataclass(frozen=True, slots=True)
class Worksheet:
    """A quiz's question sheet and answer key, laid out by `views.quiz_sheet` and `markdown`."""

    questions_title: str
    answers_title: str
    intro: str
    rule_heading: str
    rule: tuple[Statement, ...]
    cases: tuple[QuestionCase, ...]
    verdict_blank: str
    question_sources: tuple[Source, ...]
    key: tuple[KeyEntry, ...]
    traps_heading: str
    key_sources: tuple[Source, ...]


def worksheet(quiz: Quiz) -> Worksheet:
    """The worksheet of a quiz: every case with blanks, then the answer key."""
    count = len(quiz.cases)
    title = text.WORKSHEET_TITLE.format(count=count, cases=plural_cases(count))
    blanks = tuple(text.CRITERION_BLANK.format(title=c.title) for c in rules.CRITERIA)
    key_numbers = {source.n for source in session_sources()}
    key_numbers.update(n for case in quiz.cases for s in case.lesson() for n in s.sources)
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
        key_sources=tuple(source for source in SOURCES if source.n in key_numbers),
    )


def answers_path(path: str) -> str:
    """Where the answer key goes beside a question sheet: ``quiz.md`` -> ``quiz-answers.md``."""
    questions = Path(path)
    return str(questions.with_name(f"{questions.stem}-answers{questions.suffix}"))


def check_worksheet_targets(path: str, force: bool) -> str:
    """Check both files of an export before any work; the answer key's name, or OutputError."""
    check_target(path, force)
    answers = answers_path(path)
    check_target(answers, force)
    return answers


def prepare(seed: int | None, count: int, criteria: bool, export: str | None, force: bool) -> Quiz:
    """The quiz `oms quiz` asks (a new seed unless given); with --export, both files checked."""
    if export is not None:
        try:
            check_worksheet_targets(export, force)
        except OutputError as error:
            fail(str(error))
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10_000)
    return make_quiz(seed, count, criteria)
