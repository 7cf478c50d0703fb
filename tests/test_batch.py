"""Tests for `oms batch`: round trips, every kind of bad input, atomic output, streaming memory."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oms_cli.batch import InputFormat, reading, rows
from oms_cli.batch.command import run
from oms_cli.batch.reading import Input
from oms_cli.batch.rows import OUTPUT_COLUMNS, BatchError, Summary
from oms_cli.batch.writing import CsvWriter, JsonlWriter, csv_field
from oms_cli.rules import (
    ANSWER_WORDS,
    CRITERIA,
    FINDINGS,
    Answer,
    Assessment,
    Finding,
    all_combinations,
    evaluate,
    evaluate_answers,
    parse_answer,
)
from tests.conftest import Invoke, golden
from tests.test_startup_guard import imported_modules

HEADER = "id," + ",".join(FINDINGS)
OUT_HEADER = (
    "id,verdict,met_count,unknown_count,neuroblastoma,opsoclonus,myoclonus_ataxia,behavior_sleep"
)
# Spellings cycled through in the round trip, so that every accepted word and case is read.
SPELLINGS: dict[Answer, tuple[str, ...]] = {
    Answer.YES: ("yes", "Y", "TRUE", "1", "Yes"),
    Answer.NO: ("no", "N", "False", "0", "NO"),
    Answer.UNKNOWN: ("unknown", "U", "", " ", "Unknown"),
}


def write(path: Path, text: str | bytes) -> Path:
    """Write text (UTF-8, line ends as given) or bytes to a file and return its path."""
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def csv_rows(text: str) -> list[dict[str, str]]:
    """CSV output parsed back into dictionaries."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def combination_rows() -> list[tuple[str, tuple[Answer, ...]]]:
    """All 729 combinations, each with an id that needs quoting in CSV."""
    return [(f'case {n}, "{n}"', answers) for n, answers in enumerate(all_combinations())]


def spelled(answer: Answer, n: int) -> str:
    """One of the accepted spellings of an answer, varying with n."""
    options = SPELLINGS[answer]
    return options[n % len(options)]


def expected_row(answers: tuple[Answer, ...]) -> dict[str, str]:
    """What the rules engine says, as CSV output cells."""
    assessment = evaluate(dict(zip(FINDINGS, answers, strict=True)))
    return {
        "verdict": assessment.verdict.value,
        "met_count": str(assessment.met_count),
        "unknown_count": str(assessment.unknown_count),
        **{result.criterion.id: result.status.value for result in assessment.criteria},
    }


# --- round trip ----------------------------------------------------------------------------------


def combinations_csv() -> str:
    """All combinations as CSV input, spelled in every accepted way, ids quoted."""
    lines = [HEADER]
    for n, (ident, answers) in enumerate(combination_rows()):
        cells = [spelled(answer, n + i) for i, answer in enumerate(answers)]
        lines.append(csv_field(ident) + "," + ",".join(cells))
    return "\n".join(lines) + "\n"


def combinations_jsonl() -> str:
    """All combinations as JSON Lines, answers as words, JSON true/false/null and numbers."""
    json_forms: dict[Answer, tuple[object, ...]] = {
        Answer.YES: ("yes", True, 1, "Y"),
        Answer.NO: ("no", False, 0, "n"),
        Answer.UNKNOWN: ("unknown", None, "", "U"),
    }
    lines = []
    for n, (ident, answers) in enumerate(combination_rows()):
        row: dict[str, object] = {"id": ident}
        for i, (finding, answer) in enumerate(zip(FINDINGS, answers, strict=True)):
            forms = json_forms[answer]
            row[finding.value] = forms[(n + i) % len(forms)]
        lines.append(json.dumps(row))
    return "\n".join(lines) + "\n"


