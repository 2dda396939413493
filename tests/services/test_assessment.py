"""The client's answers to the model questionnaire: who may give them, and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.doors import through
from engagements.models import Assessment, Door, ITTeam

pytestmark = pytest.mark.django_db


def test_the_account_manager_answers_for_a_client(acme, account_manager):
    assessment = services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.SMALL_OVERWHELMED, recurring_backlogs=True
    )
    stored = Assessment.objects.get(client=acme)
    assert stored.pk == assessment.pk
    assert stored.it_team == ITTeam.SMALL_OVERWHELMED
    assert stored.recurring_backlogs is True
    assert stored.wants_full_control is False
    assert stored.updated_by == account_manager


def test_the_client_it_manager_may_change_an_answer_later(acme, account_manager, client_it_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.SMALL_OVERWHELMED)
    services.assessment_save(client=acme, by=client_it_manager, wants_full_control=True)
    stored = Assessment.objects.get(client=acme)
    assert (stored.it_team, stored.wants_full_control) == (ITTeam.SMALL_OVERWHELMED, True)
    assert stored.updated_by == client_it_manager
    assert Assessment.objects.count() == 1


def test_history_records_who_answered_and_through_which_door(acme, account_manager):
    with through(Door.API):
        services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    record = Assessment.history.get()
    assert record.history_user == account_manager
    assert record.door == Door.API


@pytest.mark.parametrize("who", ["other_account_manager", "other_client_it_manager"])
def test_people_of_another_client_cannot_answer(acme, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.assessment_save(client=acme, by=user, it_team=ITTeam.NONE)
    assert not Assessment.objects.exists()


def test_an_unknown_team_answer_is_a_field_error_and_nothing_changes(acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.MID_NEEDS_DEPTH)
    with pytest.raises(ValidationError) as caught:
        services.assessment_save(
            client=acme, by=account_manager, it_team="huge", wants_full_control=True
        )
    assert set(caught.value.message_dict) == {"it_team"}
    assert '"huge" is not an answer' in caught.value.message_dict["it_team"][0]
    stored = Assessment.objects.get(client=acme)
    assert (stored.it_team, stored.wants_full_control) == (ITTeam.MID_NEEDS_DEPTH, False)


def test_yes_no_answers_must_be_yes_or_no(acme, account_manager):
    with pytest.raises(ValidationError) as caught:
        services.assessment_save(
            client=acme,
            by=account_manager,
            it_team=ITTeam.NONE,
            wants_full_control="maybe",
            staff_turnover=1,
        )
    assert caught.value.message_dict == {
        "wants_full_control": ["Answer yes or no (true or false)."],
        "staff_turnover": ["Answer yes or no (true or false)."],
    }
    assert not Assessment.objects.exists()


def test_a_question_not_on_the_questionnaire_is_refused(acme, account_manager):
    with pytest.raises(ValidationError) as caught:
        services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE, budget=9)
    assert set(caught.value.message_dict) == {"budget"}
    assert not Assessment.objects.exists()


def test_the_first_answers_must_say_which_it_team_the_client_has(acme, account_manager):
    with pytest.raises(ValidationError) as caught:
        services.assessment_save(client=acme, by=account_manager, wants_full_control=True)
    assert "Say which describes the internal IT team" in caught.value.message_dict["it_team"][0]
    assert not Assessment.objects.exists()
