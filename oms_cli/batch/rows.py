"""The row model of `oms batch`: errors, outcomes, spellings, and the items the readers yield.

`Outcome` is the rule's result for one combination of answers with its output text made once
(`outcome_for`: at most 729). `Spellings` reads a cell as an answer, cached by the cell's text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from oms_cli.files.textsafe import quoted
from oms_cli.rules import (
    ANSWER_WORDS,
    CRITERIA,
    Answer,
    Assessment,
    Verdict,
    evaluate_answers,
    parse_answer,
)

CACHE_LIMIT = 100_000  # most keys a cache holds; past it rows are still right, only slower
ID = "id"
STDIN = "-"
STDIN_NAME = "<stdin>"
ERROR = "error"
OUTPUT_COLUMNS: tuple[str, ...] = (
    ID,
    "verdict",
    "met_count",
    "unknown_count",
    *(criterion.id for criterion in CRITERIA),
)
NOT_AN_ANSWER = "is not yes, no or unknown"


class BatchError(Exception):
    """Input or output a user got wrong: the message is one line, ready to print."""


@dataclass(frozen=True, eq=False)
class Outcome:
    """The rule's result for one combination of answers, with its output text made once.

    One object for each combination (`outcome_for`), compared and hashed by identity.
    """

    assessment: Assessment
    csv_cells: str  # the CSV cells after the id, each after a comma, no line end

    @cached_property
    def json_tail(self) -> bytes:
        """The JSON Lines object after the id, from the comma after it to the closing brace."""
        result = self.assessment
        fields: dict[str, object] = {
            "verdict": result.verdict,
            "met_count": result.met_count,
            "unknown_count": result.unknown_count,
            **{criterion.criterion.id: criterion.status for criterion in result.criteria},
            "findings": dict(result.findings),
        }
        return (", " + json.dumps(fields)[1:]).encode()  # without "{": the id goes first


_OUTCOMES: dict[tuple[str, ...], Outcome] = {}


def outcome_for(answers: tuple[str, ...]) -> Outcome:
    """The outcome for six answer values ("yes", "no", "unknown") in `FINDINGS` order."""
    outcome = _OUTCOMES.get(answers)
    if outcome is None:
        result = evaluate_answers(tuple(map(Answer, answers)))
        cells = [result.verdict, str(result.met_count), str(result.unknown_count)]
        cells += (criterion.status for criterion in result.criteria)
        outcome = _OUTCOMES[answers] = Outcome(result, "," + ",".join(cells))
    return outcome


def encodable(text: str) -> bool:
    """Whether a text read from JSON is valid Unicode (no lone surrogate from an escape)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def split_values(text: str | None) -> tuple[str, ...]:
    """The spellings of a --yes-values option: comma-separated, blank ones dropped."""
    return tuple(word.strip() for word in (text or "").split(",") if word.strip())


class Spellings:
    """Cell text to an answer's value: the built-in spellings and a file's own, any case.

    The built-in ones stay conservative: nothing is guessed to mean no.
    """

    def __init__(
        self, yes: Iterable[str] = (), no: Iterable[str] = (), unknown: Iterable[str] = ()
    ) -> None:
        words = {word: parse_answer(word).value for word in ("", *ANSWER_WORDS)}
        for value, extra in ((Answer.YES, yes), (Answer.NO, no), (Answer.UNKNOWN, unknown)):
            for word in extra:
                key = word.strip().lower()
                if words.setdefault(key, value.value) != value.value:
                    raise BatchError(
                        f"--{value.value}-values: {quoted(word)} already means {words[key]}"
                    )
        self.words = words
        self.known: dict[str, str] = {}
        self._problems: dict[str, str] = {}
        """Cells met, as written, to their answer's value (``known.get`` is a cheap first try)."""

    def __call__(self, cell: str) -> str | None:
        """The answer's value ("yes", "no", "unknown") a cell spells, None for none."""
        value = self.known.get(cell)
        if value is None:
            value = self.words.get(cell.strip().lower())
            if value is not None and len(self.known) < CACHE_LIMIT:
                self.known[cell] = value
        return value

    def problem(self, cell: str) -> str:
        """Why a cell is not an answer, with the spelling it was most likely meant to be."""
        text = self._problems.get(cell)
        if text is None:
            from oms_cli.cli.process import closest  # noqa: PLC0415  (the error path only)

            match = closest(cell.strip().lower(), [word for word in self.words if len(word) > 1])
            text = NOT_AN_ANSWER + (f" (did you mean {quoted(match)}?)" if match else "")
            if len(self._problems) < CACHE_LIMIT:  # difflib is slow: a bad spelling repeats
                self._problems[cell] = text
        return text


class Problem(NamedTuple):
    """One thing wrong in a row: its column (or key), its value, what is wrong, as told."""

    column: str
    value: str
    problem: str
    shown: str  # as the row's message tells it: "column 4 (myoclonus): 'perhaps' is not ..."


@dataclass(slots=True)
class Good:
    """Good rows one after another: their ids and outcomes side by side, written at once."""

    ids: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, ident: str, outcome: Outcome) -> None:
        """One more good row."""
        self.ids.append(ident)
        self.outcomes.append(outcome)


class RowError(NamedTuple):
    """One bad row: where it was, its id if it could be read (else the line), and why."""

    line: int
    id: str
    message: str  # the whole message, from the file name and line on: "cases.csv:3: ..."
    problems: tuple[Problem, ...] = ()  # each bad cell; none when the row could not be read


Item = Good | RowError


@dataclass(slots=True)
class Summary:
    """What a batch did: rows by verdict, bad rows and what was wrong, the columns ignored."""

    verdicts: Counter[Verdict] = field(default_factory=Counter)
    errors: int = 0
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # (column, value) or problem
    ignored: dict[str, None] = field(default_factory=dict)  # in the order met

    @property
    def rows(self) -> int:
        """Every row read, good or bad."""
        return sum(self.verdicts.values()) + self.errors

    def count_error(self, error: RowError) -> None:
        """Count a bad row, and each of its bad cells in the tally."""
        self.errors += 1
        problems = error.problems or [Problem("", "", error.message.split(": ", 1)[-1], "")]
        self.tally.update((p.column, quoted(p.value) if p.value else p.problem) for p in problems)
