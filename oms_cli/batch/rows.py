"""The rows of `oms batch`: what readers yield, and how a row's cells become a verdict."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from oms_cli.errors import UserError, notice
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import (
    ANSWER_WORDS,
    CRITERIA,
    FINDING_ALIASES,
    FINDINGS,
    Answer,
    Assessment,
    Finding,
    Verdict,
    evaluate_answers,
    parse_answer,
)

CACHE_LIMIT = 100_000  # most spellings a cache holds; past it rows are still right, only slower
ID = "id"
STDIN = "-"
STDIN_NAME = "<stdin>"
ERROR = "error"
OUTPUT_COLUMNS = (ID, "verdict", "met_count", "unknown_count", *(c.id for c in CRITERIA))
NOT_AN_ANSWER = "is not yes, no or unknown"
NAMES: dict[str, Finding] = {f.value: f for f in FINDINGS} | FINDING_ALIASES  # column names
# How alike (difflib's ratio) a column's name and a finding's are when it is taken for a typo:
# "opsoclnus" (0.95) and "ataxai" (0.83) are, "sleeping" (0.77) and "ataxia_notes" (0.67) are not.
TYPO_CUTOFF = 0.8


class BatchError(UserError):
    """Input or output a user got wrong: the message is one line, ready to print."""


@dataclass(frozen=True, eq=False)
class Outcome:
    """The rule's result for one combination of answers (one object each), its text made once."""

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


def count(number: int, noun: str) -> str:
    """A number and its noun, plural unless one: "1 field", "3 fields"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def folded(name: str) -> str:
    """A column name or a cell as compared: without surrounding white space, in lower case."""
    return name.strip().lower()


class Spellings:
    """Cell text to an answer's value: the built-in spellings (nothing guessed) and a file's own."""

    def __init__(
        self, yes: Iterable[str] = (), no: Iterable[str] = (), unknown: Iterable[str] = ()
    ) -> None:
        words = {word: parse_answer(word).value for word in ("", *ANSWER_WORDS)}
        words |= {"1.0": Answer.YES.value, "0.0": Answer.NO.value}  # 1 and 0 as floats (pandas)
        given: set[str] = set()
        for value, extra in ((Answer.YES, yes), (Answer.NO, no), (Answer.UNKNOWN, unknown)):
            for word in extra:
                key = folded(word)
                meant = words.setdefault(key, value.value)
                # Only towards unknown may a file's coding overrule a built-in spelling ("0: not
                # looked for"): read as unknown, a value can never make a verdict wrong.
                if meant != value.value and value is Answer.UNKNOWN and key not in given:
                    notice(f"--unknown-values: {quoted(word)} is read as unknown, not {meant}")
                    words[key] = value.value
                elif meant != value.value:
                    raise BatchError(
                        f"--{value.value}-values: {quoted(word)} already means {meant}"
                    )
                given.add(key)
        self.words = words
        self.known: dict[str, str] = {}
        """Cells met, as written, to their answer's value: the cheap first try."""
        self._problems: dict[str, str] = {}

    def __call__(self, cell: str) -> str | None:
        """The answer's value ("yes", "no", "unknown") a cell spells, None for none."""
        value = self.known.get(cell)
        if value is None:
            value = self.words.get(folded(cell))
            if value is not None and len(self.known) < CACHE_LIMIT:
                self.known[cell] = value
        return value

    def problem(self, cell: str) -> str:
        """Why a cell is not an answer, with the spelling it was most likely meant to be."""
        text = self._problems.get(cell)
        if text is None:
            words = [word for word in self.words if len(word) > 1]
            match = difflib.get_close_matches(folded(cell), words, n=1, cutoff=0.6)
            text = NOT_AN_ANSWER + (f" (did you mean {quoted(match[0])}?)" if match else "")
            if len(self._problems) < CACHE_LIMIT:  # difflib is slow: a bad spelling repeats
                self._problems[cell] = text
        return text


