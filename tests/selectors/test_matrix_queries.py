"""Loading and analysing an engagement costs a fixed number of queries, whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements.analysis import engagement_findings, summarize
from engagements.models import Engagement
from engagements.selectors.matrix import load_matrices, load_matrix
from tests.factories import ClientFactory, UserFactory
from tests.helpers import bulk

pytestmark = pytest.mark.django_db


def _findings_queries(pk: int) -> tuple[int, list]:
    engagement = Engagement.objects.get(pk=pk)  # its client is not loaded with it
    with CaptureQueriesContext(connection) as captured:
        data = load_matrix(engagement)
        findings = engagement_findings(data)
        summarize(data, findings)
    return len(captured), findings


def test_findings_for_500_activities_cost_the_same_queries_as_for_5(django_assert_max_num_queries):
    client, am = ClientFactory(), UserFactory()
    small = bulk.engagement(client=client, account_manager=am, acts=bulk.activities(5))
    large = bulk.engagement(client=client, account_manager=am, acts=bulk.activities(500))

    small_queries, _ = _findings_queries(small.pk)
    large_queries, findings = _findings_queries(large.pk)

    # Ten: the matrix (with the people on each role and the response targets) and the client.
    assert large_queries == small_queries <= 11
    codes = [f.code for f in findings]
    assert codes.count("GAP_NO_ACCOUNTABLE") == 100
    assert codes.count("OVERLAP_MULTIPLE_ACCOUNTABLE") == 100
    assert codes.count("OVERLAP_UNSPLIT_SHARED") == 100
    assert codes.count("GAP_CLIENT_NOT_INFORMED") == 200  # the silo rows and the empty rows

    loaded = Engagement.objects.select_related("client").get(pk=large.pk)
    with django_assert_max_num_queries(10):  # the client came with the engagement
        engagement_findings(load_matrix(loaded))


def test_loading_many_engagements_together_gives_what_loading_each_gives(
    django_assert_num_queries,
):
    client, am = ClientFactory(), UserFactory()
    engagements = [
        bulk.engagement(client=client, account_manager=am, acts=bulk.activities(n))
        for n in (3, 7, 0)
    ]
    together = load_matrices(Engagement.objects.filter(pk__in=[e.pk for e in engagements]))
    assert set(together) == {e.pk for e in engagements}
    for e in engagements:
        alone, batch = load_matrix(e), together[e.pk]
        assert [r.id for r in batch.rows] == [r.id for r in alone.rows]
        assert [r.id for r in batch.roles] == [r.id for r in alone.roles]
        assert batch.cells == alone.cells
        assert batch.coverage == alone.coverage
        assert [t.id for t in batch.tools] == [t.id for t in alone.tools]
        assert set(batch.acknowledgements) == set(alone.acknowledgements)
        assert [f.key for f in engagement_findings(batch)] == [
            f.key for f in engagement_findings(alone)
        ]
    with django_assert_num_queries(0):  # activities, domains and clients came with the rows
        names = {
            (row.activity.name, row.activity.domain.name, data.engagement.client.time_zone)
            for data in together.values()
            for row in data.rows
        }
    assert len(names) == 10


def test_loading_no_engagements_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert load_matrices([]) == {}
