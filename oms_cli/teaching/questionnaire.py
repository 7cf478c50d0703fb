"""The questionnaire: asks, in plain words, for the findings that were not given as flags.

Pure: it talks only through two injected functions, ``ask(prompt) -> line`` and ``say(text)``, so
the same flow runs in a terminal, from a pipe and in tests. It never decides *whether* to ask (the
CLI does) and never renders a result; it returns the answers, and `replay_command` turns them into
the equivalent command line.

The age group is asked first (when not given), then each finding in `FINDINGS` order. A finding
whose criterion is already met through its and/or partner is not asked: the answer could not
change that criterion, so it stays unknown and the verdict is the same whatever the truth is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from oms_cli import content
from oms_cli.content.sources import cite
from oms_cli.files.textsafe import quoted
from oms_cli.rules import CRITERIA, FINDINGS, TYPED_ANSWERS, AgeGroup, Answer, Criterion, Finding

Ask = Callable[[str], str]
"""Shows a prompt and returns the line typed; raises EOFError when input has ended."""
Say = Callable[[str], None]
"""Shows one message (it may hold several lines)."""

INTRO = (
    f"Answer each question with y (yes), n (no: {content.NO_MEANS}) or "
    f"u (unknown: {content.UNKNOWN_MEANS}); ? explains the question. Ctrl-C cancels."
)
HELP_WORDS = frozenset({"?", "help"})
FINDING_WORDS: dict[str, Answer] = {**TYPED_ANSWERS, "not checked": Answer.UNKNOWN}
"""The answers to a finding's question: as typed anywhere, or "not checked" as its hint says."""
AGE_WORDS: dict[str, AgeGroup] = {
    **{group.value: group for group in AgeGroup},
    **{group.value[0]: group for group in AgeGroup},
    "s": AgeGroup.UNKNOWN,
    "skip": AgeGroup.UNKNOWN,
}
"""The answers to the age-group question: the words ``--age-group`` takes (`AgeGroup`: child,
adult, unknown), which are the words shown, and their first letters; ``skip`` and ``s`` are taken
as unknown too, but not shown (the prompt of an older version offered them)."""
FINDING_HINT = (
    f"Please answer y (yes), n (no: {content.NO_MEANS}), u (unknown: {content.UNKNOWN_MEANS}) "
    "or ? (help)"
)
AGE_HINT = f"Please answer {', '.join(f'{group[0]} ({group})' for group in AgeGroup)} or ? (help)"
AGE_PROMPT = f"{content.AGE_GROUP_ASKED} [{'/'.join(AgeGroup)}/?] "
AGE_QUESTION_NAME = "the age-group question"

_T = TypeVar("_T")


class EndOfInput(Exception):
    """Input ended before every question was answered."""

    def __init__(self, question: str) -> None:
        """Record which question was waiting for an answer, for example "question 3 of 6"."""
        super().__init__(f"input ended before {question} was answered")
        self.question = question


class UnclearAnswer(Exception):
    """An answer that is not understood, where asking again would shift every later answer.

    Answers read from a pipe or a file come one a line: asking the question again would give it
    the next line, meant for the next question, and so on to the end.
    """

    def __init__(self, question: str, answer: str, expected: str) -> None:
        """Record the question, the answer given and the answers understood."""
        got = quoted(answer.strip()) if answer.strip() else "an empty line"
        super().__init__(f"{got} does not answer {question}: {expected}")
        self.question = question
        self.answer = answer


@dataclass(frozen=True, slots=True)
class Interview:
    """What the questionnaire learnt, together with what was given beforehand."""

    answers: Mapping[Finding, Answer]
    """All six findings; a finding not asked (or answered unknown) is unknown."""
    age_group: AgeGroup
    asked: tuple[Finding, ...]
    """The findings that were asked, in order."""
    skipped: tuple[Finding, ...]
    """The findings not asked because a partner finding already met their criterion."""


def normalise(line: str) -> str:
    """An answer as it is compared: lower case, surrounding and repeated spaces removed."""
    return " ".join(line.split()).lower()


def criterion_of(finding: Finding) -> Criterion:
    """The criterion a finding counts toward."""
    return next(criterion for criterion in CRITERIA if finding in criterion.findings)


def met_by_partner(finding: Finding, answers: Mapping[Finding, Answer]) -> Finding | None:
    """The other finding of the same criterion when it is yes (the criterion is met), else None."""
    for partner in criterion_of(finding).findings:
        if partner is not finding and answers.get(partner) is Answer.YES:
            return partner
    return None


def explanation(finding: Finding) -> str:
    """What a finding is and how it shows, each statement followed by its sources (if any)."""
    details = content.FINDING_TEXT[finding].details
    return " ".join(f"{detail.text} {cite(detail.sources)}".rstrip() for detail in details)


def finding_help(finding: Finding) -> str:
    """What a finding is, why it matters for the rule, and what no means, with its sources."""
    text = content.FINDING_TEXT[finding]
    role = content.RULE_ROLE.format(label=text.label, criterion=criterion_of(finding).title)
    return f"  {explanation(finding)}\n  {role} {cite(content.RULE_SOURCES)}\n  {text.no_means}"


def age_help() -> str:
    """Why the age group is asked, with its sources."""
    return f"  {content.AGE_GROUP_HELP} {cite(content.AGE_GROUP_HELP_SOURCES)}"


