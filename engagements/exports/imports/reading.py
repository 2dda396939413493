"""Opening an uploaded file safely: refuse what is not a plain .xlsx workbook, then read
the sheets the importer uses row by row in openpyxl's read-only mode."""

import os
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from engagements.exports import layout as L
from engagements.exports.imports.results import Problem, WorkbookRefused

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 256
# A row or column index past these is refused as soon as the reader meets it, before it
# reads on: a file of millions of empty rows costs a few hundred thousand elements at most.
MAX_ROW_INDEX = 50_000
MAX_COLUMN_INDEX = 1_024
# What the zip may unpack to: a 10 MB upload that inflates beyond this is a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")


def address(index: int, row: int) -> str:
    """Where a value is, as a person finds it: "C12" for column index 2 of row 12."""
    return f"{get_column_letter(index + 1)}{row}"


def value_at(values: tuple, index: int | None):
    """The value in a column of a row as read (None where the row is shorter)."""
    if index is None or index >= len(values):
        return None
    return values[index]


def quoted(value) -> str:
    """A cell's text to quote in a message, cut short when long."""
    text = L.cell_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class SheetRows:
    """One sheet as read: the rows with something in them, with their row numbers."""

    name: str
    rows: list[tuple[int, tuple]]  # (row number, values) for rows with something in them


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _refuse(message: str):
    raise WorkbookRefused(message)


def _refuse_at(sheet: str, cell: str, message: str):
    """Refuse the file for what one cell holds, naming the cell (in the message as well)."""
    raise WorkbookRefused(f"{sheet}!{cell} {message}", [Problem(sheet, cell, message)])


def _check_name(filename: str) -> None:
    extension = os.path.splitext(filename or "")[1].lower()
    if not extension:
        return
    if extension in MACRO_EXTENSIONS:
        _refuse(
            f'"{filename}" is a macro-enabled or binary workbook; raci does not open those. '
            "Save it as an Excel Workbook (.xlsx) and upload that."
        )
    if extension == ".xls":
        _refuse(f'"{filename}" is an old .xls workbook. Save it as .xlsx and upload that.')
    if extension != ".xlsx":
        _refuse(f'"{filename}" is not an Excel .xlsx workbook.')


