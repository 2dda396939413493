"""The review conversation: comments, acknowledged findings, workflow steps."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.api.serializers.common import LONG_TEXT
from engagements.models import Comment, FindingAcknowledgement, WorkflowEvent
from engagements.models.labels import person_name


class CommentSerializer(strict.StrictModelSerializer):
    activity = strict.CharField(
        source="row.activity.code", read_only=True, allow_null=True, default=None
    )
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "activity", "author", "author_name", "body", "created_at"]

    def get_author_name(self, comment) -> str:
        return person_name(comment.author)


class CommentCreateSerializer(serializers.Serializer):
    body = strict.CharField(max_length=LONG_TEXT)
    activity = strict.CharField(
        max_length=80,
        required=False,
        allow_null=True,
        help_text="Code of the activity the comment is about; leave out for the engagement.",
    )


class AcknowledgementSerializer(strict.StrictModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FindingAcknowledgement
        fields = ["id", "finding_key", "reason", "by", "at"]


class AcknowledgementCreateSerializer(serializers.Serializer):
    finding_key = strict.CharField(
        max_length=200, help_text='The finding\'s key, e.g. "GAP_NO_ACCOUNTABLE:activity=x".'
    )
    reason = strict.CharField(max_length=LONG_TEXT)


class WorkflowEventSerializer(strict.StrictModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = WorkflowEvent
        fields = ["id", "transition", "from_status", "to_status", "by", "at", "note", "door"]