def test_a_batch_works_out_each_combination_once(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule runs once per combination of answers, however often and however spelled it is.

    Three copies of all 729 combinations, spelled differently each time, through both CSV paths
    (plain lines and quoted ids): 729 evaluations. CSV output never makes the JSON text.
    """
    from oms_cli.batch import rows

    monkeypatch.setattr(rows, "_OUTCOMES", {})
    evaluated: list[tuple[Answer, ...]] = []

    def counted(answers: tuple[Answer, ...]) -> Assessment:
        evaluated.append(answers)
        return evaluate_answers(answers)

    monkeypatch.setattr(rows, "evaluate_answers", counted)
    quoted = combinations_csv()
    plain = [HEADER]
    for n, (_, answers) in enumerate(combination_rows()):
        for shift, prefix in ((1, "P"), (2, "Q")):  # spelled unlike the quoted file and each other
            cells = (spelled(answer, n + i + shift) for i, answer in enumerate(answers))
            plain.append(f"{prefix}{n}," + ",".join(cells))
    for name, text in (("quoted", quoted), ("plain", "\n".join(plain) + "\n")):
        result = cli("batch", str(write(tmp_path / f"{name}.csv", text)), "--format", "csv")
        assert result.exit_code == 0, result.stderr
    assert len(evaluated) == len(set(evaluated)) == 729
    assert not any("json_tail" in vars(outcome) for outcome in rows._OUTCOMES.values())


@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
@pytest.mark.parametrize("input_format", ["csv", "jsonl"])
@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_round_trip_of_all_combinations_matches_the_rules_engine(
    cli: Invoke, tmp_path: Path, from_stdin: bool, input_format: str, output_format: str
) -> None:
    """All 729 combinations round-trip to exactly the rules engine's results.

    Read from csv or jsonl (a file or stdin), written as csv or jsonl: each row carries its id and
    the engine's verdict, counts and statuses (and in jsonl the findings as read).
    """
    text = combinations_csv() if input_format == "csv" else combinations_jsonl()
    if from_stdin:
        args = ["-", "--input-format", input_format]
        result = cli("batch", *args, "--format", output_format, input=text)
    else:
        path = write(tmp_path / f"cases.{input_format}", text)
        result = cli("batch", str(path), "--format", output_format)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if output_format == "csv":
        rows = csv_rows(result.stdout)
    else:
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = combination_rows()
    assert len(rows) == len(expected) == 729
    for row, (ident, answers) in zip(rows, expected, strict=True):
        assert row["id"] == ident
        wanted = expected_row(answers)
        if output_format == "jsonl":
            read = {f.value: a.value for f, a in zip(FINDINGS, answers, strict=True)}
            assert row["findings"] == read
        assert {key: str(row[key]) for key in wanted} == wanted


def test_missing_finding_columns_are_unknown_and_line_numbers_are_ids(cli: Invoke) -> None:
    """Without an id column the id is the line number; a finding without a column is unknown."""
    result = cli("batch", "-", input="opsoclonus,myoclonus,sleep\nyes,yes,yes\n\nno,no,no\n")
    assert result.exit_code == 0
    rows = csv_rows(result.stdout)
    assert [row["id"] for row in rows] == ["2", "4"]
    assert rows[0]["verdict"] == "met"
    assert rows[0]["neuroblastoma"] == "unknown"
    assert rows[1]["opsoclonus"] == "not_met"
    assert (rows[1]["verdict"], rows[1]["unknown_count"]) == ("undetermined", "3")


def test_jsonl_ids_are_always_strings_and_numbers_keep_their_text(cli: Invoke) -> None:
    """In JSON Lines output every id is a string.

    Numbers keep their literal text; absent or null ids are the line number; blank lines are
    skipped (and still counted as lines).
    """
    text = '{"id": 7, "opsoclonus": 1}\n\n  \n{"id": 1e3}\n{"id": null}\n{"sleep": true}\n'
    result = cli("batch", "-", "--format", "jsonl", input=text)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["7", "1e3", "5", "6"]
    assert rows[0]["findings"]["opsoclonus"] == "yes"
    assert rows[3]["findings"]["sleep"] == "yes"


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_awkward_ids_survive_exactly(cli: Invoke, tmp_path: Path, output_format: str) -> None:
    """Ids with commas, quotes, CR/LF newlines, spaces and unicode come back exactly."""
    ids = [
        "a,b",
        'say "hi"',
        "two\nlines",
        "crlf\r\nline",
        "  padded ",
        "Zoë 日本 🙂",
        "\u202eabc",
        "",
    ]
    path = tmp_path / "cases.csv"
    body = "".join(csv_field(ident) + ",yes,no\r\n" for ident in ids)
    write(path, "id,opsoclonus,sleep\r\n" + body)
    result = cli("batch", str(path), "--format", output_format)
    assert result.exit_code == 0, result.stderr
    if output_format == "csv":
        got = [row["id"] for row in csv_rows(result.stdout_bytes.decode())]
    else:
        got = [json.loads(line)["id"] for line in result.stdout_bytes.decode().split("\n") if line]
    assert got == ids


def test_bom_and_crlf_are_accepted(cli: Invoke, tmp_path: Path) -> None:
    """A UTF-8 byte-order mark and CRLF line ends read like plain UTF-8 with LF."""
    plain = "id,opsoclonus,myoclonus,behavior\nP1,yes,yes,yes\nP2,no,,\n"
    with_bom = b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode()
    a = cli("batch", str(write(tmp_path / "a.csv", plain)))
    b = cli("batch", str(write(tmp_path / "b.csv", with_bom)))
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout
    assert csv_rows(b.stdout)[0]["id"] == "P1"


@pytest.mark.parametrize(("output_format", "expected"), [("csv", OUT_HEADER + "\n"), ("jsonl", "")])
def test_header_only_csv_is_valid(
    cli: Invoke, tmp_path: Path, output_format: str, expected: str
) -> None:
    """A CSV file with a header and no rows is valid: exit 0 and header-only output."""
    path = write(tmp_path / "cases.csv", HEADER + "\r\n")
    result = cli("batch", str(path), "--format", output_format)
    assert result.exit_code == 0
    assert result.stdout == expected


@pytest.mark.parametrize("to_file", [False, True])
def test_a_bad_first_row_writes_nothing_not_even_the_header(
    cli: Invoke, tmp_path: Path, to_file: bool
) -> None:
    """Stopping at the first row leaves no output at all: no header alone on stdout or in a file."""
    path = write(tmp_path / "cases.csv", "id,sleep\nA,perhaps\n")
    out = tmp_path / "out.csv"
    result = cli("batch", str(path), *(["--output", str(out)] if to_file else []))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'perhaps' is not yes, no or unknown" in result.stderr
    assert not out.exists()


def test_header_only_csv_writes_a_header_only_output_file(cli: Invoke, tmp_path: Path) -> None:
    """The same through --output: the file holds just the header."""
    path = write(tmp_path / "cases.csv", HEADER + "\n")
    result = cli("batch", str(path), "--output", str(tmp_path / "out.csv"))
    assert result.exit_code == 0
    assert (tmp_path / "out.csv").read_text() == OUT_HEADER + "\n"


# --- bad input -----------------------------------------------------------------------------------


BAD_CSV = "id,neuroblastoma,opsoclonus,myoclonus\nP1,yes,yes,yes\nP2,no,no,perhaps\n"


def run_bad(cli: Invoke, tmp_path: Path, name: str, content: str | bytes, *args: str) -> str:
    """Run batch on a file that must be refused; return the one error line."""
    path = write(tmp_path / name, content)
    result = cli("batch", str(path), *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("oms: error: ")
    return result.stderr.removeprefix("oms: error: ").rstrip("\n").replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "cases.csv",
            BAD_CSV,
            "cases.csv:3: column 4 (myoclonus): 'perhaps' is not yes, no or unknown",
        ),
        ("cases.csv", "", "cases.csv: is empty (no rows and no header)"),
        ("cases.csv", " \n\r\n\t\n", "cases.csv: is empty (no rows and no header)"),
        ("cases.jsonl", "\n\n", "cases.jsonl: is empty (no rows and no header)"),
        ("cases.csv", b"\xef\xbb\xbf", "cases.csv: is empty (no rows and no header)"),
        (
            "cases.csv",
            b"id,sleep\n\x00\x01\x02",
            "cases.csv: is a binary file (it contains NUL bytes)",
        ),
        ("cases.csv", "id,sleep\n".encode("utf-16"), "cases.csv: is UTF-16 text; save it as UTF-8"),
        (
            "cases.csv",
            b"id,sleep\nP1,yes\nP\xe9,no\n",
            "cases.csv:3: byte 0xe9 at byte 2 of the line is not UTF-8 text; "
            "save the file as UTF-8",
        ),
        (
            "cases.csv",
            "id,sleep,opsoclnus\n",
            "cases.csv:1: column 3 (opsoclnus): unknown column (did you mean 'opsoclonus'?); "
            "expected id or a finding (neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, "
            "sleep), or map it with --column FINDING=NAME",
        ),
        ("cases.csv", "id,Sleep,sleep \n", "cases.csv:1: column 3 (sleep ): repeats column 2"),
        ("cases.csv", "id,sleep\nP1,yes,no\n", "cases.csv:2: 3 fields, the header has 2"),
        ("cases.csv", "id,sleep\nP1\n", "cases.csv:2: 1 field, the header has 2"),
        (
            "cases.csv",
            'id,sleep\n"P1"x,yes\n',
            "cases.csv:2: not valid CSV: ',' expected after '\"'",
        ),
        ("cases.csv", 'id,sleep\n"P1,yes\n', "cases.csv:2: not valid CSV: unexpected end of data"),
        (
            "cases.csv",
            'id,"sleep\nP1,yes\nP2,no\n',
            "cases.csv:1: in the record of lines 1-3: unexpected end of data",
        ),
        (
            "cases.csv",
            "id,sleep\nP1,\x1b[31mred\n",
            "cases.csv:2: column 2 (sleep): '\\x1b[31mred' is not yes, no or unknown",
        ),
        (
            "cases.jsonl",
            '{"id": "a"}\n{"id": "b", "sleep": "perhaps"}\n',
            "cases.jsonl:2: key 'sleep': 'perhaps' is not yes, no or unknown",
        ),
        (
            "cases.jsonl",
            '{"id": "a"}\n\n{"id": "b", "sleep": }\n',
            "cases.jsonl:3: column 22: not JSON: Expecting value",
        ),
        ("cases.jsonl", '["a", "yes"]\n', "cases.jsonl:1: not a JSON object"),
        ("cases.jsonl", '{"id": 1}\n"text"\n', "cases.jsonl:2: not a JSON object"),
        (
            "cases.jsonl",
            '{"slep": "yes"}\n',
            "cases.jsonl:1: key 'slep': unknown key (did you mean 'sleep'?); expected id or a "
            "finding (neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep), or map it "
            "with --column FINDING=NAME",
        ),
        ("cases.jsonl", '{"sleep": 1, "Sleep": 0}\n', "cases.jsonl:1: key 'Sleep' appears twice"),
        ("cases.jsonl", '{"sleep": 1, "sleep": 0}\n', "cases.jsonl:1: key 'sleep' appears twice"),
        (
            "cases.jsonl",
            '{"id": "a"}\n{"sleep": ' + "[" * 3000 + "]" * 3000 + "}\n",
            "cases.jsonl:2: column 74: nested more than 64 levels deep",
        ),
        (
            "cases.jsonl",
            '{"sleep": [1]}\n',
            "cases.jsonl:1: key 'sleep': a list is not yes, no or unknown",
        ),
        (
            "cases.jsonl",
            '{"sleep": 2}\n',
            "cases.jsonl:1: key 'sleep': '2' is not yes, no or unknown",
        ),
        ("cases.jsonl", '{"id": {"a": 1}}\n', "cases.jsonl:1: key 'id': an object is not text"),
        ("cases.jsonl", '{"id": true}\n', "cases.jsonl:1: key 'id': true is not text"),
    ],
)
def test_every_bad_input_gets_a_precise_message_and_exit_2(
    cli: Invoke, tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    """Each kind of bad file or row ends with exit 2 and one precise line.

    The line names the file, the line, the column (number and name) or JSON key, and the value,
    shown safely.
    """
    assert run_bad(cli, tmp_path, name, content) == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('"' * 200_001 + ",yes\n", "cases.csv:2: not valid CSV: unexpected end of data"),
        (
            '"a,b",yes\n' + "a" * 200_000 + "\n",
            "cases.csv:3: 1 field, the header has 2",
        ),
    ],
    ids=["a run of quotes", "a huge field"],
)
def test_pathological_lines_are_refused_without_quadratic_work(
    cli: Invoke, tmp_path: Path, body: str, message: str
) -> None:
    """Long runs of quotes or a huge unquoted field get the message any row would get.

    A field may be as long as a line (1 MiB), on every path: a 200,000-character one is read,
    and here it is a row with too few fields.

    These once made the quoted-id lookup rescan the line from every position (minutes for these
    sizes); now each line is scanned a few times at most. The suite checks the outcome, not time.
    """
    assert run_bad(cli, tmp_path, "cases.csv", "id,sleep\n" + body) == message


def test_missing_file_and_folder_are_refused(cli: Invoke, tmp_path: Path) -> None:
    """A file that does not exist, or a folder, is named in a one-line error, exit 2."""
    missing = cli("batch", str(tmp_path / "nope.csv"))
    folder = cli("batch", str(tmp_path))
    assert missing.exit_code == folder.exit_code == 2
    assert missing.stderr == f"oms: error: {tmp_path}/nope.csv: no such file\n"
    assert folder.stderr == f"oms: error: {tmp_path}: is a folder, not a file\n"


def test_a_bad_value_on_stdin_names_stdin(cli: Invoke) -> None:
    """Errors in standard input are placed as <stdin>:line."""
    result = cli("batch", "-", input="sleep\nmaybe\n")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "oms: error: <stdin>:2: column 1 (sleep): 'maybe' is not yes, no or unknown\n"
    )


def test_input_format_is_sniffed_when_the_name_does_not_say(cli: Invoke, tmp_path: Path) -> None:
    """Standard input or a .txt file starting with "{" is JSON Lines, anything else CSV."""
    jsonl = cli("batch", "-", input='{"id": "x", "sleep": "yes"}\n')
    text = cli("batch", str(write(tmp_path / "cases.txt", "id,sleep\nx,yes\n")))
    assert jsonl.exit_code == text.exit_code == 0
    assert jsonl.stdout == text.stdout


# --- keep going ----------------------------------------------------------------------------------


KEEP_GOING_CSV = (
    "id,opsoclonus,myoclonus,sleep\nP1,yes,yes,yes\nP2,yes,maybe,yes\nP3,no,no\nP4,n,n,n\n"
)


def test_keep_going_csv_reports_each_bad_row_and_evaluates_the_rest(cli: Invoke) -> None:
    """--keep-going evaluates every good row and reports each bad one.

    Bad rows are on stderr and in the error column (empty for good rows); exit 2 at the end.
    """
    result = cli("batch", "-", "--keep-going", input=KEEP_GOING_CSV)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "oms: error: <stdin>:3: column 3 (myoclonus): 'maybe' is not yes, no or unknown",
        "oms: error: <stdin>:4: 3 fields, the header has 4",
        "oms: error: 2 rows of 4 could not be evaluated (see above)",
    ]
    rows = csv_rows(result.stdout)
    assert [(row["id"], row["verdict"], row["error"]) for row in rows] == [
        ("P1", "met", ""),
        ("P2", "", "<stdin>:3: column 3 (myoclonus): 'maybe' is not yes, no or unknown"),
        ("P3", "", "<stdin>:4: 3 fields, the header has 4"),
        ("P4", "undetermined", ""),
    ]


def test_keep_going_jsonl_puts_an_error_field_on_bad_rows(cli: Invoke) -> None:
    """In JSON Lines output a bad row is {"id", "error"}; good rows have no error key."""
    text = '{"id": "a", "sleep": "y"}\nnot json\n{"id": "c", "sleep": "x"}\n'
    result = cli("batch", "-", "--keep-going", "--format", "jsonl", input=text)
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert "error" not in rows[0]
    assert rows[1] == {"id": "2", "error": "<stdin>:2: column 1: not JSON: Expecting value"}
    assert rows[2] == {"id": "c", "error": "<stdin>:3: key 'sleep': 'x' is not yes, no or unknown"}


def test_keep_going_still_stops_at_a_bad_header(cli: Invoke) -> None:
    """A bad header leaves nothing to evaluate: exit 2 with the header's error, no rows."""
    result = cli("batch", "-", "--keep-going", input="id,ataxai\nP1,red\n")
    assert result.exit_code == 2
    assert "column 2 (ataxai): unknown column (did you mean 'ataxia'?)" in result.stderr
    assert result.stdout == ""


# --- output --------------------------------------------------------------------------------------


def test_output_file_format_follows_its_extension(cli: Invoke, tmp_path: Path) -> None:
    """--output x.jsonl writes JSON Lines without --format; .csv writes CSV; --format wins."""
    path = write(tmp_path / "cases.csv", "id,sleep\nP1,yes\n")
    cli("batch", str(path), "--output", str(tmp_path / "a.jsonl"))
    cli("batch", str(path), "--output", str(tmp_path / "b.csv"))
    cli("batch", str(path), "--output", str(tmp_path / "c.csv"), "--format", "jsonl")
    assert json.loads((tmp_path / "a.jsonl").read_text())["id"] == "P1"
    assert (tmp_path / "b.csv").read_text().startswith(OUT_HEADER)
    assert json.loads((tmp_path / "c.csv").read_text())["id"] == "P1"


def test_failure_midway_leaves_no_output_file(cli: Invoke, tmp_path: Path) -> None:
    """A bad row after many good ones: exit 2, no output file and no temporary file left."""
    rows = "".join(f"P{n},yes,no\n" for n in range(50_000))
    path = write(tmp_path / "cases.csv", "id,sleep,ataxia\n" + rows + "P-bad,yes,perhaps\n")
    result = cli("batch", str(path), "--output", str(tmp_path / "out.csv"))
    assert result.exit_code == 2
    assert "cases.csv:50002: column 3 (ataxia): 'perhaps'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv"]


