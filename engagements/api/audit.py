"""/api/engagements/{id}/audit/: the audit trail of one revision, newest first.

Who changed what, when, through which door, and the old and new value of each field;
filtered by door, kind of object and time, paginated like every list. Visible to both sides
of the engagement (its client's account manager and IT managers) and superusers; anyone
else gets 404. Built from `engagement_audit_trail` (a fixed number of queries).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError

from engagements import selectors
from engagements.api.base import ApiViewMixin, id_or_404
from engagements.models import Door, Engagement
from engagements.selectors.audit import KINDS, engagement_audit_trail


class AuditChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name.")
    field_label = serializers.CharField(source="label", help_text="The field as pages name it.")
    old = serializers.CharField(
        allow_blank=True, help_text='In words (labels, names); "" when the object was created.'
    )
    new = serializers.CharField(allow_blank=True)


class AuditEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_blank=True, help_text="Username of who made the change.")
    user_name = serializers.CharField(allow_blank=True, help_text="Their name, as pages show it.")
    door = serializers.ChoiceField(
        choices=Door.choices, help_text="Through which door the change came in."
    )
    action = serializers.CharField(
        help_text="created, changed, deleted, or the workflow step (e.g. Signed off)."
    )
    kind = serializers.ChoiceField(choices=list(KINDS.items()), help_text="What was changed.")
    subject = serializers.CharField(help_text="Which one, in words (e.g. a cell: activity × role).")
    changes = AuditChangeSerializer(many=True)


class AuditFilterSerializer(serializers.Serializer):
    door = serializers.ChoiceField(choices=Door.choices, required=False)
    kind = serializers.ChoiceField(choices=list(KINDS.items()), required=False)
    since = serializers.DateTimeField(required=False)


class AuditTrailView(ApiViewMixin, generics.ListAPIView):
    """/api/engagements/{id}/audit/"""

    serializer_class = AuditEntrySerializer
    queryset = Engagement.objects.none()
    filter_backends = []

    def get_object(self) -> Engagement:
        pk = id_or_404(self.kwargs["pk"])
        engagement = selectors.engagement_list(user=self.request.user).filter(pk=pk).first()
        if engagement is None:
            raise NotFound("Not found.")
        return engagement

    def get_queryset(self):
        """The trail as a list (it is built from several history tables, not one query)."""
        if getattr(self, "swagger_fake_view", False):  # building the schema: no request
            return []
        engagement = self.get_object()
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
