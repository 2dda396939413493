"""The compliance control rules, each both ways, over real template matrices."""

import pytest

from engagements import services
from engagements.analysis import Severity, engagement_findings
from engagements.errors import InvalidTransition
from engagements.models import Origination
from engagements.selectors.matrix import load_matrix
from tests.factories import ControlFactory, ControlResponsibilityFactory
from tests.helpers.matrix import role_of, row_of
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def _findings(engagement, code):
    return [f for f in engagement_findings(load_matrix(engagement)) if f.code == code]


def _selected(engagement, control_id="PR.AA-01", **fields):
    rows = fields.pop("implementing_rows", ())
    return ControlResponsibilityFactory(
        engagement=engagement,
        control=ControlFactory(control_id=control_id, title="Identities are managed"),
        implementing_rows=list(rows),
        **fields,
    )


# -- GAP_CONTROL_OWNER -----------------------------------------------------------------------


def test_a_selected_control_nobody_provides_is_an_owner_gap(co_managed):
    _selected(co_managed)
    (finding,) = _findings(co_managed, "GAP_CONTROL_OWNER")
    assert finding.severity == Severity.ERROR
    assert finding.control == "PR.AA-01"
    assert finding.key == "GAP_CONTROL_OWNER:control=PR.AA-01"
    assert finding.message == "Nobody has said who provides PR.AA-01 (Identities are managed)."


def test_a_control_with_an_origination_but_no_role_is_an_owner_gap(co_managed):
    _selected(co_managed, origination=Origination.MSP)
    (finding,) = _findings(co_managed, "GAP_CONTROL_OWNER")
    assert "no role answers for it" in finding.message


def test_a_role_from_the_wrong_side_is_an_owner_gap(co_managed):
    # the role changed side after the control was given to it
    _selected(
        co_managed,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "Client IT manager"),
    )
    (finding,) = _findings(co_managed, "GAP_CONTROL_OWNER")
    assert "its responsible role, Client IT manager, is internal IT" in finding.message
    assert finding.role == "Client IT manager"


def test_an_inherited_control_from_no_named_vendor_is_an_owner_gap(co_managed):
    _selected(co_managed, origination=Origination.INHERITED)
    (finding,) = _findings(co_managed, "GAP_CONTROL_OWNER")
    assert "from no named vendor" in finding.message


@pytest.mark.parametrize(
    ("origination", "role_name", "vendor"),
    [
        (Origination.MSP, "MSP SOC", ""),
        (Origination.INTERNAL, "Client IT manager", ""),
        (Origination.SHARED, "MSP vCIO", ""),
        (Origination.SHARED, "Internal systems administrator", ""),
        (Origination.INHERITED, None, "Azure"),
        (Origination.NOT_APPLICABLE, None, ""),
    ],
)
def test_an_owned_control_is_no_owner_gap(co_managed, origination, role_name, vendor):
    _selected(
        co_managed,
        origination=origination,
        responsible_role=role_of(co_managed, role_name) if role_name else None,
        vendor_name=vendor,
    )
    assert _findings(co_managed, "GAP_CONTROL_OWNER") == []


def test_an_owner_gap_blocks_sign_off_until_acknowledged(
    co_managed, account_manager, client_it_manager
):
    _selected(co_managed)
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(InvalidTransition, match="Nobody has said who provides PR.AA-01"):
        services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key="GAP_CONTROL_OWNER:control=PR.AA-01",
        reason="Decided at the kick-off: the auditor scoped it out.",
        by=client_it_manager,
    )
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    assert co_managed.is_frozen


# -- OVERLAP_CONTROL_UNSPLIT -----------------------------------------------------------------


def test_a_shared_control_without_a_written_split_is_an_overlap(co_managed):
    _selected(
        co_managed,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP SOC"),
        split_description="   ",
    )
    (finding,) = _findings(co_managed, "OVERLAP_CONTROL_UNSPLIT")
    assert finding.severity == Severity.WARNING
    assert finding.control == "PR.AA-01"
    assert "is shared, but nobody wrote down how it is split" in finding.message


def test_a_shared_control_with_its_split_written_down_is_no_overlap(co_managed):
    _selected(
        co_managed,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP SOC"),
        split_description="Sysadmin creates accounts; the SOC reviews risky sign-ins.",
    )
    assert _findings(co_managed, "OVERLAP_CONTROL_UNSPLIT") == []


def test_a_control_one_side_provides_needs_no_split(co_managed):
    _selected(
        co_managed, origination=Origination.MSP, responsible_role=role_of(co_managed, "MSP SOC")
    )
    assert _findings(co_managed, "OVERLAP_CONTROL_UNSPLIT") == []


# -- GAP_CONTROL_UNIMPLEMENTED ---------------------------------------------------------------


def test_an_msp_control_whose_activities_the_msp_does_not_do_is_unimplemented(co_managed):
    # co-managed template: "cloud.identity" is done (R) by the internal sysadmin only
    _selected(
        co_managed,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
        implementing_rows=[row_of(co_managed, "cloud.identity")],
    )
    (finding,) = _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED")
    assert finding.severity == Severity.WARNING
    assert finding.control == "PR.AA-01"
    assert "relies on the MSP, which does none of the work" in finding.message
    assert '"Manage identity and conditional access"' in finding.message


def test_an_msp_control_the_msp_does_the_work_for_is_implemented(co_managed):
    _selected(
        co_managed,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
        implementing_rows=[
            row_of(co_managed, "cloud.identity"),
            row_of(co_managed, "security.edr"),
        ],
    )
    assert _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED") == []


def test_a_shared_control_needs_work_from_both_sides(co_managed, account_manager):
    identity = row_of(co_managed, "cloud.identity")
    _selected(
        co_managed,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "Internal systems administrator"),
        split_description="Sysadmin runs identities; the SOC reviews sign-ins.",
        implementing_rows=[identity],
    )
    (finding,) = _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED")
    assert "relies on the MSP" in finding.message
    services.assignment_set(
        engagement=co_managed,
        row=identity,
        role=role_of(co_managed, "MSP SOC"),
        letters="R",
        by=account_manager,
    )
    assert _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED") == []


def test_a_control_no_in_scope_activity_implements_is_unimplemented(co_managed, account_manager):
    identity = row_of(co_managed, "cloud.identity")
    _selected(
        co_managed,
        origination=Origination.INTERNAL,
        responsible_role=role_of(co_managed, "Internal systems administrator"),
        implementing_rows=[identity],
    )
    assert _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED") == []
    services.row_update(row=identity, by=account_manager, in_scope=False)
    (finding,) = _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED")
    assert finding.message.startswith("No in-scope activity of the matrix implements PR.AA-01")


@pytest.mark.parametrize(
    ("origination", "vendor"),
    [(Origination.INHERITED, "Azure"), (Origination.NOT_APPLICABLE, ""), ("", "")],
)
def test_controls_neither_side_provides_are_not_judged_on_activities(
    co_managed, origination, vendor
):
    _selected(co_managed, origination=origination, vendor_name=vendor)
    assert _findings(co_managed, "GAP_CONTROL_UNIMPLEMENTED") == []
