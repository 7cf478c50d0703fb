"""`oms batch` on files as spreadsheets, pandas, REDCap-style codings and other tools write them.

Each case is one a QA pass met with a real export (docs/batch.md, "Real exports"): a wrong row with
exit 0 before, or a good file refused.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Invoke
from tests.test_batch import batch_bytes
from tests.test_batch_columns import write_xlsx

HEADER = "id,opsoclonus,ataxia,sleep,neuroblastoma"
OUTPUT_HEADER = (
    "id,verdict,met_count,unknown_count,neuroblastoma,opsoclonus,myoclonus_ataxia,behavior_sleep"
)


def test_a_spreadsheets_empty_rows_are_no_rows(cli: Invoke) -> None:
    """Rows of delimiters only (Excel's empty rows) are skipped; a row with an id is a person."""
    text = f"{HEADER}\r\nP1,yes,yes,yes,no\r\n,,,,\r\n , , ,,\r\nP2,,,,\r\n,,,,\r\n"
    result = cli("batch", "-", "-f", "csv", input=text)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        OUTPUT_HEADER,
        "P1,met,3,0,not_met,met,met,met",
        "P2,undetermined,0,4,unknown,unknown,unknown,unknown",
    ]


def test_empty_rows_are_skipped_by_the_line_cache_too() -> None:
    """A long export with repeated lines (the line cache's case) and empty rows among them."""
    lines = [HEADER]
    for number in range(6000):
        lines.append(",,,," if number % 10 == 9 else f"P{number},yes,no,yes,")
    output, errors, summary = batch_bytes(("\n".join(lines) + "\n").encode(), 1 << 16)
    rows = output.decode().splitlines()[1:]
    assert (len(rows), summary.rows, errors) == (5400, 5400, [])
    assert all(row.startswith("P") for row in rows)


@pytest.mark.parametrize(
    ("line", "keys"),
    [
        (  # a phenopacket written with protobuf's preserving_proto_field_name=True
            {"id": "pp1", "phenotypic_features": [], "meta_data": {}},
            None,
        ),
        (  # a FHIR bulk export of questionnaire responses
            {"resourceType": "QuestionnaireResponse", "status": "completed", "item": []},
            "resourceType, status, item",
        ),
        (  # oms check --format json, one a line
            {"schema_version": 1, "verdict": "met", "findings": {"sleep": "yes"}},
            "schema_version, verdict, findings",
        ),
    ],
)
def test_json_lines_whose_first_object_names_no_finding_are_refused(
    cli: Invoke, line: dict[str, object], keys: str | None
) -> None:
    """Another kind of record, read as rows, would give every row undetermined: exit 2 instead."""
    result = cli("batch", "-", "-f", "csv", input=json.dumps(line) + "\n")
    assert (result.exit_code, result.stdout) == (2, "")
    if keys is None:
        assert "a phenopacket (key 'phenotypic_features')" in result.stderr
    else:
        assert result.stderr == (
            f"oms: error: <stdin>:1: no key names a finding (keys: {keys}); name them "
            "(neuroblastoma, opsoclonus, myoclonus, ataxia, behavior, sleep) or map them with "
            "--column FINDING=NAME\n"
        )


def _with_dimension(source: Path, target: Path, ref: str) -> Path:
    """A copy of an .xlsx whose sheet states another used range, as some programs write it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(
                    r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>', data.decode()
                )
                data = text.encode()
            new.writestr(item, data)
    return target


def test_an_xlsx_whose_stated_range_is_wrong_is_read_whole(cli: Invoke, tmp_path: Path) -> None:
    """The cells outside the range a file states are read: no column or row is lost."""
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["D1", "yes", "yes", "yes", "no"])
    book.active.append(["D2", "no", "no", "no", "no"])
    book.save(tmp_path / "right.xlsx")
    expected = cli("batch", str(tmp_path / "right.xlsx"), "-f", "csv").stdout
    assert expected.count("\n") == 3
    for ref in ("A1:C3", "A1:E2"):
        wrong = _with_dimension(tmp_path / "right.xlsx", tmp_path / f"{ref[-2:]}.xlsx", ref)
        result = cli("batch", str(wrong), "-f", "csv")
        assert (result.exit_code, result.stdout) == (0, expected), ref


def test_a_formula_never_computed_is_refused_not_read_as_its_stored_value(
    cli: Invoke, tmp_path: Path
) -> None:
    """A program wrote the formula (no result, or 0): exit 2 naming the cell, never a "no"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["id", "status", "opsoclonus", "ataxia", "sleep"])
    sheet.append(["X1", "present", '=IF(B2="present","yes","no")', "yes", "yes"])
    book.save(tmp_path / "formula.xlsx")
    result = cli("batch", str(tmp_path / "formula.xlsx"), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        "oms: error: " + str(tmp_path / "formula.xlsx") + ": sheet 'Data': row 2: column C "
        "(opsoclonus): a formula whose value was never computed"
    )


