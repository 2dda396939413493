"""Signed-off template engagements to move between models."""

import pytest

from engagements import services


def _sign(engagement, account_manager, client_it_manager):
    services.engagement_submit(engagement=engagement, by=account_manager)
    services.engagement_approve(engagement=engagement, by=client_it_manager)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def signed_fully_managed(fully_managed, account_manager, client_it_manager):
    """Acme's fully managed engagement, revision 1, signed off by the client."""
    return _sign(fully_managed, account_manager, client_it_manager)


@pytest.fixture
def signed_co_managed(co_managed, account_manager, client_it_manager):
    return _sign(co_managed, account_manager, client_it_manager)
