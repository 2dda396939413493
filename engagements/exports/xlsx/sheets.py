"""The sheets, each written from the loaded matrix and its findings (Compliance is in
compliance.py)."""

import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import date

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from engagements.analysis import Severity, week_hours
from engagements.analysis.controls import Inheritance
from engagements.analysis.data import MatrixData
from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    ACTIVITY_NAME,
    CENTRED,
    CODE_STYLE,
    DATE,
    DOMAIN,
    GRID,
    HEADER,
    LABEL,
    LETTER_ALIGNMENT,
    LETTER_COLOUR_NAMES,
    LETTER_COLOURS,
    LETTER_STYLES,
    NOT_NEEDED,
    NOTE,
    OUT_OF_SCOPE,
    PLAIN,
    ROLE_HEADER,
    SENTENCE,
    SEVERITY_LABELS,
    SEVERITY_STYLES,
    SIDE_STYLES,
    SIGN_LINE,
    TEXT,
    TITLE,
    Sheet,
    fill,
    list_formula,
    person,
)
from engagements.models import (
    WINDOWS_NEEDED,
    CoverageNeed,
    Engagement,
    Origination,
    Side,
    ToolFate,
    Window,
)
from engagements.models.letters import (
    LETTER_MEANINGS,
    LETTER_NAMES,
    ORDER,
    VALID_LETTER_SETS,
    display_letters,
)


@dataclass
class Context:
    """What every sheet needs, worked out once."""

    data: MatrixData
    findings: list
    summary: object
    roles: list  # in column order: grouped by side
    role_list_ref: str  # the Legend range the role drop-downs read
    exported_at: str

    @property
    def engagement(self) -> Engagement:
        return self.data.engagement


# -- Cover ---------------------------------------------------------------------------------


COVER_SEVERITY_ROWS = {
    "Errors": Severity.ERROR,
    "Warnings": Severity.WARNING,
    "Information": Severity.INFO,
}


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
        ("Account manager", person(engagement.account_manager)),
        ("Signed off by", person(engagement.signed_off_by)),
        ("Signed off at", signed_at),
        ("Activities in scope", len(ctx.data.in_scope_rows)),
        ("Roles", len(ctx.roles)),
        ("Errors", counts.get(Severity.ERROR, 0)),
        ("Warnings", counts.get(Severity.WARNING, 0)),
        ("Information", counts.get(Severity.INFO, 0)),
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


# -- RACI matrix ---------------------------------------------------------------------------

MATRIX_BAND_ROW = 3
MATRIX_HEADER_ROW = 4
MATRIX_FIRST_ROLE_COLUMN = 4


def marker(row_findings: Counter) -> tuple[str, str]:
    parts = []
    words = {
        Severity.ERROR: ("error", "errors"),
        Severity.WARNING: ("warning", "warnings"),
        Severity.INFO: ("info", "info"),
    }
    for severity in Severity.ORDER:
        n = row_findings.get(severity, 0)
        if n:
            parts.append(f"{n} {words[severity][0 if n == 1 else 1]}")
    worst = next(s for s in Severity.ORDER if row_findings.get(s))
    return ", ".join(parts), worst


