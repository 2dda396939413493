"""The demo's signed Harbor Dental revision as a contracts manager prints it: the exhibit
workbook through LibreOffice to PDF, and the exhibit PDF from WeasyPrint. Read back with
pdfminer, neither has text under 8 pt, a blank or near-empty page (a page holding only its
running header and footer counts as blank), or a page without the short fingerprint.

Needs LibreOffice (`soffice`) and WeasyPrint (Debian's Pango); each half is skipped where
its tool is missing, unless RACI_REQUIRE_LIBREOFFICE=1 / RACI_REQUIRE_WEASYPRINT=1 (CI)
makes that a failure.
"""

import io
import os
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from engagements.analysis.fingerprint import short
from engagements.exports.xlsx import workbook_bytes
from engagements.exports.xlsx.pages import status_word
from engagements.models import Engagement, Status

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MIN_POINTS = 8
# A page with less than this of its own (beyond the running header and footer) is
# near-empty: a stub of a table, a lone heading.
MIN_LINES, MIN_CHARACTERS = 2, 60
PAGE_NUMBER = re.compile(r"\bpage \d+ of \d+$", re.IGNORECASE)


def _require(tool: str, present: bool, variable: str) -> None:
    if present:
        return
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {tool} is not available")
    pytest.skip(f"{tool} is not installed")


@pytest.fixture
def harbor():
    call_command("seed_demo", "--quiet-logins")
    engagement = Engagement.objects.select_related(
        "client", "account_manager", "signed_off_by"
    ).get(client__slug="harbor-dental", revision=2)
    assert engagement.status == Status.SIGNED_OFF
    return engagement


def _lines(item):
    from pdfminer.layout import LTTextLine

    if isinstance(item, LTTextLine):
        yield item
        return
    for child in getattr(item, "__iter__", lambda: iter(()))():
        yield from _lines(child)


def _running(engagement) -> set[str]:
    """The running header and footer lines every page may carry, in both renderings."""
    client = engagement.client
    return {
        text
        for text in (
            client.name,
            client.contract_name,
            engagement.title,
            f"{client.name} — {engagement.title}",
            f"Revision {engagement.revision}",
            status_word(engagement),
            f"Revision {engagement.revision} · {status_word(engagement)}",
            engagement.exhibit_label,
            engagement.agreement_reference,
            "Scope of IT services",
        )
        if text
    }


def _points(char) -> float:
    """A character's type size. pdfminer's `size` is the height of its box, which for text
    turned on its side (the matrix's rotated role names) is the letter's advance width, not
    its size: there the size is the box's width."""
    a, b = char.matrix[0], char.matrix[1]
    return char.width if abs(b) > abs(a) else char.size


def _is_running(text: str, running: set[str]) -> bool:
    return (
        text in running
        or text.startswith(("Fingerprint ", "Exported "))
        or PAGE_NUMBER.search(text) is not None
    )


def _problems(content: bytes, engagement) -> list[str]:
    """What reads badly on the printed pages, one line per problem."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    fingerprint = short(engagement.fingerprint)
    running = _running(engagement)
    problems = []
    pages = list(extract_pages(io.BytesIO(content)))
    assert pages, "no pages"
    for number, layout in enumerate(pages, start=1):
        lines = list(_lines(layout))
        texts = [" ".join(line.get_text().split()) for line in lines]
        if not any(fingerprint in text for text in texts):
            problems.append(f"page {number}: no fingerprint {fingerprint}")
        small = sorted(
            {
                round(_points(char), 1)
                for line in lines
                for char in line
                if isinstance(char, LTChar)
                and char.get_text().strip()
                and _points(char) < MIN_POINTS - 0.05
            }
        )
        if small:
            problems.append(f"page {number}: text at {small} pt")
        own = [text for text in texts if text and not _is_running(text, running)]
        if len(own) < MIN_LINES or sum(len(t.replace(" ", "")) for t in own) < MIN_CHARACTERS:
            problems.append(f"page {number} of {len(pages)} is near-empty: {own}")
    return problems


def test_the_harbor_dental_workbook_printed_by_libreoffice_reads_well(harbor, tmp_path):
    _require("LibreOffice (soffice)", SOFFICE is not None, "RACI_REQUIRE_LIBREOFFICE")
    (tmp_path / "exhibit.xlsx").write_bytes(workbook_bytes(harbor))
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path / "out"), "exhibit.xlsx"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert _problems((tmp_path / "out" / "exhibit.pdf").read_bytes(), harbor) == []


def test_the_harbor_dental_exhibit_pdf_reads_well(harbor):
    try:
        import weasyprint  # noqa: F401

        from engagements.exports.pdf import exhibit_pdf

        available = True
    except (ImportError, OSError):  # OSError: Pango's libraries are missing
        available = False
    _require("WeasyPrint (or Pango)", available, "RACI_REQUIRE_WEASYPRINT")
    assert _problems(exhibit_pdf(harbor), harbor) == []
