"""The exported file in a real spreadsheet: LibreOffice (headless) opens it, prints it to PDF,
shows formula-like text as text, and a copy it saves again imports with no changes.

Skipped where LibreOffice is not installed, except in CI: `.ci/run` installs it and sets
RACI_REQUIRE_LIBREOFFICE=1, which turns a missing `soffice` into a failure.
"""

import csv
import os
import re
import shutil
import subprocess

import pytest

from engagements import services
from engagements.models import Assignment, MatrixRow
from tests.helpers.workbook import (
    CLIENT,
    ERROR_LOOKALIKE,
    NOTE,
    ROLE,
    TITLE,
    TOOL,
    export,
    run_import,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("RACI_REQUIRE_LIBREOFFICE") == "1"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        SOFFICE is None and not REQUIRED, reason="LibreOffice (soffice) is not installed"
    ),
]

# Every sheet to its own UTF-8 CSV (the last token, -1, means all sheets).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _soffice(tmp_path, *args) -> subprocess.CompletedProcess:
    if SOFFICE is None:
        pytest.fail("RACI_REQUIRE_LIBREOFFICE=1 but soffice is not installed")
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel runs do not clash
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def _convert(tmp_path, content: bytes, target: str, outdir: str = "out"):
    source = tmp_path / "scope.xlsx"
    source.write_bytes(content)
    (tmp_path / outdir).mkdir(exist_ok=True)
    result = _soffice(
        tmp_path, "--convert-to", target, "--outdir", str(tmp_path / outdir), str(source)
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    return tmp_path / outdir


def test_the_exported_workbook_prints_to_pdf_in_libreoffice(co_managed, account_manager, tmp_path):
    # A row with a finding, so the marker column and severity colours are in the file too.
    row = MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers")
    Assignment.objects.filter(row=row, letters__contains="A").delete()
    outdir = _convert(tmp_path, export(co_managed), "pdf")
    pdf = (outdir / "scope.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) >= 7  # a page or more for each of the seven sheets


def test_libreoffice_shows_formula_like_text_as_text(hostile, tmp_path):
    outdir = _convert(tmp_path, export(hostile), CSV_ALL_SHEETS)
    sheets = {
        path.stem.removeprefix("scope-"): list(csv.reader(path.open(encoding="utf-8")))
        for path in outdir.glob("*.csv")
    }
    assert set(sheets) == {
        "Cover",
        "RACI matrix",
        "Coverage",
        "Escalation",
        "SLA",
        "Findings",
        "Tools",
        "Compliance",
        "Changes",
        "Legend",
    }
    values = {name: {v for row in rows for v in row} for name, rows in sheets.items()}
    assert {CLIENT, TITLE} <= values["Cover"]
    assert {ROLE, NOTE} <= values["RACI matrix"]
    assert {TOOL, ERROR_LOOKALIKE} <= values["Tools"]
    everything = {v for found in values.values() for v in found}
    # Evaluated, these would read 3, 2, Click, or an error code.
    assert not everything & {"3", "2", "Click", "#NAME?", "Err:508", "#VALUE!"}


def test_a_copy_saved_again_by_libreoffice_imports_with_no_changes(
    co_managed, account_manager, tmp_path
):
    services.row_update(
        row=MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers"),
        split_note="Line one.\nLine two, with = and + inside.",
        by=account_manager,
    )
    outdir = _convert(tmp_path, export(co_managed), "xlsx:Calc MS Excel 2007 XML", "saved")
    resaved = (outdir / "scope.xlsx").read_bytes()
    result = run_import(co_managed, resaved, account_manager, dry_run=True)
    assert result.changes == []
