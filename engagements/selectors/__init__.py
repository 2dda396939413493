"""Every read a user makes, scoped to what that user may see; and loading a matrix.

An account manager sees the clients assigned to them; a client IT manager sees their own
company; a superuser sees everything. Anything else does not exist for that user: doors
answer 404, never 403, so nobody learns what another client has.
"""

from engagements.selectors.advice import (
    assessment_list,
    assessment_of,
    recommendation_for_client,
)
from engagements.selectors.audit import engagement_audit_trail
from engagements.selectors.catalog import addable_activity_list, framework_by_code
from engagements.selectors.clients import (
    client_listing,
    current_engagement_list,
    managed_client_ids,
)
from engagements.selectors.compliance import (
    control_list,
    control_responsibility_list,
    framework_list,
)
from engagements.selectors.engagements import (
    acknowledgement_list,
    assignment_list,
    client_for_user,
    client_list,
    comment_list,
    domain_list,
    engagement_list,
    managed_client_list,
    matrix_row_list,
    role_list,
    tool_list,
    workflow_event_list,
)
from engagements.selectors.findings_counts import (
    engagements_with_errors,
    findings_counts,
    findings_totals,
)
from engagements.selectors.grid import cells_changed_since
from engagements.selectors.matrix import load_matrices, load_matrix, load_matrix_rows
from engagements.selectors.oncall import agreed_row, scope_activities
from engagements.selectors.parts import (
    engagement_role_list,
    engagement_row_list,
    engagement_tool_list,
    selected_control_list,
)
from engagements.selectors.people import (
    client_access,
    person_for_user,
    person_list,
    person_mentions,
)
from engagements.selectors.portfolio import portfolio_findings_summary
from engagements.selectors.review import (
    comment_counts,
    comment_thread,
    reviewer_list,
    revision_comment_list,
    revision_event_list,
    revision_history,
)
from engagements.selectors.revisions import (
    changes_since_signed,
    revision_diff_for,
    revision_list,
    revision_pair,
    revision_signed_before,
)

__all__ = [
    "cells_changed_since",
    "agreed_row",
    "acknowledgement_list",
    "addable_activity_list",
    "assessment_list",
    "assessment_of",
    "assignment_list",
    "client_access",
    "client_for_user",
    "client_list",
    "client_listing",
    "comment_counts",
    "comment_list",
    "comment_thread",
    "control_list",
    "control_responsibility_list",
    "current_engagement_list",
    "domain_list",
    "engagement_audit_trail",
    "engagement_list",
    "engagement_role_list",
    "engagement_row_list",
    "engagement_tool_list",
    "engagements_with_errors",
    "findings_counts",
    "findings_totals",
    "framework_by_code",
    "framework_list",
    "load_matrices",
    "load_matrix",
    "load_matrix_rows",
    "managed_client_ids",
    "managed_client_list",
    "matrix_row_list",
    "person_for_user",
    "person_list",
    "person_mentions",
    "portfolio_findings_summary",
    "recommendation_for_client",
    "reviewer_list",
    "revision_comment_list",
    "revision_diff_for",
    "revision_signed_before",
    "changes_since_signed",
    "revision_event_list",
    "revision_history",
    "revision_list",
    "revision_pair",
    "scope_activities",
    "role_list",
    "selected_control_list",
    "tool_list",
    "workflow_event_list",
]
