"""The matrix page: the editor on a draft for its account manager, read-only otherwise."""

from html import unescape

import pytest

from engagements import services
from tests.helpers.matrix import row_of

pytestmark = pytest.mark.django_db


def test_the_account_manager_gets_the_editor_on_a_draft(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.get(f"/engagements/{co_managed.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["editing"] is True
    row = row_of(co_managed, "patching.servers")
    role = co_managed.roles.get(name="Client IT manager")
    # The cell is an input labelled by its activity and its role, in one grid whose
    # script saves what changed.
    assert f'name="c-{row.pk}-{role.pk}" value="A"' in html
    assert f'aria-labelledby="act-{row.pk} role-{role.pk}"' in html
    assert 'role="grid"' in html
    assert f'data-save="/engagements/{co_managed.pk}/grid/save/"' in html
    assert 'name="expected_version"' in html
    assert "Submit for review" in html
    # Roles are grouped by side in the header.
    assert html.index("Internal IT</th>") < html.index("MSP</th>")


def test_htmx_is_served_from_the_package_not_a_cdn(client, account_manager, co_managed):
    client.force_login(account_manager)
    html = client.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    assert "https://" not in html.split("<body")[0]


def test_a_client_it_manager_sees_the_matrix_read_only(client, client_it_manager, co_managed):
    client.force_login(client_it_manager)
    response = client.get(f"/engagements/{co_managed.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["editing"] is False
    assert 'name="c-' not in html
    assert "Submit for review" not in html
    assert '<span class="letters">A/R</span>' in html


def test_a_revision_in_review_is_read_only_even_for_its_account_manager(
    client, account_manager, co_managed
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(account_manager)
    response = client.get(f"/engagements/{co_managed.pk}/")
    assert response.context["editing"] is False
    assert 'name="c-' not in response.content.decode()


def test_another_clients_people_get_a_404(
    client, other_account_manager, other_client_it_manager, co_managed
):
    for outsider in (other_account_manager, other_client_it_manager):
        client.force_login(outsider)
        assert client.get(f"/engagements/{co_managed.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, co_managed):
    response = client.get(f"/engagements/{co_managed.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/engagements/{co_managed.pk}/"


def test_the_findings_show_next_to_their_row_and_in_the_panel(client, account_manager, co_managed):
    row = row_of(co_managed, "patching.servers")
    services.assignment_set(
        engagement=co_managed,
        row=row,
        role=co_managed.roles.get(name="Client IT manager"),
        letters="",
        by=account_manager,
    )
    client.force_login(account_manager)
    html = unescape(client.get(f"/engagements/{co_managed.pk}/").content.decode())
    row_findings = html.split(f'id="row-findings-{row.pk}"')[1].split("</td>")[0]
    assert 'Nobody is accountable for "Deploy server patches"' in row_findings
    panel = html.split('id="findings-panel"')[1]
    assert f'<a href="#row-{row.pk}">Nobody is accountable' in panel
    assert "1 error blocks sign-off" in html


def test_the_editor_costs_the_same_queries_whatever_the_matrix_holds(
    client, account_manager, co_managed, django_assert_max_num_queries
):
    client.force_login(account_manager)
    with django_assert_max_num_queries(30) as before:
        client.get(f"/engagements/{co_managed.pk}/")
    services.role_add(engagement=co_managed, name="Vendor", side="vendor", by=account_manager)
    services.tool_add(engagement=co_managed, name="Extra tool", by=account_manager)
    services.comment_add(
        engagement=co_managed,
        body="A question",
        by=account_manager,
        row=row_of(co_managed, "patching.servers"),
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/engagements/{co_managed.pk}/")
