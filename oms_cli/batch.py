"""Many people at once: CSV or JSON Lines in, one verdict a row out, streaming.

The pieces, each usable on its own:

- `open_input` / `InputSource`: a binary stream read in chunks that end at a line end, counting
  lines, so that every error names its line; rejects missing, empty, binary and non-UTF-8 input.
- `CsvCases` / `jsonl_cases`: readers that yield a `RowResult` (one evaluated row) or a `RowError`
  (one bad row, with a precise message) for each row, never a list of all rows.
- `CsvWriter` / `JsonlWriter`: one output line a case or error, as bytes.
- `run`: reader to writer, with fast paths for CSV to CSV (see `_CsvFastPath`).
- `execute`: the whole `oms batch` command, with its progress bar and summary.
- `AtomicOutput`: the output file, written to a temporary file beside it and renamed on success.

The rule itself is `rules.evaluate_answers`, a cached table lookup; this module adds a second cache
from the raw cell text straight to the precomputed output, so that reading and writing are the cost.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import os
import re
import signal
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol, cast

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
from oms_cli.textsafe import quoted, visible

CHUNK_SIZE = 1 << 16
"""Bytes read at a time (then completed to the end of the line)."""
MAX_LINE = 1 << 20
"""Longest line accepted, so that a file without line ends cannot fill the memory."""
_CACHE_LIMIT = 100_000
"""Most distinct raw spellings remembered; past it rows are still right, only slower."""
_SNIFF = 8192
"""Bytes looked at to tell binary files from text."""

ID = "id"
STDIN = "-"
STDIN_NAME = "<stdin>"


class InputFormat(StrEnum):
    """Formats `oms batch` reads."""

    CSV = "csv"
    JSONL = "jsonl"


class OutputFormat(StrEnum):
    """Formats `oms batch` writes: csv and jsonl for programs, table for people."""

    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"


INPUT_SUFFIXES: dict[str, InputFormat] = {
    ".csv": InputFormat.CSV,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
}
OUTPUT_SUFFIXES: dict[str, OutputFormat] = {
    ".csv": OutputFormat.CSV,
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
}
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


class _BadValue(Exception):
    """A cell that is not an answer, by its position in the lookup key."""

    def __init__(self, position: int, value: str) -> None:
        super().__init__(position, value)
        self.position = position
        self.value = value


class _LineError(Exception):
    """A line that is not UTF-8, met while reading line by line (a CSV header, JSON Lines)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The rule's result for one combination of answers, with its output text made once."""

    assessment: Assessment
    csv_cells: bytes
    """The CSV cells after the id, each preceded by a comma, no line end."""
    json_tail: bytes
    """The JSON Lines object after the id, from the comma after it to the closing brace."""

    @property
    def verdict(self) -> Verdict:
        """The verdict for these answers."""
        return self.assessment.verdict


def _make_outcome(answers: tuple[Answer, ...]) -> Outcome:
    assessment = evaluate_answers(answers)
    statuses = [result.status.value for result in assessment.criteria]
    cells = [assessment.verdict.value, str(assessment.met_count), str(assessment.unknown_count)]
    json_fields = {
        "verdict": assessment.verdict.value,
        "met_count": assessment.met_count,
        "unknown_count": assessment.unknown_count,
        **{criterion.id: status for criterion, status in zip(CRITERIA, statuses, strict=True)},
        "findings": {finding.value: answer.value for finding, answer in assessment.findings},
    }
    tail = json.dumps(json_fields)[1:]  # drop "{": the id goes first
    return Outcome(
        assessment=assessment,
        csv_cells=("," + ",".join(cells + statuses)).encode(),
        json_tail=(", " + tail).encode(),
    )


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
        if len(_SPELLINGS) < _CACHE_LIMIT:
            _SPELLINGS[cell] = value
    return value


