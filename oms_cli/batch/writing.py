"""Writing `oms batch` output: one line a row, as bytes (the file: `oms_cli.files.outfile`)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO, cast

from oms_cli.batch import OUTPUT_SUFFIXES, OutputFormat
from oms_cli.batch.rows import ERROR, ID, OUTPUT_COLUMNS, STDIN, BatchError, Good, Item, RowError
from oms_cli.files.textsafe import quoted, visible, visible_json

FLUSH_BYTES = 1 << 16
_NEEDS_QUOTES = re.compile('[,"\r\n]').search
_CELLS = attrgetter("csv_cells")


def csv_field(text: str) -> str:
    """One CSV field, quoted when it holds a comma, a quote or a line end (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode(errors="backslashreplace")


class Writer:
    """An output format: its header, and the lines of good rows and of a bad one, as bytes."""

    header = b""

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        self.sink = sink  # with keep_going, bad rows are written too (`error`)

    def write(self, items: Iterable[Item]) -> None:
        """Write the items in blocks: few write calls, a small buffer; the header with the first."""
        lines, size = [self.header], 0
        for item in items:
            lines.append(self.error(item) if isinstance(item, RowError) else self.cases(item))
            size += len(lines[-1])
            if size >= FLUSH_BYTES:
                self.sink.write(b"".join(lines))
                lines, size = [], 0
        self.sink.write(b"".join(lines))

    def cases(self, good: Good) -> bytes:
        """The lines of good rows."""
        raise NotImplementedError

    def error(self, error: RowError) -> bytes:
        """The line of a bad row (only with keep_going)."""
        raise NotImplementedError


class CsvWriter(Writer):
    """CSV: a header, one line a row, LF line ends, ids quoted when needed, an error column."""

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        super().__init__(sink)
        columns = [*OUTPUT_COLUMNS, ERROR] if keep_going else list(OUTPUT_COLUMNS)
        self.header = (",".join(columns) + "\n").encode()
        self._end = ",\n" if keep_going else "\n"

    def cases(self, good: Good) -> bytes:
        ids = map(csv_field, good.ids) if any(map(_NEEDS_QUOTES, good.ids)) else good.ids
        lines = map(str.__add__, ids, map(_CELLS, good.outcomes))
        return (self._end.join(lines) + self._end).encode()

    def error(self, error: RowError) -> bytes:
        cells = [error.id, *[""] * (len(OUTPUT_COLUMNS) - 1), error.message]
        return (",".join(map(csv_field, cells)) + "\n").encode(errors="backslashreplace")


class JsonlWriter(Writer):
    """JSON Lines: one object a row, the id always a string; a bad row is {"id", "error"}."""

    def cases(self, good: Good) -> bytes:
        lines = zip(map(_json, good.ids), good.outcomes, strict=True)
        return b"".join(b'{"id": ' + ident + outcome.json_tail + b"\n" for ident, outcome in lines)

    def error(self, error: RowError) -> bytes:
        return _json({ID: error.id, ERROR: error.message}) + b"\n"


class FhirNdjsonWriter(Writer):
    """FHIR NDJSON: a FHIR R4 Observation a row, its id the identifier; OperationOutcome if bad."""

    _PLACE = "\x00id\x00"

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        from oms_cli.interop.observation import observation  # noqa: PLC0415  (this format only)

        super().__init__(sink)
        self._observation = observation
        self._parts: dict[object, tuple[bytes, bytes, bytes]] = {}  # by outcome

    def cases(self, good: Good) -> bytes:
        lines = []
        for ident, outcome in zip(good.ids, good.outcomes, strict=True):
            if outcome not in self._parts:
                # Each outcome (at most 729) made into JSON once, around a place for the id; an
                # id empty or white space (not a FHIR string) gets no identifier.
                made = _json(self._observation(outcome.assessment, row_id=self._PLACE))
                head, tail = made.split(_json(self._PLACE))
                whole = _json(self._observation(outcome.assessment))
                self._parts[outcome] = (head, tail + b"\n", whole + b"\n")
            head, tail, whole = self._parts[outcome]
            lines.append(head + _json(ident) + tail if ident.strip() else whole)
        return b"".join(lines)

    def error(self, error: RowError) -> bytes:
        issue = {"severity": "error", "code": "invalid"}
        issue["diagnostics"] = f"row {error.id}: {error.message}"
        return _json({"resourceType": "OperationOutcome", "issue": [issue]}) + b"\n"


WRITERS = {
    OutputFormat.CSV: CsvWriter,
    OutputFormat.JSONL: JsonlWriter,
    OutputFormat.FHIR_NDJSON: FhirNdjsonWriter,
}


class _OnScreen:
    """Standard output on a terminal: control characters in ids shown as escapes, not acted on."""

    def __init__(self, sink: BinaryIO, output_format: OutputFormat) -> None:
        self.sink, self.csv = sink, output_format is OutputFormat.CSV

    def write(self, data: bytes, /) -> int:
        """Write whole rows, their controls made visible (a line end in a field too)."""
        text = data.decode("utf-8", errors="backslashreplace")
        if self.csv:
            rows = csv.reader(io.StringIO(text, newline=""))
            shown = "".join(
                ",".join(visible(csv_field(f), None) for f in row) + "\n" for row in rows
            )
        else:
            shown = "\n".join(map(visible_json, text.split("\n")))
        self.sink.write(shown.encode("utf-8", errors="backslashreplace"))
        return len(data)

    def flush(self) -> None:
        """Flush the terminal's stream."""
        self.sink.flush()


def on_screen(sink: BinaryIO, output_format: OutputFormat) -> BinaryIO:
    """Standard output on a terminal, for csv or jsonl (JSON escapes for any JSON format)."""
    return cast(BinaryIO, _OnScreen(sink, output_format))  # writers use only write and flush


def guess_output_format(output: str | None, stdout_is_terminal: bool) -> OutputFormat:
    """The --output file's extension's format (one naming none is refused), else table or csv."""
    if output is None or output == STDIN:
        return OutputFormat.TABLE if stdout_is_terminal else OutputFormat.CSV
    suffix = Path(output).suffix.lower()
    if suffix and suffix not in OUTPUT_SUFFIXES:
        raise BatchError(
            f"--output: {quoted(output)}: the extension names no output format "
            f"({', '.join(OUTPUT_SUFFIXES)}); give --format"
        )
    return OUTPUT_SUFFIXES.get(suffix, OutputFormat.CSV)
