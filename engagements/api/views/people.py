"""The people directory and the on-call answer, over the API.

  GET, POST   /api/clients/{id}/people/                 the client's directory
  GET, PATCH  /api/clients/{id}/people/{person}/        one person (PATCH active=false: left)
  GET         /api/clients/{id}/people/{person}/named/  every duty and window they hold
  GET         /api/clients/{id}/on-call/?activity=&at=  who covers an activity at a moment
  GET         /api/engagements/{id}/coverage.ics?role=  each role's coverage as a calendar
  GET, PUT    /api/engagements/{id}/rows/{row}/response-targets/  minutes per window

Anyone who sees the client reads; its account manager changes the directory. Another
client's id is a 404.
"""

import datetime as dt
import zoneinfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors, services
from engagements.analysis.oncall import on_call
from engagements.api.base import ApiViewMixin, engagement_or_404, id_or_404, role_named
from engagements.api.schema import ENGAGEMENT_ID, error_responses
from engagements.api.serializers.people import (
    MentionSerializer,
    OnCallSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    ResponseTargetsSerializer,
    on_call_document,
)
from engagements.api.views.advice import ClientScoped
from engagements.exports import ical
from engagements.models import MatrixRow, Person
from engagements.permissions import can_edit

PEOPLE_REFUSED = "Only the account manager of this client can change its people."


