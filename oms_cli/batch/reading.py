"""Reading `oms batch` input, a row at a time, every error naming its line.

- `CsvCases` / `jsonl_cases` / `read_cases`: readers that yield a `RowResult` or a `RowError` for
  each row, never a list of all rows, from an `InputSource` (`oms_cli.batch.source`: the input as
  counted lines; rejects missing, empty, binary and non-UTF-8 input).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from operator import itemgetter

from oms_cli.batch.formats import InputFormat
from oms_cli.batch.rows import (
    ID,
    BadValue,
    BatchError,
    Item,
    Lookup,
    RowError,
    RowResult,
)
from oms_cli.batch.source import (
    CHUNK_SIZE,
    MAX_LINE,
    InputSource,
    LineError,
    empty_input,
    guess_input_format,
    input_size,
    not_utf8,
    open_input,
    record_lines,
)
from oms_cli.files.jsonread import JsonError, JsonReader, JsonSyntaxError
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import FINDINGS, Finding

# The CSV reader's longest field (131,072 characters by default) is the longest line, so that a
# long id is read the same by every path: the fast path never asks the CSV reader. Process-wide,
# like any csv setting; oms is the process.
csv.field_size_limit(MAX_LINE)

# The readers of this module, and (from `oms_cli.batch.source`) the input names that the batch
# entry point still takes from here.
__all__ = [
    "CHUNK_SIZE",
    "COLUMN_ALIASES",
    "MAX_LINE",
    "CsvCases",
    "InputSource",
    "count",
    "guess_input_format",
    "input_size",
    "jsonl_cases",
    "open_input",
    "read_cases",
]


COLUMN_ALIASES = {"behaviour": "behavior"}
"""Other names a reader would type for a column (British spelling), and the finding they name."""


def _column_name(name: str) -> str:
    folded = name.strip().lower()
    return COLUMN_ALIASES.get(folded, folded)


_ANSWER_HELP = "is not yes, no or unknown"
_KNOWN = ", ".join(FINDINGS)


def _unknown_name(name: str, kind: str) -> str:
    """The "unknown column" (or key) message: the closest name, if one is close, and every name."""
    from oms_cli.cli.suggest import did_you_mean  # noqa: PLC0415  (the error path only)

    names = [ID, *FINDINGS]
    return f"unknown {kind}{did_you_mean(name.strip(), names)}; expected id or a finding ({_KNOWN})"


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
                raise BatchError(f"{where}: {_unknown_name(raw_name, 'column')}")
        self.finding_columns = tuple(columns)
        self.lookup = Lookup(tuple(findings))
        """Raw finding cells (in column order) to their `Outcome`."""
        self.cells: Callable[[list[str]], tuple[str, ...]] = _getter(columns)
        """The finding cells of a record, in column order."""
        self.start = 0
        """The first line of the record last read (its last is `source.line`)."""
        # Lines of the feed (every line pushed to the row reader, in order) are counted from 0.
        self._pushed: Iterator[str] | None = None
        self._loaded = 0  # lines pushed
        self._synced = 0  # lines already counted in source.line
        self._base = 0  # lines before the reader's first, and those it never saw (not UTF-8)
        self._kept: list[bytes] = []  # pushed lines from _kept_from on
        self._kept_from = 0
        self._lines = itertools.chain.from_iterable(self._feed())
        self._reader = csv.reader(self._lines, strict=True)

    def _header(self) -> list[str]:
        """The first record that is not blank; one that is not valid CSV names its lines."""
        reader = csv.reader(self.source, strict=True)
        while True:
            start = self.source.line + 1
            try:
                row = next(reader)
            except StopIteration:
                raise empty_input(self.source) from None
            except LineError as error:
                raise BatchError(str(error)) from None
            except csv.Error as error:
                where = self.where(start, self.source.line)
                raise BatchError(f"{where}: {error}") from None
            if not _is_blank(row):
                return row

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
        # The lines of the record being read are kept, to be read again if it turns out bad.
        del self._kept[: self._synced - self._kept_from]
        self._kept_from = self._synced
        self._kept += lines
        self._loaded += len(lines)
        self._pushed = map(bytes.decode, lines)

    def _lines_read(self) -> int:
        """Lines the row reader has taken from the feed, counted from the first row line."""
        return self._base + self._reader.line_num

    def _advance(self) -> int:
        """Count the lines the row reader has taken in the one line counter; the last one."""
        read = self._lines_read()
        self.source.line += read - self._synced
        self._synced = read
        return self.source.line

    def _read_again_after(self, first: int) -> None:
        """After a bad record: read its lines after its first again, as new records.

        ``first`` counts the feed's lines before the bad record. So a stray quote costs the
        line it is on, never the rows that the quoted field it opened ran into.
        """
        read = self._lines_read()
        again = self._kept[first + 1 - self._kept_from : read - self._kept_from]
        self._base = self._synced = first + 1
        self.source.line += 1 - (read - first)  # the record's first line only stays counted
        lines = itertools.chain(map(bytes.decode, again), self._lines)
        self._reader = csv.reader(lines, strict=True)

    def where(self, start: int, end: int | None = None) -> str:
        """The place of a record in a message, with its lines when it covers more than one."""
        if end is None or end <= start:
            return self.source.where(start)
        return f"{self.source.where(start)}: in the record of lines {start}-{end}"

    def row(self, fields: list[str], line: int, end: int | None = None) -> Item | None:
        """One parsed record as a `RowResult`, a `RowError`, or None for a blank line.

        ``line`` is the record's first line, ``end`` its last (a quoted field can hold line
        ends), named in the message of a bad record that covers more than one.
        """
        if len(fields) != self.width or _is_blank(fields):
            if _is_blank(fields):
                return None
            ident = str(line)
            if self.id_column is not None and self.id_column < len(fields):
                ident = fields[self.id_column]
            return RowError(
                line,
                ident,
                f"{self.where(line, end)}: {count(len(fields), 'field')}, "
                f"the header has {self.width}",
            )
        ident = fields[self.id_column] if self.id_column is not None else str(line)
        try:
            return RowResult(line, ident, self.lookup(self.cells(fields)))
        except BadValue as bad:
            column = self.finding_columns[bad.position]
            message = (
                f"{self.where(line, end)}: column {column + 1} "
                f"({visible(self.header[column])}): {quoted(bad.value)} {_ANSWER_HELP}"
            )
            return RowError(line, ident, message)

    def __iter__(self) -> Iterator[Item]:
        """Every remaining row, until the end of the input."""
        row, source = self.row, self.source
        for record in self.records(stop_at_chunk_end=False):
            if isinstance(record, RowError):
                yield record
                continue
            item = row(record, self.start, source.line)
            if item is not None:
                yield item

    def records(self, *, stop_at_chunk_end: bool) -> Iterator[list[str] | RowError]:
        """Each record's fields, or a `RowError` for a bad record.

        A record's first line is in `start`, its last in `source.line`. With
        ``stop_at_chunk_end``, the records that start in the lines pushed (a quoted field may read
        on into more chunks); else every record to the end of the input. Every line the
        reader takes is counted in the one line counter, `InputSource.line`, which the fast path
        advances too. A record that is not valid CSV costs its first line only: its other lines
        are read again (see `_read_again_after`), so no row is lost unreported.
        """
        source = self.source
        while not (stop_at_chunk_end and self._synced == self._loaded):
            start = source.line + 1
            first = self._synced
            try:
                fields = next(self._reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                self._base += 1  # the reader never saw the line: it failed on the way in
                line = self._advance()
                if line > start:  # inside a quoted field that began on an earlier line
                    yield RowError(
                        start,
                        str(start),
                        f"{self.where(start, line)}: not valid CSV: a quoted field runs on "
                        f"into line {line}, which is not UTF-8 text",
                    )
                    self._read_again_after(first)
                    continue
                yield RowError(line, str(line), not_utf8(source, line, error))
                continue
            except csv.Error as error:
                end = self._advance()
                message = f"{self.where(start, end)}: not valid CSV: {error}"
                if end > start:
                    message += f"; the lines after {start} are read again as rows"
                    self._read_again_after(first)
                yield RowError(start, str(start), message)
                continue
            read = self._base + self._reader.line_num  # `_advance`, inline: once a record
            source.line += read - self._synced
            self._synced = read
            self.start = start
            yield fields


def _getter(columns: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    if len(columns) > 1:
        return itemgetter(*columns)
    if columns:
        index = columns[0]
        return lambda fields: (fields[index],)
    return lambda fields: ()


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


def count(number: int, noun: str) -> str:
    """A number and its noun, plural unless one: "1 field", "3 fields"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- JSON Lines ----------------------------------------------------------------------------------


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
    return "an object" if isinstance(value, dict) else "a list"


