"""Writing `oms batch` output: one line a row, as bytes (the file: `oms_cli.files.outfile`)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO

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
    """An output format: its header, and the lines of good rows and of a bad one, as bytes.

    With ``screen`` (standard output on a terminal, decided once a run) the control characters of
    ids are shown as escapes (`on_screen`); files and pipes get the exact bytes.
    """

    header = b""
    is_csv = False

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False, screen: bool = False) -> None:
        self.sink, self.screen = sink, screen  # with keep_going, bad rows are written (`error`)

    def write(self, items: Iterable[Item]) -> None:
        """Write the items in blocks: few write calls, a small buffer; the header with the first."""
        lines, size = [self.header], 0
        for item in items:
            lines.append(self.error(item) if isinstance(item, RowError) else self.cases(item))
            size += len(lines[-1])
            if size >= FLUSH_BYTES:
                self._send(lines)
                lines, size = [], 0
        self._send(lines)

    def _send(self, lines: list[bytes]) -> None:
        data = b"".join(lines)
        self.sink.write(on_screen(data, csv_rows=self.is_csv) if self.screen else data)

    def cases(self, good: Good) -> bytes:
        """The lines of good rows."""
        raise NotImplementedError

    def error(self, error: RowError) -> bytes:
        """The line of a bad row (only with keep_going)."""
        raise NotImplementedError


class CsvWriter(Writer):
    """CSV: a header, one line a row, LF line ends, ids quoted when needed, an error column."""

    is_csv = True

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False, screen: bool = False) -> None:
        super().__init__(sink, screen=screen)
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

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False, screen: bool = False) -> None:
        from oms_cli.interop.observation import observation  # noqa: PLC0415  (this format only)

        super().__init__(sink, screen=screen)
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


def on_screen(data: bytes, *, csv_rows: bool) -> bytes:
    """Whole rows for a terminal: each control character shown as an escape, never acted on."""
    text = data.decode("utf-8", errors="backslashreplace")
    if csv_rows:  # a line end inside a field is shown too: a row stays a line
        rows = csv.reader(io.StringIO(text, newline=""))
        text = "".join(",".join(visible(csv_field(f), None) for f in row) + "\n" for row in rows)
    else:
        text = "\n".join(map(visible_json, text.split("\n")))
    return text.encode("utf-8", errors="backslashreplace")


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
