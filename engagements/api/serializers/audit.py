"""The audit trail of one revision, and the query string that filters it."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import Door
from engagements.selectors.audit import KINDS


class AuditChangeSerializer(serializers.Serializer):
    field = strict.CharField(help_text="The field's name.")
    field_label = strict.CharField(source="label", help_text="The field as pages name it.")
    old = strict.CharField(
        allow_blank=True, help_text='In words (labels, names); "" when the object was created.'
    )
    new = strict.CharField(allow_blank=True)


class AuditEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = strict.CharField(allow_blank=True, help_text="Username of who made the change.")
    user_name = strict.CharField(allow_blank=True, help_text="Their name, as pages show it.")
    door = strict.ChoiceField(
        choices=Door.choices, help_text="Through which door the change came in."
    )
    action = strict.CharField(
        help_text="created, changed, deleted, or the workflow step (e.g. Signed off)."
    )
    kind = strict.ChoiceField(choices=list(KINDS.items()), help_text="What was changed.")
    subject = strict.CharField(help_text="Which one, in words (e.g. a cell: activity × role).")
    changes = AuditChangeSerializer(many=True)


class AuditFilterSerializer(serializers.Serializer):
    door = strict.ChoiceField(choices=Door.choices, required=False)
    kind = strict.ChoiceField(choices=list(KINDS.items()), required=False)
    since = serializers.DateTimeField(required=False)
