"""The matrix's columns: roles, named by name inside an engagement."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import Role, Side


class RoleSerializer(strict.StrictModelSerializer):
    absence_backup = strict.CharField(
        source="absence_backup.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Name of the role that steps in when this one is away.",
    )

    class Meta:
        model = Role
        fields = ["id", "name", "side", "person_name", "absence_backup", "order"]


class RoleWriteSerializer(serializers.Serializer):
    name = strict.CharField(max_length=120)
    side = strict.ChoiceField(choices=Side.choices)
    person_name = strict.CharField(max_length=120, required=False, allow_blank=True)
    absence_backup = strict.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Name of another role of this engagement; null or empty for none.",
    )
    order = strict.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
