from django.contrib import admin
from django.urls import include, path, re_path

from engagements.api.base import api_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("engagements.api.urls")),
    path("", include("engagements.urls")),
    # Keep last: a JSON 404 for any /api/ path nothing above matched.
    re_path(r"^api/", api_not_found),
]
