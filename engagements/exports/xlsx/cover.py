"""The Cover sheet: the engagement's terms, its findings in numbers, and the signatures."""

import zoneinfo
from datetime import date

from django.utils.text import capfirst

from engagements.exports.xlsx.cells import (
    DATE,
    LABEL,
    NOTE,
    PLAIN,
    SEVERITY_STYLES,
    SIGN_LINE,
    TITLE,
    Sheet,
)
from engagements.exports.xlsx.context import Context
from engagements.models import Severity
from engagements.models.labels import person_name

# The findings counted by severity: "Errors", "Warnings", "Notes".
COVER_SEVERITY_ROWS = {capfirst(severity.plural): severity for severity in Severity}


def write_cover(sheet: Sheet, ctx: Context) -> None:
    engagement = ctx.engagement
    client = engagement.client
    counts = ctx.summary.by_severity
    sheet.widths({1: 28, 2: 48, 3: 4, 4: 16, 5: 40})
    tz = zoneinfo.ZoneInfo(client.time_zone)
    signed_at = (
        f"{engagement.signed_off_at.astimezone(tz):%Y-%m-%d %H:%M} ({tz.key})"
        if engagement.signed_off_at
        else ""
    )
    sheet.put(1, 1, "Scope of IT services: who owns each duty", TITLE)
    sheet.put(
        2, 1, "Attachment to the services agreement. The RACI matrix sheet is the scope.", NOTE
    )
    facts = [
        ("Client", client.name),
        ("Engagement", engagement.title),
        ("Service model", engagement.get_service_model_display()),
        ("Revision", engagement.revision),
        ("Status", engagement.get_status_display()),
        ("Effective from", engagement.effective_from),
        ("Effective to", engagement.effective_to),
        ("Business hours", f"{engagement.business_hours_label()} ({client.time_zone})"),
        ("Cost structure", engagement.get_cost_structure_display()),
        ("Control level", engagement.get_control_level_display()),
        ("Account manager", person_name(engagement.account_manager)),
        ("Signed off by", person_name(engagement.signed_off_by)),
        ("Signed off at", signed_at),
        ("Activities in scope", len(ctx.data.in_scope_rows)),
        ("Roles", len(ctx.roles)),
        *((label, counts.get(severity, 0)) for label, severity in COVER_SEVERITY_ROWS.items()),
        ("Errors not yet acknowledged", ctx.summary.unacknowledged_errors),
        ("Exported", ctx.exported_at),
    ]
    row = 4
    for label, value in facts:
        sheet.put(row, 1, label, LABEL)
        if isinstance(value, date):
            sheet.put(row, 2, value, DATE)
        else:
            sheet.put(row, 2, value, PLAIN)
        if label in COVER_SEVERITY_ROWS:
            sheet.put(row, 1, label, SEVERITY_STYLES[COVER_SEVERITY_ROWS[label]])
        row += 1
    row += 1
    sheet.put(row, 1, "Signatures", TITLE)
    row += 1
    sheet.put(row, 1, f"For {client.name}", LABEL)
    sheet.put(row, 4, "For the MSP", LABEL)
    row += 1
    for line in ("Name", "Title", "Signature", "Date"):
        row += 1
        sheet.put(row, 1, line, LABEL)
        sheet.put(row, 2, None, SIGN_LINE)
        sheet.put(row, 4, line, LABEL)
        sheet.put(row, 5, None, SIGN_LINE)
    sheet.print_setup(landscape=False, header=f"{client.name} — {engagement.title}")
