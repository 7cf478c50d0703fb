"""`oms quiz`: cases, traps, marking, score, seeds, worksheets; generated texts cited, own words."""

from __future__ import annotations

import errno
import io
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oms_cli import content
from oms_cli.content.cases import CASE_BY_ID, CASES
from oms_cli.content.sources import SOURCE_BY_N
from oms_cli.content.topics import Statement
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    AgeGroup,
    Answer,
    Assessment,
    Finding,
    Status,
    Verdict,
    all_combinations,
    decide,
    evaluate,
    evaluate_answers,
)
from oms_cli.teaching import quiz, quiz_sheet
from oms_cli.teaching import quiz_text as text
from oms_cli.teaching.questionnaire import EndOfInput, UnclearAnswer
from oms_cli.teaching.quiz import Answered, Quiz, QuizCase
from oms_cli.teaching.quiz_text import Trap
from oms_cli.teaching.terminal import Terminal
from oms_cli.views import export
from oms_cli.views.result import STATUS_SAID, VERDICT_SENTENCE
from oms_cli.views.wording import FICTION_NOTICE, criterion_reasoning
from tests import page
from tests.conftest import Invoke
from tests.test_export import parse_html, svg_text
from tests.test_signals import finish, handlers_installed, needs_oms, start

REPO_ROOT = Path(__file__).resolve().parents[1]
Y, N, U = Answer.YES, Answer.NO, Answer.UNKNOWN


def answers_of(**given: Answer) -> tuple[Answer, ...]:
    """Six answers in FINDINGS order; a finding not named is unknown."""
    return tuple(given.get(finding.value, U) for finding in FINDINGS)


def demo_answers(case_id: str) -> tuple[Answer, ...]:
    """A demo case's six answers."""
    return tuple(answer for _, answer in CASE_BY_ID[case_id].findings)


def generated(answers: tuple[Answer, ...], name: str = "Alex") -> QuizCase:
    """A generated case with exactly these answers."""
    findings = tuple(zip(FINDINGS, answers, strict=True))
    return QuizCase(quiz.story(name, answers), findings, AgeGroup.CHILD)


class Session:
    """A quiz run in process: answers injected one a prompt, everything said kept."""

    def __init__(self, *answers: str) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []
        self.events: list[tuple[str, str]] = []
        """Everything in order: ("ask", prompt) and ("say", line)."""

    def ask(self, prompt: str) -> str:
        """The next injected answer; the end of input once they run out."""
        self.prompts.append(prompt)
        self.events.append(("ask", prompt))
        try:
            return next(self.answers)
        except StopIteration:
            raise EOFError from None

    def say(self, line: str) -> None:
        """Keep what the quiz says."""
        self.said.append(line)
        self.events.append(("say", line))

    def run(self, chosen: Quiz) -> quiz.Score:
        """Run the quiz with these answers."""
        return quiz.run(chosen, self.ask, self.say)

    @property
    def text(self) -> str:
        """Everything said, as one text."""
        return "\n".join(self.said)


def one_case(answers: tuple[Answer, ...], criteria: bool = False) -> Quiz:
    """A quiz of one generated case."""
    return Quiz(seed=1, cases=(generated(answers),), criteria=criteria)


# --- marking a verdict --------------------------------------------------------------------------

UNDETERMINED_BY_TWO = answers_of(neuroblastoma=N, opsoclonus=Y, ataxia=Y)
"""Two criteria met, neuroblastoma ruled out, two unknown: undetermined."""


def test_a_right_verdict_is_said_right_with_the_reasoning_and_its_sources() -> None:
    """A right verdict: "Right", every line of the reasoning with its [n], a score of 1 of 1."""
    session = Session("u")
    score = session.run(one_case(UNDETERMINED_BY_TWO))
    assert "Right: the criteria are undetermined." in session.said
    for statement in quiz.reasoning(evaluate_answers(UNDETERMINED_BY_TWO)):
        assert statement.sources
        assert f"  {quiz.cited(statement)}" in session.said
    assert (score.right(), score.total()) == (1, 1)
    assert "Score: 1 of 1 right." in session.said
    assert text.LINES["no_traps"] in session.said


def test_a_wrong_verdict_gives_the_right_one_at_once() -> None:
    """A wrong verdict that no trap explains: "Not right", the right verdict, the criteria misread.

    Neuroblastoma (looked for, not found) or behaviour and sleep (unknown) read as met would
    make "met" right; nothing else would.
    """
    session = Session("y")
    score = session.run(one_case(UNDETERMINED_BY_TWO))
    wrong = "Not right: you answered met; the criteria are undetermined."
    assert session.said[session.said.index(wrong) + 1] == (
        "Your answer, met, would be right only if Neuroblastoma were met (it is not met) or "
        "Behavioural and/or sleep disturbance were met (it is unknown)."
    )
    assert "That is a known trap" not in session.text
    assert score.marks == (quiz.Mark(1, Answered.VERDICT, right=False, traps=()),)
    assert "Score: 0 of 1 right." in session.said


def reread(assessment: Assessment, changes: dict[int, Status]) -> Verdict:
    """The verdict the rule gives with some criteria's statuses read otherwise (by index)."""
    statuses = [changes.get(index, r.status) for index, r in enumerate(assessment.criteria)]
    return decide(statuses.count(Status.MET), statuses.count(Status.UNKNOWN))


