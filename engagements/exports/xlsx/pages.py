"""The workbook as a printed exhibit: paper, margins, scale, the header and footer of every
page, and for a signed or superseded revision its protection and its document status.

Applied to every sheet after all are written, so a sheet added later (a new module in this
package, listed in `build_workbook`) prints like the others without doing anything itself.

Printed text never goes below 8 pt: a sheet is scaled down to fit the paper's width only as
far as its smallest font allows (MIN_SCALE); a sheet still too wide is printed across
several pages, with its first column repeated where the sheet asks for it.
"""

import math
import threading
from contextlib import contextmanager

from openpyxl.packaging import extended
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.page import PageMargins

from engagements.analysis.fingerprint import short
from engagements.exports.xlsx.cells import header_text
from engagements.exports.xlsx.context import Context
from engagements.models import Status

# ISO country codes of the countries whose offices use US Letter paper; all others use A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PR", "DO"})
# Time zones that stand for those countries when a client has no country set.
LETTER_ZONE_PREFIXES = ("America/", "US/", "Canada/", "Asia/Manila", "Pacific/Honolulu")
A4_ZONE_EXCEPTIONS = ("America/Sao_Paulo", "America/Argentina", "America/Montevideo")

PAPER = {  # name -> (openpyxl paper size code, portrait width and height in points)
    "A4": ("9", 595.0, 842.0),
    "Letter": ("1", 612.0, 792.0),
}
MARGIN_SIDE, MARGIN_TOP, MARGIN_EDGE = 0.3, 0.75, 0.25  # inches: narrow, two header lines
SMALLEST_FONT = 10.0  # points: the smallest font any sheet writes (codes, notes)
MIN_PRINTED_FONT = 8.0
MIN_SCALE = math.ceil(100 * MIN_PRINTED_FONT / SMALLEST_FONT)  # 80 %
# LibreOffice scales headers with the sheet whatever scaleWithDoc says: 11 pt prints at
# 8.8 pt or more at the smallest scale.
HEADER_FONT_SIZE = 11
DEFAULT_COLUMN_WIDTH = 8.43
WIDTH_SAFETY = 1.12

STATUS_WORDS = {
    Status.DRAFT: "DRAFT",
    Status.IN_REVIEW: "IN REVIEW",
    Status.SIGNED_OFF: "SIGNED OFF",
    Status.SUPERSEDED: "SUPERSEDED",
}


def paper_for(client) -> str:
    """A4 or Letter, by the client's country (or, when none is set, its time zone)."""
    country = (getattr(client, "country", "") or "").upper()
    if country:
        return "Letter" if country in LETTER_COUNTRIES else "A4"
    zone = client.time_zone or ""
    if zone.startswith(A4_ZONE_EXCEPTIONS):
        return "A4"
    return "Letter" if zone.startswith(LETTER_ZONE_PREFIXES) else "A4"


def status_word(engagement) -> str:
    return STATUS_WORDS.get(engagement.status, engagement.get_status_display().upper())


def _column_points(ws, first: int, last: int) -> float:
    """The printed width of columns first..last in points (hidden columns print nothing):
    Excel's width in characters of the default font is 7 px each plus 5 px of padding."""
    total = 0.0
    for index in range(first, last + 1):
        dimension = ws.column_dimensions.get(get_column_letter(index))
        if dimension is not None and dimension.hidden:
            continue
        width = dimension.width if dimension is not None and dimension.customWidth else None
        total += (math.floor((width or DEFAULT_COLUMN_WIDTH) * 7) + 5) * 0.75
    # LibreOffice lays columns out a little wider than Excel (measured with Carlito): keep
    # a margin so a sheet that fits in Excel fits there too.
    return total * WIDTH_SAFETY


