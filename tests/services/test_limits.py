"""Ceilings per engagement: adding past one is refused with the limit named, at the
service and as a 400 in the API, and nothing is added."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.models import Side, Tool
from tests.helpers.http import api_client

pytestmark = pytest.mark.django_db


def test_a_role_past_the_ceiling_is_refused_naming_the_limit(co_managed, account_manager, settings):
    settings.RACI_MAX_ROLES = co_managed.roles.count()

    with pytest.raises(ValidationError) as error:
        services.role_add(engagement=co_managed, name="One more", side=Side.MSP, by=account_manager)

    assert "at most" in error.value.messages[0] and "RACI_MAX_ROLES" in error.value.messages[0]
    assert not co_managed.roles.filter(name="One more").exists()


def test_a_tool_past_the_ceiling_is_a_400_in_the_api(co_managed, account_manager, settings):
    settings.RACI_MAX_TOOLS = Tool.objects.filter(engagement=co_managed).count()

    response = api_client(account_manager).post(
        "/api/tools/", {"engagement": co_managed.pk, "name": "One more"}, format="json"
    )

    assert response.status_code == 400
    assert "RACI_MAX_TOOLS" in str(response.json())
    assert not Tool.objects.filter(engagement=co_managed, name="One more").exists()


def test_a_row_past_the_ceiling_is_a_400_in_the_api(co_managed, account_manager, settings):
    settings.RACI_MAX_ROWS = co_managed.rows.count()
    response = api_client(account_manager).post(
        f"/api/engagements/{co_managed.pk}/rows/",
        {"domain": co_managed.rows.first().activity.domain.code, "name": "One more"},
        format="json",
    )

    assert response.status_code == 400
    assert "RACI_MAX_ROWS" in str(response.json())


def test_below_the_ceiling_adding_works(co_managed, account_manager, settings):
    settings.RACI_MAX_ROLES = co_managed.roles.count() + 1

    services.role_add(engagement=co_managed, name="One more", side=Side.MSP, by=account_manager)

    assert co_managed.roles.filter(name="One more").exists()
