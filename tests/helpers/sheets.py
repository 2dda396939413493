"""RACI sheets as account managers keep them, each laid out its own way, made as files the
on-ramp reads: titles above the header, side bands, sections, notes columns, blank rows,
letters in every spelling and letters of other schemes."""

import io

import openpyxl

# 1. The plain one: header on row 1, roles named for their sides, letters as "A/R".
PLAIN = [
    ["Activity", "Internal IT", "MSP Service Desk", "Vendor (Microsoft)"],
    ["Deploy server patches", "A", "R", "I"],
    ["Deploy workstation OS patches", "A/R", "C", ""],
    ["Monitor backup jobs", "I", "A/R", ""],
    ["Test restores", "A", "R", "C"],
]

# 2. A title, a band of sides over the roles, section rows naming domains, letters spelled
#    "AR", "R, A", "r", roles named after the client (Acme) and the MSP (Bluewave).
BANDED = [
    ["Acme Logistics: who does what (2026)"],
    [],
    [None, "Client", None, "Bluewave", None],
    ["Task", "Acme IT manager", "Acme IT team", "Bluewave NOC", "Bluewave engineers"],
    ["Patching and updates"],
    ["Server patching", "A", None, "r", "C"],
    ["Patch workstations", "AR", "i", None, None],
    ["Backups"],
    ["Backup monitoring", "I", None, "R, A", None],
    ["Restore testing", "A", "C", "R", "r"],
    ["Security"],
    ["Security awareness training", "A/R", "I", "C", None],
    ["Keep the coffee machine running", "A", "R", None, None],
]

# 3. A CSV with an id column, a long notes column, blank rows and semicolons.
CSV_TEXT = (
    "ID;Duty;Notes about the split;Client IT;MSP\n"
    "1;Answer tier-1 user requests;The MSP takes every call first and escalates to the client "
    "when a site visit is needed;I;A/R\n"
    ";;;;\n"
    "2;Onboard and offboard users;HR tells the client two days before a start date;A/R;C\n"
    "\n"
    "3;Run user access reviews;Quarterly, evidence kept for the auditor;A;R\n"
)

# 4. Another scheme (RASCI with V and X, "Lead"): the letters we do not use.
RASCI = [
    ["Process", "Owner: Client CIO", "MSP", "Third party ISP"],
    ["Manage firewall rules and changes", "Lead", "R", "S"],
    ["Monitor network and internet links", "V", "X", "R"],
    ["Approve patch windows", "A", "S", None],
]


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    """A workbook with these sheets (name, rows), rows as lists of cell values."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str):
    """A file as a form or the API receives it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content_type = (
        "text/csv"
        if name.endswith(".csv")
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    return SimpleUploadedFile(name, content, content_type=content_type)
