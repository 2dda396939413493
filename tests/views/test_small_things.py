"""Small things a user trips on: a filter with one choice, "New engagement" only on the
portfolio, times on a 12-hour clock."""

import re

import pytest

from engagements.forms.details import EngagementDetailsForm

pytestmark = pytest.mark.django_db


def test_a_client_it_manager_who_sees_one_company_gets_no_client_filter(
    client, client_it_manager, co_managed
):
    client.force_login(client_it_manager)
    html = client.get("/").content.decode()
    assert 'name="q"' not in html
    assert 'name="status"' in html


def test_an_account_manager_with_two_clients_can_search_clients_by_name(
    client, account_manager, co_managed
):
    from tests.factories import ClientFactory, MembershipFactory

    MembershipFactory(user=account_manager, client=ClientFactory(), kind="account_manager")
    client.force_login(account_manager)
    assert 'name="q"' in client.get("/").content.decode()


def test_new_engagement_is_in_the_navigation_on_every_page_for_an_account_manager(
    client, account_manager, client_it_manager, co_managed
):
    client.force_login(account_manager)
    for path in ("/", f"/engagements/{co_managed.pk}/", f"/engagements/{co_managed.pk}/review/"):
        nav = client.get(path).content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
        assert "New engagement" in nav, path
    client.force_login(client_it_manager)
    nav = client.get(f"/engagements/{co_managed.pk}/").content.decode().split("</nav>")[0]
    assert "New engagement" not in nav


def test_business_hours_are_typed_on_the_24_hour_clock():
    html = str(EngagementDetailsForm().fields["business_start"].widget.render("start", "18:00"))
    assert 'type="text"' in html and 'placeholder="HH:MM"' in html
    assert 'value="18:00"' in html


def test_a_shared_controls_split_is_written_once(client, account_manager, co_managed, hipaa):
    from engagements import services
    from engagements.models import Origination
    from tests.helpers.compliance import select

    (chosen,) = select(co_managed, hipaa, "164.312(b)", by=account_manager).values()
    services.control_responsibility_update(
        responsibility=chosen,
        by=account_manager,
        origination=Origination.SHARED,
        split_description="The MSP keeps the logs; the client reviews them.",
    )
    client.force_login(account_manager)
    html = client.get(f"/engagements/{co_managed.pk}/compliance/").content.decode()
    assert html.count("The MSP keeps the logs; the client reviews them.") == 1


def test_implementing_activities_are_checkboxes_grouped_by_domain(
    client, account_manager, co_managed, hipaa
):
    from tests.helpers.compliance import select

    (chosen,) = select(co_managed, hipaa, "164.312(b)", by=account_manager).values()
    client.force_login(account_manager)
    html = client.get(f"/engagements/{co_managed.pk}/compliance/?edit={chosen.pk}").content.decode()
    assert 'class="picker-options"' in html
    assert re.search(r'type="checkbox" name="[\w-]*implementing_rows"', html)
    assert "<label>Patching and updates</label>" in html
