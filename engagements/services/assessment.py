"""The model questionnaire kept with each client, and starting an engagement from what it
recommends."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from engagements.analysis.recommendation import ANSWER_FIELDS, recommend_for
from engagements.models import Assessment, Client, Engagement, ITTeam, Transition
from engagements.permissions import can_edit, can_view
from engagements.reference.templates import get_template
from engagements.services.common import as_history_user
from engagements.services.engagements import engagement_create

YES_NO_FIELDS = tuple(name for name in ANSWER_FIELDS if name != "it_team")


def _team_choices() -> str:
    return ", ".join(f'"{value}" ({label})' for value, label in ITTeam.choices)


@transaction.atomic
def assessment_save(*, client: Client, by, **answers) -> Assessment:
    """Record the client's answers to the model questionnaire. The client's account manager
    or its own IT manager may answer, and change an answer later; the first save must say
    which describes the internal IT team."""
    if not can_view(by, client):
        raise PermissionDenied(
            "Only the account manager of this client or its IT manager can answer its "
            "questionnaire."
        )
    errors = {}
    for name in answers.keys() - set(ANSWER_FIELDS):
        errors[name] = "This is not a question of the model questionnaire."
    if "it_team" in answers and answers["it_team"] not in ITTeam.values:
        errors["it_team"] = (
            f'"{answers["it_team"]}" is not an answer to "Do you have an existing IT team?". '
            f"Choose one of {_team_choices()}."
        )
    for name in YES_NO_FIELDS:
        if name in answers and not isinstance(answers[name], bool):
            errors[name] = "Answer yes or no (true or false)."
    assessment = Assessment.objects.select_for_update().filter(client=client).first()
    if assessment is None:
        if "it_team" not in answers and "it_team" not in errors:
            errors["it_team"] = (
                f"Say which describes the internal IT team: choose one of {_team_choices()}."
            )
        assessment = Assessment(client=client)
    if errors:
        raise ValidationError(errors)
    for name, value in answers.items():
        setattr(assessment, name, value)
    assessment.updated_by = by
    assessment.full_clean()
    as_history_user(assessment, by).save()
    return assessment


@transaction.atomic
def engagement_start_from_recommendation(
    *, client: Client, by, title: str = "", **fields
) -> Engagement:
    """Create a draft engagement for the client from the template of the model its
    assessment recommends (the title defaults to the model's name, e.g. "Co-managed IT").
    Other fields (business hours, dates) are passed on to engagement_create."""
    if not can_edit(by, client):
        raise PermissionDenied("Only the account manager of this client can start an engagement.")
    assessment = Assessment.objects.filter(client=client).first()
    if assessment is None:
        raise ValidationError(
            {
                "assessment": f"{client.name} has not answered the model questionnaire yet: "
                "the recommendation comes from its answers."
            }
        )
    recommendation = recommend_for(assessment)
    engagement = engagement_create(
        client=client,
        title=(title or "").strip() or recommendation.label,
        service_model=recommendation.service_model,
        by=by,
        **fields,
    )
    engagement.workflow_events.filter(transition=Transition.CREATE).update(
        note=f"Created from the {get_template(recommendation.service_model).label.lower()} "
        "template, as the model "
        f"assessment recommends: {recommendation.summary}"
    )
    return engagement
