import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagements import services
from engagements.doors import through
from engagements.errors import EngagementFrozen, StaleVersion
from engagements.models import ControlResponsibility, Door, Engagement, Origination, Status
from tests.helpers.compliance import control, select
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


def _state(engagement):
    return sorted(
        ControlResponsibility.objects.filter(engagement=engagement).values_list(
            "control__control_id",
            "origination",
            "responsible_role__name",
            "vendor_name",
            "split_description",
            "msp_responsibility",
            "customer_responsibility",
        )
    )


def _sign_off(engagement, by):
    Engagement.objects.filter(pk=engagement.pk).update(
        status=Status.SIGNED_OFF, signed_off_by=by, signed_off_at=timezone.now()
    )
    engagement.refresh_from_db()


# -- selecting -------------------------------------------------------------------------------


def test_selecting_a_framework_selects_every_control_a_responsibility_can_go_to(
    co_managed, account_manager, hipaa
):
    selected = services.controls_select(engagement=co_managed, by=account_manager, framework=hipaa)
    assert len(selected) == 42
    assert {resp.origination for resp in selected} == {""}  # nobody owns them yet
    assert co_managed.control_responsibilities.count() == 42
    assert co_managed.version == 2


def test_selecting_again_keeps_what_was_agreed(co_managed, account_manager, csf):
    chosen = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    services.control_responsibility_update(
        responsibility=chosen, by=account_manager, origination=Origination.NOT_APPLICABLE
    )
    again = select(co_managed, csf, "PR.AA-01", "PR.AA-02", by=account_manager)
    assert set(again) == {"PR.AA-01", "PR.AA-02"}
    assert again["PR.AA-01"].origination == Origination.NOT_APPLICABLE
    assert co_managed.control_responsibilities.count() == 2


def test_a_category_cannot_be_selected_and_nothing_is_selected(co_managed, account_manager, csf):
    with pytest.raises(ValidationError) as caught:
        select(co_managed, csf, "PR.AA-01", "PR.AA", by=account_manager)
    assert "PR.AA is a category that groups other controls" in str(caught.value)
    assert not co_managed.control_responsibilities.exists()


def test_a_control_of_another_framework_is_refused(co_managed, account_manager, csf, hipaa):
    with pytest.raises(ValidationError, match="is not part of"):
        services.controls_select(
            engagement=co_managed,
            by=account_manager,
            framework=csf,
            controls=[control(hipaa, "164.312(b)")],
        )
    assert not co_managed.control_responsibilities.exists()


def test_selecting_needs_a_framework_or_controls(co_managed, account_manager):
    with pytest.raises(ValidationError, match="Choose a framework"):
        services.controls_select(engagement=co_managed, by=account_manager)


def test_deselecting_a_framework_removes_its_controls_only(co_managed, account_manager, csf, hipaa):
    select(co_managed, csf, "PR.AA-01", by=account_manager)
    select(co_managed, hipaa, "164.312(b)", "164.312(d)", by=account_manager)
    removed = services.controls_deselect(engagement=co_managed, by=account_manager, framework=hipaa)
    assert removed == 2
    assert [r.control.control_id for r in co_managed.control_responsibilities.all()] == ["PR.AA-01"]


# -- who provides a control ------------------------------------------------------------------


def test_setting_who_provides_a_shared_control(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    identity, firewall = (
        row_of(co_managed, "cloud.identity"),
        row_of(co_managed, "security.firewall"),
    )
    with through(Door.API):
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            origination=Origination.SHARED,
            responsible_role=role_of(co_managed, "Internal systems administrator"),
            split_description="  Sysadmin runs identities; the SOC reviews sign-ins.  ",
            msp_responsibility="Review risky sign-ins daily.",
            customer_responsibility="Create and remove accounts.",
            implementing_rows=[identity, firewall, identity],
        )
    resp.refresh_from_db()
    assert resp.origination == Origination.SHARED
    assert resp.responsible_role.name == "Internal systems administrator"
    assert resp.split_description == "Sysadmin runs identities; the SOC reviews sign-ins."
    assert set(resp.implementing_rows.all()) == {identity, firewall}
    latest = resp.history.first()
    assert (latest.history_user, latest.door) == (account_manager, Door.API)