class _Lookup:
    """Raw cell text for some findings (in a file's column order) to an `Outcome`, cached."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        self._positions = tuple(FINDINGS.index(finding) for finding in findings)
        self._cache: dict[tuple[str, ...], Outcome] = {}

    def __call__(self, cells: tuple[str, ...]) -> Outcome:
        """The outcome for these cells; raises `_BadValue` for a cell that is not an answer."""
        outcome = self._cache.get(cells)
        if outcome is None:
            answers = [Answer.UNKNOWN.value] * len(FINDINGS)
            for index, cell in enumerate(cells):
                try:
                    answers[self._positions[index]] = answer_value(cell)
                except ValueError:
                    raise _BadValue(index, cell) from None
            outcome = outcome_for(tuple(answers))
            if len(self._cache) < _CACHE_LIMIT:
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


# --- input ---------------------------------------------------------------------------------------


class InputSource:
    """A binary input read in chunks of whole lines, counting the lines handed out.

    Also an iterator of decoded lines (line ends kept), which is what `csv.reader` reads; lines are
    split at CR, LF and CRLF, as a file opened with ``newline=""`` would be.
    """

    def __init__(
        self,
        stream: BinaryIO,
        name: str,
        *,
        chunk_size: int = CHUNK_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.name = name
        self.line = 0
        """How many lines have been handed out, as lines or in chunks."""
        self._stream = stream
        # From a pipe, what has arrived (the output keeps up with a slow writer); from a file,
        # whole chunks.
        regular = input_size(stream) is not None
        self._read = stream.read if regular else getattr(stream, "read1", stream.read)
        self._chunk_size = chunk_size
        self._progress = progress
        self._pending: list[bytes] = []  # lines of the current chunk not yet handed out, reversed
        self._started = False

    def where(self, line: int) -> str:
        """The place of a line in a message: "cases.csv:3"."""
        return f"{visible(self.name)}:{line}"

    def chunk(self) -> bytes:
        """The next chunk of whole lines: those read but not handed out yet, else new ones.

        b"" at the end of the input.
        """
        if self._pending:
            self._pending.reverse()
            data = b"".join(self._pending)
            self._pending = []
            return data
        data = self._read(self._chunk_size)
        if not self._started:
            data = self._start(data)
        if data and not data.endswith(b"\n"):
            rest = self._stream.readline(MAX_LINE)
            if len(rest) == MAX_LINE and not rest.endswith(b"\n"):
                line = self.line + data.count(b"\n") + 1
                limit = MAX_LINE // (1 << 20)
                raise BatchError(f"{self.where(line)}: a line longer than {limit} MiB")
            data += rest
        if data and self._progress is not None:
            self._progress(len(data))
        return data

    def _start(self, data: bytes) -> bytes:
        self._started = True
        while len(data) < _SNIFF:
            more = self._stream.read(_SNIFF - len(data))
            if not more:
                break
            data += more
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise BatchError(f"{visible(self.name)}: is UTF-16 text; save it as UTF-8")
        if b"\0" in data[:_SNIFF]:
            raise BatchError(f"{visible(self.name)}: is a binary file (it contains NUL bytes)")
        data = data.removeprefix(codecs.BOM_UTF8)
        return data

    def __iter__(self) -> InputSource:
        return self

    def __next__(self) -> str:
        if not self._pending:
            data = self.chunk()
            if not data:
                raise StopIteration
            self._pending = data.splitlines(keepends=True)
            self._pending.reverse()
        raw = self._pending.pop()
        self.line += 1
        try:
            return raw.decode()
        except UnicodeDecodeError as error:
            raise _LineError(_not_utf8(self, self.line, error)) from None

    def push_chunk(self, data: bytes) -> None:
        """Hand out the lines of a chunk read with `chunk` one by one after all."""
        self._pending = data.splitlines(keepends=True)
        self._pending.reverse()

    def sniff(self) -> InputFormat:
        """JSON Lines if the first character that is not white space is "{", else CSV."""
        data = self.chunk()
        self.push_chunk(data)
        return InputFormat.JSONL if data.lstrip().startswith(b"{") else InputFormat.CSV


def open_input(path: str) -> BinaryIO:
    """Open a file (or standard input for "-") for reading bytes, with clear errors.

    Raises `BatchError` for a missing file, a folder, a file that cannot be read.
    """
    if path == STDIN:
        return sys.stdin.buffer
    shown = visible(path)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise BatchError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise BatchError(f"{shown}: is a folder, not a file") from None
    except PermissionError:
        raise BatchError(f"{shown}: permission denied") from None
    except OSError as error:
        raise BatchError(f"{shown}: cannot be read ({error.strerror})") from None


def input_size(stream: BinaryIO) -> int | None:
    """The size in bytes of a regular file, None for a pipe or terminal."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def guess_input_format(path: str) -> InputFormat | None:
    """The input format from the file's extension, None when it does not say."""
    return INPUT_SUFFIXES.get(Path(path).suffix.lower()) if path != STDIN else None


def _empty(source: InputSource) -> BatchError:
    return BatchError(f"{visible(source.name)}: is empty (no rows and no header)")


def _column_name(name: str) -> str:
    return name.strip().lower()


_ANSWER_HELP = "is not yes, no or unknown"
_KNOWN = ", ".join(FINDINGS)


# --- CSV -----------------------------------------------------------------------------------------