class PersonListView(ClientScoped):
    may_conflict = False

    @extend_schema(summary="The client's people", responses={200: PersonSerializer(many=True)})
    def get(self, request, pk):
        people = selectors.person_list(user=request.user, client=self.client())
        return Response(PersonSerializer(people, many=True).data)

    @extend_schema(
        summary="Add a person to the client's directory",
        request=PersonWriteSerializer,
        responses={201: PersonSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, pk):
        client = self.client()
        self.ensure(can_edit(request.user, client), PEOPLE_REFUSED)
        fields = self.validated(PersonWriteSerializer)
        fields.pop("active", None)
        person = services.person_create(client=client, by=request.user, **fields)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonScoped(ClientScoped):
    may_conflict = False

    def person(self) -> Person:
        client = self.client()
        try:
            return selectors.person_list(user=self.request.user, client=client).get(
                pk=id_or_404(self.kwargs["person_pk"])
            )
        except Person.DoesNotExist as exc:
            raise NotFound("Not found.") from exc


class PersonDetailView(PersonScoped):
    @extend_schema(summary="One person", responses={200: PersonSerializer})
    def get(self, request, pk, person_pk):
        return Response(PersonSerializer(self.person()).data)

    @extend_schema(
        summary="Correct a person, or mark them inactive when they leave",
        request=PersonWriteSerializer(partial=True),
        responses={200: PersonSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request, pk, person_pk):
        person = self.person()
        self.ensure(can_edit(request.user, person.client), PEOPLE_REFUSED)
        fields = self.validated(PersonWriteSerializer, partial=True)
        person = services.person_update(person=person, by=request.user, **fields)
        return Response(PersonSerializer(person).data)


class PersonMentionsView(PersonScoped):
    @extend_schema(
        summary="Where this person is named: every duty and window in current revisions",
        responses={200: MentionSerializer(many=True)},
    )
    def get(self, request, pk, person_pk):
        mentions = selectors.person_mentions(user=request.user, person=self.person())
        return Response(MentionSerializer(mentions, many=True).data)


def parse_at(value: str | None) -> dt.datetime:
    """An ISO 8601 moment; one without an offset is read as UTC. A 400 on `at` otherwise."""
    if value is None or value == "":
        return timezone.now()
    try:
        parsed = parse_datetime(value.strip().replace(" ", "+", 1) if "T" in value else value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            {"at": [f'"{value}" is not an ISO 8601 date and time, e.g. 2026-07-03T02:00:00Z.']}
        )
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


class OnCallView(ClientScoped):
    may_conflict = False

    @extend_schema(
        summary="Who covers an activity now (or at a moment), from the agreed scope",
        description="Answers from the client's current signed-off revision that has the "
        "activity in scope; with none, from the newest revision (its `status` says so).",
        parameters=[
            OpenApiParameter("activity", OpenApiTypes.STR, required=True),
            OpenApiParameter("at", OpenApiTypes.DATETIME, required=False),
        ],
        responses={200: OnCallSerializer, **error_responses(400, 404)},
    )
    def get(self, request, pk):
        client = self.client()
        code = (request.query_params.get("activity") or "").strip()
        if not code:
            raise ValidationError(
                {
                    "activity": [
                        "Give the activity's code, e.g. ?activity=monitoring.respond-alerts."
                    ]
                }
            )
        at = parse_at(request.query_params.get("at"))
        row = selectors.agreed_row(user=request.user, client=client, activity_code=code)
        if row is None:
            raise ValidationError(
                {"activity": [f'"{code}" is not an activity in scope for {client.name}.']}
            )
        data = selectors.load_matrix(row.engagement)
        row = data.rows_by_id[row.pk]
        return Response(on_call_document(on_call(data, row, at)))


class IcsRenderer(BaseRenderer):
    """Lets a calendar ask for the feed by its media type; the view returns the bytes."""

    media_type = ical.MEDIA_TYPE
    format = "ics"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CoverageCalendarView(ApiViewMixin, APIView):
    renderer_classes = [JSONRenderer, IcsRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even when a calendar asked for the feed.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        summary="Each role's coverage windows as an iCalendar feed",
        description="Weekly recurring events in the client's time zone; public holidays "
        "are taken out of working-day events and, for roles that cover weekends and "
        "holidays, given events of their own for the next year. `role` limits the feed "
        "to one role (by name, any case).",
        parameters=[ENGAGEMENT_ID, OpenApiParameter("role", OpenApiTypes.STR, required=False)],
        responses={
            (200, ical.MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The feed."),
            **error_responses(400, 401, 403, 404, media_type="application/json"),
        },
    )
    def get(self, request, pk):
        engagement = engagement_or_404(request.user, pk, "client")
        role = role_named(engagement, request.query_params.get("role"), "role")
        data = selectors.load_matrix(engagement)
        now = timezone.now()
        today = now.astimezone(zoneinfo.ZoneInfo(engagement.client.time_zone)).date()
        role = data.roles_by_id[role.pk] if role else None
        body = ical.coverage_calendar(data, role=role, today=today, now=now)
        response = HttpResponse(body, content_type=f"{ical.MEDIA_TYPE}; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{ical.coverage_filename(data, role)}"'
        )
        return response


class ResponseTargetsView(ApiViewMixin, APIView):
    """GET, PUT /api/engagements/{id}/rows/{row}/response-targets/: minutes per window."""

    may_conflict = True
    # Targets are part of what the parties agree on: the one write contract applies.
    if_match = {"PUT": "required"}

    def row(self):
        engagement = engagement_or_404(self.request.user, self.kwargs["pk"], "client")
        try:
            return (
                selectors.matrix_row_list(user=self.request.user)
                .select_related("engagement__client")
                .get(engagement=engagement, pk=id_or_404(self.kwargs["row_pk"]))
            )
        except MatrixRow.DoesNotExist as exc:
            raise NotFound("Not found.") from exc

    @extend_schema(
        summary="The activity's response targets, in minutes per window",
        parameters=[ENGAGEMENT_ID],
        responses={200: ResponseTargetsSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk, row_pk):
        row = self.row()
        return Response(
            dict(row.response_targets.order_by("window").values_list("window", "minutes"))
        )

    @extend_schema(
        summary="Set response targets (null removes a window's target)",
        description="Windows not given keep their targets. A target in a window nobody "
        "covers is an error finding (GAP_RESPONSE_TARGET). Needs If-Match with the "
        "engagement's ETag (428 without, 412 when stale).",
        parameters=[ENGAGEMENT_ID],
        request=ResponseTargetsSerializer,
        responses={
            200: ResponseTargetsSerializer,
            **error_responses(400, 403, 404, 409, 412, 428),
        },
    )
    def put(self, request, pk, row_pk):
        row = self.row()
        expected = self.begin_edit(row.engagement)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send an object: window -> minutes."]})
        targets = services.response_targets_set(
            row=row, targets=dict(request.data), by=request.user, expected_version=expected
        )
        return Response(targets)