def write_matrix(sheet: Sheet, ctx: Context) -> None:
    data, engagement, roles = ctx.data, ctx.engagement, ctx.roles
    first_role = MATRIX_FIRST_ROLE_COLUMN
    in_scope_col = first_role + len(roles)
    note_col = in_scope_col + 1
    last_col = note_col
    sheet.widths({1: 44, 2: 22, 3: 16, in_scope_col: 9, note_col: 48})
    for offset in range(len(roles)):
        sheet.widths({first_role + offset: 6.5})
        # Letters typed into a blank cell are centred like the written ones.
        sheet.ws.column_dimensions[
            get_column_letter(first_role + offset)
        ].alignment = LETTER_ALIGNMENT

    sheet.put(
        1,
        1,
        f"{engagement.client.name} — {engagement.title}: RACI matrix, revision "
        f"{engagement.revision} ({engagement.get_status_display().lower()})",
        TITLE,
    )
    sheet.put(
        2,
        1,
        "R Responsible: does the work · A Accountable: answers for it, one per activity · "
        "C Consulted before · I Informed after. Type letters such as A/R in the role "
        "columns; see the Legend sheet.",
        NOTE,
    )
    # Side bands over the role columns.
    column = first_role
    for side, side_roles in data.roles_by_side():
        start, end = column, column + len(side_roles) - 1
        sheet.put(MATRIX_BAND_ROW, start, L.SIDE_BANDS[side], SIDE_STYLES[side])
        for other in range(start + 1, end + 1):
            sheet.put(MATRIX_BAND_ROW, other, None, SIDE_STYLES[side])
        if end > start:
            sheet.ws.merge_cells(
                start_row=MATRIX_BAND_ROW,
                start_column=start,
                end_row=MATRIX_BAND_ROW,
                end_column=end,
            )
        column = end + 1
    sheet.row(MATRIX_HEADER_ROW, [L.ACTIVITY, L.CODE, L.FINDINGS_MARK], HEADER)
    for offset, role in enumerate(roles):
        sheet.put(MATRIX_HEADER_ROW, first_role + offset, role.name, ROLE_HEADER)
    sheet.put(MATRIX_HEADER_ROW, in_scope_col, L.IN_SCOPE, HEADER)
    sheet.put(MATRIX_HEADER_ROW, note_col, L.SPLIT_NOTE, HEADER)

    per_row: dict[int, Counter] = {}
    for finding in ctx.findings:
        if finding.row_id is not None:
            per_row.setdefault(finding.row_id, Counter())[finding.severity] += 1

    cells = data.cells
    blocks = []  # (first, last) sheet rows of activities, for conditional formatting
    r = MATRIX_HEADER_ROW
    for domain, rows in data.domains():
        r += 1
        sheet.put(r, 1, domain.name, DOMAIN)
        sheet.fill_row(r, 2, last_col, DOMAIN)
        blocks.append([r + 1, r + len(rows)])
        for row in rows:
            r += 1
            activity = row.activity
            sheet.put(r, 1, activity.name, ACTIVITY_NAME if row.in_scope else OUT_OF_SCOPE)
            sheet.put(r, 2, activity.code, CODE_STYLE)
            if row.id in per_row:
                text, worst = marker(per_row[row.id])
                sheet.put(r, 3, text, SEVERITY_STYLES[worst])
            else:
                sheet.put(r, 3, None, TEXT)
            for offset, role in enumerate(roles):
                letters = cells.get((row.id, role.id))
                if letters:
                    sheet.put(
                        r, first_role + offset, display_letters(letters), LETTER_STYLES[letters[0]]
                    )
                # An empty cell is not written: its grid and colour come from the
                # conditional formats below and its alignment from the column, so a large
                # matrix does not cost a styled cell per blank.
            sheet.put(r, in_scope_col, L.YES if row.in_scope else L.NO, CENTRED)
            sheet.put(r, note_col, row.split_note, TEXT)
    last_row = max(r, MATRIX_HEADER_ROW + 1)

    ws = sheet.ws
    ws.freeze_panes = ws.cell(row=MATRIX_HEADER_ROW + 1, column=first_role).coordinate
    ws.auto_filter.ref = f"A{MATRIX_HEADER_ROW}:{get_column_letter(last_col)}{last_row}"
    first_data = MATRIX_HEADER_ROW + 1
    if roles:
        letters_range = (
            f"{get_column_letter(first_role)}{first_data}:"
            f"{get_column_letter(in_scope_col - 1)}{last_row}"
        )
        validation = DataValidation(
            type="list",
            formula1=list_formula(display_letters(s) for s in VALID_LETTER_SETS),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="RACI letters",
            error="Use R, A, C and I, alone or combined like A/R.",
        )
        validation.add(letters_range)
        ws.add_data_validation(validation)
        _letter_colouring(ws, letters_range, first_role, first_data)
    scope_validation = DataValidation(
        type="list", formula1=list_formula([L.YES, L.NO]), allow_blank=True
    )
    scope_validation.add(
        f"{get_column_letter(in_scope_col)}{first_data}:{get_column_letter(in_scope_col)}{last_row}"
    )
    ws.add_data_validation(scope_validation)

    ws.row_dimensions[MATRIX_HEADER_ROW].height = 150
    sheet.print_setup(
        title_rows=f"{MATRIX_BAND_ROW}:{MATRIX_HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title} r{engagement.revision}",
    )


