"""The engagement as an Excel workbook: the contract attachment, and the file people edit
and bring back (see ..imports for the way back).

Nine sheets: Cover, RACI matrix, Coverage, Escalation, SLA, Findings, Tools, Compliance,
Legend. Everything
is read from `load_matrix` and the findings engine, so the workbook costs the same number of
queries for ten activities or ten thousand controls. Every piece of user text goes through
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

from engagements.analysis import engagement_findings, summarize
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
from engagements.exports.xlsx.compliance import write_compliance
from engagements.exports.xlsx.context import Context
from engagements.exports.xlsx.cover import write_cover
from engagements.exports.xlsx.coverage import write_coverage
from engagements.exports.xlsx.escalation import ESCALATION, SLA, write_escalation, write_sla
from engagements.exports.xlsx.findings import write_findings
from engagements.exports.xlsx.legend import legend_roles_ref, write_legend
from engagements.exports.xlsx.matrix import write_matrix
from engagements.exports.xlsx.tools import write_tools
from engagements.models import Engagement
from engagements.selectors.matrix import load_matrix

__all__ = [
    "DOMAIN_COLOUR",
    "LETTER_COLOURS",
    "MEDIA_TYPE",
    "SEVERITY_COLOURS",
    "SIDE_COLOURS",
    "build_workbook",
    "workbook_bytes",
    "workbook_filename",
    "write_workbook",
]


def workbook_filename(engagement: Engagement) -> str:
    return f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}.xlsx"


def build_workbook(engagement: Engagement, *, data: MatrixData | None = None) -> Workbook:
    """The whole workbook in memory (ten queries: the matrix and the people on the cover)."""
    data = data or load_matrix(engagement)
    findings = engagement_findings(data)
    roles = [role for _, side_roles in data.roles_by_side() for role in side_roles]
    tz = zoneinfo.ZoneInfo(engagement.client.time_zone)
    context = Context(
        data=data,
        findings=findings,
        summary=summarize(data, findings),
        roles=roles,
        role_list_ref=legend_roles_ref(len(roles)),
        exported_at=f"{timezone.now().astimezone(tz):%Y-%m-%d %H:%M} ({tz.key})",
    )
    workbook = Workbook()
    write_cover(Sheet(workbook, L.COVER, first=True), context)
    write_matrix(Sheet(workbook, L.MATRIX), context)
    write_coverage(Sheet(workbook, L.COVERAGE), context)
    write_escalation(Sheet(workbook, ESCALATION), context)
    write_sla(Sheet(workbook, SLA), context)
    write_findings(Sheet(workbook, L.FINDINGS), context)
    write_tools(Sheet(workbook, L.TOOLS), context)
    write_compliance(Sheet(workbook, L.COMPLIANCE), context)
    write_legend(Sheet(workbook, L.LEGEND), context)
    workbook.active = 1  # open on the matrix, and only it selected (not grouped with Cover)
    for index, worksheet in enumerate(workbook.worksheets):
        worksheet.sheet_view.tabSelected = index == 1
    props = workbook.properties
    title = f"{engagement.client.name} — {engagement.title} r{engagement.revision}"
    props.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:200]
    props.creator = "raci"
    props.keywords = f"raci-workbook {L.FORMAT_VERSION}"
    return workbook


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
        build_workbook(engagement).save(target)


def workbook_bytes(engagement: Engagement) -> bytes:
    buffer = io.BytesIO()
    write_workbook(engagement, buffer)
    return buffer.getvalue()
