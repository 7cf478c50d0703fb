"""`oms batch` on real exports: extra columns, own names and spellings, delimiters, Excel, errors.

Every case of issue 25 (and the batch points of issue 26), through the CLI, and a differential
test: the same rows as CSV (comma, semicolon, tab), JSON Lines, phenopackets and Excel give the
same ids, verdicts and error lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oms_cli import content
from oms_cli.rules import FINDINGS
from tests.conftest import Invoke
from tests.fuzz_report import RUNS

CLINIC_HEADER = [
    "MRN", "name", "dob", "site", "neuroblastoma", "opsoclonus", "myoclonus", "ataxia",
    "behaviour", "sleep", "notes",
]  # fmt: skip
CLINIC_ROWS = [
    ["00123", "Doe, Jane", "2019-04-01", "North", "yes", "Y", "N/A", "true", "pending", "no",
     'first visit, "calm"'],
    ["00124", "Roe; Max", "2018-02-11", "South", "no", "n", "not done", "1", "yes", "", ""],
    ["00125", "Poe Ann", "2017-01-05", "South", "Unknown", "yes", "", "", "NOT DONE", "0", "x"],
]  # fmt: skip
SPELLINGS = ("--unknown-values", "N/A,not done,pending")
EXPECTED = (
    "expected id or a finding (neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep), "
    "or map it with --column FINDING=NAME"
)


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    """Rows as a CSV file with this delimiter (quoted where needed)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Patients") -> Path:
    """Rows as the first sheet of an Excel file (written by openpyxl, streaming)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_jsonl(path: Path, rows: list[list[str]]) -> Path:
    """Rows as JSON Lines objects, each on the line its CSV row would be on (line 1 blank)."""
    header, *body = rows
    lines = [""] + [json.dumps(dict(zip(header, row, strict=True))) for row in body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def clinic(tmp_path: Path) -> dict[str, Path]:
    """The clinic export in every input format."""
    rows = [CLINIC_HEADER, *CLINIC_ROWS]
    return {
        "csv": write_csv(tmp_path / "clinic.csv", rows),
        "semicolon": write_csv(tmp_path / "clinic-semicolon.csv", rows, ";"),
        "tab": write_csv(tmp_path / "clinic-tab.csv", rows, "\t"),
        "jsonl": write_jsonl(tmp_path / "clinic.jsonl", rows),
        "xlsx": write_xlsx(tmp_path / "clinic.xlsx", rows),  # type: ignore[arg-type]
    }


def test_a_clinic_export_reads_with_its_own_id_and_spellings(cli: Invoke, tmp_path: Path) -> None:
    """The issue's "done when": exit 0, one row a record, the ignored columns named once.

    The same data as CSV, semicolon CSV, tab CSV, JSON Lines and .xlsx gives identical output.
    """
    outputs = set()
    for path in clinic(tmp_path).values():
        result = cli("batch", str(path), "--id-column", "MRN", *SPELLINGS, "-f", "csv")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == "oms: ignored 4 columns: name, dob, site, notes\n"
        outputs.add(result.stdout)
    (output,) = outputs
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [(row["id"], row["verdict"]) for row in rows] == [
        ("00123", "met"),
        ("00124", "not_met"),
        ("00125", "undetermined"),
    ]


def test_without_the_new_spellings_every_bad_cell_of_a_row_is_named(
    cli: Invoke, tmp_path: Path
) -> None:
    """The defaults stay conservative: N/A and "not done" are refused, each cell on its own."""
    path = clinic(tmp_path)["csv"]
    result = cli("batch", str(path), "--id-column", "MRN", "--keep-going", "-f", "csv")
    assert result.exit_code == 2
    lines = result.stderr.replace(str(tmp_path) + "/", "").splitlines()
    assert lines[:2] == [
        "oms: error: clinic.csv:2: column 7 (myoclonus): 'N/A' is not yes, no or unknown; "
        "column 9 (behaviour): 'pending' is not yes, no or unknown",
        "oms: error: clinic.csv:3: column 7 (myoclonus): 'not done' is not yes, no or unknown",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "id,opsoclnus,sleep",
            "column 2 (opsoclnus): unknown column (did you mean 'opsoclonus'?); " + EXPECTED,
        ),
        (
            "id,Behavour",
            "column 2 (Behavour): unknown column (did you mean 'behavior'?); " + EXPECTED,
        ),
        ("id,sleep,sleep", "column 3 (sleep): repeats column 2"),
        ("id,behavior,behaviour", "column 3 (behaviour): repeats column 2"),
    ],
)
def test_a_misspelt_finding_column_is_refused(
    cli: Invoke, tmp_path: Path, header: str, message: str
) -> None:
    """A column that looks like a misspelt finding would make it unknown for every row: exit 2."""
    path = tmp_path / "cases.csv"
    path.write_text(header + "\nP1" + ",yes" * header.count(",") + "\n", encoding="utf-8")
    result = cli("batch", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {path}:1: {message}\n"


def test_columns_unlike_any_finding_are_ignored_and_named_once(cli: Invoke) -> None:
    """Names near a finding but not a typo of one ("sleeping", "ataxia_notes") are ignored."""
    text = "id,sleeping,ataxia_notes,ataxia\nP1,long,walks badly,yes\nP2,,,no\n"
    result = cli("batch", "-", "-f", "csv", input=text)
    assert result.exit_code == 0
    assert result.stderr == "oms: ignored 2 columns: sleeping, ataxia_notes\n"
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "P1", "P2"]


def test_column_options_map_findings_and_the_id(cli: Invoke) -> None:
    """--column FINDING=NAME reads a finding from another column; --id-column names the id."""
    text = "Patient,Augen,Gait,sleep\nA1,ja,yes,yes\n"
    result = cli(
        "batch", "-", "-f", "jsonl", "--id-column", "patient", "--column", "opsoclonus=augen",
        "--column", "ataxia=Gait", "--yes-values", "ja", input=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["id"] == "A1"
    assert row["findings"] == {
        "neuroblastoma": "unknown",
        "opsoclonus": "yes",
        "myoclonus": "unknown",
        "ataxia": "yes",
        "behavior": "unknown",
        "sleep": "yes",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--id-column", "MRN"), "<stdin>:1: no column named 'mrn' (--id-column, --column); "
         "the columns: id, sleep"),
        (("--column", "sleep=Schlaf"), "<stdin>:1: no column named 'schlaf' (--id-column, "
         "--column); the columns: id, sleep"),
        (("--column", "sleeping=x"), "--column: expected FINDING=NAME with a finding "
         "(neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep), got 'sleeping=x'"),
        (("--column", "sleep"), "--column: expected FINDING=NAME with a finding "
         "(neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep), got 'sleep'"),
        (("--no-values", "yes"), "--no-values: 'yes' already means yes"),
        (("--delimiter", "ab"), "--delimiter: expected one character or tab, got 'ab'"),
    ],
)  # fmt: skip
def test_bad_column_and_spelling_options_are_refused(
    cli: Invoke, args: tuple[str, ...], message: str
) -> None:
    """Each bad option value: exit 2 and one line naming it, before any output."""
    result = cli("batch", "-", *args, input="id,sleep\nP1,yes\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {message}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--id-column", "opsoclonus"), "--id-column: 'opsoclonus' is the opsoclonus column; "
         "the id column cannot be a finding's"),
        (("--id-column", "Behaviour"), "--id-column: 'Behaviour' is the behavior column; "
         "the id column cannot be a finding's"),
        (("--id-column", "jerks", "--column", "myoclonus=Jerks"), "--column myoclonus=Jerks: "
         "'Jerks' is the id column; a column is read as the id or as a finding, not both"),
        (("--column", "sleep=id"), "--column sleep=id: 'id' is the id column; a column is read "
         "as the id or as a finding, not both"),
        (("--column", "sleep=opsoclonus"), "--column sleep=opsoclonus: 'opsoclonus' is the "
         "opsoclonus column; read as sleep, opsoclonus would be unknown for every row (map "
         "opsoclonus to another column with --column if that is meant)"),
        (("--column", "myoclonus=jerks", "--column", "ataxia=JERKS"), "--column: column 'JERKS' "
         "is given for two findings (myoclonus, ataxia); a column holds one finding"),
        (("--column", "myoclonus=jerks", "--column", "myoclonus=sleep"), "--column: myoclonus "
         "is given twice (myoclonus=jerks, myoclonus=sleep)"),
    ],
)  # fmt: skip
def test_a_column_read_twice_or_a_findings_own_column_taken_is_refused(
    cli: Invoke, args: tuple[str, ...], message: str
) -> None:
    """--id-column and --column that would drop a finding or read a column twice: exit 2."""
    text = "id,opsoclonus,jerks,sleep,behaviour\nP1,yes,yes,yes,no\n"
    result = cli("batch", "-", "-f", "csv", *args, input=text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {message}\n"


def test_a_findings_own_column_can_be_taken_when_that_finding_is_mapped_elsewhere(
    cli: Invoke,
) -> None:
    """Columns swapped by --column read each finding from the column named for it."""
    text = "id,opsoclonus,eyes\nP1,no,yes\n"
    args = ("--column", "opsoclonus=eyes", "--column", "sleep=opsoclonus", "-f", "jsonl")
    result = cli("batch", "-", *args, input=text)
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert (findings["opsoclonus"], findings["sleep"]) == ("yes", "no")


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("MRN;Opsoclonus (Y/N);Myoclonus (Y/N);Sleep (Y/N)\n1;Y;Y;Y\n",
         "MRN, Opsoclonus (Y/N), Myoclonus (Y/N), Sleep (Y/N)"),
        ("MRN,name,dob\n1,Ann,2019-04-01\n", "MRN, name, dob"),
        ("id\n", "id"),
    ],
)  # fmt: skip
def test_a_header_naming_no_finding_is_refused(cli: Invoke, text: str, columns: str) -> None:
    """Without a finding's column every row would be undetermined: exit 2, naming the columns."""
    result = cli("batch", "-", "-f", "csv", "--keep-going", input=text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"oms: error: <stdin>:1: no column names a finding (columns: {columns}); name them "
        "(neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep) or map them with "
        "--column FINDING=NAME\n"
    )


