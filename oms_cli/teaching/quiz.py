"""`oms quiz`: fictional cases to practise the 3-of-4 rule on, marked at once, with a score.

`make_quiz` makes it by seed; `run` asks it through injected ask/say, `converse` on a terminal;
`worksheet` is the same quiz on paper with its answer key.
"""

import random
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, partial
from itertools import product
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.color import ColorSystem
from rich.style import Style

from oms_cli import content, rules
from oms_cli.content import CASES_FICTIONAL
from oms_cli.content.cases import CASES, Case
from oms_cli.content.sources import SOURCES, Source, cite
from oms_cli.content.topics import Statement
from oms_cli.rules import AgeGroup, Answer, Assessment, CriterionResult, Finding, Status, Verdict
from oms_cli.teaching import terminal
from oms_cli.teaching.questionnaire import Ask, Say, ask_choice
from oms_cli.teaching.quiz_text import NAMES, OPENING, SIGNS, STORY, TRAPS, Trap, line
from oms_cli.views import is_terminal
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

_T = TypeVar("_T")

TRAP_SHARE = 0.75  # of generated cases, chosen so that a known trap gives the wrong verdict

# A verdict or status is answered as a finding is typed (y: met, n: not met, u: undetermined or
# unknown), or in the words the feedback says it in ("not met").
VERDICT_OF_ANSWER = dict(
    zip(Answer, (Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED), strict=True)
)
STATUS_OF_ANSWER = dict(zip(Answer, (Status.MET, Status.NOT_MET, Status.UNKNOWN), strict=True))
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


# The traps as data: what a trap reads an unknown finding as (and which), or which pair of
# findings it counts as two criteria.
UNKNOWN_READ: dict[Trap, tuple[Answer, tuple[Finding, ...]]] = {
    Trap.UNKNOWN_AS_NO: (Answer.NO, rules.FINDINGS),
    Trap.TUMOUR_ASSUMED: (Answer.YES, (Finding.NEUROBLASTOMA,)),
}
COUNTED_TWICE: dict[Trap, tuple[Finding, Finding]] = {
    Trap.MOVEMENT_TWICE: (Finding.MYOCLONUS, Finding.ATAXIA),
    Trap.BEHAVIOUR_SLEEP_TWICE: (Finding.BEHAVIOR, Finding.SLEEP),
}


def _verdict_of(statuses: Sequence[Status]) -> Verdict:
    return rules.decide(statuses.count(Status.MET), statuses.count(Status.UNKNOWN))


def _status_read(trap: Trap, answers: Sequence[tuple[Finding, Answer]]) -> Status:
    """A criterion's status as someone who falls into ``trap`` reads its answers."""
    guess, findings = UNKNOWN_READ.get(trap, (Answer.UNKNOWN, ()))
    read = [guess if a is Answer.UNKNOWN and f in findings else a for f, a in answers]
    return rules.criterion_status(tuple(read))


def trap_verdict(trap: Trap, answers: tuple[Answer, ...]) -> Verdict:
    """The verdict someone who falls into ``trap`` gives for six answers in `FINDINGS` order."""
    statuses = []
    for result in rules.evaluate_answers(answers).criteria:
        # A pair counted twice: each of its findings counts as a criterion, met when yes.
        twice = result.criterion.findings == COUNTED_TWICE.get(trap)
        parts = [(pair,) for pair in result.answers] if twice else [result.answers]
        statuses += [_status_read(trap, part) for part in parts]
    return _verdict_of(statuses)


def criterion_traps(result: CriterionResult, given: Status) -> tuple[Trap, ...]:
    """The traps that explain a wrong status given for one criterion."""
    return tuple(
        trap
        for trap in Trap
        if given is not result.status and _status_read(trap, result.answers) is given
    )


@cache  # 729 combinations at most
def misleading_traps(answers: tuple[Answer, ...]) -> tuple[tuple[Trap, Verdict], ...]:
    """The traps that give another verdict than the rule for these answers, with that verdict."""
    correct = rules.evaluate_answers(answers).verdict
    found = ((trap, trap_verdict(trap, answers)) for trap in Trap)
    return tuple((trap, verdict) for trap, verdict in found if verdict is not correct)


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
        known = [finding for finding, answer in self.findings if answer is not Answer.UNKNOWN]
        return tuple(statement for finding in known for statement in SIGNS[finding])


def story(name: str, answers: tuple[Answer, ...]) -> str:
    """A generated case's story: the opening, then one sentence a finding, yes, no, unknown."""
    told = sorted(
        zip(rules.FINDINGS, answers, strict=True), key=lambda pair: list(Answer).index(pair[1])
    )
    sentences = [OPENING, *(STORY[finding][answer] for finding, answer in told)]
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
        if Answer.YES in answers[:tumour] + answers[tumour + 1 :]
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
        words = f"oms quiz --seed {self.seed} --count {len(self.cases)}"
        return f"{words} --criteria" if self.criteria else words


