"""/api/engagements/{engagement_pk}/roles/: the matrix's columns. Writes require
If-Match with the matrix ETag: 428 without it, 412 when stale, and nothing changes."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.base import EditableMixin, EngagementChildViewSet, role_named
from engagements.api.schema import ENGAGEMENT_PK, viewset_schema
from engagements.api.serializers.roles import RoleSerializer, RoleWriteSerializer


@extend_schema(parameters=[ENGAGEMENT_PK])
@viewset_schema(
    RoleSerializer,
    list="The matrix's columns",
    create=("Add a role (a column)", RoleWriteSerializer),
    retrieve="One role",
    partial_update=(
        "Rename a role, or change its side, person, absence backup or position",
        RoleWriteSerializer,
    ),
    destroy="Remove a role and its cells",
)
class RoleViewSet(EditableMixin, EngagementChildViewSet):
    serializer_class = RoleSerializer
    if_match = {"POST": "required", "PATCH": "required", "DELETE": "required"}
    ordering_aliases = {"order": "order", "name": "name", "side": "side"}

    def get_queryset(self):
        return self.scoped(selectors.role_list(user=self.request.user)).order_by("order", "id")

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        expected = self.begin_edit(engagement)
        fields = self.validated(RoleWriteSerializer)
        fields["absence_backup"] = role_named(
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
        return self.respond(role, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        role = self.get_object()
        expected = self.begin_edit(role.engagement)
        fields = self.validated(RoleWriteSerializer, partial=True)
        if "absence_backup" in fields:
            fields["absence_backup"] = role_named(
                role.engagement, fields["absence_backup"], "absence_backup"
            )
        services.role_update(role=role, by=request.user, expected_version=expected, **fields)
        return self.respond(role)

    def destroy(self, request, *args, **kwargs):
        role = self.get_object()
        expected = self.begin_edit(role.engagement)
        services.role_remove(role=role, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
