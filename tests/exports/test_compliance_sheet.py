"""The Compliance sheet of the workbook: the customer responsibility matrix, one line per
selected control, safe to open, and ignored by the import."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements import services
from engagements.exports import layout as L
from engagements.exports.xlsx import workbook_bytes
from engagements.models import Assignment, Control, Origination
from engagements.selectors import engagement_list
from tests.helpers.compliance import select
from tests.helpers.matrix import role_of, row_of
from tests.helpers.workbook import cell, edited, export, open_workbook, run_import, state

pytestmark = pytest.mark.django_db


def letters(engagement, code, role_name) -> str:
    assignment = Assignment.objects.filter(
        row=row_of(engagement, code), role=role_of(engagement, role_name)
    ).first()
    return assignment.letters if assignment else ""


HEADER_ROW = 3


def _lines(ws) -> dict[str, dict[str, object]]:
    """Control id -> {column title: value} for every control line of the sheet."""
    titles = [c.value for c in ws[HEADER_ROW]]
    lines = {}
    for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        line = dict(zip(titles, values, strict=False))
        if line.get(L.CONTROL):
            lines[line[L.CONTROL]] = line
    return lines


@pytest.fixture
def agreed(co_managed, account_manager, csf, hipaa):
    """Four controls, one per origination that matters, and one left undecided."""
    chosen = select(
        co_managed,
        hipaa,
        "164.308(a)(1)(ii)(A)",
        "164.312(b)",
        "164.310(b)",
        by=account_manager,
    )
    chosen.update(select(co_managed, csf, "PR.AA-01", "GV.OC-01", by=account_manager))

    def update(control_id, **fields):
        services.control_responsibility_update(
            responsibility=chosen[control_id], by=account_manager, **fields
        )

    update(
        "164.308(a)(1)(ii)(A)",
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP vCIO"),
        split_description="The vCIO runs the analysis; the IT manager accepts it.",
        customer_responsibility="Confirm the asset list and accept the report.",
        msp_responsibility="Run the annual risk analysis.",
        implementing_rows=[row_of(co_managed, "compliance.risk-assessment")],
    )
    update(
        "164.312(b)",
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
    )
    update("PR.AA-01", origination=Origination.INHERITED, vendor_name="Microsoft Entra ID")
    update(
        "164.310(b)",
        origination=Origination.INTERNAL,
        responsible_role=role_of(co_managed, "Client IT manager"),
    )
    return co_managed


def test_each_selected_control_is_one_line_with_who_provides_it(agreed):
    lines = _lines(open_workbook(export(agreed))[L.COMPLIANCE])
    assert set(lines) == {
        "164.308(a)(1)(ii)(A)",
        "164.312(b)",
        "164.310(b)",
        "PR.AA-01",
        "GV.OC-01",
    }
    shared = lines["164.308(a)(1)(ii)(A)"]
    assert shared[L.FRAMEWORK] == "HIPAA Security Rule"
    assert shared[L.CONTROL_TITLE] == Control.objects.get(control_id="164.308(a)(1)(ii)(A)").title
    assert shared[L.ORIGINATION] == "Shared"
    assert shared[L.CUSTOMER_PART] == "Confirm the asset list and accept the report."
    assert shared[L.MSP_PART] == "Run the annual risk analysis."
    assert shared[L.RESPONSIBLE_ROLE] == "MSP vCIO"
    assert shared[L.IMPLEMENTED_BY] == row_of(agreed, "compliance.risk-assessment").activity.name
    assert lines["PR.AA-01"][L.ORIGINATION] == "Inherited from Microsoft Entra ID"
    assert lines["PR.AA-01"][L.MSP_PART] == "None: Microsoft Entra ID provides it."
    assert lines["164.312(b)"][L.MSP_PART] == "All of it."
    assert lines["164.312(b)"][L.CUSTOMER_PART] == "None: the MSP provides it."
    assert lines["GV.OC-01"][L.ORIGINATION] == "Not decided"


def test_can_be_inherited_follows_the_origination(agreed):
    lines = _lines(open_workbook(export(agreed))[L.COMPLIANCE])
    assert {cid: line[L.CAN_BE_INHERITED] for cid, line in lines.items()} == {
        "164.312(b)": "Yes",  # the MSP
        "PR.AA-01": "Yes",  # a vendor
        "164.308(a)(1)(ii)(A)": "Partial",  # shared
        "164.310(b)": "No",  # internal IT
        "GV.OC-01": None,  # nobody has decided
    }


def test_the_legend_states_the_inheritance_rule(co_managed):
    legend = open_workbook(export(co_managed))[L.LEGEND]
    rows = {
        values[0]: values[1]
        for values in legend.iter_rows(min_col=1, max_col=2, values_only=True)
        if values[0]
    }
    assert rows["MSP"] == "Yes"
    assert rows["Inherited from a vendor"] == "Yes"
    assert rows["Shared"] == "Partial"
    assert rows["Internal IT"] == "No"
    assert rows["Not applicable"] == "No"


def test_controls_with_findings_are_marked(agreed):
    lines = _lines(open_workbook(export(agreed))[L.COMPLIANCE])
    assert lines["GV.OC-01"][L.FINDINGS_MARK] == "1 error"  # nobody provides it
    # the MSP provides it but no activity implements it
    assert lines["164.312(b)"][L.FINDINGS_MARK] == "1 warning"
    assert lines["PR.AA-01"][L.FINDINGS_MARK] is None


def test_the_sheet_is_set_up_like_the_others(agreed):
    ws = open_workbook(export(agreed))[L.COMPLIANCE]
    assert [c.value for c in ws[HEADER_ROW]] == list(L.COMPLIANCE_HEADERS)
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:J{HEADER_ROW + 5}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.cell(row=HEADER_ROW, column=1).font.bold


def test_an_engagement_with_no_controls_says_so(co_managed):
    ws = open_workbook(export(co_managed))[L.COMPLIANCE]
    assert [c.value for c in ws[HEADER_ROW]] == list(L.COMPLIANCE_HEADERS)
    assert ws.cell(row=HEADER_ROW + 1, column=1).value == (
        "No compliance controls are selected for this engagement."
    )
    assert ws.max_row == HEADER_ROW + 1


def test_formula_like_split_and_vendor_are_written_as_text(co_managed, account_manager, csf, hipaa):
    chosen = select(co_managed, hipaa, "164.312(b)", by=account_manager)
    chosen.update(select(co_managed, csf, "PR.AA-01", by=account_manager))
    services.control_responsibility_update(
        responsibility=chosen["164.312(b)"],
        by=account_manager,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP SOC"),
        split_description='=HYPERLINK("http://evil.example","Click")',
    )
    services.control_responsibility_update(
        responsibility=chosen["PR.AA-01"],
        by=account_manager,
        origination=Origination.INHERITED,
        vendor_name="@SUM(1+1)",
    )
    ws = open_workbook(export(co_managed))[L.COMPLIANCE]
    cells = [c for line in ws.iter_rows(min_row=HEADER_ROW + 1) for c in line if c.value]
    split = [c for c in cells if c.value == '=HYPERLINK("http://evil.example","Click")']
    vendor = [c for c in cells if c.value == "Inherited from @SUM(1+1)"]
    vendor_part = [c for c in cells if c.value == "None: @SUM(1+1) provides it."]
    # a shared control with no written parts shows its split on both sides
    assert len(split) == 2 and vendor and vendor_part
    for c in split:
        assert c.data_type == "s" and c.quotePrefix
    assert all(c.data_type != "f" for c in cells)


def test_the_sheet_costs_no_queries_however_many_controls(
    co_managed, account_manager, csf, hipaa, django_assert_max_num_queries
):
    def count():
        engagement = engagement_list(user=account_manager).get(pk=co_managed.pk)
        with CaptureQueriesContext(connection) as queries:
            workbook_bytes(engagement)
        return len(queries)

    select(co_managed, hipaa, "164.312(b)", by=account_manager)
    few = count()
    services.controls_select(engagement=co_managed, framework=csf, by=account_manager)
    services.controls_select(engagement=co_managed, framework=hipaa, by=account_manager)
    engagement = engagement_list(user=account_manager).get(pk=co_managed.pk)
    with django_assert_max_num_queries(few):
        content = workbook_bytes(engagement)
    assert len(_lines(open_workbook(content)[L.COMPLIANCE])) == 106 + 42


def test_a_workbook_with_the_sheet_imports_back_unchanged(agreed, account_manager):
    before = state(agreed)
    result = run_import(agreed, export(agreed), account_manager)
    assert result.changes == []
    assert state(agreed) == before


def test_edits_to_the_compliance_sheet_are_ignored_and_the_matrix_still_imports(
    agreed, account_manager
):
    origins_before = dict(
        agreed.control_responsibilities.values_list("control__control_id", "origination")
    )

    def edit(workbook):
        ws = workbook[L.COMPLIANCE]
        ws.cell(row=HEADER_ROW + 1, column=4, value="Nonsense origination")
        ws.cell(row=HEADER_ROW + 1, column=2, value="XX-99")
        cell(workbook[L.MATRIX], "patching.servers", "MSP NOC").value = "I"

    result = run_import(agreed, edited(export(agreed), edit), account_manager)
    assert result.applied
    assert [(c.sheet, c.after) for c in result.changes] == [(L.MATRIX, "I")]
    assert letters(agreed, "patching.servers", "MSP NOC") == "I"
    origins_after = dict(
        agreed.control_responsibilities.values_list("control__control_id", "origination")
    )
    assert origins_after == origins_before