class CsvCases:
    """A CSV input with a header row: validated on construction, then an iterator of `Item`.

    The header is read line by line; the rows are read a chunk at a time through a line feed that
    runs in C (`csv.reader` over the decoded lines of each chunk), and line numbers are counted
    from the reader's own count, so that every message still names its line.
    """

    def __init__(self, source: InputSource) -> None:
        self.source = source
        header = self._header()
        self.header = header
        self.width = len(header)
        findings: list[Finding] = []
        columns: list[int] = []
        self.id_column: int | None = None
        seen: dict[str, int] = {}
        for number, raw_name in enumerate(header, start=1):
            name = _column_name(raw_name)
            where = f"{source.where(source.line)}: column {number} ({visible(raw_name)})"
            if name in seen:
                raise BatchError(f"{where}: repeats column {seen[name]}")
            seen[name] = number
            if name == ID:
                self.id_column = number - 1
            elif name in Finding.__members__.values():
                findings.append(Finding(name))
                columns.append(number - 1)
            elif not name:
                raise BatchError(f"{where}: a column without a name (a trailing comma?)")
            else:
                raise BatchError(f"{where}: unknown column; expected id or a finding ({_KNOWN})")
        self.finding_columns = tuple(columns)
        self.lookup = _Lookup(tuple(findings))
        """Raw finding cells (in column order) to their `Outcome`."""
        self.cells: Callable[[list[str]], tuple[str, ...]] = _getter(columns)
        """The finding cells of a record, in column order."""
        self.start = 0
        """The first line of the record last read."""
        self._pushed: Iterator[str] | None = None
        self._loaded = 0  # lines handed to the row reader
        self._skipped = 0  # of those, lines it never saw (not UTF-8)
        self._reader = csv.reader(itertools.chain.from_iterable(self._feed()), strict=True)

    def _header(self) -> list[str]:
        try:
            for row in csv.reader(self.source, strict=True):
                if _is_blank(row):
                    continue
                return row
        except _LineError as error:
            raise BatchError(str(error)) from None
        except csv.Error as error:
            raise BatchError(f"{self.source.where(self.source.line)}: {error}") from None
        raise _empty(self.source)

    def _feed(self) -> Iterator[Iterator[str]]:
        """The decoded lines of each chunk in turn: a pushed chunk first, then new ones."""
        while True:
            if self._pushed is None:
                data = self.source.chunk()
                if not data:
                    return
                self.push(data)
            lines, self._pushed = self._pushed, None
            assert lines is not None  # noqa: S101  (push just set it; for mypy)
            yield lines

    def push(self, data: bytes) -> None:
        """Have the row reader read this chunk (read with `InputSource.chunk`) next."""
        lines = data.splitlines(keepends=True)
        self._loaded += len(lines)
        self._pushed = map(bytes.decode, lines)

    def _lines_read(self) -> int:
        return self._reader.line_num + self._skipped

    def row(self, fields: list[str], line: int) -> Item | None:
        """One parsed record as a `RowResult`, a `RowError`, or None for a blank line."""
        if len(fields) != self.width or _is_blank(fields):
            if _is_blank(fields):
                return None
            ident = str(line)
            if self.id_column is not None and self.id_column < len(fields):
                ident = fields[self.id_column]
            return RowError(
                line,
                ident,
                f"{self.source.where(line)}: {_count(len(fields), 'field')}, "
                f"the header has {self.width}",
            )
        ident = fields[self.id_column] if self.id_column is not None else str(line)
        try:
            return RowResult(line, ident, self.lookup(self.cells(fields)))
        except _BadValue as bad:
            column = self.finding_columns[bad.position]
            message = (
                f"{self.source.where(line)}: column {column + 1} "
                f"({visible(self.header[column])}): {quoted(bad.value)} {_ANSWER_HELP}"
            )
            return RowError(line, ident, message)

    def __iter__(self) -> Iterator[Item]:
        """Every remaining row, until the end of the input."""
        row = self.row
        for record in self.records(stop_at_chunk_end=False):
            if isinstance(record, RowError):
                yield record
                continue
            item = row(record, self.start)
            if item is not None:
                yield item

    def records(self, *, stop_at_chunk_end: bool) -> Iterator[list[str] | RowError]:
        """Each record's fields (its first line in `start`), or a `RowError` for a bad record.

        With ``stop_at_chunk_end``, the records that start in the lines pushed (a quoted field
        may read on into more chunks); else every record to the end of the input.
        """
        source, reader = self.source, self._reader
        read = self._lines_read()
        while not (stop_at_chunk_end and read == self._loaded):
            # Lines before the reader's own are those read by line or by the fast path.
            start = source.line + read + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                line = source.line + self._lines_read() + 1
                self._skipped += 1
                read = self._lines_read()
                yield RowError(line, str(line), _not_utf8(source, line, error))
                continue
            except csv.Error as error:
                read = self._lines_read()
                where = source.where(source.line + read)
                yield RowError(start, str(start), f"{where}: not valid CSV: {error}")
                continue
            read = reader.line_num + self._skipped
            self.start = start
            yield fields


def _not_utf8(source: InputSource, line: int, error: UnicodeDecodeError) -> str:
    byte = error.object[error.start]
    return (
        f"{source.where(line)}: byte 0x{byte:02x} at byte {error.start + 1} of the line "
        "is not UTF-8 text; save the file as UTF-8"
    )


