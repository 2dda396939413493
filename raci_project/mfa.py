"""The second factor at the door of every page and API session (after django-otp's
OTPMiddleware, which tells whether this session has passed it).

What a session owes is decided once, when it signs in, and kept in the session: a page
costs no query for it (django-otp looks the device up only for a session that owes a code).

A signed-in session whose user has a confirmed authenticator but has not given a code in
this session reaches only the code page and sign-out; under RACI_REQUIRE_MFA, an account
manager, service desk member or admin with no authenticator reaches only enrolment and
sign-out. Pages are redirected there; /api/ answers 403 in JSON. Requests with an API
token carry no session user here, and tokens are issued only after the second factor.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Reachable whatever the second factor's state: signing in and out, the two MFA pages,
# the token exchange (which checks the code itself), static files and health checks.
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/mfa/", "/api/auth/token/")
OPEN_EXACT = ("/healthz", "/readyz")


def _open(path: str) -> bool:
    if path in OPEN_EXACT or path.startswith(OPEN_PREFIXES):
        return True
    static = "/" + settings.STATIC_URL.lstrip("/")
    docs = settings.DOCS_URL
    return path.startswith(static) or (docs.startswith("/") and path.startswith(docs))


SESSION_KEY = "raci_mfa_step"
OK = "ok"


def step_needed(user) -> str:
    """'verify' (has an authenticator, owes a code), 'enrol' (must have one, has none) or
    'ok'."""
    from engagements.selectors.mfa import mfa_enrolled, mfa_required_for

    if mfa_enrolled(user):
        return "verify"
    if mfa_required_for(user):
        return "enrol"
    return OK


def session_passed(request) -> None:
    """The session has given its code, or enrolled: it owes nothing more."""
    request.session[SESSION_KEY] = OK


def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = step_needed(user)


user_logged_in.connect(_on_login, dispatch_uid="raci_mfa_step")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: /healthz must not load the session (nor touch the database).
        if _open(request.path_info):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        step = request.session.get(SESSION_KEY)
        if step is None:  # a session signed in before this check existed
            step = request.session[SESSION_KEY] = step_needed(user)
        if step == "verify" and user.is_verified():
            session_passed(request)
            step = OK
        if step == OK:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            message = {
                "verify": "Give your second factor first: sign in again on the web page, "
                "or use an API token.",
                "enrol": "Your account needs two-factor sign-in: set it up on the account "
                "page first.",
            }[step]
            return JsonResponse({"detail": message}, status=403)
        url = reverse("mfa_verify" if step == "verify" else "mfa_enrol")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class LoginView(auth_views.LoginView):
    """Django's sign-in page; in the demo (DEBUG without RACI_REQUIRE_MFA) it says that no
    second factor is asked for."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_mfa_off"] = settings.DEBUG and not settings.RACI_REQUIRE_MFA
        return context