def test_a_header_naming_no_finding_is_refused_in_excel_too(cli: Invoke, tmp_path: Path) -> None:
    """The .xlsx header is checked as a CSV one."""
    path = tmp_path / "clinic.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["MRN", "Eyes"])
    book.active.append(["1", "yes"])
    book.save(path)
    result = cli("batch", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "row 1: no column names a finding (columns: MRN, Eyes)" in result.stderr


def test_phenopackets_read_as_json_lines_are_refused(cli: Invoke) -> None:
    """Phenopackets without --input-format phenopackets: exit 2, pointing to it, no output.

    The format comes from the extension or --input-format (docs/interface contract), so a .jsonl
    file is JSON Lines of rows; read as rows, a phenopacket's every finding is unknown.
    """
    path = Path(__file__).parent.parent / "examples" / "phenopackets.jsonl"
    for args in (("examples/phenopackets.jsonl",), ("-", "--keep-going")):
        result = cli("batch", *args, "-f", "csv", input=path.read_text("utf-8"))
        assert (result.exit_code, result.stdout) == (2, ""), args
        where = "<stdin>" if args[0] == "-" else "examples/phenopackets.jsonl"
        assert result.stderr == (
            f"oms: error: {where}:1: a phenopacket (key 'phenotypicFeatures'), not a row of "
            "findings; give --input-format phenopackets to read phenopackets\n"
        )
    packet = '{"id": "P1", "metaData": {}, "sleep": "yes"}\n'  # a finding's key: a row
    assert cli("batch", "-", "-f", "csv", input=packet).exit_code == 0


def test_a_value_close_to_a_spelling_gets_a_did_you_mean(cli: Invoke) -> None:
    """'Yse' is refused with "did you mean 'yes'?"; so is a near miss of the file's own words."""
    text = "id,sleep,ataxia\nP1,Yse,not dne\n"
    result = cli("batch", "-", "--unknown-values", "not done", input=text)
    assert result.exit_code == 2
    assert result.stderr == (
        "oms: error: <stdin>:2: column 2 (sleep): 'Yse' is not yes, no or unknown (did you mean "
        "'yes'?); column 3 (ataxia): 'not dne' is not yes, no or unknown (did you mean "
        "'not done'?)\n"
    )


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("id;sleep;ataxia\nP,1;yes;no\n", ()),
        ("id\tsleep\tataxia\nP,1\tyes\tno\n", ()),
        ("id|sleep|ataxia\nP,1|yes|no\n", ("--delimiter", "|")),
        ("id\tsleep\tataxia\nP,1\tyes\tno\n", ("--delimiter", "tab")),
    ],
    ids=["semicolon", "tab", "forced", "forced-tab"],
)
def test_the_delimiter_is_found_from_the_header_or_forced(
    cli: Invoke, text: str, args: tuple[str, ...]
) -> None:
    """Semicolon and tab files read as the comma file would; --delimiter forces one."""
    result = cli("batch", "-", "-f", "csv", *args, input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == '"P,1",undetermined,1,3,unknown,unknown,unknown,met'


def test_an_over_long_line_is_skipped_under_keep_going(cli: Invoke, tmp_path: Path) -> None:
    """A line over 1 MiB is one bad row: reported, skipped, and the rows after it are read."""
    for suffix, good, long in (
        ("csv", "id,sleep\nP1,yes\n{}P3,no\n", "x" * (1 << 21) + "\n"),
        ("jsonl", '{{"id": "P1"}}\n{}{{"id": "P3"}}\n', '{"id": "' + "x" * (1 << 21) + '"}\n'),
    ):
        path = tmp_path / f"cases.{suffix}"
        path.write_text(good.format(long), encoding="utf-8")
        result = cli("batch", str(path), "-f", "csv", "--keep-going")
        assert result.exit_code == 2
        line = 3 if suffix == "csv" else 2
        assert result.stderr.splitlines()[0] == (
            f"oms: error: {path}:{line}: a line longer than 1 MiB"
        )
        ids = [row.split(",")[0] for row in result.stdout.splitlines()[1:]]
        assert ids == ["P1", str(line), "P3"]
        stopped = cli("batch", str(path), "-f", "csv")
        assert (stopped.exit_code, stopped.stdout) == (2, "")


def test_the_errors_file_lists_every_bad_cell(cli: Invoke, tmp_path: Path) -> None:
    """--errors FILE: one CSV line a bad cell (line, column, value, problem), written whole."""
    text = "id,sleep,ataxia\nP1,Yse,maybe\nP2,yes\nP3,no,no\n"
    errors = tmp_path / "errors.csv"
    result = cli("batch", "-", "--keep-going", "--errors", str(errors), input=text)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"oms: error: 2 rows of 3 could not be evaluated (see {errors})"
    )
    assert list(csv.reader(io.StringIO(errors.read_text(encoding="utf-8")))) == [
        ["line", "column", "value", "problem"],
        ["2", "sleep", "Yse", "is not yes, no or unknown (did you mean 'yes'?)"],
        ["2", "ataxia", "maybe", "is not yes, no or unknown"],
        ["3", "", "", "2 fields, the header has 3"],
    ]
    again = cli("batch", "-", "--keep-going", "--errors", str(errors), input=text)
    assert again.exit_code == 2
    assert again.stderr == (
        f"oms: error: --errors: '{errors}' already exists; add --force to replace it\n"
    )


