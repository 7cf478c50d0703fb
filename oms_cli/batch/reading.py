"""Reading `oms batch` input a row at a time: the header's columns, then each row's outcome.

`Columns` reads a header; `Rows` turns a row's cells into a `Good` row, or a `RowError` naming
every bad cell, cached by the spellings of its finding cells. `CsvCases` and `jsonl_cases` are
the CSV and JSON Lines readers (CSV with a bounded line cache in front of csv.reader);
`read_cases` picks one (Excel: `oms_cli.batch.xlsx`).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from oms_cli.batch.formats import InputFormat
from oms_cli.batch.rows import (
    ID,
    NOT_AN_ANSWER,
    BatchError,
    Good,
    Item,
    Outcome,
    Problem,
    RowError,
    Spellings,
    Summary,
    encodable,
    outcome_for,
)
from oms_cli.batch.source import (
    MAX_LINE,
    InputSource,
    LineError,
    LineTooLong,
    empty_input,
    not_utf8,
    record_lines,
    too_long,
)
from oms_cli.files.jsonread import JsonError, JsonReader, JsonSyntaxError
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import FINDINGS, Finding

csv.field_size_limit(MAX_LINE)  # a field may be as long as a line; process-wide, oms is the process
NAMES: dict[str, Finding] = {f.value: f for f in FINDINGS} | {"behaviour": Finding.BEHAVIOR}
"""Column names of the findings, and other names a reader would type (British spelling)."""
RUN_ROWS = 1024
"""Most good rows read before they go out together (`Good`)."""
LINES_CACHED = 10_000
"""Most lines the line cache holds, by their text after the id (`CsvCases._lines_met`)."""
TYPO_CUTOFF = 0.8
"""How alike (difflib's ratio) a column's name and a finding's are when it is taken for a typo:
"opsoclnus" (0.95) and "ataxai" (0.83) are, "sleeping" (0.77) and "ataxia_notes" (0.67) are not."""


@dataclass(frozen=True)
class Settings:
    """How to read a file: its own spellings, id column, finding columns, delimiter, sheet."""

    spellings: Spellings = field(default_factory=Spellings)
    id_column: str | None = None
    columns: tuple[tuple[Finding, str], ...] = ()  # --column FINDING=NAME
    delimiter: str | None = None
    sheet: str | None = None


def folded(name: str) -> str:
    """A column name as compared: without surrounding white space, in lower case."""
    return name.strip().lower()


def count(number: int, noun: str) -> str:
    """A number and its noun, plural unless one: "1 field", "3 fields"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Columns:
    """A header: the id column, the finding columns, the ignored ones, and what is wrong in it.

    ``label`` names a column in messages ("column 3 (sleep)", "key 'sleep'"); ``kind`` is
    "column" or "key".
    """

    def __init__(
        self, names: Sequence[str], settings: Settings, label: Callable[[int], str], kind: str
    ) -> None:
        self.names, self.label = list(names), label
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
            elif not name:
                self._problem(index, "a column without a name (a trailing comma?)")
            elif close := _typo(name, typos):
                meant = NAMES[close].value if close in NAMES else close
                self._problem(
                    index,
                    f"unknown {kind} (did you mean {quoted(meant)}?); expected {id_name} or a "
                    f"finding ({', '.join(FINDINGS)}), or map it with --column FINDING=NAME",
                )
            else:
                self.ignored.append(self.names[index])
        given = [*wanted, *([id_name] if settings.id_column else [])]
        self.missing = [name for name in given if name not in names]

    def _problem(self, index: int, text: str) -> None:
        shown = f"{self.label(index)}{' ' if text == 'appears twice' else ': '}{text}"
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


def _typo(name: str, names: list[str]) -> str | None:
    """The name of ``names`` that ``name`` is likely a typo of, if any."""
    import difflib  # noqa: PLC0415  (only for a header with a name oms does not know)

    close = difflib.get_close_matches(name, names, n=1, cutoff=TYPO_CUTOFF)
    return close[0] if close else None


class Rows:
    """One header's rows: cells to a `Good` row, or a `RowError` naming every bad cell."""

    def __init__(self, columns: Columns, spellings: Spellings) -> None:
        self.columns, self.spell, self.width = columns, spellings, len(columns.names)
        at = [index for index, _ in columns.findings]
        self.cells: Callable[[Sequence[str]], tuple[str, ...]] = (
            itemgetter(*at) if len(at) > 1 else (lambda row: tuple(row[i] for i in at))
        )
        self.by_answers: dict[tuple[str, ...], Outcome] = {}  # in column order: at most 729

    def outcome(self, row: Sequence[str]) -> Outcome | None:
        """The outcome of a row of cells spelt as met before, in a combination met before."""
        if len(row) != self.width:
            return None
        return self.by_answers.get(tuple(map(self.spell.known.get, self.cells(row))))  # type: ignore[arg-type]

    def evaluate(
        self,
        row: Sequence[str],
        line: int,
        where: Callable[[], str],
        ident: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> Item:
        """The item for one row's cells; ``problems`` found in it already come first."""
        columns = self.columns
        if ident is None:
            ident = row[columns.id] if columns.id is not None else str(line)
        outcome = self.outcome(row)
        if outcome is not None and not problems and not columns.problems:
            return Good([ident], [outcome])
        found = [*columns.problems, *problems]
        answers = ["unknown"] * len(FINDINGS)
        in_order = []
        for cell, (index, position) in zip(self.cells(row), columns.findings, strict=True):
            value = self.spell(cell)
            in_order.append(value)
            if value is not None:
                answers[position] = value
            elif all(columns.names[index] != problem.column for problem in problems):
                text = self.spell.problem(cell)
                shown = f"{columns.label(index)}: {quoted(cell)} {text}"
                found.append(Problem(columns.names[index], cell, text, shown))
        if found:
            message = f"{where()}: " + "; ".join(problem.shown for problem in found)
            return RowError(line, ident, message, tuple(found))
        outcome = self.by_answers[tuple(in_order)] = outcome_for(tuple(answers))  # type: ignore[arg-type]
        return Good([ident], [outcome])


# --- CSV -----------------------------------------------------------------------------------------


class CsvCases:
    """A CSV input with a header row: checked on construction, then an iterator of `Item`.

    `csv.reader` reads the decoded lines of each chunk in turn; line numbers come from its own
    count. A record that is not valid CSV costs its first line only: its other lines are read
    again as rows (`_read_again_after`), so a stray quote cannot swallow the rows after it.
    """

    def __init__(self, source: InputSource, settings: Settings) -> None:
        self.source = source
        self.delimiter = settings.delimiter or _delimiter(source.peek())
        header = self._header()
        label = lambda index: f"column {index + 1} ({visible(header[index])})"  # noqa: E731
        self.columns = Columns(header, settings, label, "column")
        self.columns.check(source.where(source.line))
        self.rows = Rows(self.columns, settings.spellings)
        self.start = 0  # the first line of the record last read (its last: source.line)
        self._base = 0  # feed lines before the reader's first, and those it never saw
        self._synced = 0  # feed lines already counted in source.line
        self._kept: list[bytes] = []  # feed lines from _kept_from on: a bad record is read again
        self._kept_from = 0
        # The line cache: a line's text after the id, to the outcome of its row; only when the id
        # is the first column and the header is clean, and only while it pays.
        plain = self.columns.id == 0 and self.rows.width > 1 and not self.columns.problems
        self._by_line: dict[str, Outcome] | None = {} if plain else None
        self._met: Good | None = None  # a chunk read through the line cache, not the reader
        self._restart()

    def _restart(self) -> None:
        """A new reader, from the next line the feed hands out."""
        self._base = self._synced
        self._lines = itertools.chain.from_iterable(self._feed())
        self._reader = self._csv(self._lines)

    def _csv(self, lines: Iterator[str]) -> Iterator[list[str]]:
        return csv.reader(lines, strict=True, delimiter=self.delimiter)

    def _header(self) -> list[str]:
        """The first record that is not blank; one that is not valid CSV names its lines."""
        reader = self._csv(self.source)
        while True:
            start = self.source.line + 1
            try:
                row = next(reader)
            except StopIteration:
                raise empty_input(self.source) from None
            except LineError as error:
                raise BatchError(str(error)) from None
            except csv.Error as error:
                raise BatchError(f"{self.where(start, self.source.line)}: {error}") from None
            if not _is_blank(row):
                return row

    def _feed(self) -> Iterator[Iterator[str]]:
        """The decoded lines of each chunk in turn; an over-long line raises where it was."""
        while True:
            try:
                data = self.source.chunk()
            except LineTooLong:
                self._kept.append(b"")
                yield _Raising()
                continue
            if not data:
                return
            fed = self._kept_from + len(self._kept)
            if self._by_line is not None and self._synced == fed and b'"' not in data:
                # Between records, before lines without quotes: perhaps all met before.
                self._met = self._lines_met(data, self._by_line)
                if self._met is not None:
                    return  # the reader ends here; `__iter__` sends the chunk and restarts it
            lines = data.splitlines(keepends=True)
            del self._kept[: self._synced - self._kept_from]  # keep the record being read
            self._kept_from = self._synced
            self._kept += lines
            yield map(bytes.decode, lines)

    def _lines_met(self, data: bytes, by_line: dict[str, Outcome]) -> Good | None:
        """The rows of a chunk without quotes when each line but its id was met before.

        Otherwise None (the reader reads the chunk); the cache first learns the chunk's lines
        whose cells are spellings met before in a combination evaluated before, while it has
        room. Once it is full and a chunk misses, it is off: such a file's lines do not repeat.
        """
        try:
            lines = list(map(bytes.decode, data.splitlines()))
        except UnicodeDecodeError:
            return None
        parts = list(map(str.partition, lines, itertools.repeat(self.delimiter)))
        seps, rests = map(itemgetter(1), parts), list(map(itemgetter(2), parts))
        outcomes = list(map(by_line.get, rests))
        if all(seps) and None not in outcomes:
            return Good(list(map(itemgetter(0), parts)), outcomes)  # type: ignore[arg-type]  # no None
        for line, (_, sep, rest) in zip(lines, parts, strict=True):
            if len(by_line) >= LINES_CACHED:
                self._by_line = None
                break
            outcome = self.rows.outcome(line.split(self.delimiter))
            if sep and outcome is not None:
                by_line[rest] = outcome
        return None

    def _advance(self) -> int:
        """Count the lines the row reader has taken in the one line counter; the last one."""
        read = self._base + self._reader.line_num  # type: ignore[attr-defined]
        self.source.line += read - self._synced
        self._synced = read
        return self.source.line

    def _read_again_after(self, first: int) -> None:
        """After a bad record that began after ``first`` lines of the feed: read its others."""
        read = self._synced
        again = self._kept[first + 1 - self._kept_from : read - self._kept_from]
        self._base = self._synced = first + 1
        self.source.line += 1 - (read - first)  # the record's first line only stays counted
        self._reader = self._csv(itertools.chain(map(bytes.decode, again), self._lines))

    def where(self, start: int, end: int | None = None) -> str:
        """The place of a record in a message, with its lines when it covers more than one."""
        if end is None or end <= start:
            return self.source.where(start)
        return f"{self.source.where(start)}: in the record of lines {start}-{end}"

    def _here(self) -> str:
        return self.where(self.start, self.source.line)

    def __iter__(self) -> Iterator[Item]:
        """Every remaining row, until the end of the input.

        Good rows go out together (`Good`), up to `RUN_ROWS` from the reader, or a chunk whose
        every line the line cache knew.
        """
        while True:
            failed = yield from self._read()
            if self._met is not None:
                self.source.line += len(self._met.ids)
                yield self._met
                self._met = None
                self._restart()
            elif not failed:
                return

    def _read(self) -> Generator[Item, None, bool]:
        """The reader's rows until it ends (False) or a record cannot be read (True, reported).

        A record's lines: `start` to `source.line`. A bad row sends the good ones before it.
        """
        source, rows, width, id_column = self.source, self.rows, self.rows.width, self.columns.id
        known, cells, by_answers = rows.spell.known.get, rows.cells, rows.by_answers
        clean = not self.columns.problems
        reader, last = self._reader, source.line
        offset = source.line - self._synced  # file lines before the feed's first
        ids: list[str] = []
        outcomes: list[Outcome] = []
        try:
            for fields in reader:
                read = self._base + reader.line_num  # type: ignore[attr-defined]
                start, last, self._synced = last + 1, offset + read, read
                outcome = None
                if len(fields) == width and (width > 1 or fields[0].strip()):
                    # The common case first: spellings met before, in a combination met before.
                    outcome = by_answers.get(tuple(map(known, cells(fields))))  # type: ignore[arg-type]
                item: Item | None = None
                if outcome is not None and clean:
                    ids.append(fields[id_column] if id_column is not None else str(start))
                    outcomes.append(outcome)
                else:
                    self.start, source.line = start, last
                    item = self._row(fields, start)
                    if isinstance(item, Good):
                        ids += item.ids
                        outcomes += item.outcomes
                        item = None
                if item is not None or len(ids) >= RUN_ROWS:
                    yield from _good(ids, outcomes)
                    ids, outcomes = [], []
                    if item is not None:
                        yield item
        except (UnicodeDecodeError, LineTooLong, csv.Error) as error:
            source.line = last
            yield from _good(ids, outcomes)
            yield self._unreadable(error, last + 1, self._synced)
            return True
        source.line = last
        yield from _good(ids, outcomes)
        return False

    def _row(self, fields: list[str], start: int) -> Item | None:
        """A record read, the slow way: a new spelling, a bad one, or the wrong number of fields."""
        width, id_column = self.rows.width, self.columns.id
        if len(fields) == width and (width > 1 or fields[0].strip()):
            return self.rows.evaluate(fields, start, self._here)
        if _is_blank(fields):
            return None
        ident = str(start)
        if id_column is not None and id_column < len(fields):
            ident = fields[id_column]
        problem = f"{count(len(fields), 'field')}, the header has {width}"
        return RowError(start, ident, f"{self._here()}: {problem}")

    def _unreadable(self, error: Exception, start: int, first: int) -> RowError:
        """A record the reader could not read, from line ``start`` (``first`` lines of feed)."""
        if isinstance(error, csv.Error):
            end = self._advance()
            message = f"{self.where(start, end)}: not valid CSV: {error}"
            if end > start:
                message += f"; the lines after {start} are read again as rows"
                self._read_again_after(first)
            return RowError(start, str(start), message)
        self._base += 1  # the reader never saw the line: it failed on the way in
        line = self._advance()
        if line > start:  # inside a quoted field that began on an earlier line
            problem = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "too long"
            self._read_again_after(first)
            return RowError(
                start,
                str(start),
                f"{self.where(start, line)}: not valid CSV: a quoted field runs on into line "
                f"{line}, which is {problem}",
            )
        if isinstance(error, UnicodeDecodeError):
            return RowError(line, str(line), not_utf8(self.source, line, error))
        return RowError(line, str(line), too_long(self.source, line))


def _good(ids: list[str], outcomes: list[Outcome]) -> Iterator[Good]:
    """Good rows together, if there are any."""
    if ids:
        yield Good(ids, outcomes)


class _Raising(Iterator[str]):
    """Lines that are an over-long one: it raises `LineTooLong` where it was, in the reader."""

    def __init__(self) -> None:
        self.raised = False

    def __next__(self) -> str:
        if self.raised:
            raise StopIteration
        self.raised = True
        raise LineTooLong


def _delimiter(data: bytes) -> str:
    """Comma, semicolon or tab, whichever the first line that is not blank has most of."""
    line = next((line for line in data.splitlines() if line.strip()), b"")
    return max(",;\t", key=line.decode(errors="replace").count)  # none at all: the comma


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


# --- JSON Lines ----------------------------------------------------------------------------------


def jsonl_cases(source: InputSource, settings: Settings, summary: Summary) -> Iterator[Item]:
    """Every object of a JSON Lines input as an `Item`; blank lines are skipped.

    Numbers are read as their literal text (an id 1e3 stays "1e3"), by the guarded reader
    (`oms_cli.files.jsonread`). Keys that are neither the id nor a finding are ignored (and
    added to ``summary.ignored``). Raises `BatchError` when the input holds no object at all.
    """
    decode = JsonReader(max_chars=MAX_LINE, numbers_as_text=True)
    layouts: dict[tuple[str, ...], Rows] = {}  # by the keys of an object, in order
    for entry in record_lines(source):
        if isinstance(entry, RowError):
            yield entry
            continue
        line, text = entry
        where = source.where(line)
        try:
            value = decode(text)
        except JsonError as error:
            at = "" if error.column is None else f" column {error.column}:"
            kind = " not JSON:" if isinstance(error, JsonSyntaxError) else ""
            yield RowError(line, str(line), f"{where}:{at}{kind} {error}")
            continue
        if not isinstance(value, dict):
            yield RowError(line, str(line), f"{where}: not a JSON object")
            continue
        keys = tuple(value)
        rows = layouts.get(keys)
        if rows is None:
            label = lambda index, keys=keys: f"key {quoted(keys[index])}"  # noqa: E731
            rows = Rows(Columns(keys, settings, label, "key"), settings.spellings)
            summary.ignored.update(dict.fromkeys(rows.columns.ignored))
            if len(layouts) < 1000:
                layouts[keys] = rows
        yield _json_row(rows, list(value.values()), line, where)


def _json_row(rows: Rows, values: list[object], line: int, where: str) -> Item:
    """A JSON object's values as cells: true/false as words, null as empty; a bad one noted."""
    columns = rows.columns
    findings = {index for index, _ in columns.findings}
    cells: list[str] = []
    problems: list[Problem] = []
    for index, value in enumerate(values):
        text = "true" if value is True else "false" if value is False else value or ""
        kind = "an object" if isinstance(value, dict) else "a list"
        wrong = None
        if index == columns.id and isinstance(value, str) and not encodable(value):
            wrong = f"{quoted(value)} is not valid Unicode"
        elif index == columns.id and not isinstance(value, str | None):
            wrong = f"{text if isinstance(value, bool) else kind} is not text"
        elif isinstance(value, dict | list) and index in findings:
            wrong = f"{kind} {NOT_AN_ANSWER}"
        if wrong is not None:
            shown = f"{columns.label(index)}: {wrong}"
            problems.append(Problem(columns.names[index], "", wrong, shown))
        cells.append(text if isinstance(text, str) else "")
    value = values[columns.id] if columns.id is not None else None
    ident = value if isinstance(value, str) and encodable(value) else str(line)
    return rows.evaluate(cells, line, lambda: where, ident, problems)


def read_cases(
    source: InputSource, input_format: InputFormat, settings: Settings, summary: Summary
) -> Iterator[Item]:
    """Every row of an input, in order, streaming: good ones (`Good`, together) and `RowError`."""
    if input_format is InputFormat.CSV:
        cases = CsvCases(source, settings)  # reads the header: a bad one stops before any output
        summary.ignored.update(dict.fromkeys(cases.columns.ignored))
        return iter(cases)
    if input_format is InputFormat.PHENOPACKETS:
        from oms_cli.batch.phenopackets import phenopacket_cases  # noqa: PLC0415  (this format only)

        return phenopacket_cases(source)
    return jsonl_cases(source, settings, summary)
