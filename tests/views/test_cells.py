"""Editing cells: one at a time through htmx, or a whole domain without JavaScript."""

import json
from html import unescape

import pytest

from engagements import services
from engagements.models import Assignment, Engagement
from tests.helpers.http import HTMX, cell_url
from tests.helpers.matrix import letters, role_of, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def patching(co_managed):
    """Deploy server patches: Client IT manager A, MSP NOC R, systems administrator C."""
    return row_of(co_managed, "patching.servers")


@pytest.fixture
def it_manager(co_managed):
    return role_of(co_managed, "Client IT manager")


def post_cell(client, engagement, row, role, typed, version=None, **extra):
    data = {f"c-{row.pk}-{role.pk}": typed}
    data["expected_version"] = engagement.version if version is None else version
    return client.post(cell_url(engagement, row, role), data, **extra)


def test_a_cell_is_saved_in_place_and_a_gap_appears(
    client, account_manager, co_managed, patching, it_manager
):
    client.force_login(account_manager)
    response = post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert letters(patching, it_manager) == ""
    # The row's findings, the panel and the counts come along, out of band.
    assert f'id="row-findings-{patching.pk}" class="row-findings" hx-swap-oob="true"' in html
    assert 'Nobody is accountable for "Deploy server patches"' in html
    assert 'id="findings-panel"' in html and 'id="status"' in html
    assert "1 error blocks sign-off" in html
    co_managed.refresh_from_db()
    trigger = json.loads(response["HX-Trigger"])
    assert trigger == {"raci:saved": {"version": co_managed.version}}


def test_the_gap_clears_when_an_accountable_is_set_again(
    client, account_manager, co_managed, patching, it_manager
):
    client.force_login(account_manager)
    post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    co_managed.refresh_from_db()
    response = post_cell(client, co_managed, patching, it_manager, "a", **HTMX)
    html = unescape(response.content.decode())
    assert letters(patching, it_manager) == "A"
    assert "Nobody is accountable" not in html
    assert "Nothing blocks sign-off" in html


def test_letters_are_stored_canonically_and_shown_with_slashes(
    client, account_manager, co_managed, patching, it_manager
):
    client.force_login(account_manager)
    response = post_cell(client, co_managed, patching, it_manager, "r a", **HTMX)
    assert letters(patching, it_manager) == "AR"
    assert 'value="A/R"' in response.content.decode()


def test_the_change_is_recorded_as_coming_through_the_page(
    client, account_manager, co_managed, patching, it_manager
):
    client.force_login(account_manager)
    post_cell(client, co_managed, patching, it_manager, "AR", **HTMX)
    record = Assignment.history.filter(row=patching, role=it_manager).latest("history_date")
    assert (record.letters, record.door, record.history_user) == ("AR", "page", account_manager)


def test_letters_other_than_raci_are_refused_in_place_and_nothing_changes(
    client, account_manager, co_managed, patching, it_manager
):
    client.force_login(account_manager)
    version = co_managed.version
    response = post_cell(client, co_managed, patching, it_manager, "AX", **HTMX)
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert '"X" is not one of R, A, C, I' in html
    assert 'value="AX"' in html and 'aria-invalid="true"' in html
    assert letters(patching, it_manager) == "A"
    assert Engagement.objects.get(pk=co_managed.pk).version == version


def test_a_change_made_by_someone_else_since_loading_is_not_overwritten(
    client, account_manager, co_managed, patching, it_manager
):
    seen = co_managed.version
    services.assignment_set(
        engagement=co_managed,
        row=patching,
        role=role_of(co_managed, "MSP NOC"),
        letters="AR",
        by=account_manager,
    )
    client.force_login(account_manager)
    response = post_cell(client, co_managed, patching, it_manager, "", version=seen, **HTMX)
    html = unescape(response.content.decode())
    assert response.status_code == 412
    assert "The matrix was changed by Alex Morgan since you loaded it." in html
    assert "Reload the matrix" in html
    assert letters(patching, it_manager) == "A"


def test_a_client_it_manager_cannot_change_a_cell(
    client, client_it_manager, co_managed, patching, it_manager
):
    client.force_login(client_it_manager)
    response = post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    assert response.status_code == 403
    assert letters(patching, it_manager) == "A"


def test_another_clients_account_manager_gets_a_404(
    client, other_account_manager, co_managed, patching, it_manager
):
    client.force_login(other_account_manager)
    response = post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    assert response.status_code == 404
    assert letters(patching, it_manager) == "A"


def test_a_cell_of_another_engagement_is_a_404(
    client, account_manager, co_managed, fully_managed, patching
):
    client.force_login(account_manager)
    foreign_role = fully_managed.roles.first()
    response = post_cell(client, co_managed, patching, foreign_role, "R", **HTMX)
    assert response.status_code == 404
    assert not Assignment.objects.filter(row=patching, role=foreign_role).exists()


def test_a_revision_in_review_refuses_cell_changes_with_the_reason(
    client, account_manager, co_managed, patching, it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    co_managed.refresh_from_db()
    client.force_login(account_manager)
    response = post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    assert response.status_code == 409
    assert "is in review" in response.content.decode()
    assert letters(patching, it_manager) == "A"


def test_anonymous_cell_posts_go_to_login(client, co_managed, patching, it_manager):
    response = post_cell(client, co_managed, patching, it_manager, "", **HTMX)
    assert response.status_code == 302
    assert letters(patching, it_manager) == "A"


# -- without JavaScript: a domain's cells as one form ------------------------------------------


def test_a_whole_domain_is_saved_at_once_without_javascript(
    client, account_manager, co_managed, patching, it_manager
):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/cells/",
        {
            "expected_version": co_managed.version,
            f"c-{patching.pk}-{it_manager.pk}": "A",  # unchanged
            f"c-{patching.pk}-{noc.pk}": "r/c",
        },
        follow=True,
    )
    assert response.redirect_chain[0][0] == f"/engagements/{co_managed.pk}/"
    assert "Saved 1 cell." in response.content.decode()
    assert letters(patching, noc) == "RC"


def test_one_bad_cell_in_a_domain_form_saves_none_of_them(
    client, account_manager, co_managed, patching, it_manager
):
    noc = role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/cells/",
        {
            "expected_version": co_managed.version,
            f"c-{patching.pk}-{it_manager.pk}": "AR",
            f"c-{patching.pk}-{noc.pk}": "Z",
        },
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert '"Z" is not one of R, A, C, I' in html
    assert 'value="Z"' in html and 'value="AR"' in html
    assert (letters(patching, it_manager), letters(patching, noc)) == ("A", "R")


def test_saving_a_cell_costs_the_same_queries_whatever_the_matrix_holds(
    client, account_manager, co_managed, patching, it_manager, django_assert_max_num_queries
):
    client.force_login(account_manager)
    with django_assert_max_num_queries(40) as small:
        post_cell(client, co_managed, patching, it_manager, "AR", **HTMX)
    services.role_add(engagement=co_managed, name="Vendor", side="vendor", by=account_manager)
    services.tool_add(engagement=co_managed, name="Extra tool", by=account_manager)
    co_managed.refresh_from_db()
    with django_assert_max_num_queries(len(small.captured_queries)):
        post_cell(client, co_managed, patching, it_manager, "A", **HTMX)
