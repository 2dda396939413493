"""The RACI matrix sheet: activities by domain, one column per role, the letters coloured
as people edit them."""

from collections import Counter

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    ACTIVITY_NAME,
    CENTRED,
    CODE_STYLE,
    DOMAIN,
    GRID,
    HEADER,
    LETTER_ALIGNMENT,
    LETTER_COLOURS,
    LETTER_STYLES,
    NOTE,
    OUT_OF_SCOPE,
    ROLE_HEADER,
    SEVERITY_STYLES,
    SIDE_STYLES,
    TEXT,
    TITLE,
    Sheet,
    fill,
    list_formula,
)
from engagements.exports.xlsx.context import Context, marker
from engagements.models.labels import in_sentence
from engagements.models.letters import ORDER, VALID_LETTER_SETS, display_letters

MATRIX_BAND_ROW = 3
MATRIX_HEADER_ROW = 4
MATRIX_FIRST_ROLE_COLUMN = 3


def write_matrix(sheet: Sheet, ctx: Context) -> None:
    data, engagement, roles = ctx.data, ctx.engagement, ctx.roles
    first_role = MATRIX_FIRST_ROLE_COLUMN
    in_scope_col = first_role + len(roles)
    note_col = in_scope_col + 1
    # The findings marker helps on screen; it sits past the printed columns (the print
    # area ends at the split note), so the signed exhibit carries no QA notes.
    findings_col = note_col + 1
    last_col = findings_col
    sheet.widths({1: 36, 2: 18, in_scope_col: 8, note_col: 28, findings_col: 16})
    # A side with a single role still shows its whole band word ("Internal").
    alone = {side: len(side_roles) == 1 for side, side_roles in data.roles_by_side()}
    for offset, role in enumerate(roles):
        width = len(L.SIDE_BANDS[role.side]) + 2 if alone[role.side] else 6.5
        sheet.widths({first_role + offset: max(6.5, width)})
        # Letters typed into a blank cell are centred like the written ones.
        sheet.ws.column_dimensions[
            get_column_letter(first_role + offset)
        ].alignment = LETTER_ALIGNMENT

    sheet.put(
        1,
        1,
        f"{engagement.client.name} — {engagement.title}: RACI matrix, revision "
        f"{engagement.revision} ({in_sentence(engagement.get_status_display())})",
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
    sheet.row(MATRIX_HEADER_ROW, [L.ACTIVITY, L.CODE], HEADER)
    sheet.put(MATRIX_HEADER_ROW, findings_col, L.FINDINGS_MARK, HEADER)
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
                sheet.put(r, findings_col, text, SEVERITY_STYLES[worst])
            else:
                sheet.put(r, findings_col, None, TEXT)
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
    sheet.print_setup(title_rows=f"{MATRIX_BAND_ROW}:{MATRIX_HEADER_ROW}", title_cols="A:A")
    ws.print_area = f"A1:{get_column_letter(note_col)}{last_row}"


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
