"""The audit trail of one revision, and the query string that filters it."""

from rest_framework import serializers

from engagements.models import Door
from engagements.selectors.audit import KINDS


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
