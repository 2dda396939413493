"""Importing an edited workbook: the round trip, hand edits, every problem reported with its
cell, and nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied

from engagements import services
from engagements.errors import EngagementFrozen, NotEditable
from engagements.exports import layout as L
from engagements.exports.imports import WorkbookInvalid
from engagements.models import (
    Assignment,
    Coverage,
    Door,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Tool,
    ToolFate,
    Window,
)
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import (
    cell,
    column_of,
    edited,
    export,
    open_workbook,
    row_of,
    run_import,
    state,
    tool_row,
)

pytestmark = pytest.mark.django_db


def _row(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def _role(engagement, name):
    return Role.objects.get(engagement=engagement, name=name)


def _letters(engagement, code, role_name):
    found = Assignment.objects.filter(
        row=_row(engagement, code), role=_role(engagement, role_name)
    ).first()
    return found.letters if found else ""


def _version(engagement):
    return Engagement.objects.get(pk=engagement.pk).version


def _address(engagement, code, title):
    """Where a cell is in this engagement's exported RACI matrix, e.g. "I45"."""
    return cell(open_workbook(export(engagement))["RACI matrix"], code, title).coordinate


@pytest.fixture
def copy(acme, account_manager):
    """A second draft from the same template: same roles and activities, its own values."""
    return services.engagement_create(
        client=acme,
        title="Co-managed IT copy",
        service_model=ServiceModel.CO_MANAGED,
        by=account_manager,
    )


def _change_everything(engagement, by):
    """Edits in every part the workbook carries, so a round trip has something to prove."""
    noc, desk, soc = (_role(engagement, n) for n in ("MSP NOC", "Internal service desk", "MSP SOC"))
    servers = _row(engagement, "patching.servers")
    services.matrix_cells_set(
        engagement=engagement,
        changes=[
            services.CellChange(row=servers, role=noc, letters="AR"),
            services.CellChange(
                row=servers, role=_role(engagement, "Client IT manager"), letters="I"
            ),
            services.CellChange(row=_row(engagement, "helpdesk.tier1"), role=desk, letters=""),
        ],
        by=by,
    )
    services.row_update(
        row=servers, split_note="Night patching by the NOC.", coverage_need="24x7", by=by
    )
    services.row_update(row=_row(engagement, "mentoring.shadowing"), in_scope=False, by=by)
    services.coverage_set(
        engagement=engagement, row=servers, window=Window.WEEKENDS_HOLIDAYS, role=soc, by=by
    )
    services.coverage_set(
        engagement=engagement, row=servers, window=Window.BUSINESS_HOURS, role=None, by=by
    )
    services.tool_update(
        tool=Tool.objects.get(engagement=engagement, name="MSP RMM"),
        exit_fate=ToolFate.TRANSFERS_TO_CLIENT,
        notes="Agents uninstalled at exit.",
        by=by,
    )
    services.tool_remove(
        tool=Tool.objects.get(engagement=engagement, name="Backup platform"), by=by
    )
    services.tool_add(
        engagement=engagement,
        name="Password vault",
        category="Security",
        owner_side=Side.MSP,
        licence_holder_side=Side.INTERNAL,
        administered_by=soc,
        exit_fate=ToolFate.CLIENT_KEEPS,
        by=by,
    )


# -- round trip ----------------------------------------------------------------------------


def test_an_untouched_export_imports_with_no_changes(co_managed, account_manager):
    version = _version(co_managed)
    result = run_import(co_managed, export(co_managed), account_manager)
    assert result.changes == [] and not result.applied
    assert _version(co_managed) == version


def test_a_round_trip_into_a_copy_makes_matrix_coverage_and_tools_identical(
    co_managed, copy, account_manager
):
    _change_everything(co_managed, account_manager)
    assert state(copy) != state(co_managed)
    result = run_import(copy, export(co_managed), account_manager, from_other=True)
    assert result.applied
    fields = {c.field for c in result.changes}
    assert {
        "letters",
        "split note",
        "in scope",
        "required coverage",
        "covered by",
        "added",
        "removed",
        "fate at the end",
        "notes",
    } <= fields
    assert state(copy) == state(co_managed)
    # And the copy, exported again, reads back as unchanged.
    assert run_import(copy, export(copy), account_manager).changes == []


