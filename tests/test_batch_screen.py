"""`oms batch` csv and jsonl on a terminal: control characters shown, never acted on.

Ids come from files and can hold escape sequences (clear the screen, write the clipboard with OSC
52, hyperlinks with OSC 8), a bell, C1 controls or bidi overrides that disguise a row. On a
terminal they are shown as escapes; files and pipes keep the exact bytes, and pay nothing for it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from oms_cli.batch import OutputFormat, writing
from oms_cli.batch.writing import csv_field
from tests.conftest import Invoke

HOSTILE_IDS = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "ring\x07",  # BEL
    "\x9b31mred",  # C1 CSI
    "\u202eevil",  # right-to-left override
    "line\nbreak",  # a quoted CSV field spanning lines
    'say "hi",\vthere',  # quotes, comma, vertical tab
    "\U000e0001tag",  # an invisible format character beyond 16 bits
    "plain",
]
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\v", "\r", "\U000e0001")


def on_screen(output_format: OutputFormat, chunks: list[bytes]) -> str:
    """What a terminal is sent for these writes of whole rows (`writing.on_screen`)."""
    csv_rows = output_format is OutputFormat.CSV
    return b"".join(writing.on_screen(chunk, csv_rows=csv_rows) for chunk in chunks).decode()


def test_csv_on_a_terminal_shows_controls_and_keeps_one_line_a_row() -> None:
    """CSV on a terminal: no raw control, and a line break only at the end of each row.

    A line end inside a quoted field is shown as an escape, so every row stays one line on the
    screen even when its id spans lines; one write or one write a row gives the same text.
    """
    idents = [*HOSTILE_IDS, "carriage\r\nreturn"]
    rows = [csv_field(ident).encode() + b",met\n" for ident in idents]
    shown = on_screen(OutputFormat.CSV, [b"".join(rows)])
    assert on_screen(OutputFormat.CSV, rows) == shown
    assert not any(control in shown for control in RAW_CONTROLS)
    lines = shown.split("\n")
    assert lines[-1] == ""
    assert len(lines) - 1 == len(idents)
    assert all(line.endswith(",met") for line in lines[:-1])
    assert lines[0] == "\\x1b[2J\\x1b[H,met"
    assert lines[6] == '"line\\x0abreak",met'
    assert lines[-3] == "plain,met"
    assert lines[-2] == '"carriage\\x0d\\x0areturn",met'


def test_jsonl_on_a_terminal_shows_controls_and_reads_back_the_same() -> None:
    """JSON Lines on a terminal: no raw control, each line still JSON with the very same id."""
    lines = [json.dumps({"id": ident}, ensure_ascii=False) for ident in HOSTILE_IDS]
    shown = on_screen(OutputFormat.JSONL, [("\n".join(lines) + "\n").encode()])
    assert not any(control in shown for control in RAW_CONTROLS)
    parsed = [json.loads(line)["id"] for line in shown.splitlines()]
    assert parsed == HOSTILE_IDS


def test_files_and_pipes_never_go_through_the_terminal_view(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not on a terminal, output is the exact bytes, and the terminal view is never even made.

    So a batch to a file or a pipe costs nothing more for it, per row or per run.
    """

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the terminal view was made for output that is not a terminal")

    monkeypatch.setattr(writing, "on_screen", never)
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "id,sleep\n" + "".join(csv_field(ident) + ",yes\n" for ident in HOSTILE_IDS),
        encoding="utf-8",
        newline="",
    )
    for output_format in ("csv", "jsonl"):
        result = cli("batch", str(cases), "--format", output_format)
        assert result.exit_code == 0, result.stderr
        assert ids_in(result.stdout, output_format) == HOSTILE_IDS
        assert "\u202eevil" in result.stdout  # raw in either format


def ids_in(output: str, output_format: str) -> list[str]:
    """The ids of batch output, read back as a program would."""
    if output_format == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(output, newline=""))]
    return [json.loads(line)["id"] for line in output.splitlines()]


def read_terminal(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until its other end closed."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        shown += chunk
    return shown


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_a_real_terminal_gets_no_escape_sequence_from_an_id(
    tmp_path: Path, output_format: str
) -> None:
    """`oms batch cases.csv --format csv|jsonl` with standard output a terminal (a pty).

    The terminal receives no escape, bell, C1 or bidi character from an id; the same command
    into a pipe writes the ids exactly.
    """
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "id,sleep\n" + "".join(csv_field(ident) + ",yes\n" for ident in HOSTILE_IDS),
        encoding="utf-8",
        newline="",
    )
    command = [sys.executable, "-m", "oms_cli", "batch", str(cases), "--format", output_format]
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE)
        os.close(follower)
        shown = read_terminal(leader).decode()
        _, stderr = process.communicate(timeout=60)
    finally:
        os.close(leader)
    assert process.returncode == 0, stderr
    lines = shown.split("\r\n")  # the terminal turns each line end into CR LF
    assert len(lines) - 1 == len(HOSTILE_IDS) + (output_format == "csv")
    assert not any(control in shown.replace("\r\n", "\n") for control in RAW_CONTROLS)
    assert "\\x1b[2J" in shown or "\\u001b[2J" in shown
    piped = subprocess.run(command, capture_output=True, check=True, timeout=60).stdout
    assert ids_in(piped.decode(), output_format) == HOSTILE_IDS
    assert "\u202eevil".encode() in piped
