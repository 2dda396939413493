"""No lost edits on the pages: every editing form sends the matrix version it was loaded
with, and a change made by someone else since is never overwritten: the page says who
changed it and keeps what was typed."""

import re
from html import unescape

import pytest

from engagements import services
from engagements.models import Engagement
from tests.helpers.http import HTMX, cell_url
from tests.helpers.matrix import letters, role_of, row_of

pytestmark = pytest.mark.django_db

# Forms on the matrix page that are not edits of the matrix: a workflow step, and the
# comment box (the discussion is not versioned: comments only add).
NOT_MATRIX_EDITS = ("/submit/", "/comments/", "/acknowledge/", "/unacknowledge/", "/logout/")


@pytest.fixture
def colleague_changed_it(co_managed, account_manager):
    """The version the page showed, then a change by the account manager "am" elsewhere."""
    seen = co_managed.version
    services.assignment_set(
        engagement=co_managed,
        row=row_of(co_managed, "patching.servers"),
        role=role_of(co_managed, "MSP NOC"),
        letters="AR",
        by=account_manager,
    )
    return seen


def test_every_editing_form_on_the_matrix_page_sends_the_version_it_showed(
    client, account_manager, co_managed
):
    co_managed.refresh_from_db()
    client.force_login(account_manager)
    html = client.get(f"/engagements/{co_managed.pk}/").content.decode()
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    edits = [(action, body) for action, body in forms if not action.endswith(NOT_MATRIX_EDITS)]
    assert len(edits) > 10
    version = f'name="expected_version" value="{co_managed.version}"'
    missing = [action for action, body in edits if version not in body]
    assert missing == []


def test_a_cell_typed_over_a_newer_matrix_names_who_changed_it_in_the_cell(
    client, account_manager, co_managed, colleague_changed_it
):
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "Client IT manager")
    client.force_login(account_manager)
    response = client.post(
        cell_url(co_managed, row, role),
        {f"c-{row.pk}-{role.pk}": "I", "expected_version": colleague_changed_it},
        **HTMX,
    )
    html = unescape(response.content.decode())
    assert response.status_code == 412
    cell = html.split("</td>")[0]
    assert 'value="I"' in cell  # what was typed stays in the cell
    assert "Not saved: Alex Morgan changed the matrix since you loaded it." in cell
    assert letters(row, role) == "A"
    assert letters(row, role_of(co_managed, "MSP NOC")) == "AR"


def test_a_domain_form_sent_over_a_newer_matrix_saves_nothing_and_keeps_what_was_typed(
    client, account_manager, co_managed, colleague_changed_it
):
    row = row_of(co_managed, "patching.servers")
    mine, theirs = role_of(co_managed, "Client IT manager"), role_of(co_managed, "MSP NOC")
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/cells/",
        {
            f"c-{row.pk}-{mine.pk}": "I",
            f"c-{row.pk}-{theirs.pk}": "C",
            "expected_version": colleague_changed_it,
        },
    )
    html = unescape(response.content.decode())
    assert response.status_code == 412
    assert "Nothing was saved. The matrix was changed by Alex Morgan since you loaded it." in html
    assert html.count("Not saved: Alex Morgan changed the matrix since you loaded it.") == 2
    assert f'name="c-{row.pk}-{theirs.pk}" value="C"' in html
    assert (letters(row, mine), letters(row, theirs)) == ("A", "AR")


def test_details_sent_over_a_newer_matrix_do_not_overwrite_it(
    client, account_manager, co_managed, colleague_changed_it
):
    services.engagement_update(
        engagement=Engagement.objects.get(pk=co_managed.pk), by=account_manager, title="Theirs"
    )
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/details/",
        {
            "expected_version": colleague_changed_it,
            "details-title": "Mine",
            "details-business_days": ["1", "2", "3", "4", "5"],
            "details-business_start": "08:00",
            "details-business_end": "17:00",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
        follow=True,
    )
    assert "The matrix was changed by Alex Morgan since you loaded it." in unescape(
        response.content.decode()
    )
    assert Engagement.objects.get(pk=co_managed.pk).title == "Theirs"


def test_details_sent_with_the_current_version_are_saved(client, account_manager, co_managed):
    client.force_login(account_manager)
    client.post(
        f"/engagements/{co_managed.pk}/details/",
        {
            "expected_version": co_managed.version,
            "details-title": "Mine",
            "details-business_days": ["1", "2", "3", "4", "5"],
            "details-business_start": "08:00",
            "details-business_end": "17:00",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
    )
    assert Engagement.objects.get(pk=co_managed.pk).title == "Mine"


def test_a_refused_change_leaves_the_page_offering_the_stored_version(co_managed, account_manager):
    """A change of two parts whose second part is refused rolls both back, and the page that
    shows the refusal offers the version that is really stored, so the corrected save is not
    taken for a stale one."""
    from engagements.views.common import attempt

    seen = co_managed.version
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")

    def two_parts():
        services.assignment_set(
            engagement=co_managed,
            row=row,
            role=role,
            letters="I",
            by=account_manager,
            expected_version=seen,
        )
        services.assignment_set(
            engagement=co_managed, row=row, role=role, letters="Q", by=account_manager
        )

    outcome = attempt(two_parts)
    assert not outcome.ok
    assert co_managed.version == seen == Engagement.objects.get(pk=co_managed.pk).version
    assert letters(row, role) != "I"
