"""/api/engagements/{id}/audit/: the audit trail of one revision, newest first.

Who changed what, when, through which door, and the old and new value of each field;
filtered by door, kind of object and time, paginated like every list. Visible to both sides
of the engagement (its client's account manager and IT managers) and superusers; anyone
else gets 404. Built from `engagement_audit_trail` (a fixed number of queries).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError

from engagements import selectors
from engagements.api.base import ListView, id_or_404
from engagements.api.serializers.audit import AuditEntrySerializer, AuditFilterSerializer
from engagements.models import Door, Engagement
from engagements.selectors.audit import KINDS, engagement_audit_trail


class AuditTrailView(ListView):
    """/api/engagements/{id}/audit/"""

    serializer_class = AuditEntrySerializer
    queryset = Engagement.objects.none()
    filter_backends = []

    def scoped_queryset(self):
        """The trail as a list (it is built from several history tables, not one query)."""
        pk = id_or_404(self.kwargs["pk"])
        engagement = selectors.engagement_list(user=self.request.user).filter(pk=pk).first()
        if engagement is None:
            raise NotFound("Not found.")
        filters = AuditFilterSerializer(data=self.request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return engagement_audit_trail(engagement, **filters.validated_data)

    @extend_schema(
        summary="The audit trail of one revision",
        description="Every change to the revision (its details, roles, rows, cells, coverage, "
        "tools, control responsibilities, acknowledged findings and workflow steps), newest "
        "first: when, who, through which door, and each field's old and new value.",
        parameters=[
            OpenApiParameter("door", str, enum=Door.values, description="Only this door."),
            OpenApiParameter(
                "kind", str, enum=list(KINDS), description="Only changes to this kind of object."
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only changes at or after this time (ISO 8601).",
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