def make_quiz(seed: int, count: int = 5, criteria: bool = False) -> Quiz:
    """The quiz for a seed: ``count`` cases, generated and demo cases taking turns, none twice."""
    rng = random.Random(seed)  # noqa: S311  (teaching cases, not secrets: a seed must repeat)
    demos = list(CASES)
    rng.shuffle(demos)
    names = list(NAMES)
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
        # A child of no given age: the page sets no age for the rule.
        cases.append(QuizCase(story(name, answers), findings, AgeGroup.CHILD))
    return Quiz(seed, tuple(cases), criteria)


def reasoning(assessment: Assessment) -> tuple[Statement, ...]:
    """Why the verdict is what it is (for the session and the key): the criteria, the count."""
    lines = [
        Statement(
            f"{result.criterion.title}: {criterion_reasoning(result)}", result.criterion.sources
        )
        for result in assessment.criteria
    ]
    # The count and, for a not-met verdict, its caveat (uncited: the tool's own words).
    return (*lines, *(Statement(note.text, note.sources) for note in verdict_reasons(assessment)))


def cited(statement: Statement) -> str:
    """A statement followed by its citation marks."""
    marks = cite(statement.sources)
    return f"{statement.text} {marks}" if marks else statement.text


def trap_line(trap: Trap) -> str:
    """The line naming a trap and saying why it is one, with its sources."""
    words = TRAPS[trap]
    return cited(Statement(line("trap", name=words.name, why=words.why), words.sources))


def rule_help() -> str:
    """What ``?`` shows: the rule, what "and/or" means, and what unknown means."""
    return "\n".join(f"  {cited(statement)}" for statement in RULE_STATEMENTS)


def findings_line(case: QuizCase) -> str:
    """The findings as recorded, for example "neuroblastoma: unknown, opsoclonus: yes, ..."."""
    findings = line("findings_line", findings=answers_said(case.findings))
    return f"{findings} {age_line(case.age_group)}."


def demo_line(case: QuizCase) -> str:
    """For a demo case, where to walk through it; else empty."""
    return line("from_demo", case=case.demo.id) if case.demo is not None else ""


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
    names = "; ".join(TRAPS[trap].name for trap in traps)
    sources = sorted({n for trap in traps for n in TRAPS[trap].sources})
    return [f"{line('traps_many', count=len(traps), names=names)} {cite(sources)}"]


def _criteria_read(key: str, misread: list[tuple[CriterionResult, Status]], joiner: str) -> str:
    """Criteria each read as another status, in the words of the line ``key``."""
    return joiner.join(
        line(key, title=r.criterion.title, given=STATUS_SAID[s], status=STATUS_SAID[r.status])
        for r, s in misread
    )


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
        return [line("misread_many", given=VERDICT_SAID[given], count=fewest)]
    options = _criteria_read("misread_option", found, " or ")
    return [line("misread_one", given=VERDICT_SAID[given], options=options)]


def _wrong_verdict_lines(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...] | None
) -> tuple[list[str], tuple[Trap, ...]]:
    """Why a verdict is wrong (from the traps, the criteria or the student's ``statuses``)."""
    traps = tuple(trap for trap, verdict in misleading_traps(case.answers) if verdict is given)
    if statuses is None:
        return _trap_lines(traps) or _misread_lines(case.assessment(), given), traps
    misread = [
        (result, status)
        for result, status in zip(case.assessment().criteria, statuses, strict=True)
        if status is not result.status
    ]
    own = _verdict_of(statuses)
    if own is given:  # the verdict follows: the mistake is in the criteria read otherwise
        named = _criteria_read("own_misread", misread, ", ")
        # The traps of those criteria (named as each was marked) gave this verdict too.
        traps = tuple(dict.fromkeys(t for r, s in misread for t in criterion_traps(r, s)))
        return [line("follows", criteria=named)], traps
    # The verdict does not follow from the student's own criteria: a counting trap, or the rule.
    traps = tuple(trap for trap in traps if trap in COUNTED_TWICE)
    if traps and not misread:
        return _trap_lines(traps), traps
    said = line(
        "not_follows",
        met=statuses.count(Status.MET),
        unknown=statuses.count(Status.UNKNOWN),
        verdict=VERDICT_SAID[own],
        given=VERDICT_SAID[given],
    )
    return [said], ()


