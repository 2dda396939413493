"""The Compliance sheet: the engagement's customer responsibility matrix, laid out like the
FedRAMP / CSA one. Written from the loaded matrix (no query of its own) and never read back
by the importer: controls are edited in raci, on the compliance page or through the API."""

from collections import Counter

from openpyxl.utils import get_column_letter

from engagements.analysis.controls import responsibility_matrix
from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    CENTRED,
    CODE_STYLE,
    HEADER,
    NOTE,
    PLAIN,
    SEVERITY_STYLES,
    TEXT,
    TITLE,
    Sheet,
)
from engagements.exports.xlsx.context import Context, marker

COMPLIANCE_HEADER_ROW = 3


def write_compliance(sheet: Sheet, ctx: Context) -> None:
    engagement = ctx.engagement
    lines = responsibility_matrix(ctx.data)
    per_control: dict[str, Counter] = {}
    for finding in ctx.findings:
        if finding.control:
            per_control.setdefault(finding.control, Counter())[finding.severity] += 1
    sheet.widths({1: 12, 2: 10, 3: 22, 4: 14, 5: 8, 6: 28, 7: 28, 8: 14, 9: 20, 10: 16})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: compliance controls", TITLE)
    sheet.put(
        2,
        1,
        "Customer responsibility matrix: who provides each selected control. Can be inherited "
        "reads the origination (see the Legend sheet). Edit controls in raci; this sheet is "
        "not imported.",
        NOTE,
    )
    sheet.row(COMPLIANCE_HEADER_ROW, L.COMPLIANCE_HEADERS, HEADER)
    r = COMPLIANCE_HEADER_ROW
    for line in lines:
        r += 1
        sheet.row(
            r,
            [
                line.framework_name,
                line.control_id,
                line.title,
                line.origination_label,
                line.can_be_inherited,
            ],
            TEXT,
        )
        sheet.put(r, 2, line.control_id, CODE_STYLE)
        sheet.put(r, 5, line.can_be_inherited, CENTRED)
        sheet.row(
            r,
            [
                line.customer_part,
                line.msp_part,
                line.responsible_role,
                "; ".join(line.implemented_by),
            ],
            TEXT,
            start=6,
        )
        if line.control_id in per_control:
            text, worst = marker(per_control[line.control_id])
            sheet.put(r, 10, text, SEVERITY_STYLES[worst])
        else:
            sheet.put(r, 10, None, TEXT)
    if not lines:
        r += 1
        sheet.put(r, 1, "No compliance controls are selected for this engagement.", PLAIN)
    ws = sheet.ws
    ws.freeze_panes = f"C{COMPLIANCE_HEADER_ROW + 1}"
    last_column = get_column_letter(len(L.COMPLIANCE_HEADERS))
    last_row = max(r, COMPLIANCE_HEADER_ROW + 1)
    ws.auto_filter.ref = f"A{COMPLIANCE_HEADER_ROW}:{last_column}{last_row}"
    sheet.print_setup(title_rows=f"{COMPLIANCE_HEADER_ROW}:{COMPLIANCE_HEADER_ROW}")
    # The findings marker helps on screen; the signed exhibit prints no QA notes.
    ws.print_area = f"A1:{get_column_letter(len(L.COMPLIANCE_HEADERS) - 1)}{last_row}"