@pytest.mark.parametrize(
    ("text", "ignored"),
    [
        (f"{HEADER},,\nP1,yes,yes,yes,no,,\n", "column 6 without a name, column 7 without a name"),
        (f",{HEADER}\n0,P1,yes,yes,yes,no\n", "column 1 without a name"),  # pandas' index
        (f"sep=;\n{HEADER.replace(',', ';')}\nP1;yes;yes;yes;no\n", None),  # Excel's hint line
    ],
)
def test_unnamed_columns_are_ignored_and_excels_sep_line_is_read(
    cli: Invoke, text: str, ignored: str | None
) -> None:
    """An unnamed column holds no finding: ignored and named, as other columns that are none."""
    result = cli("batch", "-", "-f", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "P1,met,3,0,not_met,met,met,met"
    if ignored is None:
        assert result.stderr == ""
    else:
        count = ignored.count(",") + 1
        assert result.stderr == f"oms: ignored {count} column{'s' * (count > 1)}: {ignored}\n"


def test_a_sheet_starting_in_column_b_is_read(cli: Invoke, tmp_path: Path) -> None:
    """A table that a sheet holds from its second column: the empty first column is no column."""
    path = write_xlsx(
        tmp_path / "offset.xlsx",
        [[None, *HEADER.split(",")], [None, "P1", "yes", "yes", "yes", "no"]],
    )
    result = cli("batch", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "P1,met,3,0,not_met,met,met,met"


def test_whole_numbers_written_as_floats_read_as_one_and_zero(cli: Invoke) -> None:
    """pandas writes 1.0 and 0.0 in a column with a gap: CSV and JSON Lines read them as xlsx."""
    csv_text = "id,opsoclonus,ataxia,sleep,neuroblastoma\nP1,1.0,1.0,,0.0\n"
    jsonl_text = (
        '{"id": "P1", "opsoclonus": 1.0, "ataxia": 1.0, "sleep": null, "neuroblastoma": 0.0}\n'
    )
    for text in (csv_text, jsonl_text):
        result = cli("batch", "-", "-f", "csv", input=text)
        assert result.stdout.splitlines()[1] == "P1,undetermined,2,1,not_met,met,met,unknown"


def test_a_built_in_spelling_can_be_declared_unknown_never_yes_or_no(cli: Invoke) -> None:
    """A file's "0: not looked for": 0 read as unknown, said once; 0 as yes stays refused."""
    text = "record_id,opsoclonus,ataxia,sleep,neuroblastoma\n1,1,1,1,0\n2,1,2,1,1\n"
    args = ("--id-column", "record_id", "--unknown-values", "0", "--no-values", "2")
    result = cli("batch", "-", "-f", "csv", *args, input=text)
    assert result.exit_code == 0
    assert result.stderr == "oms: --unknown-values: '0' is read as unknown, not no\n"
    assert result.stdout.splitlines()[1:] == [
        "1,met,3,1,unknown,met,met,met",
        "2,met,3,1,met,met,unknown,met",
    ]
    refused = cli("batch", "-", "-f", "csv", "--yes-values", "0", input=text)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "oms: error: --yes-values: '0' already means no\n",
    )


def test_json_not_one_object_a_line_is_named_for_what_it_is(cli: Invoke) -> None:
    """A JSON array, and objects spread over lines: said so, with the jq command that fixes it."""
    array = cli("batch", "-", "-f", "csv", input='[{"id": "a", "sleep": "yes"}]\n')
    assert (array.exit_code, array.stderr) == (
        2,
        "oms: error: <stdin>: a JSON array, not JSON Lines; give one object a line "
        "(jq -c '.[]' writes them so)\n",
    )
    pretty = cli("batch", "-", "-f", "csv", input='{\n  "id": "a",\n  "sleep": "yes"\n}\n')
    assert pretty.exit_code == 2
    assert pretty.stderr.startswith("oms: error: <stdin>:1: column 1: not JSON: ")
    assert pretty.stderr.endswith(
        "(an object spread over lines: JSON Lines has one object a line, as jq -c . writes)\n"
    )


def test_tab_in_any_case_and_macro_workbooks(cli: Invoke, tmp_path: Path) -> None:
    """--delimiter TAB is tab; an .xlsm workbook is read as the .xlsx it is."""
    result = cli("batch", "-", "-f", "csv", "--delimiter", "TAB", input="id\tsleep\nP1\tyes\n")
    assert result.stdout.splitlines()[1] == "P1,undetermined,1,3,unknown,unknown,unknown,met"
    path = write_xlsx(tmp_path / "macros.xlsm", [["id", "sleep"], ["P1", "yes"]])
    assert cli("batch", str(path), "-f", "csv").stdout == result.stdout


def test_a_header_split_on_the_wrong_delimiter_says_which_one_was_used(cli: Invoke) -> None:
    """Tab-separated names that hold commas: refused (no finding), naming the delimiter used."""
    text = "id\tOpsoclonus (Y, N)\tSleep (Y, N)\n1\tY\tY\n"
    result = cli("batch", "-", "-f", "csv", input=text)
    assert result.exit_code == 2
    assert result.stderr.endswith("; read with a comma as the delimiter (--delimiter)\n")
    forced = cli("batch", "-", "-f", "csv", "--delimiter", "tab", input=text)
    assert forced.stderr.startswith(
        "oms: error: <stdin>:1: no column names a finding (columns: id, Opsoclonus (Y, N), "
    )
    assert "delimiter" not in forced.stderr


def test_a_sheet_is_found_by_its_name_in_any_case(cli: Invoke, tmp_path: Path) -> None:
    """--sheet data finds the sheet "Data", as Excel names sheets (no two differ only in case)."""
    path = write_xlsx(tmp_path / "sheets.xlsx", [["id", "sleep"], ["P1", "yes"]], title="Data")
    found = cli("batch", str(path), "--sheet", "data", "-f", "csv")
    assert found.stdout.splitlines()[1:] == ["P1,undetermined,1,3,unknown,unknown,unknown,met"]