def finding_prompt(finding: Finding, position: int) -> str:
    """The question for one finding, with its position among the six, for example "(2 of 6)"."""
    text = content.FINDING_TEXT[finding]
    return f"({position} of {len(FINDINGS)}) {text.question} ({text.if_not_looked_for}) [y/n/u/?] "


def skip_message(finding: Finding, partner: Finding, position: int) -> str:
    """One line saying why a finding is not asked."""
    label = content.FINDING_TEXT[finding].label
    partner_label = content.FINDING_TEXT[partner].label
    return (
        f"({position} of {len(FINDINGS)}) {label.capitalize()}: not asked, because "
        f'{partner_label} is yes and already meets "{criterion_of(finding).title}"; '
        "it stays unknown."
    )


def _expected(words: Mapping[str, object]) -> str:
    """The answers understood, as a message lists them: ``y, n, u or ?``."""
    short = [word for word in words if len(word) == 1]
    return f"the answers are {', '.join(short)} or ?"


def ask_choice(
    ask: Ask,
    say: Say,
    prompt: str,
    words: Mapping[str, _T],
    *,
    help_text: str,
    hint: str,
    name: str,
    retry: bool = True,
) -> _T:
    """Ask until the answer is one of ``words``, as every question here is asked.

    ``?`` or ``help`` shows ``help_text`` and asks again; anything else shows ``hint`` with the
    answer given, and asks again (without ``retry``, raises `UnclearAnswer` instead). Raises
    `EndOfInput` naming ``name`` when input ends.
    """
    while True:
        try:
            line = ask(prompt)
        except EOFError:
            raise EndOfInput(name) from None
        word = normalise(line)
        if word in HELP_WORDS:
            say(help_text)
        elif word in words:
            return words[word]
        elif not retry:
            raise UnclearAnswer(name, line, _expected(words))
        else:
            got = quoted(line.strip()) if line.strip() else "an empty answer"
            say(f"{hint}; got {got}.")


def ask_age_group(ask: Ask, say: Say, *, retry: bool = True) -> AgeGroup:
    """Ask for the age group: child, adult or unknown, as ``--age-group`` takes it.

    ``retry``: ask again after an answer not understood; else raise `UnclearAnswer`.
    """
    return ask_choice(
        ask,
        say,
        AGE_PROMPT,
        AGE_WORDS,
        help_text=age_help(),
        hint=AGE_HINT,
        name=AGE_QUESTION_NAME,
        retry=retry,
    )


def ask_finding(
    finding: Finding, position: int, ask: Ask, say: Say, *, retry: bool = True
) -> Answer:
    """Ask one finding until the answer is yes, no or unknown; ``?`` explains it first.

    ``retry``: ask again after an answer not understood; else raise `UnclearAnswer`.
    """
    return ask_choice(
        ask,
        say,
        finding_prompt(finding, position),
        FINDING_WORDS,
        help_text=finding_help(finding),
        hint=FINDING_HINT,
        name=f"question {position} of {len(FINDINGS)} ({finding.value})",
        retry=retry,
    )


def interview(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    ask: Ask,
    say: Say,
    *,
    retry: bool = True,
) -> Interview:
    """Ask for the age group (when None) and every finding that ``given`` leaves unknown.

    A finding given as yes or no is never asked. A finding whose and/or partner is yes is not
    asked either; a line says why. Raises `EndOfInput` when ``ask`` reports the end of input.
    ``retry``: a person at a terminal is asked again after an answer that is not understood;
    without it (answers from a pipe or a file, one a line) such an answer raises `UnclearAnswer`,
    since asking again would give every later answer to the question before it.
    """
    say(INTRO)
    if age_group is None:
        age_group = ask_age_group(ask, say, retry=retry)
    answers = {finding: given.get(finding, Answer.UNKNOWN) for finding in FINDINGS}
    asked: list[Finding] = []
    skipped: list[Finding] = []
    for position, finding in enumerate(FINDINGS, start=1):
        if answers[finding] is not Answer.UNKNOWN:
            continue
        partner = met_by_partner(finding, answers)
        if partner is not None:
            say(skip_message(finding, partner, position))
            skipped.append(finding)
            continue
        answers[finding] = ask_finding(finding, position, ask, say, retry=retry)
        asked.append(finding)
    return Interview(answers, age_group, tuple(asked), tuple(skipped))


def replay_command(
    answers: Mapping[Finding, Answer], age_group: AgeGroup, extra: Sequence[str] = ()
) -> str:
    """The ``oms check`` command line that gives the same result without asking anything.

    Yes and no become flags; unknown findings are left out, and then ``--no-input`` makes sure
    they are not asked for. ``extra`` (such as ``--format json``) is added before it.
    """
    words = ["oms", "check"]
    for finding in FINDINGS:
        answer = answers.get(finding, Answer.UNKNOWN)
        if answer is Answer.YES:
            words.append(f"--{finding.value}")
        elif answer is Answer.NO:
            words.append(f"--no-{finding.value}")
    if age_group is not AgeGroup.UNKNOWN:
        words += ["--age-group", age_group.value]
    words += extra
    if any(answers.get(finding, Answer.UNKNOWN) is Answer.UNKNOWN for finding in FINDINGS):
        words.append("--no-input")
    return " ".join(words)
