"""The paths `make bench` times (bench/run.py) cost the same number of queries for a small
matrix or portfolio as for a large one. The matrix document, the API lists, the findings
and the portfolio summary have theirs beside their other tests (tests/api/test_queries.py,
tests/analysis/test_queries.py and test_portfolio.py); these are the rest."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements.models import MembershipKind
from engagements.services import findings_counts_refresh
from tests.factories import ClientFactory, MembershipFactory
from tests.helpers import bulk

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    findings_counts_refresh()  # as after each change: the portfolio reads stored counts
    call()  # once before, as a user's second request
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.fixture
def small_and_large(acme, account_manager):
    """Two drafts of acme's, of 10 and of 300 activities."""
    return (
        bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(10)),
        bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(300)),
    )


def _get(client, url):
    def call():
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]

    return call


def test_the_matrix_editor_costs_the_same_queries_for_10_or_300_activities(
    client, account_manager, small_and_large
):
    client.force_login(account_manager)
    small, large = (_queries(_get(client, f"/engagements/{e.pk}/")) for e in small_and_large)
    assert large == small


def test_the_workbook_export_costs_the_same_queries_for_10_or_300_activities(
    client, account_manager, small_and_large
):
    client.force_login(account_manager)
    small, large = (
        _queries(_get(client, f"/api/engagements/{e.pk}/export.xlsx")) for e in small_and_large
    )
    assert large == small


def test_a_cell_edit_costs_the_same_queries_for_10_or_300_activities(
    client, account_manager, small_and_large
):
    """PATCH one cell with Prefer: return=minimal, as bench/run.py does."""
    client.force_login(account_manager)

    def edit(engagement):
        letters = iter(["C", "I"] * 5)

        def call():
            engagement.refresh_from_db()
            response = client.patch(
                f"/api/engagements/{engagement.pk}/matrix/",
                json.dumps(
                    {
                        "cells": [
                            {
                                "activity": engagement.rows.order_by("order")[0].activity.code,
                                "role": "MSP vCIO",
                                "letters": next(letters),
                            }
                        ]
                    }
                ),
                content_type="application/json",
                headers={"If-Match": engagement.etag, "Prefer": "return=minimal"},
            )
            assert response.status_code == 204, response.content[:200]

        return call

    small, large = (_queries(edit(e)) for e in small_and_large)
    assert large == small


@pytest.mark.parametrize("path", ["/", "/api/engagements/"], ids=["portfolio page", "api list"])
def test_the_portfolio_costs_the_same_queries_for_2_or_20_clients(
    client, account_manager, acme, path
):
    client.force_login(account_manager)
    acts = bulk.activities(10)

    def add_clients(n):
        for _ in range(n):
            other = ClientFactory()
            MembershipFactory(
                user=account_manager, client=other, kind=MembershipKind.ACCOUNT_MANAGER
            )
            bulk.engagement(client=other, account_manager=account_manager, acts=acts)

    add_clients(2)
    few = _queries(_get(client, path))
    add_clients(18)
    many = _queries(_get(client, path))
    assert many == few