def test_an_output_extension_that_names_no_format_is_refused(cli: Invoke, tmp_path: Path) -> None:
    """-o out.json is refused (it once wrote CSV); --format makes any name explicit."""
    result = cli("batch", "-", "-o", str(tmp_path / "out.json"), input="id,sleep\nP1,yes\n")
    assert result.exit_code == 2
    assert "the extension names no output format (.csv, .jsonl, .ndjson); give --format" in (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_name_is_named_as_such(cli: Invoke) -> None:
    """`oms batch ""` once said "error: : no such file"."""
    result = cli("batch", "")
    assert result.exit_code == 2
    assert (
        result.stderr == "oms: error: FILE: an empty name; give a file, or - for standard input\n"
    )


def test_an_empty_id_gives_a_fhir_observation_without_identifier(cli: Invoke) -> None:
    """An identifier with an empty value is invalid FHIR: a row without an id gets none."""
    result = cli("batch", "-", "-f", "fhir-ndjson", input="id,opsoclonus\n,yes\nP2,yes\n")
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "identifier" not in first
    assert second["identifier"][0]["value"] == "P2"
    assert {key: value for key, value in second.items() if key != "identifier"} == first


# --- Excel ---------------------------------------------------------------------------------------


def test_xlsx_errors_name_the_sheet_row_and_column(cli: Invoke, tmp_path: Path) -> None:
    """Numbers read as a CSV export spells them; a bad cell names sheet, row and column letter."""
    rows: list[list[object]] = [["id", "sleep", "ataxia"], [123, 1, "maybe"], [None, None, None]]
    rows.append([4.5, True, "n"])
    path = write_xlsx(tmp_path / "cases.xlsx", rows)
    result = cli("batch", str(path), "-f", "csv", "--keep-going")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"oms: error: {path}: sheet 'Patients': row 2: column C (ataxia): 'maybe' is not yes, "
        "no or unknown"
    )
    assert [line.split(",")[:2] for line in result.stdout.splitlines()[1:]] == [
        ["123", ""],
        ["4.5", "undetermined"],
    ]


