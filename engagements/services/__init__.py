"""Every write in the product. Doors (pages, API, importer, admin, commands) call these."""

from engagements.services.common import engagement_ensure_editable, engagement_touch
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
)
from engagements.services.matrix import (
    CellChange,
    activity_create_custom,
    assignment_set,
    coverage_bulk_set,
    coverage_set,
    matrix_cells_set,
    role_add,
    role_remove,
    role_update,
    row_add,
    row_remove,
    row_update,
    tool_add,
    tool_remove,
    tool_update,
)
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
    "CellChange",
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
    "matrix_cells_set",
    "membership_set",
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

# -- model assessment, recommendation and transitions (issue 8) ------------------------------
from engagements.services.assessment import assessment_save, engagement_start_from_recommendation  # noqa: E402
from engagements.services.transitions import TransitionResult, engagement_transition  # noqa: E402

__all__ += [
    "TransitionResult",
    "assessment_save",
    "engagement_start_from_recommendation",
    "engagement_transition",
]
