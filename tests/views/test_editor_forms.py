"""Roles, custom activities, tools and the engagement's details, as ordinary forms."""

from html import unescape

import pytest

from engagements.models import Activity, Engagement, Role, Tool
from tests.helpers.matrix import role_of

pytestmark = pytest.mark.django_db


def url(engagement, suffix):
    return f"/engagements/{engagement.pk}/{suffix}"


def test_adding_a_role_with_a_named_person_and_a_backup(client, account_manager, co_managed):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "roles/add/"),
        {
            "expected_version": co_managed.version,
            "role-new-name": "Network contractor",
            "role-new-side": "vendor",
            "role-new-person_name": "Sam Lee",
            "role-new-absence_backup": noc.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{co_managed.pk}/#roles"
    role = Role.objects.get(engagement=co_managed, name="Network contractor")
    assert (role.side, role.person_name, role.absence_backup) == ("vendor", "Sam Lee", noc)


def test_a_duplicate_role_name_is_shown_on_the_form_and_nothing_is_added(
    client, account_manager, co_managed
):
    count = co_managed.roles.count()
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "roles/add/"),
        {
            "expected_version": co_managed.version,
            "role-new-name": "msp noc",
            "role-new-side": "msp",
        },
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert 'A role named "msp noc" already exists in this engagement.' in html
    assert 'value="msp noc"' in html
    assert co_managed.roles.count() == count


def test_renaming_and_removing_a_role(client, account_manager, co_managed):
    soc = role_of(co_managed, "MSP SOC")
    client.force_login(account_manager)
    client.post(
        url(co_managed, f"roles/{soc.pk}/"),
        {
            "expected_version": co_managed.version,
            f"role-{soc.pk}-name": "Security operations centre",
            f"role-{soc.pk}-side": "msp",
        },
    )
    soc.refresh_from_db()
    assert soc.name == "Security operations centre"
    co_managed.refresh_from_db()
    client.post(
        url(co_managed, f"roles/{soc.pk}/remove/"), {"expected_version": co_managed.version}
    )
    assert not Role.objects.filter(pk=soc.pk).exists()


def test_a_role_cannot_back_itself_up(client, account_manager, co_managed):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, f"roles/{noc.pk}/"),
        {
            "expected_version": co_managed.version,
            f"role-{noc.pk}-name": "MSP NOC",
            f"role-{noc.pk}-side": "msp",
            f"role-{noc.pk}-absence_backup": noc.pk,
        },
    )
    assert response.status_code == 400
    noc.refresh_from_db()
    assert noc.absence_backup is None


def test_a_client_it_manager_cannot_add_a_role(client, client_it_manager, co_managed):
    count = co_managed.roles.count()
    client.force_login(client_it_manager)
    response = client.post(
        url(co_managed, "roles/add/"),
        {"expected_version": co_managed.version, "role-new-name": "X", "role-new-side": "msp"},
    )
    assert response.status_code == 403
    assert co_managed.roles.count() == count


def test_another_client_gets_a_404_for_role_changes(client, other_account_manager, co_managed):
    client.force_login(other_account_manager)
    response = client.post(
        url(co_managed, "roles/add/"), {"role-new-name": "X", "role-new-side": "msp"}
    )
    assert response.status_code == 404


def test_a_custom_activity_is_added_for_this_client_and_put_in_scope(
    client, account_manager, co_managed, acme
):
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "activities/add/"),
        {
            "expected_version": co_managed.version,
            "activity-domain": Activity.objects.get(code="patching.servers").domain_id,
            "activity-name": "Patch the warehouse scanners",
            "activity-description": "Handheld scanners on the warehouse floor.",
            "activity-default_coverage": "extended",
        },
    )
    activity = Activity.objects.get(name="Patch the warehouse scanners")
    row = co_managed.rows.get(activity=activity)
    assert (activity.client, row.in_scope) == (acme, True)
    assert response["Location"] == f"/engagements/{co_managed.pk}/#row-{row.pk}"


def test_a_custom_activity_that_exists_already_is_refused(client, account_manager, co_managed):
    client.force_login(account_manager)
    domain = Activity.objects.get(code="patching.servers").domain_id

    def add(name):
        co_managed.refresh_from_db()
        return client.post(
            url(co_managed, "activities/add/"),
            {
                "expected_version": co_managed.version,
                "activity-domain": domain,
                "activity-name": name,
                "activity-default_coverage": "business_hours",
            },
        )

    assert add("Patch the warehouse scanners").status_code == 302
    response = add("PATCH THE WAREHOUSE SCANNERS")
    assert response.status_code == 400
    assert '"PATCH THE WAREHOUSE SCANNERS" already exists in' in unescape(response.content.decode())
    assert Activity.objects.filter(name__iexact="Patch the warehouse scanners").count() == 1