def verdict_feedback(
    case: QuizCase, given: Verdict, statuses: tuple[Status, ...] | None = None
) -> Feedback:
    """What is said after a verdict is answered: right or not, the mistake, the findings, why."""
    assessment = case.assessment()
    correct = VERDICT_SENTENCE[assessment.verdict]
    right = given is assessment.verdict
    details: list[str] = []
    traps: tuple[Trap, ...] = ()
    if right:
        mark = line("right", answer=correct)
    else:
        mark = line("wrong", given=VERDICT_SAID[given], answer=correct)
        details, traps = _wrong_verdict_lines(case, given, statuses)
    details += [findings_line(case), "Why:"]
    details += [f"  {cited(statement)}" for statement in reasoning(assessment)]
    details += [demo_line(case)] if case.demo is not None else []
    return Feedback(right, mark, tuple(details), traps)


def criterion_feedback(result: CriterionResult, given: Status) -> Feedback:
    """What is said after one criterion's status is answered."""
    correct = f"{result.criterion.title} is {STATUS_SAID[result.status]}"
    why = f"{criterion_reasoning(result)} {cite(result.criterion.sources)}"
    if given is result.status:
        return Feedback(True, f"{line('right', answer=correct)} {why}", (), ())
    traps = criterion_traps(result, given)
    mark = f"{line('wrong', given=STATUS_SAID[given], answer=correct)} {why}"
    return Feedback(False, mark, tuple(_trap_lines(traps)), traps)


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
        score = line("score", right=self.right(), total=self.total())
        if self.total(Answered.CRITERION):
            parts = line(
                "score_parts",
                verdicts=self.right(Answered.VERDICT),
                cases=self.total(Answered.VERDICT),
                criteria=self.right(Answered.CRITERION),
                criterion_total=self.total(Answered.CRITERION),
            )
            score += f" ({parts})"
        named = ", ".join(
            TRAPS[trap].name + (f" ({count} times)" if count > 1 else "")
            for trap, count in self.traps().items()
        )
        return [f"{score}.", line("traps_fallen", traps=named) if named else line("no_traps")]


def session_sources() -> tuple[Source, ...]:
    """The sources a session cites: the rule's, the traps' and the disclaimer's."""
    numbers = {*content.RULE_SOURCES, *content.DISCLAIMER_SOURCES}
    numbers.update(n for criterion in rules.CRITERIA for n in criterion.sources)
    numbers.update(n for trap in TRAPS.values() for n in trap.sources)
    return tuple(source for source in SOURCES if source.n in numbers)


def counted(key: str, count: int) -> str:
    """The line ``key`` for this many cases ("1 case", "5 cases")."""
    return line(key, count=count, cases="case" if count == 1 else "cases")


Mark_ = Callable[[str, bool], None]
"""Shows the right/wrong line of an answer, given whether it is right (in colour, on a terminal)."""
Pause = Callable[[str], bool]
"""Waits, showing a prompt, until the student goes on (Enter: True) or stops (q: False)."""


