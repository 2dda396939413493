"""Tools: who owns, holds the licence for and administers each, and what happens to it at
exit."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.api.serializers.common import LONG_TEXT, SafeIdRelatedField, ScopedWriteSerializer
from engagements.models import Engagement, Side, Tool, ToolFate
from engagements.services import TOOL_FIELDS


class ToolSerializer(strict.StrictModelSerializer):
    client = strict.CharField(source="engagement.client.slug", read_only=True)
    administered_by = strict.CharField(
        source="administered_by.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Tool
        fields = ["id", "engagement", "client", *TOOL_FIELDS]
        read_only_fields = fields


class ToolFieldsSerializer(serializers.Serializer):
    name = strict.CharField(max_length=120)
    category = strict.CharField(max_length=80, required=False, allow_blank=True)
    owner_side = strict.ChoiceField(choices=Side.choices, required=False, allow_blank=True)
    licence_holder_side = strict.ChoiceField(choices=Side.choices, required=False, allow_blank=True)
    administered_by = strict.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Name of the role that administers it.",
    )
    exit_fate = strict.ChoiceField(
        choices=ToolFate.choices,
        required=False,
        allow_blank=True,
        help_text="What happens to the tool when the engagement ends.",
    )
    notes = strict.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)


class ToolCreateSerializer(ToolFieldsSerializer, ScopedWriteSerializer):
    # The view scopes `engagement` to the engagements the user can see.
    engagement = SafeIdRelatedField(queryset=Engagement.objects.none())


class ToolUpdateSerializer(ToolFieldsSerializer):
    name = strict.CharField(max_length=120, required=False)
