"""Files the importer will not open: each gets a clear message, none a crash, and nothing in
the engagement changes."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from engagements.exports import layout as L
from engagements.exports.imports import MAX_BYTES, MAX_ROWS, WorkbookRefused, read_sheets, reading
from engagements.models import Engagement
from tests.helpers.workbook import export, run_import


def _refusal(content: bytes, filename: str = "scope.xlsx") -> str:
    with pytest.raises(WorkbookRefused) as error:
        read_sheets(io.BytesIO(content), filename)
    return error.value.message


def _rezip(content: bytes, extra: dict[str, bytes] | None = None, drop=(), replace=None) -> bytes:
    """The same workbook with parts added, removed or replaced."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            target.writestr(item, replace.get(item.filename, source.read(item.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def minimal_workbook() -> bytes:
    """A valid workbook in our format with no engagement behind it (no database needed)."""
    workbook = Workbook()
    workbook.active.title = L.MATRIX
    workbook.active.append([L.ACTIVITY, L.CODE])
    legend = workbook.create_sheet(L.LEGEND)
    legend.append([L.FORMAT_LABEL, L.FORMAT_VERSION])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_well_formed_workbook_is_read(minimal_workbook):
    sheets = read_sheets(io.BytesIO(minimal_workbook), "scope.xlsx")
    assert sheets[L.MATRIX].rows == [(1, (L.ACTIVITY, L.CODE))]


def test_a_text_file_is_not_a_workbook():
    assert _refusal(b"Activity,Code\n") == "This file is not an Excel .xlsx workbook."


def test_an_empty_file_is_not_a_workbook():
    assert _refusal(b"") == "This file is not an Excel .xlsx workbook."


def test_a_csv_is_refused_by_its_name(minimal_workbook):
    assert _refusal(minimal_workbook, "scope.csv") == '"scope.csv" is not an Excel .xlsx workbook.'


def test_a_damaged_workbook_is_refused(minimal_workbook):
    message = _refusal(minimal_workbook[: len(minimal_workbook) // 2])
    assert message == "The file is damaged: it is not a readable .xlsx workbook."


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(out.getvalue()) == (
        "This file is not an Excel .xlsx workbook (no workbook inside)."
    )


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    message = _refusal(b"PK" + b"\0" * MAX_BYTES)
    assert message == "The file is larger than 10 MB; raci imports workbooks up to 10 MB."


def test_a_sheet_over_20000_rows_is_refused(minimal_workbook):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, MAX_ROWS + 2))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()
    content = _rezip(minimal_workbook, replace={"xl/worksheets/sheet1.xml": sheet})
    assert _refusal(content) == (
        "The RACI matrix sheet has more than 20,000 rows; raci imports at most that many."
    )


def test_rows_far_down_the_sheet_count_only_when_they_hold_something(minimal_workbook):
    # A person formats whole columns: a million styled, empty rows are not content.
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Activity</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576" s="0"/></row></sheetData></worksheet>'
    )
    content = _rezip(minimal_workbook, replace={"xl/worksheets/sheet1.xml": sheet})
    assert read_sheets(io.BytesIO(content), "scope.xlsx")[L.MATRIX].rows == [(1, ("Activity",))]


def test_values_beyond_the_column_limit_are_refused(minimal_workbook):
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="KN1"><v>2</v></c></row>'
        b"</sheetData></worksheet>"
    )
    content = _rezip(minimal_workbook, replace={"xl/worksheets/sheet1.xml": sheet})
    assert _refusal(content) == (
        "The RACI matrix sheet has values beyond column IV; raci reads at most 256 columns."
    )


@pytest.mark.parametrize("filename", ["scope.xlsm", "scope.xltm", "scope.XLSM", "scope.xlsb"])
def test_a_macro_enabled_file_is_refused_by_its_name(minimal_workbook, filename):
    assert _refusal(minimal_workbook, filename).startswith(
        f'"{filename}" is a macro-enabled or binary workbook'
    )


def test_a_workbook_carrying_a_vba_project_is_refused_whatever_its_name(minimal_workbook):
    content = _rezip(minimal_workbook, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert _refusal(content).startswith("This workbook contains macros")


def test_a_workbook_declaring_macro_content_is_refused(minimal_workbook):
    with zipfile.ZipFile(io.BytesIO(minimal_workbook)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    content = _rezip(minimal_workbook, replace={"[Content_Types].xml": types})
    assert _refusal(content).startswith("This workbook contains macros")


def test_an_old_xls_or_password_protected_file_is_refused():
    assert _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512).startswith(
        "This is an old .xls workbook or a password-protected one"
    )


def test_a_zip_bomb_is_refused_without_unpacking_it(monkeypatch):
    # The real limit is 200 MB; a 2 MB one shows the same check without the wait.
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    assert len(out.getvalue()) < 20_000  # small on the wire, big unpacked
    assert _refusal(out.getvalue()) == (
        "This workbook unpacks to more than 2 MB; raci does not open it."
    )


def test_an_xml_entity_bomb_is_refused(minimal_workbook):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    content = _rezip(minimal_workbook, replace={"xl/worksheets/sheet1.xml": bomb})
    assert _refusal(content).startswith("The file is damaged")


@pytest.mark.django_db
def test_a_refused_file_changes_nothing(co_managed, account_manager):
    version = Engagement.objects.get(pk=co_managed.pk).version
    content = _rezip(export(co_managed), extra={"xl/vbaProject.bin": b"macro"})
    with pytest.raises(WorkbookRefused):
        run_import(co_managed, content, account_manager)
    assert Engagement.objects.get(pk=co_managed.pk).version == version
