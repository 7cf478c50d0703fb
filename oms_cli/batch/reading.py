"""`oms batch` input: the bytes as lines (`Input`), then one reader per format (docs/batch.md)."""

from __future__ import annotations

import codecs
import csv
import datetime
import itertools
import os
import re
import stat
import sys
import zipfile
from collections.abc import Callable, Generator, Iterator
from operator import itemgetter
from typing import Any, BinaryIO

from oms_cli.batch import InputFormat
from oms_cli.batch.rows import (
    NOT_AN_ANSWER,
    STDIN,
    BatchError,
    Columns,
    Good,
    Item,
    Outcome,
    Problem,
    RowError,
    Settings,
    Summary,
    count,
    encodable,
    folded,
    outcome_for,
)
from oms_cli.files.jsonread import UTF16, JsonError, JsonReader, JsonSyntaxError, is_utf16
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import FINDINGS, Answer

CHUNK_SIZE = 1 << 16  # bytes read at a time
MAX_LINE = 1 << 20  # the longest line read
# What `Input.chunks` hands out for a line over MAX_LINE: not UTF-8, so that a reader meets it
# where it was, as a line it cannot decode; no real line has a line end before its last byte.
TOO_LONG = b"\xff\n\n"
LINES_CACHED = 10_000  # most lines the line cache holds (`CsvRows._lines_met`)
RUN_ROWS = 1024  # most good CSV rows read before they go out together
_SNIFF = 8192  # bytes looked at to tell binary files from text
_LINE_END = re.compile(rb"\r\n|\r|\n")
_SEP_LINE = re.compile(r"sep=.", re.IGNORECASE)  # Excel's first line naming the delimiter
# Keys of a GA4GH phenopacket that no row of findings has: JSON Lines starting with one are
# phenopackets, read as rows only with every finding unknown.
PHENOPACKET_KEYS = ("phenotypicFeatures", "metaData", "phenotypic_features", "meta_data")

UNKNOWN_OUTCOME = outcome_for((Answer.UNKNOWN.value,) * len(FINDINGS))  # all six unknown

csv.field_size_limit(MAX_LINE)  # a field may be as long as a line; process-wide, oms is the process


class Input:
    """A binary input as lines (LF, CRLF or CR), a read at a time; not binary, not UTF-16."""

    def __init__(self, stream: BinaryIO, name: str, *, chunk_size: int = CHUNK_SIZE) -> None:
        self.name = name
        # What has arrived, up to a chunk: the output keeps up with a slow writer to a pipe.
        self._read = getattr(stream, "read1", stream.read)
        self._chunk_size = chunk_size
        self.head = stream.read(_SNIFF)
        """The first bytes: where formats and delimiters are found."""
        # Never read again once the end is met: a terminal gives it once (Ctrl-D), and would wait.
        self._ended = len(self.head) < _SNIFF  # a buffered read() gives less only at the end
        if is_utf16(self.head):
            raise BatchError(f"{visible(name)}: {UTF16}")
        if b"\0" in self.head:
            raise BatchError(f"{visible(name)}: is a binary file (it contains NUL bytes)")
        self.head = self.head.removeprefix(codecs.BOM_UTF8)
        self.chunks = self._chunks()
        """The whole lines of each read, with their line ends; `TOO_LONG` alone for one too long."""

    def where(self, line: int) -> str:
        """The place of a line in a message: "cases.csv:3"."""
        return f"{visible(self.name)}:{line}"

    def empty(self) -> BatchError:
        """The error of an input that holds no rows (not even a header)."""
        return BatchError(f"{visible(self.name)}: is empty (no rows and no header)")

    def _chunks(self) -> Iterator[bytes]:
        # A line over MAX_LINE is read to its end and dropped: a file without line ends cannot
        # fill the memory, and the rows after it are still read.
        data, skipping = self.head, False
        while data or not self._ended:
            if not self._ended:
                more = self._read(self._chunk_size)
                self._ended = not more
                data += more
            # A CR at the end of what was read may be half a CRLF: it waits for the next read.
            end = len(data) - (data.endswith(b"\r") and not self._ended)
            if skipping:
                found = _LINE_END.search(data, 0, end)
                skipping = not found and not self._ended
                data = data[found.end() if found else end :]
                continue
            last = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
            cut = end if self._ended else last
            if cut:
                yield data[:cut]
                data = data[cut:]
            elif len(data) > MAX_LINE:
                yield TOO_LONG
                skipping, data = True, data[end:]


