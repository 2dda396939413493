"""The revision diff: exactly what changed between two matrices, matched by activity code and
by role and tool name, never by id."""

import pytest

from engagements import selectors, services
from engagements.analysis.data import MatrixData
from engagements.analysis.diff import revision_diff
from engagements.models import (
    Activity,
    Domain,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Tool,
    ToolFate,
    Window,
)
from engagements.selectors.matrix import load_matrix
from tests.helpers.signing import SIGNATURE

HELPDESK = Domain(code="helpdesk", name="Helpdesk and user support")
SECURITY = Domain(code="security", name="Security operations")
ACTIVITIES = {
    "helpdesk.tier1": Activity(code="helpdesk.tier1", name="Answer tier-1", domain=HELPDESK),
    "helpdesk.walk-up": Activity(code="helpdesk.walk-up", name="Walk-up", domain=HELPDESK),
    "security.edr": Activity(code="security.edr", name="Run EDR", domain=SECURITY),
}
BASE_ROLES = [("Client IT manager", Side.INTERNAL, "MSP desk"), ("MSP desk", Side.MSP, "")]
BASE_ROWS = {"helpdesk.tier1": (True, ""), "security.edr": (True, "")}
BASE_CELLS = {
    ("helpdesk.tier1", "Client IT manager"): "A",
    ("helpdesk.tier1", "MSP desk"): "R",
    ("security.edr", "MSP desk"): "AR",
}
BASE_COVERAGE = {("helpdesk.tier1", Window.BUSINESS_HOURS): "MSP desk"}
BASE_TOOLS = [
    {"name": "RMM", "category": "RMM", "owner_side": Side.MSP, "admin": "MSP desk"},
]


def matrix(
    *,
    ids_from=1,
    revision=1,
    roles=BASE_ROLES,
    rows=BASE_ROWS,
    cells=BASE_CELLS,
    coverage=BASE_COVERAGE,
    tools=BASE_TOOLS,
    **engagement_fields,
) -> MatrixData:
    """A matrix in memory (no database), with ids starting where the caller says, so two
    matrices built from the same description have different ids, as two revisions do."""
    engagement = Engagement(
        pk=ids_from,
        revision=revision,
        **{"title": "Acme IT", "service_model": ServiceModel.CO_MANAGED, **engagement_fields},
    )
    role_objs = {}
    for i, (name, side, _) in enumerate(roles):
        role_objs[name] = Role(id=ids_from + i, engagement=engagement, name=name, side=side)
    for name, _, backup in roles:
        if backup:
            role_objs[name].absence_backup_id = role_objs[backup].id
    row_objs = {
        code: MatrixRow(
            id=ids_from + 50 + i,
            engagement=engagement,
            activity=ACTIVITIES[code],
            in_scope=in_scope,
            split_note=note,
        )
        for i, (code, (in_scope, note)) in enumerate(rows.items())
    }
    tool_objs = [
        Tool(
            id=ids_from + 80 + i,
            engagement=engagement,
            name=t["name"],
            category=t.get("category", ""),
            owner_side=t.get("owner_side", ""),
            exit_fate=t.get("exit_fate", ""),
            notes=t.get("notes", ""),
            administered_by_id=role_objs[t["admin"]].id if t.get("admin") else None,
        )
        for i, t in enumerate(tools)
    ]
    return MatrixData(
        engagement=engagement,
        roles=list(role_objs.values()),
        rows=list(row_objs.values()),
        cells={(row_objs[c].id, role_objs[r].id): v for (c, r), v in cells.items()},
        coverage={(row_objs[c].id, w): role_objs[r].id for (c, w), r in coverage.items()},
        tools=tool_objs,
    )


def test_the_same_matrix_under_other_ids_has_no_differences():
    diff = revision_diff(matrix(ids_from=1), matrix(ids_from=1000, revision=2))
    assert diff.is_empty
    assert (diff.old_revision, diff.new_revision) == (1, 2)
    assert diff.changed_activities == ()