def _print_columns(ws) -> tuple[int, int]:
    area = ws.print_area
    if area:
        ref = area.split("!")[-1].replace("$", "").split(",")[0]
        start, _, end = ref.partition(":")
        first = column_index_from_string("".join(c for c in start if c.isalpha()))
        last = column_index_from_string("".join(c for c in (end or start) if c.isalpha()))
        return first, last
    return 1, max(ws.max_column, 1)


def fit(ws, paper: str) -> int:
    """Set the paper, margins and scale of one sheet; returns the scale in percent."""
    code, width, height = PAPER[paper]
    landscape = ws.page_setup.orientation == "landscape"
    page_width = (height if landscape else width) - 2 * MARGIN_SIDE * 72
    first, last = _print_columns(ws)
    content = _column_points(ws, first, last)
    scale = 100 if content <= page_width else max(MIN_SCALE, math.floor(100 * page_width / content))
    ws.page_setup.paperSize = code
    ws.page_setup.scale = scale
    ws.page_setup.fitToWidth = None
    ws.page_setup.fitToHeight = None
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins = PageMargins(
        left=MARGIN_SIDE,
        right=MARGIN_SIDE,
        top=MARGIN_TOP,
        bottom=MARGIN_TOP,
        header=MARGIN_EDGE,
        footer=MARGIN_EDGE,
    )
    if not ws.print_area:
        last_row = max(ws.max_row, 1)
        ws.print_area = f"A1:{get_column_letter(last)}{last_row}"
    return scale


def header_and_footer(ws, ctx: Context) -> None:
    """Every page names the client, the engagement, the revision and its status, and
    carries the short fingerprint, the export date and its page number."""
    engagement = ctx.engagement
    parties = ctx.exhibit.parties
    exhibit = parties.exhibit_label or "Scope of IT services"
    parts = (
        (ws.oddHeader.left, f"{parties.client_name or engagement.client.name}\n{engagement.title}"),
        (ws.oddHeader.center, f"Revision {engagement.revision}\n{status_word(engagement)}"),
        (ws.oddHeader.right, f"{exhibit}\n{parties.agreement_reference}".strip()),
        (ws.oddFooter.left, f"Fingerprint {short(ctx.exhibit.fingerprint)}"),
        (ws.oddFooter.center, f"Exported {ctx.exported_on}"),
    )
    for part, text in parts:
        part.text = header_text(text)
        part.size = HEADER_FONT_SIZE
    ws.oddFooter.right.text = f"{ws.title} · page &P of &N"
    ws.oddFooter.right.size = HEADER_FONT_SIZE
    ws.HeaderFooter.scaleWithDoc = False
    ws.HeaderFooter.alignWithMargins = True


def is_final(engagement) -> bool:
    return engagement.status in (Status.SIGNED_OFF, Status.SUPERSEDED)


def finish(workbook, ctx: Context) -> None:
    """Paper, scale, header and footer on every sheet; protection for a signed revision."""
    paper = paper_for(ctx.engagement.client)
    final = is_final(ctx.engagement)
    for ws in workbook.worksheets:
        fit(ws, paper)
        header_and_footer(ws, ctx)
        if final:
            # Read-only, not secret: the fingerprint is what proves a copy unchanged.
            ws.protection.sheet = True
            ws.protection.formatColumns = False
            ws.protection.autoFilter = False
            ws.protection.sort = False
    if final:
        workbook.security = WorkbookProtection(lockStructure=True)


_company_lock = threading.Lock()


@contextmanager
def company_named(name: str):
    """openpyxl writes the document's extended properties (docProps/app.xml) from a fresh
    object on each save and leaves Company out; while this workbook is saved, make that
    object name the MSP and include the element."""
    original = extended.ExtendedProperties
    elements = original.__elements__

    def named(*args, **kwargs):
        props = original(*args, **kwargs)
        props.Company = name or None
        return props

    with _company_lock:
        extended.ExtendedProperties = named
        original.__elements__ = (*elements, "Company") if name else elements
        try:
            yield
        finally:
            extended.ExtendedProperties = original
            original.__elements__ = elements
