"""Draft -> in review -> signed off -> superseded, and who may move it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.errors import InvalidTransition
from engagements.models import (
    Assignment,
    Coverage,
    Engagement,
    MatrixRow,
    Role,
    Status,
    Tool,
    Transition,
)
from engagements.selectors.matrix import load_matrix
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def _row(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def _snapshot(engagement):
    data = load_matrix(engagement)
    roles = {r.id: r.name for r in data.roles}
    rows = {r.id: r.activity.code for r in data.rows}
    return {
        "roles": sorted(
            (r.name, r.side, r.person_name, r.absence_backup.name if r.absence_backup else "")
            for r in data.roles
        ),
        "rows": sorted(
            (r.activity.code, r.in_scope, r.split_note, r.coverage_need) for r in data.rows
        ),
        "cells": sorted((rows[row], roles[role], v) for (row, role), v in data.cells.items()),
        "coverage": sorted((rows[row], w, roles[role]) for (row, w), role in data.coverage.items()),
        "tools": sorted(
            (t.name, t.owner_side, t.exit_fate, t.administered_by.name if t.administered_by else "")
            for t in data.tools
        ),
    }


def test_submitting_puts_a_draft_in_review_and_emails_the_client(
    co_managed, account_manager, client_it_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_submit(engagement=co_managed, by=account_manager)
    co_managed.refresh_from_db()
    assert co_managed.status == Status.IN_REVIEW
    assert co_managed.workflow_events.last().transition == Transition.SUBMIT
    assert [m.to for m in mail.outbox] == [[client_it_manager.email]]
    assert f"/engagements/{co_managed.pk}/review/" in mail.outbox[0].body


def test_approval_records_who_and_when_and_freezes(
    co_managed, account_manager, client_it_manager, django_capture_on_commit_callbacks
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    assert co_managed.status == Status.SIGNED_OFF
    assert co_managed.signed_off_by == client_it_manager
    assert co_managed.signed_off_at is not None
    assert co_managed.is_frozen
    assert mail.outbox[-1].to == [account_manager.email]


def test_approval_is_refused_while_errors_remain_unacknowledged(
    co_managed, account_manager, client_it_manager
):
    row = _row(co_managed, "patching.servers")
    services.assignment_set(
        engagement=co_managed,
        row=row,
        role=Role.objects.get(engagement=co_managed, name="Client IT manager"),
        letters="",
        by=account_manager,
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(InvalidTransition, match="1 error"):
        services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    assert Engagement.objects.get(pk=co_managed.pk).status == Status.IN_REVIEW
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key="GAP_NO_ACCOUNTABLE:activity=patching.servers",
        reason="The NOC's change board answers for server patches until Q3.",
        by=client_it_manager,
    )
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    assert Engagement.objects.get(pk=co_managed.pk).status == Status.SIGNED_OFF


def test_an_acknowledgement_needs_a_reason_and_a_real_error(co_managed, client_it_manager):
    with pytest.raises(ValidationError) as error:
        services.finding_acknowledge(
            engagement=co_managed, finding_key="X:activity=y", reason="  ", by=client_it_manager
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.finding_acknowledge(
            engagement=co_managed, finding_key="X:activity=y", reason="ok", by=client_it_manager
        )
    assert "finding_key" in error.value.message_dict


def test_the_account_manager_cannot_approve_their_own_scope(co_managed, account_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(PermissionDenied):
        services.engagement_approve(engagement=co_managed, by=account_manager, **SIGNATURE)


def test_request_changes_needs_a_note_and_returns_to_draft(
    co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    with pytest.raises(ValidationError):
        services.engagement_request_changes(engagement=co_managed, by=client_it_manager, note="")
    services.engagement_request_changes(
        engagement=co_managed, by=client_it_manager, note="Our sysadmin owns firmware."
    )
    co_managed.refresh_from_db()
    assert co_managed.status == Status.DRAFT
    assert co_managed.workflow_events.last().note == "Our sysadmin owns firmware."


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Status.DRAFT),
        ("request_changes", Status.DRAFT),
        ("revise", Status.DRAFT),
        ("submit", Status.IN_REVIEW),
        ("revise", Status.IN_REVIEW),
    ],
)
def test_a_transition_the_status_does_not_allow_is_refused(
    co_managed, account_manager, client_it_manager, action, status
):
    if status == Status.IN_REVIEW:
        services.engagement_submit(engagement=co_managed, by=account_manager)
    calls = {
        "approve": lambda: services.engagement_approve(
            engagement=co_managed, by=client_it_manager, **SIGNATURE
        ),
        "request_changes": lambda: services.engagement_request_changes(
            engagement=co_managed, by=client_it_manager, note="x"
        ),
        "revise": lambda: services.engagement_revise(engagement=co_managed, by=account_manager),
        "submit": lambda: services.engagement_submit(engagement=co_managed, by=account_manager),
    }
    with pytest.raises(InvalidTransition):
        calls[action]()
    assert Engagement.objects.get(pk=co_managed.pk).status == status


def test_revising_copies_the_matrix_exactly_and_supersedes_the_old_revision(
    co_managed, account_manager, client_it_manager
):
    services.role_update(
        role=Role.objects.get(engagement=co_managed, name="MSP NOC"),
        person_name="Night shift lead",
        by=account_manager,
    )
    services.row_update(row=_row(co_managed, "cloud.iaas"), in_scope=False, by=account_manager)
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    co_managed.refresh_from_db()
    assert co_managed.status == Status.SUPERSEDED
    assert (new.revision, new.status, new.previous_revision) == (2, Status.DRAFT, co_managed)
    assert _snapshot(new) == _snapshot(co_managed)
    assert (
        Assignment.objects.filter(row__engagement=new).count()
        == Assignment.objects.filter(row__engagement=co_managed).count()
    )
    assert Coverage.objects.filter(row__engagement=new).exists()
    assert Tool.objects.filter(engagement=new).count() == 5


def test_deleting_a_revised_draft_makes_the_signed_revision_current_again(
    co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    services.engagement_delete(engagement=new, by=account_manager)
    co_managed.refresh_from_db()
    assert co_managed.status == Status.SIGNED_OFF
    assert not Engagement.objects.filter(pk=new.pk).exists()


def test_comments_are_refused_on_a_signed_revision(co_managed, account_manager, client_it_manager):
    services.comment_add(engagement=co_managed, by=client_it_manager, body="Looks right.")
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    with pytest.raises(InvalidTransition):
        services.comment_add(engagement=co_managed, by=client_it_manager, body="One more thing")
    assert co_managed.comments.count() == 1


def test_an_empty_comment_is_a_field_error(co_managed, client_it_manager):
    with pytest.raises(ValidationError) as error:
        services.comment_add(engagement=co_managed, by=client_it_manager, body="   ")
    assert "body" in error.value.message_dict
