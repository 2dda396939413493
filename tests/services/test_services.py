"""The services every door calls: field-level errors, frozen revisions, permissions, versions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.errors import EngagementFrozen, NotEditable, StaleVersion
from engagements.models import Assignment, Coverage, Engagement, MatrixRow, Role, Side, Status
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def _row(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def _role(engagement, name):
    return Role.objects.get(engagement=engagement, name=name)


def _cell(engagement, code, role_name):
    cell = Assignment.objects.filter(
        row=_row(engagement, code), role=_role(engagement, role_name)
    ).first()
    return cell.letters if cell else ""


def test_setting_a_cell_stores_canonical_letters_and_bumps_the_version(co_managed, account_manager):
    before = co_managed.version
    services.assignment_set(
        engagement=co_managed,
        row=_row(co_managed, "patching.servers"),
        role=_role(co_managed, "MSP SOC"),
        letters="r/ c",
        by=account_manager,
    )
    assert _cell(co_managed, "patching.servers", "MSP SOC") == "RC"
    assert Engagement.objects.get(pk=co_managed.pk).version == before + 1


def test_clearing_a_cell_deletes_it(co_managed, account_manager):
    services.assignment_set(
        engagement=co_managed,
        row=_row(co_managed, "patching.servers"),
        role=_role(co_managed, "MSP NOC"),
        letters="",
        by=account_manager,
    )
    assert _cell(co_managed, "patching.servers", "MSP NOC") == ""


def test_an_unknown_letter_is_a_field_error_and_changes_nothing(co_managed, account_manager):
    version = co_managed.version
    with pytest.raises(ValidationError) as error:
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.servers"),
            role=_role(co_managed, "MSP NOC"),
            letters="X",
            by=account_manager,
        )
    assert error.value.message_dict == {"letters": ['"X" is not one of R, A, C, I']}
    assert _cell(co_managed, "patching.servers", "MSP NOC") == "R"
    assert Engagement.objects.get(pk=co_managed.pk).version == version


def test_a_role_from_another_engagement_is_a_field_error(
    co_managed, globex_engagement, account_manager
):
    with pytest.raises(ValidationError) as error:
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.servers"),
            role=Role.objects.filter(engagement=globex_engagement).first(),
            letters="R",
            by=account_manager,
        )
    assert "role" in error.value.message_dict


def test_a_duplicate_role_name_is_a_field_error(co_managed, account_manager):
    with pytest.raises(ValidationError) as error:
        services.role_add(engagement=co_managed, name="msp noc", side=Side.MSP, by=account_manager)
    assert error.value.message_dict["name"] == [
        'A role named "msp noc" already exists in this engagement.'
    ]
    assert Role.objects.filter(engagement=co_managed).count() == 7


def test_a_coverage_role_from_another_engagement_is_a_field_error(
    co_managed, globex_engagement, account_manager
):
    with pytest.raises(ValidationError) as error:
        services.coverage_set(
            engagement=co_managed,
            row=_row(co_managed, "monitoring.respond-alerts"),
            window="after_hours",
            role=Role.objects.filter(engagement=globex_engagement).first(),
            by=account_manager,
        )
    assert "role" in error.value.message_dict
    assert (
        Coverage.objects.get(
            row=_row(co_managed, "monitoring.respond-alerts"), window="after_hours"
        ).role.name
        == "MSP NOC"
    )


def test_business_hours_that_end_before_they_start_are_a_field_error(co_managed, account_manager):
    with pytest.raises(ValidationError) as error:
        services.engagement_update(
            engagement=co_managed,
            by=account_manager,
            business_start=datetime.time(18, 0),
            business_end=datetime.time(9, 0),
        )
    assert "business_end" in error.value.message_dict
    co_managed.refresh_from_db()
    assert co_managed.business_start == datetime.time(8, 0)


def test_an_absence_backup_from_another_engagement_is_a_field_error(
    co_managed, globex_engagement, account_manager
):
    with pytest.raises(ValidationError) as error:
        services.role_update(
            role=_role(co_managed, "Client IT manager"),
            by=account_manager,
            absence_backup=Role.objects.filter(engagement=globex_engagement).first(),
        )
    assert "absence_backup" in error.value.message_dict


def test_a_client_it_manager_cannot_edit_the_matrix(co_managed, client_it_manager):
    with pytest.raises(PermissionDenied):
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.servers"),
            role=_role(co_managed, "MSP NOC"),
            letters="A",
            by=client_it_manager,
        )
    assert _cell(co_managed, "patching.servers", "MSP NOC") == "R"


def test_another_clients_account_manager_cannot_edit(co_managed, other_account_manager):
    with pytest.raises(PermissionDenied):
        services.role_add(engagement=co_managed, name="X", side=Side.MSP, by=other_account_manager)


def test_a_stale_version_is_refused_and_names_who_changed_it(co_managed, account_manager):
    seen = co_managed.version
    services.assignment_set(
        engagement=co_managed,
        row=_row(co_managed, "patching.servers"),
        role=_role(co_managed, "MSP SOC"),
        letters="I",
        by=account_manager,
        expected_version=seen,
    )
    with pytest.raises(StaleVersion) as error:
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.firmware"),
            role=_role(co_managed, "MSP SOC"),
            letters="I",
            by=account_manager,
            expected_version=seen,
        )
    assert "Alex Morgan" in error.value.message
    assert error.value.current_version == seen + 1
    assert _cell(co_managed, "patching.firmware", "MSP SOC") == ""


@pytest.mark.parametrize("impossible", [-1, 2**31, 10**30])
def test_a_version_no_matrix_can_have_is_stale_not_a_database_error(
    co_managed, account_manager, impossible
):
    with pytest.raises(StaleVersion):
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.firmware"),
            role=_role(co_managed, "MSP SOC"),
            letters="I",
            by=account_manager,
            expected_version=impossible,
        )
    assert _cell(co_managed, "patching.firmware", "MSP SOC") == ""


def test_many_cells_are_applied_together_or_not_at_all(co_managed, account_manager):
    noc, soc = _role(co_managed, "MSP NOC"), _role(co_managed, "MSP SOC")
    row = _row(co_managed, "patching.servers")
    with pytest.raises(ValidationError) as error:
        services.matrix_cells_set(
            engagement=co_managed,
            by=account_manager,
            changes=[services.CellChange(row, soc, "C"), services.CellChange(row, noc, "Z")],
        )
    assert list(error.value.message_dict) == ["cells[1]"]
    assert _cell(co_managed, "patching.servers", "MSP SOC") == ""
    changed = services.matrix_cells_set(
        engagement=co_managed,
        by=account_manager,
        changes=[services.CellChange(row, soc, "C"), services.CellChange(row, noc, "A/R")],
    )
    assert changed == 2
    assert _cell(co_managed, "patching.servers", "MSP NOC") == "AR"


def test_a_custom_activity_is_added_for_this_client_only(co_managed, account_manager):
    domain = _row(co_managed, "patching.servers").activity.domain
    row = services.activity_create_custom(
        engagement=co_managed, domain=domain, name="Patch the label printers", by=account_manager
    )
    assert row.activity.client == co_managed.client
    assert row.in_scope


def test_a_custom_activity_cannot_repeat_a_catalog_activity_name(co_managed, account_manager):
    existing = _row(co_managed, "patching.servers").activity
    with pytest.raises(ValidationError) as error:
        services.activity_create_custom(
            engagement=co_managed,
            domain=existing.domain,
            name=existing.name.upper(),
            by=account_manager,
        )
    assert "name" in error.value.message_dict


def test_a_duplicate_tool_name_is_a_field_error(co_managed, account_manager):
    with pytest.raises(ValidationError) as error:
        services.tool_add(engagement=co_managed, name="msp rmm", by=account_manager)
    assert "name" in error.value.message_dict


# -- frozen revisions ----------------------------------------------------------------------


@pytest.fixture
def signed_off(co_managed, account_manager, client_it_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    return co_managed


def _every_write(engagement, user):
    row = _row(engagement, "patching.servers")
    role = _role(engagement, "MSP NOC")
    tool = engagement.tools.first()
    return {
        "assignment_set": lambda: services.assignment_set(
            engagement=engagement, row=row, role=role, letters="A", by=user
        ),
        "matrix_cells_set": lambda: services.matrix_cells_set(
            engagement=engagement, changes=[services.CellChange(row, role, "A")], by=user
        ),
        "role_add": lambda: services.role_add(
            engagement=engagement, name="New", side=Side.MSP, by=user
        ),
        "role_update": lambda: services.role_update(role=role, name="Renamed", by=user),
        "role_remove": lambda: services.role_remove(role=role, by=user),
        "row_update": lambda: services.row_update(row=row, in_scope=False, by=user),
        "row_remove": lambda: services.row_remove(row=row, by=user),
        "coverage_set": lambda: services.coverage_set(
            engagement=engagement, row=row, window="after_hours", role=None, by=user
        ),
        "tool_add": lambda: services.tool_add(engagement=engagement, name="New tool", by=user),
        "tool_update": lambda: services.tool_update(tool=tool, name="Renamed", by=user),
        "tool_remove": lambda: services.tool_remove(tool=tool, by=user),
        "engagement_update": lambda: services.engagement_update(
            engagement=engagement, title="Renamed", by=user
        ),
        "engagement_delete": lambda: services.engagement_delete(engagement=engagement, by=user),
        "activity_create_custom": lambda: services.activity_create_custom(
            engagement=engagement, domain=row.activity.domain, name="New", by=user
        ),
    }


@pytest.mark.parametrize(
    "write",
    [
        "assignment_set",
        "matrix_cells_set",
        "role_add",
        "role_update",
        "role_remove",
        "row_update",
        "row_remove",
        "coverage_set",
        "tool_add",
        "tool_update",
        "tool_remove",
        "engagement_update",
        "engagement_delete",
        "activity_create_custom",
    ],
)
def test_every_write_refuses_a_signed_off_revision(signed_off, account_manager, write):
    before = (signed_off.version, Assignment.objects.filter(row__engagement=signed_off).count())
    with pytest.raises(EngagementFrozen, match="signed off and can no longer change"):
        _every_write(signed_off, account_manager)[write]()
    signed_off.refresh_from_db()
    assert signed_off.status == Status.SIGNED_OFF
    assert (
        signed_off.version,
        Assignment.objects.filter(row__engagement=signed_off).count(),
    ) == before


def test_a_revision_in_review_cannot_be_edited(co_managed, account_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(NotEditable, match="in review"):
        _every_write(co_managed, account_manager)["assignment_set"]()


def test_a_superseded_revision_refuses_writes(signed_off, account_manager):
    services.engagement_revise(engagement=signed_off, by=account_manager)
    signed_off.refresh_from_db()
    assert signed_off.status == Status.SUPERSEDED
    with pytest.raises(EngagementFrozen, match="superseded"):
        _every_write(signed_off, account_manager)["role_add"]()


# -- many cells and windows at once (the workbook import) ------------------------------------


def test_cells_set_together_each_get_their_history_with_user_and_door(co_managed, account_manager):
    from engagements.doors import through
    from engagements.models import Door

    row = MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers")
    noc = Role.objects.get(engagement=co_managed, name="MSP NOC")
    itm = Role.objects.get(engagement=co_managed, name="Client IT manager")
    with through(Door.IMPORT):
        changed = services.matrix_cells_set(
            engagement=co_managed,
            changes=[
                services.CellChange(row=row, role=noc, letters="C"),
                services.CellChange(row=row, role=itm, letters="I"),
            ],
            by=account_manager,
        )

    assert changed == 2
    for role, letters in ((noc, "C"), (itm, "I")):
        cell = Assignment.objects.get(row=row, role=role)
        assert cell.letters == letters
        last = cell.history.first()
        assert (last.history_user, last.door) == (account_manager, Door.IMPORT)


def test_coverage_set_together_is_one_change_and_keeps_history(co_managed, account_manager):
    rows = list(MatrixRow.objects.filter(engagement=co_managed).order_by("order")[:3])
    soc = Role.objects.get(engagement=co_managed, name="MSP SOC")
    version = co_managed.version

    services.coverage_bulk_set(
        engagement=co_managed,
        changes=[(row, "weekends_holidays", soc) for row in rows],
        by=account_manager,
        expected_version=version,
    )

    co_managed.refresh_from_db()
    assert co_managed.version == version + 1
    for row in rows:
        entry = Coverage.objects.get(row=row, window="weekends_holidays")
        assert entry.role == soc
        assert entry.history.first().history_user == account_manager


def test_coverage_set_together_refuses_a_role_of_another_engagement_and_changes_nothing(
    co_managed, globex_engagement, account_manager
):
    row = MatrixRow.objects.filter(engagement=co_managed).first()
    stranger = Role.objects.filter(engagement=globex_engagement).first()
    before = list(Coverage.objects.filter(row__engagement=co_managed).values_list("pk", "role"))

    with pytest.raises(ValidationError):
        services.coverage_bulk_set(
            engagement=co_managed,
            changes=[(row, "after_hours", stranger)],
            by=account_manager,
        )

    assert list(Coverage.objects.filter(row__engagement=co_managed).values_list("pk", "role")) == (
        before
    )
