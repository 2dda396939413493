"""The pages read what they show through selectors, each once: a fixed number of queries,
the same for a matrix of 10 activities as for one of 300. The numbers are written out so
that a read added to a page (or one repeated) shows up here."""

import pytest

from engagements import services
from tests.helpers import bulk

pytestmark = pytest.mark.django_db

# Every page: the session, the user, the revision (through engagement_list), and the user's
# memberships (permissions, once per request).
REQUEST = 4
# load_matrix: roles, rows, cells, coverage, tools, acknowledgements, selected controls,
# the people who hold each role and the response targets.
MATRIX = 9


@pytest.fixture
def small_and_large(acme, account_manager):
    """Two drafts of acme's, of 10 and of 300 activities, each with a comment on a row."""
    drafts = (
        bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(10)),
        bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(300)),
    )
    for draft in drafts:
        services.comment_add(
            engagement=draft,
            body="Who patches these?",
            by=account_manager,
            row=draft.rows.order_by("order").first(),
        )
    return drafts


def _costs(client, url, queries, django_assert_num_queries):
    client.get(url)  # once before: anything made on a first read is made
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_the_matrix_editor_costs_17_queries_for_10_or_300_activities(
    client, account_manager, small_and_large, django_assert_num_queries
):
    """The matrix, its comment counts, the reviewers, and for the editor the activities
    that can still be added and the domains a custom activity can go in."""
    client.force_login(account_manager)
    for draft in small_and_large:
        _costs(client, f"/engagements/{draft.pk}/", REQUEST + MATRIX + 4, django_assert_num_queries)


def test_the_read_only_matrix_costs_15_queries_for_10_or_300_activities(
    client, client_it_manager, small_and_large, django_assert_num_queries
):
    """The matrix, its comment counts and the reviewers: no editor, nothing to add."""
    client.force_login(client_it_manager)
    for draft in small_and_large:
        _costs(client, f"/engagements/{draft.pk}/", REQUEST + MATRIX + 2, django_assert_num_queries)


def test_the_review_page_costs_18_queries_for_10_or_300_activities(
    client, client_it_manager, small_and_large, django_assert_num_queries
):
    """The matrix, its comments (the rows' counts come from them), the reviewers, the
    workflow steps, the last signed revision (none here: a first revision) and the sides
    of whoever acknowledged its errors (one query, however many)."""
    client.force_login(client_it_manager)
    for draft in small_and_large:
        _costs(
            client,
            f"/engagements/{draft.pk}/review/",
            REQUEST + MATRIX + 5,
            django_assert_num_queries,
        )


def test_a_row_page_costs_the_same_queries_for_10_or_300_activities(
    client, account_manager, small_and_large, django_assert_num_queries
):
    """The row, the matrix, its comment counts and the row's comments."""
    client.force_login(account_manager)
    for draft in small_and_large:
        row = draft.rows.order_by("order").first()
        _costs(
            client,
            f"/engagements/{draft.pk}/rows/{row.pk}/",
            REQUEST + MATRIX + 3,
            django_assert_num_queries,
        )


def test_the_portfolio_costs_9_queries(
    client, account_manager, co_managed, django_assert_num_queries
):
    """Besides the session, the user and their memberships: the clients counted and the page
    of them, whether the user sees more than one client (else no client filter), their
    current revisions with their stored findings counts, the clients the user manages, the
    totals over every engagement the filters match (one aggregate, when every count is
    stored), and whether the user may start an engagement."""
    client.force_login(account_manager)
    services.findings_counts_refresh()  # what the commit after the last change stores
    _costs(client, "/", 9, django_assert_num_queries)