def test_the_import_is_recorded_as_coming_through_the_import_door(co_managed, account_manager):
    content = edited(
        export(co_managed),
        lambda wb: setattr(cell(wb["RACI matrix"], "patching.servers", "MSP SOC"), "value", "I"),
    )
    run_import(co_managed, content, account_manager)
    assignment = Assignment.objects.get(
        row=_row(co_managed, "patching.servers"), role=_role(co_managed, "MSP SOC")
    )
    latest = assignment.history.latest()
    assert latest.door == Door.IMPORT
    assert latest.history_user == account_manager


# -- what people do by hand ----------------------------------------------------------------


def test_a_hand_edited_workbook_imports_what_the_person_meant(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["RACI matrix"]
        cell(ws, "patching.servers", "MSP NOC").value = "a / r"  # was R
        cell(ws, "patching.servers", "Client IT manager").value = " i "  # was A
        cell(ws, "patching.workstations", "MSP SOC").value = "r"
        cell(ws, "security.edr", "MSP SOC").value = "R A"
        # A row's cells cleared, the way a person selects them and presses Delete.
        row = row_of(ws, "helpdesk.tier1")
        first, last = column_of(ws, "Client IT manager"), column_of(ws, "MSP SOC")
        for line in ws[f"{first}{row}:{last}{row}"]:
            for c in line:
                c.value = None
        cell(ws, "helpdesk.tier1", L.IN_SCOPE).value = " no "
        cell(ws, "staffing.on-call-rota", L.SPLIT_NOTE).value = "  Shared rota.  "

    result = run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert _letters(co_managed, "patching.servers", "MSP NOC") == "AR"
    assert _letters(co_managed, "patching.servers", "Client IT manager") == "I"
    assert _letters(co_managed, "patching.workstations", "MSP SOC") == "R"
    assert _letters(co_managed, "security.edr", "MSP SOC") == "AR"
    assert not Assignment.objects.filter(row=_row(co_managed, "helpdesk.tier1")).exists()
    assert not _row(co_managed, "helpdesk.tier1").in_scope
    assert _row(co_managed, "staffing.on-call-rota").split_note == "Shared rota."
    by_cell = {f"{c.sheet}!{c.cell}": c for c in result.changes}
    noc = by_cell[f"RACI matrix!{_address(co_managed, 'patching.servers', 'MSP NOC')}"]
    assert (noc.subject, noc.before, noc.after) == ("Deploy server patches / MSP NOC", "R", "A/R")


def test_a_row_without_its_code_is_matched_by_activity_name(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["RACI matrix"]
        target = cell(ws, "patching.servers", "MSP SOC")
        target.value = "C"
        ws[f"B{target.row}"].value = None

    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert _letters(co_managed, "patching.servers", "MSP SOC") == "C"


def test_rows_and_columns_left_out_of_the_workbook_stay_as_they_are(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["RACI matrix"]
        ws.delete_rows(row_of(ws, "patching.servers"))
        noc = ws[f"{column_of(ws, 'MSP NOC')}1"].column
        ws.delete_cols(noc)
        cell(ws, "patching.workstations", "MSP SOC").value = "I"

    before = _letters(co_managed, "patching.servers", "MSP NOC")
    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert _letters(co_managed, "patching.servers", "MSP NOC") == before == "R"
    assert _letters(co_managed, "patching.workstations", "MSP NOC") == "AR"
    assert _letters(co_managed, "patching.workstations", "MSP SOC") == "I"


def test_coverage_edits_set_the_covering_roles_and_the_required_coverage(
    co_managed, account_manager
):
    def edit(workbook):
        ws = workbook["Coverage"]
        cell(ws, "patching.servers", "Required coverage").value = "24/7"
        cell(ws, "patching.servers", "Weekends and holidays").value = "msp soc"
        cell(ws, "patching.servers", "After hours").value = None

    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    row = _row(co_managed, "patching.servers")
    assert row.coverage_need == "24x7"
    windows = dict(Coverage.objects.filter(row=row).values_list("window", "role__name"))
    assert windows[Window.WEEKENDS_HOLIDAYS] == "MSP SOC"
    assert Window.AFTER_HOURS not in windows


def test_choosing_the_catalog_default_coverage_clears_the_override(co_managed, account_manager):
    row = _row(co_managed, "patching.servers")
    services.row_update(row=row, coverage_need="24x7", by=account_manager)

    def edit(workbook):
        cell(
            workbook["Coverage"], "patching.servers", "Required coverage"
        ).value = row.activity.get_default_coverage_display()

    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert _row(co_managed, "patching.servers").coverage_need == ""


def test_the_tools_sheet_adds_updates_and_removes_tools(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["Tools"]
        ws.delete_rows(tool_row(ws, "Backup platform"))
        rmm = tool_row(ws, "MSP RMM")
        ws[f"F{rmm}"].value = "client keeps"
        ws[f"E{rmm}"].value = "MSP SOC"
        new = ws.max_row + 1
        for column, value in zip(
            "ABCDEFG",
            [
                "Password vault",
                "Security",
                "msp",
                "Internal",
                "MSP SOC",
                "Transfers to the client",
                "Exported at exit.",
            ],
            strict=True,
        ):
            ws[f"{column}{new}"].value = value

    run_import(co_managed, edited(export(co_managed), edit), account_manager)
    tools = {t.name: t for t in Tool.objects.filter(engagement=co_managed)}
    assert "Backup platform" not in tools
    assert tools["MSP RMM"].exit_fate == ToolFate.CLIENT_KEEPS
    assert tools["MSP RMM"].administered_by.name == "MSP SOC"
    vault = tools["Password vault"]
    assert (vault.category, vault.owner_side, vault.licence_holder_side) == (
        "Security",
        Side.MSP,
        Side.INTERNAL,
    )
    assert vault.exit_fate == ToolFate.TRANSFERS_TO_CLIENT and vault.notes == "Exported at exit."


def test_a_workbook_without_coverage_and_tools_sheets_leaves_them_alone(
    co_managed, account_manager
):
    def edit(workbook):
        del workbook["Coverage"]
        del workbook["Tools"]

    tools = Tool.objects.filter(engagement=co_managed).count()
    result = run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert result.changes == []
    assert Tool.objects.filter(engagement=co_managed).count() == tools
    assert len(result.warnings) == 2 and "Tools sheet is not in the workbook" in result.warnings[1]


def test_a_dry_run_lists_the_changes_and_saves_nothing(co_managed, account_manager):
    content = edited(
        export(co_managed),
        lambda wb: setattr(cell(wb["RACI matrix"], "patching.servers", "MSP NOC"), "value", "A/R"),
    )
    version = _version(co_managed)
    result = run_import(co_managed, content, account_manager, dry_run=True)
    assert not result.applied
    assert [str(c) for c in result.changes] == [
        f"RACI matrix!{_address(co_managed, 'patching.servers', 'MSP NOC')}: "
        'Deploy server patches / MSP NOC: letters "R" -> "A/R"'
    ]
    assert _letters(co_managed, "patching.servers", "MSP NOC") == "R"
    assert _version(co_managed) == version


def test_a_workbook_exported_before_later_changes_says_so(co_managed, account_manager):
    content = export(co_managed)
    services.assignment_set(
        engagement=co_managed,
        row=_row(co_managed, "patching.servers"),
        role=_role(co_managed, "MSP SOC"),
        letters="C",
        by=account_manager,
    )
    result = run_import(co_managed, content, account_manager, dry_run=True)
    assert "changed in raci after this workbook was exported" in result.warnings[0]
    assert [(c.before, c.after) for c in result.changes] == [("C", "")]


# -- every problem, and nothing changed ----------------------------------------------------


def test_a_broken_workbook_reports_every_bad_cell_and_changes_nothing(co_managed, account_manager):
    addresses = {}

    def edit(workbook):
        ws = workbook["RACI matrix"]
        bad = cell(ws, "patching.servers", "MSP NOC")
        bad.value = "X"
        addresses["X"] = bad.coordinate
        other = cell(ws, "security.edr", "MSP SOC")
        other.value = "R/Q"
        addresses["Q"] = other.coordinate
        fine = cell(ws, "patching.workstations", "MSP SOC")
        fine.value = "A"  # a valid edit in a broken workbook is not applied either
        scope = cell(ws, "helpdesk.tier1", L.IN_SCOPE)
        scope.value = "maybe"
        addresses["scope"] = scope.coordinate
        code = ws[f"B{row_of(ws, 'backup-dr.restore-tests')}"]
        code.value = "backup-dr.nonexistent"
        addresses["code"] = code.coordinate
        header = ws[f"{column_of(ws, 'MSP vCIO')}4"]
        header.value = "Night shift"
        addresses["role"] = header.coordinate
        duplicate = ws.max_row + 1
        addresses["first"] = row_of(ws, "patching.firmware")
        for column in range(1, 4):
            ws.cell(row=duplicate, column=column).value = ws.cell(
                row=addresses["first"], column=column
            ).value
        addresses["duplicate"] = f"B{duplicate}"
        coverage = cell(workbook["Coverage"], "patching.servers", "After hours")
        coverage.value = "Bob"
        addresses["coverage"] = coverage.coordinate
        tools = workbook["Tools"]
        side = tools[f"C{tool_row(tools, 'MSP RMM')}"]
        side.value = "Martians"
        addresses["side"] = side.coordinate

    before = state(co_managed)
    version = _version(co_managed)
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)
    problems = {str(p) for p in error.value.problems}
    assert problems == {
        f'RACI matrix!{addresses["role"]}: "Night shift" is not a role in this engagement; '
        "add the role in raci first, or correct the column title.",
        f'RACI matrix!{addresses["X"]}: "X" is not a set of RACI letters: "X" is not one of '
        'R, A, C, I. Type R, A, C or I, alone or together such as "A/R".',
        f'RACI matrix!{addresses["Q"]}: "R/Q" is not a set of RACI letters: "Q" is not one of '
        'R, A, C, I. Type R, A, C or I, alone or together such as "A/R".',
        f'RACI matrix!{addresses["scope"]}: "maybe" is not Yes or No.',
        f'RACI matrix!{addresses["code"]}: activity "backup-dr.nonexistent" is not in this '
        "engagement's matrix; add it in raci first, or correct the code.",
        f'RACI matrix!{addresses["duplicate"]}: "Apply firmware updates" appears twice '
        f"(also on row {addresses['first']}).",
        f'Coverage!{addresses["coverage"]}: "Bob" is not a role in this engagement.',
        f'Tools!{addresses["side"]}: "Martians" is not a side (Internal IT, MSP or vendor).',
    }
    assert error.value.message == "The workbook has 8 problems; nothing was imported."
    assert state(co_managed) == before
    assert _version(co_managed) == version


def test_an_unknown_format_version_is_refused_before_anything_else(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["Legend"]
        row = next(c.row for c in ws["A"] if c.value == L.FORMAT_LABEL)
        ws[f"B{row}"].value = "7"
        cell(workbook["RACI matrix"], "patching.servers", "MSP NOC").value = "X"

    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)
    [problem] = error.value.problems
    assert problem.sheet == "Legend" and problem.cell.startswith("B")
    assert 'format version "7" is not one this raci reads (it reads version 1)' in problem.message


def test_a_workbook_without_its_legend_has_no_known_format(co_managed, account_manager):
    content = edited(export(co_managed), lambda wb: wb.remove(wb["Legend"]))
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, content, account_manager)
    assert "the sheet is missing, so the format is unknown" in str(error.value.problems[0])


def test_a_workbook_without_the_matrix_sheet_is_refused(co_managed, account_manager):
    content = edited(export(co_managed), lambda wb: wb.remove(wb["RACI matrix"]))
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, content, account_manager)
    assert str(error.value.problems[0]).startswith("RACI matrix: the sheet is missing")


def test_letters_in_a_column_without_a_role_title_are_a_problem(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["RACI matrix"]
        ws[f"Z{row_of(ws, 'patching.servers')}"].value = "R"

    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)
    assert "column Z has values but no title in row 4" in str(error.value.problems[0])


def test_a_workbook_of_another_engagement_names_its_unknown_roles(
    co_managed, fully_managed, account_manager
):
    with pytest.raises(WorkbookInvalid) as error:
        run_import(
            fully_managed, export(co_managed), account_manager, dry_run=True, from_other=True
        )
    unknown = {p.message.split('"')[1] for p in error.value.problems if "not a role" in p.message}
    assert {"Client IT manager", "Internal service desk", "Internal systems administrator"} <= (
        unknown
    )


# -- who may import, and into what ---------------------------------------------------------


def test_only_a_draft_accepts_an_import(co_managed, account_manager, client_it_manager):
    content = export(co_managed)
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(NotEditable):
        run_import(co_managed, content, account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    with pytest.raises(EngagementFrozen):
        run_import(co_managed, content, account_manager, dry_run=True)


def test_the_client_it_manager_cannot_import(co_managed, client_it_manager):
    with pytest.raises(PermissionDenied):
        run_import(co_managed, export(co_managed), client_it_manager)
