"""Excel input for `oms batch`: the first sheet of an .xlsx file (or one named), row by row.

Read with openpyxl in read-only mode, which streams the sheet's XML: memory stays bounded
whatever the number of rows. openpyxl is the optional extra ``oms-cli[xlsx]``, imported here only.
Cells are read as text the way a CSV export would spell them (a whole number without ".0", a date
as ISO 8601); each message names the file, the sheet, the row and the column (by its letter).
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
    """A cell's value as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _open(path: str, name: str) -> Any:  # openpyxl's Workbook: openpyxl ships no types
    try:
        import openpyxl  # noqa: PLC0415  (an optional extra: only Excel input needs it)
    except ImportError:
        raise BatchError(INSTALL) from None
    if path == STDIN:
        raise BatchError("standard input cannot be read as .xlsx; give the file's name")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise BatchError(f"{name}: no such file") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise BatchError(f"{name}: not an Excel .xlsx file ({visible(str(error), 80)})") from None


def xlsx_cases(path: str, settings: Settings, summary: Summary) -> Iterator[Item]:
    """Every row of the sheet after its header as a `RowResult` or `RowError`; empty rows skipped.

    The header (the first row that is not empty) is checked before the first row is yielded.
    """
    from openpyxl.utils import get_column_letter  # noqa: PLC0415  (as in _open)

    name = visible(path)
    book = _open(path, name)
    try:
        sheet = book[settings.sheet] if settings.sheet else book.worksheets[0]
    except KeyError:
        sheets = ", ".join(quoted(title) for title in book.sheetnames)
        raise BatchError(
            f"{name}: no sheet {quoted(settings.sheet or '')}; it has {sheets}"
        ) from None
    where = f"{name}: sheet {quoted(sheet.title)}: row"
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    named = ((number, _named(values)) for number, values in rows)
    number, header = next(((n, h) for n, h in named if h), (0, []))
    if not header:
        raise BatchError(f"{name}: sheet {quoted(sheet.title)} is empty (no rows and no header)")
    columns = Columns(
        header,
        settings,
        lambda index: f"column {get_column_letter(index + 1)} ({visible(header[index])})",
    )
    columns.check(f"{where} {number}")
    summary.ignored.update(dict.fromkeys(columns.ignored))
    return _rows(rows, Rows(columns, settings.spellings), where, book)


def _named(values: tuple[object, ...]) -> list[str]:
    """A header row's names, without the empty cells at its end (formatting can widen a sheet)."""
    header = [cell_text(value) for value in values]
    while header and not header[-1].strip():
        header.pop()
    return header


def _rows(
    rows: Iterator[tuple[int, tuple[object, ...]]], reader: Rows, where: str, book: Any
) -> Iterator[Item]:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415  (as in _open)

    width = reader.width
    try:
        for number, values in rows:
            cells = [cell_text(value) for value in values]
            extra = [index for index in range(width, len(cells)) if cells[index].strip()]
            if not any(cell.strip() for cell in cells):
                continue
            if extra:
                letter = get_column_letter(extra[0] + 1)
                message = f"{where} {number}: a value in column {letter}, which has no header"
                yield RowError(number, str(number), message)
                continue
            cells += [""] * (width - len(cells))
            yield reader.evaluate(cells, number, f"{where} {number}")
    finally:
        book.close()
