"""Differential test of batch reading: every path agrees on every id, verdict and error line.

Generated CSV files (quoted cells, multi-line ids, stray quotes, bad values, wrong field counts,
blank and non-UTF-8 lines, runs of plain rows long enough to fill several 64 KiB chunks and so
to be read by the line cache, LF, CRLF or CR line ends) go through `oms batch` with --keep-going
to CSV and to JSON Lines, each from a file and from a pipe that delivers the bytes in random
pieces. The same rows as JSON Lines, each object on the line where its CSV record
starts, go through JSON Lines to CSV and to JSON Lines. Every run must give what a plain,
line-by-line reference reader says: the same ids, the same verdicts, errors on the same lines,
and counts that add up.

A few cases a test in `make test`; OMS_FUZZ_EXAMPLES sets how many (`make fuzz` runs thousands).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oms_cli.batch import InputFormat, command
from oms_cli.batch.reading import CHUNK_SIZE, Input
from oms_cli.batch.writing import CsvWriter, JsonlWriter
from oms_cli.rules import Finding, Verdict, evaluate, parse_answer
from tests.fuzz_report import RUNS

EXAMPLES = int(os.environ.get("OMS_FUZZ_EXAMPLES", "12"))
NAME = "x.csv"
LAYOUTS = [
    "id,sleep,ataxia",
    "sleep,ataxia",
    "ataxia,id,sleep",
    "sleep,id",  # an id-only header is refused: no column names a finding
    "sleep",
    "id,neuroblastoma,opsoclonus,myoclonus,ataxia,behavior,sleep",
]
CELLS = ["yes", "no", "", "u", "Y", "0", "TRUE", " n "]
BAD_CELLS = ["maybe", "2", 'ye"s', "x y"]
ID_CHARS = st.sampled_from([*"ab1 ,é日", '"', "\n", "\r\n"])

# --- generated files ------------------------------------------------------------------------


class Expected(NamedTuple):
    """One output row as the reference reads it.

    Where its record starts, its id, and its verdict (None for a bad row).
    """

    line: int
    id: str
    verdict: str | None


def field(text: str, *, force_quotes: bool = False) -> str:
    """A CSV field, quoted when it must be (or when asked)."""
    if force_quotes or re.search('[,"\r\n]', text):
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A layout and a CSV file (bytes) with awkward records placed anywhere among plain rows."""
    layout = draw(st.sampled_from(LAYOUTS))
    columns = layout.split(",")
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    pieces: list[str | bytes] = []
    plain_number = 0

    def plain_row() -> str:
        nonlocal plain_number
        plain_number += 1
        cells = [
            f"P{plain_number}" if name == "id" else CELLS[(plain_number + i) % 4]
            for i, name in enumerate(columns)
        ]
        return ",".join(cells)

    for _ in range(draw(st.integers(0, 12))):
        kind = draw(
            st.sampled_from(
                [
                    *["plain"] * 6,
                    "many",  # one piece in 16: a file past 64 KiB every few cases
                    *["quoted", "multiline", "stray", "bad", "count", "blank", "bytes"],
                    *["quoted", "stray"],
                ]
            )
        )
        if kind == "plain":
            pieces += [plain_row() for _ in range(draw(st.integers(1, 30)))]
        elif kind == "many":  # past a 64 KiB chunk or two
            pieces += [plain_row() for _ in range(6000)]
        elif kind == "blank":
            pieces.append(draw(st.sampled_from(["", "  "])))
        elif kind == "bytes":
            pieces.append(b"P\xff," + b"yes")
        else:
            cells = []
            for name in columns:
                if name == "id":
                    text = draw(st.lists(ID_CHARS, max_size=5).map("".join))
                    multiline = kind == "multiline"
                    cells.append(field(text + ("\n" if multiline else ""), force_quotes=multiline))
                else:
                    value = draw(st.sampled_from(BAD_CELLS if kind == "bad" else CELLS))
                    cells.append(
                        field(value, force_quotes=kind == "quoted" and draw(st.booleans()))
                    )
            if kind == "stray":
                index = draw(st.integers(0, len(cells) - 1))
                cells[index] = '"' + cells[index]
            if kind == "count":
                cells = cells[1:] if draw(st.booleans()) else [*cells, "yes"]
            pieces.append(",".join(cells))
    lines = [layout.encode()]
    for piece in pieces:
        lines.append(piece if isinstance(piece, bytes) else piece.encode())
    return layout, end.encode().join(lines) + end.encode()


