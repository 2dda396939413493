"""Giving people access to a client and taking it away: an account manager invites a
client IT manager or a service-desk colleague by email; the invitee follows a single-use
link, valid for a week, and sets a password.

The link carries a token signed with the project's secret (Django's signing machinery): the
invitation's id and a nonce that changes with every (re)send, so an earlier email's link
stops working; accepting or revoking ends the invitation for good.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from engagements.models import Client, Invitation, Membership, MembershipKind
from engagements.models.labels import person_name
from engagements.permissions import can_edit

VALID_FOR = dt.timedelta(days=7)
SALT = "raci.invitation"
INVITABLE = (MembershipKind.CLIENT_IT_MANAGER, MembershipKind.SERVICE_DESK)


class InvitationInvalid(Exception):
    """A link that cannot be used: unknown, tampered with, expired, used or revoked. The
    message says which, in words the invitee can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _ensure_can_manage_access(client: Client, by) -> None:
    if not can_edit(by, client):
        raise PermissionDenied("Only the account manager of this client can manage its access.")


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/invitations/{invitation_token(invitation)}/"


def _send(invitation: Invitation, by) -> None:
    role = invitation.get_kind_display()
    body = (
        f"{person_name(by)} invites you to {invitation.client.name} on raci as "
        f"{role.lower() if not role.split()[0].isupper() else role}.\n\n"
        "Follow this link to set your password and sign in (it works once, for 7 days):\n\n"
        f"{invitation_link(invitation)}\n\n"
        "If you did not expect this email, ignore it: nothing happens until the link is used."
    )
    send_mail(
        f"[raci] You are invited to {' '.join(invitation.client.name.split())}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def _check_invitable(client: Client, email: str, kind: str) -> None:
    if kind not in INVITABLE:
        raise ValidationError({"kind": "Invite a client IT manager or a service-desk colleague."})
    users = get_user_model().objects.filter(email__iexact=email)
    if Membership.objects.filter(client=client, user__in=users).exists():
        raise ValidationError({"email": f"{email} already has access to {client.name}."})
    if (
        kind == MembershipKind.CLIENT_IT_MANAGER
        and Membership.objects.filter(
            user__in=users, kind=MembershipKind.CLIENT_IT_MANAGER
        ).exists()
    ):
        raise ValidationError({"email": f"{email} is already the IT manager of another client."})
    if Invitation.objects.filter(
        client=client, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": f"{email} already has a pending invitation: resend it instead."}
        )


@transaction.atomic
def invitation_create(*, client: Client, email: str, kind: str, by) -> Invitation:
    """Invite someone to the client by email (sent once the invitation is saved)."""
    _ensure_can_manage_access(client, by)
    email = (email or "").strip()
    invitation = Invitation(
        client=client,
        email=email,
        kind=kind,
        invited_by=by,
        sent_at=timezone.now(),
        nonce=secrets.token_hex(8),
    )
    # Our own checks first: they name the field and say what to do.
    invitation.full_clean(validate_constraints=False)
    _check_invitable(client, email, kind)
    invitation.save()
    transaction.on_commit(lambda: _send(invitation, by))
    return invitation


def _ensure_pending(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted.")
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation was revoked.")


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """Send the invitation again with a new link, valid for another week; the earlier
    link stops working."""
    _ensure_can_manage_access(invitation.client, by)
    _ensure_pending(invitation)
    invitation.nonce = secrets.token_hex(8)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["nonce", "sent_at"])
    transaction.on_commit(lambda: _send(invitation, by))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Withdraw a pending invitation: its link stops working."""
    _ensure_can_manage_access(invitation.client, by)
    _ensure_pending(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link names, or InvitationInvalid saying why not."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise InvitationInvalid(
            "This invitation link is not valid. Check it was copied whole."
        ) from exc
    invitation = (
        Invitation.objects.select_related("client").filter(pk=payload.get("i")).first()
        if isinstance(payload, dict)
        else None
    )
    if invitation is None or invitation.nonce != payload.get("n"):
        raise InvitationInvalid(
            "This invitation link was replaced by a newer one. Use the link in the latest email."
        )
    if invitation.accepted_at is not None:
        raise InvitationInvalid("This invitation was already used. Sign in with your password.")
    if invitation.revoked_at is not None:
        raise InvitationInvalid("This invitation was withdrawn. Ask your account manager.")
    if timezone.now() - invitation.sent_at > VALID_FOR:
        raise InvitationInvalid(
            "This invitation expired (links work for 7 days). Ask your account manager to "
            "send it again."
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, first_name: str, last_name: str, password: str
):
    """Use the link: create the invitee's account with their password and give it access
    to the client. Works once."""
    invitation = invitation_from_token(token)
    # Lock the invitation: two tabs submitting at once must not both accept it.
    invitation = (
        Invitation.objects.select_for_update().select_related("client").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise InvitationInvalid("This invitation was already used. Sign in with your password.")
    User = get_user_model()
    if (
        User.objects.filter(username__iexact=invitation.email).exists()
        or User.objects.filter(email__iexact=invitation.email).exists()
    ):
        raise InvitationInvalid(
            "An account with this email already exists. Sign in, and ask your account manager "
            "to give that account access."
        )
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=" ".join((first_name or "").split())[:150],
        last_name=" ".join((last_name or "").split())[:150],
    )
    errors = {}
    if not user.first_name:
        errors["first_name"] = "Give your first name."
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, client=invitation.client, kind=invitation.kind)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """Take a client IT manager's or a service-desk colleague's access to the client away.
    Account managers are assigned by an administrator and removed there."""
    _ensure_can_manage_access(membership.client, by)
    if membership.kind == MembershipKind.ACCOUNT_MANAGER:
        raise ValidationError("An administrator assigns and removes account managers.")
    if membership.user_id == getattr(by, "pk", None):
        raise ValidationError("You cannot remove your own access.")
    membership.delete()
