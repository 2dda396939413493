"""The Legend sheet: what the letters, bands, severities and shadings mean, how to edit
and import the workbook, and the roles list the drop-downs read."""

from openpyxl.utils import quote_sheetname

from engagements.exports import layout as L
from engagements.exports.xlsx.cells import (
    DOMAIN,
    HEADER,
    LABEL,
    LETTER_COLOUR_NAMES,
    LETTER_STYLES,
    NOT_NEEDED,
    PLAIN,
    SENTENCE,
    SEVERITY_STYLES,
    SIDE_STYLES,
    TEXT,
    TITLE,
    Sheet,
)
from engagements.exports.xlsx.context import Context
from engagements.models import Origination, Severity, Side
from engagements.models.choices import Inheritance
from engagements.models.letters import LETTER_MEANINGS, LETTER_NAMES

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
    sheet.widths({1: 16, 2: 28, 3: 46, 4: 2, 5: 2, 6: 2, 7: 2, 8: 24, 9: 12, 10: 18, 11: 22})
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
        sheet.put(r, 1, Severity(severity).label, SEVERITY_STYLES[severity])
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
