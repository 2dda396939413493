"""Reading and editing workbooks the way tests need: by activity code and role name, like a
person looking at the sheet, not by hard-coded cell addresses."""

import io

import openpyxl

from engagements.exports import layout as L
from engagements.exports.imports import import_workbook
from engagements.exports.xlsx import workbook_bytes
from engagements.models import Engagement
from engagements.selectors.matrix import load_matrix

# User text that starts like a formula, for the injection tests (see conftest.hostile).
CLIENT = '=HYPERLINK("http://evil.example","Click")'
TITLE = "=cmd|' /C calc'!A0"
ROLE = "+SUM(1,2)"
PERSON = "@SUM(1+1)"
NOTE = "-2+3 the MSP does the rest"
TOOL = "@SUM(A1:A9)"
CATEGORY = "\tcmd"
TOOL_NOTES = "\r=1+2"
ERROR_LOOKALIKE = "#N/A"


def open_workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_row(ws, first_title: str) -> int:
    for row in range(1, 21):
        if ws.cell(row=row, column=1).value == first_title:
            return row
    raise AssertionError(f"no header row in {ws.title}")


def column_of(ws, title: str, first_title: str = L.ACTIVITY) -> str:
    row = header_row(ws, first_title)
    for cell in ws[row]:
        if cell.value == title:
            return cell.column_letter
    raise AssertionError(f'no column "{title}" in {ws.title}')


def row_of(ws, code: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == code:
            return row
    raise AssertionError(f'no row for "{code}" in {ws.title}')


def cell(ws, code: str, title: str, first_title: str = L.ACTIVITY):
    return ws[f"{column_of(ws, title, first_title)}{row_of(ws, code)}"]


def tool_row(ws, name: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == name:
            return row
    raise AssertionError(f'no tool "{name}"')


def edited(content: bytes, edit) -> bytes:
    """The workbook after `edit(workbook)` changed it, saved again."""
    workbook = open_workbook(content)
    edit(workbook)
    return save(workbook)


def run_import(
    engagement, content: bytes, by, *, dry_run=False, filename="scope.xlsx", from_other=False
):
    return import_workbook(
        engagement=engagement,
        file=io.BytesIO(content),
        by=by,
        filename=filename,
        dry_run=dry_run,
        from_other=from_other,
    )


def export(engagement) -> bytes:
    return workbook_bytes(Engagement.objects.get(pk=engagement.pk))


def state(engagement) -> dict:
    """The matrix, coverage and tools in words (codes and names, not ids), to compare two
    engagements."""
    data = load_matrix(Engagement.objects.get(pk=engagement.pk))
    names = {role.id: role.name for role in data.roles}
    code = {row.id: row.activity.code for row in data.rows}
    return {
        "cells": {
            (code[row_id], names[role_id]): letters
            for (row_id, role_id), letters in data.cells.items()
        },
        "coverage": {
            (code[row_id], window): names[role_id]
            for (row_id, window), role_id in data.coverage.items()
        },
        "rows": {
            row.activity.code: (row.in_scope, row.split_note, row.coverage_need)
            for row in data.rows
        },
        "tools": {
            tool.name: (
                tool.category,
                tool.owner_side,
                tool.licence_holder_side,
                tool.administered_by.name if tool.administered_by else "",
                tool.exit_fate,
                tool.notes,
            )
            for tool in data.tools
        },
    }
