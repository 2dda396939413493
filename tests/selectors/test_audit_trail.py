"""The audit trail says who changed what, when, old and new, and through which door."""

import pytest

from engagements import services
from engagements.doors import through
from engagements.models import Door, MatrixRow, Role
from engagements.selectors.audit import engagement_audit_trail

pytestmark = pytest.mark.django_db


def _row(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def test_a_cell_change_is_recorded_with_old_and_new_letters_and_the_door(
    co_managed, account_manager
):
    with through(Door.API):
        services.assignment_set(
            engagement=co_managed,
            row=_row(co_managed, "patching.servers"),
            role=Role.objects.get(engagement=co_managed, name="MSP NOC"),
            letters="A/R",
            by=account_manager,
        )
    latest = engagement_audit_trail(co_managed, limit=1)[0]
    assert (latest.kind, latest.action, latest.user, latest.door) == (
        "cell",
        "changed",
        "am",
        Door.API,
    )
    assert latest.subject == "Deploy server patches × MSP NOC"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("letters", "R", "A/R")]


def test_deleted_cells_and_removed_roles_stay_in_the_trail(co_managed, account_manager):
    soc = Role.objects.get(engagement=co_managed, name="MSP SOC")
    with through(Door.PAGE):
        services.role_remove(role=soc, by=account_manager)
    trail = engagement_audit_trail(co_managed)
    deleted = [e for e in trail if e.action == "deleted"]
    assert any(e.kind == "role" and e.subject == "MSP SOC" for e in deleted)
    assert any(e.kind == "cell" and e.subject.endswith("× MSP SOC") for e in deleted)
    assert {e.door for e in deleted} == {Door.PAGE}


def test_workflow_steps_are_in_the_trail(co_managed, account_manager, client_it_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_request_changes(
        engagement=co_managed, by=client_it_manager, note="Firmware is ours."
    )
    trail = engagement_audit_trail(co_managed)
    workflow = [e for e in trail if e.kind == "workflow"]
    assert [e.action for e in workflow[:2]] == ["Changes requested", "Submitted for review"]
    assert workflow[0].user == "itm"
    changes = [(c.field, c.old, c.new) for c in workflow[0].changes]
    assert ("note", "", "Firmware is ours.") in changes


def test_the_trail_costs_a_fixed_number_of_queries(
    co_managed, account_manager, django_assert_max_num_queries
):
    row = _row(co_managed, "patching.servers")
    for role in Role.objects.filter(engagement=co_managed):
        services.assignment_set(
            engagement=co_managed, row=row, role=role, letters="C", by=account_manager
        )
    with django_assert_max_num_queries(12):
        trail = engagement_audit_trail(co_managed)
    assert len(trail) > 300  # the template's creation plus the edits
