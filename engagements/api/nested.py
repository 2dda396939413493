"""Resources inside one engagement: /api/engagements/{engagement_pk}/roles/, rows/,
comments/, acknowledgements/ and events/.

The engagement is looked up through the user's scope first (404 when out of scope). Writes
to roles and rows take an optional If-Match with the matrix ETag: when sent, a stale one is
a 412 and nothing changes.
"""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api import serializers as s
from engagements.api.base import id_or_404, if_match_version
from engagements.api.filters import CommentFilter
from engagements.api.views import EDIT_REFUSED, ScopedViewSet, _role_named
from engagements.models import Activity, Domain, Engagement, MatrixRow
from engagements.permissions import can_edit

ENGAGEMENT_PARAMETER = OpenApiParameter(
    "engagement_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The engagement's id.",
)


class EngagementChildViewSet(ScopedViewSet):
    """Objects that live inside one engagement the user can see."""

    def get_engagement(self) -> Engagement:
        if not hasattr(self, "_engagement"):
            pk = id_or_404(self.kwargs["engagement_pk"])
            scope = selectors.engagement_list(user=self.request.user).select_related("updated_by")
            self._engagement = get_object_or_404(scope, pk=pk)
        return self._engagement

    def scoped(self, queryset):
        if getattr(self, "swagger_fake_view", False):  # building the schema: no request
            return queryset.none()
        return queryset.filter(engagement=self.get_engagement())

    def get_object(self):
        obj = super().get_object()
        obj.engagement = self.get_engagement()  # the same instance the services bump
        return obj

    def begin_edit(self, request) -> int | None:
        """Visible but not editable is a 403; not a draft is a 409; a stale If-Match is a
        412. Returns the version the client says it saw, if it said."""
        engagement = self.get_engagement()
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_ensure_editable(engagement)
        return if_match_version(request, engagement, required=False)


# -- roles: the matrix's columns --------------------------------------------------------------


