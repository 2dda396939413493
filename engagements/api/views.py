"""Viewsets for the top-level resources: clients, the catalog, engagements (with their review
workflow and findings), the flat list of cells, and tools.

Every queryset comes from a selector, so what a user cannot see is a 404; every write calls a
service, which decides what the change means and who may make it.
"""

from django.shortcuts import get_object_or_404
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from engagements import selectors, services
from engagements.analysis import Severity, engagement_findings
from engagements.api import serializers as s
from engagements.api.base import ApiViewMixin, id_or_404, if_match_version
from engagements.api.filters import AssignmentFilter, EngagementFilter, FindingFilter, ToolFilter
from engagements.models import Engagement, Role
from engagements.permissions import can_edit, can_review
from engagements.selectors.findings_counts import findings_counts
from engagements.selectors.matrix import load_matrix


class OrderingFilter(filters.OrderingFilter):
    """?ordering=name,-created_at over the names a view offers (`ordering_aliases` maps a
    public name to a model path); the id breaks ties so pages never overlap. Without it,
    the view's own order stands."""

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in getattr(view, "ordering_aliases", {})]

    def get_ordering(self, request, queryset, view):
        aliases = getattr(view, "ordering_aliases", {})
        ordering = []
        for term in super().get_ordering(request, queryset, view) or []:
            descending, name = term.startswith("-"), term.lstrip("-")
            ordering.append(("-" if descending else "") + aliases.get(name, name))
        return [*ordering, "pk"] if ordering else None

    def get_schema_operation_parameters(self, view):
        names = list(getattr(view, "ordering_aliases", {}))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by one or more of: "
                + ", ".join(names)
                + ' (comma-separated; prefix "-" for descending).',
                "schema": {"type": "string"},
            }
        ]


class ScopedViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """A viewset over a selector's queryset. Filters apply to lists, never to a lookup."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_aliases: dict[str, str] = {}

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup]
        if self.lookup_field == "pk":
            value = id_or_404(value)
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: value})
        self.check_object_permissions(self.request, obj)
        return obj

    def ensure(self, allowed: bool, message: str) -> None:
        """Refuse early, before the body is read: visible but not allowed is a 403."""
        if not allowed:
            raise PermissionDenied(message)


EDIT_REFUSED = "Only the account manager of this client can change its scope."


def finding_summaries(engagements) -> dict:
    """engagement id -> findings counts, for a page of engagements in a fixed number of
    queries (stored counts; only the matrices changed since they were counted are loaded)."""
    return findings_counts(engagements)


# -- clients and the catalog ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Clients you can see"),
    retrieve=extend_schema(summary="One client"),
)
class ClientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.ClientSerializer
    ordering_aliases = {"name": "name", "slug": "slug", "created_at": "created_at"}

    def get_queryset(self):
        return selectors.client_list(user=self.request.user).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="The activity catalog, by domain"),
    retrieve=extend_schema(summary="One domain and its activities"),
)
class DomainViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Catalog activities, plus the custom activities of the clients you can see."""

    serializer_class = s.DomainSerializer
    lookup_field = "code"
    ordering_aliases = {"order": "order", "code": "code", "name": "name"}

    def get_queryset(self):
        return selectors.domain_list(user=self.request.user).order_by("order", "code")


# -- engagements ------------------------------------------------------------------------------

FINDINGS_PARAMETERS = [
    OpenApiParameter(
        "severity",
        OpenApiTypes.STR,
        many=True,
        enum=list(Severity.ORDER),
        description="One or more: ?severity=error&severity=warning.",
    ),
    OpenApiParameter("code", OpenApiTypes.STR, description="A code, e.g. GAP_NO_ACCOUNTABLE."),
    OpenApiParameter("domain", OpenApiTypes.STR, description="A domain code, e.g. patching."),
    OpenApiParameter("activity", OpenApiTypes.STR, description="An activity code."),
    OpenApiParameter(
        "acknowledged", OpenApiTypes.BOOL, description="Accepted for sign-off with a reason."
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description="severity, code, domain, activity or subject (prefix - for descending); "
        "by default errors first, in matrix order.",
    ),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT),
]

FINDING_SORT_KEYS = {
    "severity": lambda f: Severity.ORDER.index(f.severity) if f.severity in Severity.ORDER else 9,
    "code": lambda f: f.code,
    "domain": lambda f: f.domain,
    "activity": lambda f: f.activity,
    "subject": lambda f: f.subject,
}


