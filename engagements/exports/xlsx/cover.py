"""The Cover sheet: the exhibit's first page. Who the agreement is between, which contract
it belongs to, which revision this is and where it stands, who submitted and who signed it,
the terms, and the fingerprint that ties every page to this revision.

The importer does not read it; `exports.exhibit` reads the labelled facts back (by their
label in column A) to recompute the fingerprint of a copy."""

import zoneinfo
from datetime import date

from openpyxl.styles import Alignment, Font

from engagements.analysis.fingerprint import short
from engagements.exports.xlsx.cells import (
    DATE,
    LABEL,
    PLAIN,
    SIGN_LINE,
    TITLE,
    Sheet,
    Style,
)
from engagements.exports.xlsx.context import Context
from engagements.exports.xlsx.pages import status_word
from engagements.models import Status
from engagements.models.labels import person_name

INTRO = Style(font=Font(italic=True, color="404040"), alignment=Alignment(vertical="top"))
# The labels of the facts the fingerprint reads back from the cover.
MSP = "MSP"
MSP_ADDRESS = "MSP address"
CLIENT = "Client"
AGREEMENT = "Agreement reference"
EXHIBIT = "Exhibit label"
ENGAGEMENT = "Engagement"
REVISION = "Revision"
SERVICE_MODEL = "Service model"
EFFECTIVE_FROM = "Effective from"
EFFECTIVE_TO = "Effective to"
BUSINESS_HOURS = "Business hours"
TIME_ZONE = "Time zone"
COST_STRUCTURE = "Cost structure"
CONTROL_LEVEL = "Control level"
FINGERPRINT = "Fingerprint (SHA-256)"


def _when(moment, tz) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} ({tz.key})" if moment else ""


def exhibit_title(ctx: Context) -> str:
    parties = ctx.exhibit.parties
    label = parties.exhibit_label or "Exhibit"
    if parties.agreement_reference:
        return f"{label} to {parties.agreement_reference}"
    return label


def write_cover(sheet: Sheet, ctx: Context) -> None:
    engagement, exhibit = ctx.engagement, ctx.exhibit
    parties = exhibit.parties
    client = engagement.client
    tz = zoneinfo.ZoneInfo(client.time_zone)
    sheet.widths({1: 22, 2: 44, 3: 2, 4: 12, 5: 30})

    sheet.put(1, 1, exhibit_title(ctx), TITLE)
    sheet.put(2, 1, "Scope of IT services: who owns each duty (RACI matrix)", LABEL)
    msp = parties.msp_name or "the MSP"
    sheet.put(3, 1, f"Between {msp} (the MSP)", INTRO)
    sheet.put(4, 1, f"and {parties.client_name} (the Client).", INTRO)
    sheet.put(5, 1, "Agreed scope: the RACI matrix, Coverage, Tools and Compliance sheets.", INTRO)
    sheet.put(6, 1, "Appendices, for information: Changes, Findings and Legend.", INTRO)

    supersedes = ""
    if exhibit.previous is not None:
        previous = exhibit.previous
        supersedes = f"Revision {previous.revision}"
        if previous.fingerprint:
            supersedes += f" (fingerprint {short(previous.fingerprint)})"
    superseded_by = f"Revision {exhibit.next_revision}" if exhibit.next_revision else ""
    status = status_word(engagement)
    if engagement.status == Status.SUPERSEDED and superseded_by:
        status = f"{status} by revision {exhibit.next_revision}"

    sections = [
        (
            "Parties",
            [
                (MSP, parties.msp_name),
                (MSP_ADDRESS, parties.msp_address),
                (CLIENT, parties.client_name),
                (AGREEMENT, parties.agreement_reference),
                (EXHIBIT, parties.exhibit_label),
            ],
        ),
        (
            "This revision",
            [
                (ENGAGEMENT, engagement.title),
                (REVISION, engagement.revision),
                ("Status", status),
                ("Supersedes", supersedes or "Nothing: the first revision"),
                ("Superseded by", superseded_by or "Not superseded"),
                ("Submitted by", exhibit.submitted_by),
                ("Submitted at", _when(exhibit.submitted_at, tz)),
                (FINGERPRINT, exhibit.fingerprint),
                ("Matrix version", engagement.version),
            ],
        ),
        (
            "Terms",
            [
                (SERVICE_MODEL, engagement.get_service_model_display()),
                (EFFECTIVE_FROM, engagement.effective_from or "Open"),
                (EFFECTIVE_TO, engagement.effective_to or "Open-ended"),
                (BUSINESS_HOURS, engagement.business_hours_label()),
                (TIME_ZONE, client.time_zone),
                (COST_STRUCTURE, engagement.get_cost_structure_display()),
                (CONTROL_LEVEL, engagement.get_control_level_display()),
                ("Account manager", person_name(engagement.account_manager)),
                ("Activities in scope", len(ctx.data.in_scope_rows)),
                ("Roles", len(ctx.roles)),
            ],
        ),
    ]
    row = 8
    for heading, facts in sections:
        sheet.put(row, 1, heading, TITLE)
        for label, value in facts:
            row += 1
            sheet.put(row, 1, label, LABEL)
            sheet.put(row, 2, value, DATE if isinstance(value, date) else PLAIN)
        row += 2

    signed = engagement.status in (Status.SIGNED_OFF, Status.SUPERSEDED)
    sheet.put(row, 1, "Signatures", TITLE)
    row += 1
    sheet.put(row, 1, f"For {parties.client_name} (the Client)", LABEL)
    sheet.put(row, 4, f"For {msp} (the MSP)", LABEL)
    client_lines = [
        ("Name", engagement.signer_name if signed else ""),
        ("Title", engagement.signer_title if signed else ""),
        (
            "Signature",
            f"Signed in raci by {person_name(engagement.signed_off_by)}" if signed else "",
        ),
        ("Date", _when(engagement.signed_off_at, tz) if signed else ""),
    ]
    for label, value in client_lines:
        row += 1
        sheet.put(row, 1, label, LABEL)
        sheet.put(row, 2, value or None, PLAIN if value else SIGN_LINE)
        sheet.put(row, 4, label, LABEL)
        sheet.put(row, 5, None, SIGN_LINE)
    if signed:
        note = exhibit.signing_note
        row += 1
        sheet.put(row, 1, "Signer's note", LABEL)
        sheet.put(row, 2, note or "None", PLAIN)
    row += 2
    sheet.put(row, 1, "Exported", LABEL)
    sheet.put(row, 2, ctx.exported_at, PLAIN)
    sheet.print_setup(landscape=False)
