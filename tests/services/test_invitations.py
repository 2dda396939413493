"""Invitations: an account manager invites a client IT manager or a service-desk colleague;
the link works once, for a week, and not after it is revoked or replaced."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagements.models import Invitation, Membership, MembershipKind
from engagements.services import invitations as inv

PASSWORD = "a-long-enough-passphrase-42"


def token_in(message) -> str:
    return message.body.split("/invitations/")[1].split("/")[0]


@pytest.fixture
def invited(acme, account_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = inv.invitation_create(
            client=acme,
            email="kim@acme.example",
            kind=MembershipKind.CLIENT_IT_MANAGER,
            by=account_manager,
        )
    return invitation


def test_the_invitee_gets_an_email_with_a_link(invited):
    [message] = mail.outbox
    assert message.to == ["kim@acme.example"]
    assert "Acme Logistics" in message.subject
    assert "/invitations/" in message.body


def test_accepting_creates_the_account_and_the_membership(invited):
    user = inv.invitation_accept(
        token=token_in(mail.outbox[0]), first_name="Kim", last_name="Osei", password=PASSWORD
    )
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).kind == MembershipKind.CLIENT_IT_MANAGER
    invited.refresh_from_db()
    assert invited.accepted_by == user and not invited.is_pending


def test_a_used_link_does_not_work_twice(invited):
    token = token_in(mail.outbox[0])
    inv.invitation_accept(token=token, first_name="Kim", last_name="", password=PASSWORD)
    with pytest.raises(inv.InvitationInvalid, match="already used"):
        inv.invitation_accept(token=token, first_name="Eve", last_name="", password=PASSWORD)
    assert Membership.objects.filter(client=invited.client, kind="client_it_manager").count() == 1


def test_an_expired_link_is_refused(invited):
    Invitation.objects.filter(pk=invited.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=7, minutes=1)
    )
    with pytest.raises(inv.InvitationInvalid, match="expired"):
        inv.invitation_accept(
            token=token_in(mail.outbox[0]), first_name="Kim", last_name="", password=PASSWORD
        )
    assert not Membership.objects.filter(user__email="kim@acme.example").exists()


def test_a_revoked_invitation_cannot_be_accepted(invited, account_manager):
    inv.invitation_revoke(invitation=invited, by=account_manager)
    with pytest.raises(inv.InvitationInvalid, match="withdrawn"):
        inv.invitation_accept(
            token=token_in(mail.outbox[0]), first_name="Kim", last_name="", password=PASSWORD
        )


def test_resending_replaces_the_earlier_link(
    invited, account_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inv.invitation_resend(invitation=invited, by=account_manager)
    old, new = token_in(mail.outbox[0]), token_in(mail.outbox[1])
    with pytest.raises(inv.InvitationInvalid, match="replaced"):
        inv.invitation_from_token(old)
    assert inv.invitation_from_token(new) == invited


def test_a_tampered_link_is_refused(invited):
    with pytest.raises(inv.InvitationInvalid, match="not valid"):
        inv.invitation_from_token(token_in(mail.outbox[0])[:-2] + "xx")


def test_a_weak_password_is_refused_and_nothing_is_created(invited):
    with pytest.raises(ValidationError) as error:
        inv.invitation_accept(
            token=token_in(mail.outbox[0]), first_name="Kim", last_name="", password="123"
        )
    assert "password" in error.value.message_dict
    assert invited.is_pending
    assert not Membership.objects.filter(user__email="kim@acme.example").exists()


def test_a_second_pending_invitation_for_the_same_email_is_refused(invited, account_manager):
    with pytest.raises(ValidationError) as error:
        inv.invitation_create(
            client=invited.client,
            email="KIM@acme.example",
            kind="service_desk",
            by=account_manager,
        )
    assert "email" in error.value.message_dict


def test_only_the_account_manager_invites(acme, client_it_manager):
    with pytest.raises(PermissionDenied):
        inv.invitation_create(
            client=acme, email="x@acme.example", kind="service_desk", by=client_it_manager
        )


def test_an_account_manager_removes_a_members_access(acme, account_manager, client_it_manager):
    membership = Membership.objects.get(user=client_it_manager)
    inv.membership_remove(membership=membership, by=account_manager)
    assert not Membership.objects.filter(user=client_it_manager).exists()


def test_an_account_manager_cannot_remove_another_account_manager(acme, account_manager):
    membership = Membership.objects.get(user=account_manager)
    with pytest.raises(ValidationError):
        inv.membership_remove(membership=membership, by=account_manager)