def test_every_wrong_verdict_names_a_trap_it_is_or_the_criteria_that_give_it() -> None:
    """Over all 729 combinations and every wrong verdict, the mistake named is computed.

    A trap is named only when applying it gives exactly the answer; otherwise every criterion
    named as misread does give the answer when read as said, and every criterion that would is
    named; when none alone would, the fewest criteria needed is said, and it is more than one.
    """
    titles = {criterion.title: index for index, criterion in enumerate(CRITERIA)}
    for answers in all_combinations():
        case = generated(answers)
        assessment = case.assessment()
        for given in Verdict:
            if given is assessment.verdict:
                continue
            feedback = quiz.verdict_feedback(case, given)
            first = feedback.details[0]
            traps = [t for t in Trap if quiz.trap_verdict(t, answers) is given]
            assert feedback.traps == tuple(traps)
            if traps:
                assert all(text.TRAPS[t].name in first for t in traps), first
                continue
            named = re.findall(r"(?:if |or )(.+?) were (met|not met|unknown) \(it is", first)
            would = {
                (title, STATUS_SAID[status])
                for title, index in titles.items()
                for status in Status
                if status is not assessment.criteria[index].status
                and reread(assessment, {index: status}) is given
            }
            assert set(named) == would, (answers, given, first)
            if not would:
                fewest = min(
                    len(changes)
                    for size in (2, 3, 4)
                    for indices in itertools.combinations(range(4), size)
                    for statuses in itertools.product(Status, repeat=size)
                    if reread(assessment, changes := dict(zip(indices, statuses, strict=True)))
                    is given
                )
                assert f"would need at least {fewest} criteria" in first, first


@pytest.mark.parametrize(
    ("statuses", "given", "expected"),
    [
        # Neuroblastoma (not looked for) answered met, the verdict that follows: met.
        (
            (Status.MET, Status.MET, Status.MET, Status.NOT_MET),
            "y",
            "Your verdict follows from your answers for the criteria; read otherwise: "
            "Neuroblastoma (you answered met; it is unknown).",
        ),
        # Every criterion right, and still "met" with only two met: the rule misapplied.
        (
            (Status.UNKNOWN, Status.MET, Status.MET, Status.NOT_MET),
            "y",
            "Your verdict does not follow from your own answers for the criteria: 2 met and 1 "
            "unknown give undetermined, not met.",
        ),
    ],
    ids=["follows", "does-not-follow"],
)
def test_with_criteria_a_wrong_verdict_is_read_from_the_students_own_answers(
    statuses: tuple[Status, ...], given: str, expected: str
) -> None:
    """--criteria: the verdict's mistake comes from the student's criteria answers, not a guess."""
    keys = {Status.MET: "y", Status.NOT_MET: "n", Status.UNKNOWN: "u"}
    session = Session(*(keys[status] for status in statuses), given)
    session.run(one_case(demo_answers("scan-pending"), criteria=True))
    wrong = "Not right: you answered met; the criteria are undetermined."
    after = session.said[session.said.index(wrong) + 1]
    assert after.startswith(expected), after


def test_the_story_comes_before_its_findings_which_come_with_the_answer() -> None:
    """No mapping of the story before it is answered: the findings line follows the verdict asked.

    In the session, and on paper: the question sheet has the story alone, the key the findings.
    """
    chosen = quiz.make_quiz(3, count=4, criteria=True)
    session = Session(*["u"] * 20)
    session.run(chosen)
    for case in chosen.cases:
        story_at = session.events.index(("say", case.story))
        found_at = session.events.index(("say", quiz.findings_line(case)))
        asked = [i for i, (kind, _) in enumerate(session.events) if kind == "ask"]
        first_question = min(i for i in asked if i > story_at)
        assert story_at < first_question < found_at
        sheet = quiz.worksheet(chosen)
        assert quiz.findings_line(case) not in quiz_sheet.questions_markdown(sheet)
        assert quiz.findings_line(case) in quiz_sheet.answers_markdown(sheet)


def test_a_pause_follows_each_feedback_before_the_next_case_and_the_score() -> None:
    """With ``pause``: after each case's feedback, before the next case (the last: the score)."""
    chosen = quiz.make_quiz(3, count=2)
    session = Session("u", "u")

    def pause(prompt: str) -> bool:
        session.events.append(("pause", prompt))
        return True

    quiz.run(chosen, session.ask, session.say, pause=pause)
    at = [index for index, (kind, _) in enumerate(session.events) if kind == "pause"]
    assert [session.events[index][1] for index in at] == [
        text.LINES["pause_next"],
        text.LINES["pause_last"],
    ]
    for index, case in zip(at, chosen.cases, strict=True):
        feedback = quiz.verdict_feedback(case, Verdict.UNDETERMINED)
        assert session.events[index - 1] == ("say", feedback.details[-1])
    assert session.events[at[0] + 2][1].startswith("Case 2 of 2")
    assert session.events[at[1] + 2][1].startswith("Score:")


def marks_to(marks: list[tuple[str, bool]]) -> quiz.Mark_:
    """A ``mark`` that keeps each line marked with whether it is right."""
    return lambda line, right: marks.append((line, right))