# --- the reference: a plain reader, one record at a time ------------------------------------


class _Lines:
    """The decoded lines of a file from a position on; a line that is not UTF-8 raises."""

    def __init__(self, lines: list[bytes], position: int) -> None:
        self.lines = lines
        self.position = position

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1].decode()


def reference(layout: str, data: bytes) -> list[tuple[Expected, list[str] | None]]:
    """What every path must give, read the plain way, each with its record's fields.

    A record that is not valid CSV (or is cut by a line that is not UTF-8) is an error on its
    first line (its fields None), and its other lines are read again; a line that is not UTF-8
    at the start of a record is an error on that line.
    """
    columns = layout.split(",")
    id_column = columns.index("id") if "id" in columns else None
    findings = [Finding(name) for name in columns if name != "id"]
    lines = data.splitlines(keepends=True)
    expected: list[tuple[Expected, list[str] | None]] = []
    feed = _Lines(lines, 1)  # after the header
    reader = csv.reader(feed, strict=True)
    while feed.position < len(lines):
        start = feed.position + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError):
            expected.append((Expected(start, str(start), None), None))
            feed = _Lines(lines, start)  # read again from the line after the record's first
            reader = csv.reader(feed, strict=True)
            continue
        if not any(field.strip() for field in record):  # a blank line, or delimiters only
            continue
        ident = str(start)
        if id_column is not None and id_column < len(record):
            ident = record[id_column]
        verdict = None
        if len(record) == len(columns):
            cells = [cell for index, cell in enumerate(record) if index != id_column]
            try:
                answers = {
                    finding: parse_answer(cell)
                    for finding, cell in zip(findings, cells, strict=True)
                }
            except ValueError:
                pass
            else:
                verdict = evaluate(answers).verdict.value
        expected.append((Expected(start, ident, verdict), record))
    return expected


def as_jsonl(layout: str, records: list[tuple[Expected, list[str] | None]]) -> bytes:
    """The same rows as JSON Lines, each object on the line where its CSV record starts.

    Lines in between are blank (skipped by JSON Lines); a bad record becomes a bad object on
    its line (a bad value stays a bad value, anything else is not JSON).
    """
    columns = layout.split(",")
    id_column = columns.index("id") if "id" in columns else None
    objects = {}
    for item, record in records:
        if record is not None and len(record) == len(columns):
            row = dict(zip(columns, record, strict=True))
            if id_column is None:
                row.pop("id", None)
            objects[item.line] = json.dumps(row)
        elif record is not None and id_column is not None and id_column < len(record):
            objects[item.line] = json.dumps({"id": record[id_column], "sleep": "maybe"})
        else:
            objects[item.line] = "{not json"
    last = max(objects, default=0)
    return "".join(objects.get(line, "") + "\n" for line in range(1, last + 1)).encode()


# --- the runs -------------------------------------------------------------------------------


class Pipe(io.RawIOBase):
    """A pipe: the bytes arrive in pieces of random sizes."""

    def __init__(self, data: bytes, seed: int) -> None:
        self._data = data
        self._random = random.Random(seed)  # noqa: S311  (piece sizes, not secrets)

    def readable(self) -> bool:
        """Yes: this is an input."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """A piece of the data, at most the buffer's size."""
        size = min(len(buffer), len(self._data), self._random.choice([1, 100, 5000, 70000]))
        buffer[:size] = self._data[:size]
        self._data = self._data[size:]
        return size