def test_existing_output_is_untouched_without_force(cli: Invoke, tmp_path: Path) -> None:
    """An existing output file is refused (exit 2, unchanged) unless --force replaces it."""
    path = write(tmp_path / "cases.csv", "id,sleep\nP1,yes\n")
    out = write(tmp_path / "out.csv", "precious\n")
    refused = cli("batch", str(path), "--output", str(out))
    assert refused.exit_code == 2
    assert (
        refused.stderr
        == f"oms: error: --output: '{out}' already exists; add --force to replace it\n"
    )
    assert out.read_text() == "precious\n"
    forced = cli("batch", str(path), "--output", str(out), "--force")
    assert forced.exit_code == 0
    assert out.read_text().startswith(OUT_HEADER)


def test_output_that_is_the_input_is_refused_even_with_force(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The input file is never the output: same path, another spelling, a symlink, a hard link."""
    path = write(tmp_path / "cases.csv", "id,sleep\nP1,yes\n")
    (tmp_path / "link.csv").symlink_to(path)
    os.link(path, tmp_path / "hard.csv")
    spellings = [str(path), str(tmp_path / "." / "cases.csv"), "link.csv", "hard.csv"]
    monkeypatch.chdir(tmp_path)  # restored after the test: later tests use relative paths
    for output in spellings:
        result = cli("batch", str(path), "--output", output, "--force")
        assert result.exit_code == 2, output
        assert "is the input file" in result.stderr
    assert path.read_text() == "id,sleep\nP1,yes\n"


def test_output_into_a_missing_folder_is_refused(cli: Invoke, tmp_path: Path) -> None:
    """An output whose folder does not exist is refused before anything is read."""
    path = write(tmp_path / "cases.csv", "id,sleep\nP1,yes\n")
    result = cli("batch", str(path), "--output", str(tmp_path / "no" / "out.csv"))
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


def test_table_shows_ids_literally(cli: Invoke) -> None:
    """The table for people shows statuses in words and ids literally.

    Ids with markup and escape sequences are shown as text (never interpreted), error rows are
    marked, and the disclaimer ends the output.
    """
    text = (
        "id,neuroblastoma,opsoclonus,myoclonus,behavior\n"
        "[bold]P1[/bold],yes,yes,yes,yes\n"
        "\x1b[31mP2,no,no,,\n"
        "P3,,yes,yes,\n"
        "P4,maybe,,,\n"
    )
    result = cli("batch", "-", "--format", "table", "--keep-going", input=text)
    assert result.exit_code == 2
    assert "\x1b" not in result.stdout
    golden("batch_table.txt", result.stdout)


# --- one reader, whatever the chunks ------------------------------------------------------------

ID_TEXT = st.lists(st.sampled_from([*'ab1 ,"\n\r\té日🙂', "\r\n"]), max_size=6).map("".join)
CELL = st.sampled_from([*ANSWER_WORDS, "YES", "No", "", " u ", "maybe", "2"])
LAYOUTS = ["id,sleep,ataxia", "sleep,ataxia", "ataxia,id,sleep", "sleep,id", "sleep", "id,sleep"]


def batch_bytes(source: bytes, chunk_size: int) -> tuple[bytes, list[str], Summary]:
    """CSV output, error messages and counts of a --keep-going run read in chunks of this size."""
    sink = io.BytesIO()
    errors: list[str] = []
    summary = run(
        Input(io.BytesIO(source), "x.csv", chunk_size=chunk_size),
        InputFormat.CSV,
        CsvWriter(sink, keep_going=True),
        on_error=lambda e: errors.append(e.message),
        keep_going=True,
    )
    return sink.getvalue(), errors, summary


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(LAYOUTS),
    rows=st.lists(st.tuples(ID_TEXT, st.lists(CELL, min_size=0, max_size=3)), max_size=40),
    crlf=st.booleans(),
    chunk_size=st.sampled_from([1, 7, 64]),
)
def test_the_output_does_not_depend_on_how_the_input_is_chunked(
    header: str, rows: list[tuple[str, list[str]]], crlf: bool, chunk_size: int
) -> None:
    """Read in chunks of 1, 7 or 64 bytes or of 64 KiB, a file gives the same bytes and errors.

    And every good row is what Python's own csv module and the rule say about it: the same id
    (or line number), in order, with the rule's verdict.
    """
    end = "\r\n" if crlf else "\n"
    lines = [header]
    names = header.split(",")
    for ident, cells in rows:
        fields = list(cells)
        if "id" in names:
            fields.insert(min(names.index("id"), len(fields)), csv_field(ident))
        lines.append(",".join(fields))
    source = (end.join(lines) + end).encode()
    output, errors, summary = batch_bytes(source, 1 << 16)
    assert batch_bytes(source, chunk_size) == (output, errors, summary)
    good = [row for row in csv_rows(output.decode()) if not row["error"]]
    assert len(good) == sum(summary.verdicts.values())
    expected = []
    for fields in list(csv.reader(io.StringIO(source.decode(), newline="")))[1:]:
        if len(fields) != len(names) or not any(field.strip() for field in fields):
            continue  # a wrong number of fields (an error row), or a blank record (no row)
        cells = {name: cell for name, cell in zip(names, fields, strict=True) if name != "id"}
        try:
            answers = {Finding(name): parse_answer(value) for name, value in cells.items()}
        except ValueError:
            continue
        expected.append(evaluate(answers).verdict.value)
    assert [row["verdict"] for row in good] == expected


LINE_TAILS = st.sampled_from(["yes,no", "Y,n", "yes,no,", "yes", "", " ", ",", "no,maybe", "u,U"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    delimiter=st.sampled_from([",", ";", "\t"]),
    rows=st.lists(
        st.tuples(st.sampled_from(["P1", "a,b", "x y", "", "7"]), LINE_TAILS), max_size=60
    ),
    repeat=st.integers(1, 4),
    crlf=st.booleans(),
    chunk_size=st.sampled_from([16, 64, 1 << 16]),
)
def test_the_line_cache_reads_as_the_csv_reader_does(
    delimiter: str, rows: list[tuple[str, str]], repeat: int, crlf: bool, chunk_size: int
) -> None:
    """Lines the line cache reads (no quotes, met before but for the id) come out as without it.

    Repeated rows (so the cache learns them), ids with a comma (quoted on output when the file
    is not comma-separated), blank lines, too few or too many fields and bad values, any line
    ends, any chunk size: the same output, errors and counts as with the cache off.
    """
    end = "\r\n" if crlf else "\n"
    lines = [delimiter.join(["id", "sleep", "ataxia"])]
    lines += [f"{ident}{delimiter}{tail.replace(',', delimiter)}" for ident, tail in rows] * repeat
    source = (end.join(lines) + end).encode()
    with_cache = batch_bytes(source, chunk_size)
    with patch.object(reading, "LINES_CACHED", 0):
        assert batch_bytes(source, chunk_size) == with_cache


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "a quoted id first"])
def test_the_line_cache_reads_repeated_lines_without_the_csv_reader(
    monkeypatch: pytest.MonkeyPatch, quoted: bool
) -> None:
    """An ordinary export (id first, lines that repeat but for the id) skips csv.reader.

    Most of 60,000 rows go out from the line cache, also after a first read that held a quoted
    id (the reader read that one); the output is the same as with the cache off.
    """
    cells = ["yes", "no", ""]
    lines = ["id,neuroblastoma,opsoclonus,sleep"]
    lines += [f"P{n}," + ",".join(cells[(n >> k) % 3] for k in (0, 2, 4)) for n in range(60_000)]
    if quoted:
        lines[1] = '"P,0"' + lines[1].removeprefix("P0")
    source = ("\n".join(lines) + "\n").encode()
    parsed = []
    original = csv.reader

    class Counted:
        """csv.reader, counting the rows it reads."""

        def __init__(self, lines: Iterator[str], **options: str) -> None:
            self.reader = original(lines, **options)  # type: ignore[call-overload]

        def __iter__(self) -> Counted:
            return self

        def __next__(self) -> list[str]:
            parsed.append(1)
            return next(self.reader)  # type: ignore[no-any-return]

        @property
        def line_num(self) -> int:
            return self.reader.line_num  # type: ignore[no-any-return]

    monkeypatch.setattr(reading.csv, "reader", Counted)  # the csv module: restored after
    with_cache = batch_bytes(source, 1 << 16)
    assert len(parsed) < 12_000
    assert with_cache[2].rows == 60_000
    monkeypatch.setattr(reading, "LINES_CACHED", 0)
    assert batch_bytes(source, 1 << 16) == with_cache


def test_new_spellings_blank_cells_and_bad_lines_side_by_side() -> None:
    """Many lines of kinds never seen before, in one chunk: each gets its own output, in order.

    New spellings, the same new spelling twice, blank cells, a blank line, a line without a comma,
    too few or too many fields and a bad value; without keep-going the first bad line stops the
    run with its own message.
    """
    cells = ["Y,n", "yes,NO", "Y,n", " u ,", ",", "y", "yes,no,no", "yes,perhaps", "n,N", "", " "]
    lines = ["id,sleep,ataxia"]
    for number, text in enumerate(cells):
        lines.append(f"P{number},{text}" if text != "" else text)
    source = ("\n".join(lines) + "\n").encode()
    output, errors, _ = batch_bytes(source, 1 << 16)
    assert [(row["id"], row["verdict"]) for row in csv_rows(output.decode())] == [
        ("P0", "undetermined"),
        ("P1", "undetermined"),
        ("P2", "undetermined"),
        ("P3", "undetermined"),
        ("P4", "undetermined"),
        ("P5", ""),
        ("P6", ""),
        ("P7", ""),
        ("P8", "undetermined"),
        ("P10", ""),
    ]
    assert errors == [
        "x.csv:7: 2 fields, the header has 3",
        "x.csv:8: 4 fields, the header has 3",
        "x.csv:9: column 3 (ataxia): 'perhaps' is not yes, no or unknown",
        "x.csv:12: 2 fields, the header has 3",
    ]
    with pytest.raises(BatchError) as stopped:
        run(
            Input(io.BytesIO(source), "x.csv"),
            InputFormat.CSV,
            CsvWriter(io.BytesIO()),
            on_error=lambda e: None,
        )
    assert str(stopped.value) == errors[0]


# --- memory --------------------------------------------------------------------------------------


class GeneratedInput(io.RawIOBase):
    """An input made row by row as it is read: never held whole, in the test or anywhere."""

    def __init__(
        self, rows: int, *, jsonl: bool = False, quoted: bool = False, bad: bool = False
    ) -> None:
        self._lines = self._generate(rows, jsonl=jsonl, quoted=quoted, bad=bad)
        self._buffer = b""

    @staticmethod
    def _generate(rows: int, *, jsonl: bool, quoted: bool, bad: bool) -> Iterator[bytes]:
        words = ("yes", "no", "perhaps") if bad else ("yes", "no", "")
        if not jsonl:
            yield ("id," + ",".join(FINDINGS) + "\n").encode()
        for n in range(rows):
            cells = [words[(n >> shift) % 3] for shift in range(6)]
            if jsonl:
                row = {"id": f"P{n}", **dict(zip(FINDINGS, cells, strict=True))}
                yield (json.dumps(row) + "\n").encode()
            else:
                ident = f'"P,{n}"' if quoted else f"P{n}"
                yield (ident + "," + ",".join(cells) + "\n").encode()

    def readable(self) -> bool:
        """Yes: this is an input."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill the buffer with the next generated bytes."""
        while len(self._buffer) < len(buffer):
            line = next(self._lines, None)
            if line is None:
                break
            self._buffer += line
        size = min(len(buffer), len(self._buffer))
        buffer[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


class NullSink(io.RawIOBase):
    """An output that counts bytes and keeps none."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        """Yes: this is an output."""
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        """Count the bytes and drop them."""
        self.size += len(data)
        return len(data)


def peak_memory(rows: int, input_format: InputFormat, writer: type, **kind: bool) -> int:
    """Peak traced memory of a whole batch over a generated input of this many rows.

    With ``bad`` most rows are bad, and the run goes on (--keep-going), its errors dropped.
    """
    stream = io.BufferedReader(GeneratedInput(rows, **kind), 1 << 14)
    sink = NullSink()
    keep_going = kind.get("bad", False)
    tracemalloc.start()
    try:
        source = Input(stream, "generated", chunk_size=1 << 15)  # type: ignore[arg-type]
        summary = run(
            source,
            input_format,
            writer(sink, keep_going=keep_going),
            on_error=lambda error: None,
            keep_going=keep_going,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary.rows == rows
    assert sink.size > rows * 30
    return peak


@pytest.mark.parametrize(
    ("input_format", "writer", "kind", "small", "large"),
    [
        (InputFormat.CSV, CsvWriter, {}, 4_000, 60_000),
        (InputFormat.CSV, CsvWriter, {"quoted": True}, 2_000, 25_000),
        (InputFormat.JSONL, JsonlWriter, {"jsonl": True}, 1_500, 15_000),
        (InputFormat.CSV, CsvWriter, {"bad": True}, 800, 8_000),
        (InputFormat.JSONL, JsonlWriter, {"jsonl": True, "bad": True}, 800, 8_000),
    ],
    ids=["csv", "csv-quoted", "jsonl", "csv-keep-going", "jsonl-keep-going"],
)
def test_memory_stays_flat_as_the_input_grows(
    input_format: InputFormat, writer: type, kind: dict[str, bool], small: int, large: int
) -> None:
    """Rows stream: peak memory stays flat as the input grows 10-15 times.

    Also with --keep-going over rows that are mostly bad (each error row is its own text).

    Measured by size with tracemalloc (never by time): the larger input's peak stays within a
    small margin of the smaller one's.
    """
    peak_memory(small, input_format, writer, **kind)  # fills the spelling and outcome caches
    small_peak = peak_memory(small, input_format, writer, **kind)
    large_peak = peak_memory(large, input_format, writer, **kind)
    assert large_peak < small_peak * 1.25 + 256 * 1024, (small_peak, large_peak)


# --- processes: imports, signals, pipes, terminals -----------------------------------------------


def oms_process(*args: str, **options: object) -> subprocess.Popen[bytes]:
    """Start ``python -m oms_cli`` with these arguments."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "oms_cli", *args], env=env, **options)  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_batch_to_a_pipe_never_imports_rich(tmp_path: Path, output_format: str) -> None:
    """With standard error not a terminal and csv/jsonl output, rich is never imported."""
    path = write(tmp_path / "cases.csv", "id,sleep\nP1,yes\n")
    imported, process = imported_modules("batch", str(path), "-f", output_format)
    assert process.returncode == 0
    assert "oms_cli.batch" in imported
    assert [name for name in imported if name.startswith("rich")] == []


def test_the_renderer_does_not_load_the_batch_module() -> None:
    """`oms check` output (which imports render) does not pay for loading the batch module."""
    code = "import sys, oms_cli.views.render; print('oms_cli.batch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert result.stdout == b"False\n"


def test_batch_to_csv_loads_no_hashlib(tmp_path: Path) -> None:
    """Temporary names come from os.urandom: `secrets` would load hashlib and OpenSSL (5 ms)."""
    cases = tmp_path / "cases.csv"
    cases.write_text("id,sleep\nP1,yes\n", encoding="utf-8")
    imported, process = imported_modules(
        "batch", str(cases), "-f", "csv", "--output", str(tmp_path / "out.csv")
    )
    assert process.returncode == 0, process.stderr[-2000:]
    assert "oms_cli.files.outfile" in imported
    assert [name for name in imported if name in {"secrets", "hashlib", "_hashlib"}] == []


@pytest.mark.parametrize(
    ("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_interrupt_leaves_no_partial_output(tmp_path: Path, sent: int, code: int) -> None:
    """Ctrl-C (or SIGTERM) during a batch with --output leaves nothing behind.

    Exit 130 (143), one line on stderr, neither the output nor its temporary file is left.
    """
    process = oms_process(
        "batch",
        "-",
        "--output",
        str(tmp_path / "out.csv"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(("id,sleep\n" + "P,yes\n" * 5000).encode())
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".out.csv.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.csv.*.tmp")), "the temporary file never appeared"
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code
    assert stderr.decode().count("\n") == 1
    assert "no output file was written" in stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`oms batch big.csv | head -1`: when the reader goes away, no traceback, no message."""
    rows = "".join(f"P{n},yes\n" for n in range(200_000))
    path = write(tmp_path / "cases.csv", "id,sleep\n" + rows)
    process = oms_process("batch", str(path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == (OUT_HEADER + "\n").encode()
    process.stdout.close()
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=30) == 141  # as shells report SIGPIPE: never a verdict's code
    assert stderr == b""


def test_summary_goes_to_a_terminal_on_stderr(tmp_path: Path) -> None:
    """With standard error a terminal, a summary follows the run there.

    It counts rows, met, not met, undetermined and errors; standard output holds only the CSV.
    """
    path = write(tmp_path / "cases.csv", "id,opsoclonus\nP1,yes\nP2,no\n")  # both undetermined
    out = tmp_path / "out.csv"
    leader, follower = pty.openpty()
    try:
        with out.open("wb") as stdout:
            process = oms_process("batch", str(path), stdout=stdout, stderr=follower)
            assert process.wait(timeout=30) == 0
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown.decode())
    assert "2 rows: 0 met, 0 not met, 2 undetermined, 0 errors" in plain
    assert out.read_text().startswith(OUT_HEADER)


# --- the CLI and the core agree ------------------------------------------------------------------


def test_output_columns_name_the_criteria() -> None:
    """The CSV header is id, verdict, the two counts, then one status column a criterion."""
    assert OUTPUT_COLUMNS[4:] == tuple(criterion.id for criterion in CRITERIA)


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"], ids=["cr", "lf", "crlf"])
def test_line_ends_of_any_kind_work_past_one_mebibyte(tmp_path: Path, end: str) -> None:
    """CR-only, LF and CRLF files over 1 MiB give the same rows (CR-only ones were refused).

    Read in chunks of 64 KiB, a chunk of a CR-only file ends after its last CR, and a CRLF is
    never split between two chunks; read from a file or from a pipe in random pieces.
    """
    rows = [f"P{n},{('yes', 'no', '')[n % 3]},no" for n in range(100_000)]
    data = ("id,sleep,ataxia" + end + end.join(rows) + end).encode()
    assert len(data) > 1 << 20
    outputs = set()
    for stream in (io.BytesIO(data), io.BufferedReader(io.BytesIO(data), 777)):
        sink = io.BytesIO()
        summary = run(Input(stream, "x.csv"), InputFormat.CSV, CsvWriter(sink), on_error=print)
        assert summary.rows == len(rows)
        outputs.add(sink.getvalue())
    (output,) = outputs
    assert [line.split(",")[0] for line in output.decode().splitlines()[1:]] == [
        f"P{n}" for n in range(100_000)
    ]


@pytest.mark.parametrize("ident", ["A" * 200_000, "A," * 100_000], ids=["plain", "quoted"])
def test_a_200_kb_id_is_read_the_same_by_every_path(
    cli: Invoke, tmp_path: Path, ident: str
) -> None:
    """A 200 KB id (under the 1 MiB line limit) comes out whole in CSV and JSON Lines alike.

    The CSV reader's field limit (128 KiB by default) once refused it on the general path
    (CSV to JSON Lines) while the fast path (CSV to CSV) took it.
    """
    csv_path = write(tmp_path / "cases.csv", f"id,sleep\n{csv_field(ident)},yes\nB,no\n")
    jsonl_path = write(tmp_path / "cases.jsonl", json.dumps({"id": ident, "sleep": "yes"}) + "\n")
    for path in (csv_path, jsonl_path):
        as_csv = cli("batch", str(path), "--format", "csv")
        as_jsonl = cli("batch", str(path), "--format", "jsonl")
        assert (as_csv.exit_code, as_jsonl.exit_code) == (0, 0), as_csv.stderr + as_jsonl.stderr
        assert csv_rows(as_csv.stdout)[0]["id"] == ident
        assert json.loads(as_jsonl.stdout.splitlines()[0])["id"] == ident


def test_line_numbers_stay_right_after_a_chunk_the_general_reader_read(cli: Invoke) -> None:
    """Without an id column, each row's id is its line, in every chunk, file or pipe alike.

    One quoted cell on line 2 sends the first 64 KiB chunk through the CSV reader; the chunks
    after it go by the fast path, which once numbered them from a counter that missed those
    lines (ids repeated, errors named the wrong line).
    """
    rows = ['"yes",no'] + [("yes,no", "no,", "y,u")[n % 3] for n in range(30_000)]
    rows[20_000] = "yes,perhaps"  # line 20,002
    text = "sleep,ataxia\n" + "\n".join(rows) + "\n"
    result = cli("batch", "-", "--format", "csv", "--keep-going", input=text)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "oms: error: <stdin>:20002: column 2 (ataxia): 'perhaps' is not yes, no or unknown"
    )
    ids = [row["id"] for row in csv_rows(result.stdout)]
    assert ids == [str(line) for line in range(2, len(rows) + 2)]


def test_a_stray_quote_costs_only_its_own_line(cli: Invoke, tmp_path: Path) -> None:
    """One unbalanced quote costs its own line, never the rows its quoted field ran into.

    The line is reported with the lines the field ran into; every other row is still evaluated,
    and the counts add up to every row of the file.
    """
    rows = [f"P{n},yes,no" for n in range(2, 30_002)]
    rows[999] = 'P1001,"yes,no'  # line 1001
    path = write(tmp_path / "cases.csv", "id,sleep,ataxia\n" + "\n".join(rows) + "\n")
    result = cli("batch", str(path), "--format", "csv", "--keep-going")
    assert result.exit_code == 2
    first, summary = result.stderr.replace(str(tmp_path) + "/", "").splitlines()
    assert first.startswith("oms: error: cases.csv:1001: in the record of lines 1001-30001: ")
    assert first.endswith("; the lines after 1001 are read again as rows")
    assert summary == "oms: error: 1 row of 30000 could not be evaluated (see above)"
    output = csv_rows(result.stdout)
    expected = [f"P{n}" for n in range(2, 30_002)]
    expected[999] = "1001"  # the record could not be read: its line is its id
    assert [row["id"] for row in output] == expected
    assert [row["id"] for row in output if row["error"]] == ["1001"]
    assert {row["verdict"] for row in output if not row["error"]} == {"undetermined"}


def test_a_bad_record_over_several_lines_names_them(cli: Invoke, tmp_path: Path) -> None:
    """A record whose quoted field holds line ends is named by its first line and its span."""
    text = 'id,sleep\nP1,yes\n"P\n2",yes,no\nP3,no\n'
    assert run_bad(cli, tmp_path, "cases.csv", text) == (
        "cases.csv:3: in the record of lines 3-4: 3 fields, the header has 2"
    )


def test_the_spelling_caches_stop_at_their_bound_and_still_answer_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past `CACHE_LIMIT` distinct spellings a cell is still read right, only not remembered.

    Both caches (good spellings, and the message of a bad one) hold at most the limit, so a file
    whose every cell is spelled differently cannot grow memory without end.
    """
    monkeypatch.setattr(rows, "CACHE_LIMIT", 3)
    spellings = rows.Spellings(yes=["ja"])
    cells = ["yes", " YES", "Yes ", "yEs", "ja", "JA ", "no", " n", "unknown", ""]
    assert [spellings(cell) for cell in cells] == [
        "yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "unknown", "unknown",
    ]  # fmt: skip
    assert len(spellings.known) == 3
    assert list(spellings.known) == ["yes", " YES", "Yes "]  # the first three met, kept
    assert spellings(" YES") == "yes"
    bad = ["yse", "noo", "maybe", "perhaps", "yse "]
    messages = [spellings.problem(cell) for cell in bad]
    assert "did you mean 'yes'?" in messages[0]
    assert "did you mean 'yes'?" in messages[4]  # past the bound: worked out again, the same
    assert messages[0] == spellings.problem("yse")
    assert all(spellings(cell) is None for cell in bad)
