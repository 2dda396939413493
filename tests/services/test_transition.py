"""Moving an engagement between models, domain by domain: "Move to co-managed" and back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import selectors, services
from engagements.analysis import Severity, engagement_findings
from engagements.errors import InvalidTransition, StaleVersion
from engagements.models import (
    Assignment,
    ControlLevel,
    CostStructure,
    Coverage,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Status,
    Transition,
    Window,
    WorkflowEvent,
)
from engagements.models.choices import WINDOWS_NEEDED
from engagements.reference.templates import (
    CO_MANAGED,
    FULLY_MANAGED,
    INTERNAL_DESK,
    IT_MANAGER,
    MSP_DESK,
    NOC,
    SYSADMIN,
    VCIO,
)
from engagements.selectors.matrix import load_matrix

pytestmark = pytest.mark.django_db

PICKED = ("helpdesk", "patching")


def matrix_by_code(engagement) -> dict[str, dict]:
    """Each row by activity code: scope, split note, coverage override, cells and coverage by
    role name. Two revisions compare equal row by row whatever their ids."""
    data = load_matrix(engagement)
    return {
        row.activity.code: {
            "domain": row.activity.domain.code,
            "in_scope": row.in_scope,
            "split_note": row.split_note,
            "coverage_need": row.coverage_need,
            "cells": {data.roles_by_id[r].name: v for r, v in data.row_cells(row).items()},
            "coverage": {w: role.name for w, role in data.row_coverage(row).items()},
        }
        for row in data.rows
    }


def errors_of(engagement) -> set[str]:
    data = load_matrix(engagement)
    return {f.key for f in engagement_findings(data) if f.severity == Severity.ERROR}


def template_row(template, code, domain, engagement) -> dict:
    """What the template says a row should hold (names, as matrix_by_code shows them)."""
    row = MatrixRow.objects.select_related("activity__domain").get(
        engagement=engagement, activity__code=code
    )
    windows = WINDOWS_NEEDED[row.required_coverage]
    in_scope = domain not in template.out_of_scope_domains
    return {
        "in_scope": in_scope,
        "split_note": template.split_notes.get(code, ""),
        "cells": dict(template.cells.get(code, {})) if in_scope else {},
        "coverage": template.coverage_for(code, domain, windows) if in_scope else {},
    }


def database_state():
    """Everything a refused move must leave exactly as it was."""
    return {
        "engagements": sorted(
            Engagement.objects.values_list("pk", "revision", "status", "service_model", "version")
        ),
        "roles": sorted(Role.objects.values_list("pk", "name", "absence_backup_id")),
        "cells": sorted(Assignment.objects.values_list("pk", "letters")),
        "coverage": sorted(Coverage.objects.values_list("pk", "window", "role_id")),
        "rows": sorted(MatrixRow.objects.values_list("pk", "in_scope", "split_note")),
        "events": WorkflowEvent.objects.count(),
    }


def move(engagement, by, domains=PICKED, to_model=ServiceModel.CO_MANAGED, **kwargs):
    return services.engagement_transition(
        engagement=engagement, to_model=to_model, domains=list(domains), by=by, **kwargs
    )


# -- fully managed -> co-managed --------------------------------------------------------------


def test_moving_a_signed_engagement_starts_a_new_co_managed_draft_revision(
    signed_fully_managed, account_manager
):
    result = move(signed_fully_managed, account_manager, note="Acme hired two IT staff.")
    new = result.engagement
    signed_fully_managed.refresh_from_db()
    assert result.previous == signed_fully_managed
    assert signed_fully_managed.status == Status.SUPERSEDED
    assert signed_fully_managed.service_model == ServiceModel.FULLY_MANAGED
    assert (new.revision, new.status, new.service_model) == (2, Status.DRAFT, "co_managed")
    assert new.previous_revision == signed_fully_managed
    assert (new.cost_structure, new.control_level) == (CostStructure.VARIABLE, ControlLevel.HIGH)
    assert result.domains == PICKED
    event = new.workflow_events.get(transition=Transition.TRANSITION)
    assert (event.from_status, event.to_status, event.by) == (
        Status.SIGNED_OFF,
        Status.DRAFT,
        account_manager,
    )
    assert event.note == (
        "Moved to co-managed: the internal team takes over Helpdesk and user support, "
        "Patching and updates. Acme hired two IT staff."
    )


def test_the_picked_domains_take_the_co_managed_templates_letters_notes_and_coverage(
    signed_fully_managed, account_manager
):
    new = move(signed_fully_managed, account_manager).engagement
    after = matrix_by_code(new)
    picked = [code for code, row in after.items() if row["domain"] in PICKED]
    assert len(picked) == 11
    for code in picked:
        expected = template_row(CO_MANAGED, code, after[code]["domain"], new)
        row = after[code]
        assert row["cells"] == expected["cells"], code
        assert row["split_note"] == expected["split_note"], code
        assert row["coverage"] == expected["coverage"], code


def test_every_untouched_row_and_every_tool_stays_identical(signed_fully_managed, account_manager):
    before = matrix_by_code(signed_fully_managed)
    new = move(signed_fully_managed, account_manager).engagement
    after = matrix_by_code(new)
    untouched = [code for code, row in before.items() if row["domain"] not in PICKED]
    assert len(untouched) == 60
    for code in untouched:
        assert after[code] == before[code], code
    tools = lambda e: [  # noqa: E731
        (t.name, t.owner_side, t.exit_fate, t.administered_by.name) for t in load_matrix(e).tools
    ]
    assert tools(new) == tools(signed_fully_managed)


def test_the_internal_roles_are_added_with_their_msp_absence_backups(
    signed_fully_managed, account_manager
):
    result = move(signed_fully_managed, account_manager)
    assert result.roles_added == (IT_MANAGER, INTERNAL_DESK, SYSADMIN)
    roles = {r.name: r for r in Role.objects.filter(engagement=result.engagement)}
    for name, backup in ((IT_MANAGER, VCIO), (INTERNAL_DESK, MSP_DESK), (SYSADMIN, NOC)):
        assert roles[name].side == Side.INTERNAL
        assert roles[name].absence_backup == roles[backup]
        assert roles[backup].side == Side.MSP
    assert result.roles_removed == ()


def test_the_msp_covers_absences_on_every_row_an_internal_role_now_works(
    signed_fully_managed, account_manager
):
    new = move(signed_fully_managed, account_manager).engagement
    data = load_matrix(new)
    worked = 0
    for row in data.rows:
        doers = [role for role in data.roles_with(row, "R") if role.side == Side.INTERNAL]
        if doers:
            worked += 1
            backup = data.row_coverage(row)[Window.ABSENCE_BACKUP]
            assert backup.side == Side.MSP, row.activity.code
            assert backup.pk == doers[0].absence_backup_id, row.activity.code
    assert worked == 7  # five helpdesk rows, approving patch windows, firmware


def test_the_move_introduces_no_error_findings(signed_fully_managed, account_manager):
    # Helpdesk and patching rows get one Accountable and someone doing the work each, and
    # the internal roles' absences are covered: nothing new for the client to fix.
    assert errors_of(signed_fully_managed) == set()
    new = move(signed_fully_managed, account_manager).engagement
    assert errors_of(new) - errors_of(signed_fully_managed) == set()


def test_a_column_the_account_manager_added_keeps_its_letters_and_its_overlap_is_the_only_new_error(
    fully_managed, account_manager
):
    # The ISP carrier answers for the line; the NOC does the work. Moving "vendors" gives the
    # row the co-managed letters, where the client IT manager is Accountable too.
    carrier = services.role_add(
        engagement=fully_managed, name="Carrier (ISP)", side=Side.VENDOR, by=account_manager
    )
    row = MatrixRow.objects.get(engagement=fully_managed, activity__code="vendors.isp-telecom")
    noc = Role.objects.get(engagement=fully_managed, name=NOC)
    services.matrix_cells_set(
        engagement=fully_managed,
        changes=[services.CellChange(row, noc, "R"), services.CellChange(row, carrier, "A")],
        by=account_manager,
    )
    errors_before = errors_of(fully_managed)
    assert errors_before == set()

    result = move(fully_managed, account_manager, domains=("vendors", "helpdesk"))

    after = matrix_by_code(result.engagement)
    assert after["vendors.isp-telecom"]["cells"] == {
        IT_MANAGER: "A",
        SYSADMIN: "R",
        NOC: "C",
        "Carrier (ISP)": "A",
    }
    assert errors_of(result.engagement) - errors_before == {
        "OVERLAP_MULTIPLE_ACCOUNTABLE:activity=vendors.isp-telecom"
    }


def test_the_revision_diff_shows_exactly_what_moved(signed_fully_managed, account_manager):
    before = matrix_by_code(signed_fully_managed)
    result = move(signed_fully_managed, account_manager)
    after = matrix_by_code(result.engagement)
    diff = result.diff
    assert (diff.old_revision, diff.new_revision) == (1, 2)

    changed = {code for code in after if after[code] != before[code]}
    assert set(diff.changed_activities) == changed
    assert {code.split(".")[0] for code in changed} == set(PICKED)
    cells = {(c.activity.code, c.role): (c.before, c.after) for c in diff.cells}
    expected_cells = {
        (code, role): (before[code]["cells"].get(role, ""), after[code]["cells"].get(role, ""))
        for code in changed
        for role in {*before[code]["cells"], *after[code]["cells"]}
        if before[code]["cells"].get(role, "") != after[code]["cells"].get(role, "")
    }
    assert cells == expected_cells
    assert cells[("helpdesk.tier1", MSP_DESK)] == ("AR", "R")
    assert cells[("helpdesk.tier1", INTERNAL_DESK)] == ("", "R")
    coverage = {(c.activity.code, c.window): (c.before, c.after) for c in diff.coverage}
    assert coverage[("helpdesk.tier1", Window.BUSINESS_HOURS)] == (MSP_DESK, INTERNAL_DESK)
    assert coverage[("helpdesk.tier1", Window.ABSENCE_BACKUP)] == ("", MSP_DESK)
    assert [(c.activity.code, c.field) for c in diff.row_changes] == [
        ("helpdesk.tier1", "split_note")
    ]
    assert diff.roles_added == (IT_MANAGER, INTERNAL_DESK, SYSADMIN)
    assert (diff.roles_removed, diff.roles_changed) == ((), ())
    assert (diff.tools_added, diff.tools_removed, diff.tools_changed) == ((), (), ())
    assert (diff.activities_added, diff.activities_removed) == ((), ())
    assert [(c.field, c.before, c.after) for c in diff.engagement] == [
        ("service_model", "Fully managed IT", "Co-managed IT"),
        ("cost_structure", "Fixed (predictable monthly fee)", "Variable (by scope and team size)"),
        ("control_level", "Low (the provider manages all)", "High (internal team stays active)"),
    ]
    # The diff page reads the same thing back from the two stored revisions.
    assert (
        selectors.revision_diff_for(
            user=account_manager,
            engagement_id=result.engagement.pk,
            old_revision=1,
            new_revision=2,
        )
        == diff
    )


def test_a_draft_still_being_prepared_moves_in_place(fully_managed, account_manager):
    version = fully_managed.version
    result = move(fully_managed, account_manager, expected_version=version)
    assert result.engagement.pk == fully_managed.pk
    assert result.previous is None
    fully_managed.refresh_from_db()
    assert (fully_managed.revision, fully_managed.status) == (1, Status.DRAFT)
    assert fully_managed.service_model == ServiceModel.CO_MANAGED
    assert fully_managed.version > version
    assert Engagement.objects.count() == 1
    event = fully_managed.workflow_events.get(transition=Transition.TRANSITION)
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.DRAFT)
    assert result.diff.engagement[0].field == "service_model"
    assert result.diff.roles_added == (IT_MANAGER, INTERNAL_DESK, SYSADMIN)


def test_a_draft_changed_by_someone_else_since_it_was_loaded_is_refused(
    fully_managed, account_manager
):
    stale = fully_managed.version
    services.engagement_update(engagement=fully_managed, title="Renamed", by=account_manager)
    state = database_state()
    with pytest.raises(StaleVersion):
        move(fully_managed, account_manager, expected_version=stale)
    assert database_state() == state


# -- co-managed -> fully managed --------------------------------------------------------------


def test_moving_back_to_fully_managed_lets_the_msp_take_the_picked_rows_back(
    signed_co_managed, account_manager
):
    before = matrix_by_code(signed_co_managed)
    result = move(
        signed_co_managed,
        account_manager,
        domains=("helpdesk", "security"),
        to_model=ServiceModel.FULLY_MANAGED,
    )
    new = result.engagement
    assert (new.revision, new.service_model) == (2, ServiceModel.FULLY_MANAGED)
    assert (new.cost_structure, new.control_level) == (CostStructure.FIXED, ControlLevel.LOW)
    after = matrix_by_code(new)
    for code, row in after.items():
        if row["domain"] in ("helpdesk", "security"):
            expected = template_row(FULLY_MANAGED, code, row["domain"], new)
            template_roles = {IT_MANAGER, INTERNAL_DESK, SYSADMIN, *expected["cells"]}
            assert {r: v for r, v in row["cells"].items() if r in template_roles} == expected[
                "cells"
            ], code
            assert row["coverage"] == expected["coverage"], code
            assert Window.ABSENCE_BACKUP not in row["coverage"], code
        else:
            assert row == before[code], code
    # The internal team still works the other domains, so its roles stay; the sponsor joins.
    assert result.roles_added == ("Client executive sponsor",)
    assert result.roles_removed == ()
    assert errors_of(new) - errors_of(signed_co_managed) == set()
    event = new.workflow_events.get(transition=Transition.TRANSITION)
    assert event.note == (
        "Moved to fully managed: the MSP takes back Helpdesk and user support, Security operations."
    )


def test_moving_back_undoes_the_move_to_co_managed(signed_fully_managed, account_manager):
    original = matrix_by_code(signed_fully_managed)
    moved = move(signed_fully_managed, account_manager).engagement
    result = move(moved, account_manager, to_model=ServiceModel.FULLY_MANAGED)
    assert result.engagement.pk == moved.pk  # still the draft: moved in place
    assert matrix_by_code(result.engagement) == original
    # The internal roles had nothing left to do, so they are gone again.
    assert result.roles_removed == (IT_MANAGER, INTERNAL_DESK, SYSADMIN)
    assert result.diff.roles_removed == (IT_MANAGER, INTERNAL_DESK, SYSADMIN)
    names = set(Role.objects.filter(engagement=moved).values_list("name", flat=True))
    assert names == {r.name for r in load_matrix(signed_fully_managed).roles}


def test_moving_every_domain_back_keeps_roles_that_still_administer_a_tool(
    co_managed, account_manager
):
    every_domain = sorted({row["domain"] for row in matrix_by_code(co_managed).values()})
    result = move(
        co_managed, account_manager, domains=every_domain, to_model=ServiceModel.FULLY_MANAGED
    )
    after = matrix_by_code(result.engagement)
    for code, row in after.items():
        expected = template_row(FULLY_MANAGED, code, row["domain"], result.engagement)
        assert row["cells"] == expected["cells"], code
        assert row["in_scope"] == expected["in_scope"], code
    assert not after["mentoring.training-plan"]["in_scope"]
    # The desk and the administrator still run the client's ticketing and Microsoft 365.
    assert result.roles_removed == (IT_MANAGER,)
    assert errors_of(result.engagement) == set()


# -- refused moves change nothing -----------------------------------------------------------


@pytest.mark.parametrize(
    "domains, message",
    [
        (["helpdesk", "printing"], 'Unknown domain "printing"'),
        ([], "Pick at least one domain"),
        (None, "Pick at least one domain"),
    ],
)
def test_bad_domains_are_a_field_error_and_nothing_changes(
    signed_fully_managed, account_manager, domains, message
):
    state = database_state()
    with pytest.raises(ValidationError) as caught:
        services.engagement_transition(
            engagement=signed_fully_managed,
            to_model=ServiceModel.CO_MANAGED,
            domains=domains,
            by=account_manager,
        )
    assert message in caught.value.message_dict["domains"][0]
    assert database_state() == state


@pytest.mark.parametrize(
    "to_model, message",
    [("hybrid", '"hybrid" is not a service model'), ("fully_managed", "is already fully managed")],
)
def test_a_bad_target_model_is_a_field_error_and_nothing_changes(
    signed_fully_managed, account_manager, to_model, message
):
    state = database_state()
    with pytest.raises(ValidationError) as caught:
        move(signed_fully_managed, account_manager, to_model=to_model)
    assert message in caught.value.message_dict["to_model"][0]
    assert database_state() == state


def test_a_revision_in_review_cannot_move(fully_managed, account_manager):
    services.engagement_submit(engagement=fully_managed, by=account_manager)
    state = database_state()
    with pytest.raises(InvalidTransition, match="is in review"):
        move(fully_managed, account_manager)
    assert database_state() == state


def test_a_superseded_revision_cannot_move(signed_fully_managed, account_manager):
    services.engagement_revise(engagement=signed_fully_managed, by=account_manager)
    signed_fully_managed.refresh_from_db()
    state = database_state()
    with pytest.raises(InvalidTransition, match="is superseded"):
        move(signed_fully_managed, account_manager)
    assert database_state() == state


@pytest.mark.parametrize("who", ["client_it_manager", "other_account_manager"])
def test_only_the_clients_account_manager_may_move_it(signed_fully_managed, who, request):
    state = database_state()
    with pytest.raises(PermissionDenied):
        move(signed_fully_managed, request.getfixturevalue(who))
    assert database_state() == state
