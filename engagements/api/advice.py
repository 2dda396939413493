"""Choosing a model and moving between models, over the API.

  GET, PUT  /api/clients/{id}/assessment/       the client's answers to the questionnaire
  GET       /api/clients/{id}/recommendation/   fits per model per answer, overall, reasons
  POST      /api/clients/{id}/recommendation/   start a draft from the recommended template
  POST      /api/engagements/{id}/transition/   move to the other model for some domains

Who: anyone who sees the client reads both; the client's account manager and its own IT
manager answer the questionnaire (as on the page); only the account manager starts a draft
or moves an engagement (403 for the IT manager). Another client's id is a 404.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors, services
from engagements.analysis.recommendation import PREFERENCE_FIELDS, SIGNAL_FIELDS, ReasonKind
from engagements.api.base import ApiViewMixin, id_or_404, if_match_version
from engagements.api.errors import ErrorSerializer
from engagements.api.serializers import EngagementSerializer
from engagements.models import Client, Engagement, ITTeam, ServiceModel, Status
from engagements.permissions import can_edit
from engagements.reference.article import FIT_LEVELS

YES_NO_FIELDS = (*PREFERENCE_FIELDS, *SIGNAL_FIELDS)
START_REFUSED = "Only the account manager of this client can start an engagement."
MOVE_REFUSED = "Only the account manager of this client can move it to another model."

# -- shapes ---------------------------------------------------------------------------------


class AssessmentSerializer(serializers.Serializer):
    client = serializers.IntegerField(help_text="The client's id.")
    answered = serializers.BooleanField(help_text="False until someone answers; then the rest.")
    it_team = serializers.ChoiceField(
        choices=ITTeam.choices,
        allow_null=True,
        help_text='"Do you have an existing IT team?" (null before the first answer).',
    )
    wants_full_control = serializers.BooleanField()
    wants_hands_off_cost = serializers.BooleanField()
    needs_security_skills = serializers.BooleanField()
    recurring_backlogs = serializers.BooleanField()
    preventable_incidents = serializers.BooleanField()
    always_reactive = serializers.BooleanField()
    staff_turnover = serializers.BooleanField()
    stalled_projects = serializers.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True, help_text="Username.")


def assessment_document(client: Client, assessment) -> dict:
    document = {"client": client.pk, "answered": assessment is not None}
    document["it_team"] = assessment.it_team if assessment else None
    for name in YES_NO_FIELDS:
        document[name] = bool(assessment and getattr(assessment, name))
    document["updated_at"] = assessment.updated_at if assessment else None
    document["updated_by"] = (
        assessment.updated_by.username if assessment and assessment.updated_by else None
    )
    return AssessmentSerializer(document).data


class AssessmentWriteSerializer(serializers.Serializer):
    """Every answer at once (PUT replaces them): a yes/no left out is a "no"."""

    it_team = serializers.ChoiceField(
        choices=ITTeam.choices, help_text='"Do you have an existing IT team?"'
    )
    wants_full_control = serializers.BooleanField(default=False)
    wants_hands_off_cost = serializers.BooleanField(default=False)
    needs_security_skills = serializers.BooleanField(default=False)
    recurring_backlogs = serializers.BooleanField(default=False)
    preventable_incidents = serializers.BooleanField(default=False)
    always_reactive = serializers.BooleanField(default=False)
    staff_turnover = serializers.BooleanField(default=False)
    stalled_projects = serializers.BooleanField(default=False)


class AnswerFitSerializer(serializers.Serializer):
    scenario = serializers.CharField(help_text="The row of the article's table, word for word.")
    fit = serializers.ChoiceField(
        choices=[(f, f) for f in FIT_LEVELS], help_text="The cell, word for word."
    )
    weight = serializers.IntegerField(help_text="2 for the IT-team row, 1 for the others.")
    points = serializers.IntegerField()


class ModelFitSerializer(serializers.Serializer):
    service_model = serializers.ChoiceField(choices=ServiceModel.choices)
    column = serializers.CharField(help_text='The article\'s column, e.g. "Co-Managed IT".')
    score = serializers.IntegerField()
    ruled_out = serializers.BooleanField(help_text='A "Not recommended" cell applies.')
    signal_points = serializers.IntegerField(help_text="Points from outgrown-model signals.")
    fits = AnswerFitSerializer(many=True, help_text="The cell of each answered row.")


class ReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k, k) for k in (ReasonKind.SCENARIO, ReasonKind.SIGNAL, ReasonKind.RULE)]
    )
    text = serializers.CharField(help_text="The reason, quoting the article.")
    favours = serializers.CharField(
        allow_blank=True, help_text='The service model it argues for ("" when neutral).'
    )
    scenario = serializers.CharField(allow_blank=True, help_text="The row, word for word.")
    fully_managed = serializers.CharField(allow_blank=True, help_text="Its Fully Managed cell.")
    co_managed = serializers.CharField(allow_blank=True, help_text="Its Co-Managed cell.")
    quote = serializers.CharField(allow_blank=True, help_text="Words quoted for signals, rules.")


class RecommendationSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    service_model = serializers.ChoiceField(
        choices=ServiceModel.choices, help_text="The recommended model."
    )
    column = serializers.CharField()
    summary = serializers.CharField(help_text='For example "Co-Managed IT (20 to 11)."')
    decided_by = serializers.ChoiceField(
        choices=[("score", "score"), ("ruled_out", "ruled_out"), ("tie_break", "tie_break")]
    )
    margin = serializers.IntegerField()
    is_close = serializers.BooleanField(help_text="Worth discussing the other model first.")
    models = ModelFitSerializer(many=True, help_text="Fully managed first, as in the article.")
    reasons = ReasonSerializer(many=True)


class StartSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text='Defaults to the model\'s name ("Co-managed IT").',
    )


class TransitionSerializer(serializers.Serializer):
    to_model = serializers.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="The model to move to; defaults to the other one. co_managed: the internal "
        "team takes the domains over; fully_managed: the MSP takes them back.",
    )
    domains = serializers.ListField(
        child=serializers.CharField(max_length=40),
        allow_empty=False,
        max_length=100,
        help_text='Domain codes, e.g. ["helpdesk", "patching"] (GET /api/domains/).',
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class CellChangeSerializer(serializers.Serializer):
    activity = serializers.CharField(help_text="Activity code.")
    role = serializers.CharField()
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)


class TransitionResultSerializer(serializers.Serializer):
    engagement = EngagementSerializer(help_text="The draft on the new model.")
    previous = serializers.IntegerField(
        allow_null=True, help_text="The signed-off revision it started from (null: in place)."
    )
    to_model = serializers.ChoiceField(choices=ServiceModel.choices)
    domains = serializers.ListField(child=serializers.CharField())
    roles_added = serializers.ListField(child=serializers.CharField())
    roles_removed = serializers.ListField(child=serializers.CharField())
    rows_kept = serializers.ListField(
        child=serializers.CharField(), help_text="Custom activities left as they were."
    )
    cells = CellChangeSerializer(many=True, help_text="Every cell the move changed.")
    diff_url = serializers.CharField(
        allow_null=True, help_text="The diff page between the two revisions (null: in place)."
    )


# -- views ----------------------------------------------------------------------------------


class ClientScoped(ApiViewMixin, APIView):
    """A client you can see (any other id is a 404)."""

    pagination_class = None

    def client(self) -> Client:
        try:
            return selectors.client_for_user(
                user=self.request.user, client_id=id_or_404(self.kwargs["pk"])
            )
        except Client.DoesNotExist as exc:
            raise NotFound("Not found.") from exc


class AssessmentView(ClientScoped):
    """The article's checklist: the IT team, three preferences, five outgrown-model signals.
    Anyone who sees the client reads it; its account manager or its IT manager answers."""

    may_conflict = False

    @extend_schema(
        summary="The client's answers to the model questionnaire",
        responses={200: AssessmentSerializer},
    )
    def get(self, request, pk):
        client = self.client()
        return Response(assessment_document(client, selectors.assessment_of(client=client)))

    @extend_schema(
        summary="Answer the model questionnaire (every answer at once)",
        description="The client's account manager or its own IT manager.",
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer},
    )
    def put(self, request, pk):
        client = self.client()
        body = AssessmentWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.assessment_save(client=client, by=request.user, **body.validated_data)
        return Response(assessment_document(client, selectors.assessment_of(client=client)))


def recommendation_document(client: Client, recommendation) -> dict:
    return RecommendationSerializer(
        {
            "client": client.pk,
            "service_model": recommendation.service_model,
            "column": recommendation.column,
            "summary": recommendation.summary,
            "decided_by": recommendation.decided_by,
            "margin": recommendation.margin,
            "is_close": recommendation.is_close,
            "models": recommendation.models,
            "reasons": recommendation.reasons,
        }
    ).data


class RecommendationView(ClientScoped):
    """The recommendation from the client's answers (engagements/analysis/recommendation.py). POST
    starts a draft from it: the client's account manager only."""

    @extend_schema(
        summary="Which model fits the client, per answer and overall, with the reasons",
        responses={
            200: RecommendationSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description="No such client for you, or it has not answered the questionnaire.",
            ),
        },
    )
    def get(self, request, pk):
        client = self.client()
        _assessment, recommendation = selectors.recommendation_for_client(client=client)
        if recommendation is None:
            raise NotFound(
                f"{client.name} has not answered the model questionnaire yet: PUT its answers "
                f"to /api/clients/{client.pk}/assessment/ first."
            )
        return Response(recommendation_document(client, recommendation))

    @extend_schema(
        summary="Start a draft engagement from the recommended model's template",
        request=StartSerializer,
        responses={201: EngagementSerializer},
    )
    def post(self, request, pk):
        client = self.client()
        if not can_edit(request.user, client):
            raise PermissionDenied(START_REFUSED)
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        engagement = services.engagement_start_from_recommendation(
            client=client, by=request.user, **body.validated_data
        )
        engagement = selectors.engagement_list(user=request.user).get(pk=engagement.pk)
        return Response(
            EngagementSerializer(engagement).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/engagements/{engagement.pk}/"},
        )