def test_a_changed_cell_says_which_activity_which_role_before_and_after():
    new_cells = {**BASE_CELLS, ("helpdesk.tier1", "MSP desk"): "RC"}
    del new_cells[("security.edr", "MSP desk")]
    new_cells[("security.edr", "Client IT manager")] = "AR"
    diff = revision_diff(matrix(), matrix(ids_from=500, cells=new_cells))
    assert [(c.activity.code, c.role, c.before, c.after) for c in diff.cells] == [
        ("helpdesk.tier1", "MSP desk", "R", "RC"),
        ("security.edr", "Client IT manager", "", "AR"),
        ("security.edr", "MSP desk", "AR", ""),
    ]
    assert diff.cells[0].after_display == "R/C"
    assert diff.cells[0].activity.domain_name == "Helpdesk and user support"
    assert diff.changed_activities == ("helpdesk.tier1", "security.edr")
    assert len(diff.cells_for("security.edr")) == 2
    assert diff.counts["cells"] == 3


def test_coverage_changes_are_listed_per_window():
    new_coverage = {
        ("helpdesk.tier1", Window.BUSINESS_HOURS): "Client IT manager",
        ("helpdesk.tier1", Window.ABSENCE_BACKUP): "MSP desk",
    }
    diff = revision_diff(matrix(), matrix(ids_from=500, coverage=new_coverage))
    assert [(c.activity.code, c.window, c.before, c.after) for c in diff.coverage] == [
        ("helpdesk.tier1", Window.BUSINESS_HOURS, "MSP desk", "Client IT manager"),
        ("helpdesk.tier1", Window.ABSENCE_BACKUP, "", "MSP desk"),
    ]
    assert diff.coverage[1].window_label == "Absence backup"
    assert diff.cells == ()


def test_tools_added_removed_and_changed_field_by_field():
    new_tools = [
        {
            "name": "rmm",  # tools match by name whatever the case
            "category": "RMM",
            "owner_side": Side.INTERNAL,
            "admin": "Client IT manager",
            "exit_fate": ToolFate.CLIENT_KEEPS,
        },
        {"name": "Client ticketing", "owner_side": Side.INTERNAL},
    ]
    diff = revision_diff(matrix(), matrix(ids_from=500, tools=new_tools))
    assert diff.tools_added == ("Client ticketing",)
    assert diff.tools_removed == ()
    (changed,) = diff.tools_changed
    assert changed.name == "rmm"
    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("name", "RMM", "rmm"),
        ("owner_side", "MSP", "Internal IT"),
        ("administered_by", "MSP desk", "Client IT manager"),
        ("exit_fate", "", "Client keeps it"),
    ]
    removed = revision_diff(matrix(), matrix(ids_from=500, tools=[]))
    assert removed.tools_removed == ("RMM",)


def test_activities_added_removed_scoped_and_their_split_notes():
    new_rows = {
        "helpdesk.tier1": (True, "Internal desk by day, MSP desk at night."),
        "helpdesk.walk-up": (True, ""),
        "security.edr": (False, ""),
    }
    diff = revision_diff(
        matrix(),
        matrix(ids_from=500, rows=new_rows, cells={}, coverage={}),
    )
    assert [a.code for a in diff.activities_added] == ["helpdesk.walk-up"]
    assert diff.activities_removed == ()
    assert [(c.activity.code, c.before, c.after) for c in diff.scope_changes] == [
        ("security.edr", "yes", "no")
    ]
    assert [(c.activity.code, c.after) for c in diff.split_note_changes] == [
        ("helpdesk.tier1", "Internal desk by day, MSP desk at night.")
    ]
    removed = revision_diff(
        matrix(), matrix(ids_from=500, rows={"helpdesk.tier1": (True, "")}, cells={})
    )
    assert [a.code for a in removed.activities_removed] == ["security.edr"]
    assert ("security.edr", "MSP desk", "AR", "") in [
        (c.activity.code, c.role, c.before, c.after) for c in removed.cells
    ]


def test_roles_added_removed_and_changed():
    new_roles = [
        ("Client IT manager", Side.INTERNAL, ""),
        ("MSP desk", Side.VENDOR, ""),
        ("MSP SOC", Side.MSP, ""),
    ]
    diff = revision_diff(matrix(), matrix(ids_from=500, roles=new_roles))
    assert diff.roles_added == ("MSP SOC",)
    assert diff.roles_removed == ()
    assert [
        (r.name, [(c.field, c.before, c.after) for c in r.changes]) for r in diff.roles_changed
    ] == [
        ("Client IT manager", [("absence_backup", "MSP desk", "")]),
        ("MSP desk", [("side", "MSP", "Third-party vendor")]),
    ]
    gone = revision_diff(
        matrix(),
        matrix(ids_from=500, roles=[("MSP desk", Side.MSP, "")], cells={}, coverage={}, tools=[]),
    )
    assert gone.roles_removed == ("Client IT manager",)


def test_engagement_fields_that_changed_are_listed_in_words():
    diff = revision_diff(matrix(), matrix(ids_from=500, service_model=ServiceModel.FULLY_MANAGED))
    assert [(c.field, c.before, c.after) for c in diff.engagement] == [
        ("service_model", "Co-managed IT", "Fully managed IT")
    ]


# -- against stored revisions ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_revision_copies_everything_so_its_diff_is_empty(
    co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    assert revision_diff(load_matrix(co_managed), load_matrix(new)).is_empty


@pytest.mark.django_db
def test_loading_two_revisions_is_scoped_to_what_the_user_sees(
    signed_revisions, account_manager, client_it_manager, other_account_manager
):
    first, second = signed_revisions
    old, new = selectors.revision_pair(
        user=client_it_manager, engagement_id=second.pk, old_revision=1, new_revision=2
    )
    assert (old, new) == (first, second)
    with pytest.raises(Engagement.DoesNotExist):
        selectors.revision_pair(
            user=other_account_manager, engagement_id=second.pk, old_revision=1, new_revision=2
        )
    with pytest.raises(Engagement.DoesNotExist, match="has no revision 3"):
        selectors.revision_pair(
            user=account_manager, engagement_id=first.pk, old_revision=1, new_revision=3
        )


@pytest.mark.django_db
def test_the_diff_between_two_stored_revisions_costs_a_fixed_number_of_queries(
    signed_revisions, account_manager, django_assert_max_num_queries
):
    first, second = signed_revisions
    with django_assert_max_num_queries(20):
        diff = selectors.revision_diff_for(
            user=account_manager, engagement_id=first.pk, old_revision=1, new_revision=2
        )
    assert [(c.activity.code, c.role, c.before, c.after) for c in diff.cells] == [
        ("patching.servers", "Client IT manager", "A", "C"),
        ("patching.servers", "MSP NOC", "R", "AR"),
    ]


@pytest.fixture
def signed_revisions(co_managed, account_manager, client_it_manager):
    """Revision 1 signed off; revision 2 a draft where the NOC now answers for patching
    servers and the client IT manager is only consulted."""
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    row = MatrixRow.objects.get(engagement=new, activity__code="patching.servers")
    roles = {r.name: r for r in Role.objects.filter(engagement=new)}
    services.matrix_cells_set(
        engagement=new,
        changes=[
            services.CellChange(row, roles["MSP NOC"], "A/R"),
            services.CellChange(row, roles["Client IT manager"], "C"),
        ],
        by=account_manager,
    )
    return co_managed, new


