"""What the importer refuses before or while it reads: another engagement's workbook, row
and column indexes past the limits, formulas without a saved value, error values, text
longer than the API takes; and what it reads kindly (a non-breaking space is a space)."""

import io
import time
import zipfile

import pytest

from engagements.exports.imports import WorkbookInvalid, WorkbookRefused
from engagements.models import Assignment
from tests.helpers.workbook import cell, edited, export, run_import

pytestmark = pytest.mark.django_db


def _rewrite_sheet(content: bytes, sheet_xml: str, change) -> bytes:
    """The workbook with one sheet's XML changed by `change(text) -> text`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet_xml:
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return out.getvalue()


MATRIX_XML = "xl/worksheets/sheet2.xml"  # the RACI matrix is the second sheet


def test_a_workbook_of_another_engagement_is_refused_naming_both(
    co_managed, fully_managed, account_manager
):
    with pytest.raises(WorkbookInvalid) as refused:
        run_import(fully_managed, export(co_managed), account_manager, dry_run=True)
    message = str(refused.value.problems[0])
    assert message.startswith("Legend!B")
    assert f"engagement id {co_managed.pk}" in message and "Co-managed IT r1" in message
    assert f"(id {fully_managed.pk})" in message and "--from-other" in message


def test_another_engagements_workbook_imports_when_the_user_says_so(
    co_managed, fully_managed, account_manager
):
    with pytest.raises(WorkbookInvalid) as refused:
        run_import(fully_managed, export(co_managed), account_manager, from_other=True)
    # Past the Legend's check, the copy is read like any workbook: here its roles are new.
    assert all("exported from" not in p.message for p in refused.value.problems)


def test_a_formula_without_a_saved_value_is_refused_with_its_cell(co_managed, account_manager):
    def edit(workbook):
        target = cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO")
        target.value = '=IF(1,"A","")'  # openpyxl saves formulas without a cached value
        edit.address = target.coordinate

    with pytest.raises(WorkbookRefused) as refused:
        run_import(co_managed, edited(export(co_managed), edit), account_manager, dry_run=True)
    assert f"RACI matrix!{edit.address} holds a formula with no saved value" in str(refused.value)


def test_an_error_value_is_refused_with_its_cell(co_managed, account_manager):
    content = export(co_managed)

    def error_in_first_split_note(xml: str) -> str:
        # An error value as Excel stores it: t="e" with the code as its value.
        marker = "</sheetData>"
        return xml.replace(
            marker, '<row r="9000"><c r="B9000" t="e"><v>#DIV/0!</v></c></row>' + marker
        )

    broken = _rewrite_sheet(content, MATRIX_XML, error_in_first_split_note)
    with pytest.raises(WorkbookRefused) as refused:
        run_import(co_managed, broken, account_manager, dry_run=True)
    assert 'RACI matrix!B9000 holds the error value "#DIV/0!"' in str(refused.value)


def test_millions_of_empty_rows_are_refused_before_reading_on(co_managed, account_manager):
    def millions(xml: str) -> str:
        # Three million empty rows (all numbered alike) and one numbered 30,000,000.
        rows = '<row r="5000"/>' * 3_000_000
        return xml.replace("</sheetData>", rows + '<row r="30000000"/></sheetData>')

    huge = _rewrite_sheet(export(co_managed), MATRIX_XML, millions)
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused) as refused:
        run_import(co_managed, huge, account_manager, dry_run=True)
    assert "raci reads rows up to 50,000" in str(refused.value)
    print(f"{len(huge) // 1024} KB file refused in {time.perf_counter() - started:.2f} s")


def test_a_row_numbered_past_the_limit_is_refused_at_once(co_managed, account_manager):
    def far(xml: str) -> str:
        row = '<row r="30000000"><c r="A30000000" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", row + "</sheetData>")

    with pytest.raises(WorkbookRefused) as refused:
        run_import(co_managed, _rewrite_sheet(export(co_managed), MATRIX_XML, far), account_manager)
    assert "has a value in row 30,000,000" in str(refused.value)


def test_a_split_note_longer_than_the_api_allows_is_refused(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["RACI matrix"]
        target = cell(ws, "patching.servers", "Split note")
        target.value = "x" * 10_001
        edit.address = target.coordinate

    with pytest.raises(WorkbookInvalid) as refused:
        run_import(co_managed, edited(export(co_managed), edit), account_manager, dry_run=True)
    assert any(
        p.cell == edit.address and "10,000 characters" in p.message for p in refused.value.problems
    )


def test_a_non_breaking_space_between_letters_is_a_space(co_managed, account_manager):
    def edit(workbook):
        cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO").value = "A\u00a0/R"

    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    stored = Assignment.objects.get(
        row__engagement=co_managed, row__activity__code="patching.servers", role__name="MSP vCIO"
    )
    assert stored.letters == "AR"


def test_a_bad_letter_quotes_the_whole_cell(co_managed, account_manager):
    def edit(workbook):
        cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO").value = "Resp"

    with pytest.raises(WorkbookInvalid) as refused:
        run_import(co_managed, edited(export(co_managed), edit), account_manager, dry_run=True)
    assert refused.value.problems[0].message.startswith('"Resp" is not a set of RACI letters')