def lines_of(chunk: bytes) -> list[bytes]:
    """The lines of a chunk, with their line ends."""
    return [chunk] if chunk is TOO_LONG else chunk.splitlines(keepends=True)


def unreadable(source: Input, line: int, error: UnicodeDecodeError) -> str:
    """The message for a line that cannot be read: too long, or which byte is not UTF-8."""
    if error.object == TOO_LONG:
        return f"{source.where(line)}: a line longer than {MAX_LINE >> 20} MiB"
    return (
        f"{source.where(line)}: byte 0x{error.object[error.start]:02x} at byte {error.start + 1} "
        "of the line is not UTF-8 text; save the file as UTF-8"
    )


def open_input(path: str) -> BinaryIO:
    """Open a file (or standard input for "-") for reading bytes; `BatchError` if it cannot be."""
    if path == STDIN:
        return sys.stdin.buffer
    if not path:
        raise BatchError("FILE: an empty name; give a file, or - for standard input")
    try:
        return open(path, "rb")
    except OSError as error:
        problem = {
            FileNotFoundError: "no such file",
            IsADirectoryError: "is a folder, not a file",
            PermissionError: "permission denied",
        }.get(type(error), f"cannot be read ({error.strerror})")
        raise BatchError(f"{visible(path)}: {problem}") from None