def test_xlsx_sheet_option_and_bad_files(cli: Invoke, tmp_path: Path) -> None:
    """--sheet picks a sheet by name; a missing sheet, a file that is not .xlsx: exit 2."""
    book = openpyxl.Workbook()
    book.active.append(["notes"])
    book.create_sheet("Cases").append(["id", "sleep"])
    book["Cases"].append(["P1", "yes"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = cli("batch", str(path), "--sheet", "Cases", "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1][:3]) == (0, "P1,")
    missing = cli("batch", str(path), "--sheet", "Nope")
    assert missing.stderr == f"oms: error: {path}: no sheet 'Nope'; it has 'Sheet', 'Cases'\n"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,sleep\n", encoding="utf-8")
    refused = cli("batch", str(fake))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"oms: error: {fake}: not an Excel .xlsx file (")
    not_excel = cli("batch", "-", "--sheet", "Cases", input="id,sleep\n")
    assert not_excel.stderr == "oms: error: --sheet: only for .xlsx input\n"
    empty = cli("batch", "-", "--input-format", "xlsx", input="")
    assert empty.stderr == (
        "oms: error: standard input cannot be read as .xlsx; give the file's name\n"
    )


# --- on a terminal -------------------------------------------------------------------------------


def test_a_terminal_gets_a_screenful_of_errors_then_a_tally(tmp_path: Path) -> None:
    """With stderr a terminal, 5,000 bad rows show a screenful, then a tally by column and value."""
    rows = "".join(f"P{n},{('maybe', 'yes', '?')[n % 3]}\n" for n in range(5000))
    path = tmp_path / "cases.csv"
    path.write_text("id,sleep\n" + rows, encoding="utf-8")
    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "LINES": "24", "COLUMNS": "100"}
    try:
        with (tmp_path / "out.csv").open("wb") as stdout:
            process = subprocess.Popen(
                [sys.executable, "-m", "oms_cli", "batch", str(path), "--keep-going"],
                stdout=stdout,
                stderr=follower,
                env=env,
            )
            os.close(follower)
            shown = b""
            while chunk := _read(leader):
                shown += chunk
            assert process.wait(timeout=60) == 2
    finally:
        os.close(leader)
    lines = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown.decode()).splitlines()
    errors = [line for line in lines if line.startswith("oms: error: ")]
    assert len(errors) == 22  # a screenful (24 lines less 4), the note, the closing line
    assert "oms: bad rows by column and value, most frequent first:" in lines
    assert "oms:   1,667 × sleep: 'maybe'" in lines
    assert "oms:   1,666 × sleep: '?'" in lines
    assert errors[-1] == (
        "oms: error: 3333 rows of 5000 could not be evaluated (--errors FILE writes every one)"
    )


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the other end closed: on Linux, EIO
        return b""


