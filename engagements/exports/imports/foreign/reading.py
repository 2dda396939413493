"""Opening someone else's RACI sheet: an .xlsx workbook (every sheet) or a .csv file, under
the same size, row and column limits and the same safety checks as the workbook import."""

import csv
import io
import os

from openpyxl import load_workbook

from engagements.analysis.onramp import SheetGrid
from engagements.exports.imports import reading
from engagements.exports.imports.results import WorkbookRefused

MAX_BYTES = reading.MAX_BYTES
MAX_ROWS = reading.MAX_ROWS
MAX_COLUMNS = reading.MAX_COLUMNS
EXTENSIONS = (".xlsx", ".csv")
MAX_SHEETS = 50


def _extension(filename: str) -> str:
    return os.path.splitext(filename or "")[1].lower()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise WorkbookRefused("This file is not a text CSV file (it holds binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookRefused("This CSV file's text encoding is not UTF-8 or Windows-1252.")


def read_csv(file, name: str) -> list[SheetGrid]:
    """A CSV file as one sheet named after the file; its delimiter (comma, semicolon or
    tab) is found from its first lines."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise WorkbookRefused("The file is larger than 10 MB; raci imports files up to 10 MB.")
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if len(values) > MAX_COLUMNS and any(v.strip() for v in values[MAX_COLUMNS:]):
                raise WorkbookRefused(
                    f"Row {number} has values beyond column {MAX_COLUMNS}; raci reads at most "
                    f"{MAX_COLUMNS} columns."
                )
            cells = tuple(value.strip() or None for value in values[:MAX_COLUMNS])
            end = len(cells)
            while end and cells[end - 1] is None:
                end -= 1
            if not end:
                continue
            if len(rows) == MAX_ROWS:
                raise WorkbookRefused(
                    f"The file has more than {MAX_ROWS:,} rows; raci imports at most that many."
                )
            rows.append((number, cells[:end]))
    except csv.Error as exc:
        raise WorkbookRefused(f"This CSV file cannot be read: {exc}.") from exc
    return [SheetGrid(os.path.splitext(os.path.basename(name))[0] or "CSV", rows)]


def read_xlsx(file) -> list[SheetGrid]:
    """Every sheet of a workbook, as the workbook import reads its own sheets."""
    reading._check_archive(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a bad file; all mean the same
        raise WorkbookRefused(
            "The file is damaged or is not an Excel workbook raci can read."
        ) from exc
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise WorkbookRefused(f"The workbook has more than {MAX_SHEETS} sheets.")
        grids = []
        for name in workbook.sheetnames:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            grids.append(SheetGrid(name, reading._read_rows(worksheet)))
        return grids
    except WorkbookRefused:
        raise
    except Exception as exc:
        raise WorkbookRefused(
            "The file is damaged: a sheet could not be read. Open it in Excel or "
            "LibreOffice, save it again as .xlsx, and retry."
        ) from exc
    finally:
        workbook.close()


def read_sheet_file(file, filename: str = "") -> list[SheetGrid]:
    """The sheets of an uploaded .xlsx or .csv file, each with its rows, or WorkbookRefused
    saying why the file is not opened."""
    if reading._size(file) > MAX_BYTES:
        raise WorkbookRefused("The file is larger than 10 MB; raci imports files up to 10 MB.")
    file.seek(0)
    if _extension(filename) == ".csv":
        return read_csv(file, filename)
    if _extension(filename) not in ("", ".xlsx"):
        reading._check_name(filename)  # names the macro, .xls and other refusals
    return read_xlsx(file)
