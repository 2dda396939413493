"""Signed off means frozen, door by door.

A signed-off revision is a contract term, and a superseded one is history. For each, every
door that can write (each page form, each API write, the Excel import from the page, the API
and the command line, the admin, and a direct service call from a shell) must fail to change
it, and everything about the revision is byte-for-byte the same afterwards: the revision, its
roles, rows, cells, coverage, tools, control responsibilities, discussion, acknowledgements,
workflow steps and their history.

To add a door: add one function to PAGE_DOORS, API_DOORS, OTHER_DOORS or SERVICES below.
Tests at the bottom fail when a page URL or a service exists that no door here tries.
"""

import inspect
import json
import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client as PageClient
from django.urls import reverse
from rest_framework.test import APIClient

from engagements import services
from engagements import urls as page_urls
from engagements.errors import EngagementFrozen, InvalidTransition
from engagements.exports import layout as L
from engagements.models import (
    Activity,
    Assignment,
    Comment,
    Control,
    ControlKind,
    ControlResponsibility,
    Coverage,
    Domain,
    Engagement,
    FindingAcknowledgement,
    Framework,
    MatrixRow,
    Role,
    ServiceModel,
    Status,
    Tool,
    Window,
    WorkflowEvent,
)
from tests.helpers.http import api_client
from tests.helpers.sheets import PLAIN as PLAIN_SHEET
from tests.helpers.sheets import xlsx as xlsx_sheet
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import cell as workbook_cell
from tests.helpers.workbook import edited, export

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GAP_KEY = "GAP_NO_ACCOUNTABLE:activity=patching.servers"


# -- the frozen revisions ---------------------------------------------------------------------


@dataclass
class Frozen:
    """A frozen revision with something of every kind in it, and people at every door."""

    engagement: Engagement
    row: MatrixRow
    role: Role
    tool: Tool
    responsibility: ControlResponsibility
    activity: Activity  # in the catalog, not yet in the matrix
    am: Any  # page client, account manager
    itm: Any  # page client, client IT manager
    admin: Any  # page client, superuser
    api_am: APIClient
    api_itm: APIClient
    superuser: Any

    @property
    def pk(self):
        return self.engagement.pk

    def page(self, path=""):
        return f"/engagements/{self.pk}/{path}"

    def api(self, path=""):
        return f"/api/engagements/{self.pk}/{path}"

    @property
    def workbook(self) -> bytes:
        """Its workbook, with one cell changed (made when a door needs it: it takes time)."""

        def change(book):
            workbook_cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "C"

        return edited(export(self.engagement), change)

    @property
    def etag(self):
        return Engagement.objects.get(pk=self.pk).etag

    @property
    def version(self):
        return Engagement.objects.get(pk=self.pk).version


def _clients(user):
    page, api = PageClient(), api_client()
    page.force_login(user)
    api.force_login(user)
    return page, api


