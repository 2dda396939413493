"""Findings: what the rules say about a revision, and whether each was accepted."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.analysis import Severity
from engagements.api.serializers import strict
from engagements.models import FindingAcknowledgement


class FindingAcknowledgementRefSerializer(strict.StrictModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FindingAcknowledgement
        fields = ["id", "reason", "by", "at"]


class FindingSerializer(serializers.Serializer):
    """Any Finding the rules produce, plus whether it was accepted for sign-off."""

    code = strict.CharField()
    severity = strict.ChoiceField(choices=[(s, s) for s in Severity.ORDER])
    message = strict.CharField()
    suggestion = strict.CharField()
    subject = strict.CharField(help_text='What it is about: "activity=patching.servers".')
    key = strict.CharField(help_text="Stable key, used to acknowledge it.")
    domain = strict.CharField(allow_blank=True)
    activity = strict.CharField(allow_blank=True)
    role = strict.CharField(allow_blank=True)
    tool = strict.CharField(allow_blank=True)
    control = strict.CharField(allow_blank=True)
    row_id = strict.IntegerField(allow_null=True)
    role_id = strict.IntegerField(allow_null=True)
    tool_id = strict.IntegerField(allow_null=True)
    acknowledgement = serializers.SerializerMethodField()

    @extend_schema_field(FindingAcknowledgementRefSerializer(allow_null=True))
    def get_acknowledgement(self, finding) -> dict | None:
        ack = self.context["acknowledgements"].get(finding.key)
        return FindingAcknowledgementRefSerializer(ack).data if ack else None

    @classmethod
    def represent(cls, findings, acknowledgements) -> list[dict]:
        """The same representation as `data`, built directly: every field is a plain string,
        number or None already, and a findings list can run to thousands (running each
        through the serializer's fields took most of the request)."""
        names = [name for name in cls._declared_fields if name != "acknowledgement"]
        represented = []
        for finding in findings:
            item = {name: getattr(finding, name) for name in names}
            ack = acknowledgements.get(finding.key)
            item["acknowledgement"] = FindingAcknowledgementRefSerializer(ack).data if ack else None
            represented.append(item)
        return represented
