"""The people and access page, a person's page, "Who covers now" and the invitee's page."""

import pytest
from django.core import mail

from engagements.models import Invitation, Membership, MembershipKind, Person
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.oncall import ALERTS


def test_the_account_manager_sees_people_holidays_and_access(as_account_manager, alerts_scope):
    client = alerts_scope.client
    response = as_account_manager.get(f"/clients/{client.pk}/people/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "+1 212 555 0101" in page
    assert "US-NY" in page
    assert "Who has access" in page
    assert "Send the invitation" in page


def test_the_client_it_manager_reads_the_directory_but_not_the_access(
    as_client_it_manager, alerts_scope
):
    page = as_client_it_manager.get(f"/clients/{alerts_scope.client.pk}/people/").content.decode()
    assert "Dana" in page
    assert "Who has access" not in page
    assert "Add the person" not in page


def test_another_clients_user_gets_a_404(as_outsider, alerts_scope):
    client = alerts_scope.client
    assert as_outsider.get(f"/clients/{client.pk}/people/").status_code == 404
    assert as_outsider.get(f"/clients/{client.pk}/on-call/").status_code == 404
    person = Person.objects.get(name="Dana")
    assert as_outsider.get(f"/clients/{client.pk}/people/{person.pk}/").status_code == 404


def test_adding_a_person_from_the_page(as_account_manager, acme):
    response = as_account_manager.post(
        f"/clients/{acme.pk}/people/add/",
        {"name": "Ana Lima", "side": "msp", "email": "ana@msp.example", "phone": "+1 555 0100"},
    )
    assert response.status_code == 302
    assert Person.objects.get(client=acme).name == "Ana Lima"


def test_a_bad_phone_is_shown_on_the_page_and_nothing_is_saved(as_account_manager, acme):
    response = as_account_manager.post(
        f"/clients/{acme.pk}/people/add/", {"name": "Ana", "side": "msp", "phone": "call me"}
    )
    assert response.status_code == 422
    assert "Enter a phone number" in response.content.decode()
    assert not Person.objects.exists()


def test_the_client_it_manager_cannot_add_people(as_client_it_manager, acme):
    response = as_client_it_manager.post(
        f"/clients/{acme.pk}/people/add/", {"name": "Ana", "side": "msp"}
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_marking_a_person_as_gone_from_their_page(as_account_manager, alerts_scope):
    dana = Person.objects.get(name="Dana")
    url = f"/clients/{alerts_scope.client.pk}/people/{dana.pk}/"
    page = as_account_manager.get(url).content.decode()
    assert "Holds <strong>IT lead</strong>" in page
    assert "Respond to infrastructure alerts" in page
    response = as_account_manager.post(
        url, {"name": "Dana", "side": "internal", "email": "", "phone": ""}
    )
    assert response.status_code == 302
    dana.refresh_from_db()
    assert dana.active is False


def test_a_country_the_calendar_does_not_know_is_refused(as_account_manager, acme):
    response = as_account_manager.post(
        f"/clients/{acme.pk}/holidays/", {"country": "XX", "subdivision": ""}
    )
    assert response.status_code == 422
    acme.refresh_from_db()
    assert acme.country == ""


def test_setting_the_country_and_state(as_account_manager, acme):
    response = as_account_manager.post(
        f"/clients/{acme.pk}/holidays/", {"country": "de", "subdivision": "by"}
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.country, acme.subdivision) == ("DE", "BY")


def test_inviting_resending_and_revoking_from_the_page(as_account_manager, acme):
    with_callbacks = as_account_manager.post(
        f"/clients/{acme.pk}/invitations/", {"email": "desk@msp.example", "kind": "service_desk"}
    )
    assert with_callbacks.status_code == 302
    invitation = Invitation.objects.get(client=acme)
    as_account_manager.post(f"/clients/{acme.pk}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_removing_a_members_access_from_the_page(as_account_manager, acme, client_it_manager):
    membership = Membership.objects.get(user=client_it_manager)
    response = as_account_manager.post(f"/clients/{acme.pk}/members/{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db(transaction=False)
def test_the_invitee_sets_a_password_and_is_signed_in(
    client, acme, account_manager, django_capture_on_commit_callbacks
):
    from engagements.services import invitation_create

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            client=acme, email="kim@acme.example", kind="client_it_manager", by=account_manager
        )
    path = "/invitations/" + mail.outbox[0].body.split("/invitations/")[1].split("/")[0] + "/"
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "first_name": "Kim",
            "last_name": "Osei",
            "password": "a-long-enough-passphrase-42",
            "password_again": "a-long-enough-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="kim@acme.example").kind == "client_it_manager"
    # The link is used up.
    client.logout()
    used = client.get(path)
    assert used.status_code == 410
    assert "already used" in used.content.decode()


def test_who_covers_now_on_a_holiday(as_client_it_manager, alerts_scope):
    response = as_client_it_manager.get(
        f"/clients/{alerts_scope.client.pk}/on-call/",
        {"activity": "infrastructure alerts", "at": "2026-07-03T10:00"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Independence Day (observed)" in page
    assert "Fri 3 Jul 2026, 10:00 EDT" in page  # the client's wall clock, as typed
    assert "Fri 3 Jul 00:00" in page  # the holiday starts at the client's midnight
    assert "Weekend on-call" in page and "+1 212 555 0103" in page
    assert "respond within <strong>15 min</strong>" in page
    assert "The next 7 days" in page


def test_the_service_desk_reads_who_covers_without_editing(client, alerts_scope):
    desk = UserFactory(username="desk")
    MembershipFactory(user=desk, client=alerts_scope.client, kind=MembershipKind.SERVICE_DESK)
    client.force_login(desk)
    response = client.get(
        f"/clients/{alerts_scope.client.pk}/on-call/",
        {"activity": ALERTS, "at": "2026-07-01T10:00"},
    )
    assert response.status_code == 200
    assert "Dana" in response.content.decode()
    assert client.get(f"/engagements/{alerts_scope.pk}/").status_code == 200
    refused = client.post(
        f"/clients/{alerts_scope.client.pk}/people/add/", {"name": "X", "side": "msp"}
    )
    assert refused.status_code == 403


def test_an_activity_matching_nothing_says_so(as_client_it_manager, alerts_scope):
    response = as_client_it_manager.get(
        f"/clients/{alerts_scope.client.pk}/on-call/", {"activity": "zebra"}
    )
    assert "No activity in scope matches &quot;zebra&quot;" in response.content.decode()
