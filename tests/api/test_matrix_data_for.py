"""selectors.matrix_data_for (many engagements' matrices at once, for the engagement list's
finding counts and its has_errors filter) reads exactly what load_matrix reads for each."""

import dataclasses

import pytest

from engagements import selectors, services
from engagements.analysis import engagement_findings
from engagements.matrix_data import MatrixData, load_matrix
from engagements.models import Engagement

from .conftest import GAP_KEY, make_gap

pytestmark = pytest.mark.django_db


def _comparable(value):
    """Model instances by primary key, containers element by element."""
    if hasattr(value, "_meta"):
        return (type(value).__name__, value.pk)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_comparable(v) for v in value]
    return value


def test_every_field_matches_load_matrix(co_managed, fully_managed, globex_engagement, admin_user):
    make_gap(co_managed, co_managed.account_manager)
    services.finding_acknowledge(
        engagement=co_managed, finding_key=GAP_KEY, reason="ok", by=admin_user
    )

    loaded = selectors.matrix_data_for(Engagement.objects.all())

    assert set(loaded) == {co_managed.pk, fully_managed.pk, globex_engagement.pk}
    for pk, data in loaded.items():
        single = load_matrix(Engagement.objects.get(pk=pk))
        for field in dataclasses.fields(MatrixData):
            assert _comparable(getattr(data, field.name)) == _comparable(
                getattr(single, field.name)
            ), field.name
        assert engagement_findings(data) == engagement_findings(single)


def test_it_takes_the_same_eight_queries_for_one_engagement_or_many(
    co_managed, fully_managed, django_assert_num_queries
):
    engagements = list(Engagement.objects.all())

    with django_assert_num_queries(8):
        selectors.matrix_data_for(engagements)
    with django_assert_num_queries(8):
        selectors.matrix_data_for(engagements[:1])


def test_nothing_to_load(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.matrix_data_for([]) == {}
