"""Page URLs. /engagements/<pk>/ and /engagements/<pk>/review/ are a contract: the
notification emails link there."""

from django.urls import path

from engagements import views

E = "engagements/<int:pk>/"
C = "clients/<int:client_pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    # your account: two-factor sign-in and API tokens (the /accounts/mfa/ pages are open to
    # a session that still owes its second factor; the others are not)
    path("account/", views.account_page, name="account"),
    path("account/recovery-codes/", views.recovery_codes_new, name="mfa_recovery_new"),
    path("account/tokens/", views.token_new, name="account_token_new"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="account_token_revoke"),
    path("accounts/mfa/enrol/", views.mfa_enrol, name="mfa_enrol"),
    path("accounts/mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("engagements/new/", views.engagement_new, name="engagement_new"),
    # bring your own spreadsheet: upload, mapping, preview, then the draft
    path("engagements/new/from-sheet/", views.sheet_upload, name="sheet_upload"),
    path("sheets/<str:token>/mapping/", views.sheet_mapping, name="sheet_mapping"),
    path("sheets/<str:token>/preview/", views.sheet_preview, name="sheet_preview"),
    path("sheets/<str:token>/cancel/", views.sheet_cancel, name="sheet_cancel"),
    # choosing a model: the client's questionnaire and what it recommends
    path("clients/<int:client_pk>/assessment/", views.assessment_page, name="client_assessment"),
    path(
        "clients/<int:client_pk>/recommendation/",
        views.recommendation_page,
        name="client_recommendation",
    ),
    path(
        "clients/<int:client_pk>/recommendation/start/",
        views.recommendation_start,
        name="client_recommendation_start",
    ),
    # the client's people, who has access, where it works (public holidays); who covers now
    path(C + "people/", views.people_page, name="client_people"),
    path(C + "people/add/", views.person_add, name="client_person_add"),
    path(C + "people/<int:person_id>/", views.person_page, name="client_person"),
    path(C + "holidays/", views.location_set, name="client_location"),
    path(C + "invitations/", views.invitation_add, name="client_invite"),
    path(
        C + "invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="client_invitation_resend",
    ),
    path(
        C + "invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="client_invitation_revoke",
    ),
    path(
        C + "members/<int:membership_id>/remove/", views.member_remove, name="client_member_remove"
    ),
    path(C + "on-call/", views.on_call_page, name="client_on_call"),
    path("invitations/<str:token>/", views.invitation_accept_page, name="invitation_accept"),
    path(E, views.matrix_page, name="engagement_matrix"),
    path(E + "review/", views.review_page, name="engagement_review"),
    path(E + "history/", views.history_page, name="engagement_history"),
    path(E + "diff/", views.diff_page, name="engagement_diff"),
    path(E + "audit/", views.audit_page, name="engagement_audit"),
    path(E + "transition/", views.transition_page, name="engagement_transition"),
    # the matrix
    path(E + "cells/", views.cells_save, name="engagement_cells"),
    path(E + "grid/save/", views.grid_save, name="engagement_grid_save"),
    path(E + "grid/rows/", views.grid_rows, name="engagement_grid_rows"),
    path(E + "grid/bulk/", views.grid_bulk, name="engagement_grid_bulk"),
    path(E + "cells/<int:row_id>/<int:role_id>/", views.cell_save, name="engagement_cell"),
    path(E + "rows/<int:row_id>/", views.row_page, name="engagement_row"),
    path(E + "rows/<int:row_id>/remove/", views.row_remove, name="engagement_row_remove"),
    path(E + "rows/add/", views.row_add, name="engagement_row_add"),
    path(E + "activities/add/", views.activity_add, name="engagement_activity_add"),
    path(E + "roles/add/", views.role_add, name="engagement_role_add"),
    path(E + "roles/<int:role_id>/", views.role_update, name="engagement_role_update"),
    path(E + "roles/<int:role_id>/remove/", views.role_remove, name="engagement_role_remove"),
    path(E + "tools/add/", views.tool_add, name="engagement_tool_add"),
    path(E + "tools/<int:tool_id>/", views.tool_update, name="engagement_tool_update"),
    path(E + "tools/<int:tool_id>/remove/", views.tool_remove, name="engagement_tool_remove"),
    path(E + "details/", views.details_update, name="engagement_details"),
    path(E + "import/", views.import_page, name="engagement_import"),
    path(E + "from-sheet/", views.sheet_upload, name="engagement_sheet_upload"),
    path(E + "verify/", views.verify_page, name="engagement_verify"),
    # compliance controls
    path(E + "compliance/", views.compliance_page, name="engagement_compliance"),
    path(E + "compliance/select/", views.controls_select, name="engagement_controls_select"),
    path(E + "compliance/deselect/", views.controls_deselect, name="engagement_controls_deselect"),
    path(E + "compliance/<int:control_id>/", views.control_edit, name="engagement_control_edit"),
    # review and workflow
    path(E + "submit/", views.submit, name="engagement_submit"),
    path(E + "approve/", views.approve, name="engagement_approve"),
    path(E + "request-changes/", views.request_changes, name="engagement_request_changes"),
    path(E + "revise/", views.revise, name="engagement_revise"),
    path(E + "comments/", views.comment_add, name="engagement_comment"),
    path(E + "acknowledge/", views.acknowledge, name="engagement_acknowledge"),
    path(E + "unacknowledge/", views.unacknowledge, name="engagement_unacknowledge"),
]
