from django.contrib import admin
from django.urls import include, path

from engagements.api import workbook as workbook_api

urlpatterns = [
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
