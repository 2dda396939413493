"""The Tools sheet: who owns each tool, holds its licence and administers it, and its fate
at the end of the engagement."""

from openpyxl.worksheet.datavalidation import DataValidation

from engagements.exports import layout as L
from engagements.exports.xlsx.cells import HEADER, NOTE, TEXT, TITLE, Sheet, list_formula
from engagements.exports.xlsx.context import Context
from engagements.models import Side, ToolFate

TOOLS_HEADER_ROW = 3
# Room below the listed tools where drop-downs still work for tools people add.
TOOLS_SPARE_ROWS = 50


def write_tools(sheet: Sheet, ctx: Context) -> None:
    engagement = ctx.engagement
    side_labels = dict(Side.choices)
    fate_labels = dict(ToolFate.choices)
    sheet.widths({1: 24, 2: 16, 3: 14, 4: 14, 5: 22, 6: 20, 7: 40})
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
