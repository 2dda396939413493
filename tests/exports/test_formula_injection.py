"""User text that looks like a formula is written as text: a spreadsheet shows it and never
evaluates it, and it comes back unchanged on import."""

import io
import re
import zipfile

import pytest

from engagements.models import MatrixRow, Role, Tool
from tests.helpers.workbook import (
    CATEGORY,
    CLIENT,
    ERROR_LOOKALIKE,
    NOTE,
    PERSON,
    ROLE,
    TITLE,
    TOOL,
    cell,
    export,
    open_workbook,
    run_import,
    tool_row,
)

pytestmark = pytest.mark.django_db


def test_the_workbook_contains_no_formula_at_all(hostile):
    with zipfile.ZipFile(io.BytesIO(export(hostile))) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name


@pytest.mark.parametrize(
    "where",
    [
        "client name",
        "engagement title",
        "role name",
        "person name",
        "split note",
        "tool name",
        "tool category",
        "tool notes",
        "error look-alike",
    ],
)
def test_formula_like_text_is_a_quoted_string_cell(hostile, where):
    workbook = open_workbook(export(hostile))
    matrix, tools = workbook["RACI matrix"], workbook["Tools"]
    cover = {c.value: c for c in workbook["Cover"]["B"] if c.value}
    legend_roles = {c.value: c for c in workbook["Legend"]["H"] if c.value}
    legend_people = {c.value: c for c in workbook["Legend"]["J"] if c.value}
    found = {
        "client name": (cover[CLIENT], CLIENT),
        "engagement title": (cover[TITLE], TITLE),
        "role name": (legend_roles[ROLE], ROLE),
        "person name": (legend_people[PERSON], PERSON),
        "split note": (cell(matrix, "patching.servers", "Split note"), NOTE),
        "tool name": (tools[f"A{tool_row(tools, TOOL)}"], TOOL),
        "tool category": (tools[f"B{tool_row(tools, TOOL)}"], CATEGORY),
        "tool notes": (tools[f"G{tool_row(tools, TOOL)}"], "\n=1+2"),
        "error look-alike": (tools[f"A{tool_row(tools, ERROR_LOOKALIKE)}"], ERROR_LOOKALIKE),
    }
    written, text = found[where]
    assert written.data_type == "s"
    # XML reads a carriage return back as a line feed; the point is that it stays text.
    assert written.value == text
    if text[0] in "=+-@\t\r\n":
        assert written.quotePrefix


def test_a_role_named_like_a_formula_heads_its_column_as_text(hostile):
    matrix = open_workbook(export(hostile))["RACI matrix"]
    header = next(c for c in matrix[4] if c.value == ROLE)
    assert header.data_type == "s" and header.quotePrefix


def test_formula_like_text_comes_back_unchanged_on_import(hostile, account_manager):
    result = run_import(hostile, export(hostile), account_manager)
    # Every text reads back as written (leading whitespace aside, which the import trims
    # and compares trimmed), so nothing changes.
    assert result.changes == []
    assert Tool.objects.filter(engagement=hostile, name=TOOL).exists()
    assert Role.objects.filter(engagement=hostile, name=ROLE).exists()
    row = MatrixRow.objects.get(engagement=hostile, activity__code="patching.servers")
    assert row.split_note == NOTE