@pytest.fixture(params=[Status.SIGNED_OFF, Status.SUPERSEDED])
def frozen(request, acme, account_manager, client_it_manager, admin_user) -> Frozen:
    """The co-managed revision with a tool, a control, a comment and an acknowledged gap,
    signed off (and, for "superseded", revised since)."""
    # Two controls of a framework (loading a whole catalog would only cost time).
    framework = Framework.objects.create(code="nist-csf-2-0", name="NIST CSF 2.0")
    for order, control_id in enumerate(("GV.OC-01", "PR.AA-01")):
        Control.objects.create(
            framework=framework,
            control_id=control_id,
            title=control_id,
            kind=ControlKind.CONTROL,
            order=order,
        )
    engagement = services.engagement_create(
        client=acme,
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=account_manager,
    )
    am = account_manager
    row = MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers")
    role = Role.objects.get(engagement=engagement, name="MSP NOC")
    tool = services.tool_add(
        engagement=engagement, name="Firewall manager", owner_side="msp", by=am
    )
    services.coverage_set(
        engagement=engagement, row=row, window=Window.AFTER_HOURS, role=role, by=am
    )
    [responsibility] = services.controls_select(
        engagement=engagement,
        by=am,
        framework=framework,
        controls=[framework.controls.get(control_id="GV.OC-01")],
    )
    responsibility = services.control_responsibility_update(
        responsibility=responsibility, origination="msp", responsible_role=role, by=am
    )
    services.comment_add(engagement=engagement, body="Who patches firmware?", row=row, by=am)
    accountable = Role.objects.get(engagement=engagement, name="Client IT manager")
    services.assignment_set(engagement=engagement, row=row, role=accountable, letters="", by=am)
    services.engagement_submit(engagement=engagement, by=am)
    services.finding_acknowledge(
        engagement=engagement, finding_key=GAP_KEY, reason="Agreed gap.", by=client_it_manager
    )
    services.engagement_approve(engagement=engagement, by=client_it_manager, **SIGNATURE)
    if request.param == Status.SUPERSEDED:
        services.engagement_revise(engagement=engagement, by=am)
    engagement.refresh_from_db()
    assert engagement.status == request.param

    am_page, am_api = _clients(account_manager)
    itm_page, itm_api = _clients(client_it_manager)
    admin_page, _ = _clients(admin_user)
    return Frozen(
        engagement=engagement,
        row=row,
        role=role,
        tool=tool,
        responsibility=responsibility,
        activity=Activity.objects.create(
            domain=Domain.objects.order_by("order").first(),
            code="acme.plants",
            name="Water the plants",
            client=acme,
        ),
        am=am_page,
        itm=itm_page,
        admin=admin_page,
        api_am=am_api,
        api_itm=itm_api,
        superuser=admin_user,
    )


HISTORIES = [Engagement, Role, MatrixRow, Tool, ControlResponsibility, FindingAcknowledgement]


def dump(engagement: Engagement) -> str:
    """Everything about the revision, serialized: equal dumps mean nothing changed."""
    pk = engagement.pk
    objects = [
        *Engagement.objects.filter(pk=pk),
        *Role.objects.filter(engagement_id=pk).order_by("pk"),
        *MatrixRow.objects.filter(engagement_id=pk).order_by("pk"),
        *Assignment.objects.filter(row__engagement_id=pk).order_by("pk"),
        *Coverage.objects.filter(row__engagement_id=pk).order_by("pk"),
        *Tool.objects.filter(engagement_id=pk).order_by("pk"),
        *ControlResponsibility.objects.filter(engagement_id=pk).order_by("pk"),
        *Comment.objects.filter(engagement_id=pk).order_by("pk"),
        *FindingAcknowledgement.objects.filter(engagement_id=pk).order_by("pk"),
        *WorkflowEvent.objects.filter(engagement_id=pk).order_by("pk"),
    ]
    history = {
        model.__name__: model.history.filter(
            **({"id": pk} if model is Engagement else {"engagement_id": pk})
        ).count()
        for model in HISTORIES
    }
    history["Assignment"] = Assignment.history.filter(row__engagement_id=pk).count()
    history["Coverage"] = Coverage.history.filter(row__engagement_id=pk).count()
    return (
        serializers.serialize("json", objects, indent=1)
        + repr(sorted(history.items()))
        + repr(Engagement.objects.count())
    )


def assert_refused(frozen: Frozen, door) -> Any:
    before = dump(frozen.engagement)
    outcome = door(frozen)
    assert dump(frozen.engagement) == before, f"{door.__name__} changed a frozen revision"
    return outcome


def content(engagement: Engagement) -> str:
    """The revision's matrix and everything that hangs off it, without its status and its
    workflow record: what starting a new revision from it must leave as it was."""
    pk = engagement.pk
    objects = [
        *Role.objects.filter(engagement_id=pk).order_by("pk"),
        *MatrixRow.objects.filter(engagement_id=pk).order_by("pk"),
        *Assignment.objects.filter(row__engagement_id=pk).order_by("pk"),
        *Coverage.objects.filter(row__engagement_id=pk).order_by("pk"),
        *Tool.objects.filter(engagement_id=pk).order_by("pk"),
        *ControlResponsibility.objects.filter(engagement_id=pk).order_by("pk"),
        *Comment.objects.filter(engagement_id=pk).order_by("pk"),
        *FindingAcknowledgement.objects.filter(engagement_id=pk).order_by("pk"),
    ]
    return serializers.serialize("json", objects, indent=1)