def test_the_right_or_wrong_line_is_marked_with_whether_it_is_right() -> None:
    """``mark`` gets the right/wrong line and whether it is right (the terminal colours it)."""
    for key, right in (("u", True), ("y", False)):
        marks: list[tuple[str, bool]] = []
        session = Session(key)
        quiz.run(one_case(UNDETERMINED_BY_TWO), session.ask, session.say, mark=marks_to(marks))
        assert len(marks) == 1
        line, marked_right = marks[0]
        assert marked_right is right
        assert line.startswith("Right: " if right else "Not right: ")
        assert line not in session.said


def test_the_feedback_of_any_answer_fits_a_24_line_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 80x24, the right/wrong line, its reasons and the pause prompt fit on one screen.

    Every generated combination and demo case, every verdict answered, wrapped as the terminal
    wraps it: so the marked line is still on the screen while the quiz waits for Enter.
    """
    monkeypatch.setenv("COLUMNS", "80")
    cases = [generated(answers) for answers in quiz.generated_pool()]
    cases += [quiz.from_demo(case) for case in CASES]
    tallest = 0
    for case in cases:
        for given in Verdict:
            feedback = quiz.verdict_feedback(case, given)
            screen = io.StringIO()
            shown = Terminal(screen)
            for line in (feedback.mark, *feedback.details, text.LINES["pause_next"]):
                shown.say(line)
            tallest = max(tallest, screen.getvalue().count("\n"))
    assert 14 < tallest <= 24


@pytest.mark.parametrize(
    ("answers", "given", "trap"),
    [
        (UNDETERMINED_BY_TWO, "n", Trap.UNKNOWN_AS_NO),
        (demo_answers("movement-once"), "y", Trap.MOVEMENT_TWICE),
        (demo_answers("scan-pending"), "y", Trap.TUMOUR_ASSUMED),
        (
            answers_of(neuroblastoma=N, opsoclonus=Y, myoclonus=N, ataxia=N, behavior=Y, sleep=Y),
            "y",
            Trap.BEHAVIOUR_SLEEP_TWICE,
        ),
    ],
    ids=lambda value: value.value if isinstance(value, Trap) else None,
)
def test_each_known_trap_is_named_when_the_verdict_falls_into_it(
    answers: tuple[Answer, ...], given: str, trap: Trap
) -> None:
    """The wrong verdict a trap gives is marked wrong, the trap named and explained.

    Cited [4], but the trap of unknown read as no: that unknown is not no is this tool's reading,
    which cites nothing (issue 23).
    """
    session = Session(given)
    score = session.run(one_case(answers))
    trap_text = text.TRAPS[trap]
    marks = "" if trap is Trap.UNKNOWN_AS_NO else " [4]"
    line = f"That is a known trap, {trap_text.name}: {trap_text.why}{marks}"
    assert line in session.said
    assert score.marks[0].traps == (trap,)
    assert not score.marks[0].right
    assert f"Traps to look at again: {trap_text.name}." in session.said


def test_every_verdict_reasoning_comes_from_the_one_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The session and both sheets take a verdict's reasoning only from `quiz.reasoning`.

    So pointing that one function at another explanation changes every quiz text.
    """
    marker = Statement("A stand-in reasoning line.", (4,))
    monkeypatch.setattr(quiz, "reasoning", lambda assessment: (marker,))
    session = Session("u")
    session.run(one_case(UNDETERMINED_BY_TWO))
    assert "  A stand-in reasoning line. [4]" in session.said
    chosen = one_case(UNDETERMINED_BY_TWO)
    assert "- A stand-in reasoning line. [4]" in quiz_sheet.answers_markdown(quiz.worksheet(chosen))
    assert quiz.key_entry(chosen, 1).why == (marker,)


def test_the_trap_verdicts_are_the_mistakes_they_name() -> None:
    """Over all 729 combinations, each trap's verdict is the rule applied with that misreading."""
    for answers in all_combinations():
        by_name = {f.value: a for f, a in zip(FINDINGS, answers, strict=True)}
        as_no = {name: N if a is U else a for name, a in by_name.items()}
        assert quiz.trap_verdict(Trap.UNKNOWN_AS_NO, answers) is evaluate(as_no).verdict
        assumed = {**by_name, "neuroblastoma": Y if by_name["neuroblastoma"] is U else None}
        assumed = {k: v if v is not None else by_name[k] for k, v in assumed.items()}
        assert quiz.trap_verdict(Trap.TUMOUR_ASSUMED, answers) is evaluate(assumed).verdict
        for trap, (first, second) in (
            (Trap.MOVEMENT_TWICE, ("myoclonus", "ataxia")),
            (Trap.BEHAVIOUR_SLEEP_TWICE, ("behavior", "sleep")),
        ):
            # Counted apart, the pair can only differ from the rule when both are yes (one more
            # met), or one is yes or unknown and the other unknown (one more unknown).
            pair = {by_name[first], by_name[second]}
            if pair in ({Y}, {Y, U}, {U}):
                continue
            assert quiz.trap_verdict(trap, answers) is evaluate(by_name).verdict, answers


