"""API fixtures: a logged-in API client per person, and a snapshot of everything a write
could touch, to assert that a refused request changed nothing."""

import pytest
from rest_framework.test import APIClient

from engagements.models import (
    Activity,
    Assignment,
    Comment,
    Coverage,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    Side,
    Tool,
    WorkflowEvent,
)
from tests.factories import (
    AssignmentFactory,
    CoverageFactory,
    EngagementFactory,
    MatrixRowFactory,
    RoleFactory,
    ToolFactory,
)


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def am(account_manager):
    """acme's account manager."""
    return api_client(account_manager)


@pytest.fixture
def itm(client_it_manager):
    """acme's IT manager."""
    return api_client(client_it_manager)


@pytest.fixture
def other_am(other_account_manager):
    """globex's account manager: acme does not exist for them."""
    return api_client(other_account_manager)


@pytest.fixture
def other_itm(other_client_it_manager):
    return api_client(other_client_it_manager)


@pytest.fixture
def admin(admin_user):
    return api_client(admin_user)


def snapshot(engagement: Engagement) -> dict:
    """Everything about one engagement a request could change."""
    fresh = Engagement.objects.get(pk=engagement.pk)
    return {
        "engagement": (
            fresh.title,
            fresh.status,
            fresh.version,
            fresh.business_days,
            fresh.business_start,
            fresh.business_end,
            fresh.effective_from,
            fresh.effective_to,
        ),
        "roles": sorted(
            Role.objects.filter(engagement=engagement).values_list(
                "id", "name", "side", "person_name", "absence_backup_id", "order"
            )
        ),
        "rows": sorted(
            MatrixRow.objects.filter(engagement=engagement).values_list(
                "id", "activity_id", "in_scope", "split_note", "coverage_need"
            )
        ),
        "cells": sorted(
            Assignment.objects.filter(row__engagement=engagement).values_list(
                "row_id", "role_id", "letters"
            )
        ),
        "coverage": sorted(
            Coverage.objects.filter(row__engagement=engagement).values_list(
                "row_id", "window", "role_id"
            )
        ),
        "tools": sorted(
            Tool.objects.filter(engagement=engagement).values_list(
                "id", "name", "owner_side", "exit_fate", "administered_by_id", "notes"
            )
        ),
        "comments": Comment.objects.filter(engagement=engagement).count(),
        "acknowledgements": FindingAcknowledgement.objects.filter(engagement=engagement).count(),
        "events": WorkflowEvent.objects.filter(engagement=engagement).count(),
        "engagements": Engagement.objects.count(),
    }


@pytest.fixture
def unchanged():
    """Assert that a block of requests changed nothing about an engagement:

    with unchanged(co_managed):
        response = other_am.patch(...)
    """
    from contextlib import contextmanager

    @contextmanager
    def check(engagement):
        before = snapshot(engagement)
        yield
        assert snapshot(engagement) == before

    return check


GAP_KEY = "GAP_NO_ACCOUNTABLE:activity=patching.servers"


def cell(engagement, activity: str, role: str) -> str:
    """The stored letters of one cell ("" when empty)."""
    found = Assignment.objects.filter(
        row__engagement=engagement, row__activity__code=activity, role__name=role
    ).first()
    return found.letters if found else ""


def make_gap(engagement, by):
    """Nobody Accountable for patching servers: a GAP_NO_ACCOUNTABLE error (key GAP_KEY)."""
    from engagements import services

    row = MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers")
    changes = [
        services.CellChange(row=row, role=a.role, letters=a.letters.replace("A", "") or "I")
        for a in Assignment.objects.filter(row=row).select_related("role")
    ]
    services.matrix_cells_set(engagement=engagement, changes=changes, by=by)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def in_review(co_managed, account_manager):
    from engagements import services

    return services.engagement_submit(engagement=co_managed, by=account_manager)


@pytest.fixture
def signed_off(in_review, client_it_manager):
    from engagements import services

    return services.engagement_approve(engagement=in_review, by=client_it_manager)


@pytest.fixture
def small_draft(acme, account_manager):
    """A small draft of acme's (cheaper to build than a template's 71 rows for each of the
    schema's operations): two roles, three rows with cells and coverage, a tool, a comment."""
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    noc = RoleFactory(engagement=engagement, name="MSP NOC", side=Side.MSP)
    itm = RoleFactory(engagement=engagement, name="Client IT manager", side=Side.INTERNAL)
    for code in ("patching.servers", "helpdesk.tier1", "security.edr"):
        row = MatrixRowFactory(engagement=engagement, activity=Activity.objects.get(code=code))
        AssignmentFactory(row=row, role=noc, letters="AR")
        AssignmentFactory(row=row, role=itm, letters="I")
        CoverageFactory(row=row, role=noc)
    ToolFactory(engagement=engagement, administered_by=noc)
    Comment.objects.create(engagement=engagement, author=account_manager, body="Hello")
    return engagement
