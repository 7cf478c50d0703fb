"""Writing `oms batch` output: one line a row as bytes, and the output file written whole."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO, Protocol

from oms_cli import held
from oms_cli.batch.rows import (
    ERROR,
    ID,
    OUTPUT_COLUMNS,
    OUTPUT_SUFFIXES,
    STDIN,
    BatchError,
    Outcome,
    OutputFormat,
    RowError,
    RowResult,
)
from oms_cli.textsafe import visible

# --- output --------------------------------------------------------------------------------------


_NEEDS_QUOTES = re.compile('[,"\r\n]').search


def csv_field(text: str) -> str:
    """One CSV field, quoted when it holds a comma, a quote or a line end (quotes doubled)."""
    if _NEEDS_QUOTES(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_id(text: str) -> bytes:
    """An id as one CSV field, in bytes."""
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
        return csv_id(case.id) + case.outcome.csv_cells + self._end

    def error(self, error: RowError) -> bytes:
        """The output line of a bad row (only with keep-going): id, empty cells, the message."""
        message = csv_field(error.message).encode(errors="backslashreplace")
        return csv_id(error.id) + self._empty_cells + b"," + message + b"\n"


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


class FhirNdjsonWriter:
    """FHIR NDJSON: one FHIR R4 Observation a line, the row's id as its identifier.

    A bad row (only with keep-going) is an OperationOutcome whose diagnostics are the message.
    """

    def __init__(self, sink: BinaryIO, *, keep_going: bool = False) -> None:
        from oms_cli.observation import observation  # noqa: PLC0415  (only this format needs it)

        self.sink: Sink = sink
        self.keep_going = keep_going
        self._observation = observation

    def start(self) -> None:
        """Nothing: NDJSON has no header."""

    def finish(self) -> None:
        """Nothing: NDJSON has no header."""

    def case(self, case: RowResult) -> bytes:
        """The Observation of a good row."""
        resource = self._observation(case.outcome.assessment, row_id=case.id)
        return json.dumps(resource, ensure_ascii=False).encode(errors="backslashreplace") + b"\n"

    def error(self, error: RowError) -> bytes:
        """An OperationOutcome for a bad row: its message, row id included."""
        resource = {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": "invalid",
                    "diagnostics": f"row {error.id}: {error.message}",
                }
            ],
        }
        return json.dumps(resource, ensure_ascii=False).encode(errors="backslashreplace") + b"\n"


Writer = CsvWriter | JsonlWriter | FhirNdjsonWriter
FLUSH_ROWS = 1024
"""Rows written at once by the general path: few write calls, a small constant buffer."""


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
                with held.signals():  # created and known together: a signal cannot fall between
                    descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                    self.temp_path = candidate
            except FileExistsError:
                continue
            except OSError as error:
                raise BatchError(f"{self.shown}: cannot write there ({error.strerror})") from None
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
