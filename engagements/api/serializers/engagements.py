"""Engagements (every revision), and what their review workflow steps take."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.analysis import Severity, engagement_findings, summarize
from engagements.api.serializers.clients import ClientRefSerializer
from engagements.api.serializers.common import (
    LONG_TEXT,
    HourMinuteField,
    SafeIdRelatedField,
    ScopedWriteSerializer,
)
from engagements.models import Client, ControlLevel, CostStructure, Engagement, ServiceModel
from engagements.selectors.matrix import load_matrix


class FindingCountsSerializer(serializers.Serializer):
    errors = serializers.IntegerField()
    warnings = serializers.IntegerField()
    info = serializers.IntegerField()
    unacknowledged_errors = serializers.IntegerField(
        help_text="Errors nobody accepted with a reason: these block sign-off."
    )


def finding_counts(summary) -> dict:
    return {
        "errors": summary.by_severity.get(Severity.ERROR, 0),
        "warnings": summary.by_severity.get(Severity.WARNING, 0),
        "info": summary.by_severity.get(Severity.INFO, 0),
        "unacknowledged_errors": summary.unacknowledged_errors,
    }


class EngagementSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    business_hours = serializers.CharField(source="business_hours_label", read_only=True)
    account_manager = serializers.SlugRelatedField(slug_field="username", read_only=True)
    signed_off_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    updated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    business_start = HourMinuteField(read_only=True)
    business_end = HourMinuteField(read_only=True)
    next_revision = serializers.SerializerMethodField()
    editable = serializers.BooleanField(
        source="is_editable", read_only=True, help_text="Only a draft's matrix can change."
    )
    etag = serializers.CharField(
        read_only=True, help_text="The matrix version as an ETag, for If-Match."
    )
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "client",
            "title",
            "slug",
            "service_model",
            "status",
            "revision",
            "previous_revision",
            "next_revision",
            "business_days",
            "business_start",
            "business_end",
            "business_hours",
            "effective_from",
            "effective_to",
            "cost_structure",
            "control_level",
            "account_manager",
            "signed_off_by",
            "signed_off_at",
            "version",
            "etag",
            "editable",
            "findings",
            "created_at",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_next_revision(self, engagement) -> int | None:
        try:
            return engagement.next_revision.pk
        except Engagement.next_revision.RelatedObjectDoesNotExist:
            return None

    @extend_schema_field(FindingCountsSerializer)
    def get_findings(self, engagement) -> dict:
        """Views pass the summaries of a whole page in the context (loaded in one go); any
        other caller (the browsable API's forms) gets this engagement's loaded on its own."""
        summaries = self.context.get("summaries") or {}
        summary = summaries.get(engagement.pk)
        if summary is None:
            data = load_matrix(engagement)
            summary = summarize(data, engagement_findings(data))
        return finding_counts(summary)


class EngagementFieldsSerializer(serializers.Serializer):
    """The fields of a draft an account manager may change."""

    title = serializers.CharField(max_length=200)
    business_days = serializers.CharField(
        max_length=7,
        required=False,
        help_text='ISO weekday numbers, Monday = 1: "12345" is Monday to Friday.',
    )
    business_start = HourMinuteField(required=False)
    business_end = HourMinuteField(required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    effective_to = serializers.DateField(required=False, allow_null=True)
    cost_structure = serializers.ChoiceField(choices=CostStructure.choices, required=False)
    control_level = serializers.ChoiceField(choices=ControlLevel.choices, required=False)


class EngagementCreateSerializer(EngagementFieldsSerializer, ScopedWriteSerializer):
    # The view scopes `client` to the clients the user can see.
    client = SafeIdRelatedField(queryset=Client.objects.none(), help_text="The client's id.")
    service_model = serializers.ChoiceField(choices=ServiceModel.choices)
    template = serializers.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="The template the matrix starts from; the service model's own by default.",
    )


class EngagementUpdateSerializer(EngagementFieldsSerializer):
    title = serializers.CharField(max_length=200, required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class RequestChangesSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=LONG_TEXT, help_text="What should change.")


class ReviseSerializer(NoteSerializer):
    service_model = serializers.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="Change the service model in the new revision (e.g. co-managed to fully "
        "managed).",
    )
