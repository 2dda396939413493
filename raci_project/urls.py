from django.contrib import admin
from django.urls import include, path

from engagements.api import compliance as compliance_api
from engagements.api import workbook as workbook_api

urlpatterns = [
    # Compliance API (engagements/api/compliance.py): explicit paths, kept before any
    # path("api/", include(...)) so they are matched first.
    path(
        "api/frameworks/",
        compliance_api.FrameworkListView.as_view(),
        name="api-framework-list",
    ),
    path(
        "api/frameworks/<slug:code>/controls/",
        compliance_api.FrameworkControlListView.as_view(),
        name="api-framework-controls",
    ),
    path(
        "api/engagements/<int:engagement_pk>/controls/",
        compliance_api.EngagementControlListView.as_view(),
        name="api-engagement-controls",
    ),
    path(
        "api/engagements/<int:engagement_pk>/controls/<int:pk>/",
        compliance_api.EngagementControlDetailView.as_view(),
        name="api-engagement-control-detail",
    ),
    path(
        "api/engagements/<int:engagement_pk>/oscal/",
        compliance_api.EngagementOscalView.as_view(),
        name="api-engagement-oscal",
    ),
    # The Excel workbook doors; kept ahead of any "api/" include so they always match.
    path(
        "api/engagements/<int:pk>/export.xlsx",
        workbook_api.WorkbookExportView.as_view(),
        name="api-engagement-export-xlsx",
    ),
    path(
        "api/engagements/<int:pk>/import/",
        workbook_api.WorkbookImportView.as_view(),
        name="api-engagement-import",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("engagements.urls")),
]
