"""The review conversation inside one engagement: /api/engagements/{engagement_pk}/comments/,
acknowledgements/ (errors accepted for sign-off) and events/ (the workflow's steps)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.base import EngagementChildViewSet
from engagements.api.filters.review import CommentFilter
from engagements.api.schema import ENGAGEMENT_PK, viewset_schema
from engagements.api.serializers.review import (
    AcknowledgementCreateSerializer,
    AcknowledgementSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    WorkflowEventSerializer,
)
from engagements.models import MatrixRow


@extend_schema(parameters=[ENGAGEMENT_PK])
@viewset_schema(
    CommentSerializer,
    list="The discussion about this revision",
    create=("Comment on the revision or on one activity", CommentCreateSerializer),
    retrieve="One comment",
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    EngagementChildViewSet,
):
    """Both sides comment: the account manager and the client's IT managers."""

    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    ordering_aliases = {"created_at": "created_at"}

    def get_queryset(self):
        return self.scoped(selectors.comment_list(user=self.request.user)).order_by(
            "created_at", "id"
        )

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        fields = self.validated(CommentCreateSerializer)
        row = None
        code = fields.get("activity")
        if code:
            row = MatrixRow.objects.filter(engagement=engagement, activity__code=code).first()
            if row is None:
                raise ValidationError({"activity": [f'"{code}" is not in this matrix.']})
        comment = services.comment_add(
            engagement=engagement, body=fields["body"], row=row, by=request.user
        )
        return self.respond(comment, status.HTTP_201_CREATED)


@extend_schema(parameters=[ENGAGEMENT_PK])
@viewset_schema(
    AcknowledgementSerializer,
    list="Errors accepted for sign-off, with the reasons",
    create=("Accept an error finding for sign-off, saying why", AcknowledgementCreateSerializer),
    retrieve="One acknowledgement",
    destroy="Withdraw an acknowledgement",
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

    serializer_class = AcknowledgementSerializer
    ordering_aliases = {"finding_key": "finding_key", "at": "at"}

    def get_queryset(self):
        return self.scoped(selectors.acknowledgement_list(user=self.request.user)).order_by(
            "finding_key", "id"
        )

    def create(self, request, *args, **kwargs):
        engagement = self.get_engagement()
        ack = services.finding_acknowledge(
            engagement=engagement,
            by=request.user,
            **self.validated(AcknowledgementCreateSerializer),
        )
        return self.respond(ack, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        ack = self.get_object()
        services.finding_unacknowledge(
            engagement=self.get_engagement(), finding_key=ack.finding_key, by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[ENGAGEMENT_PK])
@viewset_schema(WorkflowEventSerializer, list="Every workflow step of this revision")
class WorkflowEventViewSet(mixins.ListModelMixin, EngagementChildViewSet):
    serializer_class = WorkflowEventSerializer
    ordering_aliases = {"at": "at"}

    def get_queryset(self):
        return self.scoped(selectors.workflow_event_list(user=self.request.user)).order_by(
            "at", "id"
        )
