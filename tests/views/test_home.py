"""Login and the portfolio home page."""

import pytest

from engagements import services
from engagements.models import ServiceModel, Status
from tests.helpers.matrix import row_of
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_login_page_is_styled_and_labelled(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "raci/raci.css" in html
    assert '<label for="id_username">' in html and '<label for="id_password">' in html


def test_logging_in_lands_on_the_portfolio(client, account_manager):
    response = client.post(
        "/accounts/login/",
        {"username": "am", "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Your clients' engagements" in response.content.decode()


def test_an_account_manager_sees_their_clients_engagements_with_counts(
    client, account_manager, co_managed, globex_engagement
):
    services.assignment_set(
        engagement=co_managed,
        row=row_of(co_managed, "patching.servers"),
        role=co_managed.roles.get(name="Client IT manager"),
        letters="",
        by=account_manager,
    )
    client.force_login(account_manager)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Acme Logistics" in html and "Co-managed IT" in html
    assert "Globex" not in html
    line = next(line for g in response.context["groups"] for line in g.lines)
    assert (line.engagement, line.errors) == (co_managed, 1)
    assert f'href="/engagements/{co_managed.pk}/"' in html


def test_a_client_it_manager_sees_only_their_own_company(
    client, client_it_manager, co_managed, globex_engagement
):
    client.force_login(client_it_manager)
    response = client.get("/")
    html = response.content.decode()
    assert "Acme Logistics" in html and "Globex" not in html
    assert "Your company's engagements" in html
    assert "Start a new engagement" not in html


def test_superseded_revisions_are_not_in_the_portfolio(
    client, account_manager, client_it_manager, fully_managed
):
    services.engagement_submit(engagement=fully_managed, by=account_manager)
    services.engagement_approve(engagement=fully_managed, by=client_it_manager, **SIGNATURE)
    newer = services.engagement_revise(engagement=fully_managed, by=account_manager)
    client.force_login(account_manager)
    response = client.get("/")
    shown = [line.engagement for g in response.context["groups"] for line in g.lines]
    assert shown == [newer]


def test_the_portfolio_filters_by_status_and_model(
    client, account_manager, co_managed, fully_managed
):
    services.engagement_submit(engagement=fully_managed, by=account_manager)
    client.force_login(account_manager)

    def shown(query):
        response = client.get("/", query)
        return [line.engagement for g in response.context["groups"] for line in g.lines]

    assert shown({"status": Status.IN_REVIEW}) == [fully_managed]
    assert shown({"service_model": ServiceModel.CO_MANAGED}) == [co_managed]
    assert set(shown({})) == {co_managed, fully_managed}


def test_filtering_by_another_clients_id_is_refused_not_leaked(
    client, account_manager, co_managed, globex, globex_engagement
):
    from tests.factories import ClientFactory, MembershipFactory

    # A second client of their own, so the page offers the client filter at all.
    MembershipFactory(user=account_manager, client=ClientFactory(name="Initech"))
    client.force_login(account_manager)
    response = client.get("/", {"client": globex.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Globex" not in html
    assert "Select a valid choice" in html


def test_the_portfolio_costs_the_same_queries_for_one_or_many_engagements(
    client, acme, account_manager, django_assert_max_num_queries
):
    client.force_login(account_manager)
    services.engagement_create(
        client=acme, title="One", service_model=ServiceModel.CO_MANAGED, by=account_manager
    )
    # Counts not stored yet (nothing is committed in a test): the page's and the totals'
    # engagements are counted in memory, each in a fixed number of queries.
    with django_assert_max_num_queries(40) as one:
        client.get("/")
    for n in range(3):
        services.engagement_create(
            client=acme,
            title=f"More {n}",
            service_model=ServiceModel.CO_MANAGED,
            by=account_manager,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/")
    assert len([line for g in response.context["groups"] for line in g.lines]) == 4