def input_size(stream: BinaryIO) -> int | None:
    """The size in bytes of a regular file, None for a pipe or terminal."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_rows(
    source: Input, input_format: InputFormat, settings: Settings, summary: Summary
) -> Iterator[Item]:
    """Every row of an input, in order, streaming; the ignored columns go to ``summary``."""
    if input_format is InputFormat.CSV:
        cases = CsvRows(source, settings)  # reads the header: a bad one stops before any output
        summary.ignored.update(dict.fromkeys(cases.columns.ignored))
        return iter(cases)
    if input_format is InputFormat.PHENOPACKETS:
        return phenopacket_rows(source)
    return jsonl_rows(source, settings, summary)


# --- CSV -----------------------------------------------------------------------------------------


class CsvRows:
    """A CSV input: its header checked on construction, then its rows (docs/batch.md, "Inside")."""

    def __init__(self, source: Input, settings: Settings) -> None:
        self.source = source
        self.delimiter = settings.delimiter or _delimiter(source.head)
        self.line = 0  # the last line of the last record read
        self.kept: list[bytes] = []  # the lines from line `first` on, to read again
        self.first = 1
        self.met: Good | None = None  # a read taken by the line cache
        self.by_line: dict[str, Outcome] | None = None
        self._read_from([])
        header: list[str] = []
        start = 1
        while _is_blank(header) or _SEP_LINE.fullmatch(self.delimiter.join(header)):
            start = self.line + 1
            try:
                header = next(self.reader)
            except StopIteration:
                raise source.empty() from None
            except UnicodeDecodeError as error:
                raise BatchError(unreadable(source, self._end(error), error)) from None
            except csv.Error as error:
                raise BatchError(f"{self.where(start, self._end(error))}: {error}") from None
            self.line = self.base + self.reader.line_num
        labels = [f"column {index + 1} ({visible(name)})" for index, name in enumerate(header)]
        self.columns = columns = Columns(header, settings, labels, "column")
        try:
            columns.check(source.where(start))
        except BatchError as error:
            others = [d for d in ",;\t" if d != self.delimiter and any(d in n for n in header)]
            if columns.findings or settings.delimiter is not None or not others:
                raise
            # Another delimiter in the names: the one found may be the wrong one.
            shown = {",": "a comma", ";": "a semicolon", "\t": "a tab"}.get(self.delimiter)
            raise BatchError(
                f"{error}; read with {shown or repr(self.delimiter)} as the delimiter (--delimiter)"
            ) from None
        if columns.id == 0 and columns.width > 1:
            self.by_line = {}  # only the id changes from line to line

    def _read_from(self, again: list[bytes]) -> None:
        """A new reader: the lines ``again``, then those of each new read."""
        self.base = self.line  # lines before the reader's first, and those it failed on
        lines = itertools.chain.from_iterable(self._feed(again))
        self.reader = csv.reader(lines, strict=True, delimiter=self.delimiter)

    def _feed(self, again: list[bytes]) -> Iterator[Iterator[str]]:
        yield map(bytes.decode, again)
        for chunk in self.source.chunks:
            del self.kept[: self.line + 1 - self.first]  # what no record being read holds
            self.first = self.line + 1
            # Between records (no line kept), a read without quotes may be all lines met before.
            plain = b'"' not in chunk and b"\0" not in chunk
            if plain and not self.kept and self.by_line is not None:
                self.met = self._lines_met(chunk, self.by_line)
                if self.met is not None:
                    return  # the reader ends here; `__iter__` sends the rows and starts another
            lines = lines_of(chunk)
            self.kept += lines
            yield map(bytes.decode, lines)

    def _lines_met(self, chunk: bytes, by_line: dict[str, Outcome]) -> Good | None:
        """The rows of a read without quotes if the line cache knows each line; else it learns."""
        # The lines learnt are those of spellings and answers met before, while the cache has
        # room; once it is full and a read misses, it is off: such a file's lines do not repeat.
        try:
            lines = list(map(bytes.decode, chunk.splitlines()))
        except UnicodeDecodeError:
            return None
        parts = list(map(str.partition, lines, itertools.repeat(self.delimiter)))
        outcomes = list(map(by_line.get, map(itemgetter(2), parts)))
        if None not in outcomes and all(map(itemgetter(1), parts)):
            if self._blank_among(lines, outcomes):
                return None  # a spreadsheet's empty row (",,,"): the reader skips it
            return Good(list(map(itemgetter(0), parts)), outcomes)  # type: ignore[arg-type]
        columns = self.columns
        for line, (_, _, rest) in zip(lines, parts, strict=True):
            if len(by_line) >= LINES_CACHED:
                self.by_line = None
                break
            fields = line.split(self.delimiter)
            if len(fields) == columns.width:  # more than one: the line holds the delimiter
                key = tuple(map(columns.spell.known.get, columns.cells(fields)))
                if outcome := columns.by_answers.get(key):
                    by_line[rest] = outcome
        return None

    def _blank_among(self, lines: list[str], outcomes: list[Outcome | None]) -> bool:
        """Whether a line of delimiters only is among those read as all unknown (seldom any)."""
        at = 0
        try:
            while True:
                at = outcomes.index(UNKNOWN_OUTCOME, at) + 1
                if not lines[at - 1].replace(self.delimiter, "").strip():
                    return True
        except ValueError:  # no more of them
            return False

    def _end(self, error: Exception) -> int:
        """The last line read when a record failed: a line that cannot be decoded counts too."""
        self.base += isinstance(error, UnicodeDecodeError)  # the reader never saw that line
        return self.base + self.reader.line_num

    def where(self, start: int, end: int) -> str:
        """The place of a record in a message, with its lines when it covers more than one."""
        if end <= start:
            return self.source.where(start)
        return f"{self.source.where(start)}: in the record of lines {start}-{end}"

    def __iter__(self) -> Iterator[Item]:
        """Every row after the header; good ones go out together, up to `RUN_ROWS` at once."""
        while (yield from self._read()):
            pass

    def _read(self) -> Generator[Item, None, bool]:
        """The rows of the reader until it ends (then whether another one reads on)."""
        width, id_column = self.columns.width, self.columns.id
        cells, by_answers = self.columns.cells, self.columns.by_answers.get
        known: Callable[[str], str | None] = self.columns.spell.known.get
        reader, base, last = self.reader, self.base, self.line
        ids: list[str] = []
        outcomes: list[Outcome] = []
        failure = None
        try:
            for fields in reader:
                start, last = last + 1, base + reader.line_num
                self.line = last
                outcome = None
                if len(fields) == width:
                    # The common case: spellings met before, in a combination met before.
                    outcome = by_answers(tuple(map(known, cells(fields))))
                if outcome is None or outcome is UNKNOWN_OUTCOME:  # new, bad, or maybe blank
                    found = self._row(fields, start, last)
                    if not isinstance(found, Good):
                        if found is not None:  # a bad row: the good ones before it go first
                            if ids:
                                yield Good(ids, outcomes)
                            ids, outcomes = [], []
                            yield found
                        continue
                    outcome = found.outcomes[0]
                ids.append(fields[id_column] if id_column is not None else str(start))
                outcomes.append(outcome)
                if len(ids) == RUN_ROWS:
                    yield Good(ids, outcomes)
                    ids, outcomes = [], []
        except (csv.Error, UnicodeDecodeError) as error:
            failure = error
        if ids:
            yield Good(ids, outcomes)
        if failure is not None:
            yield self._unreadable(failure, last + 1)
            return True
        if self.met is None:
            return False
        yield self.met
        self.line += len(self.met.ids)
        self.kept, self.first, self.met = [], self.line + 1, None
        self._read_from([])
        return True

    def _row(self, fields: list[str], start: int, end: int) -> Item | None:
        """A record the slow way: new spellings, a bad value, the wrong number of fields, blank."""
        if _is_blank(fields):
            return None
        columns, where = self.columns, self.where(start, end)
        ident = str(start)
        if columns.id is not None and columns.id < len(fields):
            ident = fields[columns.id]
        if len(fields) != columns.width:
            problem = f"{count(len(fields), 'field')}, the header has {columns.width}"
            return RowError(start, ident, f"{where}: {problem}")
        return columns.evaluate(fields, start, ident, where)

    def _unreadable(self, error: csv.Error | UnicodeDecodeError, start: int) -> RowError:
        """The error of a record that cannot be read; a new reader reads its other lines again."""
        end = self._end(error)
        if end == start and isinstance(error, UnicodeDecodeError):
            self.line = end
            return RowError(start, str(start), unreadable(self.source, start, error))
        problem = str(error)
        if isinstance(error, UnicodeDecodeError):  # in a quoted field from an earlier line
            which = "too long" if error.object == TOO_LONG else "not UTF-8 text"
            problem = f"a quoted field runs on into line {end}, which is {which}"
        message = f"{self.where(start, end)}: not valid CSV: {problem}"
        self.line = end
        if end > start:
            message += f"; the lines after {start} are read again as rows"
            self.line = start
            self._read_from(self.kept[start + 1 - self.first :])
        return RowError(start, str(start), message)


def _delimiter(data: bytes) -> str:
    """Excel's ``sep=;`` line, else comma, semicolon or tab, whichever the header has most of."""
    line = next((line for line in data.splitlines() if line.strip()), b"").decode(errors="replace")
    if _SEP_LINE.fullmatch(line):
        return line[4]
    return max(",;\t", key=line.count)  # none at all: the comma