def test_a_trap_is_only_named_where_it_would_mislead() -> None:
    """A trap is listed for a case only when it gives another verdict than the rule."""
    for answers in all_combinations():
        correct = evaluate_answers(answers).verdict
        for trap, verdict in quiz.misleading_traps(answers):
            assert verdict is not correct
            assert quiz.trap_verdict(trap, answers) is verdict


# --- marking each criterion ---------------------------------------------------------------------


def test_criteria_are_asked_first_and_marked_each_at_once() -> None:
    """With criteria: four questions before the verdict, each marked right after its answer."""
    session = Session("n", "y", "y", "u", "u")
    score = session.run(one_case(UNDETERMINED_BY_TWO, criteria=True))
    criterion_prompts = [p for p in session.prompts if p.startswith("Criterion")]
    assert len(criterion_prompts) == 4
    assert session.prompts[-1].startswith(text.LINES["verdict_prompt"])
    tumour = evaluate_answers(UNDETERMINED_BY_TWO).criteria[0]
    right = f"Right: Neuroblastoma is not met. {criterion_reasoning(tumour)} [4]"
    assert session.said.count(right) == 1
    assert (score.right(Answered.CRITERION), score.total(Answered.CRITERION)) == (4, 4)
    assert "Score: 5 of 5 right (verdicts 1 of 1, criteria 4 of 4)." in session.said


def test_an_unknown_criterion_answered_not_met_names_unknown_read_as_no() -> None:
    """A criterion nobody could assess, answered "not met": the unknown-as-no trap."""
    session = Session("n", "y", "y", "n", "u")
    score = session.run(one_case(UNDETERMINED_BY_TWO, criteria=True))
    wrong = [line for line in session.said if line.startswith("Not right")]
    pair = evaluate_answers(UNDETERMINED_BY_TWO).criteria[3]
    assert wrong == [
        "Not right: you answered not met; Behavioural and/or sleep disturbance is unknown. "
        f"{criterion_reasoning(pair)} [4]"
    ]
    assert quiz.trap_line(Trap.UNKNOWN_AS_NO) in session.said
    assert score.traps() == {Trap.UNKNOWN_AS_NO: 1}
    assert "Score: 4 of 5 right (verdicts 1 of 1, criteria 3 of 4)." in session.said


def test_an_unknown_tumour_answered_met_names_the_unconfirmed_tumour() -> None:
    """The neuroblastoma criterion, not yet looked for, answered "met": the tumour trap."""
    session = Session("y", "y", "y", "n", "y")
    score = session.run(one_case(demo_answers("scan-pending"), criteria=True))
    assert quiz.trap_line(Trap.TUMOUR_ASSUMED) in session.said
    assert score.traps() == {Trap.TUMOUR_ASSUMED: 2}  # the criterion, then the verdict
    assert "tumour counted as yes (2 times)" in session.text


# --- the flow of questions ----------------------------------------------------------------------


def test_a_question_mark_shows_the_rule_and_asks_again() -> None:
    """? shows the rule with its source and what unknown means, then the same question again."""
    session = Session("?", "u")
    session.run(one_case(UNDETERMINED_BY_TWO))
    assert session.prompts[0] == session.prompts[1]
    assert quiz.rule_help() in session.said
    assert f"{content.RULE} [4]" in quiz.rule_help()


def test_any_other_answer_asks_again_with_a_hint() -> None:
    """An answer that is not y, n, u or ? is not marked: a one-line hint and the question again."""
    session = Session("perhaps", "", "u")
    score = session.run(one_case(UNDETERMINED_BY_TWO))
    assert f"{text.LINES['verdict_hint']}; got 'perhaps'." in session.said
    assert f"{text.LINES['verdict_hint']}; got an empty answer." in session.said
    assert score.total() == 1


def test_the_end_of_input_names_the_question_waiting() -> None:
    """Input ending before the last answer raises EndOfInput naming that question."""
    session = Session("u")
    chosen = Quiz(1, (generated(UNDETERMINED_BY_TWO), generated(UNDETERMINED_BY_TWO)))
    with pytest.raises(EndOfInput, match="the verdict of case 2 of 2"):
        session.run(chosen)


def test_every_case_is_marked_fictional_and_shows_its_findings() -> None:
    """Each case shown carries the fiction label, its story and its findings as recorded."""
    chosen = quiz.make_quiz(3, count=4)
    session = Session(*["u"] * 4)
    session.run(chosen)
    for number, case in enumerate(chosen.cases, start=1):
        assert f"Case {number} of 4 · {FICTION_NOTICE}" in session.said
        assert case.story in session.said
        assert quiz.findings_line(case) in session.said
    assert session.said[-1].startswith(content.DISCLAIMER)


def test_no_demo_title_gives_the_answer_away() -> None:
    """A demo case is shown by its story, never by its title or id, until it has been answered."""
    chosen = quiz.make_quiz(5, count=14)
    session = Session(*["u"] * 14)
    session.run(chosen)
    for case in CASES:
        assert case.title not in session.text
    first_prompt_of = {}
    for index, line in enumerate(session.said):
        match = re.match(r"This is the demo case '([a-z-]+)'", line)
        if match:
            first_prompt_of[match[1]] = index
    assert set(first_prompt_of) == {case.id for case in CASES}


# --- the quiz a seed gives ----------------------------------------------------------------------


