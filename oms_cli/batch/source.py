"""The input of `oms batch` as lines: read in chunks that end at a line end, counting lines.

Rejects missing, empty, binary and non-UTF-8 input, every error naming its line; a line over
`MAX_LINE` is read to its end and dropped (`LineTooLong`), so that a file without line ends cannot
fill the memory and the rows after it are still read.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from oms_cli.batch.formats import INPUT_SUFFIXES, InputFormat
from oms_cli.batch.rows import STDIN, BatchError, RowError
from oms_cli.files.textsafe import visible

CHUNK_SIZE = 1 << 16
"""Bytes read at a time (a chunk ends after its last line end)."""
MAX_LINE = 1 << 20
"""Longest line accepted."""
_SNIFF = 8192
"""Bytes looked at to tell binary files from text."""


class LineError(Exception):
    """A line that cannot be read (not UTF-8, too long), met while reading line by line."""


class LineTooLong(Exception):
    """The next line is longer than `MAX_LINE`: it was read to its end and dropped."""


class InputSource:
    """A binary input handed out in chunks of whole lines, or line by line, counting lines.

    Lines end at LF, CRLF or a lone CR, as in a file opened with ``newline=""``; a CR at the end
    of what was read waits for the next read, so that a CRLF is never split.
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
        self._pending: list[bytes] = []  # lines read but not handed out yet, reversed
        self._carry = b""  # the start of a line whose end is not read yet
        self._started = self._ended = self._skipping = self._too_long = False
        # _ended: never read again (a terminal gives the end once, Ctrl-D, and would wait);
        # _skipping: inside a line over MAX_LINE, read on to its end; _too_long: one was skipped.

    def where(self, line: int) -> str:
        """The place of a line in a message: "cases.csv:3"."""
        return f"{visible(self.name)}:{line}"

    def chunk(self) -> bytes:
        """The next whole lines: those read but not handed out yet, else new ones; b"" at the end.

        Raises `LineTooLong` where a line over `MAX_LINE` was.
        """
        if self._pending:
            data = b"".join(reversed(self._pending))
            self._pending = []
            return data
        if self._too_long:
            self._too_long = False
            raise LineTooLong
        while True:
            data = b""
            if not self._ended:
                data = self._read(self._chunk_size)
                self._ended = not data
                if not self._started:
                    data = self._start(data)
                if data and self._progress is not None:
                    self._progress(len(data))
            data, self._carry = self._carry + data, b""
            end = len(data) - 1 if data.endswith(b"\r") and not self._ended else len(data)
            if self._skipping:
                cut = _first_end(data, end)
                if cut or self._ended:
                    self._skipping, self._carry = False, data[cut:] if cut else b""
                    raise LineTooLong
                self._carry = data[end:]
                continue
            cut = len(data) if self._ended else _last_end(data, end)
            if cut or self._ended:
                self._carry = data[cut:]
                return data[:cut]
            self._carry = data
            if len(data) > MAX_LINE:
                self._skipping, self._carry = True, data[end:]

    def _start(self, data: bytes) -> bytes:
        self._started = True
        while len(data) < _SNIFF and not self._ended:
            wanted = _SNIFF - len(data)
            more = self._stream.read(wanted)
            self._ended = len(more) < wanted  # read() gives less only at the end
            data += more
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise BatchError(f"{visible(self.name)}: is UTF-16 text; save it as UTF-8")
        if b"\0" in data[:_SNIFF]:
            raise BatchError(f"{visible(self.name)}: is a binary file (it contains NUL bytes)")
        return data.removeprefix(codecs.BOM_UTF8)

    def __iter__(self) -> InputSource:
        return self

    def __next__(self) -> str:
        if not self._pending:
            try:
                data = self.chunk()
            except LineTooLong:
                self.line += 1
                raise LineError(too_long(self, self.line)) from None
            if not data:
                raise StopIteration
            self.push_chunk(data)
        raw = self._pending.pop()
        self.line += 1
        try:
            return raw.decode()
        except UnicodeDecodeError as error:
            raise LineError(not_utf8(self, self.line, error)) from None

    def push_chunk(self, data: bytes) -> None:
        """Hand out the lines of a chunk read with `chunk` one by one after all."""
        self._pending = data.splitlines(keepends=True)
        self._pending.reverse()

    def peek(self) -> bytes:
        """The first chunk, handed out again as lines (b"" if the first line is too long)."""
        try:
            data = self.chunk()
        except LineTooLong:
            self._too_long = True  # raised again by the next read
            return b""
        self.push_chunk(data)
        return data

    def sniff(self) -> InputFormat:
        """JSON Lines if the first character that is not white space is "{", else CSV."""
        return InputFormat.JSONL if self.peek().lstrip().startswith(b"{") else InputFormat.CSV


def _last_end(data: bytes, end: int) -> int:
    """Where the data after its last line end (before ``end``) starts; 0 if it has none."""
    return max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1


def _first_end(data: bytes, end: int) -> int:
    """Where the data after its first line end (before ``end``) starts; 0 if it has none."""
    found = [index for index in (data.find(b"\n", 0, end), data.find(b"\r", 0, end)) if index >= 0]
    if not found:
        return 0
    first = min(found)
    return first + 2 if data[first : first + 2] == b"\r\n" else first + 1


def open_input(path: str) -> BinaryIO:
    """Open a file (or standard input for "-") for reading bytes; `BatchError` if it cannot be."""
    if path == STDIN:
        return sys.stdin.buffer
    if not path:
        raise BatchError("FILE: an empty name; give a file, or - for standard input")
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


def empty_input(source: InputSource) -> BatchError:
    """The error of an input that holds no rows (not even a header)."""
    return BatchError(f"{visible(source.name)}: is empty (no rows and no header)")


def too_long(source: InputSource, line: int) -> str:
    """The message for a line longer than `MAX_LINE`."""
    return f"{source.where(line)}: a line longer than {MAX_LINE >> 20} MiB"


def not_utf8(source: InputSource, line: int, error: UnicodeDecodeError) -> str:
    """The message for a line of ``source`` that is not UTF-8: which byte, and what to do."""
    byte = error.object[error.start]
    return (
        f"{source.where(line)}: byte 0x{byte:02x} at byte {error.start + 1} of the line "
        "is not UTF-8 text; save the file as UTF-8"
    )


class Line(NamedTuple):
    """A line of text that is not blank, and its number."""

    number: int
    text: str


def record_lines(source: InputSource) -> Iterator[Line | RowError]:
    """The lines of a one-record-a-line input (JSON Lines), blank lines skipped, as they are read.

    A line that cannot be read comes as its `RowError`. Raises `BatchError` when the input holds
    no line but blank ones.
    """
    seen_any = False
    while True:
        try:
            text = next(source)
        except StopIteration:
            break
        except LineError as error:
            seen_any = True
            yield RowError(source.line, str(source.line), str(error))
            continue
        if not text.strip():
            continue
        seen_any = True
        yield Line(source.line, text)
    if not seen_any:
        raise empty_input(source)
