"""The exported workbook: what each sheet shows and how it is set up for reading and print."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements import services
from engagements.analysis import engagement_findings
from engagements.exports import layout as L
from engagements.exports.xlsx import (
    DOMAIN_COLOUR,
    LETTER_COLOURS,
    SEVERITY_COLOURS,
    SIDE_COLOURS,
    workbook_bytes,
    workbook_filename,
)
from engagements.models import Activity, Assignment, Domain, MatrixRow, Role, Side, Tool, Window
from engagements.selectors import engagement_list
from engagements.selectors.matrix import load_matrix
from tests.factories import ActivityFactory, DomainFactory, EngagementFactory
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import (
    cell,
    column_of,
    edited,
    export,
    header_row,
    open_workbook,
    row_of,
    run_import,
    tool_row,
)

pytestmark = pytest.mark.django_db


def _fill(c) -> str:
    return (c.fill.fgColor.rgb or "")[-6:] if c.fill and c.fill.fill_type == "solid" else ""


def _clear_accountable(engagement, code, by):
    row = MatrixRow.objects.get(engagement=engagement, activity__code=code)
    changes = [
        services.CellChange(row=row, role=a.role, letters=a.letters.replace("A", ""))
        for a in Assignment.objects.filter(row=row)
        if "A" in a.letters
    ]
    services.matrix_cells_set(engagement=engagement, changes=changes, by=by)


def test_the_workbook_has_its_sheets_in_the_exhibits_order_and_opens_on_the_matrix(co_managed):
    workbook = open_workbook(export(co_managed))
    assert workbook.sheetnames == [
        "Cover",
        "RACI matrix",
        "Coverage",
        "Escalation",
        "SLA",
        "Tools",
        "Compliance",
        "Changes",
        "Findings",
        "Legend",
    ]
    assert workbook.active.title == "RACI matrix"


def test_the_file_is_named_after_client_engagement_and_revision(co_managed):
    assert workbook_filename(co_managed) == "acme-co-managed-it-r1.xlsx"


def _cover_facts(ws) -> dict:
    return {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }


def test_the_cover_names_both_parties_the_terms_and_has_signature_lines_but_no_findings(
    co_managed, account_manager, admin_user
):
    services.msp_organisation_set(
        legal_name="Brightline Managed Services LLC", address="1 Quay St", by=admin_user
    )
    services.engagement_update(
        engagement=co_managed,
        by=account_manager,
        effective_from=datetime.date(2026, 1, 1),
        effective_to=datetime.date(2026, 12, 31),
        agreement_reference="MSA-2026-014",
        exhibit_label="Exhibit B",
    )
    _clear_accountable(co_managed, "patching.servers", account_manager)
    ws = open_workbook(export(co_managed))["Cover"]
    facts = _cover_facts(ws)
    assert ws["A1"].value == "Exhibit B to MSA-2026-014"
    assert facts["MSP"] == "Brightline Managed Services LLC"
    assert facts["Client"] == "Acme Logistics"
    assert facts["Agreement reference"] == "MSA-2026-014"
    assert facts["Engagement"] == "Co-managed IT"
    assert facts["Service model"] == "Co-managed IT"
    assert facts["Revision"] == 1
    assert facts["Status"] == "DRAFT"
    assert facts["Effective from"] == datetime.datetime(2026, 1, 1)
    assert facts["Effective to"] == datetime.datetime(2026, 12, 31)
    assert facts["Account manager"] == "Alex Morgan"
    assert len(facts["Fingerprint (SHA-256)"]) == 64
    assert "Errors" not in facts and "Errors not yet acknowledged" not in facts
    assert "For Acme Logistics (the Client)" in facts
    assert "For Brightline Managed Services LLC (the MSP)" in [c.value for c in ws["D"]]
    signature_rows = [c.row for c in ws["A"] if c.value == "Signature"]
    assert len(signature_rows) == 1
    line = ws.cell(row=signature_rows[0], column=2)
    assert line.border.bottom.style == "thin"
    assert ws.cell(row=signature_rows[0], column=5).border.bottom.style == "thin"


def test_a_signed_revision_names_who_signed_it_with_title_time_and_note(
    co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(
        engagement=co_managed, by=client_it_manager, note="Agreed at the QBR.", **SIGNATURE
    )
    ws = open_workbook(export(co_managed))["Cover"]
    facts = _cover_facts(ws)
    co_managed.refresh_from_db()
    assert facts["Status"] == "SIGNED OFF"
    assert facts["Submitted by"] == "Alex Morgan"
    assert facts["Name"] == SIGNATURE["signer_name"]
    assert facts["Title"] == SIGNATURE["signer_title"]
    assert facts["Signature"] == "Signed in raci by Kim Osei"
    assert facts["Date"].endswith("(America/Chicago)")
    assert facts["Signer's note"] == "Agreed at the QBR."
    assert facts["Fingerprint (SHA-256)"] == co_managed.fingerprint


def test_domains_are_section_headers_above_their_activities(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    first = header_row(ws, L.ACTIVITY) + 1
    heading = ws.cell(row=first, column=1)
    assert heading.value == "IT staffing"
    assert heading.font.b
    assert _fill(heading) == DOMAIN_COLOUR
    assert ws.cell(row=first, column=2).value is None  # no code: not an activity
    assert ws.cell(row=first + 1, column=2).value.startswith("staffing.")
    headings = [c.value for c in ws["A"] if _fill(c) == DOMAIN_COLOUR]
    assert len(headings) == 14


def test_role_columns_sit_under_their_side_band(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    bands = {str(r): ws.cell(row=r.min_row, column=r.min_col).value for r in ws.merged_cells}
    header = header_row(ws, L.ACTIVITY)
    for role in Role.objects.filter(engagement=co_managed):
        column = ws[f"{column_of(ws, role.name)}{header}"].column
        band = next(
            value
            for ref, value in bands.items()
            if ws[ref.split(":")[0]].column <= column <= ws[ref.split(":")[1]].column
        )
        assert band == L.SIDE_BANDS[role.side]
    internal = next(ref for ref, value in bands.items() if value == "Internal")
    assert _fill(ws[internal.split(":")[0]]) == SIDE_COLOURS[Side.INTERNAL]


def test_every_cell_is_written_as_letters_with_the_colour_of_its_first_letter(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    assignments = Assignment.objects.filter(row__engagement=co_managed).select_related(
        "row__activity", "role"
    )
    assert assignments.count() > 100
    for assignment in assignments:
        c = cell(ws, assignment.row.activity.code, assignment.role.name)
        assert c.value == "/".join(assignment.letters)
        assert _fill(c) == LETTER_COLOURS[assignment.letters[0]]
    empty = cell(ws, "patching.servers", "MSP vCIO")
    assert empty.value is None and _fill(empty) == ""


def test_the_matrix_is_frozen_filtered_validated_and_prints_landscape_to_width(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    header = header_row(ws, L.ACTIVITY)
    first_role = column_of(ws, "Client IT manager")
    last_role = column_of(ws, "MSP SOC")
    last_row = ws.max_row
    assert ws.freeze_panes == f"{first_role}{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:{column_of(ws, L.FINDINGS_MARK)}{last_row}"
    # The findings marker is on screen only: the print area ends at the split note.
    assert ws.print_area.endswith(f"${column_of(ws, L.SPLIT_NOTE)}${last_row}")
    letters = next(dv for dv in ws.data_validations.dataValidation if "A/R" in dv.formula1)
    assert str(letters.sqref) == f"{first_role}{header + 1}:{last_role}{last_row}"
    assert letters.formula1.count(",") == 14  # the fifteen letter sets
    assert letters.errorStyle == "warning"  # hand-typed "a / r" still allowed; import checks
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.scale) >= 80  # never below 8 pt printed
    assert ws.print_title_rows == f"$3:${header}"
    letter_rules = [
        rule
        for cf in ws.conditional_formatting
        if str(cf.sqref) == str(letters.sqref)
        for rule in cf.rules
    ]
    assert len(letter_rules) == 5  # cleared cells, then A, R, C, I recolour as people edit


def test_blank_letter_cells_are_gridded_and_centred_without_being_written(co_managed):
    """A large matrix is mostly blanks: they cost no cell each, yet print with their grid
    and centre what someone types into them."""
    ws = open_workbook(export(co_managed))["RACI matrix"]
    blank = cell(ws, "patching.servers", "MSP vCIO")
    assert blank.value is None and not blank.has_style
    assert ws.column_dimensions[column_of(ws, "MSP vCIO")].alignment.horizontal == "center"
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert all(rule.dxf.border.left.style == "thin" for rule in rules)


def test_blank_text_cells_keep_their_grid_without_being_written(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    row = MatrixRow.objects.filter(engagement=co_managed, split_note="").first()
    blank = cell(ws, row.activity.code, L.SPLIT_NOTE)
    assert blank.value is None and not blank.has_style
    gridded = [
        str(cf.sqref).split()
        for cf in ws.conditional_formatting
        if any(rule.formula == ["TRUE"] for rule in cf.rules)
    ]
    assert len(gridded) == 1
    assert any(_covers(reference, blank.coordinate) for reference in gridded[0]), (
        "the blank split note is inside the grid rule"
    )
    note_column = column_of(ws, L.SPLIT_NOTE)
    assert ws.column_dimensions[note_column].alignment.wrap_text


def _covers(reference: str, coordinate: str) -> bool:
    from openpyxl.worksheet.cell_range import CellRange

    return coordinate in CellRange(reference) if ":" in reference else reference == coordinate


def test_rows_with_findings_carry_a_marker(co_managed, account_manager):
    _clear_accountable(co_managed, "patching.servers", account_manager)
    ws = open_workbook(export(co_managed))["RACI matrix"]
    marker = cell(ws, "patching.servers", L.FINDINGS_MARK)
    assert marker.value == "1 error"
    assert _fill(marker) == SEVERITY_COLOURS["error"]
    assert cell(ws, "patching.workstations", L.FINDINGS_MARK).value is None


def test_out_of_scope_rows_say_no_and_are_greyed(fully_managed):
    ws = open_workbook(export(fully_managed))["RACI matrix"]
    row = MatrixRow.objects.filter(engagement=fully_managed, in_scope=False).first()
    assert cell(ws, row.activity.code, L.IN_SCOPE).value == "No"
    name = ws[f"A{row_of(ws, row.activity.code)}"]
    assert name.font.i and name.value == row.activity.name
    in_scope = MatrixRow.objects.filter(engagement=fully_managed, in_scope=True).first()
    assert cell(ws, in_scope.activity.code, L.IN_SCOPE).value == "Yes"


def test_split_notes_are_in_the_matrix(co_managed):
    ws = open_workbook(export(co_managed))["RACI matrix"]
    note = cell(ws, "staffing.on-call-rota", L.SPLIT_NOTE)
    assert note.value.startswith("Internal staff are on call in business hours")
    assert note.alignment.wrap_text
    assert ws.row_dimensions[note.row].height >= 30  # tall enough for the wrapped note


def test_the_coverage_sheet_shows_required_coverage_and_who_covers_each_window(co_managed):
    ws = open_workbook(export(co_managed))["Coverage"]
    data = load_matrix(co_managed)
    for row in data.rows:
        assert cell(ws, row.activity.code, L.REQUIRED).value == dict(
            row._meta.get_field("coverage_need").choices
        ).get(row.required_coverage)
        for window in Window:
            role_id = data.coverage.get((row.id, window.value))
            expected = data.roles_by_id[role_id].name if role_id else None
            assert cell(ws, row.activity.code, window.label).value == expected
    # A window the activity does not need is shaded.
    business_only = next(r for r in data.rows if r.required_coverage == "business_hours")
    assert _fill(cell(ws, business_only.activity.code, "After hours")) == "F2F2F2"
    assert "45 h a week" in ws["A2"].value


def test_the_findings_sheet_lists_every_finding_with_its_severity_coloured(
    co_managed, account_manager
):
    _clear_accountable(co_managed, "patching.servers", account_manager)
    _clear_accountable(co_managed, "backup-dr.restore-tests", account_manager)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key="GAP_NO_ACCOUNTABLE:activity=patching.servers",
        reason="The client decides case by case.",
        by=account_manager,
    )
    ws = open_workbook(export(co_managed))["Findings"]
    header = header_row(ws, "Severity")
    rows = list(ws.iter_rows(min_row=header + 1, values_only=True))
    findings = engagement_findings(load_matrix(co_managed))
    assert len(rows) == len(findings) >= 2
    patching = next(r for r in rows if r[3] == "Deploy server patches")
    assert patching[0] == "Error" and patching[1] == "GAP_NO_ACCOUNTABLE"
    assert patching[2] == "Patching and updates"
    assert "Nobody is accountable" in patching[4] and patching[5]
    assert patching[6].startswith("The client decides case by case. (Alex Morgan,")
    first = ws.cell(row=header + 1, column=1)
    assert _fill(first) == SEVERITY_COLOURS["error"]
    assert ws.freeze_panes == f"B{header + 1}"


def test_the_tools_sheet_says_who_owns_licenses_administers_and_keeps_each_tool(co_managed):
    ws = open_workbook(export(co_managed))["Tools"]
    header = header_row(ws, L.TOOL)
    assert [c.value for c in ws[header]] == list(L.TOOL_HEADERS)
    row = tool_row(ws, "MSP RMM")
    values = [c.value for c in ws[row]]
    assert values[:6] == ["MSP RMM", "RMM", "MSP", "MSP", "MSP NOC", "Removed by the MSP"]
    listed = [c.value for c in ws["A"][header:] if c.value]
    assert sorted(listed) == sorted(
        Tool.objects.filter(engagement=co_managed).values_list("name", flat=True)
    )
    validations = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"Internal IT,MSP,Third-party vendor"' in validations


def test_the_legend_explains_letters_colours_and_the_format_version(co_managed):
    ws = open_workbook(export(co_managed))["Legend"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for letter, name in (
        ("R", "Responsible"),
        ("A", "Accountable"),
        ("C", "Consulted"),
        ("I", "Informed"),
    ):
        assert ws.cell(row=rows[letter], column=2).value == name
        assert _fill(ws.cell(row=rows[letter], column=1)) == LETTER_COLOURS[letter]
    assert ws.cell(row=rows[L.FORMAT_LABEL], column=2).value == L.FORMAT_VERSION
    assert ws.cell(row=rows[L.ENGAGEMENT_LABEL], column=2).value == co_managed.pk
    assert _fill(ws.cell(row=rows["Error"], column=1)) == SEVERITY_COLOURS["error"]
    roles = [ws.cell(row=r, column=8).value for r in range(4, 11)]
    assert roles[0] == "Client IT manager" and roles[-1] == "MSP SOC"


def test_the_export_costs_the_same_queries_for_a_small_and_a_large_matrix(
    co_managed, account_manager
):
    def count():
        engagement = engagement_list(user=account_manager).get(pk=co_managed.pk)
        with CaptureQueriesContext(connection) as queries:
            workbook_bytes(engagement)
        return len(queries)

    small = count()
    domain = DomainFactory(code="extra", name="Extra duties", order=99)
    for n in range(30):
        activity = ActivityFactory(domain=domain, code=f"extra.{n}", name=f"Extra duty {n}")
        row = services.row_add(engagement=co_managed, activity=activity, by=account_manager)
        services.assignment_set(
            engagement=co_managed,
            row=row,
            role=Role.objects.filter(engagement=co_managed).first(),
            letters="AR",
            by=account_manager,
        )
    for n in range(5):
        services.role_add(
            engagement=co_managed, name=f"Vendor {n}", side=Side.VENDOR, by=account_manager
        )
    # The matrix with its role people and response targets, the stored findings, the
    # exhibit's facts.
    assert count() == small <= 13
    assert Activity.objects.filter(domain=domain).count() == 30


def test_control_characters_in_user_text_are_dropped_instead_of_breaking_the_file(
    co_managed, account_manager
):
    tool = Tool.objects.filter(engagement=co_managed).first()
    # (PostgreSQL refuses NUL itself; other control characters can be stored.)
    Tool.objects.filter(pk=tool.pk).update(notes="bell\x07 and escape\x1b inside")
    ws = open_workbook(export(co_managed))["Tools"]
    assert ws[f"G{tool_row(ws, tool.name)}"].value == "bell and escape inside"


def test_an_empty_engagement_still_exports_and_reads_back(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    content = export(engagement)
    assert open_workbook(content)["RACI matrix"]["A4"].value == L.ACTIVITY
    assert run_import(engagement, content, account_manager).changes == []


def test_a_custom_activity_goes_out_and_comes_back_by_its_code(co_managed, account_manager):
    row = services.activity_create_custom(
        engagement=co_managed,
        domain=Domain.objects.get(code="security"),
        name="Review the badge access log",
        by=account_manager,
    )
    content = edited(
        export(co_managed),
        lambda wb: setattr(cell(wb["RACI matrix"], row.activity.code, "MSP SOC"), "value", "a/r"),
    )
    run_import(co_managed, content, account_manager)
    assert Assignment.objects.get(row=row).letters == "AR"


def test_only_the_matrix_tab_is_selected_so_edits_never_hit_two_sheets(co_managed):
    workbook = open_workbook(export(co_managed))
    selected = [ws.title for ws in workbook.worksheets if ws.sheet_view.tabSelected]
    assert selected == ["RACI matrix"]
