"""Reads about a user's second factor and API tokens, always the user's own."""

from django.conf import settings
from django.db.models import QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagements.models import ApiToken, MembershipKind
from engagements.permissions import memberships_of

# MSP staff: each opens every client they serve, so a password alone must not.
MFA_REQUIRED_KINDS = (MembershipKind.ACCOUNT_MANAGER, MembershipKind.SERVICE_DESK)


def mfa_required_for(user) -> bool:
    """Under RACI_REQUIRE_MFA, admins (staff or superuser), account managers and service
    desk must have a second factor; a client IT manager may, and is not made to."""
    if not settings.RACI_REQUIRE_MFA or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(kind in MFA_REQUIRED_KINDS for kind in memberships_of(user).values())


def mfa_enrolled(user) -> bool:
    """A confirmed authenticator app: from then on every sign-in asks for a code."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def totp_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name="recovery").first()
    return device.token_set.count() if device else 0


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """This user's API tokens, newest first; nobody sees another's."""
    return ApiToken.objects.filter(user=user)