def run(
    quiz: Quiz,
    ask: Ask,
    say: Say,
    *,
    mark: Mark_ | None = None,
    pause: Pause | None = None,
    retry: bool = True,
    answered: Callable[[], None] | None = None,
) -> Score:
    """Present each case (its story alone), ask, and say at once whether each answer is right.

    An answer not understood is asked again; without ``retry`` (piped answers, which would shift
    one question on) it raises `UnclearAnswer`. ``answered`` runs after the last answer, before
    the score (`oms quiz` refuses a piped line left over there).
    """
    marks: list[Mark] = []
    show_mark = mark if mark is not None else lambda text, right: say(text)

    def tell(number: int, kind: Answered, feedback: Feedback) -> None:
        show_mark(feedback.mark, feedback.right)
        for text in feedback.details:
            say(text)
        marks.append(Mark(number, kind, feedback.right, feedback.traps))

    def question(prompt: str, words: dict[str, _T], hint: str, name: str) -> _T:
        return ask_choice(
            ask,
            say,
            f"{prompt} [y/n/u/?] ",
            words,
            help_text=rule_help(),
            hint=hint,
            name=name,
            retry=retry,
        )

    count = len(quiz.cases)
    say(counted("intro", count))
    say(line("seed_line", seed=quiz.seed, command=quiz.command))
    for number, case in enumerate(quiz.cases, start=1):
        say("")
        say(f"{line('case_heading', number=number, count=count)} · {FICTION_NOTICE}")
        say(case.story)
        statuses: list[Status] = []
        for index, result in enumerate(case.assessment().criteria if quiz.criteria else ()):
            prompt = line("criterion_prompt", number=index + 1, title=result.criterion.title)
            name = f"criterion {index + 1} of case {number}"
            status = question(prompt, STATUS_ANSWERS, line("criterion_hint"), name)
            tell(number, Answered.CRITERION, criterion_feedback(result, status))
            statuses.append(status)
        name = f"the verdict of case {number} of {count}"
        verdict = question(line("verdict_prompt"), VERDICT_ANSWERS, line("verdict_hint"), name)
        own = tuple(statuses) if quiz.criteria else None
        tell(number, Answered.VERDICT, verdict_feedback(case, verdict, own))
        if pause is not None and not pause(line("pause_next" if number < count else "pause_last")):
            break  # stopped: the score of the cases answered
    if answered is not None:
        answered()
    score = Score(tuple(marks))
    for text in ["", *score.lines(), "", "Sources"]:
        say(text)
    for source in session_sources():  # indented: wrapped lines stay under the label
        say(f"  {source.label} {source_line(source)}")
    say("")
    say(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    return score


def converse(quiz: Quiz) -> None:
    """`oms quiz` on standard output; on a terminal in colour, with a pause after each case."""
    out = console()
    coloured = out.is_terminal and out.color_system is not None and not out.no_color

    stopped = "the quiz ends without a score"

    def talk(term: terminal.Terminal) -> Score:
        marked: list[tuple[str, bool]] = []

        def mark(text: str, right: bool) -> None:
            style = Style.parse("bold green" if right else "bold red")
            paint = partial(style.render, color_system=ColorSystem.STANDARD)
            term.say(text, style=paint if coloured else None)
            marked[:] = [(text, right)]

        def pause(prompt: str) -> bool:
            # On a short screen (a projector's large font) the mark has scrolled away: again.
            if marked and term.lines_said >= shutil.get_terminal_size().lines - 1:
                mark(*marked[0])
            try:
                return term.ask(prompt).strip().lower() not in {"q", "quit"}
            except EOFError:  # Ctrl-D goes on, as Enter does
                return True

        at_terminal = terminal.on_terminal()
        retry = is_terminal(sys.stdin)  # a person types again; piped lines are in order
        return run(
            quiz,
            term.ask,
            term.say,
            mark=mark,
            pause=pause if at_terminal else None,
            retry=retry,
            answered=partial(term.refuse_more, stopped),
        )

    terminal.conversation(talk, sys.stdout, stopped=stopped)


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
        line("trap_key", name=TRAPS[trap].name.capitalize(), verdict=f'"{VERDICT_SAID[verdict]}"')
        for trap, verdict in misleading_traps(case.answers)
    ]
    return KeyEntry(
        heading=f"Case {number}: {VERDICT_SENTENCE[assessment.verdict]}",
        findings=findings_line(case),
        statuses=f"{line('statuses_line')} {statuses}.",
        why=reasoning(assessment),
        traps=tuple(traps),
        lesson_heading=line("teaching_heading" if case.demo is not None else "signs_heading"),
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
    """A quiz's question sheet and answer key, laid out by `quiz_sheet` and `views.markdown`."""

    questions_title: str
    answers_title: str
    intro: str
    cases: tuple[QuestionCase, ...]
    key: tuple[KeyEntry, ...]
    key_sources: tuple[Source, ...]
    # The same on every sheet:
    rule_heading: ClassVar[str] = line("rule_heading")
    rule: ClassVar[tuple[Statement, ...]] = RULE_STATEMENTS
    verdict_blank: ClassVar[str] = line("verdict_blank")
    question_sources: ClassVar[tuple[Source, ...]] = criteria_sources()
    traps_heading: ClassVar[str] = line("traps_heading")


def worksheet(quiz: Quiz) -> Worksheet:
    """The worksheet of a quiz: every case with blanks, then the answer key."""
    count = len(quiz.cases)
    title = counted("worksheet_title", count)
    blanks = tuple(line("criterion_blank", title=c.title) for c in rules.CRITERIA)
    key_numbers = {source.n for source in session_sources()}
    key_numbers.update(n for case in quiz.cases for s in case.lesson() for n in s.sources)
    return Worksheet(
        questions_title=f"{title}: {line('questions_title').lower()}",
        answers_title=f"{title}: {line('answers_title').lower()}",
        intro=f"{CASES_FICTIONAL} {line('same_quiz_again', command=quiz.command)}",
        cases=tuple(
            QuestionCase(
                line("case_heading", number=number, count=count),
                case.story,
                blanks if quiz.criteria else (),
            )
            for number, case in enumerate(quiz.cases, start=1)
        ),
        key=tuple(key_entry(quiz, number) for number in range(1, count + 1)),
        key_sources=tuple(source for source in SOURCES if source.n in key_numbers),
    )


def answers_path(path: str) -> str:
    """Where the answer key goes beside a question sheet: ``quiz.md`` -> ``quiz-answers.md``."""
    questions = Path(path)
    return str(questions.with_name(f"{questions.stem}-answers{questions.suffix}"))


def prepare(seed: int | None, count: int, criteria: bool, export: str | None, force: bool) -> Quiz:
    """The quiz `oms quiz` asks (a new seed unless given); with --export, both files checked."""
    if export is not None:  # both files, before any work
        check_target(export, force)
        check_target(answers_path(export), force)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10_000)
    return make_quiz(seed, count, criteria)
