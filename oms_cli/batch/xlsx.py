"""Excel input for `oms batch`: the first sheet of an .xlsx file (or one named), row by row.

openpyxl's read-only mode streams the sheet's XML, so memory stays bounded whatever the number of
rows; it is the optional extra ``oms-cli[xlsx]``, imported here only. Cells read as a CSV export
of the sheet would spell them; messages name the file, the sheet, the row and the column letter.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from typing import Any

from oms_cli.batch.reading import Columns, Rows, Settings
from oms_cli.batch.rows import STDIN, BatchError, Item, RowError, Summary
from oms_cli.files.textsafe import quoted, visible

INSTALL = "reading .xlsx needs openpyxl: pip install 'oms-cli[xlsx]'"


def cell_text(value: object) -> str:
    """A cell's value as text: a whole number without ".0", a date in ISO 8601, empty for none."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _named(values: tuple[object, ...]) -> list[str]:
    """A header row's names, without the empty cells at its end (formatting widens a sheet)."""
    header = [cell_text(value) for value in values]
    while header and not header[-1].strip():
        header.pop()
    return header


def xlsx_cases(path: str, settings: Settings, summary: Summary) -> Iterator[Item]:
    """Every row after the header (checked first) as an `Item`; empty rows are skipped."""
    try:
        import openpyxl  # noqa: PLC0415  (an optional extra: only Excel input needs it)
        from openpyxl.utils import get_column_letter  # noqa: PLC0415
    except ImportError:
        raise BatchError(INSTALL) from None
    if path == STDIN:
        raise BatchError("standard input cannot be read as .xlsx; give the file's name")
    name = visible(path)
    try:
        book: Any = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise BatchError(f"{name}: no such file") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise BatchError(f"{name}: not an Excel .xlsx file ({visible(str(error), 80)})") from None
    try:
        sheet = book[settings.sheet] if settings.sheet else book.worksheets[0]
    except KeyError:
        sheets = ", ".join(map(quoted, book.sheetnames))
        raise BatchError(
            f"{name}: no sheet {quoted(settings.sheet or '')}; it has {sheets}"
        ) from None
    where = f"{name}: sheet {quoted(sheet.title)}: row"
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    number, header = next(((n, h) for n, h in ((n, _named(v)) for n, v in rows) if h), (0, []))
    if not header:
        raise BatchError(f"{name}: sheet {quoted(sheet.title)} is empty (no rows and no header)")

    def label(index: int) -> str:
        return f"column {get_column_letter(index + 1)} ({visible(header[index])})"

    columns = Columns(header, settings, label, "column")
    columns.check(f"{where} {number}")
    summary.ignored.update(dict.fromkeys(columns.ignored))
    reader = Rows(columns, settings.spellings)

    def items() -> Iterator[Item]:
        try:
            for line, values in rows:
                cells = [cell_text(value) for value in values]
                if not any(cell.strip() for cell in cells):
                    continue
                extra = [i for i in range(reader.width, len(cells)) if cells[i].strip()]
                if extra:
                    letter = get_column_letter(extra[0] + 1)
                    problem = f"a value in column {letter}, which has no header"
                    yield RowError(line, str(line), f"{where} {line}: {problem}")
                    continue
                cells += [""] * (reader.width - len(cells))
                yield reader.evaluate(cells, line, f"{where} {line}".__str__)
        finally:
            book.close()  # also when the run stops early

    return items()
