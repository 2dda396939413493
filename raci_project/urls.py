from django.contrib import admin
from django.urls import include, path, re_path

from engagements.api.base import api_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("engagements.api.urls")),
    re_path(r"^api/", api_not_found),  # JSON 404 for any other /api/ path
    path("", include("engagements.urls")),
]