def test_tools_are_added_changed_and_removed(client, account_manager, co_managed):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    client.post(
        url(co_managed, "tools/add/"),
        {
            "expected_version": co_managed.version,
            "tool-new-name": "Firewall manager",
            "tool-new-category": "Network",
            "tool-new-owner_side": "internal",
            "tool-new-licence_holder_side": "internal",
            "tool-new-administered_by": noc.pk,
            "tool-new-exit_fate": "client_keeps",
            "tool-new-notes": "",
        },
    )
    tool = Tool.objects.get(engagement=co_managed, name="Firewall manager")
    assert (tool.administered_by, tool.exit_fate) == (noc, "client_keeps")
    co_managed.refresh_from_db()
    client.post(
        url(co_managed, f"tools/{tool.pk}/"),
        {
            "expected_version": co_managed.version,
            f"tool-{tool.pk}-name": "Firewall manager",
            f"tool-{tool.pk}-exit_fate": "removed",
        },
    )
    tool.refresh_from_db()
    assert (tool.exit_fate, tool.administered_by) == ("removed", None)
    co_managed.refresh_from_db()
    client.post(
        url(co_managed, f"tools/{tool.pk}/remove/"), {"expected_version": co_managed.version}
    )
    assert not Tool.objects.filter(pk=tool.pk).exists()


def test_a_tool_without_a_name_is_refused(client, account_manager, co_managed):
    count = co_managed.tools.count()
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "tools/add/"),
        {"expected_version": co_managed.version, "tool-new-name": ""},
    )
    assert response.status_code == 400
    assert co_managed.tools.count() == count


def test_the_engagement_details_are_changed_on_a_draft(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "details/"),
        {
            "details-title": "Co-managed IT 2027",
            "details-business_days": ["1", "2", "3", "4", "5"],
            "details-business_start": "07:00",
            "details-business_end": "19:00",
            "details-effective_from": "2027-01-01",
            "details-effective_to": "2027-12-31",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
    )
    assert response.status_code == 302
    co_managed.refresh_from_db()
    assert co_managed.title == "Co-managed IT 2027"
    assert co_managed.business_hours_label() == "Mon–Fri 07:00–19:00"


def test_an_engagement_cannot_end_before_it_starts(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(
        url(co_managed, "details/"),
        {
            "details-title": "Renamed",
            "details-business_days": ["1"],
            "details-business_start": "08:00",
            "details-business_end": "17:00",
            "details-effective_from": "2027-12-31",
            "details-effective_to": "2027-01-01",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
    )
    assert response.status_code == 400
    assert "The engagement cannot end before it starts." in unescape(response.content.decode())
    assert Engagement.objects.get(pk=co_managed.pk).title == "Co-managed IT"


def test_a_role_card_asks_for_its_form_when_opened(client, account_manager, co_managed):
    """The page draws each role's card closed and without its form; opening it fetches the
    form (htmx), or, without JavaScript, the card's link opens the form on a page."""
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    page = client.get(url(co_managed, "")).content.decode()
    assert f'name="role-{noc.pk}-name"' not in page
    assert f'hx-get="/engagements/{co_managed.pk}/roles/{noc.pk}/"' in page
    fragment = client.get(url(co_managed, f"roles/{noc.pk}/"), HTTP_HX_REQUEST="true")
    assert f'name="role-{noc.pk}-name"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    alone = client.get(url(co_managed, f"roles/{noc.pk}/")).content.decode()
    assert "Edit MSP NOC" in alone and f'name="role-{noc.pk}-name"' in alone


def test_a_tool_form_on_its_own(client, account_manager, co_managed):
    tool = Tool.objects.create(engagement=co_managed, name="Vault")
    client.force_login(account_manager)
    alone = client.get(url(co_managed, f"tools/{tool.pk}/")).content.decode()
    assert "Edit Vault" in alone and f'name="tool-{tool.pk}-name"' in alone


def test_the_client_gets_no_role_form(client, client_it_manager, co_managed):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(client_it_manager)
    response = client.get(url(co_managed, f"roles/{noc.pk}/"))
    assert response.status_code == 302
    assert 'name="role-' not in client.get(response["Location"]).content.decode()
