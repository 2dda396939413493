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
from engagements.selectors.findings_counts import findings_counts
from engagements.selectors.matrix import load_matrices, load_matrix, load_matrix_rows
from engagements.selectors.portfolio import portfolio_findings_summary
from engagements.selectors.revisions import revision_diff_for, revision_list, revision_pair

__all__ = [
    "acknowledgement_list",
    "assessment_list",
    "assessment_of",
    "assignment_list",
    "client_for_user",
    "client_list",
    "comment_list",
    "control_list",
    "control_responsibility_list",
    "domain_list",
    "engagement_audit_trail",
    "engagement_list",
    "findings_counts",
    "framework_list",
    "load_matrices",
    "load_matrix",
    "load_matrix_rows",
    "managed_client_list",
    "matrix_row_list",
    "portfolio_findings_summary",
    "recommendation_for_client",
    "revision_diff_for",
    "revision_list",
    "revision_pair",
    "role_list",
    "tool_list",
    "workflow_event_list",
]