@extend_schema(parameters=[ENGAGEMENT_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="The matrix's columns"),
    create=extend_schema(
        summary="Add a role (a column)",
        request=s.RoleWriteSerializer,
        responses={201: s.RoleSerializer},
    ),
    retrieve=extend_schema(summary="One role"),
    partial_update=extend_schema(
        summary="Rename a role, or change its side, person, absence backup or position",
        request=s.RoleWriteSerializer,
        responses={200: s.RoleSerializer},
    ),
    destroy=extend_schema(summary="Remove a role and its cells"),
)
class RoleViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    EngagementChildViewSet,
):
    serializer_class = s.RoleSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    if_match = {"POST": "optional", "PATCH": "optional", "DELETE": "optional"}
    ordering_aliases = {"order": "order", "name": "name", "side": "side"}

    def get_queryset(self):
        return self.scoped(selectors.role_list(user=self.request.user)).order_by("order", "id")

    def _render(self, role, status_code=status.HTTP_200_OK):
        return Response(s.RoleSerializer(self.get_queryset().get(pk=role.pk)).data, status_code)

    def create(self, request, *args, **kwargs):
        expected = self.begin_edit(request)
        body = s.RoleWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        engagement = self.get_engagement()
        fields["absence_backup"] = _role_named(
            engagement, fields.get("absence_backup"), "absence_backup"
        )
        order = fields.pop("order", None)
        role = services.role_add(
            engagement=engagement, by=request.user, expected_version=expected, **fields
        )
        if order is not None:
            services.role_update(
                role=role, by=request.user, expected_version=engagement.version, order=order
            )
        return self._render(role, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        role = self.get_object()
        expected = self.begin_edit(request)
        body = s.RoleWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        if "absence_backup" in fields:
            fields["absence_backup"] = _role_named(
                role.engagement, fields["absence_backup"], "absence_backup"
            )
        services.role_update(role=role, by=request.user, expected_version=expected, **fields)
        return self._render(role)

    def destroy(self, request, *args, **kwargs):
        role = self.get_object()
        expected = self.begin_edit(request)
        services.role_remove(role=role, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- rows: the matrix's activities ------------------------------------------------------------


@extend_schema(parameters=[ENGAGEMENT_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="The matrix's rows"),
    create=extend_schema(
        summary="Bring an activity into the matrix, or create a custom one",
        request=s.RowCreateSerializer,
        responses={201: s.MatrixRowSerializer},
    ),
    retrieve=extend_schema(summary="One row"),
    partial_update=extend_schema(
        summary="Scope, split note, coverage need",
        request=s.RowUpdateSerializer,
        responses={200: s.MatrixRowSerializer},
    ),
    destroy=extend_schema(summary="Take a row out of the matrix (and its cells)"),
)
class RowViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    EngagementChildViewSet,
):
    serializer_class = s.MatrixRowSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    if_match = {"POST": "optional", "PATCH": "optional", "DELETE": "optional"}
    ordering_aliases = {
        "domain": "activity__domain__order",
        "order": "order",
        "activity": "activity__code",
        "name": "activity__name",
    }

    def get_queryset(self):
        return self.scoped(selectors.matrix_row_list(user=self.request.user)).order_by(
            "activity__domain__order", "activity__domain__code", "order", "activity__order", "id"
        )

    def _render(self, row, status_code=status.HTTP_200_OK):
        return Response(s.MatrixRowSerializer(self.get_queryset().get(pk=row.pk)).data, status_code)

    def create(self, request, *args, **kwargs):
        expected = self.begin_edit(request)
        body = s.RowCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        engagement = self.get_engagement()
        if "activity" in fields:
            activity = Activity.objects.filter(
                Q(client__isnull=True) | Q(client_id=engagement.client_id),
                code=fields["activity"],
            ).first()
            if activity is None:
                raise ValidationError({"activity": [f'"{fields["activity"]}" is not an activity.']})
            row = services.row_add(
                engagement=engagement, activity=activity, by=request.user, expected_version=expected
            )
        else:
            domain = Domain.objects.filter(code=fields["domain"]).first()
            if domain is None:
                raise ValidationError({"domain": [f'"{fields["domain"]}" is not a domain.']})
            row = services.activity_create_custom(
                engagement=engagement,
                domain=domain,
                name=fields["name"],
                description=fields["description"],
                default_coverage=fields["default_coverage"],
                by=request.user,
                expected_version=expected,
            )
        return self._render(row, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        expected = self.begin_edit(request)
        body = s.RowUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.row_update(
            row=row, by=request.user, expected_version=expected, **body.validated_data
        )
        return self._render(row)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        expected = self.begin_edit(request)
        services.row_remove(row=row, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- the review conversation ------------------------------------------------------------------


@extend_schema(parameters=[ENGAGEMENT_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="The discussion about this revision"),
    create=extend_schema(
        summary="Comment on the revision or on one activity",
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer},
    ),
    retrieve=extend_schema(summary="One comment"),
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    EngagementChildViewSet,
):
    """Both sides comment: the account manager and the client's IT managers."""

    serializer_class = s.CommentSerializer
    filterset_class = CommentFilter
    ordering_aliases = {"created_at": "created_at"}

    def get_queryset(self):
        return self.scoped(selectors.comment_list(user=self.request.user)).order_by(
            "created_at", "id"
        )

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        body = s.CommentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = None
        code = body.validated_data.get("activity")
        if code:
            row = MatrixRow.objects.filter(engagement=engagement, activity__code=code).first()
            if row is None:
                raise ValidationError({"activity": [f'"{code}" is not in this matrix.']})
        comment = services.comment_add(
            engagement=engagement, body=body.validated_data["body"], row=row, by=request.user
        )
        data = s.CommentSerializer(self.get_queryset().get(pk=comment.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[ENGAGEMENT_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="Errors accepted for sign-off, with the reasons"),
    create=extend_schema(
        summary="Accept an error finding for sign-off, saying why",
        request=s.AcknowledgementCreateSerializer,
        responses={201: s.AcknowledgementSerializer},
    ),
    retrieve=extend_schema(summary="One acknowledgement"),
    destroy=extend_schema(summary="Withdraw an acknowledgement"),
)
class AcknowledgementViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    EngagementChildViewSet,
):
    """Either side may accept a known error before sign-off; the reason is kept with the
    revision."""

    serializer_class = s.AcknowledgementSerializer
    ordering_aliases = {"finding_key": "finding_key", "at": "at"}

    def get_queryset(self):
        return self.scoped(selectors.acknowledgement_list(user=self.request.user)).order_by(
            "finding_key", "id"
        )

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        body = s.AcknowledgementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ack = services.finding_acknowledge(
            engagement=engagement, by=request.user, **body.validated_data
        )
        data = s.AcknowledgementSerializer(self.get_queryset().get(pk=ack.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        ack = self.get_object()
        services.finding_unacknowledge(
            engagement=self.get_engagement(), finding_key=ack.finding_key, by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[ENGAGEMENT_PARAMETER])
@extend_schema_view(list=extend_schema(summary="Every workflow step of this revision"))
class WorkflowEventViewSet(mixins.ListModelMixin, EngagementChildViewSet):
    serializer_class = s.WorkflowEventSerializer
    ordering_aliases = {"at": "at"}

    def get_queryset(self):
        return self.scoped(selectors.workflow_event_list(user=self.request.user)).order_by(
            "at", "id"
        )