def _is_blank(fields: list[str]) -> bool:
    """A record of no value: an empty line, or only delimiters (a spreadsheet's empty row)."""
    return not any(field.strip() for field in fields)


# --- JSON Lines and phenopackets -----------------------------------------------------------------


def record_rows(source: Input, row: Callable[[int, str], Item]) -> Iterator[Item]:
    """``row`` of each line of a one-record-a-line input and its number; blank lines skipped."""
    empty = True
    for number, raw in enumerate(itertools.chain.from_iterable(map(lines_of, source.chunks)), 1):
        try:
            text = raw.decode()
        except UnicodeDecodeError as error:
            empty = False
            yield RowError(number, str(number), unreadable(source, number, error))
            continue
        if text.strip():
            empty = False
            yield row(number, text)
    if empty:
        raise source.empty()


def jsonl_rows(source: Input, settings: Settings, summary: Summary) -> Iterator[Item]:
    """Every object of a JSON Lines input; numbers keep their text (an id 1e3 stays "1e3")."""
    decode = JsonReader(max_chars=MAX_LINE, numbers_as_text=True)
    layouts: dict[tuple[str, ...], Columns] = {}  # by the keys of an object, in order

    def row(line: int, text: str) -> Item:
        where = source.where(line)
        try:
            value = decode(text)
        except JsonError as error:
            at = "" if error.column is None else f" column {error.column}:"
            kind = " not JSON:" if isinstance(error, JsonSyntaxError) else ""
            return RowError(line, str(line), f"{where}:{at}{kind} {error}{_spread(text)}")
        if not isinstance(value, dict):
            return RowError(line, str(line), f"{where}: not a JSON object")
        keys = tuple(value)
        columns = layouts.get(keys)
        if columns is None:
            columns = Columns(keys, settings, [f"key {quoted(key)}" for key in keys], "key")
            packet = [key for key in PHENOPACKET_KEYS if key in value]
            if packet and not layouts and not columns.findings:  # the first object only
                raise BatchError(
                    f"{where}: a phenopacket (key {quoted(packet[0])}), not a row of findings; "
                    "give --input-format phenopackets to read phenopackets"
                )
            if not layouts and columns.ignored and not columns.findings and not columns.problems:
                # Keys, but none a finding's: another kind of record (every row undetermined).
                raise columns.no_finding(where)
            summary.ignored.update(dict.fromkeys(columns.ignored))
            if len(layouts) < 1000:
                layouts[keys] = columns
        return _json_row(columns, list(value.values()), line, where)

    return record_rows(source, row)


