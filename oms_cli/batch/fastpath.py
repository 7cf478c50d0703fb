"""CSV to CSV by lookup: `CsvFastPath`, which `command.run` uses for that pair of formats."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import repeat
from operator import itemgetter
from typing import cast

from oms_cli.batch.reading import CsvCases
from oms_cli.batch.rows import (
    CACHE_LIMIT,
    BadValue,
    Item,
    RowError,
    RowResult,
    Summary,
    answer_value,
    reject,
)
from oms_cli.batch.writing import FLUSH_ROWS, CsvWriter, Sink, csv_id
from oms_cli.rules import Verdict


class CsvFastPath:
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
        self._counted: Counter[bytes] = Counter()  # good rows by output tail: few distinct ones
        self._error_tails: list[bytes] = []  # error rows' tails to be written: each one unique

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
        # Every line split and looked up in C; Python runs only for the lines not known yet.
        parts = list(map(bytes.partition, lines, repeat(b",")))
        tails = list(map(self._tails.get, map(_THIRD, parts)))
        heads = list(map(_FIRST, parts))
        for index in _misses(tails):
            tail = self._tail_for_key(parts[index][2])
            if tail is None:
                heads[index], tail = self._check(lines[index], first + index)
            tails[index] = tail
        return heads, cast(list[bytes], tails)

    def _lines(self, lines: list[bytes], first: int) -> tuple[list[bytes], list[bytes]]:
        heads = list(map(b"%d".__mod__, range(first, first + len(lines))))
        tails = list(map(self._tails.get, lines))
        for index in _misses(tails):
            tail = self._tail_for_key(lines[index])
            if tail is None:
                heads[index], tail = self._check(lines[index], first + index)
            tails[index] = tail
        return heads, cast(list[bytes], tails)

    def _tail_for_key(self, key: bytes) -> bytes | None:
        """The tail for the key of a plain line not known yet; None: the general check takes it.

        An empty or blank key is also what a line without any comma (or a blank line) leaves:
        such a line always goes through the general row check.
        """
        return self._tail_for_rest(key) if key.strip() else None

    def _check(self, line: bytes, number: int) -> tuple[bytes, bytes]:
        """Id and tail for a plain line, through the general row check."""
        return self._settle(self.cases.row(line.decode().split(",") if line else [], number))

    def _tail_for_rest(self, rest: bytes) -> bytes | None:
        """The tail for plain finding cells joined by commas (remembered), None if not good.

        Cells seen before go by their answers, so that a new combination of known spellings costs
        a few lookups; only a cell not seen before takes the long way, once.
        """
        cells = rest.split(b",")
        # A key with a None in it (a cell not seen before) or of another length is never stored.
        tail = self._tail_by_values.get(tuple(map(self._cell_values.get, cells)))
        if tail is None:
            if len(cells) != self._findings:
                return None
            texts = tuple(map(bytes.decode, cells))
            try:
                outcome = self.cases.lookup(texts)
            except BadValue:
                return None
            tail = self.writer.tail(outcome)
            self._verdicts[tail] = outcome.verdict  # the tail names the verdict: one per tail
            known = tuple(map(answer_value, texts))
            if len(self._cell_values) < CACHE_LIMIT:
                self._cell_values.update(zip(cells, known, strict=True))
            self._tail_by_values[known] = tail
        if rest and len(self._tails) < CACHE_LIMIT:
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
        # The records must cover the chunk: each is one whole line, so a line that is not such a
        # record is one record fewer than lines.
        if len(records) != data.count(b"\n") + (not data.endswith(b"\n")):
            return None
        heads = list(map(_FIRST, records))
        rests = list(map(_SECOND, records))
        found = list(map(self._tails.get, rests))
        for index in _misses(found):
            tail = self._tail_for_rest(rests[index])
            if tail is None:
                return None
            found[index] = tail
        return heads, cast(list[bytes], found), len(records)

    def _settle(self, item: Item | None) -> tuple[bytes, bytes]:
        """Id and tail for what the general row check made of a record.

        Nothing for a blank line; the error row for a bad one (which stops the run unless
        keep-going); else the id and the output tail, whose verdict is noted for the counts.
        """
        if item is None:
            return b"", b""
        if isinstance(item, RowError):
            reject(item, self.summary, self.on_error, keep_going=self.keep_going)
            tail = self.writer.error(item)
            self._error_tails.append(tail)
            return b"", tail
        tail = self.writer.tail(item.outcome)
        self._verdicts[tail] = item.outcome.verdict  # the tail names the verdict: one per tail
        return csv_id(item.id), tail

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
                    heads.append(csv_id(ident))
                    tails.append(tail)
                    continue
            head, tail = self._learn_record(record)
            heads.append(head)
            tails.append(tail)
            if len(heads) >= FLUSH_ROWS:
                self._write(sink, heads, tails)
        self._write(sink, heads, tails)

    def _learn_record(self, record: list[str] | RowError) -> tuple[bytes, bytes]:
        if isinstance(record, RowError):
            return self._settle(record)
        item = self.cases.row(record, self.cases.start, self.cases.source.line)
        head, tail = self._settle(item)
        if isinstance(item, RowResult) and len(self._tail_by_cells) < CACHE_LIMIT:
            self._tail_by_cells[self.cases.cells(record)] = tail
        return head, tail

    def _write(self, sink: Sink, heads: list[bytes], tails: list[bytes]) -> None:
        # Heads and tails interleaved by slice assignment, all in C: no bytes made per line.
        pieces = [b""] * (2 * len(heads))
        pieces[::2] = heads
        pieces[1::2] = tails
        sink.write(b"".join(pieces))
        counted = self._counted
        counted.update(tails)
        for tail in self._error_tails:  # counted in the summary already, and never alike:
            counted[tail] -= 1  # kept, they would grow the counter by a row each
            if not counted[tail]:
                del counted[tail]
        self._error_tails.clear()
        heads.clear()
        tails.clear()

    def _finish(self) -> None:
        for tail, times in self._counted.items():
            verdict = self._verdicts.get(tail)
            if verdict is not None:
                self.summary.verdicts[verdict] += times


def _misses(found: list[bytes | None]) -> Iterator[int]:
    """The indexes of the Nones in a list, in order, each found by a C scan from the last one.

    So Python runs once a line not known yet, not once a line.
    """
    index = -1
    while True:
        try:
            index = found.index(None, index + 1)
        except ValueError:
            return
        yield index


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
# than a few times (an id with a line end in it goes to the general reader). A match never holds
# a line end but its last, and always runs to it: one match is one whole line.
_ID_AND_PLAIN_REST = re.compile(
    rb'^("[^",\r\n]*+(?:,|"")[^"\r\n]*+(?:""[^"\r\n]*+)*+"|[^",\r\n]*+),([^"\r\n]*+)(?:\r?\n|\Z)',
    re.MULTILINE,
)
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
