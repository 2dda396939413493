"""The customer responsibility matrix lines the workbook sheet, the page and the API show."""

import pytest

from engagements import services
from engagements.analysis.controls import (
    Inheritance,
    can_be_inherited,
    responsibility_matrix,
)
from engagements.models import Origination
from engagements.selectors.matrix import load_matrix
from tests.helpers.compliance import select
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("origination", "expected"),
    [
        (Origination.MSP, Inheritance.YES),
        (Origination.INHERITED, Inheritance.YES),
        (Origination.SHARED, Inheritance.PARTIAL),
        (Origination.INTERNAL, Inheritance.NO),
        (Origination.NOT_APPLICABLE, Inheritance.NO),
        ("", ""),
    ],
)
def test_what_the_client_can_inherit_follows_the_origination(origination, expected):
    assert can_be_inherited(origination) == expected


def test_each_selected_control_is_one_line_in_catalog_order(
    co_managed, account_manager, csf, hipaa
):
    chosen = select(co_managed, hipaa, "164.312(b)", "164.308(a)(1)(ii)(A)", by=account_manager)
    chosen.update(select(co_managed, csf, "PR.AA-01", by=account_manager))
    services.control_responsibility_update(
        responsibility=chosen["164.308(a)(1)(ii)(A)"],
        by=account_manager,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP vCIO"),
        split_description="The vCIO runs it; the IT manager accepts it.",
        msp_responsibility="Run the annual risk analysis.",
        customer_responsibility="Confirm the asset list and accept the report.",
        # given out of matrix order: the line lists them in matrix order
        implementing_rows=[
            row_of(co_managed, "compliance.risk-assessment"),
            row_of(co_managed, "security.vulnerability-scans"),
        ],
    )
    services.control_responsibility_update(
        responsibility=chosen["PR.AA-01"],
        by=account_manager,
        origination=Origination.INHERITED,
        vendor_name="Microsoft Entra ID",
    )
    lines = responsibility_matrix(load_matrix(co_managed))
    # frameworks by name (HIPAA before NIST), then the catalog's order
    assert [line.control_id for line in lines] == [
        "164.308(a)(1)(ii)(A)",
        "164.312(b)",
        "PR.AA-01",
    ]
    risk, audit, identity = lines
    assert risk.title == "Risk analysis"
    assert (risk.requirement, risk.parent_id) == ("required", "164.308(a)(1)")
    assert (risk.origination_label, risk.can_be_inherited) == ("Shared", "Partial")
    assert (risk.responsible_role, risk.responsible_side) == ("MSP vCIO", "msp")
    assert risk.msp_responsibility == "Run the annual risk analysis."
    assert risk.customer_responsibility == "Confirm the asset list and accept the report."
    assert risk.implemented_by == ("Scan for vulnerabilities", "Perform the annual risk assessment")
    assert (audit.origination_label, audit.can_be_inherited, audit.responsible_role) == (
        "Not decided",
        "",
        "",
    )
    assert identity.origination_label == "Inherited from Microsoft Entra ID"
    assert (identity.framework, identity.can_be_inherited) == ("nist-csf-2-0", "Yes")


def test_building_the_lines_costs_no_query_after_loading(
    co_managed, account_manager, hipaa, django_assert_num_queries
):
    select(co_managed, hipaa, by=account_manager)
    data = load_matrix(co_managed)
    with django_assert_num_queries(0):
        lines = responsibility_matrix(data)
    assert len(lines) == 42
