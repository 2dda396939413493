"""/api/tools/: the tools of the engagements a user can see; changing them in a draft requires
If-Match with the matrix ETag (428 without, 412 when stale)."""

from rest_framework import status
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.base import EditableMixin, ScopedViewSet, role_named
from engagements.api.filters.tools import ToolFilter
from engagements.api.schema import viewset_schema
from engagements.api.serializers.tools import (
    ToolCreateSerializer,
    ToolSerializer,
    ToolUpdateSerializer,
)


@viewset_schema(
    ToolSerializer,
    list="Tools of the engagements you can see",
    create=("List a tool in a draft engagement", ToolCreateSerializer),
    retrieve="One tool",
    partial_update=(
        "Change a tool: owner, licence holder, administering role, exit terms",
        ToolUpdateSerializer,
    ),
    destroy="Remove a tool",
)
class ToolViewSet(EditableMixin, ScopedViewSet):
    serializer_class = ToolSerializer
    filterset_class = ToolFilter
    if_match = {"POST": "required", "PATCH": "required", "DELETE": "required"}
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

    def _fields(self, engagement, validated: dict) -> dict:
        fields = dict(validated)
        if "administered_by" in fields:
            fields["administered_by"] = role_named(
                engagement, fields["administered_by"], "administered_by"
            )
        return fields

    def create(self, request, *args, **kwargs):
        fields = self.validated(
            ToolCreateSerializer,
            scopes={"engagement": selectors.engagement_list(user=request.user)},
        )
        engagement = fields.pop("engagement")
        expected = self.begin_edit(engagement)
        tool = services.tool_add(
            engagement=engagement,
            by=request.user,
            expected_version=expected,
            **self._fields(engagement, fields),
        )
        return self.respond(tool, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        tool = self.get_object()
        expected = self.begin_edit(tool.engagement)
        fields = self.validated(ToolUpdateSerializer, partial=True)
        services.tool_update(
            tool=tool,
            by=request.user,
            expected_version=expected,
            **self._fields(tool.engagement, fields),
        )
        return self.respond(tool)

    def destroy(self, request, *args, **kwargs):
        tool = self.get_object()
        expected = self.begin_edit(tool.engagement)
        services.tool_remove(tool=tool, by=request.user, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