def _getter(columns: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    if len(columns) > 1:
        return itemgetter(*columns)
    if columns:
        index = columns[0]
        return lambda fields: (fields[index],)
    return lambda fields: ()


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- JSON Lines ----------------------------------------------------------------------------------


class _Pairs(list[tuple[str, object]]):
    """A JSON object as its key-value pairs, so that a repeated key is seen, not lost."""


def _json_text(value: object) -> str | None:
    """A JSON value as answer text, None for objects and arrays.

    Strings (and numbers, parsed as their text) stay as they are, true/false become words, null
    becomes empty (unknown).
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return None


def _json_kind(value: object) -> str:
    return "an object" if isinstance(value, _Pairs) else "a list"


def jsonl_cases(source: InputSource) -> Iterator[Item]:
    """Every object of a JSON Lines input as a `RowResult` or `RowError`; blank lines are skipped.

    Numbers are read as their literal text (so an id 1e3 stays "1e3", and 1 reads as "1").
    Raises `BatchError` when the input holds no object at all.
    """
    lookup = _Lookup(FINDINGS)
    position = {finding.value: index for index, finding in enumerate(FINDINGS)}
    decode = json.JSONDecoder(
        object_pairs_hook=_Pairs, parse_int=str, parse_float=str, parse_constant=str
    ).decode
    seen_any = False
    while True:
        try:
            text = next(source)
        except StopIteration:
            break
        except _LineError as error:
            seen_any = True
            yield RowError(source.line, str(source.line), str(error))
            continue
        if not text.strip():
            continue
        seen_any = True
        line = source.line
        where = source.where(line)
        try:
            value = decode(text)
        except json.JSONDecodeError as error:
            yield RowError(line, str(line), f"{where}: column {error.colno}: not JSON: {error.msg}")
            continue
        if not isinstance(value, _Pairs):
            yield RowError(line, str(line), f"{where}: not a JSON object")
            continue
        yield _json_row(value, line, where, lookup, position)
    if not seen_any:
        raise _empty(source)


def _json_row(
    pairs: _Pairs, line: int, where: str, lookup: _Lookup, position: dict[str, int]
) -> Item:
    cells = [""] * len(FINDINGS)
    ident: str | None = None
    seen: set[str] = set()
    problems: list[str] = []
    for key, value in pairs:
        name = _column_name(key)
        shown = f"{where}: key {quoted(key)}"
        if name in seen:
            problems.append(f"{shown} appears twice")
        elif name == ID:
            ident, problem = _json_id(value, shown)
            problems += problem
        elif name in position:
            text = _json_text(value)
            if text is None:
                problems.append(f"{shown}: {_json_kind(value)} {_ANSWER_HELP}")
            else:
                cells[position[name]] = text
        else:
            problems.append(f"{shown}: unknown key; expected id or a finding ({_KNOWN})")
        seen.add(name)
    shown_id = ident if ident is not None else str(line)
    if problems:
        return RowError(line, shown_id, problems[0])
    try:
        return RowResult(line, shown_id, lookup(tuple(cells)))
    except _BadValue as bad:
        key = FINDINGS[bad.position].value
        message = f"{where}: key {quoted(key)}: {quoted(bad.value)} {_ANSWER_HELP}"
        return RowError(line, shown_id, message)


def _json_id(value: object, shown: str) -> tuple[str | None, list[str]]:
    """An id value: text (numbers are read as text), null for none; else a problem."""
    if value is None:
        return None, []
    if not isinstance(value, str):
        return None, [f"{shown}: {_json_shown(value)} is not text"]
    if not _encodable(value):
        return None, [f"{shown}: {quoted(value)} is not valid Unicode"]
    return value, []


def _json_shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _json_kind(value)


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


# --- output --------------------------------------------------------------------------------------


_NEEDS_QUOTES = re.compile('[,"\r\n]').search


def csv_field(text: str) -> str:
    """One CSV field, quoted when it holds a comma, a quote or a line end (quotes doubled)."""
    if _NEEDS_QUOTES(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_id(text: str) -> bytes:
    return csv_field(text).encode()


class Sink(Protocol):
    """Where output bytes go: a binary file, or `HeaderFirst` in front of one."""

    def write(self, data: bytes, /) -> int:
        """Write the bytes."""
        ...


class HeaderFirst:
    """A sink that holds the CSV header back until the first row is written, or the end.

    So a file whose first row is bad writes nothing at all, not a header alone, even to standard
    output, where the output cannot be taken back.
    """

    def __init__(self, sink: Sink, header: bytes) -> None:
        """Hold ``header`` for ``sink``."""
        self.sink = sink
        self.header = header

    def write(self, data: bytes, /) -> int:
        """Write the header if it is still held, then the data (nothing is held for empty data)."""
        if not data:
            return 0
        self.finish()
        return self.sink.write(data)

    def finish(self) -> None:
        """Write the header if no row did: a header-only input gives a header-only output."""
        if self.header:
            header, self.header = self.header, b""
            self.sink.write(header)


class CsvWriter:
    """CSV output: a header, then one line a row, LF line ends, ids quoted only when needed."""

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        self.sink: Sink = sink
        self.keep_going = keep_going
        columns = [*OUTPUT_COLUMNS, ERROR] if keep_going else list(OUTPUT_COLUMNS)
        self._end = b",\n" if keep_going else b"\n"  # an empty error cell in keep-going output
        self._empty_cells = b"," * (len(OUTPUT_COLUMNS) - 1)
        self.header = (",".join(columns) + "\n").encode()

    def start(self) -> None:
        """Begin the output: the header goes out with the first row (see `HeaderFirst`)."""
        self.sink = HeaderFirst(self.sink, self.header)

    def finish(self) -> None:
        """End the output: the header alone when there was no row."""
        if isinstance(self.sink, HeaderFirst):
            self.sink.finish()

    def tail(self, outcome: Outcome) -> bytes:
        """Everything after the id for a good row."""
        return outcome.csv_cells + self._end

    def case(self, case: RowResult) -> bytes:
        """The output line of a good row."""
        return _csv_id(case.id) + case.outcome.csv_cells + self._end

    def error(self, error: RowError) -> bytes:
        """The output line of a bad row (only with keep-going): id, empty cells, the message."""
        message = csv_field(error.message).encode(errors="backslashreplace")
        return _csv_id(error.id) + self._empty_cells + b"," + message + b"\n"


class JsonlWriter:
    """JSON Lines output: one object a row, the id always a string, the findings as read."""

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        self.sink: Sink = sink
        self.keep_going = keep_going  # an error row has an "error" key; no header to change

    def start(self) -> None:
        """Nothing: JSON Lines has no header."""

    def finish(self) -> None:
        """Nothing: JSON Lines has no header."""

    def case(self, case: RowResult) -> bytes:
        """The output line of a good row."""
        ident = json.dumps(case.id, ensure_ascii=False).encode()
        return b'{"id": ' + ident + case.outcome.json_tail + b"\n"

    def error(self, error: RowError) -> bytes:
        """The output line of a bad row: its id and the message."""
        line = json.dumps({ID: error.id, ERROR: error.message}, ensure_ascii=False)
        return line.encode(errors="backslashreplace") + b"\n"


Writer = CsvWriter | JsonlWriter
_FLUSH_ROWS = 1024
"""Rows written at once by the general path: few write calls, a small constant buffer."""


def read_cases(source: InputSource, input_format: InputFormat) -> Iterator[Item]:
    """Every row of an input as a `RowResult` or `RowError`, in order, streaming."""
    if input_format is InputFormat.CSV:
        return iter(CsvCases(source))
    return jsonl_cases(source)


def run(
    source: InputSource,
    input_format: InputFormat,
    writer: Writer,
    *,
    on_error: Callable[[RowError], None],
    keep_going: bool = False,
) -> Summary:
    """Evaluate every row of the input and write each result; return what happened.

    A bad row raises `BatchError` unless ``keep_going``; then it is passed to ``on_error``, written
    as an error row, and counted.
    """
    summary = Summary()
    if input_format is InputFormat.CSV and isinstance(writer, CsvWriter):
        cases = CsvCases(source)  # reads the header: a bad one stops before any output
        writer.start()
        _CsvFastPath(cases, writer, summary, on_error, keep_going=keep_going).run()
        writer.finish()
        return summary
    items = read_cases(source, input_format)
    writer.start()
    _write_items(items, writer, summary, on_error, keep_going=keep_going)
    writer.finish()
    return summary


def _write_items(
    items: Iterator[Item],
    writer: Writer,
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> None:
    """Write each item, counting verdicts; a bad one stops the run unless keep_going."""
    lines: list[bytes] = []
    verdicts: Counter[Verdict] = Counter()
    for item in items:
        if isinstance(item, RowResult):
            verdicts[item.outcome.verdict] += 1
            lines.append(writer.case(item))
        else:
            _reject(item, summary, on_error, keep_going=keep_going)
            lines.append(writer.error(item))
        if len(lines) >= _FLUSH_ROWS:
            writer.sink.write(b"".join(lines))
            lines.clear()
    writer.sink.write(b"".join(lines))
    summary.verdicts.update(verdicts)


def _checked(
    items: Iterator[Item],
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> Iterator[Item]:
    """The items, counted; a bad one stops the run unless keep_going."""
    for item in items:
        if isinstance(item, RowResult):
            summary.verdicts[item.outcome.verdict] += 1
        else:
            _reject(item, summary, on_error, keep_going=keep_going)
        yield item


def _reject(
    error: RowError, summary: Summary, on_error: Callable[[RowError], None], *, keep_going: bool
) -> None:
    if not keep_going:
        raise BatchError(error.message)
    summary.errors += 1
    on_error(error)


class _CsvFastPath:
    """CSV to CSV, where the evaluation is a lookup and reading and writing are the cost.

    A chunk of lines that holds no quote, no lone CR and no NUL, in valid UTF-8, is plain: every
    line is its cells joined by commas, exactly as `csv.reader` would split it. With the id in the
    first column (or no id), the text after the id is looked up directly in a dictionary of output
    tails. Any other chunk goes through the CSV reader (which may read on into following chunks for
    a quoted field spanning lines), its rows looked up by their raw finding cells; plain chunks
    resume at the next chunk boundary. Whatever is not in a dictionary yet goes through the
    general row check, so every check and message is the general one, and is then remembered.
    """

    def __init__(
        self,
        cases: CsvCases,
        writer: CsvWriter,
        summary: Summary,
        on_error: Callable[[RowError], None],
        *,
        keep_going: bool,
    ) -> None:
        self.cases = cases
        self.writer = writer
        self.summary = summary
        self.on_error = on_error
        self.keep_going = keep_going
        self.with_id = cases.id_column == 0
        # Plain lines are split at their first comma (id first) or not at all (no id).
        self.plain_lines = (cases.id_column is None or self.with_id) and cases.width > int(
            self.with_id
        )
        self._findings = cases.width - int(self.with_id)
        self._tails: dict[bytes, bytes] = {}  # text after the id (or whole line) -> output tail
        self._cell_values: dict[bytes, str] = {}  # a plain cell -> its answer's value
        self._tail_by_values: dict[tuple[str | None, ...], bytes] = {}  # values in column order
        self._tail_by_cells: dict[tuple[str, ...], bytes] = {}  # for rows the CSV reader read
        self._verdicts: dict[bytes, Verdict] = {}
        self._counted: Counter[bytes] = Counter()

    def run(self) -> None:
        """Read every chunk, plain ones by lookup, others through the general reader."""
        source = self.cases.source
        sink = self.writer.sink
        while True:
            data = source.chunk()
            if not data:
                break
            plain = _plain(data) if self.plain_lines else None
            if plain is None:
                quoted = self._quoted_ids(data) if self.with_id else None
                if quoted is None:
                    self.cases.push(data)
                    self._general()
                else:
                    heads, tails, line_count = quoted
                    source.line += line_count
                    self._write(sink, heads, tails)
                continue
            lines = plain.split(b"\n")
            if lines[-1] == b"":
                lines.pop()
            first = source.line + 1
            source.line += len(lines)
            heads, tails = (
                self._lines_with_id(lines, first) if self.with_id else self._lines(lines, first)
            )
            self._write(sink, heads, tails)
        self._finish()

    def _lines_with_id(self, lines: list[bytes], first: int) -> tuple[list[bytes], list[bytes]]:
        heads: list[bytes] = []
        tails: list[bytes] = []
        add_head, add_tail, get = heads.append, tails.append, self._tails.get
        for line in lines:
            head, _, rest = line.partition(b",")
            tail = get(rest)
            if tail is None:
                head, tail = self._learn(line, rest, first + len(heads))
            add_head(head)
            add_tail(tail)
        return heads, tails

    def _lines(self, lines: list[bytes], first: int) -> tuple[list[bytes], list[bytes]]:
        heads: list[bytes] = []
        tails: list[bytes] = []
        add_head, add_tail, get = heads.append, tails.append, self._tails.get
        for number, line in enumerate(lines, first):
            tail = get(line)
            if tail is None:
                head, tail = self._learn(line, line, number)
            else:
                head = b"%d" % number
            add_head(head)
            add_tail(tail)
        return heads, tails

    def _learn(self, line: bytes, key: bytes, number: int) -> tuple[bytes, bytes]:
        """Id and tail for a plain line whose key is new; a good one is remembered.

        An empty or blank key is also what a line without any comma (or a blank line) leaves:
        such a line always goes through the general row check.
        """
        if key.strip():
            tail = self._tail_for_rest(key)
            if tail is not None:
                return line.partition(b",")[0] if self.with_id else b"%d" % number, tail
        return self._settle(self.cases.row(line.decode().split(",") if line else [], number))

    def _tail_for_rest(self, rest: bytes) -> bytes | None:
        """The tail for plain finding cells joined by commas (remembered), None if not good.

        Cells seen before go by their answers, so that a file that spells answers many ways
        does not take the long way for every new combination of spellings.
        """
        cells = rest.split(b",")
        if len(cells) != self._findings:
            return None
        values = tuple(map(self._cell_values.get, cells))
        tail = self._tail_by_values.get(values)  # a key with a None in it is never stored
        if tail is None:
            texts = tuple(map(bytes.decode, cells))
            try:
                outcome = self.cases.lookup(texts)
            except _BadValue:
                return None
            tail = self.writer.tail(outcome)
            self._verdicts[tail] = outcome.verdict  # the tail names the verdict: one per tail
            known = tuple(map(answer_value, texts))
            if len(self._cell_values) < _CACHE_LIMIT:
                self._cell_values.update(zip(cells, known, strict=True))
            self._tail_by_values[known] = tail
        if rest and len(self._tails) < _CACHE_LIMIT:
            self._tails[rest] = tail
        return tail

    def _quoted_ids(self, data: bytes) -> tuple[list[bytes], list[bytes], int] | None:
        """Ids and tails of a chunk whose only quotes are those of ids that need them.

        That is how spreadsheets and pandas write an id with a comma: the id field is copied as it
        is (it is already as `csv_field` would write it) and the rest looked up; every record is
        one line. None for any other chunk, or one with a row that is not good: the general
        reader takes it.
        """
        if b"\0" in data or not _utf8(data):
            return None
        records = _ID_AND_PLAIN_REST.findall(data)
        heads = list(map(_FIRST, records))
        rests = list(map(_SECOND, records))
        # The records must cover the chunk: a gap is text that is not such a record.
        covered = sum(map(len, heads)) + sum(map(len, rests)) + sum(map(len, map(_THIRD, records)))
        if covered + len(records) != len(data):
            return None
        found = list(map(self._tails.get, rests))
        if None in found:
            get = self._tails.get
            for index, tail in enumerate(found):
                if tail is None:  # the rest may have been learnt a few rows before
                    found[index] = get(rests[index]) or self._tail_for_rest(rests[index])
            if None in found:
                return None
        return heads, cast(list[bytes], found), len(records)

    def _settle(self, item: Item | None) -> tuple[bytes, bytes]:
        """Id and tail for what the general row check made of a record.

        Nothing for a blank line; the error row for a bad one (which stops the run unless
        keep-going); else the id and the output tail, whose verdict is noted for the counts.
        """
        if item is None:
            return b"", b""
        if isinstance(item, RowError):
            _reject(item, self.summary, self.on_error, keep_going=self.keep_going)
            return b"", self.writer.error(item)
        tail = self.writer.tail(item.outcome)
        self._verdicts[tail] = item.outcome.verdict  # the tail names the verdict: one per tail
        return _csv_id(item.id), tail

    def _general(self) -> None:
        """Records through the CSV reader until a chunk boundary (or the end).

        Good rows whose cells were seen before go by lookup; anything else through the general
        row check, which also learns new cells.
        """
        cases, sink = self.cases, self.writer.sink
        get, cells, width, id_column = (
            self._tail_by_cells.get,
            cases.cells,
            cases.width,
            cases.id_column,
        )
        heads: list[bytes] = []
        tails: list[bytes] = []
        for record in cases.records(stop_at_chunk_end=True):
            # A record of one blank field is a blank line: the row check skips it.
            if type(record) is list and len(record) == width and (width > 1 or record[0].strip()):
                tail = get(cells(record))
                if tail is not None:
                    ident = record[id_column] if id_column is not None else str(cases.start)
                    heads.append(_csv_id(ident))
                    tails.append(tail)
                    continue
            head, tail = self._learn_record(record)
            heads.append(head)
            tails.append(tail)
            if len(heads) >= _FLUSH_ROWS:
                self._write(sink, heads, tails)
        self._write(sink, heads, tails)

    def _learn_record(self, record: list[str] | RowError) -> tuple[bytes, bytes]:
        if isinstance(record, RowError):
            return self._settle(record)
        item = self.cases.row(record, self.cases.start)
        head, tail = self._settle(item)
        if isinstance(item, RowResult) and len(self._tail_by_cells) < _CACHE_LIMIT:
            self._tail_by_cells[self.cases.cells(record)] = tail
        return head, tail

    def _write(self, sink: Sink, heads: list[bytes], tails: list[bytes]) -> None:
        sink.write(b"".join(map(bytes.__add__, heads, tails)))
        self._counted.update(tails)
        heads.clear()
        tails.clear()

    def _finish(self) -> None:
        for tail, times in self._counted.items():
            verdict = self._verdicts.get(tail)
            if verdict is not None:
                self.summary.verdicts[verdict] += times


def _plain(data: bytes) -> bytes | None:
    """The chunk with CRLF made LF if every line is plain cells joined by commas, else None."""
    if b'"' in data or b"\0" in data:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    return data if _utf8(data) else None


def _utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


# One CSV line of an id then plain cells: the id plain, or quoted because it holds a comma or a
# (doubled) quote, written as an unrolled loop; the cells without quotes; then the line end.
# Anchored at line starts, and a quoted id kept within its line, so that no text is scanned more
# than a few times (an id with a line end in it goes to the general reader).
_ID_AND_PLAIN_REST = re.compile(
    rb'^("[^",\r\n]*+(?:,|"")[^"\r\n]*+(?:""[^"\r\n]*+)*+"|[^",\r\n]*+),([^"\r\n]*+)(\r?\n|\Z)',
    re.MULTILINE,
)
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


# --- output file ---------------------------------------------------------------------------------


class AtomicOutput:
    """An output file written whole or not at all: a temporary file beside it, renamed at the end.

    Refuses an existing file unless ``force``, and the input file itself in any case.
    """

    def __init__(self, path: str, *, force: bool, input_path: str | None) -> None:
        self.path = Path(path)
        self.shown = visible(path)
        self._check(force=force, input_path=input_path)
        self.temp_path: Path | None = None
        self.stream: BinaryIO | None = None

    def _check(self, *, force: bool, input_path: str | None) -> None:
        folder = self.path.parent
        if not folder.is_dir():
            raise BatchError(f"{self.shown}: no such folder {visible(str(folder))}")
        if self.path.is_dir():
            raise BatchError(f"{self.shown}: is a folder; give a file name for the output")
        if _same_file(self.path, input_path):
            raise BatchError(f"{self.shown}: is the input file; write the output elsewhere")
        if self.path.exists() and not force:
            raise BatchError(f"{self.shown}: already exists; use --force to replace it")

    def open(self) -> BinaryIO:
        """Create the temporary file beside the output and return it for writing."""
        folder = self.path.parent
        for _ in range(100):
            candidate = folder / f".{self.path.name}.{os.urandom(4).hex()}.tmp"
            try:
                descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            except OSError as error:
                raise BatchError(f"{self.shown}: cannot write there ({error.strerror})") from None
            self.temp_path = candidate
            self.stream = os.fdopen(descriptor, "wb")
            return self.stream
        raise BatchError(f"{self.shown}: cannot create a temporary file beside it")

    def commit(self) -> None:
        """Flush, sync and rename the temporary file to the output."""
        assert self.stream is not None  # noqa: S101  (a bug guard: commit follows open)
        assert self.temp_path is not None  # noqa: S101  (a bug guard: commit follows open)
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self.temp_path, self.path)
        self.temp_path = None

    def discard(self) -> None:
        """Remove the temporary file, if any: nothing of a failed run is left behind."""
        if self.stream is not None:
            self.stream.close()
        if self.temp_path is not None:
            self.temp_path.unlink(missing_ok=True)
            self.temp_path = None


def _same_file(output: Path, input_path: str | None) -> bool:
    if input_path is None:
        return False
    try:
        if input_path == STDIN:
            return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(output))
        if output.resolve() == Path(input_path).resolve():
            return True
        return output.exists() and os.path.samefile(output, input_path)
    except (OSError, ValueError, AttributeError):
        return False


def guess_output_format(output: str | None, stdout_is_terminal: bool) -> OutputFormat:
    """The default output format: the --output file's extension, else table on a terminal, csv."""
    if output is not None and output != STDIN:
        return OUTPUT_SUFFIXES.get(Path(output).suffix.lower(), OutputFormat.CSV)
    return OutputFormat.TABLE if stdout_is_terminal else OutputFormat.CSV


# --- the whole command ---------------------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so that the temporary output file is removed."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What `oms batch` was asked to do."""

    file: str
    input_format: InputFormat | None = None
    output_format: OutputFormat | None = None
    output: str | None = None
    force: bool = False
    keep_going: bool = False


_PROGRESS_MIN_BYTES = 1 << 20
"""Smaller files finish before a progress bar would be worth drawing."""


class _Reporter:
    """Messages, the progress bar and the summary on standard error (rich only on a terminal)."""

    def __init__(self, *, terminal: bool, show_progress: bool, total: int | None) -> None:
        self.terminal = terminal
        self._stderr = sys.stderr
        self._progress = None
        if terminal and show_progress and (total is None or total >= _PROGRESS_MIN_BYTES):
            from oms_cli import render  # noqa: PLC0415  (rich only on a terminal)

            self._progress = render.BatchProgress(total)

    def __enter__(self) -> _Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, size: int) -> None:
        """Count bytes read."""
        if self._progress is not None:
            self._progress.advance(size)

    def error(self, error: RowError) -> None:
        """Report one bad row (with --keep-going)."""
        line = f"oms: error: {error.message}"
        if self._progress is not None:
            self._progress.print(line)
        else:
            self._stderr.write(line + "\n")

    def summary(self, summary: Summary, destination: str) -> None:
        """The counts, on a terminal only."""
        if self.terminal:
            from oms_cli import render  # noqa: PLC0415  (rich only on a terminal)

            render.error_console().print(render.batch_summary(summary, destination))


