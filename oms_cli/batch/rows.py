"""The row model of `oms batch`: constants, errors, outcomes and the items read.

`Outcome` is the rule's result for one combination of answers with its output text made once;
`outcome_for`, `answer_value` and `Lookup` are the caches from raw cell text to it. `RowResult` and
`RowError` are what the readers yield, one a row; `Summary` counts them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    Answer,
    Assessment,
    Finding,
    Verdict,
    evaluate_answers,
    parse_answer,
)

CACHE_LIMIT = 100_000
"""Most distinct raw spellings remembered; past it rows are still right, only slower."""

ID = "id"
STDIN = "-"
STDIN_NAME = "<stdin>"


OUTPUT_COLUMNS: tuple[str, ...] = (
    ID,
    "verdict",
    "met_count",
    "unknown_count",
    *(criterion.id for criterion in CRITERIA),
)
"""The columns of CSV output (and the first keys of JSON Lines output); `error` follows with
--keep-going."""
ERROR = "error"


class BatchError(Exception):
    """Input or output a user got wrong: the message is one line, ready to print."""


class BadValue(Exception):
    """A cell that is not an answer, by its position in the lookup key."""

    def __init__(self, position: int, value: str) -> None:
        super().__init__(position, value)
        self.position = position
        self.value = value


@dataclass(frozen=True)
class Outcome:
    """The rule's result for one combination of answers, with its output text made once."""

    assessment: Assessment
    csv_cells: bytes
    """The CSV cells after the id, each preceded by a comma, no line end."""

    @property
    def verdict(self) -> Verdict:
        """The verdict for these answers."""
        return self.assessment.verdict

    @cached_property
    def json_tail(self) -> bytes:
        """The JSON Lines object after the id, from the comma after it to the closing brace.

        Made on first use: only JSON Lines output needs it, and making it is most of the cost of
        a new combination of answers (a CSV file meets up to 729 of them).
        """
        assessment = self.assessment
        fields: dict[str, object] = {
            "verdict": assessment.verdict,
            "met_count": assessment.met_count,
            "unknown_count": assessment.unknown_count,
            **{result.criterion.id: result.status for result in assessment.criteria},
            "findings": dict(assessment.findings),
        }
        return (", " + json.dumps(fields)[1:]).encode()  # without "{": the id goes first


def _make_outcome(answers: tuple[Answer, ...]) -> Outcome:
    # The enums are StrEnums: each member is its value, as text and in JSON.
    result = evaluate_answers(answers)
    cells: list[str] = [result.verdict, str(result.met_count), str(result.unknown_count)]
    cells += (criterion.status for criterion in result.criteria)
    return Outcome(result, ("," + ",".join(cells)).encode())


_OUTCOMES: dict[tuple[str, ...], Outcome] = {}


def outcome_for(answers: tuple[str, ...]) -> Outcome:
    """The outcome for six answer values ("yes", "no", "unknown") in `FINDINGS` order.

    Made once per combination. Keyed by plain strings, whose hash Python keeps, rather than by
    the Enum members, whose hash is computed in Python on every lookup.
    """
    outcome = _OUTCOMES.get(answers)
    if outcome is None:
        outcome = _make_outcome(tuple(map(Answer, answers)))
        _OUTCOMES[answers] = outcome
    return outcome


_SPELLINGS: dict[str, str] = {}
"""Raw cell text to its answer's value, as `parse_answer` reads it; filled as spellings are met."""


def answer_value(cell: str) -> str:
    """The value ("yes", "no", "unknown") of the answer a cell spells; ValueError if none."""
    value = _SPELLINGS.get(cell)
    if value is None:
        value = parse_answer(cell).value
        if len(_SPELLINGS) < CACHE_LIMIT:
            _SPELLINGS[cell] = value
    return value


class Lookup:
    """Raw cell text for some findings (in a file's column order) to an `Outcome`, cached."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        self._positions = tuple(FINDINGS.index(finding) for finding in findings)
        self._cache: dict[tuple[str, ...], Outcome] = {}

    def __call__(self, cells: tuple[str, ...]) -> Outcome:
        """The outcome for these cells; raises `BadValue` for a cell that is not an answer."""
        outcome = self._cache.get(cells)
        if outcome is None:
            answers = [Answer.UNKNOWN.value] * len(FINDINGS)
            for index, cell in enumerate(cells):
                try:
                    answers[self._positions[index]] = answer_value(cell)
                except ValueError:
                    raise BadValue(index, cell) from None
            outcome = outcome_for(tuple(answers))
            if len(self._cache) < CACHE_LIMIT:
                self._cache[cells] = outcome
        return outcome


class RowResult(NamedTuple):
    """One good row: where it was, its id, and the rule's outcome (a tuple: cheap to make)."""

    line: int
    id: str
    outcome: Outcome


class RowError(NamedTuple):
    """One bad row: where it was, its id if it could be read (else the line number), and why."""

    line: int
    id: str
    message: str
    """The whole message, starting with the file name and line: "cases.csv:3: ..."."""


Item = RowResult | RowError


@dataclass(slots=True)
class Summary:
    """What a batch did: rows evaluated by verdict, and bad rows."""

    verdicts: Counter[Verdict] = field(default_factory=Counter)
    errors: int = 0

    @property
    def rows(self) -> int:
        """Every row read, good or bad."""
        return sum(self.verdicts.values()) + self.errors


def reject(
    error: RowError, summary: Summary, on_error: Callable[[RowError], None], *, keep_going: bool
) -> None:
    """A bad row: raises its `BatchError` unless ``keep_going``; else counted and passed on."""
    if not keep_going:
        raise BatchError(error.message)
    summary.errors += 1
    on_error(error)
