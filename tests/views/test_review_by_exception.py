"""The review page leads with what needs the reviewer: the decision, the findings that block
or warn, the changes since the last signed revision (or "first revision") and the comment
threads, each linking into the matrix; the full matrix follows, filtered on request."""

from html import unescape

import pytest

from engagements import services
from engagements.models import Comment
from tests.helpers.matrix import role_of, row_of
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_in_review(co_managed, account_manager, client_it_manager):
    """Revision 1 signed off; revision 2 in review, where the NOC now answers for server
    patches and the client IT manager is only informed."""
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    row = row_of(new, "patching.servers")
    services.assignment_set(
        engagement=new, row=row, role=role_of(new, "MSP NOC"), letters="AR", by=account_manager
    )
    services.assignment_set(
        engagement=new,
        row=row,
        role=role_of(new, "Client IT manager"),
        letters="I",
        by=account_manager,
    )
    services.engagement_submit(engagement=new, by=account_manager)
    return new


def page(client, engagement, query=""):
    response = client.get(f"/engagements/{engagement.pk}/review/{query}")
    assert response.status_code == 200
    return response, unescape(response.content.decode())


def test_the_decision_findings_changes_and_threads_come_before_the_matrix(
    client, client_it_manager, second_in_review
):
    Comment.objects.create(
        engagement=second_in_review,
        row=row_of(second_in_review, "patching.servers"),
        author=client_it_manager,
        body="Why does the NOC sign off patching now?",
    )
    client.force_login(client_it_manager)
    _response, html = page(client, second_in_review)
    order = [
        html.index("Approve and sign off"),
        html.index('id="review-findings"'),
        html.index("Changes since revision 1 (signed off)"),
        html.index("Comment threads"),
        html.index('id="full-matrix"'),
    ]
    assert order == sorted(order)
    assert "1 activity changed since revision 1" in html
    assert "Changed: 2 cells." in html
    # The thread links into the matrix row below, where the reviewer answers it.
    patching = row_of(second_in_review, "patching.servers")
    threads = html[html.index("Comment threads") : html.index('id="full-matrix"')]
    assert f'href="#row-{patching.pk}"' in threads
    assert "Why does the NOC sign off patching now?" in threads
    assert f'id="row-{patching.pk}"' in html


def test_a_first_revision_says_so(client, client_it_manager, co_managed, account_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(client_it_manager)
    response, html = page(client, co_managed)
    assert "First revision: nothing was signed before it" in html
    assert response.context["diff"] is None
    # No "changed" filter when there is nothing to compare with.
    assert 'value="changed"' not in html


def test_blocking_errors_lead_the_page_with_links_into_the_matrix(
    client, client_it_manager, co_managed, account_manager
):
    row = row_of(co_managed, "patching.servers")
    services.assignment_set(
        engagement=co_managed,
        row=row,
        role=role_of(co_managed, "Client IT manager"),
        letters="",
        by=account_manager,
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(client_it_manager)
    _response, html = page(client, co_managed)
    assert "1 error</strong> blocks sign-off" in html
    findings = html[html.index('id="review-findings"') : html.index('id="full-matrix"')]
    assert f'href="#row-{row.pk}"' in findings


@pytest.mark.parametrize(
    "rows, expected",
    [("changed", {"patching.servers"}), ("comments", {"helpdesk.tier1"})],
)
def test_the_matrix_filters_to_changed_or_commented_rows(
    client, client_it_manager, second_in_review, rows, expected
):
    Comment.objects.create(
        engagement=second_in_review,
        row=row_of(second_in_review, "helpdesk.tier1"),
        author=client_it_manager,
        body="Fine by us.",
    )
    client.force_login(client_it_manager)
    response, _html = page(client, second_in_review, f"?rows={rows}")
    shown = {r.row.activity.code for d in response.context["shown"].domains for r in d.rows}
    assert shown == expected


def test_the_findings_filter_shows_only_rows_with_findings(
    client, client_it_manager, second_in_review
):
    client.force_login(client_it_manager)
    response, _html = page(client, second_in_review, "?rows=findings")
    shown = [r for d in response.context["shown"].domains for r in d.rows]
    assert all(r.findings for r in shown)
    total = sum(len(d.rows) for d in response.context["matrix"].domains)
    assert len(shown) < total


def test_an_unknown_filter_shows_every_row(client, client_it_manager, second_in_review):
    client.force_login(client_it_manager)
    response, _html = page(client, second_in_review, "?rows=<script>")
    assert response.context["shown"] is response.context["matrix"]


def test_the_review_page_costs_a_fixed_number_of_queries(
    client, client_it_manager, second_in_review, django_assert_max_num_queries
):
    client.force_login(client_it_manager)
    with django_assert_max_num_queries(45):
        page(client, second_in_review)