def test_the_same_seed_gives_the_same_quiz() -> None:
    """make_quiz is a function of seed and count: equal quizzes for equal seeds, others differ."""
    assert quiz.make_quiz(7) == quiz.make_quiz(7)
    assert quiz.make_quiz(7, 9, criteria=True).cases == quiz.make_quiz(7, 9).cases
    stories = {tuple(case.story for case in quiz.make_quiz(seed).cases) for seed in range(20)}
    assert len(stories) > 15


def test_generated_and_demo_cases_take_turns_and_no_case_repeats() -> None:
    """Odd positions are demo cases while they last (each once), the rest generated, none twice."""
    chosen = quiz.make_quiz(11, count=20)
    demos = [case.demo.id for case in chosen.cases if case.demo is not None]
    assert sorted(demos) == sorted(case.id for case in CASES)
    assert [case.demo is not None for case in chosen.cases[:14]] == [False, True] * 7
    assert len({case.answers for case in chosen.cases if case.demo is None}) == 13


def test_most_generated_cases_hold_a_trap() -> None:
    """Generated cases are chosen so that a known trap would mislead: most of them, not all."""
    cases = [case for seed in range(60) for case in quiz.make_quiz(seed, 3).cases if not case.demo]
    tricky = sum(bool(quiz.misleading_traps(case.answers)) for case in cases)
    assert 0.6 * len(cases) <= tricky < len(cases)


# --- generated cases: coherent, cited, own words ------------------------------------------------


def pool() -> tuple[tuple[Answer, ...], ...]:
    """Every combination a generated case can have."""
    return quiz.generated_pool()


def test_a_generated_story_tells_each_finding_as_recorded() -> None:
    """For every combination: the opening, then one sentence a finding, saying its answer."""
    for answers in pool():
        story = quiz.story("Robin", answers)
        assert story.startswith(text.OPENING.format(name="Robin"))
        for finding, answer in zip(FINDINGS, answers, strict=True):
            assert text.STORY[finding][answer].format(name="Robin") in story
        assert "{" not in story
        assert "[" not in story


def test_no_means_looked_for_and_unknown_means_not_yet() -> None:
    """A "no" sentence says how it was looked for; an unknown one says nobody has checked yet."""
    for finding in FINDINGS:
        no = text.STORY[finding][N].lower()
        assert re.search(r"looked for|watched|tested|asked about it", no), no
        unknown = text.STORY[finding][U].lower()
        assert "yet" in unknown, unknown
        assert not re.search(r"found|saw", text.STORY[finding][U]), unknown


def test_every_generated_case_has_a_sign_seen_and_a_child() -> None:
    """A generated case has at least one sign besides a tumour, and is a child's."""
    for answers in pool():
        signs = [
            a for f, a in zip(FINDINGS, answers, strict=True) if f is not Finding.NEUROBLASTOMA
        ]
        assert Y in signs
    assert all(
        case.age_group is AgeGroup.CHILD for case in quiz.make_quiz(2, 10).cases if not case.demo
    )


def test_a_generated_case_explains_each_finding_it_tells_as_assessed() -> None:
    """The key of a generated case explains each finding recorded yes or no, none left unknown."""
    for answers in pool()[::11]:
        lesson = generated(answers).lesson()
        expected = [
            s for f, a in zip(FINDINGS, answers, strict=True) if a is not U for s in text.SIGNS[f]
        ]
        assert list(lesson) == expected
    assert generated(answers).lesson() != quiz.from_demo(CASES[0]).lesson()
    assert quiz.from_demo(CASES[0]).lesson() == CASES[0].teaching


def quiz_statements() -> list[tuple[str, tuple[int, ...]]]:
    """Every statement about the syndrome that the quiz adds, with its sources."""
    statements = [(s.text, s.sources) for signs in text.SIGNS.values() for s in signs]
    statements += [(trap.why, trap.sources) for trap in text.TRAPS.values()]
    return statements


def test_quiz_statements_cite_known_sources_and_carry_no_marks() -> None:
    """Each statement cites at least one known source, sorted; its text holds no citation mark.

    The exceptions are marked: a statement that is this tool's reading says so (a note, or that
    unknown is not no) and cites none.
    """
    for statement, sources in quiz_statements():
        own = statement.startswith(text.TOOL_NOTE) or "unknown, not no" in statement
        assert bool(sources) is not own, statement
        assert set(sources) <= set(SOURCE_BY_N), statement
        assert list(sources) == sorted(set(sources)), statement
        assert "[" not in statement
        assert "]" not in statement


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("rare cancer", (4,)),
        ("helical", (4,)),
        ("in many directions (opsoclonus)", (1,)),
        ("muscle jerks (myoclonus)", (2, 3)),
        ("coordination in movement (ataxia)", (1,)),
        ("irritability", (1,)),
        ("rage attacks", (2, 3)),
        ("disturbed sleep", (1,)),
        ("and/or", (4,)),
        ("3 of 4", (4,)),
    ],
)
def test_quiz_statements_cite_what_the_page_cites(keyword: str, expected: tuple[int, ...]) -> None:
    """A statement carrying a fact has exactly the source numbers the page puts on that fact.

    The tool's own notes state no fact of the page, and are left out.
    """
    facts = [(s, n) for s, n in quiz_statements() if not s.startswith(text.TOOL_NOTE)]
    matches = [(s, n) for s, n in facts if keyword in s.lower()]
    assert matches, f"no quiz statement mentions {keyword!r}"
    for statement, sources in matches:
        assert sources == expected, statement