def _spread(line: str) -> str:
    """A hint for the first line of a JSON object written over several lines, else nothing."""
    if line.strip() not in ("{", "["):
        return ""
    return " (an object spread over lines: JSON Lines has one object a line, as jq -c . writes)"


def _json_row(columns: Columns, values: list[object], line: int, where: str) -> Item:
    """A JSON object's values as cells: true/false as words, null as empty; a bad one noted."""
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
            shown = f"{columns.labels[index]}: {wrong}"
            problems.append(Problem(columns.names[index], "", wrong, shown))
        cells.append(text if isinstance(text, str) else "")
    value = values[columns.id] if columns.id is not None else None
    ident = value if isinstance(value, str) and encodable(value) else str(line)
    return columns.evaluate(cells, line, ident, where, problems)


def phenopacket_rows(source: Input) -> Iterator[Item]:
    """Every GA4GH phenopacket (v2 JSON, one a line) as `oms check --from-phenopacket` reads it."""
    from oms_cli.interop import phenopacket  # noqa: PLC0415  (this format only)

    def row(line: int, text: str) -> Item:
        data = None
        try:
            data = phenopacket.read_json(text)
            packet = phenopacket.parse_phenopacket(data)
        except phenopacket.NotJson as error:
            at = f"column {error.json.column}: " if error.json.column is not None else ""
            problem = f"{at}not JSON: {error.json.problem}{_spread(text)}"
            return RowError(line, str(line), f"{source.where(line)}: {problem}")
        except phenopacket.PhenopacketError as error:
            ident = data.get("id") if isinstance(data, dict) else None
            ident = ident if isinstance(ident, str) and encodable(ident) else str(line)
            return RowError(line, ident, f"{source.where(line)}: {error}")
        answers = tuple(packet.findings[finding].value for finding in FINDINGS)
        ident = packet.id if packet.id is not None else str(line)
        return Good([ident], [outcome_for(answers)])

    return record_rows(source, row)