def assert_copied_into_a_new_revision(frozen: Frozen, door) -> None:
    """The one sanctioned step on a signed-off revision: a new draft revision takes a copy,
    and the signed one is superseded with its content exactly as it was."""
    old = frozen.engagement
    before = content(old)
    door(frozen)
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    newest = (
        Engagement.objects.filter(client_id=old.client_id, slug=old.slug)
        .order_by("-revision")
        .first()
    )
    assert (newest.revision, newest.status) == (old.revision + 1, Status.DRAFT)
    assert content(old) == before, "starting a new revision changed the signed one"


# -- the pages --------------------------------------------------------------------------------


def _row_form(f: Frozen):
    prefix = f"r{f.row.pk}-"
    return {
        "expected_version": f.version,
        prefix + "in_scope": "",
        prefix + "split_note": "changed after signing",
        prefix + "coverage_need": "24x7",
        prefix + "cover_business_hours": f.role.pk,
        prefix + "cover_after_hours": f.role.pk,
        prefix + "cover_weekends_holidays": f.role.pk,
    }


def _grid_save(f: Frozen):
    cell = {"row": f.row.pk, "role": f.role.pk, "letters": "C", "was": ""}
    body = {"version": f.version, "cells": [cell]}
    return f.am.post(f.page("grid/save/"), json.dumps(body), content_type="application/json")


def _held_sheet_import(f: Frozen):
    """A sheet import into this revision, as if it had been started while it was a draft:
    its preview page's POST is what would write."""
    from engagements.views import onramp

    token = "frozen-door-test"
    os.makedirs(onramp.HELD_DIR, exist_ok=True)
    with open(onramp._held_path(token), "wb") as held:
        held.write(xlsx_sheet(("Matrix", PLAIN_SHEET)))
    session = f.am.session
    session[onramp.SESSION_KEY] = {
        token: {"filename": "s.xlsx", "client": None, "engagement": f.pk, "mapping": None}
    }
    session.save()
    return f.am.post(f"/sheets/{token}/preview/")


