"""Who is trying to log in, and when to stop them (django-axes, configured in settings).

Three rules, each against a way the lockout could be turned on the people it protects:

- A lock is per username *and* client address, so guessing a user's password from one
  address never locks that user out at their own address.
- The client address is the one the nearest trusted proxy saw: `X-Forwarded-For` is read
  only through `TRUSTED_PROXY_COUNT` proxies, counted from the right, so a client cannot
  pick its own address by sending the header, and behind a proxy the lock is not keyed on
  the proxy's address (which would let one attacker lock everyone out).
- Failures while locked are not recorded (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`
  off), so a lock ends `LOGIN_COOLOFF_MINUTES` after the failure that set it, however
  often the attacker keeps trying.

On top of the per-user lock, one address is throttled after `LOGIN_FAILURES_PER_ADDRESS`
failures for any usernames within the cool-off: spraying one password over many
usernames stops there.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def attempted_username(request, credentials: dict | None = None) -> str | None:
    """As axes reads it (the credentials, else the posted form), cut to the 255 characters
    of its AccessAttempt.username column. Django's login form does not check the username's
    length before authenticating, so a longer one reached the database, where PostgreSQL
    refused it: a 500 instead of "wrong username or password". Real usernames are at most
    150 characters, so cutting never merges two of them."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:255] if isinstance(username, str) else username


def client_address(request) -> str | None:
    """The client's address as the nearest trusted proxy saw it.

    With no trusted proxy it is the socket's peer (REMOTE_ADDR), whatever the headers say.
    With N trusted proxies, each appends the address it received the request from to
    X-Forwarded-For, so the client is the N-th entry from the right; anything to its left
    was written by the client and is ignored. A request that did not pass through all N
    proxies (a shorter header) falls back to the peer address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count][:45] or remote  # 45: the longest textual IPv6 address


def address_failures(address: str | None) -> int:
    """Failed logins from this address, for any username, within the cool-off."""
    if not address:
        return 0
    since = timezone.now() - get_cool_off()
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class LoginLimitBackend(AxesStandaloneBackend):
    """django-axes' per user-and-address lock, plus the per-address throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if (
            request is not None
            and settings.AXES_ENABLED
            and address_failures(client_address(request)) >= settings.LOGIN_FAILURES_PER_ADDRESS
        ):
            # The flag makes django-axes answer 429 and, with the cool-off not reset on
            # failures during a lock, keeps this refusal out of the failure count.
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed logins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)
