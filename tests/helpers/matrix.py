"""Finding a row, a role or a cell the way a person names them, and a snapshot of everything
a request could change, to assert that a refused one changed nothing."""

from engagements import services
from engagements.models import (
    Assignment,
    Comment,
    Coverage,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    Tool,
    WorkflowEvent,
)


def row_of(engagement, code) -> MatrixRow:
    return MatrixRow.objects.select_related("activity").get(
        engagement=engagement, activity__code=code
    )


def role_of(engagement, name) -> Role:
    return Role.objects.get(engagement=engagement, name=name)


def letters(row, role) -> str:
    """The stored letters of one cell, by row and role objects ("" when empty)."""
    assignment = row.assignments.filter(role=role).first()
    return assignment.letters if assignment else ""


GAP_KEY = "GAP_NO_ACCOUNTABLE:activity=patching.servers"


def cell(engagement, activity: str, role: str) -> str:
    """The stored letters of one cell ("" when empty)."""
    found = Assignment.objects.filter(
        row__engagement=engagement, row__activity__code=activity, role__name=role
    ).first()
    return found.letters if found else ""


def make_gap(engagement, by):
    """Nobody Accountable for patching servers: a GAP_NO_ACCOUNTABLE error (key GAP_KEY)."""
    row = MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers")
    changes = [
        services.CellChange(row=row, role=a.role, letters=a.letters.replace("A", "") or "I")
        for a in Assignment.objects.filter(row=row).select_related("role")
    ]
    services.matrix_cells_set(engagement=engagement, changes=changes, by=by)
    engagement.refresh_from_db()
    return engagement


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
