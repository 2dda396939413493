"""The web pages. Thin doors: reads through selectors, writes through services inside
`through(Door.PAGE)`, refusals shown on the page."""

from engagements.views.account import (
    account_page,
    mfa_enrol,
    mfa_verify,
    recovery_codes_new,
    token_new,
    token_revoke,
)
from engagements.views.activities import activity_add, row_add, row_remove
from engagements.views.advice import (
    assessment_page,
    recommendation_page,
    recommendation_start,
    transition_page,
)
from engagements.views.audit import audit_page
from engagements.views.cells import cell_save, cells_save
from engagements.views.compliance import (
    compliance_page,
    control_edit,
    controls_deselect,
    controls_select,
)
from engagements.views.details import details_update
from engagements.views.exchange import import_page, verify_page
from engagements.views.grid import grid_bulk, grid_rows, grid_save
from engagements.views.matrix import matrix_page, row_page
from engagements.views.onramp import sheet_cancel, sheet_mapping, sheet_preview, sheet_upload
from engagements.views.people import (
    invitation_accept_page,
    invitation_add,
    invitation_resend,
    invitation_revoke,
    location_set,
    member_remove,
    on_call_page,
    people_page,
    person_add,
    person_page,
)
from engagements.views.portfolio import engagement_new, home
from engagements.views.review import (
    acknowledge,
    approve,
    comment_add,
    request_changes,
    review_page,
    revise,
    submit,
    unacknowledge,
)
from engagements.views.revisions import diff_page, history_page
from engagements.views.roles import role_add, role_remove, role_update
from engagements.views.tools import tool_add, tool_remove, tool_update

__all__ = [
    "account_page",
    "mfa_enrol",
    "mfa_verify",
    "recovery_codes_new",
    "token_new",
    "token_revoke",
    "invitation_accept_page",
    "invitation_add",
    "invitation_resend",
    "invitation_revoke",
    "location_set",
    "member_remove",
    "on_call_page",
    "people_page",
    "person_add",
    "person_page",
    "acknowledge",
    "activity_add",
    "approve",
    "assessment_page",
    "audit_page",
    "cell_save",
    "cells_save",
    "grid_bulk",
    "grid_rows",
    "grid_save",
    "comment_add",
    "compliance_page",
    "control_edit",
    "controls_deselect",
    "controls_select",
    "details_update",
    "diff_page",
    "engagement_new",
    "history_page",
    "home",
    "import_page",
    "verify_page",
    "matrix_page",
    "recommendation_page",
    "recommendation_start",
    "request_changes",
    "review_page",
    "revise",
    "role_add",
    "role_remove",
    "role_update",
    "row_add",
    "row_page",
    "row_remove",
    "sheet_cancel",
    "sheet_mapping",
    "sheet_preview",
    "sheet_upload",
    "submit",
    "tool_add",
    "tool_remove",
    "tool_update",
    "transition_page",
    "unacknowledge",
]