# --- the same rows in every input format ---------------------------------------------------------

ID = st.text(st.sampled_from('ab1 ,;"é日'), min_size=1, max_size=6).filter(lambda s: s.strip())
GOOD = ["yes", "no", "", "Y", "n", "TRUE", "0", "unknown"]
CELL = st.sampled_from([*GOOD, "maybe", "Yse"])


def phenopacket(ident: str, cells: list[str]) -> str:
    """A row as a GA4GH phenopacket: yes a feature, no an excluded one, unknown left out."""
    features = []
    for finding, cell in zip(FINDINGS, cells, strict=True):
        word = cell.strip().lower()
        if word and word not in {"unknown", "u"}:
            excluded = word in {"no", "n", "false", "0"}
            term = {"id": content.HPO_TERMS[finding][0]}
            features.append({"type": term, "excluded": True} if excluded else {"type": term})
    meta = {"created": "2026-01-01T00:00:00Z", "createdBy": "oms-cli tests",
            "phenopacketSchemaVersion": "2.0"}  # fmt: skip
    return json.dumps({"id": ident, "phenotypicFeatures": features, "metaData": meta})


def line_of(message: str) -> str:
    """The line (or sheet row) an error message names: "x.csv:3: ..." and "...: row 3: ..."."""
    match = re.match(r".*?(?::| row )(\d+): ", message)
    return match.group(1) if match else message


