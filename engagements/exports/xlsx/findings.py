"""The Findings sheet: every finding with its suggestion and acknowledgement."""

from engagements.exports.xlsx.cells import HEADER, NOTE, PLAIN, SEVERITY_STYLES, TEXT, TITLE, Sheet
from engagements.exports.xlsx.context import Context
from engagements.models import Severity
from engagements.models.labels import person_name

FINDINGS_HEADER_ROW = 3


def write_findings(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    names = {row.activity.code: row.activity.name for row in data.rows}
    domains = {row.activity.domain.code: row.activity.domain.name for row in data.rows}
    counts = ctx.summary.by_severity
    sheet.widths({1: 9, 2: 22, 3: 16, 4: 24, 5: 44, 6: 36, 7: 24})
    sheet.put(
        1,
        1,
        f"Appendix: findings in revision {engagement.revision} (for information, not part of the "
        "agreed scope)",
        TITLE,
    )
    sheet.put(
        2,
        1,
        ", ".join(f"{counts.get(severity, 0)} {severity.plural}" for severity in Severity)
        + ". Errors block sign-off unless acknowledged with a reason.",
        NOTE,
    )
    headers = ["Severity", "Code", "Domain", "About", "Finding", "Suggestion", "Acknowledged"]
    sheet.row(FINDINGS_HEADER_ROW, headers, HEADER)
    r = FINDINGS_HEADER_ROW
    for finding in ctx.findings:
        r += 1
        about = (
            names.get(finding.activity, finding.activity)
            or finding.control
            or finding.tool
            or finding.role
            or "The engagement"
        )
        ack = data.acknowledgements.get(finding.key)
        acknowledged = (
            f"{ack.reason} ({person_name(ack.by)}, {ack.at:%Y-%m-%d})" if ack is not None else ""
        )
        sheet.put(r, 1, Severity(finding.severity).label, SEVERITY_STYLES[finding.severity])
        sheet.row(
            r,
            [
                finding.code,
                domains.get(finding.domain, finding.domain),
                about,
                finding.message,
                finding.suggestion,
                acknowledged,
            ],
            TEXT,
            start=2,
        )
    if not ctx.findings:
        sheet.put(
            FINDINGS_HEADER_ROW + 1, 1, "No findings: no gaps, overlaps or risks found.", PLAIN
        )
    ws = sheet.ws
    ws.freeze_panes = f"B{FINDINGS_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{FINDINGS_HEADER_ROW}:G{max(r, FINDINGS_HEADER_ROW + 1)}"
    sheet.print_setup(
        title_rows=f"{FINDINGS_HEADER_ROW}:{FINDINGS_HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title}",
    )
