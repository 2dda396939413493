"""One action creates a draft engagement from the template of the recommended model."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.models import Engagement, ITTeam, ServiceModel, Status, Transition
from engagements.reference.templates import IT_MANAGER, SPONSOR
from engagements.selectors.matrix import load_matrix

pytestmark = pytest.mark.django_db


def test_a_mid_size_team_gets_a_co_managed_draft(acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.MID_NEEDS_DEPTH)
    engagement = services.engagement_start_from_recommendation(client=acme, by=account_manager)
    assert engagement.service_model == ServiceModel.CO_MANAGED
    assert engagement.status == Status.DRAFT
    assert engagement.title == "Co-managed IT"
    roles = {role.name for role in load_matrix(engagement).roles}
    assert IT_MANAGER in roles and SPONSOR not in roles
    event = engagement.workflow_events.get(transition=Transition.CREATE)
    assert event.note.startswith("Created from the co-managed template, as the model assessment")
    assert "Co-Managed IT (" in event.note


def test_no_internal_staff_gets_a_fully_managed_draft_with_the_given_title(acme, account_manager):
    services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.NONE, wants_full_control=True
    )
    engagement = services.engagement_start_from_recommendation(
        client=acme, by=account_manager, title="Acme managed IT 2027", business_start="07:00"
    )
    assert engagement.service_model == ServiceModel.FULLY_MANAGED
    assert engagement.title == "Acme managed IT 2027"
    assert engagement.business_start.hour == 7
    assert SPONSOR in {role.name for role in load_matrix(engagement).roles}


def test_without_answers_there_is_nothing_to_start_from(acme, account_manager):
    with pytest.raises(ValidationError) as caught:
        services.engagement_start_from_recommendation(client=acme, by=account_manager)
    assert "has not answered the model questionnaire" in caught.value.message_dict["assessment"][0]
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("who", ["client_it_manager", "other_account_manager"])
def test_only_the_clients_account_manager_may_start_one(acme, account_manager, who, request):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    with pytest.raises(PermissionDenied):
        services.engagement_start_from_recommendation(client=acme, by=request.getfixturevalue(who))
    assert not Engagement.objects.exists()
