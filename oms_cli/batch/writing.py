"""Writing `oms batch` output: one line a row, as bytes (the file: `oms_cli.files.outfile`)."""

from __future__ import annotations

import json
import re
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO, cast

from oms_cli.batch import OUTPUT_SUFFIXES, OutputFormat
from oms_cli.batch.rows import (
    ERROR,
    ID,
    OUTPUT_COLUMNS,
    STDIN,
    BatchError,
    Good,
    Outcome,
    RowError,
)
from oms_cli.files.textsafe import quoted, visible, visible_json

_NEEDS_QUOTES = re.compile('[,"\r\n]').search
_CELLS = attrgetter("csv_cells")


def csv_field(text: str) -> str:
    """One CSV field, quoted when it holds a comma, a quote or a line end (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text


class CsvWriter:
    """CSV output: a header, then one line a row, LF line ends, ids quoted only when needed.

    The header goes out with the first rows: a file whose first row is bad writes nothing.
    """

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        self.sink = sink
        columns = [*OUTPUT_COLUMNS, ERROR] if keep_going else list(OUTPUT_COLUMNS)
        self.header = (",".join(columns) + "\n").encode()
        self._end = ",\n" if keep_going else "\n"  # an empty error cell in keep-going output
        self._empty_cells = b"," * (len(OUTPUT_COLUMNS) - 1)

    def cases(self, good: Good) -> bytes:
        """The output lines of good rows: each id, quoted if it must be, and its cells."""
        ids = map(csv_field, good.ids) if any(map(_NEEDS_QUOTES, good.ids)) else good.ids
        lines = map(str.__add__, ids, map(_CELLS, good.outcomes))
        return (self._end.join(lines) + self._end).encode()

    def error(self, error: RowError) -> bytes:
        """The output line of a bad row (only with keep-going): id, empty cells, the message."""
        message = csv_field(error.message).encode(errors="backslashreplace")
        return csv_field(error.id).encode() + self._empty_cells + b"," + message + b"\n"


class JsonlWriter:
    """JSON Lines output: one object a row, the id always a string, the findings as read."""

    header = b""

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        self.sink = sink  # with keep_going a bad row is {"id", "error"}: nothing else changes

    def cases(self, good: Good) -> bytes:
        """The output lines of good rows."""
        return b"".join(map(self._case, good.ids, good.outcomes))

    def _case(self, ident: str, outcome: Outcome) -> bytes:
        ident_json = json.dumps(ident, ensure_ascii=False).encode()
        return b'{"id": ' + ident_json + outcome.json_tail + b"\n"

    def error(self, error: RowError) -> bytes:
        """The output line of a bad row: its id and the message."""
        line = json.dumps({ID: error.id, ERROR: error.message}, ensure_ascii=False)
        return line.encode(errors="backslashreplace") + b"\n"


class FhirNdjsonWriter:
    """FHIR NDJSON: one FHIR R4 Observation a line, the row's id as its identifier.

    Each outcome (at most 729) is made into JSON once, around a place for the id; a row whose id
    is empty or white space (not a FHIR string) gets no identifier. A bad row (only with
    keep-going) is an OperationOutcome whose diagnostics are the message.
    """

    header = b""
    _PLACE = "\x00id\x00"

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        from oms_cli.interop.observation import observation  # noqa: PLC0415  (this format only)

        self.sink = sink
        self._observation = observation
        self._parts: dict[Outcome, tuple[bytes, bytes, bytes]] = {}

    def _json(self, resource: object) -> bytes:
        return json.dumps(resource, ensure_ascii=False).encode(errors="backslashreplace")

    def cases(self, good: Good) -> bytes:
        """The Observations of good rows."""
        return b"".join(map(self._case, good.ids, good.outcomes))

    def _case(self, ident: str, outcome: Outcome) -> bytes:
        parts = self._parts.get(outcome)
        if parts is None:
            made = self._observation(outcome.assessment, row_id=self._PLACE)
            head, tail = self._json(made).split(json.dumps(self._PLACE).encode())
            whole = self._json(self._observation(outcome.assessment)) + b"\n"
            parts = self._parts[outcome] = (head, tail + b"\n", whole)
        if not ident.strip():
            return parts[2]
        return parts[0] + self._json(ident) + parts[1]

    def error(self, error: RowError) -> bytes:
        """An OperationOutcome for a bad row: its message, row id included."""
        issue = {"severity": "error", "code": "invalid"}
        issue["diagnostics"] = f"row {error.id}: {error.message}"
        return self._json({"resourceType": "OperationOutcome", "issue": [issue]}) + b"\n"


Writer = CsvWriter | JsonlWriter | FhirNdjsonWriter
FLUSH_BYTES = 1 << 16  # written at once: few write calls, a small constant buffer


# --- on a terminal ------------------------------------------------------------------------------


class _OnScreen:
    """Standard output on a terminal: csv or jsonl with control characters shown as escapes.

    An id's escape sequence would otherwise act on the terminal (clear it, set the clipboard,
    disguise a row). Files and pipes get the exact bytes: `execute` puts this in front of standard
    output only when it is a terminal, decided once per run, so no row elsewhere pays for it.
    """

    def __init__(self, sink: BinaryIO, *, csv: bool) -> None:
        self.sink = sink
        self.csv = csv
        self._in_quotes = False  # inside a quoted CSV field, where a line end is data

    def write(self, data: bytes, /) -> int:
        """Write the rows with their controls made visible (writes end at a row's end)."""
        text = data.decode("utf-8", errors="backslashreplace")
        shown = self._csv(text) if self.csv else "\n".join(map(visible_json, text.split("\n")))
        self.sink.write(shown.encode("utf-8", errors="backslashreplace"))
        return len(data)

    def _csv(self, text: str) -> str:
        """CSV text made visible; a line end inside quotes is a field's, and shown as an escape."""
        pieces = text.split("\n")
        shown: list[str] = []
        for index, piece in enumerate(pieces):
            shown.append(visible(piece, None))
            if piece.count('"') % 2:  # the writer doubles quotes inside a field: each one counts
                self._in_quotes = not self._in_quotes
            if index < len(pieces) - 1:
                shown.append("\\x0a" if self._in_quotes else "\n")
        return "".join(shown)

    def flush(self) -> None:
        """Flush the terminal's stream."""
        self.sink.flush()


def on_screen(sink: BinaryIO, output_format: OutputFormat) -> BinaryIO:
    """Standard output on a terminal, for csv or jsonl (JSON escapes for any JSON format)."""
    # The writers use only write(), and execute flush(): the two methods _OnScreen has.
    return cast(BinaryIO, _OnScreen(sink, csv=output_format is OutputFormat.CSV))


def guess_output_format(output: str | None, stdout_is_terminal: bool) -> OutputFormat:
    """The default output format: the --output file's extension, else table on a terminal, csv.

    An extension that names no output format (out.json) is refused, not guessed.
    """
    if output is None or output == STDIN:
        return OutputFormat.TABLE if stdout_is_terminal else OutputFormat.CSV
    suffix = Path(output).suffix.lower()
    if suffix and suffix not in OUTPUT_SUFFIXES:
        raise BatchError(
            f"--output: {quoted(output)}: the extension names no output format "
            f"({', '.join(OUTPUT_SUFFIXES)}); give --format"
        )
    return OUTPUT_SUFFIXES.get(suffix, OutputFormat.CSV)
