"""/api/assignments/: matrix cells across the engagements a user can see (read-only)."""

from rest_framework import mixins

from engagements import selectors
from engagements.api.base import ScopedViewSet
from engagements.api.filters.assignments import AssignmentFilter
from engagements.api.schema import viewset_schema
from engagements.api.serializers.assignments import AssignmentSerializer


@viewset_schema(
    AssignmentSerializer,
    list="Matrix cells across the engagements you can see",
    retrieve="One cell",
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Read-only: change cells through the matrix document (PATCH .../matrix/)."""

    serializer_class = AssignmentSerializer
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