def _letter_colouring(ws, letters_range: str, first_role: int, first_row: int) -> None:
    """Recolour cells as people edit them: the fill follows the first letter, and a cleared
    activity cell loses its fill. Domain rows (no code in column B) keep theirs."""
    top_left = f"{get_column_letter(first_role)}{first_row}"
    # Every rule also draws the cell's grid: blank cells are not written (see write_matrix),
    # and LibreOffice applies only the first rule that holds, so each one carries it.
    ws.conditional_formatting.add(
        letters_range,
        FormulaRule(
            formula=[f'AND(LEN(TRIM({top_left}))=0,$B{first_row}<>"")'],
            fill=fill("FFFFFF"),
            border=GRID,
            stopIfTrue=True,
        ),
    )
    for letter in ORDER:
        ws.conditional_formatting.add(
            letters_range,
            FormulaRule(
                formula=[f'ISNUMBER(SEARCH("{letter}",{top_left}))'],
                fill=fill(LETTER_COLOURS[letter]),
                border=GRID,
                stopIfTrue=True,
            ),
        )


# -- Coverage ------------------------------------------------------------------------------

COVERAGE_HEADER_ROW = 3


def write_coverage(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    hours = week_hours(data)
    windows = list(Window)
    sheet.widths({1: 44, 2: 22, 3: 18, 4: 24, 5: 24, 6: 24, 7: 24})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: coverage", TITLE)
    sheet.put(
        2,
        1,
        f"Business hours: {engagement.business_hours_label()} ({engagement.client.time_zone}), "
        f"{hours['business_hours']:g} h a week; after hours {hours['after_hours']:g} h; "
        f"weekends and holidays {hours['weekends_holidays']:g} h. Name the role that looks "
        "after each activity in each window. Grey: not needed for the required coverage.",
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


# -- Findings ------------------------------------------------------------------------------

FINDINGS_HEADER_ROW = 3


def write_findings(sheet: Sheet, ctx: Context) -> None:
    data, engagement = ctx.data, ctx.engagement
    names = {row.activity.code: row.activity.name for row in data.rows}
    domains = {row.activity.domain.code: row.activity.domain.name for row in data.rows}
    counts = ctx.summary.by_severity
    sheet.widths({1: 10, 2: 30, 3: 22, 4: 36, 5: 60, 6: 50, 7: 40})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: findings", TITLE)
    sheet.put(
        2,
        1,
        f"{counts.get(Severity.ERROR, 0)} errors, {counts.get(Severity.WARNING, 0)} warnings, "
        f"{counts.get(Severity.INFO, 0)} for information. Errors block sign-off unless "
        "acknowledged with a reason.",
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
            f"{ack.reason} ({person(ack.by)}, {ack.at:%Y-%m-%d})" if ack is not None else ""
        )
        sheet.put(r, 1, SEVERITY_LABELS[finding.severity], SEVERITY_STYLES[finding.severity])
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


# -- Tools ---------------------------------------------------------------------------------

TOOLS_HEADER_ROW = 3
# Room below the listed tools where drop-downs still work for tools people add.
TOOLS_SPARE_ROWS = 50


def write_tools(sheet: Sheet, ctx: Context) -> None:
    engagement = ctx.engagement
    side_labels = dict(Side.choices)
    fate_labels = dict(ToolFate.choices)
    sheet.widths({1: 28, 2: 20, 3: 18, 4: 18, 5: 28, 6: 24, 7: 50})
    sheet.put(1, 1, f"{engagement.client.name} — {engagement.title}: tools", TITLE)
    sheet.put(
        2,
        1,
        "Who owns each tool, who holds the licence, who administers it, and what happens to "
        "it when the engagement ends. Add a row to add a tool; delete a row to remove it.",
        NOTE,
    )
    sheet.row(TOOLS_HEADER_ROW, L.TOOL_HEADERS, HEADER)
    r = TOOLS_HEADER_ROW
    for tool in ctx.data.tools:
        r += 1
        sheet.row(
            r,
            [
                tool.name,
                tool.category,
                side_labels.get(tool.owner_side, tool.owner_side),
                side_labels.get(tool.licence_holder_side, tool.licence_holder_side),
                tool.administered_by.name if tool.administered_by_id else "",
                fate_labels.get(tool.exit_fate, tool.exit_fate),
                tool.notes,
            ],
            TEXT,
        )
    last_row = r + TOOLS_SPARE_ROWS
    ws = sheet.ws
    ws.freeze_panes = f"B{TOOLS_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{TOOLS_HEADER_ROW}:G{max(r, TOOLS_HEADER_ROW + 1)}"
    first = TOOLS_HEADER_ROW + 1
    sides = DataValidation(
        type="list", formula1=list_formula(side_labels.values()), allow_blank=True
    )
    sides.add(f"C{first}:D{last_row}")
    fates = DataValidation(
        type="list", formula1=list_formula(fate_labels.values()), allow_blank=True
    )
    fates.add(f"F{first}:F{last_row}")
    ws.add_data_validation(sides)
    ws.add_data_validation(fates)
    if ctx.roles:
        admins = DataValidation(type="list", formula1=ctx.role_list_ref, allow_blank=True)
        admins.add(f"E{first}:E{last_row}")
        ws.add_data_validation(admins)
    sheet.print_setup(
        title_rows=f"{TOOLS_HEADER_ROW}:{TOOLS_HEADER_ROW}",
        header=f"{engagement.client.name} — {engagement.title}",
    )


# -- Legend --------------------------------------------------------------------------------

# FedRAMP's "can be inherited" column, from the client's side; the Legend sheet shows it.
INHERITANCE_RULE = (
    (Origination.MSP, Inheritance.YES, "The MSP provides the whole control."),
    (Origination.INHERITED, Inheritance.YES, "A named vendor provides the whole control."),
    (
        Origination.SHARED,
        Inheritance.PARTIAL,
        "Both provide part of it; the split says which part.",
    ),
    (Origination.INTERNAL, Inheritance.NO, "Internal IT provides it."),
    (Origination.NOT_APPLICABLE, Inheritance.NO, "It does not apply to this client."),
)

LEGEND_ROLES_ROW = 3  # header of the roles table in columns H-K; role names below it

ROUND_TRIP_RULES = (
    "Edit letters in the RACI matrix sheet, In scope (Yes/No) and split notes; the required "
    "coverage and covering roles in the Coverage sheet; and the Tools sheet.",
    "Letters may be typed in any case and order, with or without slashes or spaces: "
    '"a/r", "R A" and "A / R" all mean A/R. An empty cell means the role has no part.',
    "Activities are matched by their code (column B), roles by the column header, tools by "
    "name. Do not rename roles or activities here: rename them in raci.",
    "Rows and role columns left out of the workbook stay as they are; a tool row deleted "
    "from the Tools sheet removes that tool.",
    "Nothing is imported unless the whole workbook is valid; every problem is reported with "
    "its sheet and cell. Only a draft revision accepts an import.",
    "The Cover, Findings, Compliance and Legend sheets are not read back: edit compliance "
    "controls in raci.",
)


def legend_roles_ref(count: int) -> str:
    first, last = LEGEND_ROLES_ROW + 1, LEGEND_ROLES_ROW + max(count, 1)
    return f"{quote_sheetname(L.LEGEND)}!$H${first}:$H${last}"


def write_legend(sheet: Sheet, ctx: Context) -> None:
    engagement = ctx.engagement
    sheet.put(1, 1, "Legend", TITLE)
    sheet.widths({1: 22, 2: 34, 3: 60, 8: 30, 9: 18, 10: 22, 11: 30})
    r = 3
    sheet.row(r, ["Letter", "Means", "What it says"], HEADER)
    for letter in ("R", "A", "C", "I"):
        r += 1
        sheet.put(r, 1, letter, LETTER_STYLES[letter])
        sheet.put(r, 2, LETTER_NAMES[letter], TEXT)
        sheet.put(r, 3, f"{LETTER_MEANINGS[letter]} Colour: {LETTER_COLOUR_NAMES[letter]}.", TEXT)
    r += 1
    sheet.put(
        r,
        1,
        "A cell with several letters (A/R) takes the colour of its first letter, in the order "
        "A, R, C, I. The letters are always written: colour is never the only signal.",
        SENTENCE,
    )
    r += 2
    sheet.row(r, ["Band", "Side"], HEADER)
    for side, band in L.SIDE_BANDS.items():
        r += 1
        sheet.put(r, 1, band, SIDE_STYLES[side])
        sheet.put(r, 2, Side(side).label, TEXT)
    r += 2
    sheet.row(r, ["Severity", "What it means"], HEADER)
    meanings = {
        Severity.ERROR: "A gap or overlap that blocks sign-off unless acknowledged with a reason.",
        Severity.WARNING: "A risk worth fixing before sign-off.",
        Severity.INFO: "Worth knowing; nothing to fix.",
    }
    for severity in Severity.ORDER:
        r += 1
        sheet.put(r, 1, SEVERITY_LABELS[severity], SEVERITY_STYLES[severity])
        sheet.put(r, 2, meanings[severity], TEXT)
    r += 2
    sheet.row(r, ["Shading", "What it means"], HEADER)
    r += 1
    sheet.put(r, 1, None, DOMAIN)
    sheet.put(r, 2, "A domain: a section header in the RACI matrix and Coverage sheets.", TEXT)
    r += 1
    sheet.put(r, 1, None, NOT_NEEDED)
    sheet.put(
        r,
        2,
        "Coverage: a window the activity's required coverage does not need, or an "
        "activity out of scope.",
        TEXT,
    )
    r += 2
    sheet.row(r, ["Origination", "Can be inherited", "Why"], HEADER)
    for origination, inheritance, why in INHERITANCE_RULE:
        r += 1
        sheet.row(r, [Origination(origination).label, inheritance, why], TEXT)
    r += 1
    sheet.put(
        r,
        1,
        "Compliance sheet: whether the client can inherit a control from its providers, read "
        "from the origination (FedRAMP's column). Blank while nobody has decided.",
        SENTENCE,
    )
    r += 2
    sheet.put(r, 1, "Editing this workbook and importing it back", LABEL)
    for rule in ROUND_TRIP_RULES:
        r += 1
        sheet.put(r, 1, f"• {rule}", SENTENCE)
    r += 2
    sheet.put(r, 1, "About this workbook", LABEL)
    about = [
        (L.FORMAT_LABEL, L.FORMAT_VERSION),
        (L.ENGAGEMENT_LABEL, engagement.pk),
        (L.VERSION_LABEL, engagement.version),
        ("Exported from", f"{engagement.client.name} — {engagement.title} r{engagement.revision}"),
        ("Exported", ctx.exported_at),
    ]
    for label, value in about:
        r += 1
        sheet.put(r, 1, label, LABEL)
        sheet.put(r, 2, value, PLAIN)

    # The roles table doubles as the list the role drop-downs read.
    sheet.row(LEGEND_ROLES_ROW, ["Role", "Side", "Named person", "Absence backup"], HEADER, start=8)
    for offset, role in enumerate(ctx.roles, start=1):
        backup = ctx.data.roles_by_id.get(role.absence_backup_id)
        sheet.row(
            LEGEND_ROLES_ROW + offset,
            [role.name, Side(role.side).label, role.person_name, backup.name if backup else ""],
            TEXT,
            start=8,
        )
    sheet.print_setup(header="Legend")
