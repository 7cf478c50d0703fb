"""The questionnaire: asks for the findings not given as flags, through injected ask and say."""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from oms_cli import content
from oms_cli.content.sources import cite, explanation
from oms_cli.errors import UserError
from oms_cli.files.textsafe import quoted
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    TYPED_ANSWERS,
    AgeGroup,
    Answer,
    Criterion,
    Finding,
    Verdict,
    evaluate,
)

Ask = Callable[[str], str]
"""Shows a prompt and returns the line typed; raises EOFError when input has ended."""
Say = Callable[[str], None]
"""Shows one message (it may hold several lines)."""

_T = TypeVar("_T")

INTRO = (
    f"Answer each finding with y (yes), n (no: {content.NO_MEANS}) or "
    f"u (unknown: {content.UNKNOWN_MEANS}), the age group as its prompt shows; ? explains a "
    "question. Ctrl-C cancels."
)
HELP_WORDS = frozenset({"?", "help"})
ARROW_KEY = re.compile(r"\x1b[\[O][ABCD]")  # what an arrow key types, in either of its modes
FINDING_WORDS: dict[str, Answer] = {**TYPED_ANSWERS, "not checked": Answer.UNKNOWN}
"""The answers to a finding's question: as typed anywhere, or "not checked" as its hint says."""
AGE_WORDS: dict[str, AgeGroup] = {
    **{group.value: group for group in AgeGroup},
    **{group.value[0]: group for group in AgeGroup},
}
"""The words ``--age-group`` takes and their first letters: the answers the prompt shows."""
FINDING_HINT = (
    f"Please answer y (yes), n (no: {content.NO_MEANS}), u (unknown: {content.UNKNOWN_MEANS}) "
    "or ? (help)"
)
AGE_HINT = f"Please answer {', '.join(f'{group[0]} ({group})' for group in AgeGroup)} or ? (help)"
AGE_PROMPT = f"{content.AGE_GROUP_ASKED} [{'/'.join(AgeGroup)}/?] "
DECIDED_LINE = "No more questions: the answers decide the verdict. Add -i to answer the rest."
"""Said instead of the questions left once no answer to them could change the verdict."""


class EndOfInput(UserError):
    """Input ended before every question was answered."""

    def __init__(self, question: str) -> None:
        super().__init__(f"input ended before {question} was answered")


class UnclearAnswer(Exception):
    """An answer not understood, from a pipe: asked again, the question would take the next line."""

    def __init__(self, question: str, answer: str, words: Mapping[str, object]) -> None:
        got = quoted(answer.strip()) if answer.strip() else "an empty line"
        letters = ", ".join(word for word in words if len(word) == 1)
        super().__init__(f"{got} does not answer {question}: the answers are {letters} or ?")


@dataclass(frozen=True, slots=True)
class Interview:
    """What the questionnaire learnt, together with what was given beforehand."""

    answers: Mapping[Finding, Answer]  # all six; one not asked is unknown
    age_group: AgeGroup
    asked: tuple[Finding, ...]
    skipped: tuple[
        Finding, ...
    ]  # not asked (never with -i): their and/or partner met the criterion
    unneeded: tuple[Finding, ...] = ()
    """Not asked (never with -i): the answers before them had decided the verdict."""


def criterion_of(finding: Finding) -> Criterion:
    """The criterion a finding counts toward."""
    return next(criterion for criterion in CRITERIA if finding in criterion.findings)


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
    """Ask until the answer is one of ``words`` (any case or spacing), ``?`` showing the help.

    Another answer shows ``hint`` and asks again, or without ``retry`` raises `UnclearAnswer`.
    """
    while True:
        try:
            line = ask(prompt)
        except EOFError:
            raise EndOfInput(name) from None
        word = " ".join(line.split()).lower()
        if word in HELP_WORDS:
            say(help_text)
        elif word in words:
            return words[word]
        elif not retry:
            raise UnclearAnswer(name, line, words)
        else:
            got = quoted(line.strip()) if line.strip() else "an empty answer"
            # A terminal reads a line as typed: an arrow key arrives as its escape sequence.
            arrow = ARROW_KEY.search(line) is not None
            say(f"{hint}; got {got}{' (arrow keys do not edit it: type it again)' * arrow}.")


def interview(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    ask: Ask,
    say: Say,
    *,
    retry: bool = True,
    every: bool = False,
    stop_when_decided: bool = False,
) -> Interview:
    """Ask for the age group (when None), then each finding ``given`` leaves unknown, in order.

    A finding whose and/or partner is yes is skipped (no answer could change its criterion),
    unless ``every`` (``-i``): then every finding not given is asked, one line each. With
    ``stop_when_decided`` (`oms check` at a terminal without -i), the questions stop, and
    `DECIDED_LINE` says so, as soon as the answers so far decide the verdict (`evaluate`).
    """
    say(INTRO)
    if age_group is None:
        age_group = ask_choice(
            ask,
            say,
            AGE_PROMPT,
            AGE_WORDS,
            help_text=age_help(),
            hint=AGE_HINT,
            name="the age-group question",
            retry=retry,
        )
    answers = {finding: given.get(finding, Answer.UNKNOWN) for finding in FINDINGS}
    asked: list[Finding] = []
    skipped: list[Finding] = []
    for position, finding in enumerate(FINDINGS, start=1):
        if answers[finding] is not Answer.UNKNOWN:
            continue
        # Checked before each question: met or not met stays so whatever the unknowns turn out.
        if stop_when_decided and evaluate(answers).verdict is not Verdict.UNDETERMINED:
            say(DECIDED_LINE)
            left = tuple(f for f in FINDINGS[position - 1 :] if answers[f] is Answer.UNKNOWN)
            return Interview(answers, age_group, tuple(asked), tuple(skipped), left)
        # Not asked when its and/or partner is yes: no answer could change the criterion.
        partners = criterion_of(finding).findings
        partner = next((p for p in partners if answers[p] is Answer.YES), None)
        if partner is not None and not every:
            say(skip_message(finding, partner, position))
            skipped.append(finding)
            continue
        answers[finding] = ask_choice(
            ask,
            say,
            finding_prompt(finding, position),
            FINDING_WORDS,
            help_text=finding_help(finding),
            hint=FINDING_HINT,
            name=f"question {position} of {len(FINDINGS)} ({finding.value})",
            retry=retry,
        )
        asked.append(finding)
    return Interview(answers, age_group, tuple(asked), tuple(skipped))


def replay_command(
    answers: Mapping[Finding, Answer], age_group: AgeGroup, extra: Sequence[str] = ()
) -> str:
    """The ``oms check`` command (with ``extra``, as ``--format json``) that asks nothing."""
    said = {finding: answers.get(finding, Answer.UNKNOWN) for finding in FINDINGS}
    words = ["oms", "check"]
    for finding, answer in said.items():
        if answer is not Answer.UNKNOWN:
            words.append(f"--{finding.value}" if answer is Answer.YES else f"--no-{finding.value}")
    if age_group is not AgeGroup.UNKNOWN:
        words += ["--age-group", age_group.value]
    words += extra
    if Answer.UNKNOWN in said.values():  # the replay must not ask for it
        words.append("--no-input")
    return " ".join(words)