def test_generated_texts_are_written_in_own_words(tmp_path: Path) -> None:
    """The copy checker finds no 8-word run of the page in any generated story or quiz text."""
    checker = page.copy_checker()  # skipped, saying why, where there is no ../shared
    every_story = "\n".join(quiz.story(name, a) for a in pool() for name in text.NAMES[:2])
    made = quiz.worksheet(quiz.make_quiz(4, count=20, criteria=True))
    key = quiz_sheet.answers_markdown(made)
    sheet = quiz_sheet.questions_markdown(made)
    generated_file = tmp_path / "generated.txt"
    generated_file.write_text("\n".join([every_story, key, sheet]), encoding="utf-8")
    paths = [
        str(generated_file),
        "oms_cli/content/quiz.json",
        "oms_cli/teaching/quiz_text.py",
        "oms_cli/teaching/quiz.py",
        "oms_cli/rules/whatif.py",
    ]
    result = subprocess.run(
        [sys.executable, str(checker), *paths],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the command --------------------------------------------------------------------------------


def test_cli_session_marks_each_answer_and_ends_with_the_score(cli: Invoke) -> None:
    """`oms quiz` with answers piped: every answer echoed and marked, the score, exit 0."""
    chosen = quiz.make_quiz(7, count=2)
    verdicts = [case.assessment().verdict for case in chosen.cases]
    words = {Verdict.MET: "y", Verdict.NOT_MET: "n", Verdict.UNDETERMINED: "u"}
    wrong = {Verdict.MET: "n", Verdict.NOT_MET: "u", Verdict.UNDETERMINED: "y"}
    result = cli(
        "quiz", "--seed", "7", "--count", "2", input=f"{words[verdicts[0]]}\n{wrong[verdicts[1]]}\n"
    )
    assert result.exit_code == ExitCode.OK
    assert result.stderr == ""
    assert "Seed 7: 'oms quiz --seed 7 --count 2' gives the same quiz again." in result.stdout
    assert f"[y/n/u/?] {words[verdicts[0]]}\nRight: " in result.stdout
    assert "Not right: you answered" in result.stdout
    assert "Score: 1 of 2 right." in result.stdout
    assert result.stdout.rstrip().endswith("[GARD]")


def test_the_class_quiz_and_its_worksheet_are_the_same_cases(cli: Invoke, tmp_path: Path) -> None:
    """`oms quiz --seed 7`, its --no-input worksheet and its export show the same cases in order."""
    stories = [" ".join(case.story.split()) for case in quiz.make_quiz(7).cases]
    session = cli("quiz", "--seed", "7", input="u\n" * 5).stdout
    sheet = cli("quiz", "--seed", "7", "--no-input").stdout
    cli("quiz", "--seed", "7", "--export", str(tmp_path / "quiz.md"))
    exported = (tmp_path / "quiz.md").read_text(encoding="utf-8")
    for output in (session, sheet, exported):
        flat = " ".join(output.split())
        positions = [flat.index(story) for story in stories]
        assert positions == sorted(positions)


def test_cli_end_of_input_exits_2_naming_the_question(cli: Invoke) -> None:
    """Answers running out: one line on standard error naming the question, exit 2, no score."""
    result = cli("quiz", "--seed", "7", "--count", "2", input="u\n")
    assert result.exit_code == ExitCode.USAGE
    assert (
        result.stderr == "oms: error: input ended before the verdict of case 2 of 2 was answered\n"
    )
    assert "Score" not in result.stdout


def test_cli_a_piped_answer_not_understood_is_exit_2_naming_the_question_and_line(
    cli: Invoke,
) -> None:
    """The QA case: 'maybe' from a pipe is exit 2 naming the question and line, and no score.

    Asked again, the next line would answer case 1 and every later one land a case off.
    """
    result = cli("quiz", "--seed", "7", "--count", "2", input="maybe\nn\ny\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "oms: error: standard input, line 1: 'maybe' does not answer the verdict of case 1 of 2: "
        "the answers are y, n, u or ?; piped answers are never asked again, so the quiz ends "
        "without a score\n"
    )
    assert "Please answer" not in result.stdout
    assert "Score" not in result.stdout


def test_cli_piped_answers_left_after_the_last_question_are_exit_2_and_no_score(
    cli: Invoke,
) -> None:
    """A non-blank line after the last piped answer answers nothing: exit 2 naming it, no score.

    As `oms check -i` does: the answers were miscounted, so the score would not be the student's.
    """
    fine = cli("quiz", "--seed", "7", "--count", "2", input="u\nu\n\n \n")
    assert (fine.exit_code, fine.stderr) == (ExitCode.OK, "")
    assert "Score" in fine.stdout
    result = cli("quiz", "--seed", "7", "--count", "2", input="u\nu\n\ny\n")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "oms: error: standard input, line 4: more answers than questions: 'y' comes after the "
        "last question; piped answers are read one a question, so the quiz ends without a score\n"
    )
    assert "Score" not in result.stdout