def jsonl_cases(source: InputSource) -> Iterator[Item]:
    """Every object of a JSON Lines input as a `RowResult` or `RowError`; blank lines are skipped.

    Numbers are read as their literal text (so an id 1e3 stays "1e3", and 1 reads as "1"), by
    the guarded reader (`oms_cli.files.jsonread`): no row can nest deeper than its limit or repeat a
    key. Raises `BatchError` when the input holds no object at all.
    """
    lookup = Lookup(FINDINGS)
    position = {finding.value: index for index, finding in enumerate(FINDINGS)}
    decode = JsonReader(max_chars=MAX_LINE, numbers_as_text=True)
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
        yield _json_row(value, line, where, lookup, position)


def _json_row(
    pairs: dict[str, object], line: int, where: str, lookup: Lookup, position: dict[str, int]
) -> Item:
    cells = [""] * len(FINDINGS)
    ident: str | None = None
    seen: set[str] = set()
    problems: list[str] = []
    for key, value in pairs.items():
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
            problems.append(f"{shown}: {_unknown_name(key, 'key')}")
        seen.add(name)
    shown_id = ident if ident is not None else str(line)
    if problems:
        return RowError(line, shown_id, problems[0])
    try:
        return RowResult(line, shown_id, lookup(tuple(cells)))
    except BadValue as bad:
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


def read_cases(source: InputSource, input_format: InputFormat) -> Iterator[Item]:
    """Every row of an input as a `RowResult` or `RowError`, in order, streaming."""
    if input_format is InputFormat.CSV:
        return iter(CsvCases(source))
    if input_format is InputFormat.PHENOPACKETS:
        # Here, not above: only this format needs it (and `oms_cli.interop.phenopacket` behind it).
        from oms_cli.batch.phenopackets import phenopacket_cases  # noqa: PLC0415

        return phenopacket_cases(source)
    return jsonl_cases(source)