class TransitionView(ApiViewMixin, APIView):
    """ "Move to co-managed" (the internal team takes the domains over) or "Move to fully
    managed" (the MSP takes them back): the client's account manager only."""

    pagination_class = None
    if_match = {"POST": "optional"}

    @extend_schema(
        summary="Move to the other service model for some domains",
        description="On a signed-off revision: a new draft revision (201). On a draft: in "
        "place (200). A revision in review or superseded: 409.",
        request=TransitionSerializer,
        responses={
            200: OpenApiResponse(TransitionResultSerializer, description="Moved in place."),
            201: OpenApiResponse(TransitionResultSerializer, description="A new revision."),
        },
    )
    def post(self, request, pk):
        try:
            engagement = selectors.engagement_list(user=request.user).get(pk=id_or_404(pk))
        except Engagement.DoesNotExist as exc:
            raise NotFound("Not found.") from exc
        if not can_edit(request.user, engagement):
            raise PermissionDenied(MOVE_REFUSED)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        expected = if_match_version(request, engagement, required=False)
        default = (
            ServiceModel.CO_MANAGED
            if engagement.service_model == ServiceModel.FULLY_MANAGED
            else ServiceModel.FULLY_MANAGED
        )
        result = services.engagement_transition(
            engagement=engagement,
            to_model=body.validated_data.get("to_model", default),
            domains=body.validated_data["domains"],
            note=body.validated_data.get("note", ""),
            by=request.user,
            expected_version=expected if engagement.status == Status.DRAFT else None,
        )
        draft = selectors.engagement_list(user=request.user).get(pk=result.engagement.pk)
        previous = result.previous
        diff_url = None
        if previous is not None:
            diff_url = (
                reverse("engagement_diff", args=[draft.pk])
                + f"?old={previous.revision}&new={draft.revision}"
            )
        document = TransitionResultSerializer(
            {
                "engagement": draft,
                "previous": previous.pk if previous else None,
                "to_model": result.to_model,
                "domains": list(result.domains),
                "roles_added": list(result.roles_added),
                "roles_removed": list(result.roles_removed),
                "rows_kept": list(result.rows_kept),
                "cells": [
                    {
                        "activity": cell.activity.code,
                        "role": cell.role,
                        "before": cell.before_display,
                        "after": cell.after_display,
                    }
                    for cell in result.diff.cells
                ],
                "diff_url": diff_url,
            }
        ).data
        if previous is None:
            return Response(document)
        return Response(
            document,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/engagements/{draft.pk}/"},
        )
