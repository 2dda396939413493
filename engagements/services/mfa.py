"""Every write about the second factor and API tokens: enrolment, recovery codes,
checking a code (throttled like sign-in), resetting a user, issuing and revoking tokens."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagements.errors import RaciError
from engagements.models import ApiToken, new_token_key, token_digest

RECOVERY_CODE_COUNT = 10


class TooManyCodes(RaciError):
    """Too many wrong codes in a row: refused until the sign-in cool-off has passed."""

    status_code = 429

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            "Too many wrong codes. Try again in "
            f"{max(1, round(retry_after / 60))} minute(s), or ask an admin to reset your "
            "two-factor sign-in."
        )


@transaction.atomic
def mfa_enrol_start(*, user) -> TOTPDevice:
    """An unconfirmed authenticator for this user: the same one until confirmed, so
    reloading the page does not change the QR code under the user's phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def mfa_enrol_confirm(*, user, code: str) -> list[str]:
    """Confirm the authenticator with a current code. Any earlier authenticator and every
    API token (issued before this second factor) go; returns fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError({"code": "Start enrolment again: there is no app waiting."})
    if not device.verify_token(_clean(code)):
        raise ValidationError(
            {"code": "That code is not the current one: check the app and the phone's clock."}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    ApiToken.objects.filter(user=user).delete()
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new one-time recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _clean(code: str) -> str:
    return "".join(str(code or "").split()).lower()


def _devices(user):
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update()
    static = StaticDevice.objects.filter(user=user, confirmed=True).select_for_update()
    return [*totp, *static]


def mfa_check(*, user, code: str):
    """The device that accepts this code (a current TOTP code, or a recovery code, which
    is then used up), or a ValidationError. After AXES_FAILURE_LIMIT wrong codes in a row
    the user is refused (TooManyCodes) until LOGIN_COOLOFF_MINUTES after the last one;
    tries during the refusal are not counted, so it never extends itself."""
    code = _clean(code)
    with transaction.atomic():
        devices = _devices(user)
        _refuse_if_throttled(devices)
        for device in devices:
            if code and device.verify_token(code):
                for other in devices:
                    if other is not device and other.throttling_failure_count:
                        other.throttle_reset()
                return device
    raise ValidationError({"code": "That code is not right: use the app's current code."})


def _refuse_if_throttled(devices):
    limit = settings.AXES_FAILURE_LIMIT
    cool_off = settings.AXES_COOLOFF_TIME
    failures = max((d.throttling_failure_count for d in devices), default=0)
    if failures < limit:
        return
    last = max(d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp)
    until = last + cool_off
    now = timezone.now()
    if now < until:
        raise TooManyCodes(retry_after=int((until - now).total_seconds()) + 1)
    for device in devices:
        device.throttle_reset()


@transaction.atomic
def mfa_reset(*, user) -> int:
    """An admin's remedy for a lost phone: remove every authenticator and recovery code of
    the user (and their API tokens, issued under the old second factor). Returns how many
    devices went; the user enrols again at the next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    ApiToken.objects.filter(user=user).delete()
    return removed


@dataclass
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


@transaction.atomic
def api_token_issue(*, user, name: str = "") -> IssuedToken:
    """A new API token for this user. The caller has checked the second factor."""
    name = (name or "").strip()
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    key = new_token_key()
    token = ApiToken.objects.create(user=user, name=name, digest=token_digest(key), prefix=key[:8])
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of this user's own tokens; another's is as if it did not exist."""
    return ApiToken.objects.filter(user=user, pk=token_id).delete()[0] > 0


def api_token_touch(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (not a write per request)."""
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
