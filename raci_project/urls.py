from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from engagements.api.base import api_not_found
from raci_project import health, mfa

handler500 = "raci_project.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Sign-in, sign-out and changing one's own password (which asks for the current one).
    # No self-service password reset by email: accounts are created by an admin, who also
    # resets a forgotten password, so an unauthenticated form that mails links (and tells
    # who has an account) is one door fewer. See docs/operations/security.md.
    path("accounts/login/", mfa.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/", include("engagements.api.urls")),
    path("", include("engagements.urls")),
    # Keep last: a JSON 404 for any /api/ path nothing above matched.
    re_path(r"^api/", api_not_found),
]
