"""The engagement as an Excel workbook: the contract attachment, and the file people edit
and bring back (see ..imports for the way back).

The sheets, in the exhibit's order: Cover, RACI matrix, Coverage, Escalation, SLA, Tools,
Compliance (the agreed scope), then the appendices Changes, Findings and Legend
(`SHEET_WRITERS`). Everything is read from `load_matrix`, the findings engine and the
exhibit's facts (`selectors.exhibit.exhibit_for`), so the workbook costs the same number of
queries for ten activities or ten thousand controls. Every sheet then gets the exhibit's
paper, header, footer and (once signed) protection from `pages.finish`. Every piece of user
text goes through
`cells.Sheet.put`, which writes it as a string that Excel and LibreOffice show and never
evaluate.
"""

import gc
import io
import zoneinfo
from contextlib import contextmanager

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import StringProperty

from engagements.analysis import summarize
from engagements.analysis.data import MatrixData
from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    DOMAIN_COLOUR,
    LETTER_COLOURS,
    MEDIA_TYPE,
    SEVERITY_COLOURS,
    SIDE_COLOURS,
    Sheet,
)
from engagements.exports.xlsx.changes import write_changes
from engagements.exports.xlsx.compliance import write_compliance
from engagements.exports.xlsx.context import Context
from engagements.exports.xlsx.cover import exhibit_title, write_cover
from engagements.exports.xlsx.coverage import write_coverage
from engagements.exports.xlsx.escalation import ESCALATION, SLA, write_escalation, write_sla
from engagements.exports.xlsx.findings import write_findings
from engagements.exports.xlsx.legend import legend_roles_ref, write_legend
from engagements.exports.xlsx.matrix import write_matrix
from engagements.exports.xlsx.pages import company_named, finish, is_final, status_word
from engagements.exports.xlsx.tools import write_tools
from engagements.models import Engagement
from engagements.selectors.exhibit import exhibit_for
from engagements.selectors.findings import findings_of_matrix
from engagements.selectors.matrix import load_matrix

__all__ = [
    "DOMAIN_COLOUR",
    "LETTER_COLOURS",
    "MEDIA_TYPE",
    "SEVERITY_COLOURS",
    "SIDE_COLOURS",
    "build_context",
    "build_workbook",
    "workbook_bytes",
    "workbook_filename",
    "write_workbook",
]


def workbook_filename(engagement: Engagement) -> str:
    return f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}.xlsx"


def build_context(engagement: Engagement, *, data: MatrixData | None = None) -> Context:
    """What every sheet (and the PDF's every section) needs, read in a fixed number of
    queries: the matrix, the (stored) findings and the exhibit's facts."""
    data = data or load_matrix(engagement)
    # The findings stored for this version (one query) when current, as the findings API
    # reads them; computed only when a change is not stored yet. The same list either way.
    findings = findings_of_matrix(data)
    roles = [role for _, side_roles in data.roles_by_side() for role in side_roles]
    tz = zoneinfo.ZoneInfo(engagement.client.time_zone)
    now = timezone.now().astimezone(tz)
    exhibit = exhibit_for(data)
    context = Context(
        data=data,
        findings=findings,
        summary=summarize(data, findings),
        roles=roles,
        role_list_ref=legend_roles_ref(len(roles)),
        exported_at=f"{now:%Y-%m-%d %H:%M} ({tz.key})",
        exported_on=f"{now:%Y-%m-%d}",
        exhibit=exhibit,
    )
    return context


def build_workbook(
    engagement: Engagement, *, data: MatrixData | None = None, context: Context | None = None
) -> Workbook:
    """The whole workbook in memory (ten queries: the matrix and the people on the cover)."""
    context = context or build_context(engagement, data=data)
    data, exhibit = context.data, context.exhibit
    workbook = Workbook()
    write_cover(Sheet(workbook, L.COVER, first=True), context)
    for name, write in SHEET_WRITERS:
        write(Sheet(workbook, name), context)
    if not data.controls:
        # Nothing to agree on: a page saying so would only pad the exhibit.
        workbook[L.COMPLIANCE].sheet_state = "hidden"
    workbook.active = 1  # open on the matrix, and only it selected (not grouped with Cover)
    for index, worksheet in enumerate(workbook.worksheets):
        worksheet.sheet_view.tabSelected = index == 1
    finish(workbook, context)
    _properties(workbook, context)
    workbook.raci_company = _clean(exhibit.parties.msp_name, 200)
    return workbook


# Every sheet after the Cover, in order. A new sheet is one module with a write_<sheet>
# function and one line here; paper, headers and protection come from pages.finish.
SHEET_WRITERS = (
    (L.MATRIX, write_matrix),
    (L.COVERAGE, write_coverage),
    (ESCALATION, write_escalation),
    (SLA, write_sla),
    (L.TOOLS, write_tools),
    (L.COMPLIANCE, write_compliance),
    (L.CHANGES, write_changes),
    (L.FINDINGS, write_findings),
    (L.LEGEND, write_legend),
)


def _clean(text: str, limit: int = 250) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:limit]


def _properties(workbook: Workbook, ctx: Context) -> None:
    """The document's properties: what it is, whose, and (signed) that it is final."""
    engagement, exhibit = ctx.engagement, ctx.exhibit
    props = workbook.properties
    title = f"{engagement.client.name} — {engagement.title} r{engagement.revision}"
    props.title = _clean(title, 200)
    props.subject = _clean(f"{exhibit_title(ctx)}: scope of IT services (RACI)")
    props.creator = "raci"
    props.keywords = f"raci-workbook {L.FORMAT_VERSION}"
    props.category = "Exhibit"
    props.identifier = exhibit.fingerprint
    props.contentStatus = "Final" if is_final(engagement) else status_word(engagement).title()
    props.description = _clean(
        f"Revision {engagement.revision}, {status_word(engagement)}. "
        f"Fingerprint (SHA-256) {exhibit.fingerprint}.",
        500,
    )
    custom = workbook.custom_doc_props
    for name, value in (
        ("raci engagement id", str(engagement.pk)),
        ("raci revision", str(engagement.revision)),
        ("raci status", engagement.status),
        ("raci fingerprint", exhibit.fingerprint),
        ("raci client", _clean(engagement.client.slug)),
        ("raci engagement", _clean(engagement.slug)),
    ):
        custom.append(StringProperty(name=name, value=value))


@contextmanager
def _collector_paused():
    """Tens of thousands of cells make Python's cycle collector run over and over, finding
    nothing to free (cells are freed by reference counting); it costs about a sixth of the
    export. Pause it while the workbook is built and written, then let it run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_workbook(engagement: Engagement, target) -> None:
    """Write the workbook to a path or a binary file object."""
    with _collector_paused():
        workbook = build_workbook(engagement)
        with company_named(_msp_name(workbook)):
            workbook.save(target)


def _msp_name(workbook: Workbook) -> str:
    return getattr(workbook, "raci_company", "")


def workbook_bytes(engagement: Engagement) -> bytes:
    buffer = io.BytesIO()
    write_workbook(engagement, buffer)
    return buffer.getvalue()
