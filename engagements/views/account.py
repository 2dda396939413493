"""Your account: two-factor sign-in (enrolment with a QR code, the code after the
password, recovery codes) and your API tokens. Everything here is the signed-in user's
own; nobody reaches another user's devices or tokens.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from engagements.forms.account import CodeForm, TokenForm
from engagements.selectors.mfa import (
    api_token_list,
    mfa_enrolled,
    mfa_required_for,
    recovery_codes_left,
)
from engagements.services.mfa import (
    TooManyCodes,
    api_token_issue,
    api_token_revoke,
    mfa_check,
    mfa_enrol_confirm,
    mfa_enrol_start,
    recovery_codes_renew,
)
from raci_project.mfa import session_passed


def _next(request, default="account"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return redirect(default).url


def _read_body(request) -> None:
    """These buttons post no fields, but the body is read first, as every page's form does,
    so an oversized or overfull one is a 400 before anything changes."""
    request.POST  # noqa: B018


def _account_context(request, **extra) -> dict:
    user = request.user
    return {
        "enrolled": mfa_enrolled(user),
        "required": mfa_required_for(user),
        "require_setting": settings.RACI_REQUIRE_MFA,
        "recovery_left": recovery_codes_left(user),
        "tokens": api_token_list(user=user),
        "token_form": TokenForm(),
        **extra,
    }


@login_required
@require_GET
def account_page(request):
    return render(request, "engagements/account.html", _account_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request):
    """Scan the QR code (or type the secret), confirm with a current code, then see the
    recovery codes once. A session that still owes its code cannot replace the app."""
    user = request.user
    if mfa_enrolled(user) and not user.is_verified():
        return redirect("mfa_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa_enrol_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages))
        else:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
            session_passed(request)
            return render(
                request,
                "engagements/mfa_recovery.html",
                {"codes": codes, "just_enrolled": True, "next": _next(request)},
            )
    device = mfa_enrol_start(user=user)
    url = device.config_url
    secret = url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        "form": form,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, title="QR code to scan"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": mfa_required_for(user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "engagements/mfa_enrol.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    """The second step of signing in: a current code or a recovery code."""
    user = request.user
    if not mfa_enrolled(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa_check(user=user, code=form.cleaned_data["code"])
        except TooManyCodes as refusal:
            form.add_error("code", refusal.message)
            status = 429
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages))
            status = 422
        else:
            otp_login(request, device)
            session_passed(request)
            if device.name == "recovery":
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code; {left} left. Make new ones on your account page.",
                )
            return redirect(_next(request, default="home"))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "engagements/mfa_verify.html", context, status=status)


@login_required
@require_POST
def recovery_codes_new(request):
    _read_body(request)
    if not mfa_enrolled(request.user):
        raise Http404("Set up two-factor sign-in first.")
    codes = recovery_codes_renew(user=request.user)
    return render(request, "engagements/mfa_recovery.html", {"codes": codes, "next": ""})


@login_required
@require_POST
def token_new(request):
    """A new API token, shown once. The middleware has already made this session give its
    second factor, if the user has one."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        context = _account_context(request, token_form=form)
        return render(request, "engagements/account.html", context, status=422)
    issued = api_token_issue(user=request.user, name=form.cleaned_data["name"])
    context = _account_context(request, new_key=issued.key, new_token=issued.token)
    return render(request, "engagements/account.html", context)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    _read_body(request)
    if not api_token_revoke(user=request.user, token_id=token_id):
        raise Http404("No such token.")
    messages.success(request, "The token is revoked: anything using it is refused from now on.")
    return redirect("account")
