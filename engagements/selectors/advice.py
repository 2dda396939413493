"""Reads for the model questionnaire and its recommendation."""

from django.db.models import QuerySet

from engagements.analysis.recommendation import recommend_for
from engagements.models import Assessment, Client
from engagements.selectors.engagements import client_list


def assessment_list(*, user) -> QuerySet:
    """Questionnaire answers of the clients this user may see."""
    return Assessment.objects.filter(client__in=client_list(user=user)).select_related(
        "client", "updated_by"
    )


def assessment_of(*, client: Client):
    """The client's questionnaire answers, or None before anyone has answered."""
    return Assessment.objects.select_related("updated_by").filter(client=client).first()


def recommendation_for_client(*, client: Client):
    """(answers, recommendation) for a client the caller already sees; (None, None) when the
    questionnaire has not been answered. Two queries at most, whatever the answers."""
    assessment = assessment_of(client=client)
    if assessment is None:
        return None, None
    return assessment, recommend_for(assessment)