_LINE = re.compile(r"^x\.(?:csv|jsonl):(\d+):")


def rows_of(output: bytes, output_format: str) -> list[Expected]:
    """The output rows as (line of an error, id, verdict); the line is 0 for a good row."""
    rows = []
    if output_format == "csv":
        reader = csv.DictReader(io.StringIO(output.decode(), newline=""))
        for row in reader:
            rows.append(_row(row["id"], row["verdict"] or None, row["error"]))
    else:
        for text in output.decode().splitlines():
            row = json.loads(text)
            rows.append(_row(row["id"], row.get("verdict"), row.get("error", "")))
    return rows


def _row(ident: str, verdict: str | None, error: str) -> Expected:
    match = _LINE.match(error)
    return Expected(int(match.group(1)) if match else 0, ident, verdict)


def run(
    stream: BinaryIO, name: str, input_format: InputFormat, output_format: str, chunk_size: int
) -> tuple:
    """Output rows, error lines reported and the summary of one --keep-going run."""
    sink = io.BytesIO()
    writer = (CsvWriter if output_format == "csv" else JsonlWriter)(sink, keep_going=True)
    reported: list[int] = []
    summary = command.run(
        Input(stream, name, chunk_size=chunk_size),
        input_format,
        writer,
        on_error=lambda error: reported.append(error.line),
        keep_going=True,
    )
    return rows_of(sink.getvalue(), output_format), reported, summary


def check(expected: list[Expected], result: tuple, where: str) -> None:
    """One run against the reference: rows, reported errors and counts."""
    rows, reported, summary = result
    good = [Expected(0, item.id, item.verdict) for item in expected if item.verdict]
    bad = [item.line for item in expected if item.verdict is None]
    want = [
        Expected(0, item.id, item.verdict) if item.verdict else Expected(item.line, item.id, None)
        for item in expected
    ]
    assert rows == want, where
    assert reported == bad, where
    assert summary.errors == len(bad), where
    assert summary.rows == len(expected), where
    assert summary.verdicts == Counter(Verdict(item.verdict) for item in good), where


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    generated=csv_files(),
    seed=st.integers(0, 1 << 30),
    chunk_size=st.sampled_from([256, 4096, CHUNK_SIZE]),
)
def test_every_reading_path_agrees_on_ids_verdicts_and_error_lines(
    generated: tuple[str, bytes],
    seed: int,
    chunk_size: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """CSV to CSV, CSV to JSON Lines and JSON Lines input agree with the reference reader.

    From a file and from a pipe, read in chunks of 64 KiB (the default) or smaller ones, on every
    id, verdict and error line, with every bad row reported and the counts adding up to every
    record of the file.
    """
    RUNS["batch-differential"] += 1
    layout, data = generated
    records = reference(layout, data)
    expected = [item for item, _ in records]
    jsonl = as_jsonl(layout, records)
    folder = tmp_path_factory.mktemp("diff")
    (folder / "x.csv").write_bytes(data)
    (folder / "x.jsonl").write_bytes(jsonl)
    for output_format in ("csv", "jsonl"):
        for suffix, input_format, text in (
            ("csv", InputFormat.CSV, data),
            ("jsonl", InputFormat.JSONL, jsonl),
        ):
            if input_format is InputFormat.JSONL and not expected:
                continue  # no object at all: JSON Lines calls that an empty file
            with (folder / f"x.{suffix}").open("rb") as stream:
                result = run(stream, f"x.{suffix}", input_format, output_format, chunk_size)
            check(expected, result, f"{suffix} file to {output_format}")
            pipe = io.BufferedReader(Pipe(text, seed))
            result = run(pipe, f"x.{suffix}", input_format, output_format, chunk_size)  # type: ignore[arg-type]
            check(expected, result, f"{suffix} pipe to {output_format}")