def order_findings(findings: list, ordering: str) -> list:
    terms = [term.strip() for term in (ordering or "").split(",") if term.strip()]
    for term in reversed(terms):  # stable sorts, last key first
        key = FINDING_SORT_KEYS.get(term.lstrip("-"))
        if key:
            findings = sorted(findings, key=key, reverse=term.startswith("-"))
    return findings


def _workflow_schema(summary, request, responses=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses=responses
        or {200: OpenApiResponse(s.EngagementSerializer, description="The revision after it.")},
    )


@extend_schema_view(
    list=extend_schema(summary="Engagements (every revision) of the clients you can see"),
    create=extend_schema(
        summary="Start a draft engagement from a template",
        request=s.EngagementCreateSerializer,
        responses={201: s.EngagementSerializer},
    ),
    retrieve=extend_schema(summary="One revision"),
    partial_update=extend_schema(
        summary="Change a draft's title, hours, dates, cost structure or control level",
        request=s.EngagementUpdateSerializer,
        responses={200: s.EngagementSerializer},
    ),
    destroy=extend_schema(summary="Delete a draft revision"),
)
class EngagementViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    serializer_class = s.EngagementSerializer
    filterset_class = EngagementFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_aliases = {
        "title": "title",
        "client": "client__name",
        "service_model": "service_model",
        "status": "status",
        "revision": "revision",
        "created_at": "created_at",
        "updated_at": "updated_at",
    }

    def get_queryset(self):
        return (
            selectors.engagement_list(user=self.request.user)
            .select_related("updated_by", "next_revision")
            .order_by("client__name", "slug", "-revision", "pk")
        )

    def _fresh(self, pk) -> Engagement:
        return self.get_queryset().get(pk=pk)

    def _render(self, engagement: Engagement, status_code=status.HTTP_200_OK, headers=None):
        context = {**self.get_serializer_context(), "summaries": finding_summaries([engagement])}
        return Response(
            s.EngagementSerializer(engagement, context=context).data,
            status=status_code,
            headers=headers,
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        context = {**self.get_serializer_context(), "summaries": finding_summaries(page)}
        return self.get_paginated_response(
            s.EngagementSerializer(page, many=True, context=context).data
        )

    def retrieve(self, request, *args, **kwargs):
        return self._render(self.get_object())

    def create(self, request, *args, **kwargs):
        body = s.EngagementCreateSerializer(
            data=request.data, clients=selectors.client_list(user=request.user)
        )
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        client = fields.pop("client")
        self.ensure(can_edit(request.user, client), EDIT_REFUSED)
        engagement = services.engagement_create(client=client, by=request.user, **fields)
        return self._render(
            self._fresh(engagement.pk),
            status.HTTP_201_CREATED,
            {"Location": f"/api/engagements/{engagement.pk}/"},
        )

    def partial_update(self, request, *args, **kwargs):
        engagement = self.get_object()
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        body = s.EngagementUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.engagement_update(engagement=engagement, by=request.user, **body.validated_data)
        return self._render(self._fresh(engagement.pk))

    def destroy(self, request, *args, **kwargs):
        engagement = self.get_object()
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_delete(engagement=engagement, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # -- the review workflow: draft -> in review -> signed off -> superseded ----------------

    def _transition(self, request, serializer_class, service, allowed, message, **extra):
        engagement = self.get_object()
        self.ensure(allowed(request.user, engagement), message)
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return service(engagement=engagement, by=request.user, **body.validated_data, **extra)

    @_workflow_schema("Submit a draft for the client's review", s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        engagement = self._transition(
            request, s.NoteSerializer, services.engagement_submit, can_edit, EDIT_REFUSED
        )
        return self._render(self._fresh(engagement.pk))

    @_workflow_schema("Approve and sign off a revision in review", s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        engagement = self._transition(
            request,
            s.NoteSerializer,
            services.engagement_approve,
            can_review,
            "Only the client's IT manager can approve this engagement.",
        )
        return self._render(self._fresh(engagement.pk))

    @_workflow_schema("Send a revision in review back to draft", s.RequestChangesSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        engagement = self._transition(
            request,
            s.RequestChangesSerializer,
            services.engagement_request_changes,
            can_review,
            "Only the client's IT manager can request changes.",
        )
        return self._render(self._fresh(engagement.pk))

    @_workflow_schema(
        "Start a new draft revision from a signed-off one",
        s.ReviseSerializer,
        {201: OpenApiResponse(s.EngagementSerializer, description="The new draft revision.")},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        new = self._transition(
            request, s.ReviseSerializer, services.engagement_revise, can_edit, EDIT_REFUSED
        )
        return self._render(
            self._fresh(new.pk),
            status.HTTP_201_CREATED,
            {"Location": f"/api/engagements/{new.pk}/"},
        )

    @extend_schema(
        summary="Gaps, overlaps and risks in this revision",
        parameters=FINDINGS_PARAMETERS,
        responses={200: s.FindingSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def findings(self, request, pk=None):
        engagement = self.get_object()
        data = load_matrix(engagement)
        found = FindingFilter(
            data=request.query_params,
            queryset=engagement_findings(data),
            request=request,
            acknowledgements=data.acknowledgements,
        )
        if not found.is_valid():
            raise filter_utils.translate_validation(found.errors)
        findings = order_findings(found.qs, request.query_params.get("ordering", ""))
        page = self.paginate_queryset(findings)
        context = {"acknowledgements": data.acknowledgements}
        return self.get_paginated_response(
            s.FindingSerializer(page, many=True, context=context).data
        )


# -- cells across engagements, and tools ------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Matrix cells across the engagements you can see"),
    retrieve=extend_schema(summary="One cell"),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Read-only: change cells through the matrix document (PATCH .../matrix/)."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_aliases = {
        "client": "row__engagement__client__name",
        "engagement": "row__engagement_id",
        "domain": "row__activity__domain__order",
        "activity": "row__activity__code",
        "role": "role__name",
        "side": "role__side",
        "letters": "letters",
    }

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user).order_by(
            "row__engagement__client__name",
            "row__engagement_id",
            "row__activity__domain__order",
            "row__order",
            "row_id",
            "role__order",
            "role_id",
        )


def _role_named(engagement: Engagement, name, field: str) -> Role | None:
    """A role of this engagement by name (any case); None for an empty name."""
    if not name:
        return None
    role = Role.objects.filter(engagement=engagement, name__iexact=name.strip()).first()
    if role is None:
        raise ValidationError({field: [f'"{name}" is not a role of this engagement.']})
    return role


@extend_schema_view(
    list=extend_schema(summary="Tools of the engagements you can see"),
    create=extend_schema(
        summary="List a tool in a draft engagement",
        request=s.ToolCreateSerializer,
        responses={201: s.ToolSerializer},
    ),
    retrieve=extend_schema(summary="One tool"),
    partial_update=extend_schema(
        summary="Change a tool: owner, licence holder, administering role, exit terms",
        request=s.ToolUpdateSerializer,
        responses={200: s.ToolSerializer},
    ),
    destroy=extend_schema(summary="Remove a tool"),
)
class ToolViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    serializer_class = s.ToolSerializer
    filterset_class = ToolFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    if_match = {"POST": "optional", "PATCH": "optional", "DELETE": "optional"}
    ordering_aliases = {
        "name": "name",
        "client": "engagement__client__name",
        "engagement": "engagement_id",
        "category": "category",
        "owner_side": "owner_side",
        "exit_fate": "exit_fate",
    }

    def get_queryset(self):
        return selectors.tool_list(user=self.request.user).order_by(
            "engagement__client__name", "engagement_id", "name", "pk"
        )

    def _render(self, pk, status_code=status.HTTP_200_OK):
        return Response(s.ToolSerializer(self.get_queryset().get(pk=pk)).data, status=status_code)

    def _fields(self, engagement, validated: dict) -> dict:
        fields = dict(validated)
        if "administered_by" in fields:
            fields["administered_by"] = _role_named(
                engagement, fields["administered_by"], "administered_by"
            )
        return fields

    def create(self, request, *args, **kwargs):
        body = s.ToolCreateSerializer(
            data=request.data, engagements=selectors.engagement_list(user=request.user)
        )
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        engagement = fields.pop("engagement")
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_ensure_editable(engagement)
        expected = if_match_version(request, engagement, required=False)
        tool = services.tool_add(
            engagement=engagement,
            by=request.user,
            expected_version=expected,
            **self._fields(engagement, fields),
        )
        return self._render(tool.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        tool = self.get_object()
        engagement = tool.engagement
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_ensure_editable(engagement)
        expected = if_match_version(request, engagement, required=False)
        body = s.ToolUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.tool_update(
            tool=tool,
            by=request.user,
            expected_version=expected,
            **self._fields(engagement, body.validated_data),
        )
        return self._render(tool.pk)

    def destroy(self, request, *args, **kwargs):
        tool = self.get_object()
        engagement = tool.engagement
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_ensure_editable(engagement)
        expected = if_match_version(request, engagement, required=False)
        services.tool_remove(tool=tool, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