class Problem(NamedTuple):
    """One thing wrong in a row: its column (or key), its value, what is wrong, as told."""

    column: str
    value: str
    problem: str
    shown: str  # as the row's message tells it: "column 4 (myoclonus): 'perhaps' is not ..."


class RowError(NamedTuple):
    """One bad row: where it was, its id if it could be read (else the line), and why."""

    line: int
    id: str
    message: str  # the whole message, from the file name and line on: "cases.csv:3: ..."
    problems: tuple[Problem, ...] = ()  # each bad cell; none when the row could not be read

    @property
    def cells(self) -> tuple[Problem, ...]:
        """The bad cells; for a row that could not be read, why, as its one problem."""
        return self.problems or (Problem("", "", self.message.split(": ", 1)[-1], ""),)


@dataclass(slots=True)
class Good:
    """Good rows one after another: their ids and outcomes side by side, written at once."""

    ids: list[str]
    outcomes: list[Outcome]


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
        self.tally.update(
            (p.column, quoted(p.value) if p.value else p.problem) for p in error.cells
        )


@dataclass(frozen=True)
class Settings:
    """How to read a file: its own spellings, id column, finding columns, delimiter, sheet."""

    spellings: Spellings = field(default_factory=Spellings)
    id_column: str | None = None
    columns: tuple[tuple[Finding, str], ...] = ()  # --column FINDING=NAME
    delimiter: str | None = None
    sheet: str | None = None


def check_mappings(columns: Sequence[tuple[Finding, str]], id_column: str | None) -> None:
    """Refuse --column and --id-column that read a column twice or take a finding's own column.

    A finding's own column (``sleep``) may be read as the id or as another finding only when
    that finding is mapped elsewhere: else it would be unknown for every row without a word.
    """
    id_name = folded(id_column) if id_column else ID
    by_finding: dict[Finding, str] = {}
    by_name: dict[str, Finding] = {}
    for finding, name in columns:
        key = folded(name)
        if finding in by_finding:
            raise BatchError(
                f"--column: {finding} is given twice ({finding}={by_finding[finding]}, "
                f"{finding}={name})"
            )
        if key in by_name:
            raise BatchError(
                f"--column: column {quoted(name)} is given for two findings ({by_name[key]}, "
                f"{finding}); a column holds one finding"
            )
        if key == id_name:
            raise BatchError(
                f"--column {finding}={name}: {quoted(name)} is the id column; a column is read "
                "as the id or as a finding, not both"
            )
        by_finding[finding], by_name[key] = name, finding
    for finding, name in columns:
        owner = NAMES.get(folded(name))
        if owner not in (None, finding) and owner not in by_finding:
            raise BatchError(
                f"--column {finding}={name}: {quoted(name)} is the {owner} column; read as "
                f"{finding}, {owner} would be unknown for every row (map {owner} to another "
                "column with --column if that is meant)"
            )
    owner = NAMES.get(id_name)
    if owner is not None and owner not in by_finding:
        raise BatchError(
            f"--id-column: {quoted(id_column or ID)} is the {owner} column; the id column "
            "cannot be a finding's"
        )


