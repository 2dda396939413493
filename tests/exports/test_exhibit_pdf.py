"""The exhibit PDF: it opens, every page names the revision's status and carries its short
fingerprint, nothing prints under 8 pt, no page is blank, and it costs the same queries for
any size of matrix.

WeasyPrint needs Debian's Pango (.ci/system-deps installs it). Where it cannot be imported
these tests are skipped, unless RACI_REQUIRE_WEASYPRINT=1 (CI), which makes that a failure.
"""

import io
import os

import pytest
from django.urls import reverse

from engagements.analysis.fingerprint import short
from engagements.exports.pdf import exhibit_filename, exhibit_pdf
from engagements.exports.xlsx.pages import status_word
from engagements.models import Assignment, MatrixRow, Role, Side
from engagements.selectors import engagement_list
from tests.helpers import bulk

pytestmark = pytest.mark.django_db

REQUIRED = os.environ.get("RACI_REQUIRE_WEASYPRINT") == "1"

try:
    import weasyprint  # noqa: F401

    WEASYPRINT = True
except (ImportError, OSError):  # OSError: Pango's libraries are missing
    WEASYPRINT = False


@pytest.fixture(autouse=True)
def _weasyprint():
    if not WEASYPRINT:
        if REQUIRED:
            pytest.fail("RACI_REQUIRE_WEASYPRINT=1 but WeasyPrint cannot be imported")
        pytest.skip("WeasyPrint (or Pango) is not installed")


def _lines(item):
    """The text lines inside a layout item, at any depth."""
    from pdfminer.layout import LTTextLine

    if isinstance(item, LTTextLine):
        yield item
        return
    for child in getattr(item, "__iter__", lambda: iter(()))():
        yield from _lines(child)


def _pages(content: bytes):
    """Each page as (its text, the sizes of its characters), read back with pdfminer."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    pages = []
    for layout in extract_pages(io.BytesIO(content)):
        lines = list(_lines(layout))
        text = "".join(line.get_text() for line in lines)
        sizes = [
            round(char.size, 2)
            for line in lines
            for char in line
            if isinstance(char, LTChar) and char.get_text().strip()
        ]
        pages.append((text, sizes))
    return pages


def _fingerprint(engagement) -> str:
    from engagements.selectors.exhibit import exhibit_for
    from engagements.selectors.matrix import load_matrix

    return exhibit_for(load_matrix(engagement)).fingerprint


def test_the_pdf_opens_and_every_page_carries_the_status_and_short_fingerprint(co_managed):
    content = exhibit_pdf(co_managed)
    assert content.startswith(b"%PDF-")
    pages = _pages(content)
    assert len(pages) >= 3
    fingerprint = short(_fingerprint(co_managed))
    for number, (text, _) in enumerate(pages, start=1):
        assert fingerprint in text, f"page {number} lacks the fingerprint"
        assert status_word(co_managed) in text, f"page {number} lacks the status"
        assert f"Page {number} of {len(pages)}" in text
        assert f"Revision {co_managed.revision}" in text


def test_the_cover_names_the_parties_and_prints_the_full_fingerprint(co_managed):
    cover, _ = _pages(exhibit_pdf(co_managed))[0]
    assert co_managed.client.contract_name in cover
    assert co_managed.title in cover
    assert _fingerprint(co_managed) in cover.replace("\n", "")


def _running(engagement, number, total) -> list[str]:
    """The running header and footer of a page."""
    return [
        f"{engagement.client.name} — {engagement.title}",
        f"Revision {engagement.revision} · {status_word(engagement)}",
        f"Fingerprint {short(_fingerprint(engagement))} · exported",
        f"Page {number} of {total}",
    ]


def test_no_text_is_under_8_points_and_no_page_is_blank(co_managed):
    pages = _pages(exhibit_pdf(co_managed))
    for number, (text, sizes) in enumerate(pages, start=1):
        assert min(sizes) >= 8, f"page {number} prints at {min(sizes)} pt"
        for line in _running(co_managed, number, len(pages)):
            text = text.replace(line, "")
        # Beyond its running header and footer, the page has content of its own.
        assert len("".join(text.split())) > 40, f"page {number} is blank"


def test_a_wide_matrix_is_split_into_column_groups_and_stays_at_8_points(
    co_managed, account_manager
):
    rows = list(MatrixRow.objects.filter(engagement=co_managed))
    roles = Role.objects.bulk_create(
        Role(engagement=co_managed, name=f"Vendor{n:02d}", side=Side.VENDOR, order=50 + n)
        for n in range(20)
    )
    Assignment.objects.bulk_create(Assignment(row=rows[0], role=r, letters="C") for r in roles)
    pages = _pages(exhibit_pdf(co_managed))
    text = " ".join(" ".join(page for page, _ in pages).split())
    assert "RACI matrix: Columns 1 of 3" in text
    assert "Vendor00" in text and "Vendor19" in text
    assert min(size for _, sizes in pages for size in sizes) >= 8


# The engagement, its matrix, the parties, the workflow events, the findings' settings and
# the findings stored for the version: never a query per row, role or cell.
EXHIBIT_QUERIES = 13


def test_the_pdf_costs_a_fixed_number_of_queries_for_a_small_and_a_large_matrix(
    acme, account_manager, django_assert_num_queries
):
    small = bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(5))
    large = bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(150))
    for made in (small, large):
        engagement = engagement_list(user=account_manager).get(pk=made.pk)
        with django_assert_num_queries(EXHIBIT_QUERIES):
            exhibit_pdf(engagement)


def test_the_api_returns_the_pdf_with_its_filename(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.get(reverse("api-engagement-exhibit-pdf", args=[co_managed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{exhibit_filename(co_managed)}"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    again = client.get(
        reverse("api-engagement-exhibit-pdf", args=[co_managed.pk]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_another_clients_engagement_is_404(client, other_account_manager, co_managed):
    client.force_login(other_account_manager)
    response = client.get(reverse("api-engagement-exhibit-pdf", args=[co_managed.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_schema_documents_the_pdf(client, account_manager):
    client.force_login(account_manager)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    if schema.status_code != 200:
        pytest.skip("schema URL differs")
    operation = schema.json()["paths"]["/api/engagements/{id}/exhibit.pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