def test_an_inherited_control_names_its_vendor(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.IR-02", by=account_manager)["PR.IR-02"]
    with pytest.raises(ValidationError) as caught:
        services.control_responsibility_update(
            responsibility=resp, by=account_manager, origination=Origination.INHERITED
        )
    assert caught.value.message_dict == {
        "vendor_name": ["Name the vendor the control is inherited from."]
    }
    services.control_responsibility_update(
        responsibility=resp,
        by=account_manager,
        origination=Origination.INHERITED,
        vendor_name="Azure",
    )
    assert ControlResponsibility.objects.get(pk=resp.pk).vendor_name == "Azure"


def test_only_an_inherited_control_names_a_vendor(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.IR-02", by=account_manager)["PR.IR-02"]
    with pytest.raises(ValidationError, match="Only an inherited control names a vendor"):
        services.control_responsibility_update(
            responsibility=resp, by=account_manager, origination="msp", vendor_name="Azure"
        )


def test_changing_the_origination_drops_what_no_longer_fits(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.IR-02", by=account_manager)["PR.IR-02"]
    services.control_responsibility_update(
        responsibility=resp,
        by=account_manager,
        origination=Origination.INHERITED,
        vendor_name="Azure",
        responsible_role=role_of(co_managed, "Client IT manager"),
    )
    services.control_responsibility_update(
        responsibility=resp, by=account_manager, origination=Origination.MSP
    )
    resp.refresh_from_db()
    assert (resp.origination, resp.vendor_name, resp.responsible_role) == ("msp", "", None)


def test_a_role_from_the_wrong_side_is_refused(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    with pytest.raises(ValidationError) as caught:
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            origination=Origination.MSP,
            responsible_role=role_of(co_managed, "Client IT manager"),
        )
    assert "Client IT manager is Internal IT" in caught.value.message_dict["responsible_role"][0]
    assert _state(co_managed) == [("PR.AA-01", "", None, "", "", "", "")]


def test_a_role_or_activity_of_another_engagement_is_refused(
    co_managed, account_manager, csf, globex_engagement
):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    with pytest.raises(ValidationError, match="another engagement"):
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            responsible_role=role_of(globex_engagement, "MSP NOC"),
        )
    with pytest.raises(ValidationError, match="another engagement"):
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            implementing_rows=[row_of(globex_engagement, "cloud.identity")],
        )
    assert not resp.implementing_rows.exists()


def test_an_unknown_origination_or_field_is_refused(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    with pytest.raises(ValidationError, match="is not an origination"):
        services.control_responsibility_update(
            responsibility=resp, by=account_manager, origination="outsourced"
        )
    with pytest.raises(ValidationError, match="cannot be changed here"):
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            control=control(resp.control.framework, "PR.AA-02"),
        )


def test_the_client_it_manager_cannot_change_control_ownership(
    co_managed, account_manager, client_it_manager, csf
):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    with pytest.raises(PermissionDenied):
        services.control_responsibility_update(
            responsibility=resp, by=client_it_manager, origination=Origination.INTERNAL
        )
    with pytest.raises(PermissionDenied):
        select(co_managed, csf, "PR.AA-02", by=client_it_manager)
    assert _state(co_managed) == [("PR.AA-01", "", None, "", "", "", "")]


def test_a_signed_off_revision_keeps_its_controls(
    co_managed, account_manager, client_it_manager, csf
):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    _sign_off(co_managed, client_it_manager)
    with pytest.raises(EngagementFrozen):
        services.control_responsibility_update(
            responsibility=resp, by=account_manager, origination=Origination.MSP
        )
    with pytest.raises(EngagementFrozen):
        services.controls_deselect(
            engagement=co_managed, by=account_manager, responsibilities=[resp]
        )
    assert co_managed.control_responsibilities.count() == 1


def test_a_stale_version_changes_nothing(co_managed, account_manager, csf):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    seen = co_managed.version
    services.control_responsibility_update(
        responsibility=resp, by=account_manager, origination=Origination.MSP
    )
    with pytest.raises(StaleVersion):
        services.control_responsibility_update(
            responsibility=resp,
            by=account_manager,
            origination=Origination.INTERNAL,
            expected_version=seen,
        )
    assert ControlResponsibility.objects.get(pk=resp.pk).origination == Origination.MSP


def test_a_new_revision_carries_the_controls_over(
    co_managed, account_manager, client_it_manager, csf
):
    resp = select(co_managed, csf, "PR.AA-01", by=account_manager)["PR.AA-01"]
    services.control_responsibility_update(
        responsibility=resp,
        by=account_manager,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
        implementing_rows=[row_of(co_managed, "cloud.identity")],
    )
    _sign_off(co_managed, client_it_manager)
    revised = services.engagement_revise(engagement=co_managed, by=account_manager)
    copied = revised.control_responsibilities.get()
    assert copied.responsible_role == role_of(revised, "MSP SOC")
    assert list(copied.implementing_rows.all()) == [row_of(revised, "cloud.identity")]
