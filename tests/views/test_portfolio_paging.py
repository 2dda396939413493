"""The portfolio pages through clients and searches them by name, status, model and errors,
in the same queries for a handful of clients or many; its totals cover everything the
filters match, not just the page shown."""

import pytest
from rest_framework.test import APIClient

from engagements import services
from engagements.models import MembershipKind, ServiceModel, Status
from engagements.views.portfolio import CLIENTS_PER_PAGE
from tests.factories import ClientFactory, EngagementFactory, MembershipFactory
from tests.selectors.test_findings_counts import _a_gap

pytestmark = pytest.mark.django_db


def _clients(account_manager, n, prefix="Bulk"):
    made = []
    for i in range(n):
        client = ClientFactory(name=f"{prefix} {i:03d}", slug=f"{prefix.lower()}-{i:03d}")
        MembershipFactory(user=account_manager, client=client, kind=MembershipKind.ACCOUNT_MANAGER)
        EngagementFactory(client=client, account_manager=account_manager, title=f"IT {i}")
        made.append(client)
    return made


def _shown(response):
    return [group.client.name for group in response.context["groups"]]


def _engagements(response):
    return [line.engagement for group in response.context["groups"] for line in group.lines]


@pytest.fixture
def am(client, account_manager):
    client.force_login(account_manager)
    return client


def test_the_portfolio_shows_a_page_of_clients_at_a_time(am, account_manager, acme):
    _clients(account_manager, CLIENTS_PER_PAGE + 5)

    first = am.get("/")
    second = am.get("/", {"page": 2})

    assert len(_shown(first)) == CLIENTS_PER_PAGE
    assert _shown(second)[-1] == f"Bulk {CLIENTS_PER_PAGE + 4:03d}"
    assert set(_shown(first)).isdisjoint(_shown(second))
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_a_page_costs_the_same_queries_for_few_clients_or_many(
    am, account_manager, acme, django_assert_max_num_queries
):
    _clients(account_manager, 3)
    services.findings_counts_refresh()
    with django_assert_max_num_queries(50) as few:
        am.get("/")

    _clients(account_manager, CLIENTS_PER_PAGE * 3, prefix="More")
    services.findings_counts_refresh()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = am.get("/")
    assert response.context["totals"].engagements == 3 + CLIENTS_PER_PAGE * 3


def test_clients_are_found_by_part_of_their_name(am, account_manager, acme, co_managed):
    _clients(account_manager, 5)

    response = am.get("/", {"q": "logist"})

    assert _shown(response) == ["Acme Logistics"]
    assert _engagements(response) == [co_managed]


def test_the_errors_filter_keeps_the_engagements_with_errors_nobody_accepted(
    am, account_manager, co_managed, fully_managed
):
    _a_gap(co_managed, account_manager)
    services.findings_counts_refresh()
    with_errors = set(_engagements(am.get("/", {"has_errors": "true"})))
    without = set(_engagements(am.get("/", {"has_errors": "false"})))

    assert co_managed in with_errors
    assert co_managed not in without
    assert with_errors | without == {co_managed, fully_managed}


def test_the_errors_filter_counts_engagements_whose_stored_counts_are_stale(
    am, account_manager, co_managed
):
    services.findings_counts_refresh()
    _a_gap(co_managed, account_manager)  # not committed: the stored count says no error

    assert _engagements(am.get("/", {"has_errors": "true"})) == [co_managed]


def test_totals_cover_every_matched_engagement_not_only_the_page(am, account_manager, acme):
    _clients(account_manager, CLIENTS_PER_PAGE + 5)
    services.findings_counts_refresh()

    totals = am.get("/", {"service_model": ServiceModel.CO_MANAGED}).context["totals"]

    assert totals.engagements == CLIENTS_PER_PAGE + 5


def test_the_filters_combine_and_the_page_links_keep_them(am, account_manager, acme):
    _clients(account_manager, CLIENTS_PER_PAGE + 5)

    response = am.get("/", {"q": "bulk", "status": Status.DRAFT})

    html = response.content.decode()
    assert len(_shown(response)) == CLIENTS_PER_PAGE
    assert "q=bulk&amp;status=draft&amp;page=2" in html


def test_the_engagements_api_searches_by_client_name(account_manager, co_managed, acme):
    _clients(account_manager, 3)
    api = APIClient()
    api.force_authenticate(account_manager)

    body = api.get("/api/engagements/", {"search": "ACME"}).json()

    assert [item["id"] for item in body["results"]] == [co_managed.pk]


def test_the_engagements_api_page_costs_the_same_queries_for_few_engagements_or_many(
    account_manager, acme, django_assert_num_queries
):
    api = APIClient()
    api.force_authenticate(account_manager)
    _clients(account_manager, 3)
    services.findings_counts_refresh()
    few = len(api.get("/api/engagements/").json()["results"])
    # The count for the pager, the page with its stored counts (and next revisions), the
    # MSP's name: nothing per engagement.
    with django_assert_num_queries(3):
        api.get("/api/engagements/")

    _clients(account_manager, 30, prefix="More")
    services.findings_counts_refresh()
    with django_assert_num_queries(3):
        many = len(api.get("/api/engagements/").json()["results"])
    assert few < many


def test_the_engagements_api_counts_an_engagement_changed_a_moment_ago(account_manager, co_managed):
    api = APIClient()
    api.force_authenticate(account_manager)
    services.findings_counts_refresh()
    before = api.get("/api/engagements/").json()["results"][0]

    _a_gap(co_managed, account_manager)  # no refresh: its stored counts are now stale

    after = api.get("/api/engagements/").json()["results"][0]
    assert after["id"] == before["id"] == co_managed.pk
    assert after != before