def execute(options: BatchOptions) -> None:
    """Run `oms batch`: read, evaluate and write every row; report on standard error.

    Raises `BatchError` for bad input, output or options (after removing any temporary file), and
    at the end when --keep-going met bad rows. Ctrl-C and SIGTERM remove the temporary file too.
    """
    to_stdout = options.output in (None, STDIN)
    output_format = options.output_format or guess_output_format(
        options.output, sys.stdout.isatty()
    )
    target = None
    if not to_stdout:
        assert options.output is not None  # noqa: S101  (to_stdout says so; for mypy)
        target = AtomicOutput(options.output, force=options.force, input_path=options.file)
    stream = open_input(options.file)
    restore_sigterm = _on_sigterm()
    try:
        reporter = _Reporter(
            terminal=sys.stderr.isatty(),
            # Only with --output: a reader of standard output may be printing to this terminal.
            show_progress=target is not None,
            total=input_size(stream),
        )
        name = STDIN_NAME if options.file == STDIN else options.file
        source = InputSource(stream, name, progress=reporter.advance)
        input_format = options.input_format or guess_input_format(options.file) or source.sniff()
        sink = sys.stdout.buffer if target is None else target.open()
        with reporter:
            summary = _write(
                source=source,
                input_format=input_format,
                output_format=output_format,
                sink=sink,
                reporter=reporter,
                options=options,
            )
        if target is not None:
            target.commit()
        else:
            sink.flush()
    finally:
        if target is not None:
            target.discard()
        if stream is not sys.stdin.buffer:
            stream.close()
        restore_sigterm()
    destination = "standard output" if target is None else visible(str(target.path))
    reporter.summary(summary, destination)
    if summary.errors:
        raise BatchError(
            f"{_count(summary.errors, 'row')} of {summary.rows} could not be evaluated (see above)"
        )


def _write(
    *,
    source: InputSource,
    input_format: InputFormat,
    output_format: OutputFormat,
    sink: BinaryIO,
    reporter: _Reporter,
    options: BatchOptions,
) -> Summary:
    keep_going = options.keep_going
    if output_format is OutputFormat.TABLE:
        from oms_cli import render  # noqa: PLC0415  (rich only for the table)

        summary = Summary()
        items = _checked(
            read_cases(source, input_format), summary, reporter.error, keep_going=keep_going
        )
        text = io.TextIOWrapper(sink, encoding="utf-8", errors="backslashreplace", newline="")
        try:
            render.batch_table(items, render.console(text))
        finally:
            text.detach()  # the sink stays open for the caller
        return summary
    writer: Writer = (
        CsvWriter(sink, keep_going=keep_going)
        if output_format is OutputFormat.CSV
        else JsonlWriter(sink, keep_going=keep_going)
    )
    return run(
        source,
        input_format,
        writer,
        on_error=reporter.error,
        keep_going=keep_going,
    )


def _on_sigterm() -> Callable[[], None]:
    """Make SIGTERM raise `Terminated`; return what puts the previous handler back."""

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals alone
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
