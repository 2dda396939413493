"""Engagements (every revision), and what their review workflow steps take."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.analysis import Severity, engagement_findings, summarize
from engagements.analysis.fingerprint import revision_fingerprint
from engagements.api.serializers import strict
from engagements.api.serializers.clients import ClientRefSerializer
from engagements.api.serializers.common import (
    LONG_TEXT,
    HourMinuteField,
    SafeIdRelatedField,
    ScopedWriteSerializer,
)
from engagements.models import Client, ControlLevel, CostStructure, Engagement, ServiceModel
from engagements.models.validators import one_line
from engagements.selectors.exhibit import UNLOADED, engagement_parties
from engagements.selectors.matrix import load_matrix


class FindingCountsSerializer(serializers.Serializer):
    errors = strict.IntegerField()
    warnings = strict.IntegerField()
    info = strict.IntegerField()
    unacknowledged_errors = strict.IntegerField(
        help_text="Errors nobody accepted with a reason: these block sign-off."
    )


def finding_counts(summary) -> dict:
    return {
        "errors": summary.by_severity.get(Severity.ERROR, 0),
        "warnings": summary.by_severity.get(Severity.WARNING, 0),
        "info": summary.by_severity.get(Severity.INFO, 0),
        "unacknowledged_errors": summary.unacknowledged_errors,
    }


class PartiesSerializer(serializers.Serializer):
    msp_legal_name = strict.CharField()
    msp_address = strict.CharField()
    client_legal_name = strict.CharField()
    agreement_reference = strict.CharField()
    exhibit_label = strict.CharField()


class SignatureSerializer(serializers.Serializer):
    name = strict.CharField(help_text="The signer's full name, as they typed it.")
    title = strict.CharField(help_text="Their job title, as they typed it.")
    at = serializers.DateTimeField()
    by = strict.CharField(help_text="The user who signed.", allow_null=True)


class EngagementSerializer(strict.StrictModelSerializer):
    client = ClientRefSerializer(read_only=True)
    business_hours = strict.CharField(source="business_hours_label", read_only=True)
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
    editable = strict.BooleanField(
        source="is_editable", read_only=True, help_text="Only a draft's matrix can change."
    )
    etag = strict.CharField(
        read_only=True, help_text="The matrix version as an ETag, for If-Match."
    )
    findings = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField()
    fingerprint = serializers.SerializerMethodField()

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
            "signature",
            "parties",
            "fingerprint",
            "version",
            "etag",
            "editable",
            "findings",
            "created_at",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = fields

    @extend_schema_field(strict.IntegerField(allow_null=True))
    def get_next_revision(self, engagement) -> int | None:
        try:
            return engagement.next_revision.pk
        except Engagement.next_revision.RelatedObjectDoesNotExist:
            return None

    def _loaded(self, engagement):
        """The matrix loaded once per engagement for the fingerprint and the findings."""
        cache = self.context.setdefault("_loaded", {})
        if engagement.pk not in cache:
            cache[engagement.pk] = load_matrix(engagement)
        return cache[engagement.pk]

    @extend_schema_field(PartiesSerializer)
    def get_parties(self, engagement) -> dict:
        parties = engagement_parties(engagement, msp=self.context.get("msp", UNLOADED))
        return {
            "msp_legal_name": parties.msp_name,
            "msp_address": parties.msp_address,
            "client_legal_name": parties.client_name,
            "agreement_reference": parties.agreement_reference,
            "exhibit_label": parties.exhibit_label,
        }

    @extend_schema_field(SignatureSerializer(allow_null=True))
    def get_signature(self, engagement) -> dict | None:
        if not engagement.signer_name:
            return None
        return {
            "name": engagement.signer_name,
            "title": engagement.signer_title,
            "at": serializers.DateTimeField().to_representation(engagement.signed_off_at),
            "by": engagement.signed_off_by.username if engagement.signed_off_by else None,
        }

    @extend_schema_field(
        strict.CharField(
            allow_null=True,
            help_text="SHA-256 of the agreed content (see the exhibit documentation); frozen "
            "at sign-off, computed from the current content before it. A list gives the "
            "signed revisions' only (null for the others): GET one revision for its own.",
        )
    )
    def get_fingerprint(self, engagement) -> str | None:
        if engagement.is_frozen and engagement.fingerprint:
            return engagement.fingerprint
        if self.context.get("fingerprints") == "stored":
            return None
        return revision_fingerprint(
            self._loaded(engagement),
            engagement_parties(engagement, msp=self.context.get("msp", UNLOADED)),
        )

    @extend_schema_field(FindingCountsSerializer)
    def get_findings(self, engagement) -> dict:
        """Views pass the summaries of a whole page in the context (loaded in one go); any
        other caller (the browsable API's forms) gets this engagement's loaded on its own."""
        summaries = self.context.get("summaries") or {}
        summary = summaries.get(engagement.pk)
        if summary is None:
            data = self._loaded(engagement)
            summary = summarize(data, engagement_findings(data))
        return finding_counts(summary)


class EngagementFieldsSerializer(serializers.Serializer):
    """The fields of a draft an account manager may change."""

    title = strict.CharField(max_length=200, validators=[one_line])
    business_days = strict.RegexField(
        r"^[1-7]{1,7}$",
        max_length=7,
        required=False,
        help_text='ISO weekday numbers, Monday = 1: "12345" is Monday to Friday (a day named '
        "twice counts once, in any order).",
    )
    business_start = HourMinuteField(required=False)
    business_end = HourMinuteField(required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    effective_to = serializers.DateField(required=False, allow_null=True)
    cost_structure = strict.ChoiceField(choices=CostStructure.choices, required=False)
    control_level = strict.ChoiceField(choices=ControlLevel.choices, required=False)
    agreement_reference = strict.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        validators=[one_line],
        help_text="The MSA or SOW number this scope is attached to.",
    )
    exhibit_label = strict.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        validators=[one_line],
        help_text='How the agreement names this attachment, e.g. "Exhibit B".',
    )

    def validate_business_days(self, value: str) -> str:
        # The days are a set: "5123" and "11235" are Monday, Tuesday, Wednesday and Friday.
        return "".join(sorted(set(value)))


class EngagementCreateSerializer(EngagementFieldsSerializer, ScopedWriteSerializer):
    # The view scopes `client` to the clients the user can see.
    client = SafeIdRelatedField(queryset=Client.objects.none(), help_text="The client's id.")
    service_model = strict.ChoiceField(choices=ServiceModel.choices)
    template = strict.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="The template the matrix starts from; the service model's own by default.",
    )


class EngagementUpdateSerializer(EngagementFieldsSerializer):
    title = strict.CharField(max_length=200, required=False, validators=[one_line])


class NoteSerializer(serializers.Serializer):
    note = strict.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class ApproveSerializer(NoteSerializer):
    signer_name = strict.CharField(
        max_length=120,
        validators=[one_line],
        help_text="The full name of the person signing, as typed by them.",
    )
    signer_title = strict.CharField(
        max_length=120,
        validators=[one_line],
        help_text="Their job title, printed under the name on the exhibit.",
    )


class RequestChangesSerializer(serializers.Serializer):
    note = strict.CharField(max_length=LONG_TEXT, help_text="What should change.")


class ReviseSerializer(NoteSerializer):
    service_model = strict.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="Change the service model in the new revision (e.g. co-managed to fully "
        "managed).",
    )