@settings(
    max_examples=int(os.environ.get("OMS_FUZZ_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(st.tuples(ID, st.lists(CELL, min_size=6, max_size=6)), min_size=1, max_size=12)
)
def test_every_input_format_gives_the_same_rows_and_errors(
    cli: Invoke, tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, list[str]]]
) -> None:
    """CSV (comma, semicolon, tab), JSON Lines, Excel (and phenopackets when every row is good):

    the same ids, verdicts and error lines in the output, and the same errors file.
    """
    RUNS["batch-formats"] += 1
    folder = tmp_path_factory.mktemp("formats")
    table = [["id", *map(str, FINDINGS)], *([ident, *cells] for ident, cells in rows)]
    paths = [
        write_csv(folder / "comma.csv", table),
        write_csv(folder / "semicolon.csv", table, ";"),
        write_csv(folder / "tab.csv", table, "\t"),
        write_jsonl(folder / "rows.jsonl", table),
        write_xlsx(folder / "rows.xlsx", table),  # type: ignore[arg-type]
    ]
    if all(cell in GOOD for _, cells in rows for cell in cells):
        packets = folder / "packets.jsonl"
        packets.write_text("\n" + "".join(phenopacket(i, c) + "\n" for i, c in rows), "utf-8")
        paths.append(packets)
    outputs, listed = set(), set()
    for path in paths:
        errors = folder / f"{path.name}.errors.csv"
        kind = ("--input-format", "phenopackets") if path.name == "packets.jsonl" else ()
        result = cli("batch", str(path), *kind, "-f", "csv", "--keep-going", "--errors",
                     str(errors))  # fmt: skip
        assert result.exit_code in {0, 2}, result.stderr
        rows_out = csv.reader(io.StringIO(result.stdout))
        outputs.add(json.dumps([[*row[:-1], line_of(row[-1])] for row in rows_out]))
        if not kind:  # a phenopacket cannot hold a bad value: its rows are all good
            listed.add(errors.read_text(encoding="utf-8"))
    assert len(outputs) == len(listed) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--errors", "e.csv"], "--errors goes with --keep-going"),
        (["--keep-going", "--errors", "e.md"], "--errors: the errors file is CSV"),
        (["--keep-going", "--errors", "e.json"], "--errors: the errors file is CSV"),
    ],
)
def test_an_errors_file_that_cannot_be_meant_is_refused(
    cli: Invoke, tmp_path: Path, args: list[str], message: str
) -> None:
    """--errors without --keep-going, or under a name that is not CSV: exit 2, no file made.

    The fuzz suite found `--errors out.md` writing a CSV file named .md on a good run.
    """
    named = [str(tmp_path / arg) if arg.startswith("e.") else arg for arg in args]
    result = cli("batch", "-", *named, input="id,sleep\nP1,yes\n")
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []
