"""One change with several parts (cells, coverage, row settings, tools) is applied as one:
one version bump, all of it or nothing, through whichever door sent it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.doors import through
from engagements.errors import EngagementFrozen, StaleVersion
from engagements.exports import layout as L
from engagements.models import (
    Assignment,
    Coverage,
    Door,
    Engagement,
    Side,
    Tool,
    ToolFate,
    Window,
)
from engagements.models.labels import person_name
from engagements.services.common import versions_restored
from tests.helpers.http import HTMX
from tests.helpers.matrix import cell, role_of, row_of, snapshot
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import cell as workbook_cell
from tests.helpers.workbook import column_of, edited, export, run_import, tool_row

pytestmark = pytest.mark.django_db


def _version(engagement) -> int:
    return Engagement.objects.get(pk=engagement.pk).version


def _covering(engagement, code, window) -> str:
    entry = Coverage.objects.filter(
        row__engagement=engagement, row__activity__code=code, window=window
    ).first()
    return entry.role.name if entry else ""


def _many_parts(engagement) -> services.MatrixChanges:
    """A cell, two windows, a row's note and need, and one tool of each kind of change."""
    servers, tier1 = row_of(engagement, "patching.servers"), row_of(engagement, "helpdesk.tier1")
    noc, soc = role_of(engagement, "MSP NOC"), role_of(engagement, "MSP SOC")
    return services.MatrixChanges(
        cells=[services.CellChange(row=servers, role=soc, letters="C")],
        coverage=[
            services.CoverageChange(servers, Window.AFTER_HOURS, soc),  # was the NOC
            services.CoverageChange(servers, Window.BUSINESS_HOURS, None),  # was the NOC
        ],
        rows={tier1: {"split_note": "  The MSP desk takes the phones.  ", "in_scope": False}},
        tools_remove=[Tool.objects.get(engagement=engagement, name="Backup platform")],
        tools_update={Tool.objects.get(engagement=engagement, name="MSP RMM"): {"notes": "Kept"}},
        tools_add=[{"name": "Password vault", "owner_side": Side.MSP, "administered_by": noc}],
    )


# -- the service --------------------------------------------------------------------------------


def test_every_part_is_applied_with_one_version_bump(co_managed, account_manager):
    before = _version(co_managed)

    applied = services.matrix_changes_apply(
        engagement=co_managed,
        changes=_many_parts(co_managed),
        by=account_manager,
        expected_version=before,
    )

    assert applied.version == co_managed.version == _version(co_managed) == before + 1
    assert (applied.cells, applied.coverage, applied.rows, applied.tools) == (1, 2, 1, 3)
    assert cell(co_managed, "patching.servers", "MSP SOC") == "C"
    assert _covering(co_managed, "patching.servers", Window.AFTER_HOURS) == "MSP SOC"
    assert _covering(co_managed, "patching.servers", Window.BUSINESS_HOURS) == ""
    tier1 = row_of(co_managed, "helpdesk.tier1")
    assert (tier1.split_note, tier1.in_scope) == ("The MSP desk takes the phones.", False)
    tools = dict(Tool.objects.filter(engagement=co_managed).values_list("name", "notes"))
    assert "Backup platform" not in tools
    assert tools["MSP RMM"] == "Kept"
    assert "Password vault" in tools


def test_each_change_leaves_its_history_row_with_its_user_and_door(co_managed, account_manager):
    with through(Door.API):
        services.matrix_changes_apply(
            engagement=co_managed, changes=_many_parts(co_managed), by=account_manager
        )

    soc_cell = Assignment.objects.get(
        row=row_of(co_managed, "patching.servers"), role=role_of(co_managed, "MSP SOC")
    )
    latest = [
        soc_cell.history.latest(),
        Coverage.history.filter(row_id=row_of(co_managed, "patching.servers").pk).latest(),
        row_of(co_managed, "helpdesk.tier1").history.latest(),
        Tool.history.filter(name="Backup platform").latest(),
        Tool.objects.get(engagement=co_managed, name="Password vault").history.latest(),
    ]
    assert [(h.door, h.history_user) for h in latest] == [(Door.API, account_manager)] * 5
    assert latest[3].history_type == "-"


def test_a_stale_version_refuses_the_whole_set_and_saves_nothing(co_managed, account_manager):
    seen = _version(co_managed)
    services.assignment_set(
        engagement=co_managed,
        row=row_of(co_managed, "patching.servers"),
        role=role_of(co_managed, "MSP NOC"),
        letters="A/R",
        by=account_manager,
    )
    before = snapshot(co_managed)

    with pytest.raises(StaleVersion) as refused, versions_restored():
        services.matrix_changes_apply(
            engagement=co_managed,
            changes=_many_parts(co_managed),
            by=account_manager,
            expected_version=seen,
        )

    assert refused.value.current_version == seen + 1
    assert refused.value.changed_by == person_name(account_manager)
    assert snapshot(co_managed) == before
    assert co_managed.version == seen + 1  # what is stored, not a version that never was


def test_one_invalid_part_refuses_the_whole_set_naming_its_field(co_managed, account_manager):
    changes = _many_parts(co_managed)
    changes.rows = {row_of(co_managed, "helpdesk.tier1"): {"coverage_need": "weekly"}}
    before = snapshot(co_managed)

    with pytest.raises(ValidationError) as refused, versions_restored():
        services.matrix_changes_apply(engagement=co_managed, changes=changes, by=account_manager)

    assert set(refused.value.message_dict) == {"coverage_need"}
    assert snapshot(co_managed) == before


def test_bad_letters_refuse_the_set_naming_the_cell(co_managed, account_manager):
    changes = _many_parts(co_managed)
    changes.cells.append(
        services.CellChange(
            row=row_of(co_managed, "patching.servers"),
            role=role_of(co_managed, "MSP NOC"),
            letters="X",
        )
    )
    before = snapshot(co_managed)

    with pytest.raises(ValidationError) as refused, versions_restored():
        services.matrix_changes_apply(engagement=co_managed, changes=changes, by=account_manager)

    assert refused.value.message_dict == {"cells[1]": ['"X" is not one of R, A, C, I']}
    assert snapshot(co_managed) == before


def test_a_part_from_another_engagement_is_refused(co_managed, globex_engagement, admin_user):
    changes = services.MatrixChanges(
        coverage=[
            services.CoverageChange(
                row_of(co_managed, "patching.servers"),
                Window.AFTER_HOURS,
                globex_engagement.roles.first(),
            )
        ]
    )
    with pytest.raises(ValidationError) as refused:
        services.matrix_changes_apply(engagement=co_managed, changes=changes, by=admin_user)
    assert set(refused.value.message_dict) == {"role"}


def test_a_frozen_revision_refuses_a_set(co_managed, account_manager, client_it_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    before = snapshot(co_managed)

    with pytest.raises(EngagementFrozen):
        services.matrix_changes_apply(
            engagement=co_managed, changes=_many_parts(co_managed), by=account_manager
        )
    assert snapshot(co_managed) == before


def test_only_the_account_manager_applies_a_set(co_managed, client_it_manager):
    before = snapshot(co_managed)
    with pytest.raises(PermissionDenied):
        services.matrix_changes_apply(
            engagement=co_managed, changes=_many_parts(co_managed), by=client_it_manager
        )
    assert snapshot(co_managed) == before


def test_an_empty_set_changes_nothing_and_keeps_the_version(co_managed, account_manager):
    before = snapshot(co_managed)
    applied = services.matrix_changes_apply(
        engagement=co_managed, changes=services.MatrixChanges(), by=account_manager
    )
    assert (applied.version, applied.changed) == (co_managed.version, 0)
    assert snapshot(co_managed) == before


# -- one version bump per save, through each door ------------------------------------------------


def test_a_row_form_saving_scope_note_need_and_two_windows_bumps_the_version_once(
    client, account_manager, co_managed
):
    client.force_login(account_manager)
    row = row_of(co_managed, "helpdesk.tier1")
    noc = role_of(co_managed, "MSP NOC")
    prefix = f"r{row.pk}-"
    before = _version(co_managed)
    form = {
        "expected_version": before,
        prefix + "in_scope": "",
        prefix + "split_note": "The MSP desk takes every call.",
        prefix + "coverage_need": "24x7",
        **{prefix + f"cover_{window}": noc.pk for window in Window.values},
    }

    response = client.post(f"/engagements/{co_managed.pk}/rows/{row.pk}/", form)

    assert response.status_code == 302
    assert _version(co_managed) == before + 1
    row.refresh_from_db()
    assert (row.in_scope, row.split_note, row.coverage_need) == (
        False,
        "The MSP desk takes every call.",
        "24x7",
    )
    assert {w: _covering(co_managed, "helpdesk.tier1", w) for w in Window.values} == dict.fromkeys(
        Window.values, "MSP NOC"
    )


def test_a_row_form_sent_with_a_stale_version_saves_none_of_its_parts(
    client, account_manager, co_managed
):
    client.force_login(account_manager)
    row = row_of(co_managed, "helpdesk.tier1")
    prefix = f"r{row.pk}-"
    form = {
        "expected_version": _version(co_managed) - 1,
        prefix + "in_scope": "on",
        prefix + "split_note": "Changed",
        prefix + "coverage_need": "24x7",
        prefix + f"cover_{Window.AFTER_HOURS}": role_of(co_managed, "MSP NOC").pk,
    }
    before = snapshot(co_managed)

    response = client.post(f"/engagements/{co_managed.pk}/rows/{row.pk}/", form, **HTMX)

    assert response.status_code == 412
    assert snapshot(co_managed) == before


def test_an_api_patch_of_cells_and_coverage_bumps_the_version_once(am, co_managed):
    before = _version(co_managed)
    body = {
        "cells": [
            {"activity": "patching.servers", "role": "MSP SOC", "letters": "C"},
            {"activity": "helpdesk.tier1", "role": "MSP NOC", "letters": "I"},
        ],
        "coverage": [
            {"activity": "patching.servers", "window": Window.AFTER_HOURS, "role": "MSP SOC"},
            {"activity": "patching.servers", "window": Window.WEEKENDS_HOLIDAYS, "role": None},
        ],
    }

    response = am.patch(
        f"/api/engagements/{co_managed.pk}/matrix/",
        body,
        format="json",
        headers={
            "If-Match": Engagement.objects.get(pk=co_managed.pk).etag,
            "Prefer": "return=minimal",
        },
    )

    assert response.status_code == 204, response.content
    assert response["ETag"] == Engagement.objects.get(pk=co_managed.pk).etag
    assert _version(co_managed) == before + 1
    assert cell(co_managed, "helpdesk.tier1", "MSP NOC") == "I"
    assert _covering(co_managed, "patching.servers", Window.AFTER_HOURS) == "MSP SOC"
    assert _covering(co_managed, "patching.servers", Window.WEEKENDS_HOLIDAYS) == ""


def test_an_api_patch_with_a_stale_version_is_412_and_saves_no_part(am, co_managed):
    stale = _version(co_managed) - 1
    before = snapshot(co_managed)
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/matrix/",
        {
            "cells": [{"activity": "patching.servers", "role": "MSP SOC", "letters": "C"}],
            "coverage": [
                {"activity": "patching.servers", "window": Window.AFTER_HOURS, "role": None}
            ],
        },
        format="json",
        headers={"If-Match": f'"{co_managed.pk}-{stale}"'},
    )
    assert response.status_code == 412
    assert snapshot(co_managed) == before


def test_an_import_of_cells_rows_coverage_and_tools_bumps_the_version_once(
    co_managed, account_manager
):
    def edit(workbook):
        matrix, coverage, tools = workbook["RACI matrix"], workbook["Coverage"], workbook["Tools"]
        workbook_cell(matrix, "patching.servers", "MSP SOC").value = "C"
        workbook_cell(matrix, "helpdesk.tier1", "Split note").value = "Shared by both desks."
        workbook_cell(coverage, "patching.servers", "After hours").value = "MSP SOC"
        notes = column_of(tools, L.NOTES, L.TOOL)
        tools[f"{notes}{tool_row(tools, 'MSP RMM')}"].value = "Kept at the end."

    before = _version(co_managed)
    result = run_import(co_managed, edited(export(co_managed), edit), account_manager)

    assert result.applied
    assert {change.field for change in result.changes} >= {
        "letters",
        "split note",
        "covered by",
        "notes",
    }
    assert result.version == _version(co_managed) == before + 1
    assert row_of(co_managed, "helpdesk.tier1").split_note == "Shared by both desks."
    assert _covering(co_managed, "patching.servers", Window.AFTER_HOURS) == "MSP SOC"


def test_the_single_change_services_still_bump_once_each(co_managed, account_manager):
    servers = row_of(co_managed, "patching.servers")
    soc = role_of(co_managed, "MSP SOC")
    before = _version(co_managed)

    created = services.assignment_set(
        engagement=co_managed, row=servers, role=soc, letters="c", by=account_manager
    )
    covered = services.coverage_set(
        engagement=co_managed, row=servers, window=Window.AFTER_HOURS, role=soc, by=account_manager
    )
    tool = services.tool_add(
        engagement=co_managed,
        name="Vault",
        exit_fate=ToolFate.CLIENT_KEEPS,
        by=account_manager,
    )

    assert _version(co_managed) == before + 3
    assert created.pk and created.letters == "C"
    assert covered.pk and covered.role == soc
    assert tool.pk and tool.exit_fate == ToolFate.CLIENT_KEEPS