class Columns:
    """A header (the id, the finding columns, those ignored, what is wrong) and its rows' reading.

    ``labels`` name the columns in messages ("column 3 (sleep)", "key 'sleep'"); ``kind`` is
    "column" or "key". A reader looks in ``by_answers`` first, with ``cells`` (a row's finding
    cells) and ``spell.known``; `evaluate` fills it.
    """

    def __init__(
        self, names: Sequence[str], settings: Settings, labels: list[str], kind: str
    ) -> None:
        self.names, self.labels, self.width = list(names), labels, len(names)
        self.kind = kind
        self.spell = settings.spellings
        id_name = folded(settings.id_column) if settings.id_column else ID
        wanted = {folded(name): finding for finding, name in settings.columns}
        self.id: int | None = None
        self.findings: list[tuple[int, int]] = []  # column index, place in FINDINGS
        self.ignored: list[str] = []
        self.problems: list[Problem] = []
        names = [folded(name) for name in self.names]
        typos = [n for n in [*NAMES, *wanted, id_name] if n not in names and len(n) > 3]
        taken: dict[str, int] = {}
        for index, name in enumerate(names):
            finding = wanted.get(name)
            if finding is None and NAMES.get(name) not in wanted.values():
                finding = NAMES.get(name)
            key = finding or (ID if name == id_name else None)
            first = index if key is None else taken.setdefault(key, index)
            if first != index:
                self._problem(
                    index, "appears twice" if kind == "key" else f"repeats column {first + 1}"
                )
            elif name == id_name:
                self.id = index
            elif finding is not None:
                self.findings.append((index, FINDINGS.index(finding)))
            elif not name:  # a spreadsheet's empty column, an index column: no finding's
                self.ignored.append(f"{kind} {index + 1} without a name")
            elif close := difflib.get_close_matches(name, typos, n=1, cutoff=TYPO_CUTOFF):
                meant = NAMES[close[0]].value if close[0] in NAMES else close[0]
                self._problem(
                    index,
                    f"unknown {kind} (did you mean {quoted(meant)}?); expected {id_name} or a "
                    f"finding ({', '.join(FINDINGS)}), or map it with --column FINDING=NAME",
                )
            else:
                self.ignored.append(self.names[index])
        given = [*wanted, *([id_name] if settings.id_column else [])]
        self.missing = [name for name in given if name not in names]
        at = [index for index, _ in self.findings]
        self.cells: Callable[[Sequence[str]], tuple[str, ...]] = (
            itemgetter(*at) if len(at) > 1 else (lambda row: tuple(row[i] for i in at))
        )
        self.by_answers: dict[tuple[str | None, ...], Outcome] = {}  # column order: at most 729

    def _problem(self, index: int, text: str) -> None:
        shown = f"{self.labels[index]}{' ' if text == 'appears twice' else ': '}{text}"
        self.problems.append(Problem(self.names[index], "", text, shown))

    def check(self, where: str) -> None:
        """Raise the first problem of a file's header: a bad header stops the run."""
        if self.problems:
            raise BatchError(f"{where}: {self.problems[0].shown}")
        if self.missing:
            shown = visible(", ".join(self.names), 300)
            raise BatchError(
                f"{where}: no column named {quoted(self.missing[0])} (--id-column, --column); "
                f"the columns: {shown}"
            )
        if not self.findings:  # else every row would be undetermined without a word
            raise self.no_finding(where)

    def no_finding(self, where: str) -> BatchError:
        """The error of a header (or an object's keys) that names no finding."""
        return BatchError(
            f"{where}: no {self.kind} names a finding ({self.kind}s: "
            f"{visible(', '.join(self.names), 300)}); name them ({', '.join(FINDINGS)}) "
            "or map them with --column FINDING=NAME"
        )

    def evaluate(
        self,
        row: Sequence[str],
        line: int,
        ident: str,
        where: str,
        problems: Sequence[Problem] = (),
    ) -> Item:
        """One row's outcome, or every problem in it (``problems`` first)."""
        found = [*self.problems, *problems]
        answers = ["unknown"] * len(FINDINGS)
        in_order = []
        for index, position in self.findings:
            cell = row[index]
            value = self.spell(cell)
            if value is not None:
                answers[position] = value
                in_order.append(value)
            elif all(self.names[index] != problem.column for problem in problems):
                text = self.spell.problem(cell)
                shown = f"{self.labels[index]}: {quoted(cell)} {text}"
                found.append(Problem(self.names[index], cell, text, shown))
        if found:
            message = f"{where}: " + "; ".join(problem.shown for problem in found)
            return RowError(line, ident, message, tuple(found))
        self.by_answers[tuple(in_order)] = outcome = outcome_for(tuple(answers))
        return Good([ident], [outcome])
