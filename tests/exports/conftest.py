"""Fixtures for the workbook tests."""

import pytest

from engagements import services
from engagements.models import MatrixRow, Role, ServiceModel, Tool
from tests.exports.helpers import (
    CATEGORY,
    CLIENT,
    ERROR_LOOKALIKE,
    NOTE,
    PERSON,
    ROLE,
    TITLE,
    TOOL,
    TOOL_NOTES,
)
from tests.factories import ClientFactory, MembershipFactory


@pytest.fixture
def hostile(account_manager):
    """An engagement whose every user-typed field starts like a formula."""
    client = ClientFactory(name=CLIENT, slug="hostile")
    MembershipFactory(user=account_manager, client=client)
    engagement = services.engagement_create(
        client=client, title=TITLE, service_model=ServiceModel.CO_MANAGED, by=account_manager
    )
    role = Role.objects.get(engagement=engagement, name="MSP NOC")
    services.role_update(role=role, name=ROLE, person_name=PERSON, by=account_manager)
    row = MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers")
    services.row_update(row=row, split_note=NOTE, by=account_manager)
    tool = Tool.objects.get(engagement=engagement, name="MSP RMM")
    services.tool_update(tool=tool, name=TOOL, by=account_manager)
    # The services trim names; a tab or carriage return at the start can still arrive in
    # free text (notes) and in data loaded by other means.
    Tool.objects.filter(pk=tool.pk).update(category=CATEGORY, notes=TOOL_NOTES)
    services.tool_add(engagement=engagement, name=ERROR_LOOKALIKE, by=account_manager)
    return engagement