def test_without_retry_an_answer_not_understood_raises() -> None:
    """``run(retry=False)``, as for piped answers: UnclearAnswer, never the question again."""
    session = Session("perhaps", "u")
    with pytest.raises(UnclearAnswer, match="'perhaps' does not answer the verdict of case 1"):
        quiz.run(one_case(UNDETERMINED_BY_TWO), session.ask, session.say, retry=False)
    assert len(session.prompts) == 1


def test_cli_seed_reproduces_the_whole_output(cli: Invoke) -> None:
    """Two runs with one seed print the same; another seed prints another quiz."""
    first = cli("quiz", "--seed", "7", "--no-input").stdout
    assert cli("quiz", "--seed", "7", "--no-input").stdout == first
    assert cli("quiz", "--seed", "8", "--no-input").stdout != first


def test_cli_without_a_seed_shows_the_seed_that_repeats_it(cli: Invoke) -> None:
    """Without --seed a new seed is chosen and shown; running with it gives the same quiz."""
    first = cli("quiz", "--no-input", "--count", "3").stdout
    match = re.search(r"The same quiz again: oms quiz --seed (\d+) --count 3", first)
    assert match, first[:400]
    assert cli("quiz", "--seed", match[1], "--count", "3", "--no-input").stdout == first


def test_cli_no_input_prints_questions_then_the_answer_key(cli: Invoke) -> None:
    """--no-input asks nothing: the question sheet, then the key with every verdict, exit 0."""
    chosen = quiz.make_quiz(7, count=5)
    result = cli("quiz", "--seed", "7", "--no-input", input="")
    assert result.exit_code == ExitCode.OK
    out = result.stdout
    key = out.index("OMS quiz: 5 fictional cases: answer key")
    assert out.index("OMS quiz: 5 fictional cases: questions") < key
    assert out.count(FICTION_NOTICE) == 5
    assert "[y/n/u/?]" not in out
    answer_key = " ".join(out[key:].split())  # wrapping undone
    for number, case in enumerate(chosen.cases, start=1):
        assert f"Case {number}: {VERDICT_SENTENCE[case.assessment().verdict]}" in answer_key
        for statement in quiz.reasoning(case.assessment()):
            assert " ".join(quiz.cited(statement).split()) in answer_key


@pytest.mark.parametrize("count", ["0", "51", "x"])
def test_cli_count_out_of_range_is_a_usage_error(cli: Invoke, count: str) -> None:
    """--count must be 1 to 50: anything else is exit 2 with a message naming the option."""
    result = cli("quiz", "--count", count, "--no-input")
    assert result.exit_code == ExitCode.USAGE
    assert "--count" in result.stderr


# --- worksheets: exported, parsed ---------------------------------------------------------------


