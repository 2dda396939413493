"""/api/engagements/{engagement_pk}/rows/: the matrix's activities. Writes require
If-Match with the matrix ETag: 428 without it, 412 when stale, and nothing changes."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.base import EditableMixin, EngagementChildViewSet
from engagements.api.schema import ENGAGEMENT_PK, viewset_schema
from engagements.api.serializers.rows import (
    MatrixRowSerializer,
    RowCreateSerializer,
    RowUpdateSerializer,
)
from engagements.models import Activity, Domain


@extend_schema(parameters=[ENGAGEMENT_PK])
@viewset_schema(
    MatrixRowSerializer,
    list="The matrix's rows",
    create=("Bring an activity into the matrix, or create a custom one", RowCreateSerializer),
    retrieve="One row",
    partial_update=("Scope, split note, coverage need", RowUpdateSerializer),
    destroy="Take a row out of the matrix (and its cells)",
)
class RowViewSet(EditableMixin, EngagementChildViewSet):
    serializer_class = MatrixRowSerializer
    if_match = {"POST": "required", "PATCH": "required", "DELETE": "required"}
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

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        expected = self.begin_edit(engagement)
        fields = self.validated(RowCreateSerializer)
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
        return self.respond(row, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        expected = self.begin_edit(row.engagement)
        fields = self.validated(RowUpdateSerializer, partial=True)
        services.row_update(row=row, by=request.user, expected_version=expected, **fields)
        return self.respond(row)

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        expected = self.begin_edit(row.engagement)
        services.row_remove(row=row, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
