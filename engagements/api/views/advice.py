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
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors, services
from engagements.api.base import ApiViewMixin, id_or_404
from engagements.api.preconditions import if_match_version
from engagements.api.schema import error_response
from engagements.api.serializers.advice import (
    AssessmentSerializer,
    AssessmentWriteSerializer,
    RecommendationSerializer,
    StartSerializer,
    TransitionResultSerializer,
    TransitionSerializer,
    assessment_document,
    recommendation_document,
)
from engagements.api.serializers.engagements import EngagementSerializer
from engagements.models import Client, Engagement, ServiceModel, Status
from engagements.permissions import can_edit

START_REFUSED = "Only the account manager of this client can start an engagement."
MOVE_REFUSED = "Only the account manager of this client can move it to another model."


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
        answers = self.validated(AssessmentWriteSerializer)
        services.assessment_save(client=client, by=request.user, **answers)
        return Response(assessment_document(client, selectors.assessment_of(client=client)))


class RecommendationView(ClientScoped):
    """The recommendation from the client's answers (engagements/analysis/recommendation.py). POST
    starts a draft from it: the client's account manager only."""

    @extend_schema(
        summary="Which model fits the client, per answer and overall, with the reasons",
        responses={
            200: RecommendationSerializer,
            404: error_response(
                404, "No such client for you, or it has not answered the questionnaire."
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
        self.ensure(can_edit(request.user, client), START_REFUSED)
        engagement = services.engagement_start_from_recommendation(
            client=client, by=request.user, **self.validated(StartSerializer)
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
    if_match = {"POST": "required"}

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
        self.ensure(can_edit(request.user, engagement), MOVE_REFUSED)
        move = self.validated(TransitionSerializer)
        # A revision in review or superseded cannot move at all (409 from the service),
        # whatever If-Match says; a draft or a signed-off revision needs it.
        movable = engagement.status in (Status.DRAFT, Status.SIGNED_OFF)
        expected = if_match_version(request, engagement, required=movable)
        default = (
            ServiceModel.CO_MANAGED
            if engagement.service_model == ServiceModel.FULLY_MANAGED
            else ServiceModel.FULLY_MANAGED
        )
        result = services.engagement_transition(
            engagement=engagement,
            to_model=move.get("to_model", default),
            domains=move["domains"],
            note=move.get("note", ""),
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
            return Response(document, headers={"ETag": draft.etag})
        return Response(
            document,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/engagements/{draft.pk}/", "ETag": draft.etag},
        )