def sheet_text(path: Path) -> str:
    """The text of an exported sheet in any format, parsed, spaces normalised."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".svg":
        return svg_text(path)
    if path.suffix == ".html":
        return " ".join("".join(parse_html(raw).text).split())
    assert "\x1b" not in raw
    return " ".join(raw.split())


@pytest.mark.parametrize("extension", export.EXTENSIONS)
def test_export_writes_a_question_sheet_and_its_answer_key(
    cli: Invoke, tmp_path: Path, extension: str
) -> None:
    """--export FILE: the questions in FILE, the key in FILE-answers, both parsed, nothing shown."""
    target = tmp_path / f"quiz{extension}"
    result = cli("quiz", "--seed", "7", "--count", "3", "--criteria", "--export", str(target))
    assert result.exit_code == ExitCode.OK
    key_path = tmp_path / f"quiz-answers{extension}"
    assert result.stdout == ""
    assert result.stderr == f"oms: wrote {target} (questions) and {key_path} (answer key)\n"
    questions, key = sheet_text(target), sheet_text(key_path)
    chosen = quiz.make_quiz(7, count=3, criteria=True)
    assert questions.count(FICTION_NOTICE) == 3
    assert questions.count(" ".join(text.LINES["verdict_blank"].split())) == 3
    for number, case in enumerate(chosen.cases, start=1):
        assert f"Case {number} of 3" in questions
        assert " ".join(case.story.split()) in questions
        verdict = VERDICT_SENTENCE[case.assessment().verdict]
        assert f"Case {number}: {verdict}" in key
        assert f"Case {number}: " not in questions
    assert "[4]" in questions
    assert "[4]" in key
    assert "not a diagnosis" in questions
    assert "not a diagnosis" in key
    assert "oms quiz --seed 7 --count 3 --criteria" in key


def test_export_refuses_when_either_file_exists(cli: Invoke, tmp_path: Path) -> None:
    """An existing answer key is refused like an existing file: exit 2, nothing written."""
    target = tmp_path / "quiz.md"
    key_path = tmp_path / "quiz-answers.md"
    key_path.write_text("old key\n", encoding="utf-8")
    result = cli("quiz", "--seed", "1", "--export", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert "quiz-answers.md' already exists; add --force" in result.stderr
    assert not target.exists()
    assert key_path.read_text(encoding="utf-8") == "old key\n"
    assert cli("quiz", "--seed", "1", "--export", str(target), "--force").exit_code == 0
    assert "answer key" in key_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("earlier", [True, False], ids=["replacing", "new"])
def test_a_failed_question_sheet_leaves_no_answer_key(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool
) -> None:
    """`oms quiz --export quiz.md --force` failing on the question sheet: the pair as it was.

    The answer key is written first; when the questions then cannot be (a full disk), an
    existing quiz-answers.md keeps its text and quiz.md its own, and a new pair leaves nothing.
    """
    before = {"quiz.md": "my questions\n", "quiz-answers.md": "my answers\n"} if earlier else {}
    for name, data in before.items():
        (tmp_path / name).write_text(data, encoding="utf-8")
    real_fsync = os.fsync
    calls: list[int] = []

    def fails_at_the_second(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fails_at_the_second)
    result = cli(
        "quiz", "--seed", "1", "--count", "2", "--export", str(tmp_path / "quiz.md"), "--force"
    )
    assert result.exit_code == ExitCode.USAGE
    assert "quiz.md': No space left on device" in result.stderr
    assert "none of the files was written or replaced" in result.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == before


def test_answers_path_sits_beside_the_questions() -> None:
    """quiz.md gives quiz-answers.md in the same folder, the extension kept."""
    assert quiz.answers_path("out/quiz.SVG") == "out/quiz-answers.SVG"


@needs_oms
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_signal_at_any_moment_of_a_worksheet_export_leaves_both_files_or_none(
    tmp_path: Path,
) -> None:
    """Ctrl-C at any moment of `oms quiz --export quiz.svg`: both sheets, whole, or no file.

    Sent at fractions of the time a run takes on this machine, to fall before, during and after
    the writing. The exit code is 130, or 0 when the work was done first.
    """

    def start_export(folder: Path) -> tuple[subprocess.Popen[bytes], float]:
        folder.mkdir()
        args = ("quiz", "--seed", "3", "--count", "8", "--export", "quiz.svg")
        process = start(*args, cwd=folder, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not handlers_installed(process.pid):
            assert time.monotonic() < deadline
            time.sleep(0.001)
        return process, time.monotonic()

    process, started = start_export(tmp_path / "timing")
    assert finish(process)[0] == ExitCode.OK
    duration = time.monotonic() - started
    for fraction in (0.0, 0.5, 0.65, 0.8, 0.95):
        folder = tmp_path / f"at-{fraction}"
        process, started = start_export(folder)
        time.sleep(max(0.0, started + fraction * duration - time.monotonic()))
        process.send_signal(signal.SIGINT)
        returncode, stderr = finish(process)
        assert "Traceback" not in stderr
        assert returncode in {ExitCode.OK, ExitCode.INTERRUPTED, -signal.SIGINT}, stderr
        left = sorted(path.name for path in folder.iterdir())
        assert left in ([], ["quiz-answers.svg", "quiz.svg"]), (fraction, left)
        for name in left:
            assert (folder / name).read_text().rstrip().endswith("</svg>")


def test_the_printed_worksheet_gives_the_findings_only_in_the_answer_key(cli: Invoke) -> None:
    """`oms quiz --no-input`: the findings as recorded are in the answer key, not the questions."""
    result = cli("quiz", "--seed", "3", "--count", "3", "--no-input")
    assert result.exit_code == ExitCode.OK
    questions, key = result.stdout.split(f": {text.LINES['answers_title'].lower()}", 1)
    assert "Recorded findings" not in questions
    assert key.count("Recorded findings:") == 3


def test_typed_answers_to_questions_nobody_sees_are_never_waited_for(tmp_path: Path) -> None:
    """At a terminal with the output to a file, the quiz writes its worksheet and says so.

    Else it would wait for answers to questions that go into the file (QA: a blank screen that
    only Ctrl-C left).
    """
    import pty

    oms = Path(sys.executable).with_name("oms")
    if not oms.is_file():
        pytest.skip(f"installed oms not found at {oms}")
    primary, secondary = pty.openpty()
    with (tmp_path / "quiz.txt").open("w") as out:
        process = subprocess.run(
            [str(oms), "quiz", "--seed", "7", "--count", "1"],
            stdin=secondary,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=20,
            check=False,
        )
    os.close(secondary)
    os.close(primary)
    assert process.returncode == 0
    assert process.stderr == (
        b"oms: standard output is not a terminal, so the worksheet is printed (--no-input)\n"
    )
    sheet = subprocess.run(
        [str(oms), "quiz", "--seed", "7", "--count", "1", "--no-input"],
        capture_output=True,
        check=True,
    ).stdout
    assert (tmp_path / "quiz.txt").read_bytes() == sheet


def test_q_at_a_pause_stops_the_quiz_with_the_score_so_far() -> None:
    """A class out of time: q after a case ends the quiz, scored on the cases answered."""
    chosen = quiz.make_quiz(3, count=3)
    session = Session("u", "u", "u")
    pauses: list[str] = []

    def pause(prompt: str) -> bool:
        pauses.append(prompt)
        return False  # q

    score = quiz.run(chosen, session.ask, session.say, pause=pause)
    assert pauses == [text.LINES["pause_next"]]
    assert score.total() == 1
    said = [event for kind, event in session.events if kind == "say"]
    assert not any(line.startswith("Case 2 of 3") for line in said)
    assert any(line.startswith("Score:") for line in said)