def _check_archive(file) -> None:
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        _refuse(
            "This is an old .xls workbook or a password-protected one. Save it as an "
            "unprotected Excel Workbook (.xlsx) and upload that."
        )
    if not head.startswith(b"PK"):
        _refuse("This file is not an Excel .xlsx workbook.")
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = [entry.filename.lower() for entry in entries]
            content_types = (
                archive.read("[Content_Types].xml")[:200_000].lower()
                if "[content_types].xml" in names
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        _refuse("The file is damaged: it is not a readable .xlsx workbook.")
    finally:
        file.seek(0)
    if any("vbaproject" in name for name in names) or b"macroenabled" in content_types:
        _refuse(
            "This workbook contains macros; raci does not open macro-enabled files. "
            "Save it as an Excel Workbook (.xlsx) without macros and upload that."
        )
    if "xl/workbook.xml" not in names:
        _refuse("This file is not an Excel .xlsx workbook (no workbook inside).")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        _refuse(f"This workbook unpacks to more than {limit} MB; raci does not open it.")


class _Parser(WorkSheetParser):
    """openpyxl's row parser, refusing what the importer must not read on from: a row or
    column index past the limits, a formula with no saved value (read as blank, it would
    clear a cell) and an error value such as #DIV/0! (read as text, it would become a note)."""

    def __init__(self, src, title: str, **kwargs):
        super().__init__(src, **kwargs)
        self.title = title
        self.row_elements = 0  # rows in the file, empty or not, however they are numbered

    def parse_row(self, row):
        self.row_elements += 1
        number = row.get("r")
        if number is not None and number.isdigit() and int(number) > MAX_ROW_INDEX:
            # A person formatting whole columns leaves styled, empty cells down to the last
            # row: those are not content. A value that far down is refused.
            found, cells = super().parse_row(row)
            if any(cell["value"] not in (None, "") for cell in cells):
                _refuse(
                    f"The {self.title} sheet has a value in row {found:,}; raci reads rows "
                    f"up to {MAX_ROW_INDEX:,}. Copy the table into a fresh sheet and retry."
                )
            return found, []
        if self.row_elements > MAX_ROW_INDEX:
            _refuse(
                f"The {self.title} sheet has more than {MAX_ROW_INDEX:,} rows, empty or not; raci "
                f"reads rows up to {MAX_ROW_INDEX:,}. Delete the rows below the table and retry."
            )
        return super().parse_row(row)

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        where = f"{get_column_letter(min(cell['column'], 16_384))}{cell['row']}"
        if cell["column"] > MAX_COLUMN_INDEX:
            _refuse_at(
                self.title,
                where,
                f"is past column {get_column_letter(MAX_COLUMN_INDEX)}; raci reads at most "
                f"{MAX_COLUMNS} columns.",
            )
        if element.find(FORMULA_TAG) is not None and not element.findtext(VALUE_TAG):
            _refuse_at(
                self.title,
                where,
                "holds a formula with no saved value. Open the workbook in Excel or "
                "LibreOffice and save it (so the value is stored), or type the value itself.",
            )
        if cell["data_type"] == "e":
            _refuse_at(
                self.title,
                where,
                f'holds the error value "{cell["value"]}". Fix the formula or type the value '
                "itself.",
            )
        return cell


def _iter_values(worksheet):
    """(row number, values) for each row of a read-only sheet, through _Parser."""
    with worksheet._get_source() as src:
        parser = _Parser(
            src,
            worksheet.title,
            shared_strings=worksheet._shared_strings,
            data_only=True,
            epoch=worksheet.parent.epoch,
            date_formats=worksheet.parent._date_formats,
            timedelta_formats=worksheet.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            if not cells:
                continue
            width = min(max(cell["column"] for cell in cells), MAX_COLUMN_INDEX)
            values = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, tuple(values)


def _read_rows(worksheet) -> list[tuple[int, tuple]]:
    # Files not written by Excel may state wrong sizes; read what is really there, capped.
    # Empty rows cost nothing here, but every row element counts towards the row index
    # limit, which _Parser checks as it goes.
    rows = []
    for number, values in _iter_values(worksheet):
        if len(values) > MAX_COLUMNS:
            beyond = values[MAX_COLUMNS:]
            if beyond.count(None) + beyond.count("") < len(beyond):
                _refuse(
                    f"The {worksheet.title} sheet has values beyond column "
                    f"{get_column_letter(MAX_COLUMNS)}; raci reads at most {MAX_COLUMNS} "
                    "columns."
                )
            values = values[:MAX_COLUMNS]
        end = len(values)
        while end and (values[end - 1] is None or values[end - 1] == ""):
            end -= 1
        if not end:
            continue
        if len(rows) == MAX_ROWS:
            _refuse(
                f"The {worksheet.title} sheet has more than {MAX_ROWS:,} rows; raci imports "
                "at most that many."
            )
        rows.append((number, values[:end]))
    return rows


IMPORTED_SHEETS = (L.MATRIX, L.COVERAGE, L.TOOLS, L.LEGEND)


def read_sheets(file, filename: str = "", names=IMPORTED_SHEETS) -> dict[str, SheetRows]:
    """The named sheets (by default those the importer uses), as rows of values, or
    WorkbookRefused."""
    if isinstance(file, (str, os.PathLike)):
        if not os.path.isfile(file):
            _refuse(f'There is no file "{os.fspath(file)}".')
        with open(file, "rb") as handle:
            return read_sheets(handle, filename or os.path.basename(file), names)
    if _size(file) > MAX_BYTES:
        _refuse("The file is larger than 10 MB; raci imports workbooks up to 10 MB.")
    _check_name(filename)
    file.seek(0)
    _check_archive(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a bad file; all mean the same
        raise WorkbookRefused(
            "The file is damaged or is not an Excel workbook raci can read."
        ) from exc
    sheets = {}
    try:
        by_name = {name.strip().lower(): name for name in workbook.sheetnames}
        for wanted in names:
            actual = by_name.get(wanted.lower())
            if actual is not None:
                sheets[wanted] = SheetRows(wanted, _read_rows(workbook[actual]))
    except WorkbookRefused:
        raise
    except Exception as exc:
        raise WorkbookRefused(
            "The file is damaged: a sheet could not be read. Open it in Excel or "
            "LibreOffice, save it again as .xlsx, and retry."
        ) from exc
    finally:
        workbook.close()
    return sheets
