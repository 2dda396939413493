"""Every write in the product. Doors (pages, API, importer, admin, commands) call these."""

from engagements.services.assessment import assessment_save, engagement_start_from_recommendation
from engagements.services.cells import (
    CellChange,
    CellConflict,
    CellEdit,
    CellsConflicted,
    CoverageChange,
    assignment_set,
    coverage_bulk_set,
    coverage_set,
    matrix_cells_merge,
    matrix_cells_set,
    matrix_letter_set,
)
from engagements.services.changes import MatrixChanges, MatrixChangesApplied, matrix_changes_apply
from engagements.services.common import engagement_ensure_editable, engagement_touch, name_key
from engagements.services.compliance import (
    CatalogLoadResult,
    catalog_load,
    control_responsibility_update,
    controls_deselect,
    controls_select,
)
from engagements.services.engagements import (
    client_create,
    engagement_create,
    engagement_delete,
    engagement_update,
    membership_set,
    msp_organisation_set,
)
from engagements.services.findings_counts import (
    findings_counts_forget,
    findings_counts_refresh,
    findings_counts_refresh_after_commit,
    findings_counts_refresh_with_change,
)
from engagements.services.invitations import (
    InvitationInvalid,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    membership_remove,
)
from engagements.services.mfa import mfa_reset
from engagements.services.people import client_location_set, person_create, person_update
from engagements.services.roles import role_add, role_remove, role_update
from engagements.services.rows import activity_create_custom, row_add, row_remove, row_update
from engagements.services.targets import response_targets_set
from engagements.services.tools import TOOL_FIELDS, tool_add, tool_remove, tool_update
from engagements.services.transitions import TransitionResult, engagement_transition
from engagements.services.workflow import (
    comment_add,
    engagement_approve,
    engagement_request_changes,
    engagement_revise,
    engagement_submit,
    finding_acknowledge,
    finding_unacknowledge,
)

__all__ = [
    "mfa_reset",
    "TransitionResult",
    "assessment_save",
    "engagement_start_from_recommendation",
    "engagement_transition",
    "CellChange",
    "CellConflict",
    "CellEdit",
    "CellsConflicted",
    "CoverageChange",
    "MatrixChanges",
    "MatrixChangesApplied",
    "TOOL_FIELDS",
    "activity_create_custom",
    "assignment_set",
    "client_create",
    "comment_add",
    "coverage_bulk_set",
    "coverage_set",
    "engagement_approve",
    "engagement_create",
    "engagement_delete",
    "engagement_ensure_editable",
    "engagement_request_changes",
    "engagement_revise",
    "engagement_submit",
    "engagement_touch",
    "engagement_update",
    "finding_acknowledge",
    "finding_unacknowledge",
    "findings_counts_forget",
    "findings_counts_refresh",
    "findings_counts_refresh_after_commit",
    "findings_counts_refresh_with_change",
    "matrix_cells_merge",
    "matrix_cells_set",
    "matrix_letter_set",
    "matrix_changes_apply",
    "name_key",
    "membership_set",
    "InvitationInvalid",
    "client_location_set",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "membership_remove",
    "person_create",
    "person_update",
    "response_targets_set",
    "msp_organisation_set",
    "role_add",
    "role_remove",
    "role_update",
    "row_add",
    "row_remove",
    "row_update",
    "tool_add",
    "tool_remove",
    "tool_update",
    "CatalogLoadResult",
    "catalog_load",
    "control_responsibility_update",
    "controls_deselect",
    "controls_select",
]
