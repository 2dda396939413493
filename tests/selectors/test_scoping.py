import pytest

from engagements import selectors

pytestmark = pytest.mark.django_db


def test_an_account_manager_sees_only_their_clients_engagements(
    co_managed, globex_engagement, account_manager
):
    assert list(selectors.engagement_list(user=account_manager)) == [co_managed]


def test_a_client_it_manager_sees_only_their_own_company(
    co_managed, globex_engagement, client_it_manager, other_client_it_manager
):
    assert list(selectors.engagement_list(user=client_it_manager)) == [co_managed]
    assert list(selectors.engagement_list(user=other_client_it_manager)) == [globex_engagement]


def test_a_superuser_sees_everything(co_managed, globex_engagement, admin_user):
    assert set(selectors.engagement_list(user=admin_user)) == {co_managed, globex_engagement}


def test_cells_and_tools_are_scoped_the_same_way(co_managed, globex_engagement, account_manager):
    assert {a.row.engagement_id for a in selectors.assignment_list(user=account_manager)} == {
        co_managed.pk
    }
    assert {t.engagement_id for t in selectors.tool_list(user=account_manager)} == {co_managed.pk}


def test_a_user_with_no_membership_sees_nothing(co_managed, django_user_model):
    stranger = django_user_model.objects.create_user("stranger")
    assert not selectors.engagement_list(user=stranger).exists()
    assert not selectors.client_list(user=stranger).exists()
