"""The Coverage sheet: which role looks after each activity in each window of the week."""

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from engagements.analysis import week_hours
from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    ACTIVITY_NAME,
    CODE_STYLE,
    DOMAIN,
    HEADER,
    NOT_NEEDED,
    NOTE,
    OUT_OF_SCOPE,
    TEXT,
    TITLE,
    Sheet,
    list_formula,
)
from engagements.exports.xlsx.context import Context
from engagements.models import WINDOWS_NEEDED, CoverageNeed, Window
from engagements.models.choices import WINDOW_IN_SENTENCE

COVERAGE_HEADER_ROW = 3


def write_coverage(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    hours = week_hours(data)
    windows = list(Window)
    sheet.widths({1: 38, 2: 18, 3: 16, 4: 22, 5: 22, 6: 22, 7: 22})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: coverage", TITLE)
    sheet.put(
        2,
        1,
        f"Business hours: {engagement.business_hours_label()} ({engagement.client.time_zone}), "
        f"{hours[Window.BUSINESS_HOURS]:g} h a week; "
        + "; ".join(
            f"{WINDOW_IN_SENTENCE[window]} {hours[window]:g} h"
            for window in (Window.AFTER_HOURS, Window.WEEKENDS_HOLIDAYS)
        )
        + ". Name the role that looks after each activity in each window. Grey: not needed "
        "for the required coverage.",
        NOTE,
    )
    headers = [L.ACTIVITY, L.CODE, L.REQUIRED] + [L.WINDOW_HEADERS[w.value] for w in windows]
    sheet.row(COVERAGE_HEADER_ROW, headers, HEADER)
    last_col = len(headers)
    r = COVERAGE_HEADER_ROW
    need_labels = dict(CoverageNeed.choices)
    for domain, rows in data.domains():
        r += 1
        sheet.put(r, 1, domain.name, DOMAIN)
        sheet.fill_row(r, 2, last_col, DOMAIN)
        for row in rows:
            r += 1
            sheet.put(r, 1, row.activity.name, ACTIVITY_NAME if row.in_scope else OUT_OF_SCOPE)
            sheet.put(r, 2, row.activity.code, CODE_STYLE)
            need = row.required_coverage
            sheet.put(r, 3, need_labels.get(need, need), TEXT)
            needed = set(WINDOWS_NEEDED.get(need, ())) | {Window.ABSENCE_BACKUP}
            for offset, window in enumerate(windows):
                role_id = data.coverage.get((row.id, window.value))
                role = data.roles_by_id.get(role_id)
                style = TEXT if window in needed and row.in_scope else NOT_NEEDED
                sheet.put(r, 4 + offset, role.name if role else None, style)
    last_row = max(r, COVERAGE_HEADER_ROW + 1)
    ws = sheet.ws
    ws.freeze_panes = f"D{COVERAGE_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{COVERAGE_HEADER_ROW}:{get_column_letter(last_col)}{last_row}"
    first = COVERAGE_HEADER_ROW + 1
    need_validation = DataValidation(
        type="list",
        formula1=list_formula(label for _, label in CoverageNeed.choices),
        allow_blank=True,
    )
    need_validation.add(f"C{first}:C{last_row}")
    ws.add_data_validation(need_validation)
    if ctx.roles:
        role_validation = DataValidation(
            type="list",
            formula1=ctx.role_list_ref,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Role",
            error="Name one of the engagement's roles (see the Legend sheet).",
        )
        role_validation.add(f"D{first}:{get_column_letter(last_col)}{last_row}")
        ws.add_data_validation(role_validation)
    sheet.print_setup(
        title_rows=f"{COVERAGE_HEADER_ROW}:{COVERAGE_HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title}",
    )