PAGE_DOORS = {
    "engagement_grid_save": _grid_save,
    "engagement_grid_bulk": lambda f: f.am.post(
        f.page("grid/bulk/"),
        {
            "rows": str(f.row.pk),
            "role": f.role.pk,
            "letter": "I",
            "mode": "add",
            "expected_version": f.version,
        },
    ),
    "engagement_sheet_upload": lambda f: f.am.post(
        f.page("from-sheet/"),
        {"sheet": SimpleUploadedFile("s.xlsx", xlsx_sheet(("Matrix", PLAIN_SHEET)))},
    ),
    "sheet_preview": _held_sheet_import,
    "engagement_cells": lambda f: f.am.post(
        f.page("cells/"), {f"c-{f.row.pk}-{f.role.pk}": "C", "expected_version": f.version}
    ),
    "engagement_cell": lambda f: f.am.post(
        f.page(f"cells/{f.row.pk}/{f.role.pk}/"),
        {f"c-{f.row.pk}-{f.role.pk}": "C", "expected_version": f.version},
        HTTP_HX_REQUEST="true",
    ),
    "engagement_row": lambda f: f.am.post(f.page(f"rows/{f.row.pk}/"), _row_form(f)),
    "engagement_row_remove": lambda f: f.am.post(
        f.page(f"rows/{f.row.pk}/remove/"), {"expected_version": f.version}
    ),
    "engagement_row_add": lambda f: f.am.post(
        f.page("rows/add/"), {"expected_version": f.version, "row-add-activity": f.activity.pk}
    ),
    "engagement_activity_add": lambda f: f.am.post(
        f.page("activities/add/"),
        {
            "expected_version": f.version,
            "activity-domain": Domain.objects.first().pk,
            "activity-name": "Water the plants",
            "activity-default_coverage": "business_hours",
        },
    ),
    "engagement_role_add": lambda f: f.am.post(
        f.page("roles/add/"),
        {"expected_version": f.version, "role-new-name": "Vendor", "role-new-side": "vendor"},
    ),
    "engagement_role_update": lambda f: f.am.post(
        f.page(f"roles/{f.role.pk}/"),
        {
            "expected_version": f.version,
            f"role-{f.role.pk}-name": "Renamed",
            f"role-{f.role.pk}-side": "msp",
        },
    ),
    "engagement_role_remove": lambda f: f.am.post(
        f.page(f"roles/{f.role.pk}/remove/"), {"expected_version": f.version}
    ),
    "engagement_tool_add": lambda f: f.am.post(
        f.page("tools/add/"), {"expected_version": f.version, "tool-new-name": "Vault"}
    ),
    "engagement_tool_update": lambda f: f.am.post(
        f.page(f"tools/{f.tool.pk}/"),
        {"expected_version": f.version, f"tool-{f.tool.pk}-name": "Renamed"},
    ),
    "engagement_tool_remove": lambda f: f.am.post(
        f.page(f"tools/{f.tool.pk}/remove/"), {"expected_version": f.version}
    ),
    "engagement_details": lambda f: f.am.post(
        f.page("details/"),
        {
            "details-title": "Renamed after signing",
            "details-business_days": ["1", "2"],
            "details-business_start": "07:00",
            "details-business_end": "19:00",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
    ),
    "engagement_import": lambda f: f.am.post(
        f.page("import/"),
        {"workbook": SimpleUploadedFile("s.xlsx", f.workbook, content_type=XLSX), "import": "1"},
    ),
    "engagement_controls_select": lambda f: f.am.post(
        f.page("compliance/select/"),
        {
            "expected_version": f.version,
            "select-framework": "nist-csf-2-0",
            "select-controls": "PR.AA-01",
        },
    ),
    "engagement_controls_deselect": lambda f: f.am.post(
        f.page("compliance/deselect/"),
        {"expected_version": f.version, "control": f.responsibility.pk},
    ),
    "engagement_control_edit": lambda f: f.am.post(
        f.page(f"compliance/{f.responsibility.pk}/"),
        {
            "expected_version": f.version,
            f"ctl-{f.responsibility.pk}-origination": "internal",
            f"ctl-{f.responsibility.pk}-split_description": "changed after signing",
        },
    ),
    "engagement_submit": lambda f: f.am.post(f.page("submit/"), {"submit-note": "again"}),
    "engagement_approve": lambda f: f.itm.post(f.page("approve/"), {"approve-note": "again"}),
    "engagement_request_changes": lambda f: f.itm.post(
        f.page("request-changes/"), {"changes-note": "Reopen it."}
    ),
    "engagement_comment": lambda f: f.itm.post(
        f.page("comments/"), {"comment-general-body": "Late remark"}
    ),
    "engagement_acknowledge": lambda f: f.itm.post(
        f.page("acknowledge/"), {"finding_key": GAP_KEY, "reason": "Changed my mind"}
    ),
    "engagement_unacknowledge": lambda f: f.itm.post(
        f.page("unacknowledge/"), {"finding_key": GAP_KEY}
    ),
}
# Pages that only read, and the one sanctioned step on a signed-off revision: starting a new
# revision (tested in test_workflow: the content is carried over, the old one is superseded).
PAGES_THAT_DO_NOT_WRITE_A_REVISION = {
    "home",
    "engagement_grid_rows",
    "engagement_new",
    "engagement_matrix",
    "engagement_review",
    "engagement_history",
    "engagement_diff",
    "engagement_audit",
    "engagement_compliance",
    "engagement_revise",
    "engagement_transition",  # like revise on a signed-off revision; tried below otherwise
    # Client pages: they save the client's assessment or start a new engagement.
    "client_assessment",
    "client_recommendation",
    "client_recommendation_start",
    # A sheet import's first steps: the upload for a new engagement, the mapping (kept in
    # the session) and cancelling it; its last step is tried above (sheet_preview).
    "sheet_upload",
    "sheet_mapping",
    "sheet_cancel",
    # People, access and who covers now: the client's directory and memberships, which no
    # revision holds (a signed revision keeps the names it was signed with).
    # Verifying a copy reads an uploaded workbook and changes nothing.
    "engagement_verify",
    "client_people",
    "client_person",
    "client_person_add",
    "client_location",
    "client_invite",
    "client_invitation_resend",
    "client_invitation_revoke",
    "client_member_remove",
    "client_on_call",
    "invitation_accept",
    # Your own account: two-factor sign-in and API tokens, which no revision holds.
    "account",
    "account_token_new",
    "account_token_revoke",
    "mfa_enrol",
    "mfa_verify",
    "mfa_recovery_new",
}


@pytest.mark.parametrize("name", sorted(PAGE_DOORS))
def test_no_page_changes_a_frozen_revision(frozen, name):
    response = assert_refused(frozen, PAGE_DOORS[name])
    assert response.status_code in (302, 400, 403, 404, 409, 422), response.status_code
    if response.status_code == 302:  # back to the page, which says why
        follow = frozen.am.get(response["Location"])
        assert follow.status_code == 200


def test_every_page_that_takes_a_post_is_tried():
    names = {pattern.name for pattern in page_urls.urlpatterns}
    assert names - PAGES_THAT_DO_NOT_WRITE_A_REVISION == set(PAGE_DOORS)


# -- the API ----------------------------------------------------------------------------------


def _matrix_body():
    return {
        "cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "C"}],
        "coverage": [{"activity": "patching.servers", "window": "after_hours", "role": None}],
    }


def _control(f: Frozen):
    return reverse("api-engagement-control-detail", args=[f.pk, f.responsibility.pk])


API_DOORS = {
    "matrix PUT": lambda f: f.api_am.put(f.api("matrix/"), _matrix_body(), HTTP_IF_MATCH=f.etag),
    "matrix PATCH": lambda f: f.api_am.patch(
        f.api("matrix/"), _matrix_body(), HTTP_IF_MATCH=f.etag
    ),
    "engagement PATCH": lambda f: f.api_am.patch(f.api(), {"title": "Renamed"}),
    "engagement DELETE": lambda f: f.api_am.delete(f.api()),
    "roles POST": lambda f: f.api_am.post(f.api("roles/"), {"name": "Vendor", "side": "vendor"}),
    "roles PATCH": lambda f: f.api_am.patch(f.api(f"roles/{f.role.pk}/"), {"name": "Renamed"}),
    "roles DELETE": lambda f: f.api_am.delete(f.api(f"roles/{f.role.pk}/")),
    "rows POST": lambda f: f.api_am.post(f.api("rows/"), {"activity": f.activity.code}),
    "rows PATCH": lambda f: f.api_am.patch(f.api(f"rows/{f.row.pk}/"), {"split_note": "x"}),
    "rows DELETE": lambda f: f.api_am.delete(f.api(f"rows/{f.row.pk}/")),
    "tools POST": lambda f: f.api_am.post("/api/tools/", {"engagement": f.pk, "name": "Vault"}),
    "tools PATCH": lambda f: f.api_am.patch(f"/api/tools/{f.tool.pk}/", {"notes": "x"}),
    "tools DELETE": lambda f: f.api_am.delete(f"/api/tools/{f.tool.pk}/"),
    "controls POST": lambda f: f.api_am.post(
        reverse("api-engagement-controls", args=[f.pk]),
        {"framework": "nist-csf-2-0", "controls": ["PR.AA-01"]},
    ),
    "controls PATCH": lambda f: f.api_am.patch(_control(f), {"origination": "msp"}),
    "controls DELETE": lambda f: f.api_am.delete(_control(f)),
    "import POST": lambda f: f.api_am.post(
        f.api("import/"),
        {"file": SimpleUploadedFile("s.xlsx", f.workbook, content_type=XLSX)},
        format="multipart",
    ),
    "submit": lambda f: f.api_am.post(f.api("submit/"), {}),
    "approve": lambda f: f.api_itm.post(f.api("approve/"), {}),
    "request-changes": lambda f: f.api_itm.post(f.api("request-changes/"), {"note": "Reopen"}),
    "comments POST": lambda f: f.api_itm.post(f.api("comments/"), {"body": "Late remark"}),
    "acknowledgements POST": lambda f: f.api_itm.post(
        f.api("acknowledgements/"), {"finding_key": GAP_KEY, "reason": "again"}
    ),
}


@pytest.mark.parametrize("name", sorted(API_DOORS))
def test_no_api_write_changes_a_frozen_revision(frozen, name):
    response = assert_refused(frozen, API_DOORS[name])
    assert response.status_code in (400, 409), (response.status_code, response.content)


def test_the_api_says_why_a_frozen_matrix_cannot_change(frozen):
    response = API_DOORS["matrix PATCH"](frozen)
    assert response.status_code == 409
    assert "can no longer change" in response.json()["detail"]


# -- the import command, the admin --------------------------------------------------------------


def _import_command(f: Frozen):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scope.xlsx"
        path.write_bytes(f.workbook)
        with pytest.raises(CommandError) as refused:
            call_command("import_engagement", str(f.pk), str(path), verbosity=0)
    return refused.value


def _admin_form(f: Frozen):
    return f.admin.post(
        reverse("admin:engagements_engagement_change", args=[f.pk]), {"title": "Renamed"}
    )


def _admin_delete(f: Frozen):
    return f.admin.post(
        reverse("admin:engagements_engagement_delete", args=[f.pk]), {"post": "yes"}
    )


def _admin_bulk_delete(model, obj_of):
    """The admin list's "delete selected" action."""

    def door(f: Frozen):
        return f.admin.post(
            reverse(f"admin:engagements_{model._meta.model_name}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj_of(f).pk], "post": "yes"},
        )

    door.__name__ = f"admin bulk delete {model.__name__}"
    return door


def _admin_revert(model, obj_of):
    """The admin's history page can "revert" an object to an older version: not this one.
    Posts back the whole form the page shows, with one text changed."""

    def door(f: Frozen):
        obj = obj_of(f)
        oldest = model.history.filter(id=obj.pk).order_by("history_date").first()
        url = reverse(
            f"admin:engagements_{model._meta.model_name}_simple_history",
            args=[obj.pk, oldest.history_id],
        )
        page = f.admin.get(url)
        if page.status_code != 200:
            return page
        form = page.context["adminform"].form
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[name] = value.pk if hasattr(value, "pk") else value
        for name in ("title", "name", "split_note"):
            if name in form.fields:
                data[name] = "Reverted"
        return f.admin.post(url, data)

    door.__name__ = f"admin revert {model.__name__}"
    return door


OTHER_DOORS = {
    "import command": _import_command,
    "admin change form": _admin_form,
    "admin delete": _admin_delete,
    "admin bulk delete engagement": _admin_bulk_delete(Engagement, lambda f: f.engagement),
    "admin bulk delete role": _admin_bulk_delete(Role, lambda f: f.role),
    "admin bulk delete tool": _admin_bulk_delete(Tool, lambda f: f.tool),
    "admin revert engagement": _admin_revert(Engagement, lambda f: f.engagement),
    "admin revert role": _admin_revert(Role, lambda f: f.role),
    "admin revert row": _admin_revert(MatrixRow, lambda f: f.row),
    "admin revert tool": _admin_revert(Tool, lambda f: f.tool),
}


@pytest.mark.parametrize("name", sorted(OTHER_DOORS))
def test_no_command_or_admin_form_changes_a_frozen_revision(frozen, name):
    outcome = assert_refused(frozen, OTHER_DOORS[name])
    if isinstance(outcome, CommandError):
        assert "can no longer change" in str(outcome) or "not a draft" in str(outcome).lower()
    elif "bulk" in name:  # the list comes back: the action is not offered for these
        assert outcome.status_code == 200
        assert 'value="delete_selected"' not in outcome.content.decode()
    else:
        assert outcome.status_code == 403, outcome.status_code


def test_the_admin_shows_a_frozen_revision_read_only(frozen):
    response = frozen.admin.get(reverse("admin:engagements_engagement_change", args=[frozen.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert "Save and continue editing" not in response.content.decode()


# -- a service call from a shell ---------------------------------------------------------------


def _s(service, /, **kwargs):
    def call(f: Frozen):
        arguments = {key: value(f) if callable(value) else value for key, value in kwargs.items()}
        return getattr(services, service)(by=f.superuser, **arguments)

    return call


def _e(f):
    return Engagement.objects.get(pk=f.pk)


SERVICES = {
    "activity_create_custom": _s(
        "activity_create_custom",
        engagement=_e,
        domain=lambda f: Domain.objects.first(),
        name="Water the plants",
    ),
    "assignment_set": _s(
        "assignment_set", engagement=_e, row=lambda f: f.row, role=lambda f: f.role, letters="C"
    ),
    "response_targets_set": _s(
        "response_targets_set", row=lambda f: f.row, targets={"business_hours": 30}
    ),
    "coverage_set": _s(
        "coverage_set", engagement=_e, row=lambda f: f.row, window=Window.AFTER_HOURS, role=None
    ),
    "coverage_bulk_set": _s(
        "coverage_bulk_set",
        engagement=_e,
        changes=lambda f: [(f.row, Window.AFTER_HOURS, None)],
    ),
    "matrix_cells_merge": _s(
        "matrix_cells_merge",
        engagement=_e,
        edits=lambda f: [services.CellEdit(row=f.row, role=f.role, letters="C", was="")],
    ),
    "matrix_letter_set": _s(
        "matrix_letter_set",
        engagement=_e,
        rows=lambda f: [f.row],
        role=lambda f: f.role,
        letter="I",
    ),
    "matrix_cells_set": _s(
        "matrix_cells_set",
        engagement=_e,
        changes=lambda f: [services.CellChange(row=f.row, role=f.role, letters="C")],
    ),
    "matrix_changes_apply": _s(
        "matrix_changes_apply",
        engagement=_e,
        changes=lambda f: services.MatrixChanges(
            cells=[services.CellChange(row=f.row, role=f.role, letters="C")],
            coverage=[services.CoverageChange(f.row, Window.AFTER_HOURS, None)],
            rows={f.row: {"split_note": "x"}},
            tools_remove=[f.tool],
        ),
    ),
    "role_add": _s("role_add", engagement=_e, name="Vendor", side="vendor"),
    "role_update": _s("role_update", role=lambda f: f.role, name="Renamed"),
    "role_remove": _s("role_remove", role=lambda f: f.role),
    "row_add": _s("row_add", engagement=_e, activity=lambda f: f.activity),
    "row_update": _s("row_update", row=lambda f: f.row, split_note="x"),
    "row_remove": _s("row_remove", row=lambda f: f.row),
    "tool_add": _s("tool_add", engagement=_e, name="Vault"),
    "tool_update": _s("tool_update", tool=lambda f: f.tool, notes="x"),
    "tool_remove": _s("tool_remove", tool=lambda f: f.tool),
    "engagement_update": _s("engagement_update", engagement=_e, title="Renamed"),
    "engagement_delete": _s("engagement_delete", engagement=_e),
    "engagement_touch": lambda f: services.engagement_touch(_e(f), by=f.superuser),
    "engagement_ensure_editable": lambda f: services.engagement_ensure_editable(_e(f)),
    "controls_select": _s(
        "controls_select",
        engagement=_e,
        framework=lambda f: f.responsibility.control.framework,
        controls=lambda f: [f.responsibility.control.framework.controls.get(control_id="PR.AA-01")],
    ),
    "controls_deselect": _s(
        "controls_deselect", engagement=_e, responsibilities=lambda f: [f.responsibility]
    ),
    "control_responsibility_update": _s(
        "control_responsibility_update",
        responsibility=lambda f: ControlResponsibility.objects.get(pk=f.responsibility.pk),
        origination="msp",
    ),
    "engagement_transition": _s(
        "engagement_transition",
        engagement=_e,
        to_model=ServiceModel.FULLY_MANAGED,
        domains=lambda f: [Domain.objects.first().code],
    ),
    "engagement_submit": _s("engagement_submit", engagement=_e),
    "engagement_approve": _s("engagement_approve", engagement=_e),
    "engagement_request_changes": _s("engagement_request_changes", engagement=_e, note="Reopen"),
    "comment_add": _s("comment_add", engagement=_e, body="Late remark"),
    "finding_acknowledge": _s(
        "finding_acknowledge", engagement=_e, finding_key=GAP_KEY, reason="again"
    ),
    "finding_unacknowledge": _s("finding_unacknowledge", engagement=_e, finding_key=GAP_KEY),
}
# Workflow steps refuse with InvalidTransition ("the workflow does not allow this step now");
# everything that would change the content refuses with EngagementFrozen.
WORKFLOW = {
    "engagement_transition",  # on a superseded revision (on a signed-off one, see below)
    "engagement_submit",
    "engagement_approve",
    "engagement_request_changes",
    "comment_add",
    "finding_acknowledge",
    "finding_unacknowledge",
}
# Starting a new revision is the one sanctioned step on a signed-off revision: it copies the
# content into a new draft and marks the old one superseded (see test_workflow). On a
# superseded revision it is refused like everything else.
NEW_REVISION = {"engagement_revise"}
# The transition moves a signed-off revision's *copy* to the other model.
REVISES_WHEN_SIGNED_OFF = {"engagement_transition"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_no_service_call_changes_a_frozen_revision(frozen, name):
    if name in REVISES_WHEN_SIGNED_OFF and frozen.engagement.status == Status.SIGNED_OFF:
        assert_copied_into_a_new_revision(frozen, SERVICES[name])
        return
    expected = InvalidTransition if name in WORKFLOW else EngagementFrozen

    def door(f):
        with pytest.raises(expected):
            SERVICES[name](f)

    door.__name__ = name
    assert_refused(frozen, door)


def _domain_code(f: Frozen) -> str:
    return f.row.activity.domain.code


NEW_REVISION_DOORS = {
    "page revise": lambda f: f.am.post(f.page("revise/"), {"revise-note": "again"}),
    "page transition": lambda f: f.am.post(
        f.page("transition/"), {"domains": [_domain_code(f)], "note": "again"}
    ),
    "API transition": lambda f: f.api_am.post(
        f.api("transition/"), {"domains": [_domain_code(f)], "note": "again"}
    ),
}


@pytest.mark.parametrize("name", sorted(NEW_REVISION_DOORS))
def test_revising_or_moving_copies_a_signed_off_revision_and_refuses_a_superseded_one(frozen, name):
    """A signed-off revision is copied into a new draft and left as it was; a superseded
    one already has its successor, so nothing happens."""
    if frozen.engagement.status == Status.SIGNED_OFF:
        assert_copied_into_a_new_revision(frozen, NEW_REVISION_DOORS[name])
        return
    response = assert_refused(frozen, NEW_REVISION_DOORS[name])
    assert response.status_code in (302, 400, 409), response.status_code


def test_the_revise_service_copies_a_signed_off_revision_and_refuses_a_superseded_one(frozen):
    def revise(f):
        return services.engagement_revise(engagement=_e(f), by=f.superuser)

    if frozen.engagement.status == Status.SIGNED_OFF:
        assert_copied_into_a_new_revision(frozen, revise)
        return

    def door(f):
        with pytest.raises(InvalidTransition):
            revise(f)

    assert_refused(frozen, door)


ENGAGEMENT_ARGUMENTS = {"engagement", "role", "row", "tool", "responsibility"}


def test_every_service_that_takes_an_engagement_is_tried():
    taking = {
        name
        for name in services.__all__
        if inspect.isfunction(function := getattr(services, name))
        and ENGAGEMENT_ARGUMENTS & set(inspect.signature(function).parameters)
    }
    assert taking - NEW_REVISION == set(SERVICES)
