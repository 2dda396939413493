"""The demo's signed Harbor Dental revision, printed through LibreOffice as a contracts
manager would: no upright text under 8 pt, no page without body text, the fingerprint in
every page's footer. Skipped where LibreOffice or pdfminer is missing (see test_libreoffice)."""

import pytest

from engagements.demo import seed_demo
from engagements.models import Engagement, Status
from tests.exports.test_libreoffice import SOFFICE, _convert
from tests.helpers.workbook import export

pdfminer = pytest.importorskip("pdfminer.high_level")
from pdfminer.layout import LTChar  # noqa: E402

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]

MARGIN_BAND = 60  # points at the top and bottom of a page where header and footer print


def _chars(item):
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _chars(child)


def test_the_signed_harbor_dental_exhibit_prints_readably_with_no_blank_page(tmp_path):
    seed_demo()
    signed = Engagement.objects.get(
        client__slug="harbor-dental", status=Status.SIGNED_OFF, revision=2
    )
    pdf = _convert(tmp_path, export(signed), "pdf") / "scope.pdf"
    pages = list(pdfminer.extract_pages(str(pdf)))
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        chars = list(_chars(page))
        upright = [c for c in chars if c.upright]
        small = sorted({round(c.size, 1) for c in upright if c.size < 7.95})
        assert not small, f"page {number}: text at {small} pt"
        body = [c for c in chars if MARGIN_BAND < c.y0 < page.height - MARGIN_BAND]
        assert body, f"page {number} has no text between its header and footer"
        text = "".join(c.get_text() for c in chars)
        assert f"Fingerprint {signed.fingerprint[:12]}" in text, f"page {number}"
        assert "SIGNED OFF" in text, f"page {number}"
    print(f"{len(pages)} pages")