def test_a_changed_row_is_laid_out_across_every_role_column_with_what_stayed():
    new_cells = {**BASE_CELLS, ("helpdesk.tier1", "MSP desk"): "RC"}
    del new_cells[("helpdesk.tier1", "Client IT manager")]
    diff = revision_diff(
        matrix(), matrix(ids_from=500, cells=new_cells, roles=[*BASE_ROLES, ("SOC", Side.MSP, "")])
    )
    assert diff.roles == ("Client IT manager", "MSP desk", "SOC")
    (row,) = diff.grid
    assert (row.activity.code, row.kind) == ("helpdesk.tier1", "changed")
    assert [(c.role, c.before, c.after, c.kind) for c in row.cells] == [
        ("Client IT manager", "A", "", "removed"),
        ("MSP desk", "R", "RC", "changed"),
        ("SOC", "", "", "same"),
    ]
    assert diff.grid_row("security.edr") is None


def test_added_and_removed_activities_are_grid_rows_of_their_own_kind():
    new_rows = {"helpdesk.tier1": (True, ""), "helpdesk.walk-up": (True, "")}
    diff = revision_diff(matrix(), matrix(ids_from=500, rows=new_rows, cells={}, coverage={}))
    kinds = {row.activity.code: row.kind for row in diff.grid}
    assert kinds == {
        "helpdesk.tier1": "changed",
        "helpdesk.walk-up": "added",
        "security.edr": "removed",
    }


def test_a_scope_change_alone_makes_a_grid_row():
    diff = revision_diff(
        matrix(), matrix(ids_from=500, rows={**BASE_ROWS, "security.edr": (False, "")})
    )
    (row,) = diff.grid
    assert row.activity.code == "security.edr"
    assert {c.kind for c in row.cells} == {"same"}


@pytest.fixture
def revision_with_controls(co_managed, account_manager, client_it_manager, hipaa):
    """Revision 1 signed with two HIPAA controls (said not to apply); revision 2 a draft."""
    from engagements.models import Origination
    from tests.helpers.compliance import select

    chosen = select(co_managed, hipaa, "164.312(b)", "164.312(d)", by=account_manager)
    for responsibility in chosen.values():
        services.control_responsibility_update(
            responsibility=responsibility,
            by=account_manager,
            origination=Origination.NOT_APPLICABLE,
        )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    return co_managed, services.engagement_revise(engagement=co_managed, by=account_manager)


@pytest.mark.django_db
def test_compliance_controls_added_removed_and_changed_are_in_the_diff(
    revision_with_controls, account_manager, hipaa
):
    from engagements.models import ControlResponsibility, Origination
    from tests.helpers.compliance import control, select

    old, new = revision_with_controls
    assert revision_diff(load_matrix(old), load_matrix(new)).is_empty
    select(new, hipaa, "164.308(a)(1)(ii)(A)", by=account_manager)
    responsibilities = {
        r.control.control_id: r
        for r in ControlResponsibility.objects.filter(engagement=new).select_related("control")
    }
    services.controls_deselect(
        engagement=new, by=account_manager, responsibilities=[responsibilities["164.312(d)"]]
    )
    firewall = MatrixRow.objects.filter(engagement=new).order_by("order").first()
    services.control_responsibility_update(
        responsibility=responsibilities["164.312(b)"],
        by=account_manager,
        origination=Origination.SHARED,
        split_description="The MSP keeps the logs; the client reviews them.",
        implementing_rows=[firewall],
    )

    diff = revision_diff(load_matrix(old), load_matrix(new))
    assert not diff.is_empty
    assert [(c.control_id, c.framework) for c in diff.controls_added] == [
        ("164.308(a)(1)(ii)(A)", hipaa.name)
    ]
    assert [c.control_id for c in diff.controls_removed] == ["164.312(d)"]
    (changed,) = diff.controls_changed
    assert changed.control.control_id == "164.312(b)"
    assert changed.control.title == control(hipaa, "164.312(b)").title
    assert {(c.field, c.before, c.after) for c in changed.changes} == {
        ("origination", "Not applicable", "Shared"),
        ("split_description", "", "The MSP keeps the logs; the client reviews them."),
        ("implementing_rows", "", firewall.activity.name),
    }
    assert diff.counts["controls"] == 3