# --- Excel ---------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """An Excel cell as a CSV export of the sheet spells it: 2 not 2.0, dates in ISO 8601."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


NOT_COMPUTED = (
    "a formula whose value was never computed (the file was written by a program); open and "
    "save it in a spreadsheet, or write the values"
)


def xlsx_rows(stream: BinaryIO, name: str, settings: Settings, summary: Summary) -> Iterator[Item]:
    """Every row of an Excel sheet after its header; empty rows skipped, memory bounded."""
    try:
        import openpyxl  # noqa: PLC0415  (an optional extra: only Excel input needs it)
        from openpyxl.utils import get_column_letter  # noqa: PLC0415
    except ImportError:
        raise BatchError("reading .xlsx needs openpyxl: pip install 'oms-cli[xlsx]'") from None
    if stream is sys.stdin.buffer:
        raise BatchError("standard input cannot be read as .xlsx; give the file's name")
    name = visible(name)
    try:
        book: Any = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        # A program that writes formulas (XlsxWriter, openpyxl) stores no result, or 0, and asks
        # for them to be computed on opening: then a formula is read as itself, and refused.
        uncomputed = bool(book.calculation.fullCalcOnLoad)
        if uncomputed:
            stream.seek(0)
            book = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise BatchError(f"{name}: not an Excel .xlsx file ({visible(str(error), 80)})") from None
    # In any case, as Excel names sheets: no two of a workbook differ only in case.
    named = [title for title in book.sheetnames if folded(title) == folded(settings.sheet or "")]
    if settings.sheet is not None and not named:
        sheets = ", ".join(map(quoted, book.sheetnames))
        raise BatchError(f"{name}: no sheet {quoted(settings.sheet)}; it has {sheets}")
    sheet = book[named[0]] if named else book.worksheets[0]
    sheet.reset_dimensions()  # the used range a file states can be wrong: read to the last cell
    where = f"{name}: sheet {quoted(sheet.title)}: row"
    numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
    start, header = 0, list[str]()
    while not header:
        start, values = next(numbered, (0, None))
        if values is None:
            raise BatchError(
                f"{name}: sheet {quoted(sheet.title)} is empty (no rows and no header)"
            )
        header = [cell_text(value) for value in values]
        while header and not header[-1].strip():  # formatting widens a sheet: no name, no column
            header.pop()
    labels = [f"column {get_column_letter(i + 1)} ({visible(n)})" for i, n in enumerate(header)]
    columns = Columns(header, settings, labels, "column")
    columns.check(f"{where} {start}")
    summary.ignored.update(dict.fromkeys(columns.ignored))

    def items() -> Iterator[Item]:  # the book reads from the stream, which `execute` closes
        for line, values in numbered:
            cells = [cell_text(value) for value in values]
            extra = [i for i in range(columns.width, len(cells)) if cells[i].strip()]
            if extra:
                letter = get_column_letter(extra[0] + 1)
                problem = f"a value in column {letter}, which has no header"
                yield RowError(line, str(line), f"{where} {line}: {problem}")
            elif not _is_blank(cells):
                cells += [""] * (columns.width - len(cells))
                ident = cells[columns.id] if columns.id is not None else str(line)
                problems = [
                    Problem(
                        columns.names[i], "", NOT_COMPUTED, f"{columns.labels[i]}: {NOT_COMPUTED}"
                    )
                    for i, _ in columns.findings
                    if uncomputed and cells[i][:1] == "="
                ]
                yield columns.evaluate(cells, line, ident, f"{where} {line}", problems)

    return items()
