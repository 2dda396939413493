"""The Escalation sheet: for each activity in scope and each window of the week, who to call
(role, people, phone), how fast (the response target) and who steps in when they are away;
and the SLA sheet: the response targets alone, one row per activity. Written, never read
back by the importer."""

from openpyxl.utils import get_column_letter

from engagements.analysis.oncall import backups_for, covering_in
from engagements.exports.xlsx.cells import (
    ACTIVITY_NAME,
    CENTRED,
    CODE_STYLE,
    DOMAIN,
    HEADER,
    NOT_NEEDED,
    NOTE,
    TEXT,
    TITLE,
    Sheet,
)
from engagements.exports.xlsx.context import Context
from engagements.models import WINDOWS_NEEDED, Window
from engagements.models.choices import SIDE_SHORT, TIME_WINDOWS

ESCALATION = "Escalation"
SLA = "SLA"
HEADER_ROW = 3
ESCALATION_HEADERS = (
    "Activity",
    "Code",
    "Window",
    "Role",
    "People",
    "Phone",
    "Response target (min)",
    "Backup",
)
SLA_HEADERS = ("Activity", "Code", *(Window(w).label for w in TIME_WINDOWS))


def _people(people) -> tuple[str, str]:
    active = [p for p in people if p.active]
    return (
        ", ".join(p.name for p in active),
        ", ".join(
            f"{p.phone} ({p.name})" if len(active) > 1 else p.phone for p in active if p.phone
        ),
    )


def _backup_text(cover) -> str:
    names = ", ".join(f"{p.name} {p.phone}".strip() for p in cover.people)
    who = cover.role.name if cover.role is not None else "Named backup"
    return f"{who}: {names}" if names else who


def write_escalation(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    sheet.widths({1: 40, 2: 22, 3: 20, 4: 24, 5: 28, 6: 24, 7: 12, 8: 40})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: escalation list", TITLE)
    sheet.put(
        2,
        1,
        f"Who to call for each activity in each window ({engagement.client.time_zone}; "
        f"business hours {engagement.business_hours_label()}; public holidays count as "
        "weekends). Grey: the window is not needed for the activity's coverage.",
        NOTE,
    )
    sheet.row(HEADER_ROW, ESCALATION_HEADERS, HEADER)
    r = HEADER_ROW
    last_col = len(ESCALATION_HEADERS)
    for domain, rows in data.domains():
        in_scope = [row for row in rows if row.in_scope]
        if not in_scope:
            continue
        r += 1
        sheet.put(r, 1, domain.name, DOMAIN)
        sheet.fill_row(r, 2, last_col, DOMAIN)
        for row in in_scope:
            needed = set(WINDOWS_NEEDED.get(row.required_coverage, ()))
            targets = data.row_targets(row)
            for window in TIME_WINDOWS:
                roles = covering_in(data, row, window)
                if window not in needed and not roles and window not in targets:
                    continue
                r += 1
                style = TEXT if window in needed else NOT_NEEDED
                sheet.put(r, 1, row.activity.name, ACTIVITY_NAME)
                sheet.put(r, 2, row.activity.code, CODE_STYLE)
                sheet.put(r, 3, Window(window).label, style)
                role = roles[0] if roles else None
                names, phones = _people(data.role_people(role)) if role else ("", "")
                side = f" ({SIDE_SHORT[role.side]})" if role else ""
                sheet.put(r, 4, f"{role.name}{side}" if role else "Nobody", style)
                sheet.put(r, 5, names, style)
                sheet.put(r, 6, phones, style)
                sheet.put(r, 7, targets.get(window), CENTRED)
                backups = backups_for(data, row, roles)
                sheet.put(r, 8, "; ".join(_backup_text(b) for b in backups), style)
    ws = sheet.ws
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{max(r, HEADER_ROW + 1)}"
    sheet.print_setup(
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title}: escalation",
    )


def write_sla(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    sheet.widths({1: 44, 2: 22, 3: 16, 4: 16, 5: 22})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: response targets", TITLE)
    sheet.put(
        2,
        1,
        "How fast someone must respond to each activity, in minutes, in each window of the "
        "week. Empty: no target agreed.",
        NOTE,
    )
    sheet.row(HEADER_ROW, SLA_HEADERS, HEADER)
    r = HEADER_ROW
    for row in data.in_scope_rows:
        targets = data.row_targets(row)
        if not targets:
            continue
        r += 1
        sheet.put(r, 1, row.activity.name, ACTIVITY_NAME)
        sheet.put(r, 2, row.activity.code, CODE_STYLE)
        for offset, window in enumerate(TIME_WINDOWS):
            sheet.put(r, 3 + offset, targets.get(window), CENTRED)
    sheet.ws.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_setup(
        landscape=False,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title}: response targets",
    )
